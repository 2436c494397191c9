"""Resolve what people type ("Bucks", "E06000060", "825", "brighton & hove") to one authority.

Only an exact match resolves: the id, the official name, an alias, the GSS code (current or
former), the DfE number or the register code, after folding case, punctuation, '&'/'and' and
a 'Council' suffix (or its initials: "Bucks CC", "Slough BC") away. Anything else is an error
with suggestions, never a guess: a prefix that is unique today ("Kent" of a future "Kent and
Medway") can silently mean another authority tomorrow.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping

from tsp.errors import NotFound
from tsp import problems
from tsp.models import Authority

_COUNCIL_SUFFIXES = (
    "metropolitan borough council", "county borough council", "borough council",
    "county council", "city council", "district council", "council",
    # as people type them in trackers: "Bucks CC", "Slough BC", "Reading B.C."
    "c c", "cc", "b c", "bc", "mbc", "dc", "ua",
)
_PREFIXES = ("the royal borough of ", "royal borough of ", "london borough of ",
             "the london borough of ")


def normalise(text: str) -> str:
    """Fold case, punctuation, '&'/'and' and a trailing 'council' away: 'Brighton & Hove'
    and 'brighton-and-hove' both become 'brightonhove'."""
    words = re.sub(r"[^a-z0-9]+", " ", text.lower().replace("&", " ")).split()
    joined = " ".join(w for w in words if w != "and")
    for suffix in _COUNCIL_SUFFIXES:
        if joined.endswith(" " + suffix):
            joined = joined.removesuffix(suffix)
            break
    for prefix in _PREFIXES:
        if joined.startswith(prefix) and len(joined) > len(prefix):
            joined = joined.removeprefix(prefix)
            break
    return joined.replace(" ", "")


def keys_of(authority: Authority) -> list[tuple[str, tuple[str | int, ...], str]]:
    """(folded key, where it is in the record, as written) for every name and code that
    means this authority alone; shared abbreviations are not among them."""
    keys: list[tuple[str, tuple[str | int, ...], str]] = [
        (normalise(authority.name), ("name",), authority.name),
        (normalise(authority.id), ("id",), authority.id),
    ]
    keys += [(normalise(a), ("aliases", i), a) for i, a in enumerate(authority.aliases)]
    for field in ("gss_code", "dfe_la_code", "register_code"):
        value = getattr(authority, field)
        if value:
            keys.append((normalise(value), (field,), value))
    keys += [(normalise(c.gss_code), ("former_codes", i, "gss_code"), c.gss_code)
             for i, c in enumerate(authority.former_codes)]
    # One authority may list the same key twice (its id and name often fold alike).
    unique: dict[str, tuple[str, tuple[str | int, ...], str]] = {}
    for key, loc, shown in keys:
        unique.setdefault(key, (key, loc, shown))
    return list(unique.values())


def build_index(authorities: Mapping[str, Authority]) -> dict[str, set[str]]:
    index: dict[str, set[str]] = defaultdict(set)
    for authority in authorities.values():
        for key, _, _ in keys_of(authority):
            index[key].add(authority.id)
        for abbreviation in authority.shared_abbreviations:
            index[normalise(abbreviation)].add(authority.id)
    return index


def _names(authorities: Mapping[str, Authority], ids: set[str] | list[str]) -> list[str]:
    return sorted(authorities[i].name for i in ids)


def resolve(authorities: Mapping[str, Authority], text: str) -> Authority:
    """The one authority `text` names, or NotFound (exit 2) with suggestions."""
    key = normalise(text)
    hits = build_index(authorities).get(key, set()) if key else set()
    if len(hits) == 1:
        return authorities[next(iter(hits))]
    if len(hits) > 1:
        names = _names(authorities, hits)
        raise NotFound(f"'{text}' could mean more than one authority: {', '.join(names)}. "
                       "Use a name or a code.", names)
    successor = _successor_named(authorities, key)
    if successor is not None:
        raise NotFound(successor[0], [successor[1]])
    suggestions = suggest(authorities, text)
    if len(suggestions) > 1 and len(key) >= 3 and all(
        key in normalise(s) for s in suggestions
    ):
        raise NotFound(f"'{text}' could mean more than one authority: "
                       f"{', '.join(suggestions)}. Use the full name or a code.", suggestions)
    raise NotFound(
        f"No authority matches '{text}'. Use a name, an alias, a GSS code or a DfE number "
        "(tsp la --list shows them all).",
        suggestions,
    )


def suggest(authorities: Mapping[str, Authority], text: str, limit: int = 5) -> list[str]:
    """Names of authorities `text` may have meant: names and aliases it is part of, then
    close spellings of a name, id or alias (tsp.problems.suggest, tsp's one did-you-mean)."""
    key = normalise(text)
    if not key:
        return []
    labels: dict[str, set[str]] = defaultdict(set)
    for authority in authorities.values():
        for label in (authority.name, authority.id, *authority.aliases):
            labels[normalise(label)].add(authority.id)
    found: list[str] = []
    if len(key) >= 3:
        for label, ids in sorted(labels.items()):
            if key in label:
                found += [i for i in sorted(ids) if i not in found]
    for label in problems.suggest(key, labels, n=limit, cutoff=0.6):
        found += [i for i in sorted(labels[label]) if i not in found]
    return [authorities[i].name for i in found[:limit]]


def _successor_named(authorities: Mapping[str, Authority], key: str) -> tuple[str, str] | None:
    """A council that is named as a successor but has no record yet."""
    for authority in authorities.values():
        reorg = authority.reorganisation
        if reorg is None:
            continue
        for successor in reorg.successors:
            if successor not in authorities and normalise(successor) == key:
                return (f"'{successor}' has no record in the register yet: it succeeds "
                        f"{authority.name}, which ends on {reorg.ends_on.isoformat()}.",
                        authority.name)
    return None
