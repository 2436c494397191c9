"""tsp.kinds: one registry of record kinds that the loader, the schemas and tsp set all use."""

from __future__ import annotations

from pathlib import Path

from tsp.models.measure import Measure
from tsp.kinds import EDITABLE_KINDS, KINDS, RecordKind
from tsp.models import Authority, Package, ProgrammeYear
from tsp.load import load
from tsp.schema import generate


def test_each_kind_names_its_folder_model_and_schema() -> None:
    assert [(k.folder, k.noun, k.model, k.schema) for k in KINDS] == [
        ("authorities", "authority", Authority, "authority.schema.json"),
        ("packages", "package", Package, "package.schema.json"),
        ("years", "year", ProgrammeYear, "year.schema.json"),
        ("measures", "measure", Measure, "measure.schema.json"),
    ]


def test_a_kind_is_its_folder_name_so_folder_keys_still_match() -> None:
    assert RecordKind.PACKAGE == "packages"
    assert {("packages", "x"): 1}[(RecordKind.PACKAGE, "x")] == 1
    assert RecordKind("years") is RecordKind.YEAR
    assert RecordKind.by_noun("authority") is RecordKind.AUTHORITY
    assert RecordKind.by_noun("authorities") is None


def test_tsp_set_edits_packages_and_authorities_but_not_years() -> None:
    assert EDITABLE_KINDS == (RecordKind.AUTHORITY, RecordKind.PACKAGE)
    assert RecordKind.YEAR.editable_fields == ()


def test_editable_fields_leave_out_the_id_status_and_structured_entries() -> None:
    fields = RecordKind.PACKAGE.editable_fields
    assert "summary" in fields and "partners" in fields
    assert {"id", "status", "status_history"}.isdisjoint(fields)
    assert "former_codes" not in RecordKind.AUTHORITY.editable_fields  # entries with fields
    assert "aliases" in RecordKind.AUTHORITY.editable_fields


def test_the_loader_reads_one_folder_per_kind(tmp_path: Path) -> None:
    for kind in KINDS:
        (tmp_path / "data" / kind.folder).mkdir(parents=True)
    (tmp_path / "data" / "authorities" / "kent.yaml").write_text(
        "id: kent\nname: Kent\ntype: county\n", encoding="utf-8")
    register = load(tmp_path)
    assert list(register.of(RecordKind.AUTHORITY)) == ["kent"]
    assert register.path_of(RecordKind.AUTHORITY, "kent") == (
        tmp_path / "data" / "authorities" / "kent.yaml")


def test_tsp_schema_writes_one_file_per_kind() -> None:
    assert [s.relative for s in generate()] == [k.schema_path for k in KINDS]
