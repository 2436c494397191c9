"""tsp log: add a dated entry to a package's evidence log, and read the log back.

The entry is appended to `evidence:` with the round-trip editor (tsp.edits.document): comments
and the rest of the file stay as they were. The new file is checked in memory, the way
`tsp validate` checks the repository (the measures must be success measures of the package's
years), and written atomically only when it is valid.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from tsp.authorities import resolve
from tsp.edits.check import Edit, checked_edit, find_package
from tsp.edits.document import TopLevelEditor, plain_or_quoted, read_for_edit
from tsp.errors import UsageError
from tsp.kinds import RecordKind
from tsp.models import Evidence, EvidenceKind, Package
from tsp.plan import resolve_plan_id
from tsp.register import Register


def add_evidence(register: Register, package_id: str, text: str, kind: EvidenceKind,
                 on: dt.date, *, measures: Sequence[str] = (), authorities: Sequence[str] = (),
                 source: str | None = None, publish: bool = False,
                 consent: str | None = None) -> Edit:
    """Append one evidence entry; measures are ids (or unique starts of ids) of success
    measures of the package's years, authorities anything `--la` accepts."""
    package = find_package(register, package_id)
    text = " ".join(text.split())
    if not text:
        raise UsageError("say what the evidence is: tsp log ID \"what happened\" --kind KIND.")
    if (publish or consent) and kind is not EvidenceKind.FEEDBACK:
        raise UsageError(f"--publish and --consent are for feedback; a {kind} appears in "
                         "reports without them.")
    if publish and not consent:
        raise UsageError("--publish needs --consent: say how the person agreed to "
                         "publication, e.g. --consent \"Agreed by email, 2026-05-02\".")
    measure_ids = list(dict.fromkeys(
        resolve_plan_id(register, m, "success measure", package.years) for m in measures))
    authority_ids = list(dict.fromkeys(resolve(register.authorities, a).id
                                       for a in authorities))
    entry: dict[str, Any] = {"on": on, "kind": str(kind), "text": plain_or_quoted(text)}
    if measure_ids:
        entry["measures"] = measure_ids
    if authority_ids:
        entry["authorities"] = authority_ids
    if source:
        entry["source"] = plain_or_quoted(" ".join(source.split()))
    if publish:
        entry["publish"] = True
        entry["consent"] = plain_or_quoted(" ".join((consent or "").split()))
    for key in ("measures", "authorities"):
        if key in entry:
            entry[key] = CommentedSeq(entry[key])
    path = register.path_of(RecordKind.PACKAGE, package.id)
    old_text, bom = read_for_edit(path)
    new_text = TopLevelEditor(old_text, list(Package.model_fields)).append(
        "evidence", CommentedMap(list(entry.items())))
    change = f"evidence: + {on.isoformat()} {kind}: {text}"
    return checked_edit(register, RecordKind.PACKAGE, package.id, path, new_text, (change,),
                        bom, old_text=old_text)


def evidence_of(package: Package) -> list[Evidence]:
    """The package's evidence log, oldest first (entries of one day in the order written)."""
    return sorted(package.evidence, key=lambda e: e.on)


@dataclass(frozen=True)
class EvidenceLog:
    """`tsp log ID`: a package's evidence log, to be shown (tsp.cli.reporters)."""

    register: Register
    package: Package

    @property
    def entries(self) -> list[Evidence]:
        return evidence_of(self.package)
