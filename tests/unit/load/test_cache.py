"""tsp.load.cache: what a load found, kept by content hash; it may make a load quicker, never
different. Every test runs on a copy of tests/fixtures/minimal, on disk, with a real cache."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from typer.testing import CliRunner

import tsp
import tsp.load
import tsp.load.cache.store
import tsp.load.figures
import tsp.load.records
from tsp.load import load_checked
from tsp.load.cache.store import ParseCache
from tsp.cli.main import app
from tsp.register import Register

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "minimal"

# A package and an authority that use every kind of value a record holds: nested records,
# dates, enums in lists, empty lists and unset fields.
RICH_PACKAGE = """\
id: alpha-rich
title: Sequencing workshop
year: 2025-26
status: delivered
areas: [send, childrens-social-care]
recipients: [beta]
partners: [gamma]
kinds: [workshop, coaching-mentoring]
themes: [annual-reviews]
starts: 2025-09
ends: 2026
status_history:
  - status: agreed
    on: 2025-08-01
  - status: delivered
    on: 2026-01-15
    note: Report sent
outputs: [A plan]
"""
RICH_AUTHORITY = """\
id: gamma
name: Gamma
gss_code: E06000903
dfe_la_code: 903
type: county
former_codes:
  - gss_code: E10000903
    ended_on: 2019-03-31
reorganisation:
  ends_on: 2028-03-31
  successors: [North Gamma, South Gamma]
"""


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TSP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("TSP_NO_CACHE", raising=False)
    target = tmp_path / "minimal"
    shutil.copytree(FIXTURE, target)
    (target / "data/packages/alpha-rich.yaml").write_text(RICH_PACKAGE, encoding="utf-8")
    (target / "data/authorities/gamma.yaml").write_text(RICH_AUTHORITY, encoding="utf-8")
    return target


def load(root: Path) -> Register:
    return load_checked(root)


def cache_file(root: Path) -> Path:
    [found] = (root.parent / "cache").glob("tsp-*.sqlite")
    return found


def count_validations(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files a load parses and validates (rather than taking them from the cache)."""
    loaded: list[Path] = []
    real = tsp.load.records.load_record

    def counting(path: Path, *args: Any, **kwargs: Any) -> Any:
        loaded.append(path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(tsp.load.records, "load_record", counting)
    return loaded


def count_checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    runs: list[int] = []
    real = tsp.load.check

    def counting(repo: Any) -> Any:
        runs.append(1)
        return real(repo)

    monkeypatch.setattr(tsp.load, "check", counting)
    return runs


def count_records(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Each kind of record a load takes from the cache: its model's name, how many."""
    records: list[tuple[str, int]] = []
    real = ParseCache.records

    def counting(self: ParseCache, model: Any, keys: Any) -> Any:
        found = real(self, model, keys)
        records.append((model.__name__, len(found)))
        return found

    monkeypatch.setattr(ParseCache, "records", counting)
    return records


def same_values(a: Any, b: Any) -> bool:
    """Equal and of the same types all the way down (a StrEnum equals its string, so == alone
    would not notice a status read back as a plain str)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, BaseModel):
        return (a.model_fields_set == b.model_fields_set
                and a.__dict__.keys() == b.__dict__.keys()
                and all(same_values(a.__dict__[k], b.__dict__[k]) for k in a.__dict__))
    if isinstance(a, list):
        return len(a) == len(b) and all(same_values(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def test_a_second_load_validates_nothing_and_gives_the_very_same_records(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load(root)
    assert first.problems == []
    loaded, checks = count_validations(monkeypatch), count_checks(monkeypatch)
    second = load(root)
    assert loaded == [] and checks == []
    for folder in ("authorities", "packages", "years"):
        before, after = getattr(first, folder), getattr(second, folder)
        assert before.keys() == after.keys()
        assert all(same_values(before[k], after[k]) for k in before), folder
    assert second.packages["alpha-rich"].status_history[1].on.isoformat() == "2026-01-15"


def test_a_changed_file_is_validated_again_and_only_that_file(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(root)
    path = root / "data/packages/alpha-review.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: agreed",
                                                             "status: scoping"),
                    encoding="utf-8")
    loaded = count_validations(monkeypatch)
    repo = load(root)
    assert loaded == [path]
    assert repo.packages["alpha-review"].status == "scoping"


def test_problems_are_the_same_on_every_run_and_go_when_fixed(root: Path) -> None:
    path = root / "data/packages/alpha-review.yaml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("  - beta", "  - betta"), encoding="utf-8")  # unknown partner
    (root / "data/packages/beta-coaching.yaml").write_text("id: [\n", encoding="utf-8")
    first = load(root).problems
    second = load(root).problems
    assert len(first) == 2 and "'betta'" in first[0].message
    assert second == first
    assert [p.message for p in second] == [p.message for p in first]
    path.write_text(good, encoding="utf-8")
    assert len(load(root).problems) == 1


def test_a_file_rewritten_behind_its_times_is_still_read_again(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Files are known by their stat once settled; here at once, so that the test can see it.
    monkeypatch.setattr(tsp.load.cache.store, "SETTLED_NS", 0)
    load(root)
    loaded = count_validations(monkeypatch)
    load(root)
    assert loaded == []  # nothing read: every file known by its stat
    path = root / "data/packages/alpha-review.yaml"
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("status: agreed", "status: closed"), encoding="utf-8")
    assert path.stat().st_size == before.st_size
    import os

    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same mtime
    repo = load(root)
    assert loaded == [path]
    assert repo.packages["alpha-review"].status == "closed"


def test_any_change_under_data_means_checking_again(root: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    load(root)
    checks = count_checks(monkeypatch)
    load(root)
    assert checks == []
    (root / "data/years/2025-26.md").write_text("# Year 1\n\nWords.\n", encoding="utf-8")
    load(root)
    assert checks == [1]
    (root / "data/notes.txt").write_text("not a record\n", encoding="utf-8")
    load(root)
    assert checks == [1, 1]
    (root / "data/extra").mkdir()  # a folder tsp does not know, found by the same scan
    (root / "data/extra/more.txt").write_text("also not a record\n", encoding="utf-8")
    load(root)
    assert checks == [1, 1, 1]
    (root / "data/packages/readme.txt").write_text("beside the records\n", encoding="utf-8")
    load(root)
    assert checks == [1, 1, 1, 1]


def test_a_copy_under_another_name_is_still_told_its_id_does_not_match(root: Path) -> None:
    load(root)
    shutil.copy(root / "data/packages/alpha-review.yaml",
                root / "data/packages/alpha-review-2.yaml")
    assert [p.code for p in load(root).errors] == ["id-mismatch"]


def test_a_damaged_cache_is_ignored_and_rebuilt(root: Path) -> None:
    expected = load(root).packages
    written = cache_file(root)
    written.write_bytes(b"not a database, whatever it says" * 100)
    repo = load(root)
    assert repo.problems == [] and repo.packages == expected
    with sqlite3.connect(written) as db:
        assert db.execute("select count(*) from records").fetchone()[0] == 7


def test_an_entry_tsp_did_not_make_is_not_believed(root: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    load(root)  # then an entry that names a class to build, as a hostile cache might
    with sqlite3.connect(cache_file(root)) as db:
        db.execute("""update records set data = '{"$model": "Popen", "fields": {}, "set": []}'""")
        db.execute("delete from verdicts")
    loaded = count_validations(monkeypatch)
    repo = load(root)
    assert len(loaded) == 7 and repo.problems == []


def test_a_cache_made_by_another_tsp_is_emptied(root: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    load(root)
    with sqlite3.connect(cache_file(root)) as db:
        db.execute("update meta set value = 'another tsp' where key = 'fingerprint'")
    loaded, checks = count_validations(monkeypatch), count_checks(monkeypatch)
    load(root)
    assert len(loaded) == 7 and checks == [1]


def test_a_change_to_tsps_own_source_changes_the_fingerprint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = Path(tsp.__file__).parent
    copy = tmp_path / "tsp"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(tsp.load.cache.store, "_FINGERPRINT", None)
    monkeypatch.setattr(tsp, "__file__", str(copy / "__init__.py"))
    original = tsp.load.cache.store.fingerprint()
    checks = copy / "checks" / "__init__.py"
    checks.write_text(checks.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    monkeypatch.setattr(tsp.load.cache.store, "_FINGERPRINT", None)
    assert tsp.load.cache.store.fingerprint() != original


def test_tsps_source_is_hashed_again_only_when_stat_says_it_changed(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tsp.load.cache.store, "_source_signature", lambda: "what stat says of it now")
    load(root)  # makes the cache, with the fingerprint and what stat said of the source
    monkeypatch.setattr(tsp.load.cache.store, "_FINGERPRINT", None)
    hashed: list[str] = []
    real = tsp.load.cache.store.fingerprint

    def counting() -> str:
        hashed.append("source")
        return real()

    monkeypatch.setattr(tsp.load.cache.store, "fingerprint", counting)
    loaded = count_validations(monkeypatch)
    load(root)
    assert hashed == [] and loaded == []  # the kept fingerprint still holds: cache used
    monkeypatch.setattr(tsp.load.cache.store, "_source_signature", lambda: "a file of tsp changed")
    load(root)
    assert hashed == ["source"] and loaded == []  # hashed again, and still the same tsp
    with sqlite3.connect(cache_file(root)) as db:
        db.execute("update meta set value = 'another tsp' where key = 'fingerprint'")
    load(root)
    assert len(loaded) == 7  # a fingerprint that is not this tsp's empties the cache


def test_a_run_while_another_writes_the_cache_still_uses_it_after_tsp_changed(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Noting what stat says of tsp's source is a write; when another tsp holds the cache's
    write lock (saving what it loaded), that note is skipped: the cache is neither taken for
    damaged and deleted, nor left unused."""
    load(root)
    path = cache_file(root)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys, time; "
         "db = sqlite3.connect(sys.argv[1], isolation_level=None); db.execute('begin immediate'); "
         "print('locked', flush=True); time.sleep(30)", str(path)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        monkeypatch.setattr(tsp.load.cache.store, "_source_signature", lambda: "a file of tsp changed")
        loaded = count_validations(monkeypatch)
        assert load(root).problems == []
        assert loaded == [] and path.exists()
    finally:
        holder.kill()
        holder.wait()


def test_the_source_signature_follows_every_module_and_waits_for_settled_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "tsp"
    shutil.copytree(Path(tsp.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(tsp, "__file__", str(copy / "__init__.py"))
    monkeypatch.setattr(tsp.load.cache.store, "SETTLED_NS", 0)  # every file counts as settled
    signature = tsp.load.cache.store._source_signature()
    assert signature is not None and tsp.load.cache.store._source_signature() == signature
    module = copy / "checks" / "__init__.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert tsp.load.cache.store._source_signature() not in (None, signature)
    monkeypatch.setattr(tsp.load.cache.store, "SETTLED_NS", 10**18)  # every file changed too lately
    assert tsp.load.cache.store._source_signature() is None


def test_no_cache_with_tsp_no_cache(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TSP_NO_CACHE", "1")
    load(root)
    assert not (root.parent / "cache").exists()


def test_an_unwritable_cache_folder_is_not_the_users_problem(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("TSP_CACHE_DIR", str(blocker / "cache"))
    assert load(root).problems == []
    assert load(root).problems == []


def list_la(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["list", "--la", "Alpha", "--repo", str(root), *args],
                                env={"COLUMNS": "200"})
    return result.exit_code, result.output


def test_list_for_one_authority_reads_only_its_packages_and_says_the_same(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TSP_NO_CACHE", "1")
    uncached = list_la(root)
    monkeypatch.delenv("TSP_NO_CACHE")
    assert list_la(root) == uncached  # makes the cache
    loaded = count_validations(monkeypatch)
    records = count_records(monkeypatch)
    assert list_la(root) == uncached
    assert loaded == []
    # authorities, Alpha's two packages (not Beta's), the year; no measures are read at all
    assert records == [("Authority", 3), ("Package", 2), ("ProgrammeYear", 1)]
    assert uncached[0] == 0 and "Annual Review mapping" in uncached[1]


def test_list_for_one_authority_still_reports_a_register_with_errors(root: Path) -> None:
    # The cached shortcut never hides a broken file: it is named, and left out of the answer
    # (issue 12: a question answers from the valid records; validate and report still fail).
    assert list_la(root)[0] == 0
    (root / "data/packages/beta-coaching.yaml").write_text(
        (root / "data/packages/beta-coaching.yaml").read_text(encoding="utf-8")
        + "recipents: [beta]\n", encoding="utf-8")
    code, output = list_la(root)
    assert code == 0
    assert "beta-coaching.yaml" in output and "recipents" in output
    assert "left out of this answer" in output
    assert "beta-coaching " not in output.split("left out of this answer")[-1]


DATACHALLENGE = Path(__file__).resolve().parents[2] / "fixtures" / "datachallenge"


@pytest.fixture
def challenge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TSP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("TSP_NO_CACHE", raising=False)
    target = tmp_path / "datachallenge"
    shutil.copytree(DATACHALLENGE, target)
    return target


def compare_timeliness(root: Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["compare", "timeliness", "--la", "Alpha", "--repo",
                                      str(root)], env={"COLUMNS": "200"})
    return result.exit_code, result.output


def test_counting_rules_come_back_from_the_cache_with_their_import_filters(
    challenge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load(challenge)
    assert first.measures["timeliness"].dfe_import.filters  # a mapping of column to value
    loaded = count_validations(monkeypatch)
    second = load(challenge)
    assert loaded == []
    assert all(same_values(first.measures[k], second.measures[k]) for k in first.measures)


def test_compare_reads_only_its_measures_figures_and_says_the_same(
    challenge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TSP_NO_CACHE", "1")
    uncached = compare_timeliness(challenge)
    monkeypatch.delenv("TSP_NO_CACHE")
    assert compare_timeliness(challenge) == uncached  # makes the cache
    records = count_records(monkeypatch)
    read: list[str] = []
    real_read = tsp.load.figures.read_figures

    def reading(path: Path, *args: Any, **kwargs: Any) -> Any:
        read.append(path.name)
        return real_read(path, *args, **kwargs)

    monkeypatch.setattr(tsp.load.figures, "read_figures", reading)
    assert compare_timeliness(challenge) == uncached
    # no packages, no programme years
    assert [model for model, _ in records] == ["Authority", "Measure"]
    assert read == ["timeliness.csv"]  # and not the other measure's figures
    assert uncached[0] == 0 and "Alpha" in uncached[1]


def test_compare_still_fails_on_a_register_with_errors(challenge: Path) -> None:
    assert compare_timeliness(challenge)[0] == 0
    package = challenge / "data/packages/alpha-assessment-review.yaml"
    package.write_text(package.read_text(encoding="utf-8") + "recipents: [beta]\n",
                       encoding="utf-8")
    code, output = compare_timeliness(challenge)
    assert code != 0 and "alpha-assessment-review.yaml" in output and "recipents" in output


def test_year2_money_and_evidence_come_back_exact(year2: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Funding amounts, SME days (Decimal) and evidence are cached like any value: the second
    load validates nothing and gives the very same records, '12500.50' still 12500.50."""
    monkeypatch.setenv("TSP_CACHE_DIR", str(year2.parent / "cache"))
    monkeypatch.delenv("TSP_NO_CACHE", raising=False)
    first = load(year2)
    funded = [p for p in first.packages.values() if p.funding]
    assert funded and any(p.evidence for p in first.packages.values())
    assert any(c.days is not None for p in first.packages.values() for c in p.sme_contributions)
    loaded = count_validations(monkeypatch)
    second = load(year2)
    assert loaded == []
    for folder in ("packages", "years"):
        before, after = getattr(first, folder), getattr(second, folder)
        assert all(same_values(before[k], after[k]) for k in before), folder
    assert [str(f.amount) for p in funded for f in p.funding] == \
        [str(f.amount) for p in funded for f in second.packages[p.id].funding]


# --- what the cache must never hide (found by attacking it with the real CLI) ---------------


def uncached(root: Path, run: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("TSP_NO_CACHE", "1")
    try:
        return run(root)
    finally:
        monkeypatch.delenv("TSP_NO_CACHE")


def test_a_narratives_problem_is_never_hidden_from_compare(challenge: Path) -> None:
    """compare does not read the programme years when the cache vouches for the register;
    a year's narrative (Markdown beside it) is then not read either, so its problems must be
    in the cached verdict."""
    assert compare_timeliness(challenge)[0] == 0
    (challenge / "data/years/2026-27.md").write_text("## Aims\nOne.\n\n## Aims\nTwo.\n",
                                                     encoding="utf-8")
    for _ in range(2):  # the run that finds it, then the run the cache answers
        code, output = compare_timeliness(challenge)
        assert code == 1 and "2026-27.md" in output and "appears twice" in output


def link_figures_file(root: Path) -> Path:
    """timeliness.csv moved out of data/ (still in the repository), a link left in its place."""
    target = root / "elsewhere" / "timeliness.csv"
    target.parent.mkdir()
    (root / "data/figures/timeliness.csv").rename(target)
    (root / "data/figures/timeliness.csv").symlink_to("../../elsewhere/timeliness.csv")
    return target


def link_figures_folder(root: Path) -> Path:
    """data/figures/ moved beside data/ (still in the repository), a link left in its place."""
    (root / "data/figures").rename(root / "figures")
    (root / "data/figures").symlink_to("../figures")
    return root / "figures" / "timeliness.csv"


@pytest.mark.parametrize("link", [link_figures_file, link_figures_folder])
def test_figures_reached_through_a_link_are_known_by_their_content(
    challenge: Path, monkeypatch: pytest.MonkeyPatch, link: Any
) -> None:
    """A link inside the repository is followed when figures are read, so the register's
    state must hold what it leads to, not the link: else a verdict outlives a change."""
    target = link(challenge)
    assert compare_timeliness(challenge)[0] == 0
    assert compare_timeliness(challenge)[0] == 0  # answered by the cache
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("alpha,2023,,50,100,50,", "alpha,2023,,50,100,fifty,"),
                      encoding="utf-8")
    expected = uncached(challenge, compare_timeliness, monkeypatch)
    assert expected[0] == 1 and "fifty" in expected[1]
    assert compare_timeliness(challenge) == expected
    result = CliRunner().invoke(app, ["validate", "--repo", str(challenge)])
    assert result.exit_code == 1 and "timeliness.csv" in result.output


def test_links_in_data_that_lead_nowhere_useful_are_noted_not_followed(
    challenge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A loop, a dangling link and a link out of the repository beside the data folders:
    tsp reads none of them, so none may stop it (a loop once raised OSError)."""
    (challenge / "data/loop").symlink_to("loop")
    (challenge / "data/nowhere").symlink_to("missing")
    (challenge / "data/outside").symlink_to(challenge.parent)
    expected = uncached(challenge, compare_timeliness, monkeypatch)
    assert expected[0] == 0
    assert compare_timeliness(challenge) == expected
    assert compare_timeliness(challenge) == expected
    (challenge / "data/outside").unlink()
    (challenge / "data/outside").symlink_to(challenge.parent / "cache")
    assert compare_timeliness(challenge) == expected


def test_a_hostile_sources_row_is_ignored(challenge: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The meta table's record of tsp's source, nested deeper than JSON can be read back,
    is a damaged cache like any other: ignored, never a traceback."""
    expected = uncached(challenge, compare_timeliness, monkeypatch)
    assert compare_timeliness(challenge) == expected
    for value in ("[" * 100_000, '["x", "' + "[" * 100_000 + '"]'):
        with sqlite3.connect(cache_file(challenge)) as db:
            db.execute("insert or replace into meta values ('sources', ?)", (value,))
        assert compare_timeliness(challenge) == expected


def test_a_damaged_index_of_an_authoritys_packages_is_not_believed(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = uncached(root, list_la, monkeypatch)
    assert expected[0] == 0 and "Annual Review mapping" in expected[1]
    assert list_la(root) == expected
    for index in ('{"alpha": 5}', '{"alpha": [1, 2]}', '{"alpha": {"a": 1}}', '[]'):
        with sqlite3.connect(cache_file(root)) as db:
            db.execute("update verdicts set authorities = ?", (index,))
        assert list_la(root) == expected, index


def test_a_verdict_with_problems_of_the_wrong_shape_is_not_believed(
    challenge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = challenge / "data/packages/alpha-assessment-review.yaml"
    package.write_text(package.read_text(encoding="utf-8") + "recipents: [beta]\n",
                       encoding="utf-8")
    expected = uncached(challenge, compare_timeliness, monkeypatch)
    assert compare_timeliness(challenge) == expected and expected[0] == 1
    with sqlite3.connect(cache_file(challenge)) as db:
        (stored,) = db.execute("select problems from verdicts").fetchone()
    wrong = stored.replace(',"error",', ',"erro",', 1)
    assert wrong != stored
    for problems in (wrong, stored.replace(",1,", ',"1",', 1), '[["data/x", 1, 1, "error", 5, "c"]]'):
        with sqlite3.connect(cache_file(challenge)) as db:
            db.execute("update verdicts set problems = ?", (problems,))
        assert compare_timeliness(challenge) == expected


BROKEN_ROW, GOOD_ROW = "alpha,2023,,50,100,fifty,", "alpha,2023,,50,100,50,"


def test_a_file_changed_while_a_run_reads_it_leaves_no_false_verdict(
    challenge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run hashes every file first and parses them later. A figures file that changes in
    between (an editor saving it, a checkout) must not leave the verdict on what was parsed
    under the state of what was hashed: when those bytes come back, the error they hold must
    still be found."""
    figures = challenge / "data/figures/timeliness.csv"
    good = figures.read_text(encoding="utf-8")
    broken = good.replace(GOOD_ROW, BROKEN_ROW)
    figures.write_text(broken, encoding="utf-8")
    expected = uncached(challenge, compare_timeliness, monkeypatch)
    assert expected[0] == 1 and "fifty" in expected[1]
    real = tsp.load.figures.read_figures

    def saved_meanwhile(path: Path, *args: Any, **kwargs: Any) -> Any:
        if path.name == "timeliness.csv":
            path.write_text(good, encoding="utf-8")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(tsp.load.figures, "read_figures", saved_meanwhile)
    compare_timeliness(challenge)  # hashes the broken file, and then it is saved good
    monkeypatch.setattr(tsp.load.figures, "read_figures", real)
    figures.write_text(broken, encoding="utf-8")  # the broken bytes back (undo, a checkout)
    assert compare_timeliness(challenge) == expected
    assert compare_timeliness(challenge) == expected


def test_a_settled_file_changed_while_a_run_reads_it_leaves_no_false_verdict(
    challenge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same for a file whose hash the cache knew by its stat (so it was not read when
    the state was hashed): what is parsed later must be what that hash says, or no verdict."""
    monkeypatch.setattr(tsp.load.cache.store, "SETTLED_NS", 0)
    package = challenge / "data/packages/alpha-assessment-review.yaml"
    good = package.read_text(encoding="utf-8")
    broken = good + "recipents: [beta]\n"
    package.write_text(broken, encoding="utf-8")
    expected = uncached(challenge, compare_timeliness, monkeypatch)
    assert expected[0] == 1 and "recipents" in expected[1]
    assert compare_timeliness(challenge) == expected  # the file's hash now known by its stat
    real = tsp.load.records.load_record

    def saved_meanwhile(path: Path, *args: Any, **kwargs: Any) -> Any:
        if path.name == package.name:
            package.write_text(good, encoding="utf-8")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(tsp.load.records, "load_record", saved_meanwhile)
    with sqlite3.connect(cache_file(challenge)) as db:
        db.execute("delete from verdicts")  # so that this run checks the register again
    compare_timeliness(challenge)
    monkeypatch.setattr(tsp.load.records, "load_record", real)
    package.write_text(broken, encoding="utf-8")
    assert compare_timeliness(challenge) == expected


def validate_strict(root: Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["validate", "--strict", "--repo", str(root)],
                                env={"COLUMNS": "200"})
    return result.exit_code, result.output


def test_an_empty_folder_in_figures_is_warned_about_warm_as_cold(
    challenge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder holds no bytes, but the figures loader warns about one in data/figures/: the
    register's state must hold it, or a verdict taken before it came says 'OK' (found by a
    hostile-input review: `mkdir data/figures/drafts` and `validate --strict` exited 0 warm
    and 1 cold)."""
    assert validate_strict(challenge)[0] == 0
    assert validate_strict(challenge)[0] == 0  # answered by the cache
    (challenge / "data/figures/drafts").mkdir()
    expected = uncached(challenge, validate_strict, monkeypatch)
    assert expected[0] == 1 and "drafts" in expected[1]
    assert validate_strict(challenge) == expected
    assert validate_strict(challenge) == expected
    (challenge / "data/figures/drafts").rmdir()
    assert validate_strict(challenge)[0] == 0
