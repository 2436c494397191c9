"""The report of a period (tsp report update --from --to): the quarterly update for the board.

Two dates are kept apart, as everywhere in tsp. What *happened* in the period comes from the
records' own dates, in the register as it is now (or --as-of): the packages that started (moved
to in delivery), were delivered, or moved otherwise, and the evidence logged, dated in the
period. What was *recorded* in the period comes from git, comparing the register as recorded at
the start of the period with the register at its end: the packages first recorded, and the
figures published (a figure's row has no date of its own; when it reached the register is its
publication here).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tsp.models import Package, Status
from tsp.register import Register
from tsp.reporting.labels import date_label, status_label
from tsp.reporting.plan_context import EvidenceView, evidence_view


@dataclass(frozen=True)
class Move:
    """One dated status change of a package in the period."""

    title: str
    recipients: tuple[str, ...]
    status: str
    before: str  # the status it moved from ("" for its first dated change)
    when: str
    on: dt.date


@dataclass(frozen=True)
class FiguresPublished:
    measure: str
    periods: tuple[str, ...]
    authorities: int


@dataclass(frozen=True)
class Recorded:
    """What reached the register in the period (from git), when its history is at hand."""

    packages: tuple[str, ...]
    figures: tuple[FiguresPublished, ...]


@dataclass(frozen=True)
class PeriodView:
    start: str  # "1 April 2026"
    end: str
    started: tuple[Move, ...]
    delivered: tuple[Move, ...]
    moved: tuple[Move, ...]  # every other dated status change in the period
    evidence: tuple[EvidenceView, ...]
    recorded: Recorded | None  # None: no history read (tsp report --check renders without)


def _day(day: dt.date) -> str:
    return date_label(day.isoformat())


def _moves(register: Register, package: Package, start: dt.date, end: dt.date) -> list[Move]:
    names = tuple(register.authorities[a].name if a in register.authorities else a
                  for a in package.recipients)
    moves = []
    before = ""
    for change in sorted(package.status_history, key=lambda c: c.on):
        if start <= change.on <= end:
            moves.append(Move(package.title, names, status_label(change.status), before,
                              _day(change.on), change.on))
        before = status_label(change.status)
    return moves


def period_view(register: Register, start: dt.date, end: dt.date,
                recorded_before: Register | None = None,
                recorded_after: Register | None = None) -> PeriodView:
    """The period from the start of `start` to the end of `end`: what happened by the
    records' own dates in `register`; and, given the registers as recorded at the period's
    start and end, what was recorded in it."""
    started: list[Move] = []
    delivered: list[Move] = []
    moved: list[Move] = []
    evidence: list[tuple[dt.date, EvidenceView]] = []
    for package in sorted(register.packages.values(), key=lambda p: p.title.casefold()):
        for move in _moves(register, package, start, end):
            target = {status_label(Status.IN_DELIVERY): started,
                      status_label(Status.DELIVERED): delivered}.get(move.status, moved)
            target.append(move)
        for index, entry in enumerate(package.evidence):
            # Only what a reader may see: feedback not cleared for publication stays out.
            if entry.published and start <= entry.on <= end:
                evidence.append((entry.on, evidence_view(register, package, index)))
    recorded = None
    if recorded_after is not None:
        recorded = _recorded(recorded_before, recorded_after)
    return PeriodView(
        start=_day(start), end=_day(end),
        started=tuple(sorted(started, key=lambda m: m.on)),
        delivered=tuple(sorted(delivered, key=lambda m: m.on)),
        moved=tuple(sorted(moved, key=lambda m: m.on)),
        evidence=tuple(view for _, view in sorted(evidence, key=lambda item: item[0])),
        recorded=recorded)


def _recorded(before: Register | None, after: Register) -> Recorded:
    old_packages = set(before.packages) if before is not None else set()
    packages = tuple(sorted((p.title for i, p in after.packages.items()
                             if i not in old_packages), key=str.casefold))
    figures = []
    for measure_id, table in sorted(after.figures.items()):
        known = set()
        if before is not None and measure_id in before.figures:
            known = {(f.authority, f.period, f.breakdown)
                     for f in before.figures[measure_id].rows}
        new = [f for f in table.rows if (f.authority, f.period, f.breakdown) not in known]
        if new:
            measure = after.measures.get(measure_id)
            figures.append(FiguresPublished(
                measure.title if measure is not None else measure_id,
                tuple(sorted({f.period for f in new})), len({f.authority for f in new})))
    return Recorded(packages, tuple(figures))
