"""tsp.cli.reporters: one JSON shape per result, one table for CSV, one place for formats."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import CliRun, load
from tsp.cli import reporters
from tsp.cli.query import PackageListing
from tsp.cli.reporters import (
    Table,
    as_json,
    as_markdown,
    as_table,
    csv_text,
    emit,
)
from tsp.cli.validate import github_annotation
from tsp.errors import UsageError
from tsp.problems import Problem, Severity
from tsp.queries import PackageFilter, filter_packages


def listing(root: Path, authority: str | None = None) -> PackageListing:
    register = load(root)
    rows = filter_packages(register, PackageFilter(authority=authority))
    return PackageListing(register, rows,
                          register.authorities[authority] if authority else None)


def test_la_name_and_la_list_give_an_authority_the_same_shape(tsp: CliRun, minimal: Path
                                                               ) -> None:
    one = json.loads(tsp("la", "Alpha", "-f", "json", repo=minimal).stdout)
    every = json.loads(tsp("la", "--list", "-f", "json", repo=minimal).stdout)
    assert [a["id"] for a in every] == ["alpha", "beta"]
    assert every[0] == one
    assert list(one)[-7:] == ["reorganisation_status", "received", "expressions_of_interest",
                              "partnered",
                              "smes_lent_to", "sme_lending_years", "quotes"]


def test_show_and_list_give_a_package_the_same_shape(tsp: CliRun, minimal: Path) -> None:
    shown = json.loads(tsp("show", "alpha-review", "-f", "json", repo=minimal).stdout)
    listed = json.loads(tsp("list", "-f", "json", repo=minimal).stdout)
    assert listed[0] == shown


def test_a_listing_with_an_authority_says_its_roles(minimal: Path) -> None:
    rows = as_json(listing(minimal, "alpha"))
    assert [(r["id"], r["roles"]) for r in rows] == [("alpha-review", ["recipient"]),
                                                   ("beta-coaching", ["sme-lender"])]
    assert all("roles" not in r for r in as_json(listing(minimal)))


def test_csv_is_the_listings_table_with_a_bom_and_no_formulas() -> None:
    text = csv_text(Table(["id", "title"], [["a", "=HYPERLINK(\"x\")"], ["b", "-1"]]))
    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text[1:]))) == [
        ["id", "title"], ["a", "'=HYPERLINK(\"x\")"], ["b", "'-1"]]


def test_the_listings_table_names_authorities_and_adds_roles_with_an_authority(
        minimal: Path) -> None:
    table = as_table(listing(minimal, "alpha"))
    assert table.columns[-1] == "roles"
    first = dict(zip(table.columns, table.rows[0]))
    assert (first["recipients"], first["partners"], first["roles"]) == (
        "Alpha", "Beta", "recipient")


def test_markdown_keeps_a_hostile_title_in_its_cell(minimal: Path) -> None:
    result = listing(minimal)
    package = result.rows[0].package
    hostile = package.model_copy(update={"title": "A | B\nC"})
    result.rows[0] = type(result.rows[0])(hostile, ())
    first_row = as_markdown(result).splitlines()[2]
    assert "A \\| B C" in first_row
    assert first_row.count(" | ") == 6


def test_a_github_annotation_escapes_what_would_end_it(tmp_path: Path) -> None:
    problem = Problem(tmp_path / "data" / "a,b.yaml", 2, 3, Severity.WARNING,
                      "50% done\nnext", "date-order")
    assert github_annotation(problem, tmp_path) == (
        "::warning file=data/a%2Cb.yaml,line=2,col=3,title=tsp validate%3A date-order::"
        "50%25 done%0Anext")


def test_a_new_format_is_one_writer_fed_by_the_table(minimal: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # How the xlsx export plugs in: a writer in WRITERS that takes as_table(result).
    written: list[Table] = []

    def write_sheet(result: Any) -> None:
        written.append(as_table(result))

    monkeypatch.setitem(reporters.WRITERS, "sheet", write_sheet)
    emit(listing(minimal), "sheet")
    assert [row[0] for row in written[0].rows] == ["alpha-review", "beta-coaching"]


def test_a_result_without_a_form_is_refused_not_guessed(minimal: Path) -> None:
    with pytest.raises(UsageError, match="no GitHub annotations"):
        emit(listing(minimal), "github")
    with pytest.raises(UsageError, match="'yaml' is not one of"):
        emit(listing(minimal), "yaml")
