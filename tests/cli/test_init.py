"""tsp init --region: a register for any of England's nine regions (issue 21)."""

from __future__ import annotations

from pathlib import Path

import datetime as dt
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.helpers import CliRun, run_git


def _load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))

# Upper-tier authorities per region (153 in all, as in DfE's statistical neighbours model).
REGIONS = {
    "E12000001": ("North East", 12), "E12000002": ("North West", 24),
    "E12000003": ("Yorkshire and The Humber", 15), "E12000004": ("East Midlands", 10),
    "E12000005": ("West Midlands", 14), "E12000006": ("East of England", 11),
    "E12000007": ("London", 33), "E12000008": ("South East", 19),
    "E12000009": ("South West", 15),
}


@pytest.mark.parametrize("code", sorted(REGIONS))
def test_every_region_starts_a_register_that_validates_and_answers(
        code: str, tsp: CliRun, tmp_path: Path) -> None:
    name, count = REGIONS[code]
    root = tmp_path / "register"
    made = tsp("init", str(root), "--region", code, "--no-commit")
    assert made.exit_code == 0, made.output
    assert f"a register for {name} ({code}) with {count} authorities" in made.stdout
    assert len(list((root / "data/authorities").glob("*.yaml"))) == count
    programme = _load(root / "data/programme.yaml")
    assert programme == {"programme": "Targeted Support Programme",
                         "region": {"code": code, "name": name}}
    checked = tsp("validate", "--strict", repo=root)
    assert checked.exit_code == 0, checked.output
    first = sorted((root / "data/authorities").glob("*.yaml"))[0]
    la_name = _load(first)["name"]
    assert tsp("la", la_name, repo=root).exit_code == 0
    assert tsp("la", repo=root).exit_code == 0
    listed = tsp("list", repo=root)
    assert listed.exit_code == 0 and "No packages" in listed.output
    report = tsp("report", "la", la_name, repo=root)
    assert report.exit_code == 0, report.output
    assert "**Programme:** Targeted Support Programme" in report.stdout
    assert tsp("report", "data", repo=root).exit_code == 0


def test_london_leaves_out_dfe_s_combined_rows(tsp: CliRun, tmp_path: Path) -> None:
    root = tmp_path / "london"
    assert tsp("init", str(root), "--region", "london", "--no-commit").exit_code == 0
    names = {_load(p)["name"]
             for p in (root / "data/authorities").glob("*.yaml")}
    assert "Kingston upon Thames" in names and "Richmond upon Thames" in names
    assert not any("/" in n for n in names)
    barnet = _load(root / "data/authorities/barnet.yaml")
    assert barnet == {"id": "barnet", "name": "Barnet", "gss_code": "E09000003",
                      "dfe_la_code": "302", "type": "london-borough", "region": "London"}
    assert (root / "data/reference/statistical-neighbours-2025.csv").is_file()
    assert (root / "data/reference/uk-upper-tier-local-authorities.hexjson").is_file()
    assert (root / "templates/la.md.j2").is_file() and (root / "schemas").is_dir()
    assert "tsp validate" in (root / ".github/workflows/validate.yml").read_text()
    assert "London" in (root / "README.md").read_text()
    years = list((root / "data/years").glob("*.yaml"))
    assert len(years) == 1 and "label: Year 1" in years[0].read_text()


def test_former_codes_come_from_dfe_s_list(tsp: CliRun, tmp_path: Path) -> None:
    root = tmp_path / "north-east"
    assert tsp("init", str(root), "--region", "North East", "--no-commit").exit_code == 0
    gateshead = _load(root / "data/authorities/gateshead.yaml")
    assert gateshead["gss_code"] == "E08000037"
    assert gateshead["former_codes"] == [{"gss_code": "E08000020", "ended_on":
                                          dt.date(2013, 3, 31)}]


def test_a_new_folder_gets_a_first_commit(tsp: CliRun, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    for key, value in (("GIT_AUTHOR_NAME", "A"), ("GIT_AUTHOR_EMAIL", "a@example.org"),
                       ("GIT_COMMITTER_NAME", "A"), ("GIT_COMMITTER_EMAIL", "a@example.org")):
        monkeypatch.setenv(key, value)
    root = tmp_path / "sw"
    result = tsp("init", str(root), "--region", "E12000009")
    assert result.exit_code == 0, result.output
    assert "Made the first commit." in result.stdout
    assert run_git(root, "status", "--porcelain") == ""
    assert "South West" in run_git(root, "log", "--format=%s")


def test_an_unknown_region_or_a_folder_in_use_is_refused(tsp: CliRun, tmp_path: Path) -> None:
    result = tsp("init", str(tmp_path / "x"), "--region", "South Eats")
    assert result.exit_code == 2
    assert "No English region 'South Eats'" in result.stderr
    assert "South East" in result.stderr
    assert not (tmp_path / "x").exists()
    used = tmp_path / "used"
    used.mkdir()
    (used / "notes.txt").write_text("mine")
    result = tsp("init", str(used), "--region", "London")
    assert result.exit_code == 2 and "is not empty" in result.stderr
    assert [p.name for p in used.iterdir()] == ["notes.txt"]


def test_the_new_register_s_workflow_passes_actionlint(tsp: CliRun, tmp_path: Path) -> None:
    import shutil
    import subprocess
    import sys

    actionlint = shutil.which("actionlint") or str(Path(sys.executable).with_name("actionlint"))
    if not Path(actionlint).exists():
        pytest.skip("actionlint is not installed (pip install -e '.[test]')")
    root = tmp_path / "wm"
    assert tsp("init", str(root), "--region", "West Midlands", "--no-commit").exit_code == 0
    workflow = root / ".github/workflows/validate.yml"
    done = subprocess.run([actionlint, str(workflow)], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "@3d3c42e5aac5ba805825da76410c181273ba90b1" in workflow.read_text()  # pinned
