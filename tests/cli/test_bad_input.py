"""Every command meets a broken repository with the file and the line; never a traceback.

`tsp validate` exits 1; the questions (list, show, la) answer from the valid records.

Each case breaks one file of a copy of the real repository (writing the whole file, so the
expected positions do not depend on the real data) and breaks a second file too, to show that
every problem is collected, not only the first.
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import Result

CliRun = Callable[..., Result]

KENT = "kent-send-engagement-workshops"
TARGET = f"data/packages/{KENT}.yaml"


def package(package_id: str = KENT, *, year: str = "2025-26", status: str | None = "agreed",
            recipients: str = "reading", extra: str = "") -> str:
    return (f"id: {package_id}\ntitle: Test package\nyear: {year}\n"
            + (f"status: {status}\n" if status else "")
            + f"recipients:\n  - {recipients}\n" + extra)


def billion_laughs() -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 9):
        name, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return f"id: {KENT}\n" + "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Case:
    name: str
    where: str  # path:line:col
    message: str  # the start of the message
    write: Callable[[Path], None]


def writes(relative: str, content: str | bytes) -> Callable[[Path], None]:
    def write(root: Path) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return write


def both(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def write(root: Path) -> None:
        for step in steps:
            step(root)
    return write


def make_folder(relative: str) -> Callable[[Path], None]:
    return lambda root: (root / relative).mkdir(parents=True)


CASES = [
    Case("yaml syntax", f"{TARGET}:3:1", "YAML syntax: did not find expected ',' or ']'",
         writes(TARGET, f"id: {KENT}\ntitle: [unclosed\n")),
    Case("tab", f"{TARGET}:2:1", "a tab character; YAML indents with spaces only",
         writes(TARGET, f"id: {KENT}\n\ttitle: x\n")),
    Case("duplicate key", f"{TARGET}:7:1", "duplicate key 'title' (first on line 2)",
         writes(TARGET, package(extra="title: Again\n"))),
    Case("empty file", f"{TARGET}:1:1", "the file is empty", writes(TARGET, "")),
    Case("list not mapping", f"{TARGET}:1:1", "the file holds a list; it should hold a mapping",
         writes(TARGET, "- a\n- b\n")),
    Case("not utf-8", f"{TARGET}:2:11", "byte 0xe9 is not UTF-8",
         writes(TARGET, f"id: {KENT}\ntitle: caf\xe9\n".encode("latin-1"))),
    Case("wrong type", f"{TARGET}:3:7", "year: expected text, found a list",
         writes(TARGET, package(year="[2025]"))),
    Case("missing field", f"{TARGET}:1:1", "missing required field 'status' (Where it is in "
         "its lifecycle)", writes(TARGET, package(status=None))),
    Case("unknown key", f"{TARGET}:7:1", "unknown field 'recipents'; did you mean "
         "'recipients'?", writes(TARGET, package(extra="recipents:\n  - kent\n"))),
    Case("unknown authority", f"{TARGET}:6:5", "recipients: unknown authority 'readng'; did "
         "you mean 'reading'?", writes(TARGET, package(recipients="readng"))),
    Case("duplicate id", f"{TARGET}:1:5", f"duplicate id '{KENT}': data/packages/2025-26/"
         f"{KENT}.yaml has it too",
         both(writes(TARGET, package()), writes(f"data/packages/2025-26/{KENT}.yaml",
                                                package()))),
    Case("id and file name differ", f"{TARGET}:1:5", f"id 'kent-workshops' does not match the "
         f"file name '{KENT}.yaml'", writes(TARGET, package("kent-workshops"))),
    Case("end before start", f"{TARGET}:8:7", "ends (2026-04) is before starts (2026-05)",
         writes(TARGET, package(extra="starts: 2026-05\nends: 2026-04\n"))),
    Case("python tag", f"{TARGET}:2:8", "the tag !!python/object/apply:os.system is not allowed",
         writes(TARGET, f'id: {KENT}\ntitle: !!python/object/apply:os.system ["touch PWNED"]\n')),
    Case("alias bomb", f"{TARGET}:3:8", "YAML aliases (*name) that repeat a list or mapping are "
         "not allowed", writes(TARGET, billion_laughs())),
    Case("too large", f"{TARGET}:1:1", "the file is 2,000,000 bytes; tsp reads data files of at "
         "most 1,048,576 bytes", writes(TARGET, "#" * 1_999_999 + "\n")),
    Case("deeply nested", f"{TARGET}:2:39", "the data is nested more than 32 levels deep",
         writes(TARGET, f"id: {KENT}\nnotes: " + "[" * 100_000 + "]" * 100_000 + "\n")),
    Case("folder named .yaml", "data/packages/new-package.yaml:1:1",
         "'new-package.yaml' is a folder, not a file", make_folder("data/packages/new-package.yaml")),
    Case("amount beyond the register", f"{TARGET}:9:13", "funding[0].amount: an amount is at "
         "most £999,999,999.99", writes(TARGET, package(extra="funding:\n  - year: 2025-26\n"
                                                        '    amount: "1e29"\n'
                                                        "    status: spent\n"))),
    Case("narrative not utf-8", "data/years/2025-26.md:3:4", "byte 0xe9 is not UTF-8",
         writes("data/years/2025-26.md", "# Year 1\n\nCaf\xe9\n".encode("latin-1"))),
]

# The second problem every case also has: the run must report it as well.
OTHER = "data/packages/wokingham-oap-mapping.yaml"
OTHER_PROBLEM = (f"{OTHER}:4:1: error: unknown field 'statuss'; did you mean 'status'?")
COMMANDS = [
    ("validate",),
    ("list", "--la", "Reading"),
    ("list", "--format", "json"),
    ("show", "reading-annual-review-mapping"),
    ("la", "Reading"),
    ("la", "--list"),
]


@pytest.fixture
def broken(repo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[Case], Path]:
    monkeypatch.chdir(repo_copy)  # where `touch PWNED` would land

    def breaking(case: Case) -> Path:
        case.write(repo_copy)
        writes(OTHER, package("wokingham-oap-mapping", status=None,
                              recipients="wokingham").replace(
            "recipients:", "statuss: agreed\nrecipients:"))(repo_copy)
        return repo_copy

    return breaking


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_every_command_reports_the_file_and_line(
    tsp: CliRun, broken: Callable[[Case], Path], case: Case, command: tuple[str, ...]
) -> None:
    root = broken(case)
    result = tsp(*command, repo=root)
    assert f"{case.where}: error: {case.message}" in result.output
    assert OTHER_PROBLEM in result.output
    assert "Traceback" not in result.output
    assert not (root / "PWNED").exists()
    if command[0] == "validate":
        assert result.exit_code == 1, result.output
    else:
        # A question is answered from the valid records, saying on stderr what it left out
        # (the broken files are not Reading's); validate and report still fail.
        assert result.exit_code == 0, result.output
        assert OTHER_PROBLEM in result.stderr
        assert result.stdout != ""
        assert "left out of this answer because of the errors above" in \
            result.stderr.splitlines()[-1]


def test_the_alias_bomb_is_refused_fast_and_small(tsp: CliRun,
                                                  broken: Callable[[Case], Path]) -> None:
    root = broken(next(c for c in CASES if c.name == "alias bomb"))
    tracemalloc.start()
    started = time.perf_counter()
    result = tsp("validate", repo=root)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert result.exit_code == 1
    # Peak memory proves the bomb never expanded; the time bound only catches a hang, loose
    # enough never to flake on a loaded machine (benchmarks/ measure speed).
    assert elapsed < 5  # the whole validation of the repository, bomb included
    assert peak < 20_000_000


@pytest.mark.parametrize("command", [("validate",), ("list",), ("show", "northmere-send-reform-plan"),
                                     ("la", "Northmere"), ("report", "year2"),
                                     ("plan", "2026-27")], ids=" ".join)
def test_an_amount_beyond_the_register_is_refused_by_every_command(
        tsp: CliRun, year2: Path, command: tuple[str, ...]) -> None:
    # "1e29" is past Decimal's 28 digits: checking its pence used to raise InvalidOperation,
    # a traceback in every command that loads the package.
    path = year2 / "data/packages/northmere-funded-capacity.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("amount: 30000", 'amount: "1e29"'),
                    encoding="utf-8")
    result = tsp(*command, repo=year2)
    assert ("data/packages/northmere-funded-capacity.yaml:14:13: error: funding[0].amount: an "
            "amount is at most £999,999,999.99; write the amount in pounds") in result.output
    assert "Traceback" not in result.output
    assert result.exit_code == (0 if command[0] in {"list", "show", "la"} else 1), result.output
