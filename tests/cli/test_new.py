"""tsp new package / tsp new authority through the real CLI: flags, prompts, refusals."""

from __future__ import annotations

from pathlib import Path

from tsp.load import load_checked

SLOUGH = "slough-transitions-workshop"
FLAGS = ("--la", "Slough", "--title", "Transitions workshop", "--area", "send",
         "--kind", "workshop", "--status", "scoping", "--year", "2026-27")


def new_file(root: Path, record_id: str = SLOUGH) -> Path:
    return root / "data" / "packages" / f"{record_id}.yaml"


def test_flags_and_yes_write_a_valid_file_and_print_next_steps(tsp, repo_copy: Path) -> None:
    result = tsp("new", "package", *FLAGS, "--yes", repo=repo_copy)
    assert result.exit_code == 0, result.output
    assert new_file(repo_copy).read_text() == (
        "# yaml-language-server: $schema=../../schemas/package.schema.json\n"
        "# Slough Transitions workshop — workshop on SEND\n"
        "id: slough-transitions-workshop\n"
        "title: Transitions workshop\n"
        "year: 2026-27\n"
        "status: scoping\n"
        "areas:\n  - send\n"
        "recipients:\n  - slough\n"
        "kinds:\n  - workshop\n"
    )
    assert result.stdout == (
        "Wrote data/packages/slough-transitions-workshop.yaml\n"
        "\n"
        "Next steps:\n"
        "  1. check the whole repository:  tsp validate\n"
        "  2. start a branch for your change:  git switch -c add-slough-transitions-workshop\n"
        "  3. stage the new file:  git add data/packages/slough-transitions-workshop.yaml\n"
        '  4. commit it:  git commit -m "Add package slough-transitions-workshop: Transitions '
        'workshop"\n'
        "  5. send the branch to GitHub:  git push -u origin add-slough-transitions-workshop\n"
        "  6. open a pull request:  on GitHub press 'Compare & pull request' (or run: gh pr "
        "create --fill)\n"
    )
    validated = tsp("validate", repo=repo_copy)
    assert validated.exit_code == 0, validated.output


def test_without_a_terminal_missing_fields_are_listed(tsp, repo_copy: Path) -> None:
    result = tsp("new", "package", "--area", "send", repo=repo_copy)
    assert result.exit_code == 2
    assert result.stderr == (
        "error: missing --la, --title, --status: no terminal to ask in, so give them as "
        "flags.\nRun the command in a terminal (or with --interactive) to be asked.\n"
    )
    assert list((repo_copy / "data" / "packages").glob("slough*")) == []


def test_an_existing_id_is_refused_and_left_untouched(tsp, repo_copy: Path) -> None:
    existing = new_file(repo_copy, "reading-annual-review-mapping")
    before = existing.read_bytes()
    result = tsp("new", "package", *FLAGS, "--id", "reading-annual-review-mapping", "--yes",
                 repo=repo_copy)
    assert result.exit_code == 2
    assert "--id: the id 'reading-annual-review-mapping' is taken" in result.stderr
    assert existing.read_bytes() == before


def test_a_file_that_exists_but_does_not_load_is_not_overwritten(tsp, repo_copy: Path) -> None:
    # A broken file is not in the loaded register, but its name is still taken.
    path = new_file(repo_copy)
    path.write_text("id: [broken\n")
    result = tsp("new", "package", *FLAGS, "--yes", repo=repo_copy)
    assert result.exit_code == 0  # the proposed id moves on to the next free one
    assert path.read_text() == "id: [broken\n"
    assert new_file(repo_copy, SLOUGH + "-2").is_file()
    result = tsp("new", "package", *FLAGS, "--id", SLOUGH, "--yes", repo=repo_copy)
    assert result.exit_code == 2
    assert path.read_text() == "id: [broken\n"


def test_a_bad_flag_value_is_a_usage_error_naming_the_flag(tsp, repo_copy: Path) -> None:
    result = tsp("new", "package", *FLAGS, "--la", "Narnia", "--yes", repo=repo_copy)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --la: No authority matches 'Narnia'.")
    result = tsp("new", "package", *FLAGS, "--starts", "2026-13", "--yes", repo=repo_copy)
    assert result.exit_code == 2
    assert "--starts: month 13 is not a month" in result.stderr


def test_a_contradictory_record_is_refused_as_a_usage_error(tsp, repo_copy: Path) -> None:
    result = tsp("new", "package", *FLAGS, "--starts", "2026-05", "--ends", "2026-01",
                 "--yes", repo=repo_copy)
    assert result.exit_code == 2
    assert ("error: --ends: ends (2026-01) is before starts (2026-05); give a date from "
            "2026-05 on, or leave it out.") in result.stderr
    assert not new_file(repo_copy).exists()


PROMPTED = "\n".join([
    "Narnia",                 # recipients: not an authority, asked again
    "Slough",
    "Transitions workshop",   # title
    "",                       # year: the default (the current programme year)
    "",                       # priorities of that year's plan: none
    "",                       # success measures: none
    "9",                      # status: not in the list, asked again
    "2",                      # status: scoping
    "1",                      # areas: send
    "workshop",               # kinds
    "Transitions",            # themes (a new one, slugified)
    "Reading",                # partners
    "",                       # sme_lenders
    "A workshop on transitions to adulthood.",  # summary
    "2026-13",                # starts: not a month, asked again
    "2026-05",
    "",                       # ends
    "",                       # on
    "",                       # delivered_by: first item empty = none
    "", "",                   # outputs, outcomes
    "",                       # related
    "",                       # source
    "",                       # notes
    "",                       # id: the proposed one
    "y",                      # write it
]) + "\n"


def test_interactive_prompts_offer_choices_check_answers_and_confirm(
    tsp, repo_copy: Path
) -> None:
    result = tsp("new", "package", "--interactive", "--year", "2026-27", repo=repo_copy,
                 input=PROMPTED.replace("Transitions workshop\n\n", "Transitions workshop\n", 1))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Choices: Bracknell Forest, Brighton and Hove," in out
    assert "1) interest  2) scoping  3) agreed" in out
    assert "Authorities that receive the support" in out  # the field's description
    assert "id [slough-transitions-workshop]:" in out      # the proposed id
    assert "Write data/packages/slough-transitions-workshop.yaml? [Y/n]:" in out
    errors = result.stderr
    assert "No authority matches 'Narnia'" in errors
    assert "'9' is not a status" in errors
    assert "month 13 is not a month" in errors
    written = load_checked(repo_copy).packages[SLOUGH]
    assert (written.status, written.partners, written.themes, written.starts) == (
        "scoping", ["reading"], ["transitions"], "2026-05")


def test_interactive_asks_again_for_an_end_before_the_start(tsp, repo_copy: Path) -> None:
    # Caught at the question, not after all the others, when the whole record is refused.
    typed = PROMPTED.replace("2026-05\n\n", "2026-05\n2026-01\n2026-07\n", 1)
    result = tsp("new", "package", "--interactive", repo=repo_copy, input=typed)
    assert result.exit_code == 0, result.output
    assert "ends (2026-01) is before starts (2026-05)" in result.stderr
    assert load_checked(repo_copy).packages[SLOUGH].ends == "2026-07"


def test_interactive_uses_the_current_year_by_default(tsp, repo_copy: Path) -> None:
    result = tsp("new", "package", "--interactive", repo=repo_copy, input=PROMPTED)
    assert result.exit_code == 0, result.output
    assert "year [" in result.stdout


def test_declining_writes_nothing(tsp, repo_copy: Path) -> None:
    result = tsp("new", "package", "--interactive", *FLAGS, repo=repo_copy,
                 input="\n" * 16 + "n\n")  # 16 optional fields left, then "no"
    assert result.exit_code == 0, result.output
    assert "Nothing written." in result.stdout
    assert not new_file(repo_copy).exists()


def test_new_authority_for_a_successor_council(tsp, repo_copy: Path) -> None:
    result = tsp("new", "authority", "--name", "East Sussex and Brighton", "--type", "unitary",
                 "--starts-on", "2028-04-01", "--predecessor", "East Sussex",
                 "--predecessor", "Brighton & Hove", "--yes", repo=repo_copy)
    assert result.exit_code == 0, result.output
    path = repo_copy / "data" / "authorities" / "east-sussex-and-brighton.yaml"
    assert path.read_text().startswith(
        "# yaml-language-server: $schema=../../schemas/authority.schema.json\n"
        "# East Sussex and Brighton — a new council from 2028-04-01, succeeding East Sussex "
        "and Brighton and Hove\n"
        "id: east-sussex-and-brighton\n")
    assert "git switch -c add-east-sussex-and-brighton" in result.stdout
    assert tsp("validate", repo=repo_copy).exit_code == 0


def test_new_authority_refuses_a_name_taken(tsp, repo_copy: Path) -> None:
    result = tsp("new", "authority", "--name", "Reading", "--type", "unitary", "--yes",
                 repo=repo_copy)
    assert result.exit_code == 2
    assert "the id 'reading' is taken" in result.stderr


def test_stopping_at_a_prompt_writes_nothing_and_is_not_a_data_problem(
        tsp, repo_copy: Path) -> None:
    before = sorted(p.name for p in (repo_copy / "data/packages").iterdir())
    # The answers run out after the first question, as when someone presses Ctrl-D or Ctrl-C.
    result = tsp("new", "package", "--interactive", repo=repo_copy, input="Slough\n")
    assert result.exit_code == 130
    assert result.stderr.endswith("Stopped; nothing was written.\n")
    assert "Traceback" not in result.output
    assert sorted(p.name for p in (repo_copy / "data/packages").iterdir()) == before


def test_every_required_flag_given_asks_nothing_even_in_a_terminal(
        tsp, repo_copy: Path, monkeypatch) -> None:
    from tsp.cli import new

    monkeypatch.setattr(new, "_is_terminal", lambda: True)
    result = tsp("new", "package", *FLAGS, "--yes", repo=repo_copy, input="")
    assert result.exit_code == 0, result.output
    assert "(Enter to leave out" not in result.stdout
    assert new_file(repo_copy).is_file()


def test_interactive_can_skip_the_remaining_optional_questions(tsp, repo_copy: Path) -> None:
    # Year 2's priorities and success measures (optional) are left out with Enter first.
    typed = "\n".join(["Slough", "Transitions workshop", "", "", "", "2", "1", "-", "", "y"]
                      ) + "\n"
    result = tsp("new", "package", "--interactive", repo=repo_copy, input=typed)
    assert result.exit_code == 0, result.output
    assert "- to skip the remaining optional questions" in result.stdout
    assert "Skipping the remaining optional questions." in result.stdout
    assert "Summary (Enter to leave out" not in result.stdout  # never asked
    written = load_checked(repo_copy).packages[SLOUGH]
    assert [str(a) for a in written.areas] == ["send"] and written.kinds == []


def test_next_steps_on_a_branch_of_ones_own_start_no_branch(tsp, repo_copy: Path) -> None:
    from tests.helpers import run_git

    run_git(repo_copy, "init", "-q", "-b", "my-change")
    result = tsp("new", "package", *FLAGS, "--yes", repo=repo_copy)
    assert result.exit_code == 0, result.output
    assert "git switch -c" not in result.stdout
    assert "git push -u origin my-change" in result.stdout


def test_the_same_package_twice_is_refused_naming_the_file_it_repeats(tsp,
                                                                      repo_copy: Path) -> None:
    assert tsp("new", "package", *FLAGS, "--yes", repo=repo_copy).exit_code == 0
    before = sorted(p.name for p in (repo_copy / "data" / "packages").iterdir())
    again = [*FLAGS]
    again[again.index("Transitions workshop")] = "transitions  Workshop!"  # case, space, mark
    result = tsp("new", "package", *again, "--yes", repo=repo_copy)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "error: data/packages/slough-transitions-workshop.yaml already records this package "
        "(same title, recipients and year 2026-27); nothing was written.\n"
        "Change it with `tsp status slough-transitions-workshop ...` or `tsp set "
        "slough-transitions-workshop ...`; if this is different work, give it a title that "
        "says how.\n")
    assert sorted(p.name for p in (repo_copy / "data" / "packages").iterdir()) == before


def test_the_same_title_for_another_year_or_authority_is_a_new_package(tsp,
                                                                       repo_copy: Path) -> None:
    assert tsp("new", "package", *FLAGS, "--yes", repo=repo_copy).exit_code == 0
    next_year = [*FLAGS]
    next_year[next_year.index("2026-27")] = "2025-26"
    assert tsp("new", "package", *next_year, "--yes", repo=repo_copy).exit_code == 0
    assert new_file(repo_copy, f"{SLOUGH}-2").is_file()  # ids stay unique as before
    also_reading = [*FLAGS, "--la", "Reading"]
    result = tsp("new", "package", *also_reading, "--yes", repo=repo_copy)
    assert result.exit_code == 0, result.output
    assert tsp("validate", "--strict", repo=repo_copy).exit_code == 0


def test_a_status_date_in_the_future_warns(tsp, repo_copy: Path) -> None:
    result = tsp("new", "package", *FLAGS, "--on", "2098-01-01", "--yes", repo=repo_copy)
    assert result.exit_code == 0, result.output
    assert "warning: --on 2098-01-01 is in the future" in result.stderr


def test_interactive_asks_again_for_a_one_letter_id(tsp, repo_copy: Path) -> None:
    typed = PROMPTED.replace("\n\ny\n", "\nx\nslough-transitions\ny\n")
    assert typed != PROMPTED
    result = tsp("new", "package", "--interactive", repo=repo_copy, input=typed)
    assert result.exit_code == 0, result.output
    assert "'x' is too short to say which package it is" in result.stderr
    assert "slough-transitions" in load_checked(repo_copy).packages
    assert "x" not in load_checked(repo_copy).packages
