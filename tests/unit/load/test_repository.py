"""tsp.load: finding the root, loading every file, collecting every problem."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tsp.errors import DataError, RepositoryNotFound
from tsp.models import Package
from tsp.load import find_root, iter_data_files, load_checked, load_record

PACKAGES = Path("data") / "packages"


def write(root: Path, relative: str, text: str | bytes) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def where(repo_root: Path, problems: list) -> list[str]:  # type: ignore[type-arg]
    return [f"{p.location(repo_root)}: {p.severity}: {p.message}" for p in problems]


# --- the root ------------------------------------------------------------------------------


def test_find_root_prefers_the_explicit_path(repo_copy: Path, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    monkeypatch.setenv("TSP_REPO", "/nowhere")
    assert find_root(repo_copy) == repo_copy.resolve()


def test_find_root_uses_tsp_repo(repo_copy: Path, monkeypatch: pytest.MonkeyPatch,
                                 tmp_path: Path) -> None:
    monkeypatch.setenv("TSP_REPO", str(repo_copy))
    monkeypatch.chdir(tmp_path)
    assert find_root() == repo_copy.resolve()


def test_find_root_searches_upward_from_a_subfolder(repo_copy: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TSP_REPO", raising=False)
    monkeypatch.chdir(repo_copy / "data" / "packages")
    assert find_root() == repo_copy.resolve()


def test_find_root_outside_any_repository_says_how_to_point_at_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TSP_REPO", raising=False)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(RepositoryNotFound) as caught:
        find_root()
    assert "no data/authorities/ folder in this folder or any above it" in str(caught.value)
    assert caught.value.hint == (
        "Run tsp inside a tsp repository, or pass --repo PATH (or set TSP_REPO).")


def test_find_root_says_where_a_wrong_path_came_from(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TSP_REPO", str(tmp_path / "missing"))
    with pytest.raises(RepositoryNotFound, match=r"missing \(from \$TSP_REPO\) does not exist"):
        find_root()
    with pytest.raises(RepositoryNotFound, match=r"\(from --repo\) is not a tsp repository"):
        find_root(tmp_path)


# --- loading -------------------------------------------------------------------------------


def test_the_real_repository_loads_clean(frozen_root: Path) -> None:
    repo = load_checked(frozen_root)
    assert repo.problems == []
    assert len(repo.authorities) == 19
    assert repo.files_read == (len(repo.authorities) + len(repo.packages) + len(repo.years)
                               + len(repo.measures) + len(repo.figures))


def test_every_broken_file_is_reported_in_one_run(repo_copy: Path) -> None:
    write(repo_copy, "data/packages/kent-send-engagement-workshops.yaml", "id: [\n")
    write(repo_copy, "data/packages/medway-coproduction-oap.yaml", "")
    write(repo_copy, "data/authorities/slough.yaml", "- a list\n")
    repo = load_checked(repo_copy)
    assert [p.location(repo_copy) for p in repo.errors] == [
        "data/authorities/slough.yaml:1:1",
        "data/packages/kent-send-engagement-workshops.yaml:2:1",
        "data/packages/medway-coproduction-oap.yaml:1:1",
    ]
    with pytest.raises(DataError):
        repo.require_valid()


def test_references_to_a_broken_record_are_not_reported_as_unknown(repo_copy: Path) -> None:
    # Kent is a partner of Reading's BGM package; its file breaks, the package stays quiet.
    write(repo_copy, "data/authorities/kent.yaml", "id: kent\nname: Kent\nname: Kent\n")
    repo = load_checked(repo_copy)
    assert [p.path.name for p in repo.errors] == ["kent.yaml"]
    assert repo.broken == {("authorities", "kent"): repo_copy / "data/authorities/kent.yaml"}


def test_an_id_that_differs_from_the_file_name_is_an_error_at_the_id(repo_copy: Path) -> None:
    path = repo_copy / PACKAGES / "wokingham-oap-mapping.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "id: wokingham-oap-mapping", "id: wokingham-oap"), encoding="utf-8")
    [error] = load_checked(repo_copy).errors
    assert (error.line, error.column, error.code) == (3, 5, "id-mismatch")
    assert error.message.startswith("id 'wokingham-oap' does not match the file name "
                                    "'wokingham-oap-mapping.yaml'")


def test_the_same_id_in_a_subfolder_is_a_duplicate(repo_copy: Path) -> None:
    source = repo_copy / PACKAGES / "wokingham-oap-mapping.yaml"
    write(repo_copy, "data/packages/2025-26/wokingham-oap-mapping.yaml",
          source.read_text(encoding="utf-8"))
    [error] = load_checked(repo_copy).errors
    # Files are read in path order, so the subfolder's copy comes first and the other is flagged.
    assert error.location(repo_copy) == "data/packages/wokingham-oap-mapping.yaml:3:5"
    assert error.message == ("duplicate id 'wokingham-oap-mapping': "
                             "data/packages/2025-26/wokingham-oap-mapping.yaml has it too; ids "
                             "must be unique")


def test_a_folder_named_like_a_yaml_file_is_an_error(repo_copy: Path) -> None:
    (repo_copy / PACKAGES / "new-package.yaml").mkdir()
    [error] = load_checked(repo_copy).errors
    assert error.location(repo_copy) == "data/packages/new-package.yaml:1:1"
    assert error.message == "'new-package.yaml' is a folder, not a file; a record is one YAML file"


def test_files_tsp_will_not_read_are_warnings(repo_copy: Path) -> None:
    write(repo_copy, "data/stray.yaml", "id: x\n")
    write(repo_copy, "data/packages/reading-extra.YAML", "id: x\n")
    write(repo_copy, "data/packages/notes.yaml.txt", "id: x\n")
    write(repo_copy, "data/package/typo-folder.yaml", "id: x\n")
    write(repo_copy, "data/packages/README.md", "# not data\n")
    repo = load_checked(repo_copy)
    assert repo.errors == []
    assert where(repo_copy, repo.warnings) == [
        "data/package:1:1: warning: not read: data/package/ is not a folder tsp knows; records "
        "go in data/authorities/, data/packages/, data/years/ or data/measures/",
        "data/packages/notes.yaml.txt:1:1: warning: not read: tsp reads files ending in .yaml "
        "or .yml; rename it to notes.yaml",
        "data/packages/reading-extra.YAML:1:1: warning: not read: tsp reads files ending in "
        ".yaml or .yml; rename it to reading-extra.yaml",
        "data/stray.yaml:1:1: warning: not read: records go in data/authorities/, "
        "data/packages/, data/years/ or data/measures/",
    ]


def test_hidden_files_and_folders_are_skipped(repo_copy: Path) -> None:
    write(repo_copy, "data/packages/.trash/broken.yaml", "id: [\n")
    write(repo_copy, "data/packages/.#wokingham-oap-mapping.yaml", "id: [\n")
    assert load_checked(repo_copy).problems == []
    assert all(".trash" not in str(p) for p in iter_data_files(repo_copy / PACKAGES))


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_symbolic_link_out_of_the_repository_is_never_read(repo_copy: Path,
                                                             tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOKEN=do-not-print-me\n", encoding="utf-8")
    (repo_copy / PACKAGES / "leak.yaml").symlink_to(secret)
    repo = load_checked(repo_copy)
    [error] = repo.errors
    assert error.path.name == "leak.yaml"
    assert "a symbolic link to" in error.message and "outside the register" in error.message
    assert "do-not-print-me" not in " ".join(p.message for p in repo.problems)


def test_a_narrative_that_is_not_utf8_is_an_error_with_its_position(repo_copy: Path) -> None:
    write(repo_copy, "data/years/2025-26.md", "# Year 1\n\nCaf\xe9\n".encode("latin-1"))
    [error] = load_checked(repo_copy).errors
    assert error.location(repo_copy) == "data/years/2025-26.md:3:4"
    assert error.code == "encoding"


def test_a_narrative_control_character_is_an_error_with_its_position(repo_copy: Path) -> None:
    write(repo_copy, "data/years/2025-26.md", b"# Year 1\n\n## Context\n\nAb\x0bc\n")
    [error] = load_checked(repo_copy).errors
    assert error.location(repo_copy) == "data/years/2025-26.md:5:3"
    assert error.message == ("the character U+000B is not allowed in tsp data (a report cannot "
                             "show it); delete it")


def test_positions_are_read_from_this_load_not_an_earlier_one(tmp_path: Path,
                                                              frozen_root: Path) -> None:
    # Loading the same paths twice (tsp changes loads old commits into a temporary folder)
    # must not place the second load's problems with the first load's text.
    import shutil

    root = tmp_path / "repo"
    shutil.copytree(frozen_root / "data", root / "data")
    path = root / PACKAGES / "wokingham-oap-mapping.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("  - wokingham", "  - wokinghm"), encoding="utf-8")
    first = load_checked(root).errors[0]
    path.write_text("\n\n" + original.replace("  - wokingham", "  - wokinghm"),
                    encoding="utf-8")
    second = load_checked(root).errors[0]
    assert second.line == first.line + 2


def test_load_record_returns_the_record_or_its_problems(frozen_root: Path, tmp_path: Path
                                                        ) -> None:
    good = frozen_root / PACKAGES / "reading-annual-review-mapping.yaml"
    record, problems = load_record(good, Package)
    assert problems == [] and record is not None and record.id == good.stem
    bad = write(tmp_path, "p.yaml", "id: p\ntitle: T\nyear: 2025-26\nstatus: agreed\n"
                "recipients: [kent]\nrecipents: [kent]\n")
    record, problems = load_record(bad, Package)
    assert record is None
    assert [(p.line, p.column, p.message) for p in problems] == [
        (6, 1, "unknown field 'recipents'; did you mean 'recipients'?")]


def test_a_folder_that_cannot_be_read_is_an_error(repo_copy: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    locked = repo_copy / PACKAGES / "locked"
    locked.mkdir()
    real_scandir = os.scandir

    def scandir(path: Path) -> object:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    [error] = load_checked(repo_copy).errors
    assert error.location(repo_copy) == "data/packages/locked:1:1"
    assert error.message == "cannot read the folder: Permission denied"


def test_a_narrative_heading_used_twice_is_an_error_at_its_line(repo_copy: Path) -> None:
    from tsp.load import load_checked

    narrative = repo_copy / "data/years/2025-26.md"
    text = narrative.read_text()
    narrative.write_text(text + "\n## Context\n\nA second context section.\n")
    repeated_at = len(text.splitlines()) + 2
    repo = load_checked(repo_copy)
    problems = [p for p in repo.errors if p.code == "duplicate-section"]
    assert [(p.path.name, p.line) for p in problems] == [("2025-26.md", repeated_at)]
    assert "'## Context' appears twice" in problems[0].message
