"""Comparisons: ranked by polarity, quartile bands, symbols never ranked, neighbours."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tsp.errors import NotFound
from tsp.measures.compare import compare, disclose, sparkline
from tsp.models.figures import Figure
from tsp.load import load_checked

from tests.helpers import edit as replace


def test_authorities_are_ranked_by_polarity_with_symbols_last(challenge: Path) -> None:
    result = compare(load_checked(challenge), "timeliness")
    assert result.period == "2024" and result.previous_period == "2023"
    assert [(s.place.id, s.rank, s.band, s.shown.value, s.shown.symbol)
            for s in result.authorities] == [
        ("gamma", 1, 1, Decimal(90), ""),
        ("alpha", 2, 2, Decimal(75), ""),
        ("epsilon", 3, 3, Decimal(70), ""),
        ("beta", 4, 4, Decimal(45), ""),
        ("delta", None, None, None, "c"),
    ]
    assert [s.place.id for s in result.comparators] == ["south-east", "england"]
    assert result.median == Decimal("72.5")
    alpha = result.authorities[1]
    assert alpha.change == Decimal(25)
    assert alpha.spark == "▁█"


def test_lower_is_better_reverses_the_ranking(challenge: Path) -> None:
    replace(challenge / "data/measures/timeliness.yaml", "polarity: higher-is-better",
            "polarity: lower-is-better")
    result = compare(load_checked(challenge), "timeliness")
    assert [s.place.id for s in result.authorities] == [
        "beta", "epsilon", "alpha", "gamma", "delta"]


def test_ties_share_a_rank(challenge: Path) -> None:
    result = compare(load_checked(challenge), "timeliness", period="2023")
    # 2023: epsilon 80, beta 60, alpha 50, delta 30; gamma is x.
    assert [(s.place.id, s.rank) for s in result.authorities][:4] == [
        ("epsilon", 1), ("beta", 2), ("alpha", 3), ("delta", 4)]
    assert result.previous_period is None
    assert all(s.change is None for s in result.authorities)


def test_neighbours_rank_the_authority_among_them(challenge: Path) -> None:
    result = compare(load_checked(challenge), "timeliness", la="E06000901")
    group = result.neighbours
    assert group is not None
    assert [(s.place.name, s.rank) for s in group.rows] == [
        ("Omega", 1), ("Gamma", 2), ("Alpha", 3), ("Beta", 4), ("Delta", None)]
    assert (group.place_among, group.ranked) == (3, 4)
    assert group.closeness["E06000990"] == "Very close"


def test_small_counts_follow_the_disclosure_rule(challenge: Path) -> None:
    result = compare(load_checked(challenge), "waiting")
    shown = {s.place.id: (s.shown.value, s.shown.symbol) for s in result.authorities}
    # beta's 3 is below the rule's 5; delta is DfE's 'low'; neither is ranked.
    assert shown == {"alpha": (Decimal(12), ""), "gamma": (Decimal(7), ""),
                     "beta": (None, "c"), "delta": (None, "low"), "epsilon": (None, "")}
    assert [s.place.id for s in result.authorities if s.rank] == ["gamma", "alpha"]


def test_a_confidential_figure_shows_nothing_but_its_symbol(challenge: Path) -> None:
    measure = load_checked(challenge).measures["timeliness"]
    figure = Figure("alpha", "2024", "", Decimal(3), Decimal(9), None, "c", 2, "s")
    shown = disclose(measure, figure)
    assert (shown.value, shown.numerator, shown.denominator, shown.symbol) == (
        None, None, None, "c")


def test_an_unknown_period_names_the_known_ones(challenge: Path) -> None:
    with pytest.raises(NotFound, match="its periods are 2023, 2024"):
        compare(load_checked(challenge), "timeliness", period="2022")


def test_a_sparkline_leaves_a_gap_for_a_symbol() -> None:
    assert sparkline([Decimal(1), None, Decimal(8), Decimal(4)]) == "▁ █▄"
    assert sparkline([None, None]) == "  "


def test_quartile_bands_follow_the_nearest_rank_rule() -> None:
    from tsp.measures.compare import quartile_band

    assert [quartile_band(r, 4) for r in range(1, 5)] == [1, 2, 3, 4]
    assert [quartile_band(r, 5) for r in range(1, 6)] == [1, 2, 3, 4, 4]
    # Nineteen authorities: ranks 1-4, 5-9, 10-14, 15-19.
    bands = [quartile_band(r, 19) for r in range(1, 20)]
    assert [bands.count(b) for b in (1, 2, 3, 4)] == [4, 5, 5, 5]
    assert bands[3:5] == [1, 2] and bands[8:10] == [2, 3] and bands[13:15] == [3, 4]


def test_too_few_figures_to_band_show_no_band(challenge: Path) -> None:
    # Two authorities have a number (lower is better): before, the second was put in the
    # "third quarter"; now neither has a band, and the comparison says why.
    result = compare(load_checked(challenge), "waiting")
    assert [(s.place.id, s.rank, s.band) for s in result.authorities if s.rank] == [
        ("gamma", 1, None), ("alpha", 2, None)]
    assert "No quartile bands: 2 authorities have a figure, and banding needs at least 4." \
        in result.notes


def test_tied_figures_share_a_rank_and_a_band(challenge: Path) -> None:
    figures = challenge / "data" / "figures" / "timeliness.csv"
    text = figures.read_text(encoding="utf-8")
    figures.write_text(text.replace("epsilon,2024,,70,100,70,", "epsilon,2024,,75,100,75,"),
                       encoding="utf-8")
    result = compare(load_checked(challenge), "timeliness")
    assert [(s.place.id, s.rank, s.band) for s in result.authorities if s.rank] == [
        ("gamma", 1, 1), ("alpha", 2, 2), ("epsilon", 2, 2), ("beta", 4, 4)]
    assert not any(n.startswith("No quartile bands") for n in result.notes)
