"""What the checks of every kind share: references to other records, entries listed twice."""

from __future__ import annotations

from collections.abc import Mapping

from tsp.kinds import RecordKind
from tsp.problems import Problem, Severity, did_you_mean
from tsp.register import Register


def unknown(register: Register, ref: str, kind: RecordKind) -> bool:
    """Whether `ref` names no record of `kind`. A record whose own file did not load is not
    unknown: that file's problems are reported, and a second message here would only mislead."""
    return ref not in register.of(kind) and (kind, ref) not in register.broken


def references(register: Register, kind: RecordKind, record_id: str, field: str,
               refs: list[str], to: RecordKind) -> list[Problem]:
    """Each reference in a list field names a record of kind `to`, and is listed once."""
    known: Mapping[str, object] = register.of(to)
    out = [
        register.problem_at(kind, record_id, (field, index),
                            f"{field}: unknown {to.noun} '{ref}'{did_you_mean(ref, known)}")
        for index, ref in enumerate(refs) if unknown(register, ref, to)
    ]
    return out + duplicates(register, kind, record_id, field, refs, to.noun)


def duplicates(register: Register, kind: RecordKind, record_id: str, field: str,
               values: list[str], what: str | None = None) -> list[Problem]:
    out = []
    seen: set[str] = set()
    each = f"each {what}" if what else "it"
    for index, value in enumerate(values):
        if value in seen:
            out.append(register.problem_at(
                kind, record_id, (field, index),
                f"{field}: '{value}' is listed twice; list {each} once",
                severity=Severity.WARNING, code="duplicate-entry",
            ))
        seen.add(value)
    return out
