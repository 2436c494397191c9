"""tsp.authorities: what people type, resolved to one authority or refused with suggestions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pydantic import ValidationError

from tsp.authorities import normalise, resolve, suggest
from tsp.errors import NotFound
from tsp.models import Authority, AuthorityType, Reorganisation
from tests.helpers import FROZEN
from tsp.load import load_checked


@pytest.fixture(scope="module")
def authorities() -> dict[str, Authority]:
    return load_checked(FROZEN).authorities


@pytest.mark.parametrize("text, expected", [
    ("reading", "reading"),                                   # id
    ("Windsor and Maidenhead", "windsor-and-maidenhead"),     # official name
    ("Bucks", "buckinghamshire"),                             # aliases
    ("Oxford", "oxfordshire"),
    ("B&H", "brighton-and-hove"),
    ("RBWM", "windsor-and-maidenhead"),
    ("E06000060", "buckinghamshire"),                         # GSS code
    ("e06000060", "buckinghamshire"),
    ("E10000002", "buckinghamshire"),                         # former GSS code
    ("825", "buckinghamshire"),                               # DfE number
    ("RDG", "reading"),                                       # register code
    ("brighton & hove", "brighton-and-hove"),                 # case, punctuation, & / and
    ("Brighton-and-Hove", "brighton-and-hove"),
    ("BRIGHTON AND HOVE COUNCIL", "brighton-and-hove"),
    ("Brighton and Hove City Council", "brighton-and-hove"),
    ("Kent County Council", "kent"),
    ("  milton   keynes ", "milton-keynes"),
    ("Royal Borough of Windsor & Maidenhead", "windsor-and-maidenhead"),
])
def test_every_way_of_naming_an_authority_resolves(authorities: dict[str, Authority],
                                                   text: str, expected: str) -> None:
    assert resolve(authorities, text).id == expected


@pytest.mark.parametrize("text, candidates", [
    ("SCC", ["Southampton", "Surrey"]),
    ("WBC", ["West Berkshire", "Wokingham"]),
    ("West", ["West Berkshire", "West Sussex"]),
])
def test_ambiguous_input_lists_the_candidates(authorities: dict[str, Authority], text: str,
                                              candidates: list[str]) -> None:
    with pytest.raises(NotFound) as caught:
        resolve(authorities, text)
    assert str(caught.value).startswith(f"'{text}' could mean more than one authority: "
                                        f"{', '.join(candidates)}.")
    assert caught.value.suggestions == candidates
    assert caught.value.exit_code == 2


@pytest.mark.parametrize("text, suggestions", [
    ("Readng", ["Reading"]),
    ("Hove", ["Brighton and Hove"]),
    ("Milton", ["Milton Keynes"]),
    ("zzzz", []),
])
def test_unknown_input_suggests_what_it_may_mean(authorities: dict[str, Authority], text: str,
                                                 suggestions: list[str]) -> None:
    with pytest.raises(NotFound) as caught:
        resolve(authorities, text)
    assert str(caught.value).startswith(f"No authority matches '{text}'.")
    assert caught.value.suggestions == suggestions
    assert caught.value.hint == (f"Did you mean: {', '.join(suggestions)}?" if suggestions
                                 else None)


def test_a_truncated_code_is_not_guessed(authorities: dict[str, Authority]) -> None:
    with pytest.raises(NotFound):
        resolve(authorities, "E0600006")  # a prefix of Buckinghamshire's E06000060


def test_a_prefix_never_resolves_to_a_longer_name(authorities: dict[str, Authority]) -> None:
    # A unique prefix today is a wrong answer tomorrow: with "Kent and Medway" registered
    # and "Kent" ended, "Kent" must not quietly mean the new council.
    kent_and_medway = Authority(id="kent-and-medway", name="Kent and Medway",
                                type=AuthorityType.UNITARY)
    others = {k: v for k, v in authorities.items() if k != "kent"}
    others["kent-and-medway"] = kent_and_medway
    with pytest.raises(NotFound) as caught:
        resolve(others, "Kent")
    assert caught.value.suggestions == ["Kent and Medway"]
    both = {**authorities, "kent-and-medway": kent_and_medway}
    assert resolve(both, "Kent").id == "kent"
    assert resolve(both, "Kent & Medway").id == "kent-and-medway"


def test_a_successor_council_without_a_record_is_explained(authorities: dict[str, Authority]
                                                           ) -> None:
    with pytest.raises(NotFound) as caught:
        resolve(authorities, "East Surrey")
    assert str(caught.value) == ("'East Surrey Council' has no record in the register yet: it "
                                 "succeeds Surrey, which ends on 2027-03-31.")
    assert caught.value.suggestions == ["Surrey"]


def test_empty_input_is_unknown(authorities: dict[str, Authority]) -> None:
    with pytest.raises(NotFound, match="No authority matches '  '"):
        resolve(authorities, "  ")


def test_normalise_folds_case_punctuation_and_and() -> None:
    assert normalise("Brighton & Hove") == normalise("brighton-and-hove") == "brightonhove"
    assert normalise("Kent County Council") == "kent"
    assert normalise("Council") == "council"


def test_suggest_is_limited_and_ordered(authorities: dict[str, Authority]) -> None:
    assert suggest(authorities, "sus") == ["East Sussex", "West Sussex"]
    assert len(suggest(authorities, "e", limit=3)) <= 3


def test_reorganisation_is_part_of_the_record() -> None:
    surrey = Authority(id="s", name="S", type=AuthorityType.COUNTY,
                       reorganisation=Reorganisation(ends_on=dt.date(2027, 3, 31)))
    assert surrey.active_on(dt.date(2027, 3, 31))
    assert not surrey.active_on(dt.date(2027, 4, 1))


def test_a_proposed_reorganisation_is_part_of_the_record_and_ends_nothing() -> None:
    hampshire = Authority.model_validate({
        "id": "h", "name": "H", "type": "county",
        "proposed_reorganisation": {"proposal": "Hampshire & Solent", "consulted": "2025-26",
                                    "expected_from": "2028-04"}})
    proposal = hampshire.proposed_reorganisation
    assert proposal is not None
    assert (proposal.proposal, proposal.consulted, proposal.expected_from) == (
        "Hampshire & Solent", "2025-26", "2028-04")
    assert hampshire.reorganisation is None
    assert hampshire.active_on(dt.date(2030, 1, 1))  # not decided: the authority goes on


@pytest.mark.parametrize("proposal", [
    {"proposal": "H", "expected_from": "2028-13"},    # not a month
    {"proposal": "H", "expected_from": "April 2028"},  # not a partial date
    {"proposal": "", "consulted": "2025-26"},          # the area is what it is about
    {"consulted": "2025-26"},                          # … and is required
    {"proposal": "H", "ends_on": "2028-03-31"},        # an end date is for a decided one
])
def test_a_bad_proposed_reorganisation_is_refused(proposal: dict[str, str]) -> None:
    with pytest.raises(ValidationError):
        Authority.model_validate({"id": "h", "name": "H", "type": "county",
                                  "proposed_reorganisation": proposal})
