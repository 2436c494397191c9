"""The real floor of tsp's stack: the least a command built on it can cost.

A Typer app with one command and one option that defines one small Pydantic model, loads one
YAML file with ruamel.yaml (the safe C loader, as tsp uses) and validates it. `import pydantic`
alone loads almost nothing until a model is defined and used, so timing the imports
(`python -c "import typer, pydantic, ruamel.yaml"`) understates what any such tool pays.

    python benchmarks/floor_app.py --file data/authorities/reading.yaml
"""

from __future__ import annotations

from pathlib import Path

import typer
from pydantic import BaseModel, ConfigDict
from ruamel.yaml import YAML

app = typer.Typer(add_completion=False)


class Small(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    name: str


@app.command()
def main(file: Path = typer.Option(..., help="A YAML file holding an id and a name.")) -> None:
    """Load and validate one YAML file; print its name."""
    data = YAML(typ="safe").load(file.read_text(encoding="utf-8"))
    print(Small.model_validate(data).name)


if __name__ == "__main__":
    app()
