"""Help for people and shell completion: names not Python types, examples kept whole."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import shutil
from pathlib import Path

import pytest

from tests.helpers import CliRun

COMMANDS = [["list"], ["show"], ["la"], ["validate"], ["report"], ["status"], ["set"],
            ["schema"], ["changes"], ["import"], ["new", "package"], ["new", "authority"]]


def _help(command: list[str], width: int) -> str:
    # The real program: Click's test runner fixes the help width at 80 columns.
    tsp = shutil.which("tsp", path=str(Path(sys.executable).parent))
    assert tsp is not None
    done = subprocess.run([tsp, *command, "--help"], capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": str(width)}, timeout=30)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _check_help(text: str, width: int) -> None:
    assert "<str>" not in text and "list[" not in text and "<int>" not in text
    assert not re.search(r"\{[A-Z]+\}", text), text
    lines = text.splitlines()
    examples = [i for i, line in enumerate(lines) if line.startswith("      tsp ")]
    assert examples, text
    for i in examples:
        # An example is one command: lines that go on end with ' \', each fits, and the
        # command never runs on to a line of its own without one.
        while lines[i].endswith(" \\"):
            assert len(lines[i]) <= width, lines[i]
            i += 1
        assert i + 1 == len(lines) or lines[i + 1].strip() == "", lines[i:i + 2]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_names_values_not_types_and_examples_stay_whole(tsp: CliRun,
                                                              command: list[str]) -> None:
    _check_help(tsp(*command, "--help").stdout, 80)


@pytest.mark.parametrize("command", [["new", "package"], ["new", "authority"], ["import"]],
                         ids=" ".join)
def test_long_examples_are_continued_lines_that_fit_a_narrow_terminal(
        command: list[str]) -> None:
    _check_help(_help(command, 60), 60)


def test_list_help_lists_the_valid_values(tsp: CliRun) -> None:
    text = " ".join(tsp("list", "--help").stdout.split())
    assert "interest, scoping, agreed, in-delivery, delivered, closed or withdrawn" in text
    assert "process-mapping" in text and "childrens-social-care" in text


def _complete(words: str, repo: Path) -> list[str]:
    tsp = shutil.which("tsp", path=str(Path(sys.executable).parent))
    assert tsp is not None
    cword = len(words.split()) - (0 if words.endswith(" ") else 1)
    env = {**os.environ, "_TSP_COMPLETE": "complete_bash", "COMP_WORDS": words,
           "COMP_CWORD": str(cword), "TSP_REPO": str(repo)}
    done = subprocess.run([tsp], env=env, capture_output=True, text=True, timeout=30)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    return [line for line in done.stdout.split("\n") if line]


@pytest.mark.parametrize("words, expected", [
    ("tsp show al", ["alpha-review"]),
    ("tsp status b", ["beta-coaching"]),
    ("tsp la Al", ["Alf", "Alpha"]),
    ("tsp list --la b", ["beta"]),
    ("tsp list --status de", ["delivered"]),
    ("tsp list --area ", ["childrens-social-care", "send"]),
    ("tsp list --kind coa", ["coaching-mentoring"]),
    ("tsp status alpha-review in", ["in-delivery", "interest"]),
])
def test_completion(minimal: Path, words: str, expected: list[str]) -> None:
    assert _complete(words, minimal) == expected


def test_completion_in_a_broken_or_missing_repository_is_quiet(tmp_path: Path,
                                                              minimal: Path) -> None:
    (minimal / "data" / "authorities" / "alpha.yaml").write_text("name: [\n")
    assert _complete("tsp la Be", minimal) == ["Beta"]
    assert _complete("tsp show a", tmp_path) == []


def test_install_completion_is_offered(tsp: CliRun) -> None:
    assert "--install-completion" in tsp("--help").stdout


def test_a_bad_option_value_says_no_python_words(tsp: CliRun, minimal: Path) -> None:
    result = tsp("list", "--format", "bad", repo=minimal)
    assert result.exit_code == 2
    assert "Value error" not in result.output
    assert "'bad' is not one of 'table', 'json', 'csv', 'markdown', 'xlsx'." in result.output


def test_bash_completes_a_name_with_a_space_as_one_argument(frozen_root: Path) -> None:
    # A real bash runs tsp's own completion script, as `tsp --install-completion` sets it
    # up; what it puts in COMPREPLY is what bash inserts on the line (issue 22:
    # `Bracknell Forest ` went in unquoted and failed as two arguments).
    tsp = shutil.which("tsp", path=str(Path(sys.executable).parent))
    bash = shutil.which("bash")
    if tsp is None or bash is None:
        pytest.skip("needs bash and the installed tsp")
    env = {**os.environ, "TSP_REPO": str(frozen_root)}
    script = subprocess.run([tsp, "--show-completion", "bash"], env=env, capture_output=True,
                            text=True, check=True).stdout
    assert "complete -o default -F _tsp_completion tsp" in script
    line = script + (
        'COMP_WORDS=(tsp la Brack); COMP_CWORD=2\n'
        f'_tsp_completion {tsp}\n'
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
        'eval "set -- tsp la ${COMPREPLY[0]}"\n'  # the line as bash completed it
        'printf "%s|" "$@"\n')
    done = subprocess.run([bash, "--norc", "--noprofile", "-c", line], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    *offered, words = done.stdout.split("\n")
    assert offered == ["Bracknell\\ Forest"]
    assert words == "tsp|la|Bracknell Forest|"
