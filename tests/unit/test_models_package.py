"""tsp.models exports every model by name, and importing them builds no validator until a
file needs validating (Pydantic's defer_build); `import tsp` imports none of tsp's modules."""

from __future__ import annotations

import subprocess
import sys

import pytest

import tsp.models


def test_every_exported_name_resolves_and_an_unknown_one_is_an_attribute_error() -> None:
    for name in tsp.models.__all__:
        assert getattr(tsp.models, name) is not None, name
    with pytest.raises(AttributeError, match="has no attribute 'Nope'"):
        getattr(tsp.models, "Nope")


def test_importing_the_models_builds_no_validator() -> None:
    code = ("import tsp.models, tsp.models.measure as m; "
            "print(tsp.models.Package.__pydantic_complete__, m.Measure.__pydantic_complete__)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["False", "False"]


def test_importing_tsp_imports_none_of_its_modules() -> None:
    code = "import sys, tsp; print(sorted(m for m in sys.modules if m.startswith('tsp')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "['tsp']"
