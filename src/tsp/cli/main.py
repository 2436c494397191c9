"""The `tsp` application: joins the command modules; nothing else lives here."""

from __future__ import annotations

import typer

from tsp import __version__
from tsp.cli import la, query, report, validate
from tsp.cli import changes, edit, new, plan, schema

app = typer.Typer(
    name="tsp",
    help="The register and reports of SESLIP's Targeted Support Programme.\n\n"
    "Run a command with --help for its options and examples.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
    rich_markup_mode=None,
)

app.command("list")(query.list_packages)
app.command("show")(query.show)
app.command("la")(la.la)
app.command("validate")(validate.validate)
app.command("report")(report.report)
app.add_typer(new.app, name="new")
app.command("status")(edit.status)
app.command("set")(edit.set_field)
app.command("log")(edit.log)
app.command("schema")(schema.schema)
app.command("changes")(changes.changes)
app.command("plan")(plan.plan)


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
