"""The command line: the only package that knows about Typer, Rich, printing and exit codes."""

import sys
import types


def _without_pydantic_plugins() -> None:
    """The tsp command runs no Pydantic plugins, so it need not look for any.

    Pydantic looks for plugins (packages declaring a `pydantic` entry point) when a model or a
    Typer option first needs a validator, by importing importlib.metadata and reading every
    installed package's metadata: about 12 ms of every run, for plugins tsp does not use.
    tsp as a library (`import tsp`) leaves Pydantic as it is.
    """
    name = "pydantic.plugin._loader"
    if name not in sys.modules:
        loader = types.ModuleType(name, "No Pydantic plugins in the tsp command (tsp.cli).")
        loader.get_plugins = lambda: ()  # type: ignore[attr-defined]
        sys.modules[name] = loader


_without_pydantic_plugins()
