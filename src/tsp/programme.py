"""The programme a register serves and the region it covers, read from data/programme.yaml.

The region is data, never code: tsp works for any of England's nine regions, and the region's
code and name (the comparator beside England in every ranking) come from this one file,
which `tsp init --region` writes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from tsp.models.common import Record, Text, slugify
from tsp.problems import Problem

PROGRAMME_FILE = Path("data") / "programme.yaml"
ENGLAND_CODE = "E92000001"


class Region(Record):
    """An English region (ONS), whose figures stand beside England's."""

    code: str = Field(pattern=r"^E12\d{6}$", description="The region's ONS (GSS) code, "
                      "E12 and six digits")
    name: Text = Field(description="The region's name as ONS and DfE write it")


class ProgrammeInfo(Record):
    """What data/programme.yaml holds."""

    programme: Text = Field(description="The programme's name, as its readers know it")
    region: Region | None = Field(None, description="The region the register covers")


@dataclass(frozen=True)
class Programme:
    """The programme, and its region's place id (a slug of its name: south-east, london)."""

    name: str
    region: Region | None

    @property
    def region_id(self) -> str | None:
        return slugify(self.region.name) if self.region else None


NONE = Programme("", None)
_read: dict[tuple[str, int, int], tuple[Programme, list[Problem]]] = {}


def read_programme(root: Path) -> tuple[Programme, list[Problem]]:
    """The programme of the register at `root` and the problems of its file; a register
    without the file has no region (England alone stands beside its authorities)."""
    from tsp.load.parse import load_record  # deferred: tsp.load → tsp.checks → tsp.programme

    path = root / PROGRAMME_FILE
    try:
        info = os.stat(path)
    except OSError:
        return NONE, []
    key = (str(path), info.st_mtime_ns, info.st_size)
    if key not in _read:
        record, problems = load_record(path, ProgrammeInfo)
        found = Programme(record.programme, record.region) if record else NONE
        _read.clear()
        _read[key] = (found, problems)
    return _read[key]


def programme_of(root: Path) -> Programme:
    return read_programme(root)[0]
