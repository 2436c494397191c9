"""Nothing outside the register is read: links out, into .git/, loops, deep trees, odd files."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.hostile.conftest import TEMPLATES, Run, write_template
from tsp.load import load_checked
from tsp.safe_fs import shown

SECRET = "ghp_TOKEN-never-in-any-output"


def _secret(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir(exist_ok=True)
    path = outside / "secret.yaml"
    path.write_text(f"id: secret\ntitle: {SECRET}\ntoken: {SECRET}\n", encoding="utf-8")
    return path


def _all_output(result: subprocess.CompletedProcess[str]) -> str:
    return result.stdout + result.stderr


def test_a_narrative_linked_into_dot_git_is_never_read(register: Path, run: Run) -> None:
    subprocess.run(["git", "init", "-q", str(register)], check=True)
    config = register / ".git" / "config"
    config.write_text(config.read_text() + f"[http]\n\textraheader = AUTHORIZATION: {SECRET}\n")
    (register / "data" / "years" / "2025-26.md").symlink_to(config)
    write_template(register, "{{ year.label }}\n")
    result = run("validate", repo=register)
    assert result.returncode == 1
    assert ("data/years/2025-26.md:1:1: error: this is a symbolic link to "
            f"{config.resolve()}, inside .git/; tsp does not follow it") in result.stdout
    report = run("report", "t", repo=register)
    assert report.returncode == 1
    assert SECRET not in _all_output(result) + _all_output(report)


def test_a_data_folder_linked_outside_is_not_followed(register: Path, tmp_path: Path,
                                                      run: Run) -> None:
    secret = _secret(tmp_path)
    packages = register / "data" / "packages"
    for path in packages.iterdir():
        path.rename(secret.parent / path.name)
    packages.rmdir()
    packages.symlink_to(secret.parent)
    result = run("validate", repo=register)
    assert result.returncode == 1
    assert (f"data/packages:1:1: error: this is a symbolic link to {secret.parent.resolve()}, "
            "outside the register; tsp does not follow it") in result.stdout
    assert SECRET not in _all_output(result)


def test_years_linked_to_usr_is_refused_at_once(register: Path, run: Run) -> None:
    years = register / "data" / "years"
    for path in years.iterdir():
        path.unlink()
    years.rmdir()
    years.symlink_to("/usr")
    started = time.monotonic()
    result = run("validate", repo=register, timeout=10)
    assert time.monotonic() - started < 5
    assert "data/years:1:1: error: this is a symbolic link to /usr, outside the register" \
        in result.stdout


def test_the_whole_data_folder_linked_outside_is_refused(register: Path, tmp_path: Path
                                                         ) -> None:
    secret = _secret(tmp_path)
    (secret.parent / "packages").mkdir()
    secret.rename(secret.parent / "packages" / "secret.yaml")
    data = register / "data"
    data.rename(tmp_path / "data-elsewhere")
    data.symlink_to(secret.parent)
    (secret.parent / "authorities").mkdir()  # still looks like a register from outside
    repo = load_checked(register)
    assert [p.message.split(";")[0] for p in repo.errors] == [
        f"this is a symbolic link to {secret.parent.resolve()}, outside the register"]
    assert repo.packages == {}


def test_a_link_loop_and_a_self_link_are_problems_not_tracebacks(register: Path, run: Run
                                                                 ) -> None:
    packages = register / "data" / "packages"
    (packages / "loop").symlink_to(".")
    (packages / "self.yaml").symlink_to("self.yaml")
    started = time.monotonic()
    result = run("validate", repo=register, timeout=10)
    assert time.monotonic() - started < 5
    assert "Traceback" not in result.stderr
    assert ("data/packages/loop:1:1: error: this is a symbolic link to a folder tsp has "
            "already read (a link loop)") in result.stdout
    assert "data/packages/self.yaml:1:1: error: this is a symbolic link loop" in result.stdout


def test_a_tree_1000_folders_deep_is_reported_within_a_second(register: Path) -> None:
    folder = register / "data" / "packages"
    folders = []
    for _ in range(1000):
        folder = folder / "d"
        folder.mkdir()
        folders.append(folder)
    (folder / "deep.yaml").write_text("id: deep\n")
    try:
        started = time.monotonic()
        repo = load_checked(register)
        assert time.monotonic() - started < 1.0
    finally:  # pytest's own clean-up recurses once per level and would fail on this tree
        (folder / "deep.yaml").unlink()
        for each in reversed(folders):
            each.rmdir()
    [deep] = [p for p in repo.errors if "nest" in p.message]
    assert "folders nest more than 16 levels deep" in deep.message


def test_odd_files_are_reported_not_skipped(register: Path, run: Run) -> None:
    packages = register / "data" / "packages"
    (packages / "gone.yaml").symlink_to("nowhere.yaml")
    os.mkfifo(packages / "pipe.yaml")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(packages / "sock.yaml"))
        (packages / "x.yaml ").write_text("id: x\n")
        result = run("validate", repo=register, timeout=10)
    finally:
        server.close()
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert ("data/packages/gone.yaml:1:1: error: this is a symbolic link to nowhere.yaml, which "
            "does not exist; tsp does not follow it (put the file or folder itself here)") in lines
    assert ("data/packages/pipe.yaml:1:1: error: 'pipe.yaml' is a FIFO (named pipe), not a "
            "regular file; tsp reads only regular files (delete it)") in lines
    assert ("data/packages/sock.yaml:1:1: error: 'sock.yaml' is a socket, not a regular file; "
            "tsp reads only regular files (delete it)") in lines
    assert ("data/packages/x.yaml :1:1: error: 'x.yaml ' has a space at the start or end of "
            "its name; tsp does not read it (rename it, e.g. without the space)") in lines


FORGED = "x\n\x1b[2J\x1b]52;c;cm0gLXJmIH4=\x07OK: 0 errors\u2028.yaml"


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_names_with_control_characters_are_printed_escaped(register: Path, run: Run,
                                                           fmt: str) -> None:
    (register / "data" / "packages" / FORGED).write_text("id: x\n")
    result = run("validate", "--format", fmt, repo=register)
    assert result.returncode == 1
    output = _all_output(result)
    assert "\x1b" not in output and "\x07" not in output and "\u2028" not in output
    assert not any(line.startswith("OK") for line in output.splitlines())
    assert shown(FORGED).replace("\\", "\\\\" if fmt == "json" else "\\") in output


def test_shown_escapes_only_what_cannot_be_printed() -> None:
    assert shown("Brighton & Hove – año.yaml") == "Brighton & Hove – año.yaml"
    assert shown("a\nb\x1b[2J\u202e") == "a\\x0ab\\x1b[2J\\u202e"


def test_a_template_that_is_a_fifo_does_not_hang(register: Path, run: Run) -> None:
    (register / "templates").mkdir()
    os.mkfifo(register / "templates" / "hang.md.j2")
    result = run("report", "--list", repo=register, timeout=10)
    assert result.returncode == 1
    assert "templates/hang.md.j2:1: this is a FIFO (named pipe), not a regular file" \
        in result.stderr


def test_a_schema_that_is_a_fifo_is_out_of_date_not_a_hang(register: Path, run: Run) -> None:
    (register / "schemas").mkdir()
    os.mkfifo(register / "schemas" / "package.schema.json")
    result = run("schema", "--check", repo=register, timeout=10)
    assert result.returncode == 1
    assert "schemas/package.schema.json is out of date" in result.stderr


def test_a_schemas_folder_linked_outside_is_never_written_through(register: Path,
                                                                  tmp_path: Path,
                                                                  run: Run) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (register / "schemas").symlink_to(outside)
    result = run("schema", repo=register)
    assert result.returncode == 2
    assert "schemas/: this is a symbolic link to" in result.stderr
    assert list(outside.iterdir()) == []


def test_figures_linked_outside_or_into_git_or_a_fifo_are_never_read(register: Path,
                                                                      tmp_path: Path) -> None:
    secret = _secret(tmp_path)
    outside = secret.with_name("m.csv")
    outside.write_text(f"{SECRET}\n")
    figures = register / "data" / "figures"
    figures.mkdir()
    (figures / "leak.csv").symlink_to(outside)
    os.mkfifo(figures / "pipe.csv")
    (register / ".git").mkdir()
    (register / ".git" / "config").write_text(SECRET)
    (figures / "git.csv").symlink_to(register / ".git" / "config")
    repo = load_checked(register)
    messages = {p.path.name: p.message for p in repo.problems}
    assert messages["leak.csv"].startswith("this is a symbolic link to")
    assert "outside the register" in messages["leak.csv"]
    assert "inside .git/" in messages["git.csv"]
    assert messages["pipe.csv"].startswith("not a regular file")
    assert SECRET not in " ".join(messages.values())


CHALLENGE = Path(__file__).resolve().parents[1] / "fixtures" / "datachallenge"


@pytest.mark.parametrize("odd", ["dev-zero", "fifo"])
@pytest.mark.parametrize("name", ["dfe-las.csv", "statistical-neighbours-2025.csv",
                                  "uk-upper-tier-local-authorities.hexjson"])
def test_a_reference_file_the_scan_refuses_is_never_opened(tmp_path: Path, run: Run,
                                                           odd: str, name: str) -> None:
    """data/reference/ linked to /dev/zero was reported as a link and then read anyway until
    memory ran out; a FIFO there hung. Whatever the safe walk refuses, no reader opens."""
    import shutil

    root = tmp_path / "challenge"
    shutil.copytree(CHALLENGE, root)
    shutil.copytree(TEMPLATES, root / "templates")
    path = root / "data" / "reference" / name
    path.unlink()
    if odd == "dev-zero":
        path.symlink_to("/dev/zero")
    else:
        os.mkfifo(path)
    for args in (["compare", "timeliness", "--la", "Alpha"], ["report", "data", "-o",
                                                              str(tmp_path / "d.html")]):
        result = run(*args, repo=root, timeout=20, env={"TSP_NO_CACHE": "1"})
        assert "Traceback" not in result.stderr
        assert name in _all_output(result) or result.returncode == 0
    result = run("validate", repo=root, timeout=20)
    assert name in _all_output(result)
