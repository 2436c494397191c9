"""Checks of the SEND data challenge: measures against the plan and packages, every figure
against its measure and the places a figure can be for, and each package's `measures`
against the rules and figures they name."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from tsp.kinds import RecordKind
from tsp.models import slugify
from tsp.models.figures import Figure, FigureTable
from tsp.models.measure import (
    PERIOD_EXAMPLES,
    Measure,
    RuleStatus,
    Unit,
    period_fits,
)
from tsp.places import Places, load_places
from tsp.problems import Problem, Severity, did_you_mean

if TYPE_CHECKING:
    from tsp.register import Register

MEASURE = RecordKind.MEASURE


def plan_ids(repo: Register, year_id: str) -> set[str]:
    """The slugs a measure may name as a priority it serves: main areas, priority groups and
    their items, of one programme year."""
    year = repo.years.get(year_id)
    if year is None:
        return set()
    # The plan's own ids (issue 10), and the slugs of its texts (the same unless an id was
    # recorded by hand).
    found = {slugify(area.text) for area in year.main_areas} | {a.id for a in year.main_areas}
    for group in year.priorities:
        found.update((slugify(group.title), group.id))
        found.update(slugify(item.text) for item in group.items)
        found.update(item.id for item in group.items)
    return found


def _check_measure(repo: Register, measure: Measure) -> list[Problem]:
    problems: list[Problem] = []

    def at(loc: tuple[str | int, ...], message: str) -> None:
        problems.append(repo.problem_at(MEASURE, measure.id, loc, message))

    previous = 0
    for index, change in enumerate(measure.history):
        if change.version < previous:
            at(("history", index, "version"), f"history: version {change.version} comes "
               f"after version {previous}; list the history oldest first")
        previous = change.version
    dates = [change.on for change in measure.history]
    if dates != sorted(dates):
        at(("history",), "history: the dates are not in order; list the history oldest first")
    for index, ref in enumerate(measure.serves):
        if ref.year not in repo.years:
            at(("serves", index, "year"), f"serves: unknown programme year '{ref.year}'"
               f"{did_you_mean(ref.year, repo.years)}")
            continue
        known = plan_ids(repo, ref.year)
        if ref.priority not in known:
            at(("serves", index, "priority"), f"serves: '{ref.priority}' is no main area, "
               f"priority or priority item of {ref.year}{did_you_mean(ref.priority, known)}")
    for index, package in enumerate(measure.related):
        if package not in repo.packages and (RecordKind.PACKAGE, package) not in repo.broken:
            at(("related", index), f"related: unknown package '{package}'"
               f"{did_you_mean(package, repo.packages)}")
    for loc, message in unit_problems(measure):
        at(loc, message)
    return problems


def unit_problems(measure: Measure) -> list[tuple[tuple[str], str]]:
    """A unit and denominator that do not go together (also checked by tsp new measure)."""
    if measure.unit is Unit.COUNT and measure.denominator:
        return [(("denominator",), "a count has no denominator; use a percentage or a rate, "
                 "or leave the denominator out")]
    if measure.scale is not None and not measure.denominator:
        return [(("unit",), f"a {measure.unit} is counted out of something: say what in "
                 "denominator")]
    return []


def _tolerance(places: int) -> Decimal:
    # Either rounding rule (half up or half even) is within half a unit of the last place.
    return Decimal(5) / (Decimal(10) ** (places + 1))


def check_table(repo: Register, table: FigureTable, places: Places | None = None
                ) -> list[Problem]:
    """Every row of one figures file against its measure and the register's places."""
    path = table.path
    measure = repo.measures.get(table.measure)
    if measure is None:
        if (MEASURE, table.measure) in repo.broken:
            return []
        return [Problem(
            path, 1, 1, Severity.ERROR, f"no measure '{table.measure}' in data/measures/ for "
            "this figures file (a figures file is named for its measure)"
            f"{did_you_mean(table.measure, repo.measures)}", "figures")]
    rows = _RowCheck(repo, measure, places or load_places(repo))
    problems: list[Problem] = []
    for index, row in enumerate(table.rows):
        for column, message in rows.problems(row):
            line, col = table.at(index, column)
            problems.append(Problem(path, line, col, Severity.ERROR, message, "figures"))
    return problems


class _RowCheck:
    """The checks of one figures file's rows against its measure, as (column, message); it
    remembers what earlier rows settled (the periods checked, the figures seen)."""

    def __init__(self, repo: Register, measure: Measure, places: Places) -> None:
        self.repo, self.measure, self.places = repo, measure, places
        self.versions = measure.versions()
        self.tolerance = _tolerance(measure.decimal_places)
        self.quantum = Decimal(1).scaleb(-measure.decimal_places)
        self.fits: dict[str, bool] = {}
        self.seen: dict[tuple[str, str, str], int] = {}

    def problems(self, row: Figure) -> Iterator[tuple[str, str]]:
        yield from self._place_and_period(row)
        if row.key in self.seen:
            yield "authority", (f"a second figure for {row.authority}, {row.period}"
                                f"{', ' + row.breakdown if row.breakdown else ''}: line "
                                f"{self.seen[row.key]} has it already")
        else:
            self.seen[row.key] = row.line
        yield from self._value_or_symbol(row)
        if row.rule_version not in self.versions:
            yield "rule_version", (f"rule_version: {self.measure.id} has no version "
                                   f"{row.rule_version}; its versions are "
                                   f"{', '.join(map(str, sorted(self.versions)))}")
        yield from self._agreement(row)
        yield from self._decimal_places(row)

    def _place_and_period(self, row: Figure) -> Iterator[tuple[str, str]]:
        measure = self.measure
        if self.places.get(row.authority) is None and (
                RecordKind.AUTHORITY, row.authority) not in self.repo.broken:
            suggestion = did_you_mean(row.authority, [p.id for p in self.places.authorities()])
            yield "authority", (f"authority: '{row.authority}' is no authority of the "
                                "register, nor england or south-east, nor the GSS code of an "
                                "English authority in data/reference/dfe-las.csv"
                                f"{suggestion}")
        fit = self.fits.get(row.period)
        if fit is None:
            fit = self.fits[row.period] = period_fits(row.period, measure.period_type)
        if not fit:
            yield "period", (f"period: '{row.period}' is not a {measure.period_type} period; "
                             f"write it as e.g. {PERIOD_EXAMPLES[measure.period_type]}")

    @staticmethod
    def _value_or_symbol(row: Figure) -> Iterator[tuple[str, str]]:
        if row.value is not None and row.symbol:
            yield "symbol", (f"the row has a value ({row.value}) and a symbol "
                             f"('{row.symbol}'); a figure is a number or a symbol, not both")
        elif row.value is None and not row.symbol:
            yield "value", ("the row has no value and no symbol; write the number, or DfE's "
                            "symbol (x, z, c, low …) in the symbol column")

    def _agreement(self, row: Figure) -> Iterator[tuple[str, str]]:
        """The numerator within the denominator, and the value what they give."""
        measure = self.measure
        if row.numerator is None or row.denominator is None:
            return
        if measure.scale is not None and row.numerator > row.denominator:
            yield "numerator", (f"numerator {row.numerator} is more than the denominator "
                                f"{row.denominator}")
        expected = measure.expected_value(row.numerator, row.denominator)
        if (expected is not None and row.value is not None
                and abs(expected - row.value) > self.tolerance):
            shown = round(expected, measure.decimal_places)
            yield "value", (f"value {row.value} does not agree with numerator ÷ denominator "
                            f"({row.numerator} ÷ {row.denominator} = {shown} to "
                            f"{measure.decimal_places} decimal places)")

    def _decimal_places(self, row: Figure) -> Iterator[tuple[str, str]]:
        measure = self.measure
        if row.value is None or row.value.quantize(self.quantum) == row.value:
            return
        exponent = row.value.as_tuple().exponent
        places_used = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        if places_used > measure.decimal_places:
            yield "value", (f"value {row.value} has {places_used} decimal places; "
                            f"{measure.id} has {measure.decimal_places}")


def provisional_notes(repo: Register) -> list[Problem]:
    """One note, at the first figures file counted under a proposed rule, naming every such
    rule: their figures are provisional until a pull request agrees the rule. Information,
    never a failure, and said once: every validate run, pre-commit run and pull-request
    annotation carries it, whatever the change touched (issue 22)."""
    proposed = []
    for measure_id, table in sorted(repo.figures.items()):
        measure = repo.measures.get(measure_id)
        if measure is None or measure.status is not RuleStatus.PROPOSED or not table.rows:
            continue
        proposed.append((table, measure))
    if not proposed:
        return []
    count = sum(len(table.rows) for table, _ in proposed)
    rules = ", ".join(f"{measure.id} version {measure.version}" for _, measure in proposed)
    under, agrees = (("a proposed rule", "it") if len(proposed) == 1
                     else (f"{len(proposed)} proposed rules", "each rule"))
    return [Problem(
        proposed[0][0].path, 1, 1, Severity.NOTE,
        f"provisional: {count} figures are counted under {under} ({rules}); they stay "
        f"provisional until a pull request agrees {agrees}", "provisional")]


def check(repo: Register) -> list[Problem]:
    problems: list[Problem] = []
    for measure in repo.measures.values():
        problems += _check_measure(repo, measure)
    places = load_places(repo) if repo.figures else None
    for table in repo.figures.values():
        problems += check_table(repo, table, places)
    return problems + _package_links(repo) + _plan_rules(repo)


def _plan_rules(repo: Register) -> list[Problem]:
    """A success measure of the plan names counting rules that exist."""
    problems = []
    for year in repo.years.values():
        for index, entry in enumerate(year.success_measures):
            for position, rule in enumerate(entry.counting_rules):
                if rule not in repo.measures and (MEASURE, rule) not in repo.broken:
                    problems.append(repo.problem_at(
                        RecordKind.YEAR, year.id,
                        ("success_measures", index, "counting_rules", position),
                        f"counting_rules: no counting rule '{rule}' in data/measures/"
                        f"{did_you_mean(rule, repo.measures)}"))
    return problems


def _package_links(repo: Register) -> list[Problem]:
    """Each package's `measures`: the rule exists, the baseline is a period of the rule's
    type, and each recipient has a figure then (a warning where the figures have none)."""
    problems: list[Problem] = []
    for package in repo.packages.values():
        for index, link in enumerate(package.measures):
            def at(field: str, message: str, severity: Severity = Severity.ERROR) -> None:
                problems.append(repo.problem_at(RecordKind.PACKAGE, package.id,
                                                ("measures", index, field), message,
                                                severity=severity, code="measures"))

            measure = repo.measures.get(link.measure)
            if measure is None:
                if (RecordKind.MEASURE, link.measure) not in repo.broken:
                    at("measure", f"measures: no counting rule '{link.measure}' in "
                       f"data/measures/{did_you_mean(link.measure, repo.measures)}")
                continue
            if not period_fits(link.baseline, measure.period_type):
                at("baseline", f"baseline: '{link.baseline}' is not a period of {measure.id}, "
                   f"which writes its periods ({measure.period_type}) as e.g. "
                   f"{PERIOD_EXAMPLES[measure.period_type]}")
                continue
            table = repo.figures.get(measure.id)
            held = {r.authority for r in table.rows
                    if r.period == link.baseline and not r.breakdown
                    and r.value is not None} if table else set()
            lacking = [a for a in package.recipients if a not in held]
            if lacking:
                at("baseline", f"baseline: the register holds no {measure.id} figure for "
                   f"{', '.join(lacking)} in {link.baseline} (DfE publishes none, or it is "
                   "not imported yet)", Severity.WARNING)
    return problems
