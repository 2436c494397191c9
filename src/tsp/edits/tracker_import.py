"""tsp import: the team's tracker (one row per package, .xlsx or .csv) as package files.

Columns are matched by header (tsp.tracker knows the headers `tsp list --format xlsx` writes and
the usual other names; `--map` adds more). Each row becomes the answers `tsp new package` would
collect and goes through the same path: names resolved like --la, the record rendered in the
house style, checked against the whole register, and written atomically, never over a file.
A row with a problem is refused with `sheet:row:column: message`; the other rows still import.
A row whose package is already there, the same, is skipped, so a second import writes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tsp import further_sheets
from tsp.errors import DataError, TspError, UsageError
from tsp.problems import Problem
from tsp.kinds import RecordKind
from tsp.register import Register as Repository

Cell = str | int | float | dt.date | dt.datetime | None


@dataclass(frozen=True)
class Table:
    """One sheet's rows as read, with the spreadsheet row number of each."""

    name: str
    header: list[str]
    rows: list[tuple[int, list[Cell]]]
    header_row: int


@dataclass(frozen=True)
class RowProblem:
    sheet: str
    row: int
    column: str  # the spreadsheet's column letter
    message: str

    def __str__(self) -> str:
        return f"{self.sheet}:{self.row}:{self.column}: {self.message}"


@dataclass
class ImportResult:
    written: list[Path] = field(default_factory=list)  # or, with --dry-run, would be
    unchanged: list[str] = field(default_factory=list)
    kept: list[RowProblem] = field(default_factory=list)  # exists and differs: not overwritten
    refused: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # columns ignored, sheets skipped


class ImportFileError(UsageError):
    """The tracker file cannot be read."""


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


# --- reading -------------------------------------------------------------------------------


def _tables(rows: Iterator[tuple[int, list[Cell]]], name: str) -> Table | None:
    for number, cells in rows:
        if any(_text(c) for c in cells):
            header = [_text(c) for c in cells]
            body = [(n, list(r)) for n, r in rows if any(_text(c) for c in r)]
            return Table(name, header, body, number)
    return None


def read_tables(path: Path) -> list[Table]:
    """Every sheet of a workbook, or the one table of a CSV file."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ImportFileError(f"{path} does not exist (or is not a file).")
    if suffix == ".csv":
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportFileError(f"{path} is not UTF-8 text: save it from the spreadsheet as "
                                  "'CSV UTF-8', or export it as .xlsx.") from None
        reader = csv.reader(io.StringIO(text, newline=""))
        table = _tables(((n, [_unguarded(c) for c in r]) for n, r in enumerate(reader, 1)),
                        path.name)
        return [table] if table else []
    if suffix in (".xlsx", ".xlsm"):
        from zipfile import BadZipFile

        import openpyxl

        try:
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except (BadZipFile, OSError, KeyError, ValueError) as exc:
            raise ImportFileError(f"{path} is not an Excel workbook that can be read "
                                  f"({exc}).") from None
        try:
            tables = []
            for sheet in book.worksheets:
                rows = ((n, list(r)) for n, r in
                        enumerate(sheet.iter_rows(values_only=True), 1))
                table = _tables(rows, sheet.title)
                if table:
                    tables.append(table)
            return tables
        finally:
            book.close()
    raise ImportFileError(f"Cannot read {path.name}: tsp imports .xlsx workbooks and .csv "
                          "files.", hint="Save the tracker as .xlsx (or CSV UTF-8) first.")


def _unguarded(cell: str) -> str:
    """A CSV cell without the apostrophe tsp's CSV puts before '=', '+', '-' or '@' (so that
    Excel shows it as text, not a formula): what the cell said before it was guarded."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@", "\t", "\r") \
        else cell


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


# --- columns -------------------------------------------------------------------------------


def parse_map(items: Sequence[str]) -> dict[str, str]:
    """--map "Local authority=recipients" -> {folded header: field}."""
    from tsp import tracker
    from tsp.vocabulary import fold

    index = tracker.header_index()
    mapping: dict[str, str] = {}
    for item in items:
        header, sep, target = item.rpartition("=")
        if not sep or not header.strip() or not target.strip():
            raise UsageError(f"--map '{item}': write it as \"Header in the sheet=field\", e.g. "
                             "--map \"Local authority=recipients\".")
        field_name = index.get(fold(target))
        if field_name is None or field_name == "roles":
            from tsp.problems import did_you_mean

            known = [c.field for c in tracker.COLUMNS]
            raise UsageError(f"--map '{item}': '{target.strip()}' is not a package field"
                             f"{did_you_mean(target.strip(), known)}",
                             hint=f"Fields: {', '.join(known)}.")
        mapping[fold(header)] = field_name
    return mapping


def match_columns(table: Table, mapping: Mapping[str, str]) -> tuple[dict[str, int], list[str]]:
    """field -> column index, and notes on the headers that match no field."""
    from tsp import tracker
    from tsp.vocabulary import fold

    index = {**tracker.header_index(), **mapping}
    found: dict[str, int] = {}
    notes = []
    for i, header in enumerate(table.header):
        if not header:
            continue
        field_name = index.get(fold(header))
        where = f"{table.name}:{table.header_row}:{column_letter(i)}"
        if field_name is None:
            notes.append(f"{where}: the column '{header}' is not a package field; ignored "
                         f"(use --map \"{header}=FIELD\" to import it).")
        elif field_name == "roles":
            continue  # how the --la authority takes part: the lists already say it
        elif field_name in found:
            notes.append(f"{where}: a second '{header}' column; only the first is read.")
        else:
            found[field_name] = i
    return found, notes


# --- one row -------------------------------------------------------------------------------

_HISTORY = re.compile(r"^(\d{4}-\d{2}-\d{2})\s+([A-Za-z -]+?)\s*(?:[—:-]+\s*(.*))?$")


def _items(text: str, by_line: bool) -> list[str]:
    parts = text.splitlines() if by_line else re.split(r"[,;\n]", text)
    return [p.strip() for p in parts if p.strip()]


def _value(repo: Repository, name: str, text: str) -> Any:
    """The answer for one field from a cell's text; UsageError saying what is wrong."""
    from tsp.authorities import resolve
    from tsp.models import AREA_LABELS, Area, Kind, Status, slugify
    from tsp.queries import find_package, find_year
    from tsp.tracker import LINE_LISTS
    from tsp.vocabulary import parse_choice

    if name == "year":
        return find_year(repo, text).id
    if name == "status":
        return parse_choice(Status, text, "status").value
    if name == "areas":
        return [parse_choice(Area, i, "area", labels=AREA_LABELS).value
                for i in _items(text, False)]
    if name == "kinds":
        return [parse_choice(Kind, i, "kind of support").value for i in _items(text, False)]
    if name in ("recipients", "partners", "sme_lenders"):
        return list(dict.fromkeys(resolve(repo.authorities, i).id for i in _items(text, False)))
    if name == "themes":
        return list(dict.fromkeys(slugify(i) for i in _items(text, False) if slugify(i)))
    if name == "related":
        return [find_package(repo, i).id for i in _items(text, False)]  # ids, as written
    if name == "status_history":
        history = []
        for line in _items(text, True):
            match = _HISTORY.match(line)
            if not match:
                raise UsageError(f"'{line}' is not a status change: write one per line as "
                                 "YYYY-MM-DD status — note, e.g. 2026-03-12 delivered.")
            status = parse_choice(Status, match.group(2), "status").value
            try:
                on = dt.date.fromisoformat(match.group(1))
            except ValueError:
                raise UsageError(f"'{match.group(1)}' is not a date that exists.") from None
            history.append((status, on, match.group(3) or None))
        return history
    if name in LINE_LISTS:
        return _items(text, True)
    return text


def _field_of(message: str, columns: Mapping[str, int]) -> str | None:
    head = re.split(r"[\[\].: ]", message, maxsplit=1)[0]
    return head if head in columns else None


def _column_for(columns: Mapping[str, int], name: str | None) -> str:
    if name is not None and name in columns:
        return column_letter(columns[name])
    return column_letter(min(columns.values(), default=0))


@dataclass
class _Row:
    table: Table
    number: int
    columns: dict[str, int]
    draft: Any  # tsp.edits.new.Draft
    package: Any  # tsp.models.Package


def _answers(repo: Repository, table: Table, number: int, cells: list[Cell],
             columns: Mapping[str, int], sheet_ids: set[str]
             ) -> tuple[dict[str, Any], list[RowProblem]]:
    from tsp.edits.questions import current_year

    answers: dict[str, Any] = {}
    problems: list[RowProblem] = []
    for name, index in columns.items():
        text = _text(cells[index]) if index < len(cells) else ""
        if not text:
            continue
        try:
            if name == "related":
                # A package further down the sheet is fine: it is checked with the others.
                answers[name] = [i if i in sheet_ids else _value(repo, name, i)[0]
                                 for i in _items(text, False)]
            else:
                answers[name] = _value(repo, name, text)
        except TspError as exc:
            message = str(exc) + (f" ({exc.hint})" if exc.hint else "")
            problems.append(RowProblem(table.name, number, column_letter(index), message))
    if "year" not in answers and "year" not in columns and current_year(repo):
        answers["year"] = current_year(repo)
    if "status" not in answers and "status" not in columns:
        answers["status"] = "interest"  # the first stage: nothing is agreed yet
    for name, what in (("title", "title"), ("recipients", "recipient"),
                       ("status", "status"), ("year", "programme year")):
        column = _column_for(columns, name)
        if name not in answers and not any(p.column == column for p in problems):
            problems.append(RowProblem(table.name, number, column,
                                       f"the row has no {what}; a package needs one"))
    return answers, problems


def import_tables(repo: Repository, tables: Sequence[Table], mapping: Mapping[str, str], *,
                  dry_run: bool) -> ImportResult:
    """Write (or, with dry_run, plan) one package file per good row.

    Every good row is checked with all the others in place (a row may name a package further
    down as related); a row refused takes out the rows that lean on it, and those are
    checked again, until what is left is sound together. Only then is anything written.
    """
    from tsp.checks.packages import duplicate_key, duplicate_of
    from tsp.edits import new
    from tsp.edits.questions import propose_package_id
    from tsp.models import Package
    from tsp.yaml_io import parse

    result = ImportResult()
    pending: list[_Row] = []
    planned: set[str] = set()
    tables, further = further_sheets.split(tables)  # tsp's own sheets: funding, evidence, …
    result.refused += [RowProblem(p.sheet, p.row, p.column, p.message)
                       for p in further.problems]
    listed: set[str] = set()
    for table in tables:
        columns, notes = match_columns(table, mapping)
        result.notes += notes
        if "title" not in columns or "recipients" not in columns:
            missing = [h for f, h in (("title", "Title"), ("recipients", "Recipients"))
                       if f not in columns]
            result.notes.append(f"{table.name}: skipped: no {' or '.join(missing)} column "
                                "(use --map to name it).")
            continue
        sheet_ids = ({_text(c[columns["id"]]) for _, c in table.rows
                      if columns["id"] < len(c)} if "id" in columns else set())
        listed |= sheet_ids
        for number, cells in table.rows:
            answers, problems = _answers(repo, table, number, cells, columns, sheet_ids)
            if problems:
                result.refused += problems
                continue
            history = answers.pop("status_history", None)
            if history:
                answers["history"] = history
            if "id" not in answers:
                answers["id"] = _existing_id(repo, answers) or _unique(
                    propose_package_id(repo, answers["recipients"], answers["title"]),
                    planned)
            try:
                draft = new.render(repo, RecordKind.PACKAGE, answers,
                                   further.fields(str(answers["id"]), answers.get(
                                       "history", [] if "status_history" in columns else None)))
                package = Package.model_validate(parse(draft.text))
            except Exception as exc:  # the record's own checks say what; draft_problems does
                problems = _draft_problems(repo, table, number, columns, answers, exc)
                result.refused += problems
                continue
            existing = repo.packages.get(draft.record_id)
            same = duplicate_of(repo, duplicate_key(package.title, package.recipients,
                                                    package.year))
            if existing is not None or draft.record_id in planned or any(
                    draft.path.with_suffix(s).exists() for s in (".yml", ".yaml")):
                if existing == package:
                    result.unchanged.append(draft.record_id)
                else:
                    result.kept.append(RowProblem(
                        table.name, number, _column_for(columns, "id"),
                        f"the package '{draft.record_id}' is already in the register (or "
                        "earlier in the sheet) and differs from this row; not overwritten "
                        "(change it with tsp set)"))
                continue
            if same is not None:
                # The same title, recipients and year under another id: one package, twice.
                result.kept.append(RowProblem(
                    table.name, number, _column_for(columns, "title"),
                    f"the package '{same.id}' already records this (same title, recipients "
                    "and year); not written again"))
                continue
            planned.add(draft.record_id)
            pending.append(_Row(table, number, dict(columns), draft, package))
    result.refused += [RowProblem(p.sheet, p.row, p.column, p.message)
                       for p in further.unknown(listed)]
    good = _check_together(repo, pending, result)
    for row in good:
        if not dry_run:
            new.write_draft(row.draft)
        result.written.append(row.draft.path)
    return result


def _unique(candidate: str, planned: set[str]) -> str:
    base, number = candidate, 2
    while candidate in planned:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _draft_problems(repo: Repository, table: Table, number: int, columns: Mapping[str, int],
                    answers: Mapping[str, Any], exc: Exception) -> list[RowProblem]:
    from pydantic import ValidationError

    from tsp.models import Package
    from tsp.schema_messages import describe_validation_error

    if isinstance(exc, ValidationError):
        return [RowProblem(table.name, number,
                           _column_for(columns, str(loc[0]) if loc else None), message)
                for loc, message, _ in describe_validation_error(exc, Package)]
    if isinstance(exc, TspError):
        return [RowProblem(table.name, number, _column_for(columns, "id"), str(exc))]
    raise exc


def _check_together(repo: Repository, pending: list[_Row], result: ImportResult) -> list[_Row]:
    """The rows that are sound with all the others in place, checked as `tsp validate`
    checks a register (once for all rows, not once per row: a tracker of hundreds of rows
    stays quick). A refused row is taken out and the rest checked again."""
    from tsp.checks import check
    from tsp.models import Package
    from tsp.register import Register, SourceMap, load_text, names_to_ids

    already = {(p.path, p.message) for p in repo.problems + check(repo)}
    references = names_to_ids(repo)
    own: dict[Path, list[Problem]] = {}
    for row in pending:
        _, problems = load_text(row.draft.path, row.draft.text, Package, references)
        own[row.draft.path] = [p for p in problems if p.is_error]
    rows = list(pending)
    while rows:
        sources = SourceMap({**repo.paths, **{(RecordKind.PACKAGE, r.draft.record_id):
                                              r.draft.path for r in rows}},
                            dict(repo.broken))
        for r in rows:
            sources = sources.with_text(RecordKind.PACKAGE, r.draft.record_id, r.draft.path,
                                        r.draft.text)
        records = {**repo.records, RecordKind.PACKAGE: {
            **repo.packages, **{r.draft.record_id: r.package for r in rows}}}
        trial = Register(repo.root, records, repo.narratives, sources, [], repo.files_read)
        found: dict[Path, list[Problem]] = {path: list(errors) for path, errors in own.items()}
        for problem in check(trial):
            if problem.is_error and (problem.path, problem.message) not in already:
                found.setdefault(problem.path, []).append(problem)
        refused = [r for r in rows if found.get(r.draft.path)]
        if not refused:
            return rows
        for row in refused:
            result.refused += [RowProblem(
                row.table.name, row.number,
                _column_for(row.columns, _field_of(p.message, row.columns)), p.message)
                for p in sorted(found[row.draft.path])]
        rows = [r for r in rows if all(r is not x for x in refused)]
    return rows


def _existing_id(repo: Repository, answers: Mapping[str, Any]) -> str | None:
    """A package already registered with this title, year and recipients: the same one."""
    from tsp.checks.packages import duplicate_key, duplicate_of

    if "year" not in answers:
        return None
    same = duplicate_of(repo, duplicate_key(str(answers["title"]), answers["recipients"],
                                            str(answers["year"])))
    return same.id if same is not None else None
