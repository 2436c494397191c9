"""tsp import: the team's tracker (one row per package, .xlsx or .csv) as package files.

Columns are matched by header (tsp.tracker knows the headers `tsp list --format xlsx` writes and
the usual other names; `--map` adds more). Each row becomes the answers `tsp new package` would
collect and goes through the same path: names resolved like --la, the record rendered in the
house style, checked against the whole register, and written atomically, never over a file.

Nothing is invented: a field the sheet does not give is asked of the command line (--year,
--status) or the row is refused naming it; the only reading is a programme year from the row's
start date, and the summary says so. Every problem of a row is reported in one run as
`sheet:row:column: message`; the other rows still import. Rows that differ only in the
authority are one activity and become one package; a row already in the register (in any
year) is never written again.

Here: matching the columns, one activity per package, drafting, checking the rows together and
writing. Reading one row into its answers is tsp.edits.tracker_rows'.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tsp import tracker
from tsp.checks import check
from tsp.edits import new
from tsp.edits.atomic import create_many
from tsp.edits.questions import propose_package_id
from tsp.edits.tracker_read import (ImportFileError, Reading, RowProblem, Table, column_letter,
                                    read_tables)
from tsp.edits.tracker_read import text as read_text
from tsp.edits.tracker_rows import (
    Options,
    RowAnswers,
    RowContext,
    column_for,
    is_total_row,
    row_answers,
)
from tsp.edits.tracker_sheets import split as split_further
from tsp.errors import TspError, UsageError
from tsp.kinds import RecordKind
from tsp.load import load_text, names_to_ids
from tsp.models import Package, slugify
from tsp.problems import Problem, did_you_mean
from tsp.register import Register, SourceMap
from tsp.vocabulary import fold

__all__ = ["ImportFileError", "ImportResult", "Options", "RowProblem", "Table",
           "column_letter", "import_tables", "known_headers", "parse_map", "read_tables"]


@dataclass
class ImportResult:
    written: list[Path] = field(default_factory=list)  # or, with --dry-run, would be
    unchanged: list[str] = field(default_factory=list)
    kept: list[RowProblem] = field(default_factory=list)  # warnings: not written, with why
    refused: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # columns ignored, sheets and rows skipped
    from_command_line: dict[str, int] = field(default_factory=dict)  # "--year 2025-26": rows
    derived_years: dict[str, list[str]] = field(default_factory=dict)  # year: ["Sheet:12"]
    rows_read: int = 0
    write_failed: str | None = None  # the write that failed; `written` holds those before it

    @property
    def ok(self) -> bool:
        """Every data row written or already there (exit 0)."""
        return not self.refused and self.write_failed is None and self.rows_read > 0


def known_headers(mapping: Mapping[str, str]) -> frozenset[str]:
    return frozenset(tracker.header_index()) | frozenset(mapping)


# --- columns -------------------------------------------------------------------------------


def parse_map(items: Sequence[str]) -> dict[str, str]:
    """--map "Local authority=recipients" -> {folded header: field}."""
    index = tracker.header_index()
    mapping: dict[str, str] = {}
    for item in items:
        header, sep, target = item.rpartition("=")
        if not sep or not header.strip() or not target.strip():
            raise UsageError(f"--map '{item}': write it as \"Header in the sheet=field\", e.g. "
                             "--map \"Local authority=recipients\".")
        field_name = index.get(fold(target))
        if field_name is None or field_name in ("roles", "rag"):
            known = [c.field for c in (*tracker.COLUMNS, tracker.FUNDING)]
            raise UsageError(f"--map '{item}': '{target.strip()}' is not a package field"
                             f"{did_you_mean(target.strip(), known)}",
                             hint=f"Fields: {', '.join(known)}.")
        mapping[fold(header)] = field_name
    return mapping


def match_columns(table: Table, mapping: Mapping[str, str]) -> tuple[dict[str, int], list[str]]:
    """field -> column index, and notes on the headers that match no field."""
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
        elif field_name == "rag":
            notes.append(f"{where}: the column '{header}' is a RAG rating (how the work is "
                         "going), not a status; not imported.")
        elif field_name == "roles":
            continue  # how the --la authority takes part: the lists already say it
        elif field_name in found:
            notes.append(f"{where}: a second '{header}' column; only the first is read.")
        else:
            found[field_name] = i
    return found, notes


def _field_of(message: str, columns: Mapping[str, int]) -> str | None:
    head = re.split(r"[\[\].: ]", message, maxsplit=1)[0]
    return head if head in columns else None


# --- one activity, one package --------------------------------------------------------------


def _activity_key(values: Mapping[str, Any]) -> str:
    return repr(sorted((k, v) for k, v in values.items() if k != "recipients"))


def _group(rows: list[RowAnswers], notes: list[str]) -> list[RowAnswers]:
    """Rows that differ only in the authority are one activity: one package with every
    recipient. The same row twice is imported once."""
    groups: dict[str, RowAnswers] = {}
    merged: dict[str, list[int]] = {}
    for row in rows:
        key = _activity_key(row.values)
        first = groups.get(key)
        if first is None:
            groups[key] = row
            continue
        number = row.numbers[0]
        if set(row.values["recipients"]) <= set(first.values["recipients"]):
            same = f"row {first.numbers[0]}" if first.table is row.table else \
                f"{first.table.name}:{first.numbers[0]}"
            notes.append(f"{row.table.name}:{number}: the same as {same}; imported once.")
            continue
        first.values["recipients"] = list(dict.fromkeys(
            [*first.values["recipients"], *row.values["recipients"]]))
        first.numbers.append(number)
        merged.setdefault(key, [first.numbers[0]]).append(number)
    for key, numbers in merged.items():
        row = groups[key]
        notes.append(f"{row.table.name}:{numbers[0]}: rows {', '.join(map(str, numbers))} "
                     "differ only in the authority: one activity, imported as one package "
                     f"with {len(row.values['recipients'])} recipients.")
    return list(groups.values())


# --- the import ------------------------------------------------------------------------------


@dataclass
class _Row:
    table: Table
    number: int
    columns: dict[str, int]
    draft: Any  # tsp.edits.new.Draft
    package: Any  # tsp.models.Package
    own: list[Problem]  # the record's own errors, as the loader finds them


def import_tables(repo: Register, reading: Reading, options: Options, *,
                  dry_run: bool) -> ImportResult:
    """Write (or, with dry_run, plan) one package file per activity.

    Every good row is checked with all the others in place (a row may name a package further
    down as related); a row refused takes out the rows that lean on it, and those are
    checked again, until what is left is sound together. Only then is anything written.
    """
    result = ImportResult(notes=list(reading.notes), refused=list(reading.problems))
    tables, further = split_further(reading.tables)  # tsp's own sheets: funding, …
    result.refused += [RowProblem(p.sheet, p.row, p.column, p.message)
                       for p in further.problems]
    ctx = RowContext(repo, options, further)
    rows: list[RowAnswers] = []
    listed: set[str] = set()
    for table in tables:
        columns, notes = match_columns(table, options.mapping)
        result.notes += notes
        missing = [h for f, h in (("title", "Title"), ("recipients", "Recipients"))
                   if f not in columns]
        if missing:
            result.refused.append(RowProblem(
                table.name, table.header_row, "",
                f"the table has no {' or '.join(missing)} column (use --map "
                f"\"HEADER={missing[0].lower()}\" to name it); none of its rows were read"))
            continue
        sheet_ids = ({read_text(c[columns["id"]]) for _, c in table.rows
                      if columns["id"] < len(c)} if "id" in columns else set())
        listed |= sheet_ids
        for number, cells in table.rows:
            if is_total_row(cells, columns):
                result.notes.append(f"{table.name}:{number}: a Total row; skipped.")
                continue
            result.rows_read += 1
            row, problems = row_answers(ctx, table, number, cells, columns, sheet_ids)
            if problems:
                result.refused += problems
            else:
                rows.append(row)
    result.refused += [RowProblem(p.sheet, p.row, p.column, p.message)
                       for p in further.unknown(listed)]
    pending = _drafts(ctx, _group(rows, result.notes), result)
    good = _check_together(repo, pending, result)
    _write(good, result, dry_run)
    return result


def _drafts(ctx: RowContext, rows: list[RowAnswers], result: ImportResult) -> list[_Row]:
    repo = ctx.repo
    references = names_to_ids(repo)
    by_key = _packages_by_key(repo)
    pending: list[_Row] = []
    planned: set[str] = set()
    for row in rows:
        answers, table, number, columns = row.values, row.table, row.numbers[0], row.columns
        history = answers.pop("status_history", None)
        if history:
            answers["history"] = history
        same = by_key.get(_key(answers))
        if "id" not in answers:
            answers["id"] = (same.id if same is not None and same.year == answers["year"]
                             else _unique(propose_package_id(repo, answers["recipients"],
                                                             answers["title"]), planned))
        try:
            draft = new.render(repo, RecordKind.PACKAGE, answers, ctx.further.fields(
                str(answers["id"]),
                answers.get("history", [] if "status_history" in columns else None)))
        except TspError as exc:
            result.refused.append(RowProblem(table.name, number, column_for(columns, "id"),
                                             str(exc)))
            continue
        # Read back as the loader reads a file: the record, and its own problems with it.
        package, problems = load_text(draft.path, draft.text, Package, references)
        own = [p for p in problems if p.is_error]
        if package is None:
            result.refused += [RowProblem(table.name, number, column_for(
                columns, _field_of(p.message, columns)), p.message) for p in sorted(own)]
            continue
        existing = repo.packages.get(draft.record_id)
        if existing is not None or draft.record_id in planned or any(
                draft.path.with_suffix(s).exists() for s in (".yml", ".yaml")):
            if existing == package:
                result.unchanged.append(draft.record_id)
            else:
                result.kept.append(RowProblem(
                    table.name, number, column_for(columns, "id"),
                    f"the package '{draft.record_id}' is already in the register and "
                    "differs from this row; not overwritten (change it with tsp set)"))
            continue
        if same is not None:
            if same.year == package.year:
                message = "already records this (same title, recipients and year)"
            else:
                message = (f"of {same.year} has the same title and recipients (this row is "
                           f"{package.year}); if it is new work, give it a title that says how")
            result.kept.append(RowProblem(table.name, number, column_for(columns, "title"),
                                          f"the package '{same.id}' {message}; not written"))
            continue
        _count_origins(row, package.year, result)
        planned.add(draft.record_id)
        pending.append(_Row(table, number, dict(columns), draft, package, own))
    return pending


def _key(answers: Mapping[str, Any]) -> tuple[str, tuple[str, ...]]:
    return slugify(str(answers["title"])), tuple(sorted(set(answers["recipients"])))


def _packages_by_key(repo: Register) -> dict[tuple[str, tuple[str, ...]], Any]:
    """Title and recipients -> the package (of any year) that records them: a sheet
    imported again never writes one again, whatever year it would now be given."""
    found: dict[tuple[str, tuple[str, ...]], Any] = {}
    for _, package in sorted(repo.packages.items(), key=lambda p: (p[1].year, p[0])):
        found.setdefault(_key({"title": package.title, "recipients": package.recipients}),
                         package)
    return found


def _count_origins(row: RowAnswers, year: str, result: ImportResult) -> None:
    for name, origin in row.origins.items():
        where = [f"{row.table.name}:{n}" for n in row.numbers]
        if origin == "option":
            label = f"--{name} {row.values[name]}"
            result.from_command_line[label] = result.from_command_line.get(label, 0) + 1
        elif origin == "derived":
            result.derived_years.setdefault(year, []).extend(where)


def _write(good: list[_Row], result: ImportResult, dry_run: bool) -> None:
    if dry_run or not good:
        result.written += [row.draft.path for row in good]
        return
    try:
        good[0].draft.path.parent.mkdir(parents=True, exist_ok=True)
        result.written += create_many([(r.draft.path, r.draft.text.encode("utf-8"))
                                       for r in good])
    except (TspError, OSError) as exc:
        result.written += getattr(exc, "written", [])
        result.write_failed = str(exc).split("; nothing was changed")[0].rstrip(".")


def _unique(candidate: str, planned: set[str]) -> str:
    base, number = candidate, 2
    while candidate in planned:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _check_together(repo: Register, pending: list[_Row], result: ImportResult) -> list[_Row]:
    """The rows that are sound with all the others in place, checked as `tsp validate`
    checks a register (once for all rows, not once per row: a tracker of hundreds of rows
    stays quick). A refused row is taken out and the rest checked again."""
    already = {(p.path, p.message) for p in repo.problems + check(repo)}
    own = {row.draft.path: row.own for row in pending}
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
        trial = Register(repo.root, records, repo.narratives, sources, [], repo.files_read,
                         programme=repo.programme)
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
                column_for(row.columns, _field_of(p.message, row.columns)), p.message)
                for p in sorted(found[row.draft.path])]
        rows = [r for r in rows if all(r is not x for x in refused)]
    return rows
