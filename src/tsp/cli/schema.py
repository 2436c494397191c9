"""tsp schema: the JSON Schema files editors and other tools check the data against."""

from __future__ import annotations

from typing import Annotated

import typer

from tsp.cli.common import RepoOption, err, handle_errors, out
from tsp.errors import ExitCode


@handle_errors
def schema(
    check: Annotated[bool, typer.Option("--check", help="Write nothing; exit 1 if the "
                     "committed files differ from what the models generate (for CI).")]
    = False,
    repo: RepoOption = None,
) -> None:
    """Write the JSON Schema files (schemas/*.schema.json) from the models.

    It writes authority.schema.json, package.schema.json and year.schema.json, with the
    models' descriptions.
    Every data file names its schema on its first line, so editors with a YAML extension
    complete and check fields as people type; other tools can use them too, e.g.
    check-jsonschema --schemafile schemas/package.schema.json data/packages/*.yaml

    Examples:

        tsp schema

        tsp schema --check
    """
    from tsp import schema as schemas
    from tsp.repository import find_root

    root = find_root(repo)
    if check:
        stale = schemas.stale(root)
        for item in stale:
            err.print(f"{item.relative} is out of date with the models; run `tsp schema` "
                      "and commit the result.", soft_wrap=True)
        if stale:
            raise typer.Exit(int(ExitCode.DATA))
        out.print("Schemas are up to date.")
        return
    written = schemas.write(root)
    for item in written:
        out.print(f"Wrote {item.relative}")
    if not written:
        out.print("Schemas are up to date.")
