"""The live register's authorities carry the codes of the verified reference list
(../shared/reference/south-east-authorities.csv). More authorities may be added (a successor
council, say); none of the nineteen may lose or change a code."""

from __future__ import annotations

import csv

import pytest

from tests.helpers import DATA_ROOT, SHARED
from tsp.load import load_checked

REFERENCE = SHARED / "reference" / "south-east-authorities.csv"


@pytest.mark.skipif(not REFERENCE.is_file(), reason=f"{REFERENCE} is not there: shared/ is not "
                    "beside this checkout (set TSP_SHARED to it)")
def test_every_authority_of_the_reference_carries_its_verified_codes() -> None:
    repo = load_checked(DATA_ROOT)
    by_name = {a.name: a for a in repo.authorities.values()}
    rows = list(csv.DictReader(REFERENCE.open(encoding="utf-8")))
    assert len(rows) == 19  # the reference list itself, not the register
    missing = sorted(row["name"] for row in rows if row["name"] not in by_name)
    assert missing == []
    for row in rows:
        authority = by_name[row["name"]]
        assert (authority.gss_code, authority.dfe_la_code, str(authority.type),
                authority.register_code) == (row["gss_code"], row["dfe_la_code"], row["type"],
                                             row["register_code"]), row["name"]
        for alias in filter(None, row["aliases_seen_in_sources"].split(";")):
            assert alias in authority.aliases, (row["name"], alias)
