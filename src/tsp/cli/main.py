"""The `tsp` application: joins the command modules; nothing else lives here."""

from __future__ import annotations

import typer

from tsp import __version__
from tsp.cli import la, query, report, validate
from tsp.cli import changes, edit, helptext, new, schema, tracker

app = typer.Typer(
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
