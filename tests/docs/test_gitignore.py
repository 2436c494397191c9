"""What the README's examples write at the top of a clone is ignored by git; data, templates and
the project's documents never are (issue 22: a `git add .` committed year1.pdf)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.helpers import CHECKOUT, run_git

GENERATED = ["year1.pdf", "year1.html", "year1.docx", "year1.md", "reading.md",
             "packages.xlsx", "authorities.xlsx", "cla.xlsx", "send.csv", "plan.csv",
             "data.html", "data-2023.docx", "changes.md", "reports/year1.md"]
KEPT = ["README.md", "CONTRIBUTING.md", "SECURITY.md", "pyproject.toml",
        "data/packages/x.yaml", "data/figures/x.csv", "data/years/2026-27.md",
        "data/reference/neighbours.csv", "templates/year1.md.j2", "docs/guide.md",
        "schemas/package.schema.json", "tests/fixtures/x/data/figures/y.csv"]


def test_a_git_add_all_takes_the_register_and_not_the_generated_files(git_env: None,
                                                                        tmp_path: Path) -> None:
    root = tmp_path / "clone"
    root.mkdir()
    shutil.copy2(CHECKOUT / ".gitignore", root / ".gitignore")
    for name in GENERATED + KEPT:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x\n", encoding="utf-8")
    run_git(root, "init", "-q")
    run_git(root, "add", ".")
    added = set(run_git(root, "diff", "--cached", "--name-only").split())
    assert added == {*KEPT, ".gitignore"}
