"""One YAML file as one record, or its problems, each at its file, line and column.

The safe parser (tsp.yaml_io) reads the text; the record's model (tsp.models) validates it, and
each validation error becomes a problem placed at the field it is about, in words a newcomer
can act on (tsp.schema_messages). An edit's text is checked the same way before it is written
(`load_text`). The cache (tsp.load.cache) may answer for the parse of bytes seen before.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from tsp.authorities import resolve
from tsp.errors import TspError
from tsp.load.cache.store import ParseCache, digest
from tsp.models.common import Record, slugify
from tsp.problems import Problem, Severity
from tsp.register import Loc, Register
from tsp.schema_messages import References, describe_validation_error
from tsp.text_io import MAX_FILE_BYTES, YamlProblem, decode, read_bytes, read_text, text_of
from tsp.yaml_io import parse
from tsp.yaml_positions import Locator, comments_after_text, top_level_keys

MAX_PROBLEMS_PER_FILE = 50
# A record has about twenty fields; a file with more top-level keys than this is not parsed
# (100,000 of them take seconds to build), only its unknown keys listed, up to the cap.
MAX_TOP_LEVEL_KEYS = 1000

R = TypeVar("R", bound=Record)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _read_data(path: Path, cache: ParseCache | None, raw: bytes | None = None
               ) -> tuple[Any, str | None]:
    """The file's parsed data, and its text when it had to be decoded (None from the cache).
    `raw`: the file's bytes, when they were read already (or come from git, not the disk)."""
    if cache is None:
        text = read_text(path) if raw is None else text_of(raw)
        return parse(text), text
    if raw is None:
        raw = read_bytes(path)  # a regular file of at most MAX_FILE_BYTES, else YamlProblem
    elif len(raw) > MAX_FILE_BYTES:
        text_of(raw)  # raises "too large"
    key = digest(raw)
    hit, data = cache.get(key)
    if hit:
        return data, None
    text = decode(raw)
    data = parse(text)
    cache.put(key, data)
    return data, text


def _too_many_keys(path: Path, model: type[R], raw: bytes | None = None
                   ) -> list[Problem] | None:
    """The problems of a file with far more top-level keys than any record, found by one pass
    over its lines; None for an ordinary file."""
    try:
        text = read_text(path) if raw is None else text_of(raw)
        keys = top_level_keys(text, MAX_TOP_LEVEL_KEYS)
    except YamlProblem:
        return None  # the parse that follows reports it
    if keys is None:
        return None
    allowed = list(model.model_fields)
    unknown = [(name, line) for name, line in keys if name not in model.model_fields]
    problems = [Problem(path, line, 1, Severity.ERROR, f"unknown field '{name}'; allowed here: "
                        f"{', '.join(allowed)}", "schema")
                for name, line in unknown[:MAX_PROBLEMS_PER_FILE]]
    more = len(unknown) - MAX_PROBLEMS_PER_FILE
    problems.append(Problem(path, 1, 1, Severity.ERROR,
                            f"the file has {len(keys):,} top-level keys; a record has at most "
                            f"{len(allowed)} fields" + (f" (… and {more:,} more problems in "
                                                        "this file)" if more > 0 else ""),
                            "schema"))
    return problems


def load_record(path: Path, model: type[R], *, cache: ParseCache | None = None,
                raw: bytes | None = None, references: References | None = None
                ) -> tuple[R | None, list[Problem]]:
    """One file as one record, or the problems that stop it being one (`raw`: its bytes,
    when they were read already; `references` lets a message name the id meant by a name
    written where an id belongs)."""
    size = len(raw) if raw is not None else _size(path)
    crowded = _too_many_keys(path, model, raw) if size > 64 * 1024 else None
    if crowded is not None:
        return None, crowded
    try:
        data, text = _read_data(path, cache, raw)
    except YamlProblem as exc:
        return None, [Problem(path, exc.line, exc.column, Severity.ERROR, exc.message, exc.code)]
    if text is None and raw is not None:
        text = text_of(raw)  # positions of problems come from these bytes, not the disk
    record, problems = _record(path, data, text, model, references)
    return record, problems + _comments_after_text(path, text)


def _comments_after_text(path: Path, text: str | None) -> list[Problem]:
    """A warning for each comment after a plain value: YAML drops it from the value without
    a word (`summary: For the team # for SEND`). A warning, and the record still loads: a
    comment may be meant."""
    if text is None:  # the parse came from the cache; the text is needed only for this
        try:
            text = read_text(path)
        except YamlProblem:
            return []
    if " #" not in text and "\t#" not in text:
        return []
    return [Problem(path, line, column, Severity.WARNING,
                    f"text after # is a YAML comment, so the value is '{kept[:60]}' and "
                    f"'{dropped[:60]}' is dropped; if it belongs to the value, quote the "
                    "value (or move the comment to a line of its own)", "comment-after-text")
            for line, column, kept, dropped in comments_after_text(text)]


def load_text(path: Path, text: str, model: type[R], references: References | None = None
              ) -> tuple[R | None, list[Problem]]:
    """`text` as the record the file at `path` would hold, without reading or writing it: how an
    edit is checked before it is written."""
    try:
        # The bytes the file would hold, read back as the loader reads a file.
        text = text_of(text.encode("utf-8"))
        data = parse(text)
    except YamlProblem as exc:
        return None, [Problem(path, exc.line, exc.column, Severity.ERROR, exc.message, exc.code)]
    return _record(path, data, text, model, references)


def _record(path: Path, data: Any, text: str | None, model: type[R],
            references: References | None = None) -> tuple[R | None, list[Problem]]:
    if data is None:
        return None, [
            Problem(path, 1, 1, Severity.ERROR, "the file is empty; it should hold the record's fields "
                    "as 'key: value' lines", "empty")
        ]
    if not isinstance(data, dict):
        found = "a list" if isinstance(data, list) else f"a single value ({data!r:.40})"
        return None, [
            Problem(path, 1, 1, Severity.ERROR, f"the file holds {found}; it should hold a mapping "
                    "of fields ('key: value' lines), one record per file", "not-mapping")
        ]
    problems: list[Problem] = []
    locator: Locator | None = None

    def find(loc: Loc, key: bool = False) -> tuple[int, int]:
        nonlocal locator
        if locator is None:
            locator = Locator(text if text is not None else read_text(path))
        return locator.find(loc, key=key)

    record_id = data.get("id")
    if isinstance(record_id, str | int | float) and not isinstance(record_id, bool) and str(
        record_id
    ) != path.stem:
        line, column = find(("id",))
        problems.append(Problem(
            path, line, column, Severity.ERROR,
            f"id '{record_id}' does not match the file name '{path.name}'; the id and the "
            f"file name must be the same ({_rename_advice(str(record_id), path)})",
            "id-mismatch",
        ))
    try:
        record = model.model_validate(data)
    except ValidationError as exc:
        for loc, message, at_key in describe_validation_error(exc, model, references,
                                                              MAX_PROBLEMS_PER_FILE):
            line, column = find(loc, key=at_key)
            problems.append(Problem(path, line, column, Severity.ERROR, message, "schema"))
        more = exc.error_count() - MAX_PROBLEMS_PER_FILE
        if more > 0:
            # 100,000 unknown keys must not take half a minute and print 28 MB.
            problems.append(Problem(path, 1, 1, Severity.ERROR,
                                    f"… and {more:,} more problems in this file (tsp shows "
                                    f"the first {MAX_PROBLEMS_PER_FILE})", "schema"))
        return None, problems
    return (None if problems else record), problems


def _rename_advice(record_id: str, path: Path) -> str:
    """How to make id and file name agree, offering only what is itself a valid id: a file
    named Slough-Transitions.yaml is renamed, never matched with id: Slough-Transitions."""
    stem_ok = re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", path.stem) is not None
    id_ok = re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", record_id) is not None
    if stem_ok and id_ok:
        return f"rename the file to {record_id}{path.suffix} or set id: {path.stem}"
    if id_ok:
        return f"rename the file to {record_id}{path.suffix}"
    if stem_ok:
        return f"set id: {path.stem}"
    slug = slugify(path.stem) or "an-id"
    return f"rename the file to {slug}{path.suffix} and set id: {slug}"


def names_to_ids(register: Register) -> References:
    """What a name written where an id belongs means, from the authorities loaded so far
    (authorities load first): only a name that resolves to exactly one."""
    def meant(folder: str, text: str) -> str | None:
        if folder != "authorities":
            return None
        try:
            return resolve(register.authorities, text).id
        except TspError:
            return None
    return meant


