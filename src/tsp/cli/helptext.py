"""Help for people: argument and option names, not Python types; examples never rewrapped.

Typer shows `--la <list[str]>`, `ID <str>` and `tsp show {ID}` (and "Value error," before a bad
option value's message), and Click rewraps a long example
command in the middle (so copying it breaks it). Here options show their name (`--la LA`),
choices stay listed (`<text|json>`), arguments show their name alone, and every paragraph of a
docstring that is a command is kept as written.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

import typer.core
from typer.core import TyperCommand

_TYPE = re.compile(r"^<(?:list\[)?(str|int|float|Path|dir|file|path)\]?>(\.\.\.)?$")


def _option_display(self: Any, ctx: Any) -> str | None:
    if self.metavar is not None:
        return str(self.metavar)
    shown = _original_option_display(self, ctx)
    if shown is None:
        return None
    match = _TYPE.match(str(shown))
    if not match:
        return str(shown)  # a list of choices: the valid values, worth showing
    kind = match.group(1)
    if kind in ("dir", "file", "path", "Path"):
        return kind.upper()
    return str(self.name or "value").upper().replace("_", "-")


def _argument_display(self: Any, ctx: Any) -> str | None:
    return None  # the argument's name (ID, NAME) says it; a type after it says nothing more


def _bad_parameter_message(self: Any) -> str:
    # Typer checks values with pydantic, whose message starts "Value error, ": that is
    # Python's word for it, not the user's.
    return str(_original_bad_parameter(self)).replace("Value error, ", "")


# Typer's own copy of Click, where its parsing raises BadParameter.
_BadParameter: Any = importlib.import_module("typer._click.exceptions").BadParameter
_original_bad_parameter = _BadParameter.format_message
_BadParameter.format_message = _bad_parameter_message
_original_option_display = typer.core.TyperOption.display_type_rich
typer.core.TyperOption.display_type_rich = _option_display  # type: ignore[method-assign]
typer.core.TyperArgument.display_type_rich = _argument_display  # type: ignore[method-assign]


class Command(TyperCommand):
    """A tsp command: usage without braces, examples kept whole."""

    def invoke(self, ctx: Any) -> Any:
        from tsp.cli.entry import command_starts

        command_starts()  # its options are parsed: start-up is over (see tsp.cli.entry)
        return super().invoke(ctx)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces: list[str] = super().collect_usage_pieces(ctx)
        return [re.sub(r"\{([^{}]+)\}", r"\1", piece) for piece in pieces]

    def format_help_text(self, ctx: Any, formatter: Any) -> None:
        original = self.help
        if self.help:
            # Click leaves a paragraph that starts with \b as it is; a command too long for
            # the terminal is broken before an option, with the shell's line continuation.
            width = max(40, int(formatter.width or 80) - 10)
            self.help = "\n\n".join(
                "\b\n" + _continued(p, width) if p.lstrip().startswith("tsp ") else p
                for p in self.help.split("\n\n"))
        try:
            super().format_help_text(ctx, formatter)
        finally:
            self.help = original


def _continued(command: str, width: int) -> str:
    """A long example command as lines that each fit, joined by ' \\'."""
    lines: list[str] = []
    for line in command.strip("\n").split("\n"):
        indent = line[: len(line) - len(line.lstrip())]
        pieces = re.split(r" (?=--?[a-z])", line.strip())
        current = indent + pieces[0]
        for piece in pieces[1:]:
            if len(current) + 1 + len(piece) + 2 > width:
                lines.append(current + " \\")
                current = indent + "    " + piece
            else:
                current += " " + piece
        lines.append(current)
    return "\n".join(lines)


# The --repo option's help: each command's own, and the one given before the command
REPO_HELP = ("The tsp repository (default: $TSP_REPO, else the nearest folder upward that "
             "holds data/authorities/).")
