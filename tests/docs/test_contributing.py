"""CONTRIBUTING.md, the pre-commit hooks and the workflow say what tsp really does."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tsp.schema import field_table

ROOT = Path(__file__).resolve().parents[2]
CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
PACKAGE = "data/packages/reading-annual-review-mapping.yaml"

# Each case breaks a copy of the register the way the page says; every message tsp validate
# then prints must be on the page, word for word.
BROKEN = {
    "typo in a key": ("status: agreed", "statuss: agreed"),
    "not an allowed status": ("status: agreed", "status: finished"),
    "not an allowed area": ("  - send\n", "  - sen\n"),
    "unknown authority": ("  - reading\n", "  - readng\n"),
    "missing recipients": ("recipients:\n  - reading\n", ""),
    "a list as one value": ("recipients:\n  - reading\n", "recipients: reading\n"),
    "id and file name": ("id: reading-annual-review-mapping", "id: reading-mapping"),
    "not a month": ("year: 2025-26\n", "year: 2025-26\nstarts: 2026-13\n"),
    "ends before starts": ("year: 2025-26\n", "year: 2025-26\nstarts: 2026-03\nends: 2026-01\n"),
    "unknown year": ("year: 2025-26", "year: 2027-28"),
    "a tab": ("areas:\n  - send", "areas:\n\t- send"),
    "a key twice": ("year: 2025-26\n", "year: 2025-26\nyear: 2026-27\n"),
    "no space after a colon": ("status: agreed", "status:agreed"),
    "status and history": ("status: agreed\n",
                           "status: agreed\nstatus_history:\n  - status: scoping\n"
                           "    on: 2026-01-10\n"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_every_message_the_page_explains_is_what_tsp_says(tsp, repo_copy: Path,
                                                          case: str) -> None:
    old, new = BROKEN[case]
    path = repo_copy / PACKAGE
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    result = tsp("validate", repo=repo_copy)
    # Notes (figures counted under a proposed rule) are information, not what the page explains.
    lines = [line for line in result.output.splitlines()
             if line.startswith("data/") and ": note: " not in line]
    assert lines
    for line in lines:
        assert line in CONTRIBUTING, f"CONTRIBUTING.md should quote: {line}"


def test_the_duplicate_warning_the_page_explains_is_what_tsp_says(tsp, repo_copy: Path) -> None:
    text = (repo_copy / PACKAGE).read_text()
    copy = repo_copy / "data/packages/reading-annual-review-mapping-2.yaml"
    copy.write_text(text.replace("id: reading-annual-review-mapping",
                                 "id: reading-annual-review-mapping-2", 1))
    result = tsp("validate", repo=repo_copy)
    [line] = [line for line in result.output.splitlines()
              if line.startswith("data/") and ": note: " not in line]
    assert line in CONTRIBUTING, f"CONTRIBUTING.md should quote: {line}"


@pytest.mark.parametrize("record", ["package", "authority"])
def test_the_field_tables_are_the_models(record: str) -> None:
    # If this fails: tsp schema --fields package (or authority), and paste the table.
    from tsp.kinds import RecordKind

    kind = RecordKind.by_noun(record)
    assert kind is not None
    assert field_table(kind) in CONTRIBUTING


def commands_in(markdown: str) -> list[list[str]]:
    blocks = re.findall(r"```sh\n(.*?)```", markdown, flags=re.S)
    found = []
    for block in blocks:
        for line in block.splitlines():
            line = line.split("  #")[0].strip()
            if line.startswith("tsp "):
                found.append(shlex.split(line)[1:])
    return found


def test_every_tsp_command_on_the_page_exists_with_its_options(tsp) -> None:
    commands = commands_in(CONTRIBUTING)
    assert len(commands) > 10
    for args in commands:
        words = [a for a in args if not a.startswith("-")][:2]
        group = words[:2] if words[:1] in (["new"], ["figures"]) else words[:1]
        help_text = tsp(*group, "--help").output
        for option in (a.split("=")[0] for a in args if a.startswith("--")):
            assert option in help_text, f"tsp {' '.join(group)} has no {option}"


def load(path: Path) -> object:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def test_the_pre_commit_hook_for_other_repositories() -> None:
    hooks = load(ROOT / ".pre-commit-hooks.yaml")
    assert hooks == [{
        "id": "tsp-validate",
        "name": "tsp validate",
        "description": hooks[0]["description"],  # type: ignore[index]
        "entry": "tsp validate",
        "language": "python",
        "pass_filenames": False,
        "files": "^(data|templates)/",
        "minimum_pre_commit_version": "2.9.2",
    }]


def test_this_repository_runs_the_hooks_before_each_commit() -> None:
    config = load(ROOT / ".pre-commit-config.yaml")
    hooks = {h["id"]: h for r in config["repos"] for h in r["hooks"]}  # type: ignore[index]
    assert hooks["tsp-validate"]["entry"] == "scripts/tsp-hook validate"
    assert re.match(hooks["tsp-validate"]["files"], "data/packages/x.yaml")
    assert hooks["tsp-schema"]["entry"] == "scripts/tsp-hook schema --check"


def test_the_workflow_checks_what_the_issue_asks() -> None:
    workflow = load(ROOT / ".github" / "workflows" / "validate.yml")
    assert set(workflow["on"]) == {  # type: ignore[index]
        "pull_request", "push"}
    steps = workflow["jobs"]["validate"]["steps"]  # type: ignore[index]
    runs = "\n".join(s.get("run", "") for s in steps)
    for command in ('pip install -e ".[test]"', "tsp validate --format github --pull-request",
                    "tsp schema --check", "python -m pytest -q",
                    '--format markdown > changes.md', '>> "$GITHUB_STEP_SUMMARY"',
                    "tsp report year1 -o reports/year1.html",
                    "tsp report year1 -o reports/year1.docx",
                    "tsp report year2 -o reports/year2.html"):
        assert command in runs, command
    checkout = steps[0]
    assert checkout["uses"].startswith("actions/checkout@")
    assert checkout["with"]["fetch-depth"] == 0
    assert any(s.get("uses", "").startswith("actions/upload-artifact@") for s in steps)
    # the base branch name reaches the shell through the environment, not the script text
    assert "${{" not in runs


@pytest.mark.parametrize("command", [("new", "package"), ("new", "authority"), ("status",),
                                     ("set",), ("schema",), ("changes",)])
def test_every_command_has_help_with_an_example(tsp, command: tuple[str, ...]) -> None:
    result = tsp(*command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output


def test_tsp_new_lists_its_commands(tsp) -> None:
    result = tsp("new", "--help")
    assert result.exit_code == 0
    assert "package " in result.output and "authority " in result.output


def test_the_warnings_a_pull_request_must_not_add_are_listed() -> None:
    from tsp.problems import PULL_REQUEST_BLOCKERS

    listed = " ".join(CONTRIBUTING.replace("`", "").split())
    for what in PULL_REQUEST_BLOCKERS.values():
        assert what.replace("`", "") in listed, what
