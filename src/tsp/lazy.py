"""A package's names, each imported from its own module when first used (PEP 562), so that
importing the package costs nothing until a name is used."""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping
from importlib import import_module
from typing import Any


def exports(package: str, names: Mapping[str, str],
            namespace: MutableMapping[str, Any]) -> Callable[[str], Any]:
    """The module `__getattr__` of `package`: `names` gives the module each name lives in; a
    name is imported on first use and kept in `namespace` (the package's globals()), so each
    is looked up once."""

    def __getattr__(name: str) -> Any:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(module), name)
        namespace[name] = value
        return value

    return __getattr__
