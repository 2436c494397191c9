"""The stack floor: the least a tsp-like command can do with our stack.

A Typer app with one command and one option, one small Pydantic model, loading and validating
one YAML file with ruamel.yaml. No tsp command can be quicker than this; bench_compare.py
times `tsp compare` against it.

    python benchmarks/floor_app.py --file data/measures/ehcp-issued-within-20-weeks.yaml
"""

from __future__ import annotations

from pathlib import Path

import typer
from pydantic import BaseModel, ConfigDict
from ruamel.yaml import YAML

app = typer.Typer(add_completion=False)


class Rule(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str
    title: str
    version: int


@app.command()
def main(file: Path = typer.Option(..., "--file")) -> None:
    data = YAML(typ="safe").load(file.read_text(encoding="utf-8"))
    rule = Rule.model_validate(data)
    typer.echo(f"{rule.id} {rule.version}")


if __name__ == "__main__":
    app()
