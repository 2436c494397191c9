"""tsp init: a new register for one of England's nine regions."""

# No `from __future__ import annotations`: Typer reads these annotations on every run.

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from tsp.cli.common import err, out
from tsp.init import init as run_init


def init(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="The new register's folder (new "
                      "or empty).", file_okay=False, show_default=False)],
    region: Annotated[str, typer.Option("--region", help="The region: its name (London, "
                      "\"South West\") or ONS code (E12000007).", show_default=False)],
    programme: Annotated[str, typer.Option("--programme", help="The programme's name, as "
                         "its reports show it.")] = "Targeted Support Programme",
    commit: Annotated[bool, typer.Option("--commit/--no-commit", help="Make a first commit "
                      "when the folder is a new git repository.")] = True,
) -> None:
    """Start a register for one of England's nine regions.

    Writes the region's live authorities from DfE's list (GSS codes, DfE numbers, types,
    former codes), an empty first year, the statistical neighbours and hex map, the default
    report templates, the schemas, a CI workflow and a README; the region and the
    programme's name go in data/programme.yaml. In a folder outside any git repository it
    runs git init and makes a first commit.

    Examples:

        tsp init london-register --region London

        tsp init sw --region E12000009 --programme "South West Targeted Support"
    """
    result = run_init(folder, region, programme=programme, commit=commit)
    out.print(escape(f"Wrote {result.root}: a register for {result.region.name} "
                     f"({result.region.code}) with {len(result.authorities)} authorities and "
                     f"the year {result.year}, {result.files} files."), soft_wrap=True)
    if result.committed:
        out.print("Made the first commit.")
    for note in result.notes:
        err.print(escape(f"note: {note}"), soft_wrap=True)
    out.print(escape(f"Next: cd {result.root} && tsp validate"), soft_wrap=True)
