"""tsp validate: every problem, sorted, in text, JSON or GitHub annotations; exit codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from tests.helpers import lines

CliRun = Callable[..., Result]

TEXT = [
    "data/packages/alpha-review.yaml:1:1: error: missing required field 'recipients' "
    "(Authorities that receive the support)",
    "data/packages/alpha-review.yaml:5:1: error: unknown field 'recipents'; did you mean "
    "'recipients'?",
    "data/packages/beta-coaching.yaml:9:5: warning: recipients: 'beta' is listed twice; list "
    "each authority once",
    "data/packages/beta-coaching.yaml:11:5: error: sme_lenders: unknown authority 'gama'",
]


def break_minimal(root: Path) -> Path:
    """Three errors and a warning in two files of the minimal fixture."""
    (root / "data/packages/alpha-review.yaml").write_text(
        "id: alpha-review\ntitle: Annual Review mapping\nyear: 2025-26\nstatus: agreed\n"
        "recipents:\n  - alpha\n", encoding="utf-8")
    path = root / "data/packages/beta-coaching.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - beta\n", "  - beta\n  - beta\n").replace(
        "  - alpha\n", "  - gama\n"), encoding="utf-8")
    return root


def warning_only(root: Path) -> Path:
    path = root / "data/packages/beta-coaching.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  - beta\n", "  - beta\n  - beta\n"),
                    encoding="utf-8")
    return root


def test_a_clean_repository_exits_0(tsp: CliRun, minimal: Path) -> None:
    result = tsp("validate", repo=minimal)
    assert result.exit_code == 0
    assert result.stdout == "OK: 0 errors, 0 warnings in 5 files.\n"


def test_the_real_repository_is_clean(tsp: CliRun, frozen_root: Path) -> None:
    result = tsp("validate", "--strict", repo=frozen_root)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("OK: 0 errors, 0 warnings in ")


def test_text_lists_every_problem_sorted_and_exits_1(tsp: CliRun, minimal: Path) -> None:
    result = tsp("validate", repo=break_minimal(minimal))
    assert result.exit_code == 1
    assert lines(result.stdout) == TEXT
    assert result.stderr == "Problems: 3 errors, 1 warning in 5 files.\n"


def test_output_is_the_same_on_every_run(tsp: CliRun, minimal: Path) -> None:
    root = break_minimal(minimal)
    assert len({tsp("validate", "-f", f, repo=root).stdout for f in ["text"] * 3}) == 1


def test_json_is_the_same_problems_as_data(tsp: CliRun, minimal: Path) -> None:
    result = tsp("validate", "--format", "json", repo=break_minimal(minimal))
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert {k: v for k, v in payload.items() if k != "problems"} == {
        "ok": False, "files": 5, "errors": 3, "warnings": 1, "notes": []}
    assert payload["problems"][3] == {
        "path": "data/packages/beta-coaching.yaml", "line": 11, "column": 5,
        "severity": "error", "code": "reference",
        "message": "sme_lenders: unknown authority 'gama'"}
    assert [f"{p['path']}:{p['line']}:{p['column']}: {p['severity']}: {p['message']}"
            for p in payload["problems"]] == TEXT


def test_github_annotations(tsp: CliRun, minimal: Path, monkeypatch: pytest.MonkeyPatch
                            ) -> None:
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    result = tsp("validate", "--format", "github", repo=break_minimal(minimal))
    assert result.exit_code == 1
    # https://docs.github.com/actions/reference/workflow-commands-for-github-actions
    # ::error file={name},line={line},col={col},title={title}::{message}; ':' and ',' in a
    # property are escaped as %3A and %2C.
    assert result.stdout.splitlines() == [
        "::error file=data/packages/alpha-review.yaml,line=1,col=1,title=tsp validate%3A "
        "schema::missing required field 'recipients' (Authorities that receive the support)",
        "::error file=data/packages/alpha-review.yaml,line=5,col=1,title=tsp validate%3A "
        "schema::unknown field 'recipents'; did you mean 'recipients'?",
        "::warning file=data/packages/beta-coaching.yaml,line=9,col=5,title=tsp validate%3A "
        "duplicate-entry::recipients: 'beta' is listed twice; list each authority once",
        "::error file=data/packages/beta-coaching.yaml,line=11,col=5,title=tsp validate%3A "
        "reference::sme_lenders: unknown authority 'gama'",
    ]
    assert result.stderr == "3 errors, 1 warning in 5 files\n"


def test_github_paths_are_from_the_top_of_the_checkout(tsp: CliRun, minimal: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # A register kept in a subfolder of the checkout: GitHub places annotations by the path
    # from $GITHUB_WORKSPACE.
    monkeypatch.setenv("GITHUB_WORKSPACE", str(minimal.parent))
    result = tsp("validate", "--format", "github", repo=break_minimal(minimal))
    assert result.stdout.startswith("::error file=minimal/data/packages/alpha-review.yaml,")


def test_github_escapes_newlines_and_percent_in_messages() -> None:
    from tsp.cli.validate import github_annotation
    from tsp.problems import Problem

    root = Path("/repo")
    problem = Problem(root / "data/a,b.yaml", 2, 3, "error", "50% done\nnext", "x:y")
    assert github_annotation(problem, root) == (
        "::error file=data/a%2Cb.yaml,line=2,col=3,title=tsp validate%3A x%3Ay::50%25 done%0Anext")


def test_warnings_pass_unless_strict(tsp: CliRun, minimal: Path) -> None:
    root = warning_only(minimal)
    plain = tsp("validate", repo=root)
    assert plain.exit_code == 0
    assert lines(plain.stdout) == [
        "data/packages/beta-coaching.yaml:9:5: warning: recipients: 'beta' is listed twice; "
        "list each authority once",
        "OK: 0 errors, 1 warning in 5 files.",
    ]
    strict = tsp("validate", "--strict", repo=root)
    assert strict.exit_code == 1
    assert strict.stderr == "Problems: 0 errors, 1 warning in 5 files.\n"
    assert json.loads(tsp("validate", "--strict", "-f", "json", repo=root).stdout)["ok"] is False


def test_a_bad_format_is_a_usage_error(tsp: CliRun, minimal: Path) -> None:
    result = tsp("validate", "--format", "xml", repo=minimal)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_outside_a_repository_exits_2_with_a_clear_message(tsp: CliRun, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    monkeypatch.chdir(tmp_path)
    result = tsp("validate")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: No tsp repository here: no data/authorities/ folder in this folder or any "
        "above it.\nRun tsp inside a tsp repository, or pass --repo PATH (or set TSP_REPO).\n")


def test_markup_in_data_is_printed_as_written(tsp: CliRun, minimal: Path) -> None:
    (minimal / "data/packages/alpha-review.yaml").write_text(
        "id: alpha-review\ntitle: T\nyear: 2025-26\nstatus: '[bold]x[/] :smile:'\n"
        "recipients: [alpha]\n", encoding="utf-8")
    result = tsp("validate", repo=minimal)
    assert "status: '[bold]x[/] :smile:' is not one of" in result.stdout


def test_a_pull_request_must_not_add_a_duplicate_package_or_a_stray_file(
        tsp: CliRun, minimal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a copied file with a new id, and a package written straight into data/ (issue 22)
    copy = (minimal / "data/packages/alpha-review.yaml").read_text(encoding="utf-8")
    (minimal / "data/packages/alpha-review-2.yaml").write_text(
        copy.replace("id: alpha-review", "id: alpha-review-2"), encoding="utf-8")
    (minimal / "data/slough.yaml").write_text(copy, encoding="utf-8")
    assert tsp("validate", repo=minimal).exit_code == 0  # warnings, for a terminal
    result = tsp("validate", "--pull-request", repo=minimal)
    assert result.exit_code == 1
    assert "looks like a duplicate of data/packages/alpha-review.yaml" in result.stdout
    assert "data/slough.yaml:1:1: warning: not read: records go in" in result.stdout
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    github = tsp("validate", "--format", "github", "--pull-request", repo=minimal)
    assert github.exit_code == 1
    # shown red on the pull request's lines, as the reason the check failed
    assert "::error file=data/slough.yaml,line=1,col=1,title=tsp validate%3A layout::" \
        in github.stdout
    assert "::error file=data/packages/alpha-review-2.yaml" in github.stdout


def test_a_pull_request_may_add_a_warning_for_the_reviewer_to_weigh(tsp: CliRun, year2: Path
                                                                    ) -> None:
    # funding over the year's cap is a fact the register must be free to record
    result = tsp("validate", "--pull-request", repo=year2)
    assert result.exit_code == 0
    assert "over that year's cap" in result.stdout
    assert tsp("validate", "--strict", repo=year2).exit_code == 1
