"""tsp and tsp.models export their names lazily (tsp.lazy): each resolves, and importing one
model's module builds no other model."""

from __future__ import annotations

import subprocess
import sys

import pytest

import tsp
import tsp.models


@pytest.mark.parametrize("package", [tsp, tsp.models], ids=["tsp", "tsp.models"])
def test_every_exported_name_resolves_and_an_unknown_one_is_an_attribute_error(
    package: object
) -> None:
    for name in package.__all__:  # type: ignore[attr-defined]
        assert getattr(package, name) is not None, name
    with pytest.raises(AttributeError, match="has no attribute 'Nope'"):
        getattr(package, "Nope")


def test_a_question_about_measures_builds_no_package_model() -> None:
    code = ("import sys; import tsp.models.measure; "
            "print(sorted(m for m in sys.modules if m.startswith('tsp.models')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "['tsp.models', 'tsp.models.common', 'tsp.models.measure']"
