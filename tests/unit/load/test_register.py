"""tsp.register: loading gives records, per-file problems and a source map, and never checks
across records; tsp.checks.check does that, on a loaded register."""

from __future__ import annotations

from pathlib import Path

from tsp.checks import check
from tsp.kinds import RecordKind
from tsp.models import Package
from tsp.load import load, load_checked, load_text

ALPHA = Path("data") / "packages" / "alpha-review.yaml"


def break_reference(root: Path) -> None:
    path = root / ALPHA
    path.write_text(path.read_text(encoding="utf-8").replace("  - beta\n", "  - betta\n"),
                    encoding="utf-8")


def test_loading_does_not_check_across_records(minimal: Path) -> None:
    break_reference(minimal)
    register = load(minimal)
    assert register.problems == []  # the file itself is sound
    assert "alpha-review" in register.packages
    [problem] = check(register)
    assert (problem.path, problem.line, problem.column) == (minimal / ALPHA, 10, 5)
    assert problem.message == "partners: unknown authority 'betta'; did you mean 'beta'?"


def test_checked_adds_the_cross_record_problems_to_the_files_own(minimal: Path) -> None:
    break_reference(minimal)
    (minimal / "data" / "packages" / "broken.yaml").write_text("id: [\n", encoding="utf-8")
    register = load_checked(minimal)
    assert [(p.path.name, p.code) for p in register.problems] == [
        ("alpha-review.yaml", "reference"), ("broken.yaml", "yaml")]


def test_the_source_map_knows_where_each_record_came_from(minimal: Path) -> None:
    register = load(minimal)
    assert register.path_of(RecordKind.PACKAGE, "alpha-review") == minimal / ALPHA
    assert register.locate(minimal / ALPHA, ("partners", 0)) == (10, 5)


def test_an_edit_is_loaded_from_its_text_without_touching_the_file(minimal: Path) -> None:
    before = (minimal / ALPHA).read_text(encoding="utf-8")
    text = before.replace("status: agreed", "status: agred")
    record, [problem] = load_text(minimal / ALPHA, text, Package)
    assert record is None
    assert (problem.path, problem.line) == (minimal / ALPHA, 4)
    assert "did you mean 'agreed'?" in problem.message
    assert (minimal / ALPHA).read_text(encoding="utf-8") == before


def test_a_register_with_an_edited_record_is_checked_at_the_edited_text(minimal: Path
                                                                         ) -> None:
    register = load(minimal)
    text = (minimal / ALPHA).read_text(encoding="utf-8").replace(
        "title: Annual Review mapping\n", "title: Annual Review mapping\nrelated:\n  - nowhere\n")
    record, problems = load_text(minimal / ALPHA, text, Package)
    assert record is not None and problems == []
    trial = register.with_record(RecordKind.PACKAGE, record, minimal / ALPHA, text)
    [problem] = check(trial)
    assert (problem.line, problem.message) == (4, "related: unknown package 'nowhere'")
    assert check(register) == []  # the register it was made from is unchanged


def test_the_programme_comes_with_the_register_from_disk_or_from_memory(tmp_path: Path) -> None:
    """data/programme.yaml is read with the records: from the files given (a register as
    git held it at a commit) as from the disk, so a past register has its own programme."""
    root = tmp_path / "register"
    (root / "data" / "authorities").mkdir(parents=True)
    programme = ("programme: Northern Partnership\nregion:\n  code: E12000001\n"
                 "  name: North East\n")
    (root / "data" / "programme.yaml").write_text(programme, encoding="utf-8")
    on_disk = load_checked(root)
    assert on_disk.programme.name == "Northern Partnership"
    assert on_disk.programme.region is not None and on_disk.programme.region.code == "E12000001"
    earlier = load_checked(root, files={"data/programme.yaml": programme.replace(
        "Northern Partnership", "Northern Pilot").encode()})
    assert earlier.programme.name == "Northern Pilot"
    assert load_checked(root, files={}).programme.name == ""  # none then


def test_a_broken_programme_file_is_that_file_s_problem(tmp_path: Path) -> None:
    root = tmp_path / "register"
    (root / "data" / "authorities").mkdir(parents=True)
    (root / "data" / "programme.yaml").write_text(
        "programme: Northern Partnership\nregion:\n  code: north-east\n  name: North East\n",
        encoding="utf-8")
    register = load(root)  # the file's own problem: no check across records needed
    assert [(p.path.name, p.line) for p in register.errors] == [("programme.yaml", 3)]
    assert register.programme.name == ""
