"""The programme a register serves and the region it covers, as data/programme.yaml says
(tsp.load.programme reads the file into `Register.programme`).

The region is data, never code: tsp works for any of England's nine regions, and the region's
code and name (the comparator beside England in every ranking) come from this one file,
which `tsp init --region` writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from tsp.models.common import Record, Text, slugify

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


NONE = Programme("", None)  # a register with no data/programme.yaml
