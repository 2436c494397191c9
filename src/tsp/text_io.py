"""Reading a data file's bytes and text safely, whatever the file holds: a YAML record, a
year's Markdown narrative, the figures file tsp figures import merges into.

A file is read only if it is a regular file of at most the size given (a FIFO or a device
swapped in for a record is refused, not waited on), and as UTF-8; `check_printable` refuses
a character no report can show. `YamlProblem` says what is wrong, with a position. Parsing
YAML is tsp.yaml_io's: the narrative and figures readers need this module, not a YAML
parser.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from tsp.safe_fs import NotRegular, open_regular, read_at_most

MAX_FILE_BYTES = 1024 * 1024
# The characters YAML lets a file hold (YAML 1.2, 5.1 "c-printable"). The reader refuses any
# other written raw, but an escape ("\x01", "\uffff") still puts one in a value, and a report
# cannot show it: Word documents are XML, and python-docx refuses the string mid-render.
# Written as the characters refused (C0 and C1 controls but tab, newline, return and NEL;
# surrogates; U+FFFE and U+FFFF), the same set as the negated class
# [^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff] (checked over every
# code point), which takes 20 times as long to compile (~5 ms on every run).
NOT_PRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)


class YamlProblem(Exception):
    """A file that cannot be read as YAML data; line and column are 1-based."""

    def __init__(self, message: str, line: int = 1, column: int = 1, code: str = "yaml") -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.code = code


def read_bytes(path: Path, limit: int | None = MAX_FILE_BYTES) -> bytes:
    """The file's bytes, refusing anything that is not a regular file or is larger than
    `limit` (None: any size, for a file whose size was vetted elsewhere).

    Opened without blocking and checked on the open file: a FIFO or a device where a record
    should be (swapped in after the folder was walked) is refused instead of hanging CI."""
    try:
        fd, _ = open_regular(path)
    except NotRegular as exc:
        raise YamlProblem("this is a folder, not a file; tsp reads data files only"
                          if exc.is_folder else "this is not a regular file (a FIFO, socket "
                          "or device); tsp reads only regular files", code="io") from None
    except IsADirectoryError as exc:
        raise YamlProblem("this is a folder, not a file; tsp reads data files only",
                          code="io") from exc
    except OSError as exc:
        raise YamlProblem(f"cannot read the file: {exc.strerror}", code="io") from exc
    try:
        # a byte over the limit tells it is over
        data = read_at_most(fd, None if limit is None else limit + 1)
    except OSError as exc:
        raise YamlProblem(f"cannot read the file: {exc.strerror}", code="io") from exc
    finally:
        os.close(fd)
    if limit is not None and len(data) > limit:
        size = max(len(data), _size(path))
        raise YamlProblem(
            f"the file is {size:,} bytes; tsp reads data files of at most "
            f"{limit:,} bytes",
            code="too-large",
        )
    return data


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def read_text(path: Path) -> str:
    """The file's text, refusing files that are too large, not regular, or not UTF-8."""
    return decode(read_bytes(path))


def text_of(data: bytes) -> str:
    """A data file's bytes as text, refusing too many bytes or bytes that are not UTF-8."""
    if len(data) > MAX_FILE_BYTES:
        raise YamlProblem(
            f"the file is {len(data):,} bytes; tsp reads data files of at most "
            f"{MAX_FILE_BYTES:,} bytes",
            code="too-large",
        )
    return decode(data)


def decode(data: bytes) -> str:
    """UTF-8 text (a byte-order mark is dropped); else YamlProblem at the first bad byte."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlProblem(
            "the file is saved as UTF-16; save it as UTF-8 (in most editors: Save with "
            "Encoding > UTF-8)",
            code="encoding",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = len(data[data.rfind(b"\n", 0, exc.start) + 1: exc.start].decode(
            "utf-8", errors="replace")) + 1
        raise YamlProblem(
            f"byte 0x{data[exc.start]:02x} is not UTF-8; save the file as UTF-8 "
            "(in most editors: Save with Encoding > UTF-8)",
            line,
            column,
            code="encoding",
        ) from exc


def check_printable(text: str) -> None:
    """YamlProblem at the first character no report can show, in text that no YAML reader
    has checked (a year's narrative Markdown)."""
    found = NOT_PRINTABLE.search(text)
    if found is not None:
        line, column = line_and_column(text, found.start())
        raise YamlProblem(f"the character U+{ord(found.group()):04X} is not allowed in tsp data "
                          "(a report cannot show it); delete it", line, column, code="yaml")


def line_and_column(text: str, offset: int | None) -> tuple[int, int]:
    """The 1-based line and column of a character offset in `text` (1, 1 where unknown)."""
    if offset is None:
        return 1, 1
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1
