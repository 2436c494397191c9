"""How the cache writes what it keeps as JSON, and reads it back exactly (tsp.load.cache).

Parsed YAML is plain data; dates are tagged ({"$date": ...}). A record is kept as a list (the
fields it was given, then each field's value) and rebuilt with `model_construct` by a plan made
from the model's own field types, so reading one back runs no validator and no Python per dict,
only per value that needs it (an enum, a date, a nested record). Pydantic's own round trip
(model_dump_json / model_validate_json) was measured instead: building Package's validator
alone costs ~55 ms, and a warm `tsp list --la Reading` took 318 ms against 247 ms (national
register: 622 ms against 515 ms), past the start-up target (docs/load.md). A record is kept
only if it reads back exactly as it was; anything the plan cannot rebuild is not kept at all.
Entries are JSON, never pickle, so reading a cache can never run code.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import json
import types
import typing
from typing import Any

from pydantic import BaseModel

_DATE, _DATETIME = "$date", "$datetime"


class Unsupported(Exception):
    """Data that the JSON encoding cannot give back exactly; such an entry is not cached."""


def encode(value: Any) -> Any:
    if isinstance(value, str | bool | int | float) or value is None:
        return value
    if isinstance(value, dt.datetime):
        return {_DATETIME: value.isoformat()}
    if isinstance(value, dt.date):
        return {_DATE: value.isoformat()}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        if not all(isinstance(k, str) and not k.startswith("$") for k in value):
            raise Unsupported  # e.g. a key that is a number: an error; keep it uncached
        return {k: encode(v) for k, v in value.items()}
    raise Unsupported


def decode_object(value: dict[str, Any]) -> Any:
    if len(value) == 1:
        if _DATE in value:
            return dt.date.fromisoformat(value[_DATE])
        if _DATETIME in value:
            return dt.datetime.fromisoformat(value[_DATETIME])
    return value


# Records are kept as plain JSON (a list per record: the fields it was given, then each field's
# value) and rebuilt by a plan made from the model's own field types, so reading one back runs
# no Python per dict, only per value that needs it (an enum, a date, a nested record).

Convert = Any  # Callable[[Any], Any], or None for "as it is"


def _plan(annotation: Any) -> Convert:
    """How to rebuild a value of this field type from its JSON; Unsupported when unsure."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _plan(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(options) != 1:
            raise Unsupported
        inner = _plan(options[0])
        return None if inner is None else (lambda v: None if v is None else inner(v))
    if origin is list:
        (item,) = typing.get_args(annotation)
        inner = _plan(item)
        return None if inner is None else (lambda v: [inner(x) for x in v])
    if origin is dict:
        key, item = typing.get_args(annotation)
        if key is not str:
            raise Unsupported
        inner = _plan(item)
        return None if inner is None else (lambda v: {k: inner(x) for k, x in v.items()})
    if origin is not None:
        raise Unsupported
    if annotation in (str, int, float, bool):
        return None
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return annotation._value2member_map_.__getitem__  # Status("agreed"), a third the time
    if annotation is dt.datetime:
        return dt.datetime.fromisoformat
    if annotation is dt.date:
        return dt.date.fromisoformat
    if annotation is decimal.Decimal:
        return decimal.Decimal  # from its digits as written: '12500.50' stays 12500.50
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return rebuilder(annotation)
    raise Unsupported


_REBUILDERS: dict[type[Any], Any] = {}


def rebuilder(model: type[Any]) -> Any:
    if model not in _REBUILDERS:
        names = list(model.model_fields)
        plans = [(i, n, _plan(model.model_fields[n].annotation)) for i, n in enumerate(names)]

        def rebuild(value: list[Any]) -> Any:
            given, values = value
            fields = {name: values[i] if plan is None or values[i] is None else plan(values[i])
                      for i, name, plan in plans}
            return model.model_construct(_fields_set={names[i] for i in given}, **fields)

        _REBUILDERS[model] = rebuild
    return _REBUILDERS[model]


def plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):  # and datetime
        return value.isoformat()
    if isinstance(value, decimal.Decimal):  # money and days: exact, never a float
        return str(value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        if not all(type(k) is str for k in value):
            raise Unsupported
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, BaseModel):
        if value.__pydantic_extra__ or value.__pydantic_private__:
            raise Unsupported
        names = list(type(value).model_fields)
        return [[names.index(n) for n in sorted(value.model_fields_set)],
                [plain(getattr(value, n)) for n in names]]
    if isinstance(value, str | bool | int | float) or value is None:
        return value
    raise Unsupported


def same(a: Any, b: Any) -> bool:
    """Equal and of the same types all the way down (a StrEnum equals its string)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, BaseModel):
        return (a.model_fields_set == b.model_fields_set and a.__dict__.keys() == b.__dict__.keys()
                and all(same(v, b.__dict__[k]) for k, v in a.__dict__.items()))
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(v, b[k]) for k, v in a.items())
    return bool(a == b)


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


