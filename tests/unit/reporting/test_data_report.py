"""tsp report data: definitions in plain words, the rug, the hex map, trends, disclosure."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.helpers import WHEN, edit as replace
from tsp.load import load_checked
from tsp.reporting.output import ReportFormat
from tsp.reporting.render import render_report

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def challenge_with_templates(challenge: Path) -> Path:
    shutil.copytree(ROOT / "templates", challenge / "templates")
    return challenge


def render(root: Path, fmt: ReportFormat = ReportFormat.MD, period: str | None = None) -> str:
    report = render_report(load_checked(root), "data", period, fmt, WHEN)
    # Markdown escapes punctuation that could start markup (75\.0); readers see 75.0.
    return (report.markdown.replace("\\", "") if fmt is not ReportFormat.HTML
            else report.content.decode())


def test_each_rule_is_defined_in_plain_words_with_its_status(challenge_with_templates: Path
                                                            ) -> None:
    text = render(challenge_with_templates)
    assert "### Plans issued on time\n\nAgreed (version 2, 10 February 2026).\n" in text
    assert ("Counts plans issued within 20 weeks, out of plans issued. Shown as a percentage, "
            "to 1 decimal place. A higher figure is better. Each figure covers one calendar "
            "year (January to December).") in text
    assert "Proposed (version 1, 1 March 2026); not yet agreed by the region" in text
    # Readers never see ids, field names or file names.
    for internal in ("timeliness", "numerator", "rule_version", "period_type", ".csv",
                     "tsp "):
        assert internal not in text.split("\n---\n")[0], internal


def test_the_programme_speaks_in_its_own_words_first(challenge_with_templates: Path) -> None:
    text = render(challenge_with_templates)
    assert text.index("> Improve use of data as a learning tool") < text.index("## The counting")
    assert "> Continuing our work on the data challenge" in text


def test_it_opens_as_the_other_reports_do(challenge_with_templates: Path) -> None:
    """The title block panel sits under the title and the contents follow, as in year1 and la:
    the programme's lead-in is never the first paragraph, which the page styles as that panel."""
    text = render(challenge_with_templates)
    head = text.split("\n\n")
    assert head[1].startswith("**Programme:** SESLIP Targeted Support Programme")
    assert "**Figures:** as recorded in the register on" in head[1]
    assert head[2] == "## Contents"
    html = render(challenge_with_templates, ReportFormat.HTML)
    assert re.search(r"</h1>\s*<p><strong>Programme:</strong>", html)
    assert '<nav class="contents"' in html


def test_its_figures_are_numbered_and_labelled_as_the_registers(challenge_with_templates: Path
                                                                ) -> None:
    html = render(challenge_with_templates, ReportFormat.HTML)
    captions = re.findall(r"<figcaption>([^<]*)</figcaption>", html)
    assert captions
    for number, caption in enumerate(captions, 1):
        assert caption.startswith(f"Figure {number}: "), caption
        assert caption.endswith("(the register&#x27;s figures)"), caption


def test_every_table_is_numbered_and_labelled_as_the_registers(challenge_with_templates: Path
                                                                ) -> None:
    text = render(challenge_with_templates)
    tables = len(re.findall(r"^\|---", text, re.M))
    captions = re.findall(r"^\*Table (\d+): (.*)\*$", text, re.M)
    assert tables and [int(n) for n, _ in captions] == list(range(1, tables + 1))
    assert all(caption.endswith("from the register's figures") for _, caption in captions)


def test_the_rug_table_ranks_by_quarter_and_shows_symbols(challenge_with_templates: Path
                                                          ) -> None:
    text = render(challenge_with_templates)
    # Waiting has two figures to rank: too few for quarters, so they have no band.
    assert "| Alpha | 75.0 (second quarter) | 12 |" in text
    # Delta's 2024 figure is DfE's c (confidential), Beta's 3 falls under the rule's 5.
    assert "| Delta | c | low |" in text
    assert "| Beta | 45.0 (bottom quarter) | c |" in text
    assert "| South East | 70.0 | — |" in text
    # The key explains every symbol and the dash the tables show.
    assert "Key: c: confidential; low: a small non-zero figure; —: the register holds no " \
        "figure." in text


def test_how_many_rules_are_proposed_reads_as_a_sentence(challenge_with_templates: Path
                                                         ) -> None:
    """It read 'copied from published statistics. 3 rules are still proposed': a sentence
    opening with a numeral, which reads as a stray figure at a line's end."""
    text = render(challenge_with_templates)
    assert ("published statistics. Of its 2 rules, 1 is still proposed, not yet agreed by the "
            "region, so its figures are provisional.") in " ".join(text.split())
    replace(challenge_with_templates / "data/measures/timeliness.yaml",
            "status: agreed", "status: proposed")
    text = " ".join(render(challenge_with_templates).split())
    assert re.search(r"statistics\. (Its one rule is|All \d+ of its rules are) still proposed",
                     text)


def test_a_small_count_never_reaches_the_report(challenge_with_templates: Path) -> None:
    for fmt in (ReportFormat.MD, ReportFormat.HTML):
        text = render(challenge_with_templates, fmt)
        assert "| Beta | 3" not in text and "Beta: 3" not in text
        assert "| 3 | Beta" not in text


def test_the_period_chooses_the_figures(challenge_with_templates: Path) -> None:
    text = render(challenge_with_templates, period="2023")
    assert "## Plans issued on time, 2023" in text
    assert "| 1 | Epsilon | 80.0 | — | best quarter |" in text  # no 2022 figure to compare


def test_html_draws_the_rug_the_hex_map_and_the_trend(challenge_with_templates: Path) -> None:
    html = render(challenge_with_templates, ReportFormat.HTML)
    assert html.count('<figure class="chart" id="chart-rug">') == 1
    assert 'id="chart-hexmap-0"' in html and 'id="chart-trend-0"' in html
    hexmap = html.split('id="chart-hexmap-0"')[1].split("</figure>")[0]
    hexes = re.findall(r"<polygon [^>]*><title>([^<]*)</title>", hexmap)
    assert sorted(hexes) == ["Alpha: 75.0 (second quarter)", "Beta: 45.0 (bottom quarter)",
                             "Delta: c", "Epsilon: 70.0 (third quarter)",
                             "Gamma: 90.0 (best quarter)"]


def test_the_hex_map_names_each_authority_whole_and_keys_its_colours(
        challenge_with_templates: Path) -> None:
    html = render(challenge_with_templates, ReportFormat.HTML)
    hexmap = html.split('id="chart-hexmap-0"')[1].split("</figure>")[0]
    names = re.findall(r"<text text-anchor=\"middle\" font-size=\"[\d.]+\" fill=\"#\w+\">(.*?)</text>",
                       hexmap)
    shown = sorted(re.sub(r"<[^>]+>", " ", n).strip() for n in names)
    assert shown == ["Alpha", "Beta", "Delta", "Epsilon", "Gamma"]
    assert "…" not in hexmap
    # The key names the quarters as the tables do, and the hex without a figure (Delta: c).
    for key in ("best quarter", "second quarter", "third quarter", "bottom quarter",
                "no figure"):
        assert f">{key}</text>" in hexmap


def test_a_long_name_fits_its_hex_on_two_lines_never_cut() -> None:
    from tsp.reporting.svg import EM, HEX_RADIUS, _hex_label

    room = 3 ** 0.5 * HEX_RADIUS - 6
    for name, lines in (("Windsor and Maidenhead", ["Windsor and", "Maidenhead"]),
                        ("Brighton and Hove", ["Brighton", "and Hove"]),
                        ("Buckinghamshire", ["Buckingham-", "shire"]),
                        ("Isle of Wight", ["Isle of", "Wight"]),
                        ("Kent", ["Kent"])):
        got, font = _hex_label(name, room)
        assert got == lines
        assert font >= 6.5  # still legible in print
        assert all(len(line) * EM * font <= room for line in got)


def test_every_picture_prints_at_its_own_size_and_keys_its_colours(
        challenge_with_templates: Path) -> None:
    """An A4 page's text is 178 mm (672 CSS px) wide: a wider picture is shrunk to fit, its
    labels with it. The trend's key sits under the plot, so the picture stays narrow."""
    html = render(challenge_with_templates, ReportFormat.HTML)
    widths = [int(w) for w in re.findall(r'<svg role="img" viewBox="0 0 (\d+) \d+"', html)]
    assert len(widths) >= 3 and max(widths) <= 672, widths
    trend = html.split('id="chart-trend-0"')[1].split("</figure>")[0]
    for line in ("South East", "England", "Median of the authorities"):
        assert f">{line}</text>" in trend
    # The rug keys its colours: which end of its palette is the best quarter.
    rug = html.split('id="chart-rug"')[1].split("</figure>")[0]
    assert ">best quarter to bottom quarter</text>" in rug


def test_data_in_a_title_is_escaped_in_every_picture(challenge_with_templates: Path) -> None:
    replace(challenge_with_templates / "data/measures/timeliness.yaml",
            "title: Plans issued on time", "title: Plans <script>alert(1)</script> on time")
    html = render(challenge_with_templates, ReportFormat.HTML)
    assert "<script>" not in html
    assert "Plans &lt;script&gt;alert(1)&lt;/script&gt; on time" in html


def test_every_format_renders(challenge_with_templates: Path) -> None:
    report = render_report(load_checked(challenge_with_templates), "data", None,
                           ReportFormat.DOCX, WHEN)
    assert report.content[:2] == b"PK"


def test_the_authority_report_gives_context_never_effect(challenge_with_templates: Path
                                                         ) -> None:
    repo = load_checked(challenge_with_templates)
    text = render_report(repo, "la", "Alpha", ReportFormat.MD, WHEN).markdown.replace("\\", "")
    assert "## Context: published figures" in text
    assert "they do not measure the effect of any package" in text
    # the median says over how many authorities it is taken
    assert "| Plans issued on time | 2024 | 75.0% | 72.5% (of 4) | 60.0% | Assessment review |" \
        in text
    # Beta receives no package: its figures on every rule are its context (issue 17), with
    # no column of linked packages and no word of a package's effect.
    beta = render_report(repo, "la", "Beta", ReportFormat.MD, WHEN).markdown.replace("\\", "")
    assert "## Context: published figures" in beta
    assert "Linked packages" not in beta and "effect" not in beta
    assert "| Plans issued on time | 2024 |" in beta


def _trend(root: Path) -> str:
    html = render(root, ReportFormat.HTML)
    return html.split('id="chart-trend-0"')[1].split("</figure>")[0]


def test_the_trend_axis_starts_at_zero_with_labelled_ticks_in_its_unit(
        challenge_with_templates: Path) -> None:
    """An axis from the lowest value (54 to 70) made England's 69 to 67 look like a steep
    fall, and labelled only its two ends, with no unit."""
    trend = _trend(challenge_with_templates)
    ticks = re.findall(r'<line x1="[\d.]+" y1="([\d.]+)"[^>]*/><text [^>]*text-anchor="end">'
                       r"([^<]*)</text>", trend)
    labels = [label for _, label in ticks]
    assert labels == ["0%", "20%", "40%", "60%", "80%"]  # the figures run 50% to 75%
    assert ">Per cent</text>" in trend
    base, top = float(ticks[0][0]), float(ticks[-1][0])
    # England, 50% then 60%: each point sits at its value's height above zero
    england = [float(y) for y in re.findall(r'<circle cx="[\d.]+" cy="([\d.]+)" r="3" '
                                            r'fill="#b35c00"', trend)]
    assert [round((base - y) / (base - top) * 80, 1) for y in england] == [50.0, 60.0]
    assert "series break" not in trend
    assert trend.count("<polyline") == 3


def test_a_series_break_is_marked_and_its_lines_not_joined(challenge_with_templates: Path
                                                           ) -> None:
    """SEN2 moved to child-level returns in 2023; DfE says the series is not comparable
    across it: the chart marks where, and draws no line over it."""
    replace(challenge_with_templates / "data/measures/timeliness.yaml", "disclosure:\n",
            "series_breaks:\n  - In 2024 the return moved to child-level data.\ndisclosure:\n")
    trend = _trend(challenge_with_templates)
    assert ">series break</text>" in trend
    assert 'stroke-dasharray="5 4"' in trend
    assert trend.count("<polyline") == 6  # each line in two stretches, one on either side
    # and the trend's table says so at the period that starts the new series
    text = render(challenge_with_templates)
    assert "| 2024 (series break: not comparable with the years before) |" in text
    assert "| 2023 |" in text


def test_the_word_document_has_every_picture_the_page_has(challenge_with_templates: Path
                                                          ) -> None:
    """`tsp report data -o data.docx` had no pictures at all."""
    import io

    import docx

    repo = load_checked(challenge_with_templates)
    html = render(challenge_with_templates, ReportFormat.HTML)
    figures = re.findall(r"<figcaption>(Figure \d+: [^<]*)</figcaption>", html)
    assert len(figures) >= 3  # the rug, the hex map and the trend
    report = render_report(repo, "data", None, ReportFormat.DOCX, WHEN)
    document = docx.Document(io.BytesIO(report.content))
    pictures = document.inline_shapes
    assert len(pictures) == len(figures)
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"
                and p.text.startswith("Figure")]
    assert [c.replace("'", "&#x27;") for c in captions] == figures
    for picture, figure in zip(pictures, captions, strict=True):
        assert picture._inline.docPr.get("descr").startswith(figure + ". The table that follows")


def test_a_figure_under_the_small_number_rule_is_shown_whole_flagged_and_never_ranked(
        challenge_with_templates: Path) -> None:
    """The Isle of Wight's 2024 EHC figure, 28.6%, is 2 plans of 7 and was ranked "bottom
    quarter" bare. A rule with a minimum denominator states it; a figure under it shows its
    numerator and denominator, carries a mark the key explains, and has no rank or quarter."""
    root = challenge_with_templates
    replace(root / "data/measures/timeliness.yaml", "  text: Published without suppression.\n",
            "  text: Published without suppression.\n  minimum_denominator: 10\n")
    replace(root / "data/figures/timeliness.csv", "beta,2024,,45,100,45,,2,made-up",
            "beta,2024,,2,7,28.6,,2,made-up")
    text = " ".join(render(root).split())
    assert ("Small numbers: Published without suppression. A figure counted out of fewer than "
            "10 is too few to compare: it is shown with its numerator and denominator, marked "
            "‡, and is not ranked or put in a quarter.") in text
    assert "| Beta | 28.6 (2 of 7)‡ | c |" in text  # the rug: no quarter
    assert "| | Beta | 28.6 (2 of 7)‡ | — | not ranked |" in text  # no rank, no change
    # Alpha, Gamma and Epsilon are ranked: 90, 75, 70
    assert "| 1 | Gamma | 90.0 |" in text and "| 3 | Epsilon | 70.0 |" in text
    assert "The median of the 3 authorities ranked is 75.0." in text
    assert "‡ counted out of fewer than 10, too few to compare: shown with its numerator and " \
        "denominator, and not ranked" in text
    html = render(root, ReportFormat.HTML)
    hexmap = html.split('id="chart-hexmap-0"')[1].split("</figure>")[0]
    assert "<title>Beta: 28.6 (2 of 7)‡</title>" in hexmap
    assert ">28.6‡</text>" in hexmap and ">‡ too few to rank</text>" in hexmap


def test_source_addresses_are_links_and_definitions_read_as_sentences(frozen_root: Path
                                                                      ) -> None:
    from tests.helpers import load

    repo = load(frozen_root)
    html = render_report(repo, "data", None, ReportFormat.HTML, WHEN).content.decode()
    address = ("https://explore-education-statistics.service.gov.uk/find-statistics/"
               "education-health-and-care-plans")
    assert f'Address: <a href="{address}">{address}</a>' in html
    text = " ".join(render_report(repo, "data", None, ReportFormat.MD, WHEN).markdown.split())
    assert ("Counts children looked after by the authority on 31 March, out of the "
            "authority's child population (DfE's population estimate, as the publication "
            "gives it).") in text


def test_only_a_plain_web_address_becomes_a_link() -> None:
    from tsp.reporting.templates import md_link

    assert md_link("https://example.org/a?b=1") == "<https://example.org/a?b=1>"
    for hostile in ("javascript:alert(1)", "https://x.org/<script>", "https://a b",
                    "http://plain.org", "[x](https://evil.org)"):
        assert not md_link(hostile).startswith("<"), hostile


def test_a_source_address_is_a_link_in_word_too(frozen_root: Path) -> None:
    import io

    import docx
    from docx.oxml.ns import qn

    from tests.helpers import load

    content = render_report(load(frozen_root), "data", None, ReportFormat.DOCX, WHEN).content
    document = docx.Document(io.BytesIO(content))
    links = [(document.part.rels[h.get(qn("r:id"))].target_ref,
              "".join(t.text for t in h.iter(qn("w:t"))))
             for h in document.element.body.iter(qn("w:hyperlink"))]
    address = ("https://explore-education-statistics.service.gov.uk/find-statistics/"
               "education-health-and-care-plans")
    assert (address, address) in links


def test_an_authority_figure_under_the_small_number_rule_has_its_key(
        challenge_with_templates: Path) -> None:
    """The authority report's context table flagged a small figure with ‡ and gave no key;
    its median and England's figure had no unit beside the authority's own "28.6%"."""
    replace(challenge_with_templates / "data/measures/timeliness.yaml", "disclosure:\n",
            "disclosure:\n  minimum_denominator: 1000\n")
    repo = load_checked(challenge_with_templates)
    text = render_report(repo, "la", "Alpha", ReportFormat.MD, WHEN).markdown.replace("\\", "")
    row = next(line for line in text.splitlines() if line.startswith("| Plans issued on time"))
    assert "75.0% (75 of 100)‡" in row
    assert "Key: ‡ counted out of fewer than 1,000, too few to compare" in text
