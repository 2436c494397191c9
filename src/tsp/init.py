"""tsp init: a new register for any of England's nine regions, from DfE's list of authorities.

What a new register holds is read, never written into the code: the region's live single
authorities from DfE's list, dfe-las.csv (GSS code, DfE number, type, former codes), the
region's name from regions.csv, the shared reference files (statistical neighbours, hex map),
the default report templates and schemas, and the CI workflow. They come from tsp's kit, never
from the register tsp itself keeps in data/: in a checkout (pip install -e .), its
kit/reference/, templates/, schemas/ and .github/ISSUE_TEMPLATE/; in an installed tsp, the
copy of those the build put inside the package (tsp/kit/, see setup.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tsp.edits.atomic import write_atomic
from tsp.errors import NotFound, UsageError
from tsp.models.common import slugify
from tsp.problems import suggest

REFERENCE = Path("data") / "reference"  # in a register
REGIONS = "regions.csv"
LA_LIST = "dfe-las.csv"
# DfE's list marks a type by its GSS entity code; these hold children's services.
TYPES = {"E06": "unitary", "E08": "metropolitan-district", "E09": "london-borough",
         "E10": "county"}
# What a new register takes from the kit, besides its authorities (folders copied whole).
TEMPLATES = ("la.md.j2", "data.md.j2", "README.md", "partials")
WORKFLOW = Path(".github") / "workflows" / "validate.yml"
ISSUE_FORMS = Path(".github") / "ISSUE_TEMPLATE"
# The actions a register's workflow runs, pinned to a commit (tag as a comment).
CHECKOUT = "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1  # v7.0.1"
SETUP_PYTHON = "actions/setup-python@5fda3b95a4ea91299a34e894583c3862153e4b97  # v7.0.0"


class KitMissing(UsageError):
    """tsp cannot find its kit (templates, schemas, reference files): reinstall tsp from its
    repository (pip install . or pip install -e .) so that tsp init can copy them."""


@dataclass(frozen=True)
class Kit:
    """Where tsp init's kit is: the reference files, templates, schemas and issue forms."""

    reference: Path
    templates: Path
    schemas: Path
    issue_forms: Path

    @classmethod
    def under(cls, root: Path, *, installed: bool) -> Kit:
        if installed:  # the copy setup.py made inside the package
            return cls(root / "reference", root / "templates", root / "schemas",
                       root / "ISSUE_TEMPLATE")
        return cls(root / "kit" / "reference", root / "templates", root / "schemas",
                   root / ISSUE_FORMS)

    def whole(self) -> bool:
        return ((self.reference / LA_LIST).is_file() and (self.reference / REGIONS).is_file()
                and self.templates.is_dir() and self.schemas.is_dir())


@dataclass(frozen=True)
class RegionChoice:
    code: str
    name: str


@dataclass(frozen=True)
class NewAuthority:
    id: str
    name: str
    gss_code: str
    dfe_la_code: str | None
    type: str
    former: tuple[tuple[str, dt.date | None], ...]


@dataclass
class InitResult:
    root: Path
    region: RegionChoice
    authorities: list[NewAuthority]
    year: str
    files: int = 0
    committed: bool = False
    notes: list[str] = field(default_factory=list)


def kit_root() -> Kit:
    """tsp's kit: the copy inside the installed package, else the checkout tsp runs from
    (an editable install). Never this register's own data/."""
    package = Path(__file__).resolve().parent
    for kit in (Kit.under(package / "kit", installed=True),
                Kit.under(package.parents[1], installed=False)):
        if kit.whole():
            return kit
    raise KitMissing()


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def choose_region(kit: Kit, wanted: str) -> RegionChoice:
    """A region by its code (E12000007) or its name, in any case ("london")."""
    regions = [RegionChoice(r["region_code"], r["region_name"])
               for r in _rows(kit.reference / REGIONS)]
    key = slugify(wanted)
    for region in regions:
        if wanted.strip().upper() == region.code or key == slugify(region.name):
            return region
    names = [r.name for r in regions]
    raise NotFound(f"No English region '{wanted}': the regions are {', '.join(names)} (or "
                   "their codes E12000001 to E12000009).", suggest(wanted, names))


def _date(text: str) -> dt.date | None:
    try:
        day, month, year = (int(part) for part in text.split("/"))
        return dt.date(year, month, day)
    except ValueError:
        return None


def region_authorities(kit: Kit, region: RegionChoice) -> list[NewAuthority]:
    """The region's live single authorities (not DfE's combined rows such as "Kingston upon
    Thames / Richmond upon Thames"), each with the retired codes DfE lists under its number."""
    rows = [r for r in _rows(kit.reference / LA_LIST)
            if r.get("parent_geography_code") == region.code]
    live = [r for r in rows if r.get("status") == "live" and "/" not in r["new_la_code"]
            and r.get("entity_code") in TYPES]
    found = []
    for row in sorted(live, key=lambda r: r["la_name"]):
        number = row.get("old_la_code", "").strip()
        former = tuple((r["new_la_code"], _date(r.get("date_of_termination", "")))
                       for r in rows if r.get("status") != "live" and number.isdigit()
                       and r.get("old_la_code", "").strip() == number)
        found.append(NewAuthority(slugify(row["la_name"]), row["la_name"], row["new_la_code"],
                                  number if number.isdigit() and len(number) == 3 else None,
                                  TYPES[row["entity_code"]], former))
    return found


def first_year(today: dt.date) -> str:
    """The academic year (September to August) that holds today, e.g. 2026-27."""
    start = today.year if today.month >= 9 else today.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a YAML double-quoted scalar


def authority_yaml(authority: NewAuthority, region: RegionChoice) -> str:
    lines = ["# yaml-language-server: $schema=../../schemas/authority.schema.json",
             f"# {' '.join(authority.name.split())}, from DfE's list of local authorities.",
             f"id: {authority.id}", f"name: {_quoted(authority.name)}",
             f"gss_code: {authority.gss_code}"]
    if authority.dfe_la_code:
        lines.append(f'dfe_la_code: "{authority.dfe_la_code}"')
    lines += [f"type: {authority.type}", f"region: {_quoted(region.name)}"]
    if authority.former:
        lines.append("former_codes:")
        for code, ended in authority.former:
            lines.append(f"  - gss_code: {code}")
            if ended is not None:
                lines.append(f"    ended_on: {ended.isoformat()}")
    return "\n".join(lines) + "\n"


def programme_yaml(programme: str, region: RegionChoice) -> str:
    return ("# The programme this register serves and the region it covers. tsp reads both "
            "from here\n# (the region's figures stand beside England's in every ranking).\n"
            f"programme: {_quoted(programme)}\nregion:\n  code: {region.code}\n"
            f"  name: {_quoted(region.name)}\n")


def year_yaml(year: str) -> str:
    return ("# yaml-language-server: $schema=../../schemas/year.schema.json\n"
            f"# The programme's first year: its plan, timeline and narrative go here.\n"
            f"id: {year}\nlabel: Year 1\n")


def workflow_yaml() -> str:
    return f"""# On every pull request (and every push to main): check the register.
name: validate

on:
  pull_request:
  push:
    branches: [main]

permissions:
  contents: read

jobs:
  validate:
    runs-on: ubuntu-latest
    steps:
      - uses: {CHECKOUT}
        with:
          persist-credentials: false

      - uses: {SETUP_PYTHON}
        with:
          python-version: "3.11"

      - name: Install tsp
        env:
          # Set the repository variable TSP_SOURCE to what pip should install, pinned to a
          # release or commit, e.g. git+https://github.com/OWNER/tsp@COMMIT
          TSP_SOURCE: ${{{{ vars.TSP_SOURCE }}}}
        run: |
          if [ -z "$TSP_SOURCE" ]; then
            echo "::error::Set the repository variable TSP_SOURCE (Settings, Variables) to the tsp to install"
            exit 1
          fi
          pip install "$TSP_SOURCE"

      - name: Check the register (annotations on the changed lines)
        run: tsp validate --format github
"""


def readme(programme: str, region: RegionChoice, authorities: list[NewAuthority],
           year: str) -> str:
    return f"""# {programme}: the register ({region.name})

The register of the {programme} for the {len(authorities)} local authorities of
{region.name}: its packages of support, its plan and its figures, kept as YAML files and
checked by tsp on every pull request.

- `data/programme.yaml`: the programme's name and its region ({region.name}, {region.code}).
- `data/authorities/`: one file per authority, from DfE's list of local authorities (GSS code,
  DfE number, type, former codes).
- `data/years/{year}.yaml`: the programme's first year; add its plan and timeline here.
- `data/packages/`: one file per package of support (`tsp new package`).
- `data/measures/` and `data/figures/`: counting rules and their figures (`tsp new measure`,
  `tsp figures import`).
- `data/reference/`: DfE's list of authorities, statistical neighbours and a hex map, copied
  unchanged from their publishers.
- `templates/`: the reports (`tsp report --list`); `schemas/`: the JSON Schema of each record.

```sh
tsp validate
tsp la --list
tsp list
tsp report la "{authorities[0].name if authorities else 'NAME'}"
```
"""


def _copy(source: Path, target: Path) -> Iterator[Path]:
    """Copy a file or a folder (regular files only), yielding each file written."""
    if source.is_dir():
        for path in sorted(source.rglob("*")):
            if path.is_file() and not path.is_symlink() and "__pycache__" not in path.parts:
                destination = target / path.relative_to(source)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, destination)
                yield destination
    elif source.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        yield target


def _inside_git(folder: Path) -> bool:
    try:
        done = subprocess.run(["git", "rev-parse", "--is-inside-work-tree"], cwd=folder,
                              capture_output=True, text=True, check=False)
    except OSError:
        return False
    return done.returncode == 0 and done.stdout.strip() == "true"


def _first_commit(root: Path, message: str) -> str | None:
    """git init, add and commit; None, or why there is no commit."""
    try:
        for argv in (["git", "init", "-q"], ["git", "add", "-A"],
                     ["git", "commit", "-q", "-m", message]):
            done = subprocess.run(argv, cwd=root, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                why = (done.stderr.strip().splitlines() or ["git failed"])[-1]
                return f"no first commit ({' '.join(argv[:2])}: {why})"
    except OSError:
        return "no first commit: git is not installed"
    return None


def init(target: Path, region_wanted: str, *, programme: str = "Targeted Support Programme",
         today: dt.date | None = None, commit: bool = True) -> InitResult:
    """Write a new register for a region into `target` (a new or empty folder)."""
    kit = kit_root()
    region = choose_region(kit, region_wanted)
    if "\n" in programme or not programme.strip():
        raise UsageError("--programme: the programme's name is one line of text.")
    if target.exists() and (not target.is_dir() or any(
            p.name != ".git" for p in target.iterdir())):
        raise UsageError(f"{target} is not empty; tsp init writes a new register into a new "
                         "or empty folder.")
    authorities = region_authorities(kit, region)
    year = first_year(today or dt.date.today())
    new_repository = not (target.exists() and _inside_git(target)) and not _inside_git(
        target.parent if target.parent.exists() else Path.cwd())
    target.mkdir(parents=True, exist_ok=True)
    result = InitResult(target, region, authorities, year)

    def put(relative: str, text: str) -> None:
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text.encode("utf-8"), create=True)
        result.files += 1

    put("data/programme.yaml", programme_yaml(programme, region))
    for authority in authorities:
        put(f"data/authorities/{authority.id}.yaml", authority_yaml(authority, region))
    put(f"data/years/{year}.yaml", year_yaml(year))
    for folder in ("packages", "measures", "figures"):
        (target / "data" / folder).mkdir(parents=True, exist_ok=True)
        put(f"data/{folder}/.gitkeep", "")
    for name in sorted(os.listdir(kit.reference)):
        if name != REGIONS:
            result.files += sum(1 for _ in _copy(kit.reference / name,
                                                 target / REFERENCE / name))
    for name in TEMPLATES:
        result.files += sum(1 for _ in _copy(kit.templates / name,
                                             target / "templates" / name))
    result.files += sum(1 for _ in _copy(kit.schemas, target / "schemas"))
    result.files += sum(1 for _ in _copy(kit.issue_forms, target / ISSUE_FORMS))
    put(WORKFLOW.as_posix(), workflow_yaml())
    put("README.md", readme(programme, region, authorities, year))
    if commit and new_repository:
        why = _first_commit(target, f"A new register for {region.name}: {len(authorities)} "
                            "authorities from DfE's list (tsp init)")
        result.committed = why is None
        if why:
            result.notes.append(why)
    elif commit:
        result.notes.append("no first commit: the folder is inside a git repository already")
    return result
