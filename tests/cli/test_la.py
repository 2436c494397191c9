"""tsp la: an authority's profile and the list of every authority; output and exit codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

CliRun = Callable[..., Result]
READING_BGM = "reading-bgm-workforce-engagement"


def test_la_profile_of_surrey_has_its_codes_and_reorganisation(tsp: CliRun, frozen_root: Path
                                                               ) -> None:
    result = tsp("la", "SRY", repo=frozen_root)
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("Surrey  (surrey)\n")
    assert "ONS GSS code: E10000030\nDfE LA number: 936\n" in out
    assert ("Reorganisation: ends on 2027-03-31; succeeded by East Surrey Council, West "
            "Surrey Council\n") in out
    assert "Packages received:\n  • Hearing the Voice of Families" in out
    data = json.loads(tsp("la", "Surrey", "-f", "json", repo=frozen_root).stdout)
    assert data["reorganisation"]["successors"] == ["East Surrey Council", "West Surrey Council"]
    assert data["reorganisation"]["ends_on"] == "2027-03-31"


def test_la_profile_of_hampshire_has_its_proposed_reorganisation(tsp: CliRun,
                                                                frozen_root: Path) -> None:
    out = tsp("la", "Hampshire", repo=frozen_root).stdout
    assert ("Reorganisation: proposed, not yet decided: Hampshire & Solent, consulted on in "
            "2025-26; new councils expected from 2028-04\n") in out
    data = json.loads(tsp("la", "Hampshire", "-f", "json", repo=frozen_root).stdout)
    assert data["proposed_reorganisation"] == {
        "proposal": "Hampshire & Solent", "consulted": "2025-26", "expected_from": "2028-04"}
    assert "reorganisation" not in data
    assert data["reorganisation_status"].startswith("proposed, not yet decided: Hampshire")


def test_la_profile_of_an_authority_with_no_reorganisation_says_so(tsp: CliRun,
                                                                   frozen_root: Path) -> None:
    assert "Reorganisation: no reorganisation recorded\n" in tsp(
        "la", "Reading", repo=frozen_root).stdout


def test_la_profile_of_kent_has_its_partnership(tsp: CliRun, frozen_root: Path) -> None:
    out = tsp("la", "KCC", repo=frozen_root).stdout
    assert f"Partner on:\n  • Black and Global Majority (BGM) workforce engagement [agreed, " \
           f"2025-26] ({READING_BGM})\n" in out


def test_la_profile_of_medway_has_the_smes_it_lent(tsp: CliRun, frozen_root: Path) -> None:
    out = tsp("la", "Medway", repo=frozen_root).stdout
    assert "Lent subject matter experts in:\n  • Year 1 (2025-26)\n" in out
    data = json.loads(tsp("la", "Medway", "-f", "json", repo=frozen_root).stdout)
    assert data["sme_lending_years"] == ["2025-26"]


def test_la_profile_of_buckinghamshire_has_its_quotes(tsp: CliRun, frozen_root: Path) -> None:
    out = tsp("la", "Bucks", repo=frozen_root).stdout
    assert "Former codes: E10000002 (ended 2020-03-31)\n" in out
    assert "Quotes:\n  • “I enjoyed completing the audits" in out
    data = json.loads(tsp("la", "825", "-f", "json", repo=frozen_root).stdout)
    assert data["quotes"] and data["quotes"][0]["year"] == "2025-26"


def test_la_former_code_without_an_end_date_does_not_say_none(tsp: CliRun,
                                                              minimal: Path) -> None:
    path = minimal / "data/authorities/beta.yaml"
    path.write_text(path.read_text() + "former_codes:\n  - gss_code: E10000903\n")
    assert "Former codes: E10000903\n" in tsp("la", "Beta", repo=minimal).stdout


def test_la_of_an_authority_with_nothing_recorded_says_so(tsp: CliRun, frozen_root: Path) -> None:
    assert "No engagement recorded with this authority yet." in tsp(
        "la", "Slough", repo=frozen_root).stdout


def test_la_list_shows_every_authority(tsp: CliRun, frozen_root: Path,
                                       columns: Callable[[int], None]) -> None:
    columns(80)
    result = tsp("la", "--list", repo=frozen_root)
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("Authorities: 19")
    assert all(len(line) <= 80 for line in out.splitlines())
    # ids are never cut short: each stands whole on its own line under the name
    assert [line.split()[0] for line in out.splitlines() if "maidenhead" in line.lower()][:2] == [
        "Windsor", "windsor-and-maidenhead"]
    assert len(json.loads(tsp("la", "--list", "-f", "json", repo=frozen_root).stdout)) == 19


def test_la_list_with_a_name_is_a_usage_error_not_a_silent_list(tsp: CliRun,
                                                                frozen_root: Path) -> None:
    result = tsp("la", "--list", "zzz", repo=frozen_root)
    assert result.exit_code == 2
    assert "leave out 'zzz'" in result.stderr
    assert result.stdout == ""


def test_la_list_answers_who_has_engaged_and_who_lent_smes(tsp: CliRun,
                                                           frozen_root: Path) -> None:
    result = tsp("la", "--list", repo=frozen_root)
    assert result.exit_code == 0
    assert ("Not yet engaged (5): Bracknell Forest, Isle of Wight, Slough, West Berkshire, "
            "Windsor and Maidenhead") in result.stdout
    rows = {row["id"]: row for row in json.loads(
        tsp("la", "--list", "--format", "json", repo=frozen_root).stdout)}
    assert rows["reading"]["received"] == ["reading-annual-review-mapping",
                                           "reading-bgm-workforce-engagement"]
    assert rows["kent"]["partnered"] == ["reading-bgm-workforce-engagement"]
    lenders = sorted(i for i, row in rows.items() if row["sme_lending_years"] == ["2025-26"])
    assert lenders == ["brighton-and-hove", "east-sussex", "medway", "milton-keynes"]
    assert rows["slough"]["received"] == rows["slough"]["partnered"] == []
