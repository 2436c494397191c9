"""The `tsp` command's entry point (the console script): the application, run as one short
process.

A run of tsp imports its stack (Typer, Pydantic, Rich and tsp itself: some 50,000 objects
the collector tracks, nearly all of which live until it exits), answers one question and
exits. CPython's cyclic garbage collector would walk those objects over and over while they
are imported, and all of them once more as the interpreter shuts down, and find almost no
garbage among them (about 600 objects: classes and functions start-up made and dropped). So:

* while tsp starts, the collector is off;
* just before the command's own work, everything made so far is frozen (`gc.freeze`: left
  out of every later collection) and the collector is on again, so the command's garbage is
  collected as usual, however large the register;
* at exit, whatever is left is frozen too, so the interpreter's last collection walks none of it.

What this keeps that a collection would have freed is that start-up garbage, frozen with the
rest until exit (a few hundred objects; the command's own garbage is collected). Importing
`tsp.cli.main` (as tests and library users do) changes nothing: only this entry point does it.
`python benchmarks/bench_list.py` prints what it saves, against the floor app run both ways.
"""

from __future__ import annotations

import os

from tsp.cli import collector


def run() -> None:
    """Run the `tsp` application with the collector arranged as above, and without looking
    for Pydantic plugins (tsp uses none)."""
    # Pydantic's documented switch (pydantic.plugin._loader.get_plugins reads it on every
    # model it builds): with it set, Pydantic does not read every installed package's
    # metadata for a `pydantic` entry point. tsp as a library leaves it as it is.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    collector.start_up()
    try:
        # deferred: the collector must be off before the application (Typer, Pydantic, Rich,
        # tsp) is imported; that is this function's whole point.
        from tsp.cli.main import run as run_application

        run_application()
    finally:
        collector.at_exit()
