"""What the reports say comes from the data: every package and authority, counts that move
when a package is added, and only the quotes cleared for publication."""

from __future__ import annotations

import re
from pathlib import Path

import docx
from tests.helpers import CliRun, load

from tsp.queries import headline
from tsp.reporting.output import ReportFormat
from tsp.reporting.render import render_report
from tsp.reporting.provenance import generation_time

NEW_PACKAGE = """\
id: isle-of-wight-send-sufficiency
title: SEND sufficiency review
year: 2025-26
status: scoping
areas:
  - send
recipients:
  - isle-of-wight
partners:
  - hampshire
sme_lenders:
  - portsmouth
kinds:
  - review
summary: A review of SEND sufficiency, proposed by pull request.
"""


def _year1(root: Path) -> str:
    return render_report(load(root), "year1", None, ReportFormat.MD, generation_time()).markdown


def _paragraphs(markdown: str) -> list[str]:
    return [p.strip() for p in markdown.split("\n\n") if p.strip()]


def _in_order(needles: list[str], text: str) -> None:
    at = 0
    for needle in needles:
        found = text.find(needle, at)
        assert found >= 0, needle
        at = found + len(needle)


def test_year1_prints_its_narrative_as_written_in_its_order(frozen_root: Path) -> None:
    """The programme's voice: every paragraph and list of the narrative, unchanged, in order
    (the source's lists too: the areas as it names them, Surrey's two entries in turn)."""
    repo = load(frozen_root)
    text = _year1(frozen_root)
    needles = []
    for slug, section in repo.narratives["2025-26"].items():
        needles.append(f"### {repo.narrative_headings['2025-26'][slug]}")
        # a link to nowhere ("[prospectus](#)") keeps its words, unlinked
        needles.extend(re.sub(r"\[([^\]]+)\]\(#\)", r"\1", p) for p in _paragraphs(section))
    _in_order(needles, text)
    assert "Not yet engaged" not in text
    assert "without lending" not in text


def test_year1_lists_every_package_once_in_the_registers_table(frozen_root: Path) -> None:
    repo = load(frozen_root)
    text = _year1(frozen_root)
    register = text[text.index("## From the register"):]
    for package in repo.packages.values():
        if package.year == "2025-26" and str(package.status) != "interest":
            assert register.count(f"| {package.title} |") == 1, package.id
    assert "Expressions of interest, counted apart from packages:\n- Support on joint " \
        "commissioning (Brighton and Hove)" in register


def test_year2_prints_its_narrative_and_says_no_packages_yet(frozen_root: Path) -> None:
    repo = load(frozen_root)
    year = repo.years["2026-27"]
    text = render_report(repo, "year2", None, ReportFormat.MD, generation_time()).markdown
    for index, group in enumerate(year.priorities, start=1):
        assert f"#### {index}. {group.title}" in text
        for item in group.items:
            assert f"- {item.text}\n" in text
    for item in [*(a.text for a in year.main_areas)]:
        assert item in text
    for measure in year.success_measures:
        assert re.search(rf"^✓ {re.escape(measure.text)}", text, re.MULTILINE)  # one marker
    assert text.count("The register holds no packages or expressions of interest for "
                      "2026–27 yet.") == 1
    assert "Claire Woodcock\\\nChris Baird\\\nJenny Boyd,\\\nTargeted Support Team\\\n" \
        "March 2026" in text
    assert "The funding proposals:" not in text  # the paragraph above says it once


def test_a_package_added_by_pull_request_appears_and_moves_the_counts(scratch: Path) -> None:
    before = _year1(scratch)
    assert "| Packages of support | 14 |" in before
    assert "| Local authorities named in a package or expression of interest | 14 of 19 |" \
        in before
    (scratch / "data" / "packages" / "isle-of-wight-send-sufficiency.yaml").write_text(
        NEW_PACKAGE, encoding="utf-8")
    after = _year1(scratch)
    assert "| Packages of support | 15 |" in after
    assert "| Local authorities named in a package or expression of interest | 15 of 19 |" \
        in after
    # recorded as it happened, so no reading mark
    assert "| SEND sufficiency review | Isle of Wight | SEND | scoping |" in after
    assert "| Isle of Wight | 1 | 0 | — |" in after
    assert "| Portsmouth | 1 | 0 | yes |" in after
    assert "3 scoping, 9 agreed†" in after  # 2 of the 3 are readings: no mark on the count


def _unpublish(root: Path) -> str:
    """Withdraw consent for quote q4 and add an uncleared quote about Reading."""
    path = root / "data" / "years" / "2025-26.yaml"
    text = path.read_text(encoding="utf-8")
    quote = "There was a high level of expertise that facilitated difficult conversations."
    assert quote in text
    q4 = text.index("  - id: q4")
    text = text[:q4] + text[q4:].replace("publish: true", "publish: false", 1)
    secret = "Reading's panel was chaotic and we nearly gave up"
    text = text.replace("status_rule: >-", f"""  - id: q10
    text: "{secret}"
    authorities:
      - reading
status_rule: >-""", 1)
    path.write_text(text, encoding="utf-8")
    return quote


def test_an_unpublished_quote_never_reaches_any_report(scratch: Path, tsp: CliRun) -> None:
    withheld = _unpublish(scratch)
    secret = "nearly gave up"
    outputs = []
    for args in (["year1"], ["year1", "-f", "html"], ["la", "Reading"], ["year2"]):
        result = tsp("report", *args, repo=scratch)
        assert result.exit_code == 0, result.output
        outputs.append(result.stdout)
    word = scratch / "year1.docx"
    assert tsp("report", "year1", "-o", str(word), repo=scratch).exit_code == 0
    document = docx.Document(str(word))
    outputs.append("\n".join(p.text for p in document.paragraphs))
    for text in outputs:
        assert withheld not in text
        assert secret not in text
    assert "It was very clear where the gaps are" in outputs[0]  # the others still show
    assert "Quotes from the programme's report" not in outputs[2]  # none names Reading


def test_no_sentence_appears_twice_in_a_year_report(frozen_root: Path) -> None:
    """Each fact once: no title repeated as its summary, no list sentence said again."""
    repo = load(frozen_root)
    for name in ("year1", "year2"):
        text = render_report(repo, name, None, ReportFormat.MD, generation_time()).markdown
        sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n", text)
                     if len(s.strip()) > 30]
        repeated = {s for s in sentences if sentences.count(s) > 1}
        assert repeated == set(), name
