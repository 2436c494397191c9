"""A package proposed by GitHub issue form: the form written from the register (and checked
stale by `tsp schema --check`), and `tsp new package --from-issue-form` on recorded bodies and
recorded `issues` events: a good proposal, a bad one, an edit, and hostile ones."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.helpers import FIXTURES, load, run_tsp
from tsp.proposal import FIELDS, FORM_PATH, LABEL, choices, read_body

FORMS = FIXTURES / "issue_forms"


def _form(root: Path) -> dict:
    return YAML(typ="safe").load((root / FORM_PATH).read_text(encoding="utf-8"))


def _written(root: Path) -> list[Path]:
    return sorted((root / "data" / "packages").glob("slough-*.yaml"))


@pytest.fixture
def site_repo(repo_copy: Path) -> Path:
    """The frozen register as a repository on GitHub (it has a .github folder)."""
    (repo_copy / ".github").mkdir()
    return repo_copy


def test_tsp_schema_writes_the_form_from_the_register(site_repo: Path) -> None:
    result = run_tsp("schema", repo=site_repo)
    assert result.exit_code == 0, result.output
    form = _form(site_repo)
    assert form["labels"] == [LABEL]
    fields = {item["attributes"]["label"]: item for item in form["body"] if "id" in item}
    recipients = fields["Receiving authorities"]["attributes"]
    assert recipients["multiple"] is True
    names = sorted(a.name for a in load(site_repo).authorities.values())
    assert recipients["options"] == names
    assert fields["Title"]["validations"]["required"] is True
    assert "Programme year" in fields and "Status" in fields and "Area" in fields
    # every label the reader of the issue body looks for is the form's
    assert set(fields) <= {f.label for f in FIELDS}
    assert run_tsp("schema", "--check", repo=site_repo).exit_code == 0


def test_the_form_goes_stale_when_the_register_changes(site_repo: Path) -> None:
    assert run_tsp("schema", repo=site_repo).exit_code == 0
    authority = site_repo / "data" / "authorities" / "slough.yaml"
    authority.write_text(authority.read_text(encoding="utf-8").replace(
        "name: Slough", "name: Slough Borough"), encoding="utf-8")
    result = run_tsp("schema", "--check", repo=site_repo)
    assert result.exit_code == 1
    assert "propose-a-package.yml" in result.output


def test_a_repository_without_github_gets_no_form(repo_copy: Path) -> None:
    assert run_tsp("schema", repo=repo_copy).exit_code == 0
    assert not (repo_copy / FORM_PATH).exists()


def test_a_good_proposal_becomes_a_valid_package(repo_copy: Path) -> None:
    result = run_tsp("new", "package", "--from-issue-form", str(FORMS / "good.md"),
                     repo=repo_copy)
    assert result.exit_code == 0, result.output
    [path] = _written(repo_copy)
    record = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    assert record["title"] == "Transitions to adulthood workshop"
    assert record["recipients"] == ["slough"] and record["sme_lenders"] == ["reading"]
    assert record["year"] == "2026-27" and record["status"] == "scoping"
    assert record["kinds"] == ["workshop", "sharing-learning"]
    assert record["priorities"] == ["process-development-and-review"]
    assert record["starts"] == "2026-10"
    assert run_tsp("validate", repo=repo_copy).exit_code == 0


def test_every_option_of_the_form_is_read_back(repo_copy: Path) -> None:
    repo = load(repo_copy)
    for field in FIELDS:
        for shown, value in choices(repo, field.question):
            body = f"### {field.label}\n\n{shown}\n"
            assert read_body(body)[field.label] == shown
            assert dict(choices(repo, field.question))[shown] == value


def test_a_bad_proposal_names_every_problem_by_its_label(repo_copy: Path,
                                                        tmp_path: Path) -> None:
    problems = tmp_path / "problems.md"
    result = run_tsp("new", "package", "--from-issue-form", str(FORMS / "bad.md"),
                     "--problems-file", str(problems), repo=repo_copy)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    text = problems.read_text(encoding="utf-8")
    for label in ("Title", "Receiving authorities", "Kind of support", "Starts",
                  "Priorities it serves"):
        assert f"**{label}**" in text, label
    assert "Atlantis" in result.output and "Juggling" in result.output
    assert _written(repo_copy) == []


def test_a_duplicate_proposal_is_refused(repo_copy: Path) -> None:
    first = run_tsp("new", "package", "--from-issue-form", str(FORMS / "good.md"),
                    repo=repo_copy)
    assert first.exit_code == 0
    again = run_tsp("new", "package", "--from-issue-form", str(FORMS / "good.md"),
                    repo=repo_copy)
    assert again.exit_code == 2
    assert "Title" in again.output
    assert len(_written(repo_copy)) == 1


@pytest.mark.parametrize("event", ["event-opened.json", "event-edited.json"])
def test_a_recorded_issue_event_becomes_a_package(repo_copy: Path, event: str) -> None:
    result = run_tsp("new", "package", "--from-issue-form", str(FORMS / event),
                     repo=repo_copy)
    assert result.exit_code == 0, result.output
    [path] = _written(repo_copy)
    status = "agreed" if "edited" in event else "scoping"  # the edit changed the status
    assert f"status: {status}" in path.read_text(encoding="utf-8")


def test_a_bad_event_comments_and_writes_nothing(repo_copy: Path, tmp_path: Path) -> None:
    result = run_tsp("new", "package", "--from-issue-form", str(FORMS / "event-bad.json"),
                     "--problems-file", str(tmp_path / "p.md"), repo=repo_copy)
    assert result.exit_code == 2
    assert "**Receiving authorities**" in (tmp_path / "p.md").read_text(encoding="utf-8")
    assert _written(repo_copy) == []


def test_an_issue_without_the_proposal_label_is_not_read(repo_copy: Path) -> None:
    result = run_tsp("new", "package", "--from-issue-form",
                     str(FORMS / "event-unknown-labels.json"), repo=repo_copy)
    assert result.exit_code == 2
    assert "not labelled 'package proposal'" in result.output
    assert _written(repo_copy) == []


def test_hostile_text_stays_text(repo_copy: Path, tmp_path: Path) -> None:
    """Shell metacharacters, Markdown, HTML and a forged heading: kept verbatim as data,
    nothing run, the forged `### Title` part of the summary it was typed in."""
    result = run_tsp("new", "package", "--from-issue-form", str(FORMS / "event-hostile.json"),
                     repo=repo_copy)
    assert result.exit_code == 0, result.output
    [path] = _written(repo_copy)
    record = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    event = json.loads((FORMS / "event-hostile.json").read_text(encoding="utf-8"))
    assert record["title"] == event["issue"]["title"]  # the form's title, verbatim
    assert "### Title\n\nForged title" in record["summary"]
    assert not Path("/tmp/tsp-pwned").exists()
    assert run_tsp("validate", repo=repo_copy).exit_code == 0


def test_hostile_problems_are_escaped_for_the_comment(repo_copy: Path, tmp_path: Path) -> None:
    body = (FORMS / "bad.md").read_text(encoding="utf-8").replace(
        "Atlantis", "[x](https://evil.example) @everyone <img src=x> `code`")
    (tmp_path / "body.md").write_text(body, encoding="utf-8")
    result = run_tsp("new", "package", "--from-issue-form", str(tmp_path / "body.md"),
                     "--problems-file", str(tmp_path / "p.md"), repo=repo_copy)
    assert result.exit_code == 2
    text = (tmp_path / "p.md").read_text(encoding="utf-8")
    assert "[x](https://evil.example)" not in text and "\\[x\\]" in text
    # escaped: shown as typed, but neither a tag, a mention nor code on GitHub
    assert not re.search(r"(?<!\\)<img|(?<![\\\w])@everyone|(?<!\\)`", text), text


def test_a_megabyte_body_is_refused_whole(repo_copy: Path, tmp_path: Path) -> None:
    event = json.loads((FORMS / "event-opened.json").read_text(encoding="utf-8"))
    event["issue"]["body"] += "x" * (1024 * 1024)
    (tmp_path / "event.json").write_text(json.dumps(event), encoding="utf-8")
    result = run_tsp("new", "package", "--from-issue-form", str(tmp_path / "event.json"),
                     "--problems-file", str(tmp_path / "p.md"), repo=repo_copy)
    assert result.exit_code == 2
    assert "characters" in (tmp_path / "p.md").read_text(encoding="utf-8")
    assert _written(repo_copy) == []


def test_a_file_that_is_neither_is_a_clear_error(repo_copy: Path, tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text('{"not": "an event"}', encoding="utf-8")
    result = run_tsp("new", "package", "--from-issue-form", str(tmp_path / "x.json"),
                     repo=repo_copy)
    assert result.exit_code == 2 and "neither" in result.output
    missing = run_tsp("new", "package", "--from-issue-form", str(tmp_path / "none.md"),
                      repo=repo_copy)
    assert missing.exit_code == 2 and "Cannot read" in missing.output
    assert _written(repo_copy) == []
