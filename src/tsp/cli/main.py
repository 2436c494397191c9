"""The `tsp` application: joins the command modules, and turns expected errors into exits.

Every command runs inside `_Application.invoke`, the one place that maps errors to messages and
exit codes: 0 fine, 1 data problems, 2 usage, 130 stopped. An expected error (a `TspError`)
never shows a traceback; anything else is a bug, and shows one.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from tsp import __version__
from tsp.cli import la, query, report, validate
from tsp.cli import changes, edit, helptext, new, plan, schema, tracker
from tsp.cli import measures

class _Application(TyperGroup):
    """The top-level group: running any command (and any subcommand of `tsp new`) goes
    through `invoke`, so no command can leave an expected error unhandled. It lives here, not
    only in run(), so that tests invoking `app` see exactly what users see."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BaseException as exc:  # handled() re-raises what it does not know
            code = handled(exc)
            if code is None:
                raise
            raise typer.Exit(code) from None


def handled(exc: BaseException) -> int | None:
    """Show an expected error and give its exit code; None for anything else (a bug, or an
    exit already decided)."""
    from rich.markup import escape

    from tsp.cli.common import err, print_problems
    from tsp.errors import DataError, TspError

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
    help="The register and reports of SESLIP's Targeted Support Programme.\n\n"
    "Run a command with --help for its options and examples.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=True,
    rich_markup_mode=None,
)

app.command("list", cls=helptext.Command)(query.list_packages)
app.command("show", cls=helptext.Command)(query.show)
app.command("la", cls=helptext.Command)(la.la)
app.command("validate", cls=helptext.Command)(validate.validate)
app.command("report", cls=helptext.Command)(report.report)
app.add_typer(new.app, name="new")
app.command("status", cls=helptext.Command)(edit.status)
app.command("set", cls=helptext.Command)(edit.set_field)
app.command("schema", cls=helptext.Command)(schema.schema)
app.command("changes", cls=helptext.Command)(changes.changes)
app.command("import", cls=helptext.Command)(tracker.import_tracker)
app.command("log", cls=helptext.Command)(edit.log)
app.command("plan", cls=helptext.Command)(plan.plan)
app.command("measures", cls=helptext.Command)(measures.measures)
app.command("compare", cls=helptext.Command)(measures.compare)
app.add_typer(measures.figures_app, name="figures")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tsp {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    """The register and reports of SESLIP's Targeted Support Programme."""


def run() -> None:
    app()
