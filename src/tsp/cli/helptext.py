"""Help for people: argument and option names, not Python types; examples never rewrapped.

Typer shows `--la <list[str]>`, `ID <str>` and `tsp show {ID}`, and Click rewraps a long example
command in the middle (so copying it breaks it). Here, through the public hooks of Typer's
command and group classes (each command's help records, not Typer's own classes patched),
options show their name (`--la LA`), choices stay listed (`<text|json>`), arguments show their
name alone, and every paragraph of a docstring that is a command is kept as written. (The
"Value error, " Pydantic puts before a bad option value's message is taken off where every
error is shown, tsp.cli.main.)
"""

from __future__ import annotations

import re
from typing import Any

from typer.core import TyperCommand, TyperGroup

from tsp.cli import collector

_TYPE = re.compile(r"^<(?:list\[)?(str|int|float|Path|dir|file|path)\]?>(\.\.\.)?$")


def _shown_value(param: Any, ctx: Any) -> str | None:
    """What an option's help shows after its name: a list of choices as Typer shows it
    (`<text|json>`, worth showing), else the option's name (`--la LA`) or, for a path, what
    kind of path (`DIR`)."""
    shown = param.display_type_rich(ctx)
    match = _TYPE.match(str(shown)) if shown is not None else None
    if not match:
        return None if shown is None else str(shown)
    kind = match.group(1)
    if kind in ("dir", "file", "path", "Path"):
        return kind.upper()
    return str(param.name or "value").upper().replace("_", "-")


def _help_record(param: Any, ctx: Any) -> tuple[str, str] | None:
    """The parameter's line of help as Typer writes it, with the value named as above; an
    argument shows its name alone (ID, NAME says it: a type after it says nothing more)."""
    record: tuple[str, str] | None = param.get_help_record(ctx)
    typed = param.display_type_rich(ctx)
    if record is None or not typed or (param.param_type_name == "option" and (
            param.metavar is not None or param.is_flag or param.count)):
        return record
    name, text = record
    if param.param_type_name == "argument":
        return name.removesuffix(f" {typed}"), text
    return name.replace(f" {typed}", f" {_shown_value(param, ctx)}"), text


def write_parameters(ctx: Any, formatter: Any, params: list[Any]) -> None:
    """The Arguments and Options sections of a command's help, as Typer lays them out."""
    for title, kind in (("Arguments", "argument"), ("Options", "option")):
        records = [r for p in params if p.param_type_name == kind
                   if (r := _help_record(p, ctx)) is not None]
        if records:
            with formatter.section(title):
                formatter.write_dl(records)


class Command(TyperCommand):
    """A tsp command: usage without braces, values named, examples kept whole."""

    def invoke(self, ctx: Any) -> Any:
        collector.command_starts()  # its options are parsed: start-up is over (tsp.cli.entry)
        return super().invoke(ctx)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces: list[str] = super().collect_usage_pieces(ctx)
        return [re.sub(r"\{([^{}]+)\}", r"\1", piece) for piece in pieces]

    def format_options(self, ctx: Any, formatter: Any) -> None:
        write_parameters(ctx, formatter, self.get_params(ctx))

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


class Group(TyperGroup):
    """A group of tsp commands (the application, `tsp new`, `tsp figures`): its own options
    named as a command's are."""

    def format_options(self, ctx: Any, formatter: Any) -> None:
        write_parameters(ctx, formatter, self.get_params(ctx))
        self.format_commands(ctx, formatter)


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
