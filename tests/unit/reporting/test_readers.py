"""A reader's report holds nothing internal: no record's notes, no field or file name, no
command, no record id, in any report and any format; --internal adds the notes."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable
from pathlib import Path

import docx
import pypdf
import pytest
from typer.testing import Result

from tests.helpers import WHEN, load
from tsp.models import Authority, Package, ProgrammeYear, Quote
from tsp.reporting.output import ReportFormat
from tsp.reporting.render import render_report

FILE_NAME = re.compile(r"\b[\w.-]+\.(?:ya?ml|md|j2|json)\b")
CliRun = Callable[..., Result]

COMMAND = re.compile(r"\btsp\s+(?:report|show|set|status|validate|la|list|new|schema)\b")


def _text(content: bytes, fmt: ReportFormat) -> str:
    if fmt is ReportFormat.DOCX:
        document = docx.Document(io.BytesIO(content))
        cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    if fmt is ReportFormat.PDF:
        return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)
    if fmt is ReportFormat.HTML:
        return html.unescape(re.sub(r"<[^>]+>", " ", content.decode("utf-8")))
    return content.decode("utf-8")


def _flat(text: str) -> str:
    return " ".join(text.split())


def _internal_words(root: Path) -> tuple[set[str], set[str], list[str]]:
    """Field names, record ids and the opening words of every note in the register."""
    repo = load(root)
    fields = {name for model in (Authority, Package, ProgrammeYear, Quote) for name in model.model_fields if "_" in name}
    ids = {i for i in repo.packages if "-" in i}
    notes = [p.notes for p in repo.packages.values()] + [a.notes for a in
                                                         repo.authorities.values()]
    for year in repo.years.values():
        notes += [year.notes] + [q.note for q in year.quotes]
    openings = [_flat(n)[:50] for n in notes if n]
    return fields, ids, openings


def _reports(root: Path) -> list[tuple[str, str | None, ReportFormat]]:
    # PDF is the HTML page laid out, so one PDF stands for the three (and keeps this quick)
    cases: list[tuple[str, str | None, ReportFormat]] = [
        (name, arg, fmt) for name, arg in (("year1", None), ("year2", None), ("la", "Reading"))
        for fmt in ReportFormat if fmt is not ReportFormat.PDF or name == "year1"]
    cases += [("la", a, ReportFormat.MD) for a in sorted(load(root).authorities)]
    return cases


def test_no_reader_report_holds_anything_internal(scratch: Path) -> None:
    fields, ids, openings = _internal_words(scratch)
    assert openings and fields and ids
    repo = load(scratch)
    for name, argument, fmt in _reports(scratch):
        report = render_report(repo, name, argument, fmt, WHEN)
        text = _text(report.content, fmt)
        flat = _flat(text)
        where = f"{name} {argument or ''} ({fmt})"
        assert FILE_NAME.search(text) is None, (where, FILE_NAME.search(text))
        assert COMMAND.search(text) is None, (where, COMMAND.search(text))
        for word in fields | ids:
            assert not re.search(rf"\b{re.escape(word)}\b", text), (where, word)
        for opening in openings:
            assert opening not in flat, (where, opening)


@pytest.mark.parametrize("fmt", [ReportFormat.MD, ReportFormat.HTML])
def test_the_internal_report_adds_the_notes_and_says_it_is_internal(
        scratch: Path, fmt: ReportFormat) -> None:
    repo = load(scratch)
    report = render_report(repo, "year1", None, fmt, WHEN, internal=True)
    text = _flat(_text(report.content, fmt))
    assert "For the team: how the register reads its source" in text
    assert "readers never see it" in text
    package = repo.packages["buckinghamshire-send-assessment-throughput"]
    assert package.notes
    assert _flat(package.notes)[:50] in text


def test_a_template_needing_a_field_a_record_lacks_says_so_in_the_internal_report(
        scratch: Path, tsp: CliRun) -> None:
    """Issue 10 §6: a template (a pull request's) that prints a field without asking whether
    the record has it prints nothing for readers, and in --internal says what is missing."""
    repo = load(scratch)
    open_ended = sorted(p.id for p in repo.packages.values()
                        if p.year == "2025-26" and p.ends is None)
    dated = sorted(p.id for p in repo.packages.values()
                   if p.year == "2025-26" and p.ends is not None)
    assert open_ended
    (scratch / "templates" / "ends.md.j2").write_text(
        "{#-\ndescription: When each package ends\nyear: 2025-26\n-#}\n"
        "{% for p in year.packages.all %}\n- {{ p.title }} ends: {{ p.ends }}\n{% endfor %}\n",
        encoding="utf-8")
    reader = tsp("report", "ends", repo=scratch)
    internal = tsp("report", "ends", "--internal", repo=scratch)
    assert reader.exit_code == 0 and internal.exit_code == 0, reader.output + internal.output
    assert "missing" not in reader.stdout
    for package_id in open_ended:
        assert package_id not in reader.stdout
        assert f"*\\[missing: {package_id} has no ends date\\]*" in internal.stdout
    for package_id in dated:
        assert f"{package_id} has no ends date" not in internal.stdout
    # A template that asks first ({% if p.ends %}) is not told anything is missing.
    (scratch / "templates" / "ends.md.j2").write_text(
        "{#-\ndescription: When each package ends\nyear: 2025-26\n-#}\n"
        "{% for p in year.packages.all if p.ends %}\n- {{ p.title }}: {{ p.ends }}\n"
        "{% endfor %}\n", encoding="utf-8")
    assert "missing" not in tsp("report", "ends", "--internal", repo=scratch).stdout


def test_an_authoritys_type_reads_in_words_not_as_the_stored_value(scratch: Path) -> None:
    repo = load(scratch)
    for authority_id, authority in repo.authorities.items():
        text = render_report(repo, "la", authority_id, ReportFormat.MD, WHEN).markdown
        shown = re.search(r"^\| Type \| (.+) \|$", text, re.M)
        assert shown, authority_id
        assert shown.group(1) in {"Unitary authority", "County council", "Metropolitan district",
                                  "London borough"}, (authority_id, shown.group(1))
        assert shown.group(1) != str(authority.type)


def test_each_package_line_reads_as_sentences_and_dates_as_a_reader_writes_them(
        scratch: Path) -> None:
    """Hampshire's line ran the programme's words into the register's: '... governance and
    key next steps Status: in delivery'. And a date reads as the rest of the report writes
    one ('31 March 2027', as in its title block), never as 2027-03-31."""
    repo = load(scratch)
    for authority_id in repo.authorities:
        text = render_report(repo, "la", authority_id, ReportFormat.MD, WHEN).markdown
        for line in re.findall(r"^- \*\*.+$", text, re.M):
            for sentence in (" Status: ", " Partners: ", " Received by ",
                             " Subject matter experts from ", " Delivered by "):
                before = line.split(sentence)[0] if sentence in line else ""
                assert not before or before.rstrip("*")[-1] in ".!?", (authority_id, line)
        record = [row for row in text.splitlines() if row.startswith("| ")]
        assert not re.search(r"\b\d{4}-\d\d-\d\d\b", "\n".join(record)), authority_id
    hampshire = render_report(repo, "la", "hampshire", ReportFormat.MD, WHEN).markdown
    assert "governance and key next steps. Related: Support on joint commissioning (Brighton " \
        "and Hove). Status: in delivery" in hampshire
