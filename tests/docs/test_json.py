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
