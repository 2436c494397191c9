"""Resolve what people type ("Bucks", "E06000060", "825", "brighton & hove") to one authority."""

from __future__ import annotations

import difflib
import re
from collections import defaultdict

from tsp.errors import NotFound
from tsp.models import Authority

_COUNCIL_SUFFIXES = ("county council", "city council", "borough council", "council")


def normalise(text: str) -> str:
    """Fold case, punctuation, '&'/'and' and a trailing 'council' away: 'Brighton & Hove'
    and 'brighton-and-hove' both become 'brightonhove'."""
    words = re.sub(r"[^a-z0-9]+", " ", text.lower().replace("&", " ")).split()
    joined = " ".join(w for w in words if w != "and")
    for suffix in _COUNCIL_SUFFIXES:
        if joined.endswith(" " + suffix):
            joined = joined.removesuffix(suffix)
            break
    return joined.replace(" ", "")


def _keys(authority: Authority) -> list[str]:
    keys = [authority.id, authority.name, *authority.aliases]
    keys += [c for c in (authority.gss_code, authority.dfe_la_code, authority.register_code) if c]
    keys += [code.gss_code for code in authority.former_codes]
    return keys


def build_index(authorities: dict[str, Authority]) -> dict[str, set[str]]:
    index: dict[str, set[str]] = defaultdict(set)
    for authority in authorities.values():
        for key in _keys(authority):
            index[normalise(key)].add(authority.id)
        for abbreviation in authority.shared_abbreviations:
            index[normalise(abbreviation)].add(authority.id)
    return index


def resolve(authorities: dict[str, Authority], text: str) -> Authority:
    """The one authority `text` names, or NotFound (exit 2) with suggestions."""
    key = normalise(text)
    index = build_index(authorities)
    hits = sorted(index.get(key, set()))
    if not hits and len(key) >= 3:
        hits = sorted({i for k, ids in index.items() if k.startswith(key) for i in ids})
    if len(hits) == 1:
        return authorities[hits[0]]
    if len(hits) > 1:
        names = [authorities[i].name for i in hits]
        raise NotFound(f"'{text}' could mean more than one authority: {', '.join(names)}.",
                       names)
    labels = {normalise(k): a.name for a in authorities.values() for k in (a.name, *a.aliases)}
    close = difflib.get_close_matches(key, list(labels), n=3, cutoff=0.6)
    suggestions = list(dict.fromkeys(labels[c] for c in close))
    raise NotFound(
        f"No authority matches '{text}'. Use a name, an alias, a GSS code or a DfE number "
        "(tsp la --list shows them all).",
        suggestions,
    )
