"""The `tsp report` command: listing, usage errors, output, and what it costs other commands."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import CliRun, write_template


def test_list_shows_every_template_with_its_description(tsp: CliRun, frozen_root: Path) -> None:
    result = tsp("report", "--list", repo=frozen_root)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["data", "la", "update", "year1", "year2"]
    assert lines[0].startswith("data PERIOD   The SEND data challenge: ")
    assert lines[1] == ("la AUTHORITY  One authority's engagement: packages received and "
                        "partnered, staff lent as subject matter experts, impact, published "
                        "quotes, its figures and reorganisation; for an authority with no "
                        "package, the programme's offer in its own words")
    assert lines[2].startswith("update        The update for a period, for the programme board: ")
    assert lines[3].startswith("year1         Year 1 evaluation report (2025-26): ")


def test_list_without_templates(tsp: CliRun, scratch: Path) -> None:
    for path in sorted((scratch / "templates").rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    result = tsp("report", "--list", repo=scratch)
    assert result.exit_code == 0
    assert result.stderr == "No reports: templates/ holds no NAME.md.j2 templates.\n"
    result = tsp("report", "year1", repo=scratch)
    assert result.exit_code == 2
    assert "This repository has no report templates" in result.stderr


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_one_broken_file_is_reported_once_with_one_summary(tsp: CliRun, scratch: Path,
                                                           fmt: str) -> None:
    """Issue 22 saw the error printed twice, then two summaries: each problem once, one
    summary line, exit 1, and no report written."""
    package = sorted((scratch / "data" / "packages").glob("*.yaml"))[0]
    package.write_text(package.read_text(encoding="utf-8") + "id: [broken\n",
                       encoding="utf-8")
    target = scratch.parent / f"year1.{fmt}"
    result = tsp("report", "year1", "-o", str(target), repo=scratch)
    assert result.exit_code == 1
    assert result.stderr.count(package.name) == 1, result.stderr
    assert result.stderr.count("fix them first") == 1, result.stderr
    assert not target.exists()


def test_usage_errors_exit_2(tsp: CliRun, scratch: Path) -> None:
    cases = {
        ("yaer1",): "error: No report 'yaer1'. Reports: data, la, update, year1, year2 (tsp report --list "
                    "describes them).\nDid you mean: year1, year2?\n",
        (): "error: Name a report, e.g. tsp report year1 (tsp report --list shows them all).\n",
        ("la",): "error: tsp report la needs an authority, e.g. tsp report la Reading "
                 "(tsp la --list shows them all).\n",
        ("year1", "Reading"): "error: tsp report year1 takes no argument; 'Reading' is one too "
                              "many.\n",
        ("la", "Narnia"): "error: No authority matches 'Narnia'.",
        # --period is the data challenge report's: an authority's report has no periods.
        ("la", "--period", "2023"): "error: --period is for the data challenge report (e.g. "
                                    "tsp report data --period 2023); tsp report la has no "
                                    "periods and takes an authority, e.g. tsp report la "
                                    "Reading.\n",
        ("la", "Reading", "--period", "2023"): "error: --period is for the data challenge",
        ("year1", "--period", "2023"): "error: --period is for the data challenge report (e.g. "
                                       "tsp report data --period 2023); tsp report year1 has "
                                       "no periods and takes no argument.\n",
        ("data", "2023", "--period", "2024"): "error: Two periods: '2023' and --period 2024; "
                                              "give one.\n",
        ("year1", "-o", "r.odt"): "error: Cannot tell the format from the file name r.odt",
        ("year1", "-f", "md", "-o", "r.docx"): "error: --format md does not match",
        ("year1", "-o", "no-such-folder/r.md"): "error: Cannot write no-such-folder/r.md: the "
                                                "folder no-such-folder does not exist.\n",
    }
    for args, message in cases.items():
        result = tsp("report", *args, repo=scratch)
        assert result.exit_code == 2, (args, result.output)
        assert result.stderr.startswith(message), (args, result.stderr)
        assert result.stdout == ""


def test_la_resolves_aliases_and_codes(tsp: CliRun, scratch: Path) -> None:
    for name in ("Buckinghamshire", "bucks", "E06000060", "825"):
        result = tsp("report", "la", name, repo=scratch)
        assert result.exit_code == 0
        assert result.stdout.startswith("# Buckinghamshire: engagement with")


def test_markdown_to_a_file(tsp: CliRun, scratch: Path) -> None:
    target = scratch / "reading.md"
    result = tsp("report", "la", "Reading", "-o", str(target), repo=scratch)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.startswith(f"Wrote {target} (md, ")
    assert target.read_text(encoding="utf-8") == tsp("report", "la", "Reading",
                                                      repo=scratch).stdout


def test_docx_to_a_pipe(tsp: CliRun, scratch: Path) -> None:
    result = tsp("report", "year2", "--format", "docx", repo=scratch)
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"PK")


def test_invalid_data_stops_the_report(tsp: CliRun, scratch: Path) -> None:
    path = scratch / "data" / "packages" / "wokingham-oap-mapping.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: agreed", "status: maybe"),
                    encoding="utf-8")
    result = tsp("report", "year1", repo=scratch)
    assert result.exit_code == 1
    assert "data/packages/wokingham-oap-mapping.yaml:" in result.stderr
    assert result.stdout == ""


def test_other_commands_do_not_import_the_renderers() -> None:
    """tsp list must not pay for Jinja, markdown-it or python-docx (startup is measured)."""
    code = ("import sys, tsp.cli.main; "
            "print(sorted(m for m in ('jinja2', 'markdown_it', 'docx', 'tsp.reporting.render',"
            " 'tsp.reporting.context', 'tsp.reporting.views') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"


def test_help_has_examples(tsp: CliRun) -> None:
    result = tsp("report", "--help")
    assert result.exit_code == 0
    assert "tsp report year1 -o year1.html" in result.stdout
    assert "tsp report la Reading -o reading.md" in result.stdout


def test_check_renders_every_report_in_every_format(tsp: CliRun, scratch: Path) -> None:
    result = tsp("report", "--check", repo=scratch)
    assert result.exit_code == 0, result.output
    # data, update, year1 and year2 in every format and --internal; la in every format and
    # --internal for the first authority, Markdown for 18
    assert result.stdout == "OK: 43 report renders, every template in every format.\n"
    assert sorted(p.name for p in scratch.iterdir()) == ["data", "templates"]


def test_check_fails_on_a_report_that_breaks_for_one_authority(tsp: CliRun,
                                                                scratch: Path) -> None:
    write_template(scratch, "la.md.j2", "{#\nargument: authority\n#}\n# {{ la.authority.name }}"
                   '\n{% if la.authority.id == "wokingham" %}{{ la.authority.nmae }}{% endif %}\n')
    result = tsp("report", "--check", repo=scratch)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: templates/la.md.j2:5: undefined: 'AuthorityView' "
                                    "has no attribute 'nmae'")


PROPOSAL_ROW = ("| Local government reorganisation | Proposed, not yet decided: Hampshire & Solent, consulted on in "
                "2025–26; new councils expected from April 2028 |\n")


def test_la_report_says_a_proposal_is_not_yet_decided(tsp: CliRun, scratch: Path) -> None:
    out = tsp("report", "la", "Hampshire", repo=scratch).stdout
    assert PROPOSAL_ROW in out
    assert "None recorded |" not in out
    assert "proposed_reorganisation" not in out and "expected_from" not in out
    assert "reference list" not in out  # the record's internal notes stay internal
    surrey = tsp("report", "la", "Surrey", repo=scratch).stdout
    assert "| Local government reorganisation | ends on 31 March 2027 (decided 28 October " \
           "2025); succeeded by East Surrey Council and West Surrey Council |\n" in surrey
    assert "Proposed" not in surrey


def test_la_report_of_a_proposal_says_only_what_is_recorded(tsp: CliRun, scratch: Path) -> None:
    path = scratch / "data" / "authorities" / "hampshire.yaml"
    text = path.read_text(encoding="utf-8").replace("  consulted: 2025-26\n", "").replace(
        "  expected_from: 2028-04\n", "  expected_from: 2028\n  note: Two options are proposed.\n")
    path.write_text(text, encoding="utf-8")
    out = tsp("report", "la", "Hampshire", repo=scratch).stdout
    assert ("| Local government reorganisation | Proposed, not yet decided: Hampshire & Solent; new councils "
            "expected from 2028 |\n\nTwo options are proposed.\n") in out


def test_la_report_in_html_shows_a_proposal(tsp: CliRun, scratch: Path) -> None:
    html = tsp("report", "la", "Hampshire", "--format", "html", repo=scratch).stdout
    text = re.sub(r"<[^>]+>", "", html)  # years carry a span of their own
    assert ("<td>Proposed, not yet decided: Hampshire &amp; Solent, consulted on in ") in html
    assert ("Proposed, not yet decided: Hampshire &amp; Solent, consulted on in 2025–26; new "
            "councils expected from April 2028") in text
