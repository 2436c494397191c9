"""tsp changes across real commits of a real git repository."""

from __future__ import annotations

import json
from pathlib import Path

from tsp.changes import as_markdown, as_text, compare
from tsp.kinds import RecordKind

from tests.helpers import run_git

SLOUGH_FLAGS = ("new", "package", "--la", "Slough", "--title", "Transitions workshop",
                "--year", "2025-26", "--area", "send", "--kind", "workshop",
                "--status", "scoping", "--yes")


def test_no_changes(git_repo: Path) -> None:
    changes = compare(git_repo, "HEAD")
    assert changes.empty
    assert as_text(changes).startswith("Changes to the register since HEAD (")
    assert as_text(changes).endswith("): none.\n")


def test_a_package_for_slough_moves_the_headline_figures(tsp, git_repo: Path) -> None:
    run_git(git_repo, "switch", "-q", "-c", "add-slough")
    assert tsp(*SLOUGH_FLAGS, repo=git_repo).exit_code == 0
    changes = compare(git_repo, "main")  # uncommitted: the working tree against main
    assert [(c.change, c.id) for c in changes.packages] == [
        ("added", "slough-transitions-workshop")]
    assert changes.affected == ["Slough"]
    figures = {(f.year, f.figure): f for f in changes.figures}
    reached = figures[("2025-26", "areas reached")]
    assert (reached.old, reached.new, reached.gained) == (14, 15, ("Slough",))
    # packages of support: the expression of interest is counted apart (tsp.counting)
    assert (figures[("2025-26", "packages")].old, figures[("2025-26", "packages")].new) == (
        14, 15)
    not_engaged = figures[("2025-26", "authorities not yet engaged")]
    assert (not_engaged.old, not_engaged.new, not_engaged.lost) == (5, 4, ("Slough",))
    assert ("2026-27", "areas reached") not in figures
    # committed, it reads the same
    run_git(git_repo, "add", "data")
    run_git(git_repo, "commit", "-q", "-m", "Add Slough")
    assert compare(git_repo, "main").figures == changes.figures
    assert compare(git_repo, "HEAD").empty


def test_text_output_through_the_cli(tsp, git_repo: Path) -> None:
    assert tsp(*SLOUGH_FLAGS, repo=git_repo).exit_code == 0
    assert tsp("status", "reading-annual-review-mapping", "delivered", "--on", "2026-03-12",
               repo=git_repo).exit_code == 0
    assert tsp("set", "reading-annual-review-mapping", "partners", "--add", "Kent",
               repo=git_repo).exit_code == 0
    result = tsp("changes", "--since", "main", repo=git_repo)
    assert result.exit_code == 0, result.output
    commit = run_git(git_repo, "rev-parse", "--short=7", "main").strip()
    assert result.stdout == f"""\
Changes to the register since main ({commit}):

Packages
  ~ reading-annual-review-mapping: Annual Review process mapping (changed)
      status: agreed → delivered
      partners: + Kent
      status_history: + status: delivered, on: 2026-03-12
      status_basis: reading → (none)
  + slough-transitions-workshop: Transitions workshop (added)

Authorities affected: Kent, Reading, Slough

Headline figures
  Year 1 (2025-26)
    packages: 14 → 15
    areas reached: 14 → 15 (+ Slough)
    authorities not yet engaged: 5 → 4 (− Slough)
    authorities receiving support: 14 → 15 (+ Slough)
    packages scoping: 2 → 3
    packages agreed: 9 → 8
    packages delivered: 1 → 2
"""


def test_removed_packages_and_changed_authorities(git_repo: Path) -> None:
    (git_repo / "data" / "packages" / "wokingham-oap-mapping.yaml").unlink()
    path = git_repo / "data" / "authorities" / "reading.yaml"
    path.write_text(path.read_text().replace("register_code: RDG", "register_code: RBG"))
    run_git(git_repo, "commit", "-q", "-am", "Changes")
    changes = compare(git_repo, "HEAD~1")
    assert [(c.change, c.id) for c in changes.packages] == [
        ("removed", "wokingham-oap-mapping")]
    assert [(c.change, c.id, [(f.field, f.old, f.new) for f in c.fields])
            for c in changes.authorities] == [
        ("changed", "reading", [("register_code", "RDG", "RBG")])]
    assert changes.affected == ["Reading", "Wokingham"]
    reached = next(f for f in changes.figures if f.figure == "areas reached")
    assert (reached.old, reached.new, reached.lost) == (14, 13, ("Wokingham",))


def test_markdown_for_the_pull_request(tsp, git_repo: Path) -> None:
    assert tsp(*SLOUGH_FLAGS, repo=git_repo).exit_code == 0
    markdown = as_markdown(compare(git_repo, "main"))
    assert markdown.startswith("### Changes to the register since `main` (")
    assert "- **added** `slough-transitions-workshop`: Transitions workshop\n" in markdown
    assert "| Year 1 (2025-26) | areas reached | 14 | 15 | \\+ Slough |\n" in markdown


def test_json_output(tsp, git_repo: Path) -> None:
    assert tsp(*SLOUGH_FLAGS, repo=git_repo).exit_code == 0
    result = tsp("changes", "--since", "main", "--format", "json", repo=git_repo)
    data = json.loads(result.stdout)
    assert data["packages"][0]["id"] == "slough-transitions-workshop"
    assert {"year": "2025-26", "label": "Year 1", "figure": "areas reached", "old": 14,
            "new": 15, "gained": ["Slough"], "lost": []} in data["headline_figures"]


def test_a_revision_before_the_register_existed(git_repo: Path) -> None:
    # An orphan commit with no data/ at all: everything is new.
    run_git(git_repo, "switch", "-q", "--orphan", "empty")
    run_git(git_repo, "commit", "-q", "--allow-empty", "-m", "Nothing")
    run_git(git_repo, "switch", "-q", "main")
    changes = compare(git_repo, "empty")
    assert len([c for c in changes.authorities if c.change == "added"]) == 19
    assert len(changes.packages) == 15


def test_the_register_in_a_subfolder_of_the_git_repository(tsp, git_env: None,
                                                           tmp_path: Path,
                                                           frozen_root: Path) -> None:
    import shutil

    top = tmp_path / "monorepo"
    shutil.copytree(frozen_root / "data", top / "register" / "data")
    run_git(top, "init", "-q", "-b", "main")
    run_git(top, "add", ".")
    run_git(top, "commit", "-q", "-m", "Register in a subfolder")
    assert tsp(*SLOUGH_FLAGS, repo=top / "register").exit_code == 0
    changes = compare(top / "register", "main")
    assert [c.id for c in changes.packages] == ["slough-transitions-workshop"]
    assert not changes.authorities


def test_working_tree_errors_are_reported_not_hidden(git_repo: Path) -> None:
    path = git_repo / "data" / "packages" / "kent-send-engagement-workshops.yaml"
    path.write_text(path.read_text().replace("status: agreed", "status: finished"))
    changes = compare(git_repo, "main")
    assert changes.errors_after == 1
    assert as_text(changes).endswith(
        "Note: the working tree has 1 data error(s); records with errors are left out of this "
        "comparison (tsp validate lists them).\n")


def test_not_a_git_repository(tsp, repo_copy: Path, git_env: None) -> None:
    result = tsp("changes", "--since", "main", repo=repo_copy)
    assert result.exit_code == 2
    assert "is not in a git repository" in result.stderr


def test_an_unknown_revision(tsp, git_repo: Path) -> None:
    result = tsp("changes", "--since", "origin/nowhere", repo=git_repo)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: git does not know the revision 'origin/nowhere'.")
    result = tsp("changes", "--since", "--output=/tmp/x", repo=git_repo)
    assert result.exit_code == 2


def test_no_git_at_all_is_a_usage_error_not_a_traceback(tsp, git_repo: Path,
                                                         monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(git_repo / "no-such-folder"))
    result = tsp("changes", "--since", "main", repo=git_repo)
    assert result.exit_code == 2
    assert result.stderr == ("error: git is not installed (or not on PATH); tsp changes reads "
                             "the register's history with git.\n")


def test_the_cache_changes_nothing_and_the_old_side_never_touches_the_disk(
    tsp, git_repo: Path, tmp_path: Path, monkeypatch
) -> None:
    import tempfile

    from tests.helpers import edit

    (git_repo / "data/packages/kent-send-engagement-workshops.yaml").write_text(
        "id: [\n", encoding="utf-8")  # an error after, so both counts show
    edit(git_repo / "data/packages/wokingham-oap-mapping.yaml", "status: agreed",
         "status: scoping")
    run_git(git_repo, "add", "-A")
    run_git(git_repo, "commit", "-q", "-m", "A status, and a broken file")
    edit(git_repo / "data/packages/wokingham-oap-mapping.yaml", "status: scoping",
         "status: in-delivery")
    monkeypatch.setenv("TSP_NO_CACHE", "1")
    uncached = tsp("changes", "--since", "HEAD", "--format", "json", repo=git_repo)
    monkeypatch.delenv("TSP_NO_CACHE")
    monkeypatch.setenv("TSP_CACHE_DIR", str(tmp_path / "cache"))

    def no_temporary_folders(*args: object, **kwargs: object) -> None:
        raise AssertionError("tsp changes wrote the old register to a temporary folder")

    monkeypatch.setattr(tempfile, "mkdtemp", no_temporary_folders)
    first = tsp("changes", "--since", "HEAD", "--format", "json", repo=git_repo)
    second = tsp("changes", "--since", "HEAD", "--format", "json", repo=git_repo)
    assert uncached.exit_code == first.exit_code == second.exit_code == 0
    assert first.output == second.output == uncached.output
    result = json.loads(uncached.output)
    assert (result["errors_before"], result["errors_after"]) == (1, 1)
    assert [p["id"] for p in result["packages"]] == ["wokingham-oap-mapping"]


def test_agreeing_a_counting_rule_is_a_change_reviewers_see(git_repo: Path) -> None:
    path = git_repo / "data/measures/children-looked-after-rate.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("status: proposed\nversion: 1\n", "status: agreed\nversion: 1\n")
    text = text.replace("\ndfe_import:", "\n  - version: 1\n    status: agreed\n"
                        "    on: 2026-12-02\ndfe_import:", 1)
    path.write_text(text, encoding="utf-8")
    changes = compare(git_repo, "HEAD")
    [change] = changes.records[RecordKind.MEASURE]
    assert (change.change, change.id) == ("changed", "children-looked-after-rate")
    assert [f.field for f in change.fields] == ["status", "history"]
    assert "Measures\n  ~ children-looked-after-rate: " in as_text(changes)
    assert changes.errors_after == 0


def test_a_missing_object_in_a_damaged_repository_is_a_message_not_a_traceback(
        tsp, git_repo: Path) -> None:
    # A fresh repository keeps its objects loose: remove the blob of one package file.
    blob = run_git(git_repo, "rev-parse", "HEAD:data/packages/kent-send-engagement-workshops.yaml"
                   ).strip()
    (git_repo / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    result = tsp("changes", "--since", "HEAD", repo=git_repo)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: git cannot read data at ")
    assert f"(object {blob[:12]} is missing): the repository is damaged." in result.stderr
    assert "git fsck" in result.stderr
    assert "Traceback" not in result.output


def test_a_tag_with_backticks_cannot_close_the_headings_code_span(tsp, git_repo: Path) -> None:
    from tsp.reporting.markdown import parser

    tag = "v1`@octocat<b>x</b>`"
    run_git(git_repo, "tag", tag)
    result = tsp("changes", "--since", tag, "--format", "markdown", repo=git_repo)
    assert result.exit_code == 0, result.output
    heading = result.stdout.splitlines()[0]
    [inline] = [t for t in parser().parse(heading) if t.type == "inline"]
    kinds = [(c.type, c.content) for c in inline.children or ()]
    assert ("code_inline", tag) in kinds
    assert not any("@octocat" in content or "<b>" in content
                   for kind, content in kinds if kind != "code_inline")


def test_changes_from_to_shows_exactly_what_was_recorded_in_the_window(
        tsp, dated: dict[str, str], tmp_path: Path) -> None:
    root = tmp_path / "dated"
    # The second quarter: Slough's workshop (15 April) and Reading's delivery (1 May).
    result = tsp("changes", "--from", "2026-04-01", "--to", "2026-06-30", "--format", "json",
                 repo=root)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["commit"], data["until_commit"]) == (dated["delivery"], dated["delivered"])
    assert [(p["change"], p["id"]) for p in data["packages"]] == [
        ("changed", "reading-annual-review-mapping"), ("added", "slough-transitions-workshop")]
    assert data["packages"][0]["fields"]["status"] == {"old": "in-delivery", "new": "delivered"}
    # A window that ends the day before Slough's workshop was recorded does not see it.
    march = json.loads(tsp("changes", "--from", "2026-02-20", "--to", "2026-04-14", "--format",
                           "json", repo=root).stdout)
    assert [(p["change"], p["id"]) for p in march["packages"]] == [
        ("changed", "reading-annual-review-mapping")]
    # A window of days in which nothing was recorded.
    quiet = tsp("changes", "--from", "2026-03-01", "--to", "2026-03-31", repo=root)
    assert quiet.stdout == (f"Changes to the register from 2026-03-01 ({dated['delivery'][:7]}) "
                            f"to 2026-03-31 ({dated['delivery'][:7]}): none.\n")
    # Revisions work as well as dates; a window that starts before the history, everything.
    tags = json.loads(tsp("changes", "--from", dated["start"], "--to", dated["slough"],
                          "--format", "json", repo=root).stdout)
    assert [p["id"] for p in tags["packages"]] == ["reading-annual-review-mapping",
                                                   "slough-transitions-workshop"]
    first = json.loads(tsp("changes", "--from", "2025-12-01", "--to", "2026-01-10",
                           "--format", "json", repo=root).stdout)
    assert len(first["packages"]) == 15 and first["commit"] == ""


def test_changes_from_needs_to_and_order(tsp, dated: dict[str, str], tmp_path: Path) -> None:
    root = tmp_path / "dated"
    alone = tsp("changes", "--from", "2026-04-01", repo=root)
    assert alone.exit_code == 2 and "--from and --to go together" in alone.stderr
    backwards = tsp("changes", "--from", "2026-06-01", "--to", "2026-03-01", repo=root)
    assert backwards.exit_code == 2 and "is after --to" in backwards.stderr
