"""docs/json.md: the JSON shapes it documents are the shapes the commands print."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.helpers import CliRun

DOC = (Path(__file__).resolve().parents[2] / "docs" / "json.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    return DOC.split(f"## {title}", 1)[1].split("\n## ", 1)[0]


def test_the_documented_authority_keys_are_what_tsp_la_adds(tsp: CliRun, minimal: Path
                                                             ) -> None:
    documented = re.findall(r"^\| `(\w+)` \|", section("Authority —"), re.MULTILINE)
    shown = json.loads(tsp("la", "Alpha", "-f", "json", repo=minimal).stdout)
    assert list(shown)[-len(documented):] == documented


def test_the_documented_validation_shape_is_what_tsp_validate_prints(
        tsp: CliRun, minimal: Path) -> None:
    example = json.loads(section("Validation").split("```json", 1)[1].split("```", 1)[0])
    path = minimal / "data" / "packages" / "alpha-review.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "statuss: agreed\n", encoding="utf-8")
    shown = json.loads(tsp("validate", "-f", "json", repo=minimal).stdout)
    assert list(shown) == list(example)
    assert list(shown["problems"][0]) == list(example["problems"][0])


def test_every_command_the_page_names_takes_format_json(tsp: CliRun) -> None:
    for command in re.findall(r"^## .* — `tsp (\w+)", DOC, re.MULTILINE):
        assert "json" in tsp(command, "--help").stdout, command


def braced(text: str) -> list[str]:
    """The keys of the first {"a", "b", …} in a section."""
    return re.findall(r'"(\w+)"', text.split("{", 1)[1].split("}", 1)[0])


def test_the_documented_measures_shape_is_what_tsp_measures_prints(
        tsp: CliRun, challenge: Path) -> None:
    shown = json.loads(tsp("measures", "-f", "json", repo=challenge).stdout)
    assert [list(m) for m in shown] == [braced(section("Measures"))] * 2
    assert [(m["id"], m["version"], m["latest_period"], m["figures"]) for m in shown] == [
        ("timeliness", 2, "2024", 15), ("waiting", 1, "2024-25", 4)]


def test_the_documented_comparison_shape_is_what_tsp_compare_prints(
        tsp: CliRun, challenge: Path) -> None:
    text = section("Comparisons")
    top = re.findall(r"`(\w+)`", text.split("each a list of", 1)[0])
    standing = braced(text.split("each a list of", 1)[1])
    shown = json.loads(tsp("compare", "timeliness", "--la", "alpha", "-f", "json",
                           repo=challenge).stdout)
    assert list(shown) == top + ["neighbours"]
    assert all(list(s) == standing for s in shown["authorities"] + shown["comparators"])
    neighbours = shown["neighbours"]
    assert list(neighbours) == braced(text.split("`neighbours` is", 1)[1])
    assert list(neighbours["rows"][0]) == standing + ["closeness"]


def test_the_documented_proposal_shape_is_what_tsp_la_prints(tsp: CliRun, minimal: Path
                                                             ) -> None:
    text = section("Authority —")
    documented = braced(text.split("`proposed_reorganisation`:", 1)[1])
    path = minimal / "data/authorities/beta.yaml"
    path.write_text(path.read_text() + "proposed_reorganisation:\n  proposal: Beta & Gamma\n"
                    "  consulted: 2025-26\n  expected_from: 2028-04\n  note: Two options.\n")
    shown = json.loads(tsp("la", "Beta", "-f", "json", repo=minimal).stdout)
    assert list(shown["proposed_reorganisation"]) == documented
    assert shown["proposed_reorganisation"]["expected_from"] == "2028-04"
    assert shown["reorganisation_status"] == (
        "proposed, not yet decided: Beta & Gamma, consulted on in 2025-26; new councils "
        "expected from 2028-04")
