"""Money on packages and years: funding entries, and a year's funding rules.

Amounts are exact decimals of pounds, never floats: YAML reads `12500` as an integer and
`12500.50` as a float, so both are turned into a Decimal from the digits as written.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema

from tsp.models.common import AuthorityRef, Record, Text, YearRef

# The most one amount may be. Beyond it Decimal's 28 digits run out (quantize raised
# InvalidOperation on "1e29" and crashed every command), and no amount of the programme's
# money comes near it: a billion pounds is refused as a typo with its file and line.
MAX_AMOUNT = Decimal("999999999.99")

_MONEY_JSON: dict[str, Any] = {
    "anyOf": [
        {"type": "string", "pattern": r"^\d{1,9}(?:\.\d{1,2})?$"},
        {"type": "number", "minimum": 0, "maximum": float(MAX_AMOUNT), "multipleOf": 0.01},
    ],
    "description": "An amount in pounds, e.g. 12500 or \"12500.00\" (pence at most)",
}


def _to_decimal(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("an amount is a number of pounds, e.g. 12500, not true or false")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # repr gives the shortest digits that read back as this float: the digits written.
        return Decimal(repr(value))
    if isinstance(value, str):
        text = value.strip().removeprefix("£").replace(",", "")
        try:
            return Decimal(text)
        except InvalidOperation:
            raise ValueError(f"'{value}' is not an amount of pounds; write e.g. 12500 or "
                             "\"12500.00\"") from None
    return value


def _check_money(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise ValueError("an amount must be a number of pounds, e.g. 12500")
    if value < 0:
        raise ValueError(f"an amount cannot be negative ({value})")
    if value > MAX_AMOUNT:
        raise ValueError(f"an amount is at most £{MAX_AMOUNT:,}; write the amount in pounds, "
                         "e.g. 12500")
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(f"{value} has more than two decimal places; amounts are pounds and pence")
    # -0 is not below 0, but a Decimal keeps its sign: it showed as "£-0.00"
    return value.copy_abs() if value.is_zero() else value


def to_money(value: Any) -> Decimal:
    """An amount as the records read it (12500, "£12,500.50"), or ValueError saying why not."""
    return _check_money(_to_decimal(value))


Money = Annotated[
    Decimal,
    BeforeValidator(_to_decimal),
    AfterValidator(_check_money),
    Field(description="An amount in pounds, e.g. 12500 or \"12500.00\""),
    WithJsonSchema(_MONEY_JSON),
]


class FundingStatus(StrEnum):
    """How far the money has gone: proposed, then committed, then spent."""

    PROPOSED = "proposed"
    COMMITTED = "committed"
    SPENT = "spent"


class Funding(Record):
    """One amount of funding for a package in one programme year."""

    year: YearRef = Field(description="The programme year the money is for, e.g. 2026-27")
    amount: Money = Field(description="Pounds, exact: 12500 or \"12500.00\"")
    status: FundingStatus = Field(description="proposed, committed or spent")
    paid_by: Text | None = Field(None, description="Who pays, e.g. the programme or the host authority")
    paid_to: AuthorityRef | None = Field(
        None, description="For funded capacity: the authority that receives the money"
    )
    note: str | None = Field(None, description="Anything worth keeping about it")


class FundingRules(Record):
    """How a year funds its packages."""

    cap_per_package: Money | None = Field(
        None, description="The most one package may receive in the year, where there is a cap"
    )
    note: str | None = Field(None, description="What the source says about the rules")
