"""tsp schema: the JSON Schema files editors and other tools check the data against."""

# No `from __future__ import annotations` here: Typer sets up every command's options on each
# run of any tsp command, and evaluating string annotations triples that cost (tsp status and
# tsp set: 2.0 ms of every run's startup as strings, 0.7 ms as objects).

import sys
from dataclasses import dataclass
from typing import Annotated

import typer

from tsp import schema as schemas
from tsp.cli.common import RepoOption, err, out
from tsp.cli.reporters import as_text, emit
from tsp.errors import ExitCode, UsageError
from tsp.kinds import KINDS, RecordKind
from tsp.load import find_root
from tsp.schema import SchemaFile


@dataclass(eq=False, repr=False)
class SchemaFiles:
    """`tsp schema`: the schema files written, or (with --check) those out of date."""

    files: list[SchemaFile]
    checked: bool = False


def schema(
    check: Annotated[bool, typer.Option("--check", help="Write nothing; exit 1 if the "
                     "committed files differ from what the models generate (for CI).")]
    = False,
    fields: Annotated[str | None, typer.Option("--fields", metavar="RECORD", help="Print the "
                      "fields of a record (package, authority, year or measure) as a Markdown table, "
                      "for the docs; write nothing.", show_default=False)] = None,
    repo: RepoOption = None,
) -> None:
    """Write the JSON Schema files (schemas/*.schema.json) from the models.

    It writes authority.schema.json, package.schema.json, year.schema.json and
    measure.schema.json, with the
    models' descriptions.
    Every data file names its schema on its first line, so editors with a YAML extension
    complete and check fields as people type; other tools can use them too, e.g.
    check-jsonschema --schemafile schemas/package.schema.json data/packages/*.yaml

    Examples:

        tsp schema

        tsp schema --check

        tsp schema --fields package
    """
    if fields is not None:
        kind = RecordKind.by_noun(fields)
        if kind is None:
            raise UsageError(f"--fields: '{fields}' is not a record; use one of "
                             f"{', '.join(k.noun for k in KINDS)}.")
        sys.stdout.write(schemas.field_table(kind))
        return
    root = find_root(repo)
    if check:
        stale = schemas.stale(root)
        emit(SchemaFiles(stale, checked=True))
        if stale:
            raise typer.Exit(int(ExitCode.DATA))
        return
    emit(SchemaFiles(schemas.write(root)))


@as_text.register(SchemaFiles)
def _(result: SchemaFiles) -> None:
    for item in result.files:
        if result.checked:
            err.print(f"{item.relative} is out of date with the models; run `tsp schema` "
                      "and commit the result.", soft_wrap=True)
        else:
            out.print(f"Wrote {item.relative}")
    if not result.files:
        out.print("Schemas are up to date.")
