"""Figures beside a package: for each counting rule it names, each recipient's figure at the
baseline period and at the latest, and the change, beside the region and England.

Context, never attribution: the figures are the register's, for the places the package works
with, since it began; nothing here says the package moved them. The disclosure rule applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tsp.load.figures import load_figures
from tsp.measures.compare import disclose, format_change, format_value
from tsp.models.figures import Figure
from tsp.models.measure import UNIT_LABELS, Measure, RuleStatus
from tsp.places import load_places

if TYPE_CHECKING:
    from tsp.models.package import Package
    from tsp.register import Register


@dataclass(frozen=True)
class Movement:
    """One place's figures on one rule: at the baseline, at the latest period, the change."""

    place: str
    baseline: str
    latest: str
    change: str  # "" unless both are numbers


@dataclass(frozen=True)
class RuleFigures:
    """A counting rule a package names, with its figures since the baseline."""

    measure: str
    title: str
    unit: str
    baseline_period: str
    latest_period: str | None  # None: no figures after the baseline yet
    provisional: bool
    recipients: tuple[Movement, ...]
    comparators: tuple[Movement, ...]  # the region (where the register names one), England

    @property
    def heading(self) -> str:
        return f"{self.title}: figures since {self.baseline_period}"


def _ensure_figures(repo: Register, measure_ids: list[str]) -> None:
    """Load the figures of these measures where the register was loaded without them (a
    question about one authority loads only what it needs)."""
    missing = [m for m in measure_ids if m not in repo.figures]
    if missing and (repo.root / "data" / "figures").is_dir():
        load_figures(repo, [], only=missing)


def _movement(measure: Measure, name: str, rows: dict[str, Figure], baseline: str,
              latest: str | None) -> Movement:
    before = disclose(measure, rows.get(baseline))
    after = disclose(measure, rows.get(latest)) if latest else None
    change = (after.value - before.value if after is not None and after.value is not None
              and before.value is not None else None)
    return Movement(name, format_value(measure, before),
                    format_value(measure, after) if after is not None else "",
                    format_change(measure, change))


def package_figures(repo: Register, package: Package) -> tuple[RuleFigures, ...]:
    """Each rule the package names that the register holds, with its figures."""
    links = [link for link in package.measures if link.measure in repo.measures]
    if not links:
        return ()
    _ensure_figures(repo, [link.measure for link in links])
    places = load_places(repo)
    found = []
    for link in links:
        measure = repo.measures[link.measure]
        table = repo.figures.get(measure.id)
        by_place: dict[str, dict[str, Figure]] = {}
        for row in table.rows if table else []:
            if not row.breakdown:
                by_place.setdefault(row.authority, {})[row.period] = row
        periods = sorted({p for rows in by_place.values() for p in rows})
        later = [p for p in periods if p > link.baseline]
        latest = later[-1] if later else None
        recipients = tuple(_movement(measure, places.name(a), by_place.get(a, {}),
                                     link.baseline, latest) for a in package.recipients)
        comparators = tuple(_movement(measure, place.name, by_place.get(place.id, {}),
                                      link.baseline, latest) for place in places.comparators)
        found.append(RuleFigures(measure.id, measure.title, UNIT_LABELS[measure.unit],
                                 link.baseline, latest,
                                 measure.status is RuleStatus.PROPOSED, recipients,
                                 comparators))
    return tuple(found)


def _step(movement: Movement, latest: str | None) -> str:
    if latest is None:
        return f"{movement.place} {movement.baseline}"
    change = f" ({movement.change})" if movement.change else ""
    return f"{movement.place} {movement.baseline} → {movement.latest}{change}"


def summary_lines(rules: tuple[RuleFigures, ...]) -> list[str]:
    """One line per rule, in the register's voice: each recipient's figure at the baseline
    and the latest, then the region's and England's. Context: never what the package did."""
    lines = []
    for rule in rules:
        span = (f"{rule.baseline_period} to {rule.latest_period}" if rule.latest_period
                else f"{rule.baseline_period}, no later figure yet")
        unit = f", {rule.unit}" if rule.unit else ""
        provisional = ", provisional" if rule.provisional else ""
        places = "; ".join(_step(m, rule.latest_period) for m in rule.recipients)
        beside = "; ".join(_step(m, rule.latest_period) for m in rule.comparators)
        lines.append(f"{rule.title} ({span}{unit}{provisional}): {places}; beside them "
                     f"{beside}")
    return lines


def label_for(names: list[str]) -> str:
    """'Figures for Reading since the package began': context, not a claim of effect."""
    shown = names[0] if len(names) == 1 else f"its {len(names)} recipients"
    return f"Figures for {shown} since the package began (the register's)"


def for_authority(repo: Register, authority_id: str) -> list[str]:
    """For each package the authority receives that names rules: its own figures since the
    package's baseline, beside the region and England (one line per package and rule)."""
    lines = []
    for package in sorted(repo.packages.values(), key=lambda p: p.id):
        if authority_id not in package.recipients or not package.measures:
            continue
        index = package.recipients.index(authority_id)
        for rule in package_figures(repo, package):
            own = RuleFigures(rule.measure, rule.title, rule.unit, rule.baseline_period,
                              rule.latest_period, rule.provisional,
                              (rule.recipients[index],), rule.comparators)
            lines += [f"{package.title}: {line}" for line in summary_lines((own,))]
    return lines


@dataclass(frozen=True)
class PackageRule:
    """A package and one rule it names, with the figures a report shows beside it."""

    package: str  # the package's title
    rule: RuleFigures


def report_rows(repo: Register, *, authority_id: str | None = None,
                year: str | None = None) -> tuple[PackageRule, ...]:
    """The rows of a report's 'figures since the package began': for one authority (its own
    figures, in the packages it receives) or for one programme year (every recipient)."""
    rows = []
    for package in sorted(repo.packages.values(), key=lambda p: p.title):
        if not package.measures or (year is not None and year not in package.years):
            continue
        if authority_id is not None and authority_id not in package.recipients:
            continue
        for rule in package_figures(repo, package):
            if authority_id is not None:
                own = rule.recipients[package.recipients.index(authority_id)]
                rule = RuleFigures(rule.measure, rule.title, rule.unit, rule.baseline_period,
                                   rule.latest_period, rule.provisional, (own,),
                                   rule.comparators)
            rows.append(PackageRule(package.title, rule))
    return tuple(rows)
