"""The GitHub workflows: every action pinned to a commit, no untrusted text in a script, the
publishing permissions on the deploy job only; and the proposal workflow's own scripts run
offline on recorded `issues` events, with git for real and a stand-in for `gh`."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.helpers import FIXTURES
from tsp.proposal import LABEL

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
EVENTS = FIXTURES / "issue_forms"


def _load(name: str) -> Any:
    return YAML(typ="safe").load((WORKFLOWS / name).read_text(encoding="utf-8"))


def _steps(workflow: Any) -> list[dict[str, Any]]:
    return [s for job in workflow["jobs"].values() for s in job.get("steps", [])]


@pytest.mark.parametrize("name", sorted(p.name for p in WORKFLOWS.glob("*.yml")))
def test_every_action_is_pinned_and_no_script_holds_an_expression(name: str) -> None:
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    for uses in re.findall(r"uses:\s*(\S+.*)", text):
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*", uses), uses
    for step in _steps(_load(name)):
        assert "${{" not in step.get("run", ""), (name, step.get("name"))


def test_only_the_deploy_job_may_publish() -> None:
    site = _load("site.yml")
    assert site["permissions"] == {}
    assert site["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert site["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert "push" in site["jobs"]["deploy"]["if"]
    for name in ("validate.yml", "proposal.yml"):
        text = (WORKFLOWS / name).read_text(encoding="utf-8")
        assert "pages: write" not in text and "id-token" not in text
    uses = [s.get("uses", "") for s in _steps(site)]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)


def test_a_data_only_pull_request_is_built_by_mains_code() -> None:
    build = _load("site.yml")["jobs"]["build"]["steps"]
    decide = next(s for s in build if s.get("id") == "code")
    assert "^(data|templates)/" in decide["run"]
    main = next(s for s in build if s.get("name") == "Check out main's code")
    assert main["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    assert main["with"]["path"] == "main"


def test_the_proposal_workflow_acts_on_the_forms_label() -> None:
    workflow = _load("proposal.yml")
    assert workflow["on"]["issues"]["types"] == ["opened", "edited", "labeled"]
    assert workflow["permissions"] == {}
    job = workflow["jobs"]["propose"]
    assert f"'{LABEL}'" in job["if"]
    assert job["permissions"] == {"contents": "write", "pull-requests": "write",
                                  "issues": "write"}


GH = """#!/bin/sh
# A stand-in for the GitHub CLI: records its arguments; `gh pr view` finds no pull request.
printf '%s\\n' "$*" >> "$GH_LOG"
case "$1 $2" in
  "pr view") [ -f "$GH_LOG.pr" ] || exit 1; echo "https://github.com/o/r/pull/7" ;;
  "pr create") touch "$GH_LOG.pr" ;;
esac
exit 0
"""


@pytest.fixture
def runner(repo_copy: Path, tmp_path: Path, git_env: None) -> dict[str, Any]:
    """A checkout of the register with an origin to push to, a runner's folders, `tsp` and a
    stand-in `gh` on the PATH."""
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", str(origin)], check=True)
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "register"],
                 ["remote", "add", "origin", str(origin)]):
        subprocess.run(["git", *args], cwd=repo_copy, check=True)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "gh").write_text(GH)
    (bin_dir / "gh").chmod(0o755)
    temp = tmp_path / "runner-temp"
    temp.mkdir()
    env = dict(os.environ, PATH=f"{bin_dir}:{Path(sys.executable).parent}:{os.environ['PATH']}",
               RUNNER_TEMP=str(temp), GITHUB_OUTPUT=str(tmp_path / "output"),
               GH_LOG=str(tmp_path / "gh.log"), GH_TOKEN="not-a-token", GH_REPO="o/r")
    env.pop("TSP_REPO", None)
    return {"repo": repo_copy, "env": env, "tmp": tmp_path, "origin": origin}


def _run_step(runner: dict[str, Any], name: str, event: Path) -> subprocess.CompletedProcess[str]:
    workflow = _load("proposal.yml")
    job = workflow["jobs"]["propose"]
    step = next(s for s in job["steps"] if s.get("name") == name)
    number = str(__import__("json").loads(event.read_text())["issue"]["number"])
    env = dict(runner["env"], GITHUB_EVENT_PATH=str(event), ISSUE=number)
    # GitHub runs a step's script with bash -e {0}
    return subprocess.run(["bash", "-e", "-c", step["run"]], cwd=runner["repo"], env=env,
                          capture_output=True, text=True, check=False)


def _output(runner: dict[str, Any]) -> str:
    path = runner["tmp"] / "output"
    return path.read_text() if path.exists() else ""


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_good_proposal_opens_a_pull_request(runner: dict[str, Any]) -> None:
    read = _run_step(runner, "Read the form's answers", EVENTS / "event-opened.json")
    assert read.returncode == 0, read.stderr
    assert "valid=true" in _output(runner)
    opened = _run_step(runner, "Open or update the pull request", EVENTS / "event-opened.json")
    assert opened.returncode == 0, opened.stderr
    log = (runner["tmp"] / "gh.log").read_text()
    assert "pr create --head proposal/issue-42" in log
    assert "issue comment 42" in log
    pushed = subprocess.run(["git", "--git-dir", str(runner["origin"]), "show", "--name-only",
                             "proposal/issue-42"], capture_output=True, text=True, check=True)
    assert "data/packages/slough-transitions-to-adulthood-workshop.yaml" in pushed.stdout
    assert "issue #42" in pushed.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_bad_proposal_comments_with_its_problems(runner: dict[str, Any]) -> None:
    read = _run_step(runner, "Read the form's answers", EVENTS / "event-bad.json")
    assert read.returncode == 0, read.stderr
    assert "valid=false" in _output(runner)
    said = _run_step(runner, "Say on the issue what to change", EVENTS / "event-bad.json")
    assert said.returncode == 0, said.stderr
    log = (runner["tmp"] / "gh.log").read_text()
    assert "issue comment 43 --body-file" in log
    problems = (runner["tmp"] / "runner-temp" / "problems.md").read_text()
    assert "**Receiving authorities**" in problems


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_hostile_proposal_runs_nothing_it_carries(runner: dict[str, Any]) -> None:
    marker = Path("/tmp/tsp-pwned")
    read = _run_step(runner, "Read the form's answers", EVENTS / "event-hostile.json")
    assert read.returncode == 0, read.stderr
    opened = _run_step(runner, "Open or update the pull request", EVENTS / "event-hostile.json")
    assert opened.returncode == 0, opened.stderr
    assert not marker.exists()
    log = (runner["tmp"] / "gh.log").read_text()
    assert "pwned" not in log  # the title never reaches gh's command line


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_an_edited_proposal_updates_its_pull_request(runner: dict[str, Any]) -> None:
    for event in ("event-opened.json", "event-edited.json"):
        # each run starts from a fresh checkout of main, as on GitHub
        subprocess.run(["git", "switch", "-q", "main"], cwd=runner["repo"], check=True)
        subprocess.run(["git", "branch", "-q", "-D", "proposal/issue-42"], cwd=runner["repo"],
                       check=False, capture_output=True)
        subprocess.run(["git", "clean", "-q", "-fd", "data"], cwd=runner["repo"], check=True)
        assert _run_step(runner, "Read the form's answers", EVENTS / event).returncode == 0
        opened = _run_step(runner, "Open or update the pull request", EVENTS / event)
        assert opened.returncode == 0, opened.stderr
    log = (runner["tmp"] / "gh.log").read_text()
    assert log.count("pr create") == 1
    shown = subprocess.run(["git", "--git-dir", str(runner["origin"]), "show",
                            "proposal/issue-42:data/packages/"
                            "slough-transitions-to-adulthood-workshop.yaml"],
                           capture_output=True, text=True, check=True)
    assert "status: agreed" in shown.stdout  # the edit's answer
