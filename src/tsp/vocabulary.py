"""Closed vocabularies read the way people type them: 'SEND', 'Agreed', 'process mapping'.

The one parser of typed choices, for every command (tsp set, status, fund, log, list's
filters, tracker import). A value is accepted when it is one of the choices once case,
spaces, hyphens and punctuation are folded away, or when it is the label a table shows
("Children's social care"); anything else is refused with the valid values and the closest
of them. Never a guess beyond that folding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import TypeVar

from tsp.errors import NotFound, UsageError
from tsp.problems import did_you_mean, suggest

E = TypeVar("E", bound=StrEnum)


def fold(text: str) -> str:
    """'Process mapping', 'process-mapping' and 'PROCESS_MAPPING' all fold to 'processmapping'."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def parse_choice(enum: type[E], typed: str, what: str | None = None, *,
                 flag: str | None = None, labels: Mapping[E, str] | None = None) -> E:
    """The member of `enum` that `typed` means, or UsageError listing the valid values.

    With `what` (the vocabulary's name) the refusal names it: "'agred' is not a status; did
    you mean 'agreed'?", the valid values in the hint. Without it, the refusal is the short
    one tsp set, status, fund and log show: "'paid' is not one of: proposed, committed,
    spent." (NotFound, the closest values in the hint)."""
    key = fold(typed)
    for member in enum:
        if fold(member.value) == key or (labels and fold(labels.get(member, "")) == key):
            return member
    choices = [m.value for m in enum]
    if what is None:
        raise NotFound(f"'{typed}' is not one of: {', '.join(choices)}.", suggest(typed, choices))
    where = f"{flag}: " if flag else ""
    article = "an" if what[:1] in "aeiou" else "a"
    raise UsageError(f"{where}'{typed}' is not {article} {what}"
                     f"{did_you_mean(typed, choices, n=1) or ''}",
                     hint=f"Choose one of: {', '.join(choices)}.")


def parse_choices(enum: type[E], typed: Iterable[str] | None, what: str, *,
                  flag: str | None = None, labels: Mapping[E, str] | None = None
                  ) -> tuple[E, ...]:
    """Every value of a repeatable option (each may also hold several, comma-separated)."""
    items = [part.strip() for text in typed or () for part in text.split(",") if part.strip()]
    return tuple(dict.fromkeys(parse_choice(enum, i, what, flag=flag, labels=labels)
                               for i in items))
