"""benchmarks/generate_national.py makes a register that tsp finds clean, whatever its size."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from tests.helpers import FROZEN
from tsp.authorities import resolve
from tsp.load import load_checked

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "generate_national.py"


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_national", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("generate_national", module)
    spec.loader.exec_module(module)
    return module


def test_a_small_national_register_is_valid_and_unambiguous(tmp_path: Path) -> None:
    root = tmp_path / "national"
    generator().generate(root, packages=60, authorities=153, years=3, seed=7,
                         real_from=FROZEN / "data" / "authorities")
    repo = load_checked(root)
    assert repo.problems == []
    assert (len(repo.authorities), len(repo.packages), len(repo.years)) == (153, 60, 3)
    for field in ("name", "gss_code", "dfe_la_code", "register_code"):
        assert len({getattr(a, field) for a in repo.authorities.values()}) == 153
    assert resolve(repo.authorities, "Reading").id == "reading"
