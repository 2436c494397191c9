"""tsp.cache: parsed YAML kept by content hash; never a record's validation, never an error."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import tsp.register
from tsp.cache import ParseCache
from tsp.repository import load_repository


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("TSP_CACHE_DIR", str(folder))
    monkeypatch.delenv("TSP_NO_CACHE", raising=False)
    return folder


def cache_for(root: Path) -> ParseCache:
    # The real threshold keeps small repositories out of the cache; these tests lower it.
    cache = ParseCache.for_root(root)
    cache.min_files = 1
    return cache


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []
    real = tsp.register.parse

    def counting(text: str) -> object:
        parsed.append(text)
        return real(text)

    monkeypatch.setattr(tsp.register, "parse", counting)
    return parsed


def test_a_second_load_parses_nothing_and_gives_the_same_records(
    repo_copy: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_repository(repo_copy, cache=cache_for(repo_copy))
    [written] = cache_dir.glob("parsed-*.json")
    parsed = count_parses(monkeypatch)
    second = load_repository(repo_copy, cache=cache_for(repo_copy))
    assert parsed == []
    assert second.packages == first.packages
    assert second.authorities == first.authorities
    assert second.years == first.years
    assert list(cache_dir.glob("parsed-*.json")) == [written]


def test_a_changed_file_is_parsed_again(repo_copy: Path, cache_dir: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    load_repository(repo_copy, cache=cache_for(repo_copy))
    path = repo_copy / "data/packages/wokingham-oap-mapping.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: agreed",
                                                             "status: scoping"),
                    encoding="utf-8")
    parsed = count_parses(monkeypatch)
    repo = load_repository(repo_copy, cache=cache_for(repo_copy))
    assert len(parsed) == 1
    assert repo.packages["wokingham-oap-mapping"].status == "scoping"


def test_errors_are_found_on_every_run(repo_copy: Path, cache_dir: Path) -> None:
    (repo_copy / "data/packages/kent-send-engagement-workshops.yaml").write_text(
        "id: [\n", encoding="utf-8")
    path = repo_copy / "data/packages/wokingham-oap-mapping.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "recipents: [x]\n", encoding="utf-8")
    first = load_repository(repo_copy, cache=cache_for(repo_copy)).problems
    second = load_repository(repo_copy, cache=cache_for(repo_copy)).problems
    assert len(first) == 2
    assert second == first


def test_a_damaged_cache_is_ignored_and_replaced(repo_copy: Path, cache_dir: Path) -> None:
    load_repository(repo_copy, cache=cache_for(repo_copy))
    [written] = cache_dir.glob("parsed-*.json")
    written.write_text('{"versions": ', encoding="utf-8")
    repo = load_repository(repo_copy, cache=cache_for(repo_copy))
    assert repo.problems == []
    assert json.loads(written.read_text(encoding="utf-8"))["entries"]


def test_a_cache_from_another_version_is_ignored(repo_copy: Path, cache_dir: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    load_repository(repo_copy, cache=cache_for(repo_copy))
    [written] = cache_dir.glob("parsed-*.json")
    payload = json.loads(written.read_text(encoding="utf-8"))
    payload["versions"]["tsp"] = "0.0.0"
    written.write_text(json.dumps(payload), encoding="utf-8")
    parsed = count_parses(monkeypatch)
    load_repository(repo_copy, cache=cache_for(repo_copy))
    assert len(parsed) > 30


def test_no_cache_for_a_small_repository_or_with_tsp_no_cache(
    repo_copy: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_repository(repo_copy, cache=ParseCache.for_root(repo_copy))  # 36 files < MIN_FILES
    assert not cache_dir.exists()
    monkeypatch.setenv("TSP_NO_CACHE", "1")
    load_repository(repo_copy, cache=cache_for(repo_copy))
    assert not cache_dir.exists()


def test_dates_come_back_as_dates_and_odd_keys_stay_uncached(cache_dir: Path,
                                                             tmp_path: Path) -> None:
    cache = ParseCache(cache_dir / "parsed-x.json")
    cache.put("a", {"on": dt.date(2026, 1, 15), "at": dt.datetime(2026, 1, 15, 10, 0)})
    cache.put("b", {2025: "x"})
    cache.put("c", {"$date": "not a date"})
    cache.save()
    again = ParseCache(cache_dir / "parsed-x.json")
    assert again.get("a") == (True, {"on": dt.date(2026, 1, 15),
                                     "at": dt.datetime(2026, 1, 15, 10, 0)})
    assert again.get("b") == (False, None)
    assert again.get("c") == (False, None)


def test_writing_leaves_no_temporary_files(repo_copy: Path, cache_dir: Path) -> None:
    load_repository(repo_copy, cache=cache_for(repo_copy))
    assert [p.name.startswith("parsed-") for p in cache_dir.iterdir()] == [True]


def test_an_unwritable_cache_folder_is_not_the_users_problem(repo_copy: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("TSP_CACHE_DIR", str(blocker / "cache"))
    assert load_repository(repo_copy, cache=cache_for(repo_copy)).problems == []
