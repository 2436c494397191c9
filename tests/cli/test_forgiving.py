"""Forgiving where the meaning is clear: filters as tables show them, partial answers, pipes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import CliRun


def ids(result: object) -> list[str]:
    return [p["id"] for p in json.loads(getattr(result, "stdout"))]


@pytest.mark.parametrize("args, expected", [
    (["--area", "SEND"], ["alpha-review"]),
    (["--area", "Children's social care"], ["beta-coaching"]),
    (["--status", "Agreed"], ["alpha-review"]),
    (["--status", "DELIVERED"], ["beta-coaching"]),
    (["--kind", "coaching mentoring"], ["beta-coaching"]),
    (["--kind", "Coaching-Mentoring", "--kind", "mapping"], ["alpha-review", "beta-coaching"]),
    (["--la", "Alf", "--role", "Recipient"], ["alpha-review"]),
])
def test_filters_accept_what_tables_show(tsp: CliRun, minimal: Path, args: list[str],
                                         expected: list[str]) -> None:
    result = tsp("list", *args, "-f", "json", repo=minimal)
    assert result.exit_code == 0, result.output
    assert ids(result) == expected


def test_a_value_that_means_nothing_lists_the_choices(tsp: CliRun, minimal: Path) -> None:
    result = tsp("list", "--status", "agred", repo=minimal)
    assert result.exit_code == 2
    assert result.stderr == ("error: --status: 'agred' is not a status; did you mean "
                             "'agreed'?\nChoose one of: interest, scoping, agreed, in-delivery, "
                             "delivered, closed, withdrawn.\n")
    assert "Value error" not in result.stderr and "list[" not in result.stderr


def _break(root: Path) -> None:
    (root / "data" / "packages" / "beta-coaching.yaml").write_text(
        "id: beta-coaching\ntitle: Leadership coaching\nyear: 2025-26\nstatus: finished\n"
        "recipients: [beta]\n")


def test_list_show_and_la_answer_from_the_valid_records(tsp: CliRun, minimal: Path) -> None:
    _break(minimal)
    listed = tsp("list", "-f", "json", repo=minimal)
    assert listed.exit_code == 0
    assert ids(listed) == ["alpha-review"]
    assert "data/packages/beta-coaching.yaml:4:9: error: status: 'finished'" in listed.stderr
    assert "warning: 1 file left out of this answer" in listed.stderr
    shown = tsp("show", "alpha-review", repo=minimal)
    assert shown.exit_code == 0 and "Annual Review mapping" in shown.stdout
    assert tsp("show", "beta-coaching", repo=minimal).exit_code == 2
    profile = tsp("la", "Beta", "-f", "json", repo=minimal)
    assert profile.exit_code == 0
    assert json.loads(profile.stdout)["partnered"] == ["alpha-review"]
    assert json.loads(profile.stdout)["received"] == []


def test_validate_and_report_still_fail_on_a_broken_file(tsp: CliRun, minimal: Path) -> None:
    _break(minimal)
    assert tsp("validate", repo=minimal).exit_code == 1
    assert tsp("report", "--check", repo=minimal).exit_code == 1


def test_show_as_markdown_and_no_markup_in_plain_text(tsp: CliRun, minimal: Path) -> None:
    path = minimal / "data" / "packages" / "alpha-review.yaml"
    path.write_text(path.read_text() + 'summary: "Mapping with **Alpha and Beta** teams."\n')
    markdown = tsp("show", "alpha-review", "--format", "markdown", repo=minimal)
    assert markdown.exit_code == 0
    assert markdown.stdout.startswith("## Annual Review mapping\n\n`alpha-review`\n")
    assert "**Summary:** Mapping with **Alpha and Beta** teams." in markdown.stdout
    text = tsp("show", "alpha-review", repo=minimal).stdout
    assert "Summary: Mapping with Alpha and Beta teams." in text and "**" not in text
    csv = tsp("list", "-f", "csv", repo=minimal).stdout
    assert "Mapping with Alpha and Beta teams." in csv and "**" not in csv


@pytest.mark.parametrize("args", [["la", "--list"], ["la", "Alpha"], ["show", "alpha-review"],
                                  ["list"]])
def test_head_1_exits_0(minimal: Path, args: list[str]) -> None:
    tsp = shutil.which("tsp", path=str(Path(sys.executable).parent))
    assert tsp is not None
    command = f"'{tsp}' {' '.join(args)} --repo '{minimal}' | head -1 >/dev/null; " \
        "echo ${PIPESTATUS[0]}"
    # A long table: more than a pipe's buffer, so the write after head has gone fails.
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True,
                          env={"COLUMNS": "80", "PATH": "/usr/bin:/bin"})
    assert done.stdout.strip() == "0", done.stderr
    assert "Traceback" not in done.stderr


def _long_id_fixture(root: Path) -> str:
    long_id = "alpha-annual-review-process-mapping-and-multi-agency-workshops"
    source = (root / "data" / "packages" / "alpha-review.yaml").read_text()
    (root / "data" / "packages" / "alpha-review.yaml").unlink()
    (root / "data" / "packages" / f"{long_id}.yaml").write_text(
        source.replace("id: alpha-review", f"id: {long_id}"))
    return long_id


@pytest.mark.parametrize("width", [70, 80, 100])
def test_ids_stay_whole_in_the_table(tsp: CliRun, minimal: Path, columns, width: int) -> None:
    long_id = _long_id_fixture(minimal)
    columns(width)
    result = tsp("list", repo=minimal)
    assert result.exit_code == 0, result.output
    assert long_id in result.stdout
    assert "beta-coaching" in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= width


@pytest.mark.parametrize("command", [["list"], ["list", "--la", "Alpha"], ["la", "--list"]])
def test_below_70_columns_the_listing_is_stacked(tsp: CliRun, minimal: Path, columns,
                                                 command: list[str]) -> None:
    long_id = _long_id_fixture(minimal)
    columns(50)
    result = tsp(*command, repo=minimal)
    assert result.exit_code == 0, result.output
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert "─" not in result.stdout  # no table rules
    if command[0] == "list":
        assert f"  {long_id}" in lines  # the id whole, on a line of its own
        assert "  agreed · 2025-26 · SEND" in lines
    else:
        assert "  alpha" in lines and "  E06000901 · 901 · unitary" in lines
