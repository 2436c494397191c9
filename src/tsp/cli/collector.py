"""The garbage collector while the `tsp` command runs (see tsp.cli.entry): off while tsp
starts, on again for the command's own work.

The entry point turns the collector off before it imports the application; the application's
commands (tsp.cli.helptext.Command) call `command_starts` once their options are parsed.
Importing the application as tests and library users do changes nothing: `command_starts`
turns the collector on only if the entry point turned it off.
"""

from __future__ import annotations

import gc

_turned_off = False


def start_up() -> None:
    """The command starts: the collector off (if it was on) until `command_starts`."""
    global _turned_off
    _turned_off = gc.isenabled()
    gc.disable()


def command_starts() -> None:
    """Called as a command's own work begins: what start-up made is frozen, and the collector
    is on again (if `start_up` turned it off)."""
    global _turned_off
    if _turned_off:
        _turned_off = False
        gc.freeze()
        gc.enable()


def at_exit() -> None:
    """Whatever is left is frozen, so the interpreter's last collection walks none of it."""
    gc.freeze()
