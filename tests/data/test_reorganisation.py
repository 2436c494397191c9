"""The live register records the local government reorganisation that the region's reference
(../shared/reference/README.md) describes: Surrey's is decided; proposals for four areas were
consulted on in 2025-26 with new councils expected from April 2028.

A check of the register, not a test of code: it asserts what growth cannot change. A proposal
that is later decided becomes the authority's `reorganisation` (and its proposal is removed),
so either is accepted; other authorities may gain proposals."""

from __future__ import annotations

import pytest
from ruamel.yaml import YAML

from tests.helpers import DATA_ROOT, SHARED
from tsp.models import Authority

README = SHARED / "reference" / "README.md"
# Each proposal area as the reference names it, and the authorities it is read to cover.
PROPOSALS = {
    "Hampshire & Solent": ("hampshire", "isle-of-wight", "portsmouth", "southampton"),
    "Sussex": ("brighton-and-hove", "east-sussex", "west-sussex"),
    "Kent & Medway": ("kent", "medway"),
    "Oxfordshire/West Berkshire": ("oxfordshire", "west-berkshire"),
}


def authority(authority_id: str) -> Authority:
    path = DATA_ROOT / "data" / "authorities" / f"{authority_id}.yaml"
    return Authority.model_validate(YAML(typ="safe").load(path.read_text(encoding="utf-8")))


@pytest.mark.skipif(not README.is_file(), reason=f"{README} is not there: shared/ is not "
                    "beside this checkout (set TSP_SHARED to it)")
def test_the_proposal_areas_are_the_reference_s() -> None:
    text = " ".join(README.read_text(encoding="utf-8").split())
    assert ("proposals for Hampshire & Solent, Sussex, Kent & Medway and Oxfordshire/West "
            "Berkshire were consulted on in 2025-26 with new councils expected from April "
            "2028") in text
    assert all(area in text for area in PROPOSALS)


@pytest.mark.parametrize(("area", "authority_id"), [
    (area, authority_id) for area, ids in PROPOSALS.items() for authority_id in ids])
def test_each_authority_carries_its_proposal_or_a_decision(area: str, authority_id: str) -> None:
    record = authority(authority_id)
    if record.reorganisation is not None:  # decided since: the proposal is superseded
        return
    proposal = record.proposed_reorganisation
    assert proposal is not None, f"{authority_id} has no proposed_reorganisation"
    assert proposal.proposal == area
    assert proposal.consulted == "2025-26"
    # April 2028, or a day in it once one is known
    assert (proposal.expected_from or "").startswith("2028-04"), proposal.expected_from


def test_surrey_s_reorganisation_is_decided() -> None:
    surrey = authority("surrey")
    assert surrey.reorganisation is not None
    assert surrey.proposed_reorganisation is None


def test_every_reorganisation_a_reader_sees_gives_its_source() -> None:
    """A reorganisation or proposal reaches readers' reports; none is shown without where it
    comes from (issue 17)."""
    for path in sorted((DATA_ROOT / "data" / "authorities").glob("*.yaml")):
        record = authority(path.stem)
        shown = record.reorganisation or record.proposed_reorganisation
        if shown is not None:
            assert shown.source, path.stem
