"""Reporters: every command's result, shown as text, JSON, CSV, Markdown or GitHub annotations.

Commands compute a result (data: a `PackageListing`, an `AuthorityDetail`, a validation…) and
call `emit(result, format)`; nothing else decides how output looks. Each result type has one
JSON shape (`as_json`, documented in docs/json.md), one table (`as_table`, which CSV writes
and any other tabular format can), and its text view, registered with `as_text.register` by
the command module that owns its layout.

A new output format is one function in WRITERS: e.g. an xlsx writer takes `as_table(result)`
and writes a workbook. A new result type registers itself with `as_json`, `as_table` (if it
is tabular) and `as_text`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.markup import escape

from tsp.cli.common import err, format_problem, out
from tsp.cli.common import authority_names as names
from tsp.errors import UsageError
from tsp.problems import Severity
from tsp.safe_fs import shown

if TYPE_CHECKING:
    from tsp.changes import RegisterChanges
    from tsp.checks import ValidationResult
    from tsp.edits.check import Edit
    from tsp.edits.new import Draft
    from tsp.reporting.catalogue import ReportTemplate
    from tsp.schema import SchemaFile
    from tsp.models import Authority, Package
    from tsp.problems import Problem
    from tsp.queries import AuthorityProfile, PackageRow
    from tsp.measures.compare import Comparison, Standing
    from tsp.models.measure import Measure
    from tsp.register import Register
    from tsp.xlsx import Sheet


# --- results -------------------------------------------------------------------------------


# Result types are built once a run, handed to `emit` and never changed, compared, hashed or
# printed by repr. Every method a dataclass generates is compiled when this module is imported,
# which every command pays for at start-up, so they have only __init__: eq and repr off, and not
# frozen (frozen adds __setattr__ and __delattr__), saving about 4 ms of every run.
@dataclass(eq=False, repr=False)
class PackageListing:
    """`tsp list`: the packages that match, with the authority's roles when --la was given."""

    register: Register
    rows: list[PackageRow]
    authority: Authority | None = None


@dataclass(eq=False, repr=False)
class PackageDetail:
    """`tsp show`: one package in full."""

    register: Register
    package: Package


@dataclass(eq=False, repr=False)
class AuthorityDetail:
    """`tsp la NAME`: one authority's profile."""

    register: Register
    profile: AuthorityProfile
    today: dt.date = field(default_factory=dt.date.today)


@dataclass(eq=False, repr=False)
class AuthorityListing:
    """`tsp la --list`: every authority's profile, by name."""

    register: Register
    profiles: list[AuthorityProfile]
    today: dt.date = field(default_factory=dt.date.today)


@dataclass(eq=False, repr=False)
class Validation:
    """`tsp validate`: every problem in the repository, and whether it passes."""

    result: ValidationResult
    strict: bool = False
    pull_request: bool = False

    @property
    def ok(self) -> bool:
        return self.result.ok(strict=self.strict, pull_request=self.pull_request)


@dataclass(eq=False, repr=False)
class EditOutcome:
    """`tsp set`, `tsp status`: a checked edit, written or (with --dry-run) only shown."""

    edit: Edit
    written: bool


@dataclass(eq=False, repr=False)
class NewRecord:
    """`tsp new`: the file written, and what to do next."""

    root: Path
    draft: Draft
    schemas_updated: tuple[str, ...] = ()  # a new authority's id is added to the schemas
    branch: str | None = None  # the branch checked out, if any: next steps start none

    @property
    def relative(self) -> Path:
        path = self.draft.path
        return path.relative_to(self.root) if path.is_relative_to(self.root) else path


@dataclass(eq=False, repr=False)
class SchemaFiles:
    """`tsp schema`: the schema files written, or (with --check) those out of date."""

    files: list[SchemaFile]
    checked: bool = False


@dataclass(eq=False, repr=False)
class ReportList:
    """`tsp report --list`: the reports the repository's templates provide."""

    templates: list[ReportTemplate]


@dataclass(eq=False, repr=False)
class MeasureListing:
    """`tsp measures`: every measure of the data challenge, by id."""

    register: Register
    measures: list[Measure]

    def latest_period(self, measure: Measure) -> str | None:
        from tsp.measures.compare import latest_period

        return latest_period(self.register, measure.id)

    def figures(self, measure: Measure) -> int:
        table = self.register.figures.get(measure.id)
        return len(table.rows) if table else 0


@dataclass(eq=False, repr=False)
class MeasureComparison:
    """`tsp compare MEASURE`: where each authority stands on a measure in a period."""

    comparison: Comparison


@dataclass(eq=False, repr=False)
class Table:
    """Rows of text under named columns: what CSV (and any tabular format) writes."""

    columns: list[str]
    rows: list[list[str]]
    # Columns of figures: a plain number there, signed too (a change of -10.0), is written as
    # a number; elsewhere a cell starting with - is text, as any other Excel could run.
    numeric: frozenset[str] = frozenset()


# --- JSON: one shape per result type -------------------------------------------------------


@functools.singledispatch
def as_json(result: Any) -> Any:
    raise UsageError(f"{type(result).__name__} has no JSON form.")


def package_json(package: Package) -> dict[str, Any]:
    """A package as JSON: its fields as the file holds them, absent ones left out."""
    data: dict[str, Any] = package.model_dump(mode="json", exclude_none=True)
    return data


def authority_json(profile: AuthorityProfile, today: dt.date) -> dict[str, Any]:
    """An authority as JSON: its fields, then what the register says about it."""
    from tsp.queries import reorganisation_status

    authority = profile.authority
    data: dict[str, Any] = authority.model_dump(mode="json", exclude_none=True)
    data["reorganisation_status"] = reorganisation_status(authority, today)
    data["received"] = [p.id for p in profile.packages_received]
    data["expressions_of_interest"] = [p.id for p in profile.interests]
    data["partnered"] = [p.id for p in profile.partnered]
    data["smes_lent_to"] = [p.id for p in profile.smes_lent_to]
    data["sme_lending_years"] = [y.id for y in profile.sme_lending_years]
    data["quotes"] = [{"year": y.id, "id": q.id, "text": q.text} for y, q in profile.quotes]
    return data


def problem_json(problem: Problem, root: Path) -> dict[str, Any]:
    return {"path": shown(relative(problem.path, root)), "line": problem.line,
            "column": problem.column, "severity": str(problem.severity), "code": problem.code,
            "message": shown(problem.message)}


@as_json.register
def _(result: PackageListing) -> Any:
    rows = []
    for row in result.rows:
        data = package_json(row.package)
        if row.roles:
            data["roles"] = [str(r) for r in row.roles]
        rows.append(data)
    return rows


@as_json.register
def _(result: PackageDetail) -> Any:
    return package_json(result.package)


@as_json.register
def _(result: AuthorityDetail) -> Any:
    return authority_json(result.profile, result.today)


@as_json.register
def _(result: AuthorityListing) -> Any:
    return [authority_json(p, result.today) for p in result.profiles]


@as_json.register
def _(result: Validation) -> Any:
    found = result.result
    return {
        "ok": result.ok,
        "files": found.files_read,
        "errors": len(found.errors),
        "warnings": len(found.warnings),
        "notes": [problem_json(p, found.root) for p in found.notes],
        "problems": [problem_json(p, found.root) for p in found.problems],
    }


@as_json.register
def _(result: MeasureListing) -> Any:
    return [{"id": m.id, "title": m.title, "status": str(m.status), "version": m.version,
             "unit": str(m.unit), "latest_period": result.latest_period(m),
             "figures": result.figures(m)} for m in result.measures]


def _number(value: Any) -> Any:
    return None if value is None else float(value) if value % 1 else int(value)


def standing_json(comparison: Comparison, standing: Standing) -> dict[str, Any]:
    """One place on a measure as JSON (docs/json.md, "Comparisons")."""
    from tsp.measures.compare import band_name

    shown = standing.shown
    return {
        "id": standing.place.id, "name": standing.place.name, "kind": str(standing.place.kind),
        "value": _number(shown.value), "symbol": shown.symbol or None,
        "numerator": _number(shown.numerator), "denominator": _number(shown.denominator),
        "change": _number(standing.change), "rank": standing.rank,
        "band": standing.band, "band_name": band_name(comparison.measure, standing.band)
        or None,
        "trend": [{"period": p, "value": _number(t.value), "symbol": t.symbol or None}
                  for p, t in zip(comparison.periods, standing.trend)],
    }


@as_json.register
def _(result: MeasureComparison) -> Any:
    comparison = result.comparison
    m = comparison.measure
    payload: dict[str, Any] = {
        "measure": m.id, "title": m.title, "unit": str(m.unit),
        "polarity": str(m.polarity), "status": str(m.status), "version": m.version,
        "provisional": comparison.provisional, "period": comparison.period,
        "previous_period": comparison.previous_period,
        "median": None if comparison.median is None else float(comparison.median),
        "authorities": [standing_json(comparison, s) for s in comparison.authorities],
        "comparators": [standing_json(comparison, s) for s in comparison.comparators],
    }
    if comparison.neighbours is not None:
        group = comparison.neighbours
        payload["neighbours"] = {
            "of": group.focus.id, "place": group.place_among, "ranked": group.ranked,
            "rows": [dict(standing_json(comparison, s),
                          closeness=group.closeness.get(s.place.id) or None)
                     for s in group.rows],
        }
    return payload


def _changes_json(result: RegisterChanges) -> Any:
    return result.as_dict()


# --- tables (CSV) --------------------------------------------------------------------------


@functools.singledispatch
def as_table(result: Any) -> Table:
    raise UsageError(f"{type(result).__name__} is not a table.")


PACKAGE_COLUMNS = ["id", "title", "year", "status", "areas", "recipients", "partners",
                   "sme_lenders", "kinds", "themes", "starts", "ends", "summary"]


def areas(package: Package) -> str:
    from tsp.models import AREA_LABELS

    return ", ".join(AREA_LABELS[a] for a in package.areas)


@as_table.register
def _(result: PackageListing) -> Table:
    from tsp.plaintext import plain  # a CSV cell does not render Markdown

    register = result.register
    columns = PACKAGE_COLUMNS + (["roles"] if result.authority is not None else [])
    rows = []
    for row in result.rows:
        p = row.package
        values = {
            "id": p.id, "title": plain(p.title), "year": p.span, "status": str(p.status),
            "areas": areas(p), "recipients": names(register, p.recipients),
            "partners": names(register, p.partners),
            "sme_lenders": names(register, p.sme_lenders),
            "kinds": ", ".join(p.kinds), "themes": ", ".join(p.themes),
            "starts": p.starts or "", "ends": p.ends or "",
            "summary": plain(p.summary or ""), "roles": ", ".join(row.roles),
        }
        rows.append([values[c] for c in columns])
    return Table(columns, rows)


MEASURE_COLUMNS = ["id", "title", "status", "version", "unit", "latest period", "figures"]


@as_table.register
def _(result: MeasureListing) -> Table:
    return Table(MEASURE_COLUMNS, [
        [m.id, m.title, str(m.status), str(m.version), str(m.unit),
         result.latest_period(m) or "", str(result.figures(m))] for m in result.measures],
        numeric=frozenset({"version", "figures"}))


def comparison_table(comparison: Comparison, *, ascii_only: bool = True) -> Table:
    """The ranking: authorities, then the region and England. `ascii_only` writes a
    change as a plain number (-10.0), for CSV; otherwise signed as people read it (−10.0)."""
    from tsp.measures.compare import band_name, format_change, format_value

    measure = comparison.measure
    previous = comparison.previous_period
    columns = ["rank", "authority", comparison.period,
               f"change since {previous}" if previous else "change", "band", "trend"]
    rows = [[str(s.rank) if s.rank else "", s.place.name, format_value(measure, s.shown),
             format_change(measure, s.change, ascii_only=ascii_only),
             band_name(measure, s.band), s.spark]
            for s in comparison.authorities + comparison.comparators]
    return Table(columns, rows, numeric=frozenset(columns[:1] + columns[2:4]))


def neighbour_table(comparison: Comparison) -> Table:
    """With --la: the authority and its DfE statistical neighbours, ranked among themselves."""
    from tsp.measures.compare import format_change, format_value

    group = comparison.neighbours
    assert group is not None
    columns = ["rank", "authority", "closeness", comparison.period, "change", "trend"]
    rows = [[str(s.rank) if s.rank else "", s.place.name,
             group.closeness.get(s.place.id, "(itself)" if s.place.id == group.focus.id
                                 else ""),
             format_value(comparison.measure, s.shown),
             format_change(comparison.measure, s.change), s.spark] for s in group.rows]
    return Table(columns, rows, numeric=frozenset(["rank", comparison.period, "change"]))


@as_table.register
def _(result: MeasureComparison) -> Table:
    return comparison_table(result.comparison)


_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def excel_safe(text: str) -> str:
    # Excel runs a cell that starts with = + - @ as a formula (=HYPERLINK(...) in a title that
    # arrived by pull request); a leading apostrophe makes it text. OWASP "CSV injection".
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_text(table: Table, *, raw: bool = False) -> str:
    """The table as CSV for a spreadsheet; `raw`, for a script: every cell as it is, no
    formula guard and no byte-order mark."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table.columns)
    numeric = [c in table.numeric for c in table.columns]
    for row in table.rows:
        writer.writerow([cell if raw or (number and _PLAIN_NUMBER.fullmatch(cell))
                         else excel_safe(cell) for number, cell in zip(numeric, row)])
    if raw:
        return buffer.getvalue()
    # The byte-order mark makes Excel read the file as UTF-8 (names like "Brighton & Hove – …").
    return "\ufeff" + buffer.getvalue()


# --- Markdown ------------------------------------------------------------------------------


@functools.singledispatch
def as_markdown(result: Any) -> str:
    raise UsageError(f"{type(result).__name__} has no Markdown form.")


@as_markdown.register
def _(result: PackageListing) -> str:
    from tsp.markdown import table
    from tsp.escape import Markdown

    if not result.rows:
        return ""
    with_roles = result.authority is not None
    head = ["ID", "Title", "Recipients", "Year", "Status", "Area", "Kinds"]
    head += ["Role"] if with_roles else []
    cells = []
    for row in result.rows:
        p = row.package
        cells.append([Markdown(f"`{p.id}`"), p.title, names(result.register, p.recipients), p.span,
                      str(p.status), areas(p), ", ".join(p.kinds)]
                     + ([", ".join(row.roles)] if with_roles else []))
    return table(head, cells)


# --- xlsx: one sheet per table --------------------------------------------------------------


@functools.singledispatch
def as_sheets(result: Any) -> list[Sheet]:
    """The workbook's sheets for a result. A command module may register its own (typed
    columns, dates as dates); any result with a table (`as_table`, what CSV writes) is one
    sheet of text otherwise, so a new tabular result (a plan, a comparison) gets xlsx too."""
    from tsp.xlsx import Column, Sheet

    try:
        table = as_table(result)
    except UsageError:
        raise UsageError(f"{type(result).__name__} has no spreadsheet form; xlsx is for "
                         "tables (tsp list, tsp la --list).") from None
    name = type(result).__name__
    return [Sheet(name, [Column(c) for c in table.columns], list(table.rows))]


def write_xlsx(result: Any) -> None:
    from tsp.xlsx import workbook

    sheets = as_sheets(result)
    if sys.stdout.isatty():
        raise UsageError("A workbook is not for a terminal: add -o FILE.xlsx.")
    sys.stdout.flush()
    sys.stdout.buffer.write(workbook(sheets))
    sys.stdout.buffer.flush()


# --- GitHub annotations --------------------------------------------------------------------


def _github_escape(text: str) -> str:
    # https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_escape(text).replace(":", "%3A").replace(",", "%2C")


def relative(path: Path, root: Path) -> str:
    """The path from root, with forward slashes; as given when it is outside root."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def github_annotation(problem: Problem, root: Path) -> str:
    """One problem as a GitHub Actions workflow command, e.g.
    ::error file=data/packages/x.yaml,line=3,col=1,title=tsp validate%3A schema::message

    GitHub places an annotation by its path from the top of the checkout
    ($GITHUB_WORKSPACE), which is the repository root unless the register lives in a
    subfolder of the checkout.
    """
    workspace = os.environ.get("GITHUB_WORKSPACE")
    base = root
    if workspace and root.is_relative_to(Path(workspace).resolve()):
        base = Path(workspace).resolve()
    message = "\n".join(map(shown, problem.message.split("\n")))  # newlines are GitHub's
    # GitHub's level for information is "notice".
    level = "notice" if problem.severity == "note" else str(problem.severity)
    return (f"::{level} file={_github_property(shown(relative(problem.path, base)))},"
            f"line={problem.line},col={problem.column},"
            f"title={_github_property('tsp validate: ' + problem.code)}::"
            f"{_github_escape(message)}")


@functools.singledispatch
def as_annotations(result: Any) -> list[str]:
    raise UsageError(f"{type(result).__name__} has no GitHub annotations.")


@as_annotations.register
def _(result: Validation) -> list[str]:
    found = result.result
    failing = set(found.warnings if result.strict else
                  found.blockers if result.pull_request else [])
    # a warning that fails the run is shown as an error on its line, so the reason is red
    return [github_annotation(dataclasses.replace(p, severity=Severity.ERROR) if p in failing
                              else p, found.root) for p in found.problems + found.notes]


# --- text ----------------------------------------------------------------------------------


@functools.singledispatch
def as_text(result: Any) -> None:
    """Print the result for people (Rich, to the terminal); each command module registers
    the layout of its results."""
    raise UsageError(f"{type(result).__name__} has no text form.")


def summary(result: ValidationResult) -> str:
    errors, warnings, notes = len(result.errors), len(result.warnings), len(result.notes)
    noted = f", {notes} note{'s' * (notes != 1)}" if notes else ""
    return (f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} "
            f"in {result.files_read} file{'s' * (result.files_read != 1)}{noted}")


# --- writing -------------------------------------------------------------------------------


def _write(text: str) -> None:
    sys.stdout.write(text)


def write_json(result: Any) -> None:
    import json

    _write(json.dumps(as_json(result), indent=2, ensure_ascii=False) + "\n")


def write_csv(result: Any) -> None:
    _write(csv_text(as_table(result)))


def _write_raw_csv(result: Any) -> None:
    _write(csv_text(as_table(result), raw=True))


def write_markdown(result: Any) -> None:
    _write(as_markdown(result))


def write_github(result: Any) -> None:
    for line in as_annotations(result):
        _write(line + "\n")
    if isinstance(result, Validation):
        err.print(summary(result.result))


def register_changes() -> None:
    """Reporters for `tsp changes`, registered when it runs: tsp.changes formats its own text
    and Markdown, and loading it for every command would cost them all."""
    from tsp.changes import RegisterChanges, as_markdown as changes_markdown
    from tsp.changes import as_text as changes_text

    as_json.register(RegisterChanges, _changes_json)
    as_markdown.register(RegisterChanges, changes_markdown)
    as_text.register(RegisterChanges, lambda result: _write(changes_text(result)))


# Format names as the --format options spell them; "table" is the text of a listing.
WRITERS: dict[str, Callable[[Any], None]] = {
    "text": as_text,
    "table": as_text,
    "json": write_json,
    "csv": write_csv,
    "markdown": write_markdown,
    "github": write_github,
    "xlsx": write_xlsx,
}


# `-o FILE.xlsx` with no --format writes a workbook, not a text table named .xlsx.
FORMAT_OF_SUFFIX = {".xlsx": "xlsx", ".json": "json", ".csv": "csv", ".md": "markdown"}


def emit(result: Any, output_format: str = "text", output: Path | None = None, *,
         raw: bool = False) -> None:
    """Show a command's result in the format asked for (a --format value); with `output`,
    write it to that file instead, atomically (nothing is left half-written). Where the
    format is the text one, a file name ending .xlsx, .json, .csv or .md says the format, if
    the command offers it (its --format choices are the enum `output_format` belongs to)."""
    if output is not None and str(output_format) in ("text", "table"):
        named = FORMAT_OF_SUFFIX.get(output.suffix.lower())
        choices = type(output_format)
        if named is not None and issubclass(choices, enum.Enum) and named in {
                str(c.value) for c in choices}:
            output_format = named
    try:
        writer = WRITERS[str(output_format)]
    except KeyError:
        raise UsageError(f"--format: '{output_format}' is not one of: "
                         f"{', '.join(WRITERS)}.") from None
    if raw:
        if str(output_format) != "csv":
            raise UsageError("--raw is for --format csv: the other formats have no "
                             "spreadsheet guard to leave out.")
        writer = _write_raw_csv
    if output is None:
        writer(result)
        return
    import io

    from tsp.reporting.output import is_stream, write_output

    if not is_stream(output) and not output.parent.is_dir():
        raise UsageError(f"Cannot write {output}: the folder {output.parent} does not exist.")
    buffer = io.BytesIO()
    stream = io.TextIOWrapper(buffer, encoding="utf-8", newline="")
    saved, sys.stdout = sys.stdout, stream
    try:
        writer(result)
        stream.flush()
    finally:
        sys.stdout = saved
    content = buffer.getvalue()
    # As tsp report -o: a file is replaced atomically; stdout, a FIFO or /dev/null is written
    # as a stream, never replaced.
    how = write_output(output, content)
    if how == "file":
        err.print(f"Wrote {output} ({len(content):,} bytes).", soft_wrap=True, markup=False)


# --- tsp log: a package's evidence log -----------------------------------------------------


def register_log() -> None:
    """Reporters for `tsp log ID`, registered when it runs (as for tsp changes)."""
    from tsp.edits.log import EvidenceLog

    as_json.register(EvidenceLog, _log_json)
    as_text.register(EvidenceLog, _log_text)


def _log_json(result: Any) -> Any:
    return {"package": result.package.id,
            "evidence": [e.model_dump(mode="json", exclude_none=True) for e in result.entries]}


def _log_text(result: Any) -> None:
    package, entries = result.package, result.entries
    if not entries:
        out.print(f"{escape(package.id)} has no evidence logged yet.", soft_wrap=True)
        return
    out.print(f"[bold]{escape(package.title)}[/] [dim]({escape(package.id)})[/]: "
              f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'}", soft_wrap=True)
    for e in entries:
        tags = [f"measure: {m}" for m in e.measures]
        tags += [f"about: {names(result.register, [a])}" for a in e.authorities]
        if e.source:
            tags.append(f"source: {e.source}")
        if str(e.kind) == "feedback":
            tags.append(f"published ({e.consent})" if e.publish else "not for publication")
        out.print(f"  {e.on.isoformat()}  {str(e.kind):<9}  {escape(e.text)}", soft_wrap=True)
        for tag in tags:
            out.print(f"  {'':10}  {'':9}  [dim]{escape(tag)}[/]", soft_wrap=True)
