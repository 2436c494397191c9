"""The JSON Schema files: generated from the models, committed, and usable by other tools."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import CHECKOUT, FIXTURES
from tsp.kinds import KINDS, RecordKind
from tsp.schema import generate, schema_for

CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
FOLDERS = {kind.noun: kind.folder for kind in KINDS}


def check_jsonschema(schema: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    if not CHECK_JSONSCHEMA.exists():  # pragma: no cover - it is in the test extra
        pytest.skip("check-jsonschema is not installed beside this Python")
    return subprocess.run(
        [str(CHECK_JSONSCHEMA), "--schemafile", str(schema), *map(str, files)],
        capture_output=True, text=True, check=False,
    )


def test_the_committed_schemas_are_what_the_models_generate() -> None:
    # If this fails, run `tsp schema` and commit schemas/. The ids the schemas list come from
    # the live register (tests/data checks those); here, only what the models make.
    package = json.loads((CHECKOUT / "schemas" / "package.schema.json").read_text())
    known = {"authorities": package["properties"]["recipients"]["items"]["enum"]}
    for schema in generate(known):
        assert (CHECKOUT / schema.relative).read_text(encoding="utf-8") == schema.text, \
            schema.relative


def test_generation_is_stable_and_readable() -> None:
    first, second = generate(), generate()
    assert [s.text for s in first] == [s.text for s in second]
    for item in first:
        assert item.text.endswith("}\n")
        data = json.loads(item.text)
        assert list(data)[:5] == ["$schema", "$id", "title", "description", "type"]
        assert data["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_fields_keep_the_models_order_and_descriptions() -> None:
    package = schema_for(RecordKind.PACKAGE)
    assert list(package["properties"])[:5] == ["id", "title", "year", "years", "status"]
    assert package["properties"]["recipients"]["description"] == \
        "Authorities that receive the support"
    assert package["additionalProperties"] is False


@pytest.mark.parametrize("name", list(FOLDERS))
def test_check_jsonschema_accepts_the_frozen_register(frozen_root: Path, name: str) -> None:
    files = sorted((frozen_root / "data" / FOLDERS[name]).glob("*.yaml"))
    assert files
    result = check_jsonschema(CHECKOUT / "schemas" / f"{name}.schema.json", *files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_jsonschema_reads_partial_dates_as_tsp_does(tmp_path: Path) -> None:
    # check-jsonschema reads 2026-01-15 as a string and 2026 as a number; tsp takes both.
    good = tmp_path / "good.yaml"
    good.write_text(
        "id: good\ntitle: T\nyear: 2025-26\nstatus: delivered\nrecipients:\n  - reading\n"
        "starts: 2026\nends: 2026-01-15\nstatus_history:\n  - status: delivered\n"
        "    on: 2026-03-12\n")
    result = check_jsonschema(CHECKOUT / "schemas" / "package.schema.json", good)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("line", [
    "statuss: agreed",          # a typo in a key
    "starts: 2026-13",          # not a month
    "starts: 26",               # not a year
    "areas: [sen]",             # not an area
])
def test_check_jsonschema_rejects_what_tsp_rejects(tmp_path: Path, line: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"id: bad\ntitle: T\nyear: 2025-26\nstatus: agreed\n"
                   f"recipients:\n  - reading\n{line}\n")
    result = check_jsonschema(CHECKOUT / "schemas" / "package.schema.json", bad)
    assert result.returncode == 1, result.stdout


def test_authority_codes_as_numbers_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("id: x\nname: X\ntype: unitary\ndfe_la_code: 870\n")
    result = check_jsonschema(CHECKOUT / "schemas" / "authority.schema.json", path)
    assert result.returncode == 0, result.stdout


PROPOSAL = "id: x\nname: X\ntype: unitary\nproposed_reorganisation:\n  proposal: X & Y\n"


@pytest.mark.parametrize("lines", [
    "  consulted: 2025-26\n  expected_from: 2028-04\n",
    "  expected_from: 2028\n",  # a year alone reads as a number; tsp takes it too
])
def test_check_jsonschema_accepts_a_proposed_reorganisation(tmp_path: Path, lines: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(PROPOSAL + lines)
    result = check_jsonschema(CHECKOUT / "schemas" / "authority.schema.json", path)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("lines", [
    "  expected_from: 2028-13\n",   # not a month
    "  expected_from: April 2028\n",  # not a partial date
    "  ends_on: 2028-03-31\n",      # an end date is for a decided reorganisation
])
def test_check_jsonschema_rejects_a_bad_proposed_reorganisation(tmp_path: Path,
                                                               lines: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(PROPOSAL + lines)
    result = check_jsonschema(CHECKOUT / "schemas" / "authority.schema.json", path)
    assert result.returncode == 1, result.stdout


def test_vscode_maps_the_data_folders_to_the_schemas() -> None:
    settings = json.loads((CHECKOUT / ".vscode" / "settings.json").read_text())
    mapping = settings["yaml.schemas"]
    assert mapping["./schemas/package.schema.json"] == ["data/packages/**/*.yaml"]
    assert mapping["./schemas/authority.schema.json"] == ["data/authorities/**/*.yaml"]
    assert mapping["./schemas/year.schema.json"] == ["data/years/*.yaml"]
    extensions = json.loads((CHECKOUT / ".vscode" / "extensions.json").read_text())
    assert "redhat.vscode-yaml" in extensions["recommendations"]


def test_tsp_schema_check_fails_on_drift_and_tsp_schema_fixes_it(tsp, repo_copy: Path) -> None:
    root = repo_copy
    assert tsp("schema", repo=root).exit_code == 0
    assert tsp("schema", "--check", repo=root).exit_code == 0
    path = root / "schemas" / "package.schema.json"
    path.write_text(path.read_text().replace("Authorities that receive", "Who gets"))
    result = tsp("schema", "--check", repo=root)
    assert result.exit_code == 1
    assert result.stderr == ("schemas/package.schema.json is out of date with the models; "
                             "run `tsp schema` and commit the result.\n")
    result = tsp("schema", repo=root)
    assert (result.exit_code, result.stdout) == (0, "Wrote schemas/package.schema.json\n")
    assert tsp("schema", "--check", repo=root).stdout == "Schemas are up to date.\n"


def test_tsp_schema_creates_the_folder(tsp, repo_copy: Path) -> None:
    result = tsp("schema", repo=repo_copy)
    assert result.exit_code == 0
    assert sorted(p.name for p in (repo_copy / "schemas").iterdir()) == [
        "authority.schema.json", "measure.schema.json", "package.schema.json",
        "year.schema.json"]


@pytest.mark.parametrize("name", [n for n, folder in FOLDERS.items()
                                  if (FIXTURES / "year2/data" / folder).is_dir()])
def test_check_jsonschema_accepts_the_year2_fixture(name: str, tsp, year2: Path) -> None:
    # years instead of year, amounts as numbers and strings, plan entries as objects and as
    # plain text: editors must accept what tsp accepts (the fixture's own schemas, which know
    # its authorities).
    assert tsp("schema", repo=year2).exit_code == 0
    files = sorted((year2 / "data" / FOLDERS[name]).glob("*.yaml"))
    assert files
    result = check_jsonschema(year2 / "schemas" / f"{name}.schema.json", *files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_jsonschema_wants_year_or_years(tmp_path: Path) -> None:
    base = "id: p\ntitle: T\nstatus: agreed\nrecipients:\n  - reading\n"
    for name, extra, ok in (("none", "", False), ("both", "year: 2026-27\nyears: [2026-27]\n",
                                                  False),
                            ("years", "years: [2026-27, 2027-28]\n", True)):
        path = tmp_path / f"{name}.yaml"
        path.write_text(base + extra)
        result = check_jsonschema(CHECKOUT / "schemas" / "package.schema.json", path)
        assert (result.returncode == 0) is ok, (name, result.stdout)


def test_references_list_the_known_authorities(tsp, minimal: Path) -> None:
    assert tsp("schema", repo=minimal).exit_code == 0
    package = json.loads((minimal / "schemas" / "package.schema.json").read_text())
    assert package["properties"]["recipients"]["items"]["enum"] == ["alpha", "beta"]
    assert "x-tsp-reference" not in (minimal / "schemas" / "package.schema.json").read_text()
    bad = minimal / "narnia.yaml"
    bad.write_text("id: bad\ntitle: T\nyear: 2025-26\nstatus: agreed\nrecipients: [narnia]\n")
    result = check_jsonschema(minimal / "schemas" / "package.schema.json", bad)
    assert result.returncode == 1 and "narnia" in result.stdout
    good = minimal / "data" / "packages" / "alpha-review.yaml"
    assert check_jsonschema(minimal / "schemas" / "package.schema.json", good).returncode == 0


def test_a_new_authority_is_in_the_schemas_at_once(tsp, minimal: Path) -> None:
    assert tsp("schema", repo=minimal).exit_code == 0
    result = tsp("new", "authority", "--name", "Gamma", "--type", "unitary", "--yes",
                 repo=minimal)
    assert result.exit_code == 0, result.output
    assert "Updated schemas/package.schema.json (editors now know 'gamma')" in result.stdout
    assert tsp("schema", "--check", repo=minimal).exit_code == 0
    # One added by hand makes the schemas stale, and --check says what to run.
    (minimal / "data" / "authorities" / "delta.yaml").write_text(
        "id: delta\nname: Delta\ntype: unitary\n")
    stale_check = tsp("schema", "--check", repo=minimal)
    assert stale_check.exit_code == 1 and "run `tsp schema`" in stale_check.stderr


def _patterned(node: object) -> list[dict[str, object]]:
    if isinstance(node, dict):
        return ([node] if "pattern" in node else []) + [
            found for value in node.values() for found in _patterned(value)]
    if isinstance(node, list):
        return [found for value in node for found in _patterned(value)]
    return []


@pytest.mark.parametrize("kind", list(KINDS), ids=lambda k: k.noun)
def test_every_pattern_has_a_message_an_editor_shows_in_words(kind: RecordKind) -> None:
    # editors showed 'String does not match the pattern of "^\\d{4}(?:-…"' (issue 22)
    found = _patterned(schema_for(kind))
    assert found
    for node in found:
        message = node.get("patternErrorMessage")
        assert isinstance(message, str) and message, node
        assert "^" not in message and "\\d" not in message, message


def test_a_bad_date_is_explained_in_words(tmp_path: Path) -> None:
    starts = _patterned(schema_for(RecordKind.PACKAGE)["properties"]["starts"])
    assert [node["patternErrorMessage"] for node in starts] == [
        "A date written YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2026, 2026-03 or 2026-03-12"]
    # an annotation other validators ignore: check-jsonschema still checks the schema itself
    result = subprocess.run([str(CHECK_JSONSCHEMA), "--check-metaschema",
                             str(CHECKOUT / "schemas" / "package.schema.json")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
