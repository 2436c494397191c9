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


def test_year1_names_every_package_and_every_engaged_authority(frozen_root: Path) -> None:
    repo = load(frozen_root)
    text = _year1(frozen_root)
    year1 = [p for p in repo.packages.values() if p.year == "2025-26"]
    assert year1
    for package in year1:
        assert f"**{package.title}**" in text, package.id
        if package.summary:
            assert package.summary in text, package.id
    head = headline(repo, "2025-26")
    for name in head.engaged:
        assert f"### {name}" in text or name in _section(text, "Across several authorities")
    presence = re.search(r"presence across a number of local areas, including (.*)\.", text)
    assert presence is not None
    assert presence.group(1) == (", ".join(head.engaged[:-1]) + " and " + head.engaged[-1])
    assert f"{len(head.engaged)} of the {head.authorities} local authorities" in text
    assert "Not yet engaged: Bracknell Forest, Isle of Wight, Slough, West Berkshire and " \
        "Windsor and Maidenhead." in text


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n#", start + len(heading))
    return text[start:end]


def test_year1_carries_every_list_of_its_year_record(frozen_root: Path) -> None:
    repo = load(frozen_root)
    year = repo.years["2025-26"]
    text = _year1(frozen_root)
    for item in [*(p.text for p in year.design_principles), *year.approach, *year.limitations]:
        assert item in text
    for theme in year.learning_themes:
        assert f"**{theme.title}:** {theme.text}" in text
    for event in year.timeline:
        assert event.what in text
    for section in repo.narratives["2025-26"].values():
        for paragraph in section.split("\n\n"):
            assert paragraph.strip() in text
    assert "Brighton and Hove, East Sussex, Medway and Milton Keynes all enabled staff to be " \
        "SMEs and provide peers offering mutual support." in text
    assert "We have benefited from Subject Matter Experts joining the work from " \
        "**Brighton and Hove, East Sussex, Medway and Milton Keynes**." in text


def test_year2_carries_every_priority_item_and_says_no_packages_yet(frozen_root: Path) -> None:
    repo = load(frozen_root)
    year = repo.years["2026-27"]
    text = render_report(repo, "year2", None, ReportFormat.MD, generation_time()).markdown
    for index, group in enumerate(year.priorities, start=1):
        assert f"### {index}. {group.title}" in text
        for item in group.items:
            assert f"- {item.text}\n" in text
    for item in [*(a.text for a in year.main_areas), *(m.text for m in year.success_measures),
                 *year.funding_proposals]:
        assert item in text
    assert "The register holds no packages for 2026–27 yet." in text
    assert "Claire Woodcock, Chris Baird, Jenny Boyd, Targeted Support Team, March 2026" in text


def test_a_package_added_by_pull_request_appears_and_moves_the_counts(scratch: Path) -> None:
    before = _year1(scratch)
    assert "15 packages of targeted support, reaching 14 of the region's 19" in before
    (scratch / "data" / "packages" / "isle-of-wight-send-sufficiency.yaml").write_text(
        NEW_PACKAGE, encoding="utf-8")
    after = _year1(scratch)
    assert "16 packages of targeted support, reaching 15 of the region's 19" in after
    assert "### Isle of Wight\n\n- **SEND sufficiency review** (scoping): A review of SEND " \
        "sufficiency, proposed by pull request. Partners: Hampshire. Subject matter experts " \
        "from Portsmouth." in after
    assert "| Isle of Wight | SEND sufficiency review | SEND | review | scoping |" in after
    assert "| Isle of Wight | 1 | 0 | — |" in after
    assert "| Portsmouth | 1 | 0 | yes |" in after
    assert "Not yet engaged: Bracknell Forest, Slough, West Berkshire and Windsor and " \
        "Maidenhead." in after
    assert "By status: 1 interest, 3 scoping, 8 agreed" in after
    assert "Portsmouth lent subject matter experts to: SEND sufficiency review " \
        "(Isle of Wight)." in after
    assert "- **Lent subject matter experts:** 5 authorities" in after
    assert "not which packages their staff worked on" not in after


def test_a_package_planned_for_year2_is_listed_in_the_year2_report(scratch: Path) -> None:
    text = NEW_PACKAGE.replace("year: 2025-26", "year: 2026-27")
    (scratch / "data" / "packages" / "isle-of-wight-send-sufficiency.yaml").write_text(
        text, encoding="utf-8")
    report = render_report(load(scratch), "year2", None, ReportFormat.MD, generation_time())
    assert "## Packages planned for 2026–27\n\n- **SEND sufficiency review** (scoping): " \
        in report.markdown
    assert "Received by Isle of Wight." in report.markdown
    assert "holds no packages" not in report.markdown


def _unpublish(root: Path) -> str:
    """Withdraw consent for quote q4 and add an uncleared quote about Reading."""
    path = root / "data" / "years" / "2025-26.yaml"
    text = path.read_text(encoding="utf-8")
    quote = "There was a high level of expertise that facilitated difficult conversations."
    assert quote in text
    q4 = text.index("  - id: q4")
    text = text[:q4] + text[q4:].replace("publish: true", "publish: false", 1)
    secret = "Reading's panel was chaotic and we nearly gave up"
    text = text.replace("notes: >-", f"""  - id: q10
    text: "{secret}"
    authorities:
      - reading
notes: >-""", 1)
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
    assert "No published quote names Reading." in outputs[2]
