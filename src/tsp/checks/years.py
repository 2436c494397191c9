"""Checks across programme years: labels, SME lenders, and the quotes and what they name."""

from __future__ import annotations

from tsp.checks.common import references, unknown
from tsp.kinds import RecordKind
from tsp.models import BEFORE_WORK, Quote, StatusBasis
from tsp.problems import Problem, Severity, did_you_mean
from tsp.register import Register

YEAR = RecordKind.YEAR


def _weighed(register: Register, year_id: str, index: int, quote: Quote) -> list[Problem]:
    """A reading weighs the quotes too: a participant's quote about a package says its work
    has taken place, so a status read as before any work contradicts it."""
    out = []
    for ref_index, ref in enumerate(quote.packages):
        package = register.packages.get(ref)
        if (package is not None and package.status_basis is StatusBasis.READING
                and package.status in BEFORE_WORK):
            out.append(register.problem_at(
                YEAR, year_id, ("quotes", index, "packages", ref_index),
                f"quote {quote.id} is about {ref}, so its work has taken place, but its "
                f"status is read as {package.status}; read it as in-delivery (or later), or "
                "say in the quote's note why the quote is not about it",
                code="reading-contradicts-quote"))
    return out


def check(register: Register) -> list[Problem]:
    out: list[Problem] = []
    labels: dict[str, str] = {}
    for year in sorted(register.years.values(), key=lambda y: y.id):
        label = year.label.strip().lower()
        if label in labels:
            out.append(register.problem_at(
                YEAR, year.id, ("label",),
                f"label '{year.label}' is also the label of {labels[label]}; "
                "`--year` could not tell them apart", code="duplicate-label",
            ))
        labels.setdefault(label, year.id)
        out += references(register, YEAR, year.id, "sme_lending_authorities",
                          year.sme_lending_authorities, RecordKind.AUTHORITY)
        seen: set[str] = set()
        for index, quote in enumerate(year.quotes):
            if quote.id in seen:
                out.append(register.problem_at(
                    YEAR, year.id, ("quotes", index, "id"),
                    f"quote id '{quote.id}' is used twice in this year", code="duplicate-id"))
            seen.add(quote.id)
            for field, kind in (("authorities", RecordKind.AUTHORITY),
                                ("packages", RecordKind.PACKAGE),
                                ("may_concern", RecordKind.PACKAGE)):
                for ref_index, ref in enumerate(getattr(quote, field)):
                    if unknown(register, ref, kind):
                        out.append(register.problem_at(
                            YEAR, year.id, ("quotes", index, field, ref_index),
                            f"quote {quote.id}: unknown {kind.noun} '{ref}'"
                            f"{did_you_mean(ref, register.of(kind))}",
                        ))
            out += _weighed(register, year.id, index, quote)
            if not quote.publish:
                out.append(register.problem_at(
                    YEAR, year.id, ("quotes", index, "publish"),
                    f"quote {quote.id} is not cleared for publication (publish: false or "
                    "absent); reports leave it out until it is",
                    severity=Severity.WARNING, code="unpublished-quote",
                ))
    return out
