"""tsp history ID: each change to a record, in a repository with commits at fixed dates."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.helpers import commit_at, edit, run_git
from tsp.reporting.markdown import parser
from tsp.record_history import as_markdown, as_text, record_history


def test_each_change_with_its_date_author_subject_and_fields(dated: dict[str, str],
                                                             tmp_path: Path) -> None:
    history = record_history(tmp_path / "dated", "reading-annual-review-mapping")
    assert [(e.commit.sha, e.change) for e in history.entries] == [
        (dated["start"], "added"), (dated["delivery"], "changed"),
        (dated["delivered"], "changed")]
    last = history.entries[-1]
    assert (last.commit.when.isoformat(), last.commit.author, last.commit.subject) == (
        "2026-05-01T08:00:00+00:00", "Ada Lovelace", "Reading's mapping delivered")
    assert [(f.field, f.old, f.new) for f in last.fields] == [
        ("status", "in-delivery", "delivered"),
        ("status_history", [{"status": "in-delivery", "on": "2026-02-15"}],
         [{"status": "in-delivery", "on": "2026-02-15"},
          {"status": "delivered", "on": "2026-04-28"}])]
    text = as_text(history)
    assert text.startswith("History of package reading-annual-review-mapping, as recorded in "
                           "the register (oldest first): 3 changes\n")
    assert (f"2026-05-01 08:00 UTC  Ada Lovelace  {dated['delivered'][:7]}  Reading's mapping "
            "delivered\n  changed\n    status: in-delivery → delivered\n") in text


def test_a_renamed_file_is_followed(dated: dict[str, str], tmp_path: Path) -> None:
    root = tmp_path / "dated"
    old = root / "data/packages/wokingham-oap-mapping.yaml"
    edit(old, "id: wokingham-oap-mapping", "id: wokingham-ordinarily-available")
    run_git(root, "mv", str(old), str(root / "data/packages/wokingham-ordinarily-available.yaml"))
    renamed = commit_at(root, "2026-06-01T10:00:00Z", "Wokingham: a clearer id")
    history = record_history(root, "wokingham-ordinarily-available")
    assert [(e.commit.sha, e.change) for e in history.entries] == [
        (dated["start"], "added"), (renamed, "renamed")]
    assert history.entries[-1].renamed_from == "data/packages/wokingham-oap-mapping.yaml"
    assert [(f.field, f.old, f.new) for f in history.entries[-1].fields] == [
        ("id", "wokingham-oap-mapping", "wokingham-ordinarily-available")]


def test_a_year_and_its_narrative_an_authority_and_a_measure(dated: dict[str, str],
                                                             tmp_path: Path) -> None:
    root = tmp_path / "dated"
    with (root / "data/years/2025-26.md").open("a", encoding="utf-8") as narrative:
        narrative.write("\nA sentence added in June.\n")
    edit(root / "data/measures/children-looked-after-rate.yaml", "the register shows them",
         "tsp shows them")
    commit = commit_at(root, "2026-06-02T10:00:00Z", "Year 1 narrative; a rule reworded")
    year = record_history(root, "2025-26")
    assert year.kind.noun == "year"
    # the YAML and the narrative first recorded in one commit: one change, not two
    assert [e.change for e in year.entries] == ["added", "changed"]
    assert [f.field for f in year.entries[-1].fields] == ["narrative"]
    assert year.entries[-1].commit.sha == commit
    measure = record_history(root, "children-looked-after-rate")
    [change] = measure.entries[-1].fields
    assert change.field == "disclosure"
    assert change.new["text"].startswith("DfE published the authorities' figures unrounded; "
                                         "tsp shows them")
    assert [e.change for e in record_history(root, "reading").entries] == ["added"]


def test_the_cli_in_every_format(tsp, dated: dict[str, str], tmp_path: Path) -> None:
    root = tmp_path / "dated"
    data = json.loads(tsp("history", "reading-annual-review-mapping", "--format", "json",
                          repo=root).stdout)
    assert [(c["date"], c["author"], c["change"]) for c in data["changes"]] == [
        ("2026-01-10T12:00:00+00:00", "Test Contributor", "added"),
        ("2026-02-20T09:30:00+00:00", "Test Contributor", "changed"),
        ("2026-05-01T08:00:00+00:00", "Ada Lovelace", "changed")]
    rows = list(csv.DictReader(io.StringIO(tsp("history", "reading-annual-review-mapping",
                                               "--format", "csv", repo=root).stdout.lstrip(
        "\ufeff"))))
    assert [(r["date"][:10], r["field"], r["old"], r["new"]) for r in rows][:3] == [
        ("2026-01-10", "", "", ""), ("2026-02-20", "status", "agreed", "in-delivery"),
        ("2026-02-20", "status_history", "[]",
         '[{"status": "in-delivery", "on": "2026-02-15"}]')]
    markdown = tsp("history", "Reading", "--format", "markdown", repo=root)  # a name works
    assert markdown.exit_code == 0, markdown.output
    assert markdown.stdout.startswith("### History of authority reading, as recorded")
    missing = tsp("history", "no-such-record", repo=root)
    assert missing.exit_code == 2
    assert "no record 'no-such-record' in the register's history" in missing.stderr


def test_markdown_keeps_a_hostile_subject_inert(dated: dict[str, str], tmp_path: Path) -> None:
    root = tmp_path / "dated"
    edit(root / "data/packages/kent-send-engagement-workshops.yaml", "status: agreed",
         "status: scoping")
    commit_at(root, "2026-06-03T10:00:00Z", "@team <img src=x onerror=alert(1)> [x](http://e)")
    markdown = as_markdown(record_history(root, "kent-send-engagement-workshops"))
    kinds = {t.type for block in parser().parse(markdown) for t in block.children or ()}
    assert not kinds & {"link_open", "image", "html_inline"}
    assert "\\@team" in markdown


def test_a_removed_record_keeps_its_history(dated: dict[str, str], tmp_path: Path) -> None:
    root = tmp_path / "dated"
    (root / "data/packages/medway-coproduction-oap.yaml").unlink()
    removed = commit_at(root, "2026-06-04T10:00:00Z", "Medway's package withdrawn from the "
                        "register")
    history = record_history(root, "medway-coproduction-oap")
    assert [(e.commit.sha, e.change) for e in history.entries] == [
        (dated["start"], "added"), (removed, "removed")]
