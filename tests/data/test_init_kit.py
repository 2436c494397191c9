"""tsp init's kit and this register agree: the kit's copies of DfE's reference files are this
register's, and `tsp init --region "South East"` gives the verified codes of the reference
list (../shared/reference/south-east-authorities.csv)."""

from __future__ import annotations

import csv

import pytest

from tests.helpers import CHECKOUT, DATA_ROOT, SHARED
from tsp.init import choose_region, kit_root, region_authorities

REFERENCE = SHARED / "reference" / "south-east-authorities.csv"


@pytest.mark.parametrize("name", ["dfe-las.csv", "statistical-neighbours-2025.csv",
                                  "uk-upper-tier-local-authorities.hexjson"])
def test_the_kit_holds_this_register_s_reference_files(name: str) -> None:
    assert (CHECKOUT / "kit" / "reference" / name).read_bytes() == \
        (DATA_ROOT / "data" / "reference" / name).read_bytes()


@pytest.mark.skipif(not REFERENCE.is_file(), reason=f"{REFERENCE} is not there")
def test_the_south_east_from_dfe_s_list_has_the_verified_codes() -> None:
    kit = kit_root()
    found = {a.gss_code: a.dfe_la_code for a in
             region_authorities(kit, choose_region(kit, "South East"))}
    with REFERENCE.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(found) == len(rows) == 19
    columns = rows[0].keys()
    gss = next(c for c in columns if "gss" in c.lower())
    dfe = next(c for c in columns if "dfe" in c.lower())
    assert found == {r[gss]: r[dfe].zfill(3) for r in rows}
