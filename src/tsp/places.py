"""The places a figure can be for: the register's authorities, England and the register's
region beside them (data/programme.yaml names it), and (for statistical neighbours) any other
English authority in DfE's list."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from tsp.models.common import slugify
from tsp.programme import ENGLAND_CODE, Programme
from tsp.safe_fs import Unsafe, read_bytes

if TYPE_CHECKING:
    from tsp.register import Register

REFERENCE_DIR = Path("data") / "reference"
LA_LIST = "dfe-las.csv"
NEIGHBOURS = "statistical-neighbours-2025.csv"
HEXMAP = "uk-upper-tier-local-authorities.hexjson"
# DfE's list of every authority is 14 kB and the hex map 13 kB: 16 MB is room for any
# region's, and far short of what a link to /dev/zero would fill memory with.
MAX_REFERENCE_BYTES = 16 * 1024 * 1024


class PlaceKind(StrEnum):
    AUTHORITY = "authority"  # one of the register's authorities
    COMPARATOR = "comparator"  # England, the region
    OTHER = "other"  # another English authority, by its GSS code


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    kind: PlaceKind
    gss_code: str | None
    dfe_code: str | None


ENGLAND = Place("england", "England", PlaceKind.COMPARATOR, ENGLAND_CODE, None)


def comparators(programme: Programme) -> tuple[Place, ...]:
    """The register's region (where data/programme.yaml names one), then England."""
    region = programme.region
    if region is None:
        return (ENGLAND,)
    return (Place(slugify(region.name), region.name, PlaceKind.COMPARATOR, region.code, None),
            ENGLAND)


def read_reference(root: Path, name: str) -> bytes | None:
    """A reference file's bytes; None when it is absent, too large, or anything but a
    regular file inside the repository (a link out, a FIFO, a device): the scan of data/
    reports those, and no reader may open what it refuses."""
    try:
        data = read_bytes(root / REFERENCE_DIR / name, root, MAX_REFERENCE_BYTES)
    except (Unsafe, FileNotFoundError):
        return None
    return data if len(data) <= MAX_REFERENCE_BYTES else None


def read_reference_csv(root: Path, name: str) -> list[dict[str, str]]:
    """A reference CSV as rows of column: value; none when the file is absent or unsafe."""
    data = read_reference(root, name)
    if data is None:
        return []
    text = data.decode("utf-8-sig", errors="replace")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@dataclass
class Places:
    """Every place by id, and the ways a DfE file names one."""

    by_id: dict[str, Place]
    by_gss: dict[str, str]
    by_dfe: dict[str, str]
    former: dict[str, str]  # retired GSS code -> place id
    comparators: tuple[Place, ...] = (ENGLAND,)  # the region (if any), then England

    @property
    def region(self) -> Place | None:
        return self.comparators[0] if len(self.comparators) > 1 else None

    def get(self, place_id: str) -> Place | None:
        return self.by_id.get(place_id)

    def name(self, place_id: str) -> str:
        place = self.by_id.get(place_id)
        return place.name if place else place_id

    def authorities(self) -> list[Place]:
        return [p for p in self.by_id.values() if p.kind is PlaceKind.AUTHORITY]


def load_places(repo: Register) -> Places:
    by_id: dict[str, Place] = {}
    by_gss: dict[str, str] = {}
    by_dfe: dict[str, str] = {}
    former: dict[str, str] = {}
    for authority in repo.authorities.values():
        by_id[authority.id] = Place(authority.id, authority.name, PlaceKind.AUTHORITY,
                                    authority.gss_code, authority.dfe_la_code)
        if authority.gss_code:
            by_gss[authority.gss_code] = authority.id
        if authority.dfe_la_code:
            by_dfe[authority.dfe_la_code] = authority.id
        for retired in authority.former_codes:
            former[retired.gss_code] = authority.id
    beside = comparators(repo.programme)
    for place in beside:
        by_id[place.id] = place
        if place.gss_code:
            by_gss[place.gss_code] = place.id
    rows = read_reference_csv(repo.root, LA_LIST)
    live = [r for r in rows if r.get("status") == "live"]
    for row in live + [r for r in rows if r.get("status") != "live"]:
        code, dfe = row.get("new_la_code", ""), row.get("old_la_code", "")
        if not code or code in by_gss or code in former:
            continue
        if row.get("status") != "live":
            successor = by_dfe.get(dfe)
            if successor is not None:
                former[code] = successor
            continue
        by_id[code] = Place(code, row.get("la_name", code), PlaceKind.OTHER, code, dfe or None)
        by_gss[code] = code
        if dfe and dfe not in by_dfe:
            by_dfe[dfe] = code
    return Places(by_id, by_gss, by_dfe, former, beside)
