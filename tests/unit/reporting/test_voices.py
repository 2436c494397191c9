"""Issue 17: what the register adds around the programme's words says no more than the register
knows. The programme's report comes first; the register's part says what it holds in words,
once; a reader's report holds none of the register's own matter; an authority with no package
gets a page worth sending."""

from __future__ import annotations

import re
from pathlib import Path

from tests.helpers import WHEN, load
from tsp.reporting.markdown import parse
from tsp.reporting.output import ReportFormat
from tsp.reporting.render import render_report


def _md(root: Path, name: str, argument: str | None = None, internal: bool = False) -> str:
    return render_report(load(root), name, argument, ReportFormat.MD, WHEN, internal).markdown


def _h2(markdown: str) -> list[str]:
    return re.findall(r"^## (.+)$", markdown, re.MULTILINE)


def test_year1_opens_with_the_programme_s_report_and_says_in_words_what_the_register_holds(
        frozen_root: Path) -> None:
    text = _md(frozen_root, "year1")
    headings = [h for h in _h2(text) if h != "Contents"]
    assert headings[0] == "Year 1 Narrative: Learning and Impact (2025–26)"
    assert headings.index("Summary: key figures from the register") > 0
    assert "The register does not yet hold evidence for Year 1 packages" in text
    assert not re.search(r"^\| [^|]+ \| 0 \|$", text, re.MULTILINE)  # no row of zeros
    assert "### Impact recorded" not in text  # said once, above


def test_year2_says_nothing_once_beside_the_programme_s_words_on_what_is_due(
        frozen_root: Path) -> None:
    text = _md(frozen_root, "year2")
    assert _h2(text)[1] == "Year 2 Planning: 2026–27"
    for nothing in ("holds no", "records no", "No priority has", "yet."):
        assert len(re.findall(re.escape(nothing), text)) <= 1, nothing
    said = text.index("The register holds no packages or expressions of interest for 2026–27")
    due = text.index("a number of identified support packages are due to be delivered in the "
                     "first two quarters of 2026/27.”")
    assert 0 < due - said < 300


def test_a_reader_s_authority_report_holds_none_of_the_register_s_own_matter(
        scratch: Path) -> None:
    repo = load(scratch)
    for authority in repo.authorities.values():
        text = _md(scratch, "la", authority.id)
        for word in ("Register code", "Also known as", "Shared abbreviations", "Report:",
                     "Status: interest", "None recorded.", "version "):
            assert word not in text, (authority.id, word)
        cells = re.findall(r"\| ([^|\n]+) \|", text)
        for value in [authority.register_code, *authority.aliases,
                      *authority.shared_abbreviations]:
            assert value not in [c.strip() for c in cells], (authority.id, value)
        if authority.reorganisation and authority.reorganisation.note:
            assert authority.reorganisation.note not in text, authority.id
    internal = _md(scratch, "la", "surrey", internal=True)
    assert "| Register code (internal) | SRY |" in internal
    assert "Replaced by two unitary councils" in internal


def test_a_reorganisation_gives_its_source(scratch: Path) -> None:
    path = scratch / "data" / "authorities" / "isle-of-wight.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  expected_from: 2028-04\n",
        "  expected_from: 2028-04\n  source: The region's list of its authorities\n"),
        encoding="utf-8")
    text = _md(scratch, "la", "isle-of-wight")
    assert "new councils expected from April 2028 (source: The region's list of its " \
        "authorities) |" in text


def test_an_authority_with_no_package_gets_the_programme_s_offer_and_its_figures(
        frozen_root: Path) -> None:
    repo = load(frozen_root)
    text = _md(frozen_root, "la", "isle-of-wight")
    flat = " ".join(text.split())
    year1, year2 = repo.years["2025-26"], repo.years["2026-27"]
    assert _h2(text)[1] == "The programme's offer"  # the programme's words first
    assert year1.limitations[0] in flat  # take-up and the open offer, as written
    assert "some LAs have not taken up the offer" in flat
    for group in year2.priorities:
        assert f"**{group.title}**" in text
        for item in group.items:
            assert f"- {item.text}" in text
    assert "### Context: published figures" in text
    for measure in repo.measures.values():
        assert measure.title in text
    assert "Proposed, not yet decided: Hampshire & Solent" in text
    assert "None recorded" not in text
    assert text.count("The register records no") == 1  # said once


def test_an_authority_s_report_follows_the_source_s_order_and_keeps_interest_apart(
        frozen_root: Path) -> None:
    text = _md(frozen_root, "la", "brighton-and-hove")
    received = text[text.index("### Packages received"):text.index("### Expressions of")]
    order = [received.find(t) for t in ("Safe Uncertainty", "Project 1:", "Project 2:")]
    assert -1 not in order and order == sorted(order)
    assert "joint commissioning" not in received
    interests = text[text.index("### Expressions of interest"):]
    assert "An expression of interest, not a package of support" in interests
    # "(see below)" has something below it: the package it compares itself with
    assert re.search(r"\(see below\)\. Related: Joint Commissioning for SEND \(Hampshire\)\.",
                     interests)
    assert "### Staff Brighton and Hove lent as subject matter experts" in text
    assert "### Subject matter experts" not in text


def test_year1_table_2_follows_the_source_s_order(frozen_root: Path) -> None:
    repo = load(frozen_root)
    text = _md(frozen_root, "year1")
    table = text[text.index("*Table 2"):]
    rows = [line.split(" | ")[0].lstrip("| ") for line in table.splitlines()
            if line.startswith("| ") and not line.startswith("| Package")][:14]
    narrative = "\n".join(repo.narratives["2025-26"].values())
    by_title = {p.title: p for p in repo.packages.values()}
    places = [narrative.find(by_title[re.sub(r"\\(.)", r"\1", r).rstrip("†")].summary or "")
              for r in rows]
    assert -1 not in places and places == sorted(places)


def test_the_internal_report_says_so_on_its_cover_and_every_page_and_shows_no_markdown(
        frozen_root: Path) -> None:
    for name, argument in (("year1", None), ("year2", None), ("la", "surrey")):
        public = _md(frozen_root, name, argument)
        internal = _md(frozen_root, name, argument, internal=True)
        title = internal.splitlines()[0]
        assert title.endswith("(internal: for the team, not for publication)")
        assert public.splitlines()[0] != title and "Internal" not in public
        assert "**Internal: for the programme team, not for publication.**" in internal
        team = internal[internal.index("## For the team"):]
        # the notes' `field names` are code, not backticks shown as characters
        assert "\\`" not in team, name
    data = _md(frozen_root, "data", internal=True)
    assert data.splitlines()[0].endswith("(internal: for the team, not for publication)")
    assert "Internal" not in _md(frozen_root, "data")
    team = _md(frozen_root, "year1", internal=True)
    tokens = parse(team[team.index("## For the team"):])
    assert any(c.type == "code_inline" for t in tokens for c in t.children or [])
    page = render_report(load(frozen_root), "year1", None, ReportFormat.HTML, WHEN,
                         True).content.decode("utf-8")
    assert "<title>Targeted Support Programme — Year 1 Narrative: Learning and Impact " \
        "(2025–26) (internal: for the team, not for publication)</title>" in page


def _add_after(path: Path, anchor: str, text: str) -> None:
    content = path.read_text(encoding="utf-8")
    assert anchor in content
    path.write_text(content.replace(anchor, anchor + text, 1), encoding="utf-8")


def test_every_reading_a_reader_sees_carries_the_mark_whatever_the_field(scratch: Path) -> None:
    packages = scratch / "data" / "packages"
    _add_after(packages / "surrey-send-complaints-diagnostic.yaml", "status_basis: reading\n",
               "readings:\n  - title\n  - recipients\n  - areas\n")
    _add_after(scratch / "data" / "years" / "2025-26.yaml",
               "  - id: q3\n", "    may_concern:\n      - reading-annual-review-mapping\n")
    year1 = _md(scratch, "year1")
    title = "Diagnostic review of SEND complaints and Lean Process Mapping of the Stage 1 and " \
        "2 Complaints Procedure"
    assert f"| {title}† | Surrey† | SEND† | agreed† |" in year1
    assert "| Surrey | 2 (1†) |" in year1  # the count holds a reading
    assert "| Annual Review process mapping | Reading | SEND | agreed† (a participant quote " \
        "may be about this work) |" in year1
    key = year1[year1.index("Also marked †: "):].split("\n")[0]
    for words in ("a title is the register's words", "an authority is the one the register "
                  "reads", "an area is the register's reading", "a participant quote"):
        assert words in key
    surrey = _md(scratch, "la", "surrey")
    assert f"**{title}**†" in surrey and "Received by Surrey†." in surrey
    assert "Also marked †: a title is the register's words" in surrey
    # a report whose packages carry no such reading explains none
    assert "Also marked" not in _md(scratch, "la", "kent")
    # the quote that may be about Reading's mapping is shown with it, as uncertain
    reading = _md(scratch, "la", "reading")
    quotes = reading[reading.index("## Quotes from the programme's report"):]
    assert quotes.index("This quote names no authority; the register reads it as possibly "
                        "about Reading's work") < quotes.index("“It was so valuable to have")


def test_a_chart_s_count_holding_a_reading_carries_the_mark(scratch: Path) -> None:
    _add_after(scratch / "data" / "packages" / "surrey-send-complaints-diagnostic.yaml",
               "status_basis: reading\n", "readings:\n  - recipients\n  - areas\n")
    report = render_report(load(scratch), "year1", None, ReportFormat.HTML, WHEN)
    page = report.content.decode("utf-8")
    charts = {name: re.search(rf'<svg[^>]*"chart-{name}-title".*?</svg>', page, re.S)
              for name in ("packages-per-authority", "packages-by-area")}
    assert all(charts.values()), charts
    per_authority, by_area = (found.group() for found in charts.values() if found)
    assert "Surrey†" in per_authority  # 2 packages, one Surrey's by the register's reading
    assert "SEND†" in by_area


def test_the_plan_s_experts_heading_says_they_are_staff_lent(tmp_path: Path) -> None:
    import shutil

    from tests.helpers import CHECKOUT, FIXTURES

    root = tmp_path / "year2"
    shutil.copytree(FIXTURES / "year2", root)
    shutil.copytree(CHECKOUT / "templates", root / "templates")
    text = _md(root, "year2")
    assert "#### Staff lent as subject matter experts" in text
    assert "#### Subject matter experts" not in text
