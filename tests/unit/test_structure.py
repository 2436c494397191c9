"""The shape of src/tsp that docs/architecture.md promises a newcomer, kept by tests: one way
through the layers and no import cycle, imports at the top of the file, no tangled function
and no long module (issue 18). These read tsp's source, never the register's data."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from radon.complexity import cc_visit

SRC = Path(__file__).resolve().parents[2] / "src"
PACKAGE = SRC / "tsp"
MAX_DEFERRED = 15
MAX_LINES = 500
MAX_COMPLEXITY = 25

ARCHITECTURE = SRC.parent / "docs" / "architecture.md"


def _layers() -> tuple[tuple[str, ...], ...]:
    """The layers, bottom to top, as docs/architecture.md's table gives them: the test keeps
    the code to what the page tells a newcomer."""
    layers = []
    for line in ARCHITECTURE.read_text(encoding="utf-8").splitlines():
        row = re.match(r"\| (\d+)\. [^|]+\| ([^|]+) \|", line)
        if row:
            assert int(row[1]) == len(layers) + 1, f"docs/architecture.md: layer {row[1]}"
            names = re.findall(r"`([a-z_/]+)`", row[2])
            layers.append(tuple("tsp." + n.strip("/").replace("/", ".") for n in names))
    assert layers, "docs/architecture.md has no table of layers"
    return (("tsp", *layers[0]), *layers[1:])


# Bottom to top: a module imports only from its own layer or one below (docs/architecture.md).
LAYERS = _layers()


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(SRC).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _owner(name: str) -> str | None:
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def _imports(name: str, path: Path) -> Iterator[tuple[ast.stmt, str, bool]]:
    """(the import, the tsp module it reaches, whether it is inside a function), leaving out
    what only type checkers read (`if TYPE_CHECKING:`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(sub) for node in ast.walk(tree)
                   if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
                   for sub in ast.walk(node)}
    in_function = {id(sub) for node in ast.walk(tree)
                   if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                   for sub in ast.walk(node)}
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, *([node.module] if node.module else [])])
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        for target in targets:
            owner = _owner(target) if target.split(".")[0] == "tsp" else None
            if owner is not None and owner != name:
                yield node, owner, id(node) in in_function
                break


def _layer(name: str) -> int:
    best = (-1, -1)
    for level, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if name == prefix or name.startswith(prefix + ".") and prefix != "tsp":
                best = max(best, (len(prefix), level))
    assert best[1] >= 0, f"{name} is in no layer: add it to LAYERS and docs/architecture.md"
    return best[1]


def test_every_module_has_a_layer_and_imports_only_downwards() -> None:
    upward = [f"{name} imports {target}"
              for name, path in MODULES.items()
              for _, target, _ in _imports(name, path)
              if _layer(target) > _layer(name)]
    assert upward == []


def test_no_import_cycle_deferred_imports_included() -> None:
    edges = {name: {t for _, t, _ in _imports(name, path)} for name, path in MODULES.items()}
    seen: dict[str, int] = {}  # 1 on the current path, 2 done

    def visit(name: str, trail: list[str]) -> list[str] | None:
        seen[name] = 1
        for target in sorted(edges[name]):
            if seen.get(target) == 1:
                return [*trail[trail.index(target):], target] if target in trail else [target]
            if target not in seen:
                cycle = visit(target, [*trail, target])
                if cycle:
                    return cycle
        seen[name] = 2
        return None

    for name in sorted(MODULES):
        if name not in seen:
            cycle = visit(name, [name])
            assert cycle is None, " -> ".join(cycle)


def test_tsp_s_modules_import_each_other_at_the_top_with_few_reasoned_exceptions() -> None:
    deferred = []
    for name, path in MODULES.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for node, target, in_function in _imports(name, path):
            if in_function:
                # the import's own line, or the comment lines just above it
                above = node.lineno - 2
                said = lines[node.lineno - 1]
                while above >= 0 and lines[above].strip().startswith("#"):
                    said += lines[above]
                    above -= 1
                assert "deferred:" in said, (
                    f"{path.relative_to(SRC)}:{node.lineno}: imports {target} inside a function "
                    "with no '# deferred: <why>' beside it")
                deferred.append((name, node.lineno))
    assert len(deferred) <= MAX_DEFERRED, deferred


def test_no_module_is_longer_than_a_newcomer_can_hold() -> None:
    long = {str(p.relative_to(SRC)): n for p in MODULES.values()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_no_function_is_tangled() -> None:
    tangled = {}
    for path in MODULES.values():
        for block in cc_visit(path.read_text(encoding="utf-8")):
            for item in [block, *getattr(block, "methods", [])]:
                if item.complexity > MAX_COMPLEXITY and not hasattr(item, "methods"):
                    tangled[f"{path.relative_to(SRC)}:{item.lineno} {item.name}"] = item.complexity
    assert tangled == {}


@pytest.mark.parametrize("pattern, why", [
    (r"sys\.modules\[[^\]]*\]\s*=", "no module planted in sys.modules"),
    (r"typer\._click|import_module\([\"']typer\._", "no reach into Typer's private modules"),
])
def test_no_shortcut_the_issue_ruled_out(pattern: str, why: str) -> None:
    hits = [f"{p.relative_to(SRC)}:{n}" for p in MODULES.values()
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if re.search(pattern, line)]
    assert hits == [], why


def test_nothing_tsp_ships_names_a_region_or_its_programme() -> None:
    """The region, its name and the programme's name are the register's data
    (data/programme.yaml), so a register tsp init starts for London says London (issue 21)."""
    shipped = [p for p in PACKAGE.rglob("*") if p.is_file()
               and p.suffix in {".py", ".j2", ".css", ".js", ".html", ".json"}]
    hits = [f"{p.relative_to(SRC)}:{n}" for p in shipped
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if re.search(r"E12000008|South East|SESLIP", line)]
    assert hits == []
