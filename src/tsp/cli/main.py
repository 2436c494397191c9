"""The `tsp` application: joins the command modules, and turns expected errors into exits.

Every command runs inside `_Application.invoke` (and its arguments are parsed in
`parse_args`), both of which hand an error to `handled()`, the one place that maps errors to
messages and exit codes: 0 fine, 1 data problems, 2 usage, 130 stopped. An expected error (a `TspError`)
never shows a traceback; anything else is a bug, and shows one.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from importlib import import_module
from typing import Any

import typer
from rich.markup import escape

from tsp import __version__
from tsp.cli import helptext
from tsp.cli.common import err, print_problems
from tsp.errors import DataError, TspError
from tsp.problems import suggest

# Every command, in the order `tsp --help` lists them (groups last, as Typer put them): (module, attribute, is a group of
# subcommands). A command's module is imported only when that command is looked up (to run
# it, show its help or complete it), so `tsp list` pays for tsp.cli.query alone — Click's
# documented lazy loading of subcommands, and the one place tsp imports its own modules by
# name.
_COMMANDS: dict[str, tuple[str, str, bool]] = {
    "list": ("tsp.cli.query", "list_packages", False),
    "show": ("tsp.cli.show", "show", False),
    "la": ("tsp.cli.la", "la", False),
    "validate": ("tsp.cli.validate", "validate", False),
    "report": ("tsp.cli.report", "report", False),
    "status": ("tsp.cli.edit", "status", False),
    "set": ("tsp.cli.edit", "set_field", False),
    "schema": ("tsp.cli.schema", "schema", False),
    "changes": ("tsp.cli.changes", "changes", False),
    "history": ("tsp.cli.history", "history", False),
    "import": ("tsp.cli.tracker", "import_tracker", False),
    "log": ("tsp.cli.log", "log", False),
    "plan": ("tsp.cli.plan", "plan", False),
    "fund": ("tsp.cli.fund", "fund", False),
    "measures": ("tsp.cli.measures", "measures", False),
    "site": ("tsp.cli.site", "site", False),
    "compare": ("tsp.cli.measures", "compare", False),
    "init": ("tsp.cli.init", "init", False),
    "new": ("tsp.cli.new", "app", True),
    "figures": ("tsp.cli.figures", "figures_app", True),
}


def _build(name: str) -> Any:
    """The Click command for `name`, built exactly as `app.command`/`app.add_typer` on the
    application would build it (same command class, no Rich markup)."""
    module, attribute, is_group = _COMMANDS[name]
    target = getattr(import_module(module), attribute)
    holder = typer.Typer(rich_markup_mode=None, pretty_exceptions_show_locals=False)
    if is_group:
        holder.add_typer(target, name=name)
    else:
        holder.command(name, cls=helptext.Command)(target)

    @holder.callback()
    def _holder() -> None:  # a callback makes the holder a group, so `name` is its command
        pass

    group: Any = typer.main.get_group(holder)
    return group.commands[name]


class _Application(helptext.Group):
    """The top-level group: running any command (and any subcommand of `tsp new`) goes
    through `invoke`, so no command can leave an expected error unhandled. It lives here, not
    only in run(), so that tests invoking `app` see exactly what users see."""

    def list_commands(self, ctx: Any) -> list[str]:
        return [*_COMMANDS, *(n for n in super().list_commands(ctx) if n not in _COMMANDS)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in _COMMANDS:
            command = _build(cmd_name)
            self.add_command(command, cmd_name)
        return command

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except Exception as exc:
            # Typer suggests from the commands loaded so far, which here are none (they load
            # lazily): suggest from every command, so `tsp lsit` offers `list`.
            message = getattr(exc, "message", None)
            if (_is_click_error(exc) and isinstance(message, str) and args
                    and message.startswith("No such command") and "Did you mean" not in message):
                close = suggest(args[0], self.list_commands(ctx), cutoff=0.6)
                if close:
                    exc.message = (f"{message.rstrip('.')}. Did you mean "  # type: ignore[attr-defined]
                                   f"{' or '.join(repr(c) for c in close)}?")
            raise

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return list(super().parse_args(ctx, args))
        except Exception as exc:  # `tsp --bogus`: in tsp's words, as below
            code = handled(exc)
            if code is None:
                raise
            raise typer.Exit(code) from None

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BaseException as exc:  # handled() re-raises what it does not know
            code = handled(exc)
            if code is None:
                raise
            raise typer.Exit(code) from None


def _is_click_error(exc: BaseException) -> bool:
    """A ClickException of the Click that Typer carries inside it (Typer's public names
    include none of its classes but BadParameter), known by what it has: a message and an exit code. Not the "no arguments: show the help"
    one, which shows the help rather than an error."""
    return (callable(getattr(exc, "format_message", None))
            and isinstance(getattr(exc, "exit_code", None), int)
            and type(exc).__name__ != "NoArgsIsHelpError")


def handled(exc: BaseException) -> int | None:
    """Show an expected error and give its exit code; None for anything else (a bug, or an
    exit already decided)."""
    if _is_click_error(exc):
        # Click's own usage errors (an unknown option or command, a bad value) start with
        # "Error:"; tsp's every other message with "error:". One style: tsp's.
        assert isinstance(exc, Exception)
        ctx = getattr(exc, "ctx", None)
        if ctx is not None:
            err.print(escape(ctx.get_usage()), soft_wrap=True)
            if ctx.command.get_help_option(ctx) is not None:
                err.print(escape(f"Try '{ctx.command_path} --help' for help."), soft_wrap=True)
            err.print()
        # Typer checks a value with Pydantic, whose message starts "Value error, ": that is
        # Python's word for it, not the user's.
        message = str(exc.format_message()).replace("Value error, ", "")  # type: ignore[attr-defined]
        err.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True)
        return int(exc.exit_code)  # type: ignore[attr-defined]
    if isinstance(exc, DataError):
        print_problems(exc.problems, exc.root)
        err.print(f"[bold red]error:[/] {escape(str(exc))}", soft_wrap=True)
        return int(exc.exit_code)
    if isinstance(exc, TspError):
        err.print(f"[bold red]error:[/] {escape(str(exc))}", soft_wrap=True)
        if exc.hint:
            err.print(escape(exc.hint), soft_wrap=True)
        return int(exc.exit_code)
    if isinstance(exc, KeyboardInterrupt | typer.Abort):
        # Ctrl-C (or end of input at a prompt): not a data problem, so not exit 1. Every
        # write is atomic, so whatever was under way left the files as they were.
        err.print("Stopped; nothing was written.")
        return 130
    if isinstance(exc, BrokenPipeError):
        # `tsp list | head` closes the pipe early: the reader's choice, not a data problem
        # (exit 1), so stop quietly. Pointing stdout at devnull stops the interpreter's
        # final flush from raising again (docs.python.org/3/library/signal.html#note-on-sigpipe).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return None


app = typer.Typer(
    cls=_Application,
    name="tsp",
    help="The register and reports of a regional programme of targeted support (its name\n"
    "and region are the register's own, in data/programme.yaml).\n\n"
    "Run a command with --help for its options and examples.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=True,
    rich_markup_mode=None,
)



def _version(value: bool) -> None:
    if value:
        typer.echo(f"tsp {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
    # read by each command's own --repo (tsp.cli.common.RepoOption) when it is not given
    repo: Path | None = typer.Option(None, "--repo", help=helptext.REPO_HELP, show_default=False,
                                     file_okay=False),
) -> None:
    """The register and reports of a regional programme of targeted support."""


def run() -> None:
    app()
