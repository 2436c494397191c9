"""tsp list, tsp show, and finding the repository: output and exit codes."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from tests.helpers import lines

CliRun = Callable[..., Result]
READING_BGM = "reading-bgm-workforce-engagement"


def listed(result: Result) -> list[str]:
    return [item["id"] for item in json.loads(result.stdout)]


# --- tsp list: filters ---------------------------------------------------------------------


def test_la_finds_packages_in_every_role_and_says_which(tsp: CliRun, frozen_root: Path) -> None:
    result = tsp("list", "--la", "Kent", "--format", "json", repo=frozen_root)
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [(r["id"], r["roles"]) for r in rows] == [
        ("kent-send-engagement-workshops", ["recipient"]),
        (READING_BGM, ["partner"]),
    ]


def test_la_accepts_aliases_and_codes(tsp: CliRun, frozen_root: Path) -> None:
    by_name = tsp("list", "--la", "Buckinghamshire", "-f", "json", repo=frozen_root).stdout
    for text in ("Bucks", "E06000060", "E10000002", "825", "buckinghamshire"):
        assert tsp("list", "--la", text, "-f", "json", repo=frozen_root).stdout == by_name


def test_role_narrows_la(tsp: CliRun, frozen_root: Path) -> None:
    result = tsp("list", "--la", "Kent", "--role", "partner", "-f", "json", repo=frozen_root)
    assert listed(result) == [READING_BGM]


def test_role_without_la_is_a_usage_error(tsp: CliRun, frozen_root: Path) -> None:
    result = tsp("list", "--role", "partner", repo=frozen_root)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --role needs --la")


@pytest.mark.parametrize("year", ["2025-26", "Year 1", "1", "2025/26"])
def test_year_by_id_label_or_number(tsp: CliRun, frozen_root: Path, year: str) -> None:
    everything = listed(tsp("list", "-f", "json", repo=frozen_root))
    assert listed(tsp("list", "--year", year, "-f", "json", repo=frozen_root)) == everything


def test_filters_status_area_theme_kind(tsp: CliRun, frozen_root: Path) -> None:
    def ids(*options: str) -> list[str]:
        result = tsp("list", *options, "-f", "json", repo=frozen_root)
        assert result.exit_code == 0, result.output
        return listed(result)

    assert ids("--status", "delivered") == ["safe-uncertainty-peer-case-review"]
    assert ids("--status", "in-delivery", "--status", "delivered")[0] == (
        "safe-uncertainty-peer-case-review")
    send = ids("--area", "send")
    assert send and READING_BGM not in send
    assert ids("--theme", "bgm-workforce") == [READING_BGM]
    assert ids("--kind", "collaboration") == [READING_BGM]
    assert set(ids("--la", "Reading", "--area", "send")) == {"reading-annual-review-mapping"}


def test_a_bad_choice_is_a_usage_error(tsp: CliRun, frozen_root: Path) -> None:
    result = tsp("list", "--status", "finished", repo=frozen_root)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_no_match_is_said_and_is_not_an_error(tsp: CliRun, frozen_root: Path) -> None:
    result = tsp("list", "--la", "Slough", repo=frozen_root)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "No packages with Slough match these filters.\n"


def test_no_match_for_an_unused_theme_suggests_one(tsp: CliRun, frozen_root: Path) -> None:
    result = tsp("list", "--theme", "annual-review", repo=frozen_root)
    assert result.exit_code == 0
    assert result.stderr == ("No packages match these filters.\nNo package has the theme "
                             "'annual-review'; did you mean 'annual-reviews'?\n")


def test_no_match_in_json_is_an_empty_array(tsp: CliRun, frozen_root: Path) -> None:
    assert tsp("list", "--la", "Slough", "-f", "json", repo=frozen_root).stdout == "[]\n"


@pytest.mark.parametrize("text, expected", [
    ("SCC", "error: 'SCC' could mean more than one authority: Southampton, Surrey. Use a name "
            "or a code.\nDid you mean: Southampton, Surrey?\n"),
    ("Readng", "error: No authority matches 'Readng'. Use a name, an alias, a GSS code or a "
               "DfE number (tsp la --list shows them all).\nDid you mean: Reading?\n"),
])
def test_an_unknown_or_ambiguous_la_exits_2(tsp: CliRun, frozen_root: Path, text: str,
                                            expected: str) -> None:
    for command in (("list", "--la", text), ("la", text)):
        result = tsp(*command, repo=frozen_root)
        assert result.exit_code == 2
        assert result.stderr == expected
        assert result.stdout == ""


# --- tsp list: formats ---------------------------------------------------------------------


def test_json_has_the_yaml_field_names(tsp: CliRun, minimal: Path) -> None:
    rows = json.loads(tsp("list", "-f", "json", repo=minimal).stdout)
    assert rows[0] == {
        "id": "alpha-review", "title": "Annual Review mapping", "year": "2025-26",
        "status": "agreed", "areas": ["send"], "recipients": ["alpha"], "partners": ["beta"],
        "sme_lenders": [], "kinds": ["mapping"], "themes": ["annual-reviews"],
        "status_history": [], "delivered_by": [], "outputs": [], "outcomes": [], "related": [],
        "years": ["2025-26"], "priorities": [], "success_measures": [], "measures": [],
        "funding": [], "evidence": [], "sme_contributions": [], "readings": [],
    }


def test_csv_opens_in_excel_bom_crlf_and_parses(tsp: CliRun, minimal: Path) -> None:
    result = tsp("list", "--la", "Alpha", "--format", "csv", repo=minimal)
    assert result.exit_code == 0
    raw = result.stdout_bytes
    assert raw.startswith("\ufeff".encode())  # Excel reads UTF-8 only with the mark
    assert raw.count(b"\r\n") == 3 and raw.count(b"\n") == 3
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [(r["id"], r["roles"], r["recipients"]) for r in rows] == [
        ("alpha-review", "recipient", "Alpha"), ("beta-coaching", "sme-lender", "Beta")]
    assert list(rows[0])[:3] == ["id", "title", "year"]


def test_csv_keeps_commas_quotes_and_newlines_in_one_cell(tsp: CliRun, minimal: Path) -> None:
    path = minimal / "data/packages/alpha-review.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "title: Annual Review mapping", 'title: \'Mapping, "quoted"\'') +
        'summary: "line one\\nline two"\n', encoding="utf-8")
    raw = tsp("list", "-f", "csv", repo=minimal).stdout_bytes.decode("utf-8-sig")
    first = next(csv.DictReader(io.StringIO(raw, newline="")))
    assert (first["title"], first["summary"]) == ('Mapping, "quoted"', "line one\nline two")


def test_markdown_is_a_table(tsp: CliRun, minimal: Path) -> None:
    result = tsp("list", "--format", "markdown", repo=minimal)
    assert result.stdout.splitlines() == [
        "| ID | Title | Recipients | Year | Status | Area | Kinds |",
        "|---|---|---|---|---|---|---|",
        "| `alpha-review` | Annual Review mapping | Alpha | 2025-26 | agreed | SEND | mapping |",
        "| `beta-coaching` | Leadership coaching | Beta | 2025-26 | delivered | Children's social "
        "care | coaching-mentoring |",
    ]


def test_markdown_escapes_pipes(tsp: CliRun, minimal: Path) -> None:
    path = minimal / "data/packages/alpha-review.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "title: Annual Review mapping", "title: A | B"), encoding="utf-8")
    assert "| A \\| B |" in tsp("list", "-f", "markdown", repo=minimal).stdout


def test_the_table_at_80_columns_keeps_ids_whole(tsp: CliRun, minimal: Path,
                                                 columns: Callable[[int], None]) -> None:
    columns(80)
    result = tsp("list", "--la", "Alpha", repo=minimal)
    assert result.exit_code == 0
    out = lines(result.stdout)
    assert all(len(line) <= 80 for line in out)
    assert out == [
        "Packages with Alpha in 2025-26: 2",
        "",
        " Package                                    Role         Recipients   Status",
        " " + "─" * 78,
        " Annual Review mapping                      recipient    Alpha        agreed",
        " alpha-review",
        " SEND",
        "",
        " Leadership coaching                        sme-lender   Beta         delivered",
        " beta-coaching",
        " Children's social care",
        "",
    ]


def test_every_real_id_is_whole_at_80_columns(tsp: CliRun, frozen_root: Path,
                                              columns: Callable[[int], None]) -> None:
    columns(80)
    out = tsp("list", repo=frozen_root).stdout
    ids = listed(tsp("list", "-f", "json", repo=frozen_root))
    assert all(len(line) <= 80 for line in out.splitlines())
    words = {word for line in out.splitlines() for word in line.split()}
    assert set(ids) <= words


def test_a_wide_terminal_gets_one_column_per_field(tsp: CliRun, minimal: Path,
                                                   columns: Callable[[int], None]) -> None:
    columns(160)
    out = lines(tsp("list", "--la", "Alpha", repo=minimal).stdout)
    assert out[0] == "Packages with Alpha: 2"
    assert out[2].split("┃")[1:-1] == [" ID            ", " Title                 ",
                                       " Role       ", " Recipients ", " Year    ",
                                       " Status    ", " Area                   "]
    assert out[4].startswith("│ alpha-review  │ Annual Review mapping │ recipient  │ Alpha")


# --- tsp show ------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [120, 135, 160])
def test_a_wide_table_never_cuts_a_name(tsp: CliRun, frozen_root: Path,
                                        columns: Callable[[int], None], width: int) -> None:
    # at 120 columns Rich cut "Buckinghamshire" to "Buckinghamshi…" (issue 22)
    columns(width)
    result = tsp("list", repo=frozen_root)
    assert result.exit_code == 0
    table = result.stdout.splitlines()
    assert "…" not in result.stdout
    assert max(len(line.rstrip()) for line in table) <= width
    assert table[1].startswith("┏") and table[1].endswith("┓")  # not cropped at the edge
    assert any("│ Buckinghamshire " in line for line in table)


def test_show_prints_one_package_in_full(tsp: CliRun, minimal: Path) -> None:
    result = tsp("show", "beta-coaching", repo=minimal)
    assert result.exit_code == 0
    assert lines(result.stdout) == [
        "Leadership coaching  (beta-coaching)",
        "Year: 2025-26 (Year 1)",
        "Status: delivered",
        "Area: Children's social care",
        "Recipients: Beta",
        "SMEs lent by: Alpha",
        "Kinds of support: coaching-mentoring",
        "data/packages/beta-coaching.yaml",
    ]


def test_show_json(tsp: CliRun, minimal: Path) -> None:
    data = json.loads(tsp("show", "alpha-review", "-f", "json", repo=minimal).stdout)
    assert (data["id"], data["partners"]) == ("alpha-review", ["beta"])


def test_show_an_unknown_id_exits_2_with_suggestions(tsp: CliRun, frozen_root: Path) -> None:
    result = tsp("show", "reading-annual-review", repo=frozen_root)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "error: No package has the id 'reading-annual-review' (tsp list shows them all).\n"
        "Did you mean: reading-annual-review-mapping")


# --- finding the repository ----------------------------------------------------------------


def test_the_repository_from_tsp_repo(tsp: CliRun, minimal: Path, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TSP_REPO", str(minimal))
    monkeypatch.chdir(tmp_path)
    assert listed(tsp("list", "-f", "json")) == ["alpha-review", "beta-coaching"]


def test_repo_beats_tsp_repo(tsp: CliRun, minimal: Path, frozen_root: Path,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TSP_REPO", str(frozen_root))
    assert listed(tsp("list", "-f", "json", repo=minimal)) == ["alpha-review", "beta-coaching"]


def test_the_repository_upward_from_a_subfolder(tsp: CliRun, minimal: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(minimal / "data" / "packages")
    assert listed(tsp("list", "-f", "json")) == ["alpha-review", "beta-coaching"]


@pytest.mark.parametrize("command", [("list",), ("show", "x"), ("la", "Kent"), ("validate",)])
def test_outside_any_repository_every_command_exits_2(tsp: CliRun, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       command: tuple[str, ...]) -> None:
    monkeypatch.chdir(tmp_path)
    result = tsp(*command)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: No tsp repository here")
    assert "Traceback" not in result.output


def test_a_repo_path_that_does_not_exist_exits_2(tsp: CliRun, tmp_path: Path) -> None:
    result = tsp("list", repo=tmp_path / "nowhere")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {tmp_path / 'nowhere'} (from --repo) does not "
                                    "exist.")


def test_csv_cells_cannot_become_excel_formulas(tsp: CliRun, minimal: Path) -> None:
    path = minimal / "data/packages/alpha-review.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "title: Annual Review mapping", "title: '=HYPERLINK(\"http://x\",\"y\")'"),
        encoding="utf-8")
    raw = tsp("list", "-f", "csv", repo=minimal).stdout_bytes.decode("utf-8-sig")
    first = next(csv.DictReader(io.StringIO(raw, newline="")))
    assert first["title"] == "'=HYPERLINK(\"http://x\",\"y\")"


def test_raw_csv_gives_scripts_the_cells_as_recorded(tsp: CliRun, minimal: Path) -> None:
    # the spreadsheet guard writes '=SUM(1,2) for a title beginning with = (issue 22)
    path = minimal / "data/packages/alpha-review.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "title: Annual Review mapping", "title: '=SUM(1,2)'"), encoding="utf-8")
    guarded = tsp("list", "-f", "csv", repo=minimal).stdout_bytes.decode("utf-8")
    assert guarded.startswith("\ufeff") and "'=SUM(1,2)" in guarded
    result = tsp("list", "-f", "csv", "--raw", repo=minimal)
    assert result.exit_code == 0
    text = result.stdout_bytes.decode("utf-8")
    assert not text.startswith("\ufeff")
    first = next(csv.DictReader(io.StringIO(text, newline="")))
    assert first["title"] == "=SUM(1,2)"
    refused = tsp("list", "--raw", repo=minimal)
    assert refused.exit_code == 2
    assert "--raw is for --format csv" in refused.stderr
