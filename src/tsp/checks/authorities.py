"""Checks across authority records: predecessors, reorganisation dates, a decided
reorganisation that still carries a proposal, names that are shared."""

from __future__ import annotations

from collections import defaultdict

from tsp.authorities import keys_of
from tsp.checks.common import duplicates, references
from tsp.kinds import RecordKind
from tsp.problems import Problem
from tsp.register import Register

AUTHORITY = RecordKind.AUTHORITY


def check(register: Register) -> list[Problem]:
    out: list[Problem] = []
    # Every name, alias and code must lead to one authority only, or `--la` could not resolve it.
    owners: dict[str, dict[str, tuple[tuple[str | int, ...], str]]] = defaultdict(dict)
    for authority in register.authorities.values():
        for folded, loc, shown in keys_of(authority):
            owners[folded].setdefault(authority.id, (loc, shown))
        out += references(register, AUTHORITY, authority.id, "predecessors",
                          authority.predecessors, AUTHORITY)
        out += duplicates(register, AUTHORITY, authority.id, "aliases", authority.aliases)
        reorg = authority.reorganisation
        if reorg and authority.starts_on and reorg.ends_on < authority.starts_on:
            out.append(register.problem_at(
                AUTHORITY, authority.id, ("reorganisation", "ends_on"),
                f"reorganisation.ends_on ({reorg.ends_on}) is before starts_on "
                f"({authority.starts_on})", code="date-order"))
        if reorg and reorg.decided_on and reorg.ends_on < reorg.decided_on:
            out.append(register.problem_at(
                AUTHORITY, authority.id, ("reorganisation", "ends_on"),
                f"reorganisation.ends_on ({reorg.ends_on}) is before decided_on "
                f"({reorg.decided_on})", code="date-order"))
        if reorg and authority.proposed_reorganisation:
            out.append(register.problem_at(
                AUTHORITY, authority.id, ("proposed_reorganisation",),
                "proposed_reorganisation is for a reorganisation not yet decided, but this "
                "record has a decided one (reorganisation): remove proposed_reorganisation "
                "(anything it says that still holds goes in reorganisation.note)",
                code="reorganisation-decided"))
    for holders in owners.values():
        if len(holders) > 1:
            for authority_id, (loc, shown) in sorted(holders.items()):
                others = ", ".join(sorted(set(holders) - {authority_id}))
                out.append(register.problem_at(
                    AUTHORITY, authority_id, loc,
                    f"'{shown}' also names {others}; a name, alias or code must mean one "
                    "authority (an abbreviation several share goes in shared_abbreviations)",
                    code="ambiguous-alias",
                ))
    return out
