"""What someone typed, as the value a record holds: 'SEND' → send, 'in delivery' → in-delivery."""

from __future__ import annotations

import re
from enum import Enum

from tsp.errors import NotFound
from tsp.problems import suggest


def choose(enum: type[Enum], text: str) -> str:
    """An enum value from what someone typed: 'SEND', 'Children's social care', 'in delivery'."""
    def letters(value: str) -> str:
        return re.sub(r"[^a-z0-9]", "", value.lower())

    for member in enum:
        if letters(str(member.value)) == letters(text):
            return str(member.value)
    values = [str(m.value) for m in enum]
    raise NotFound(f"'{text}' is not one of: {', '.join(values)}.", suggest(text, values))
