"""The one serializer: typed records (tracker.casefile, service results) into the
JSON of SPEC.md. Amounts become decimal strings, dates `YYYY-MM-DD`, times ISO
8601 in the user's zone with its offset, enums their values."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from enum import Enum
from typing import Any

from tracker.casefile import Money

# A record type's (field, JSON key) pairs, hidden fields left out: read once per type
_KEYS: dict[type, tuple[tuple[str, str], ...]] = {}
_SCALARS = frozenset({str, int, float, bool, type(None)})


def plain(value: Any) -> Any:
    """`value` as JSON-ready data, keys named as SPEC.md names them."""
    kind = type(value)
    if kind in _SCALARS:  # the most frequent: exact types first, no isinstance chain
        return value
    keys = _KEYS.get(kind)
    if keys is not None:  # a record: its scalar fields kept without a call each
        return {
            key: field if type(field := getattr(value, name)) in _SCALARS else plain(field)
            for name, key in keys
        }
    if isinstance(value, bool | int | float | str) and not isinstance(value, Enum):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Money):
        from tracker.parse import money_str

        return money_str(value.minor, value.currency)
    if isinstance(value, datetime):
        from tracker.parse import to_local

        return to_local(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        found = []
        for f in dataclasses.fields(value):
            key = f.metadata.get("json", f.name)
            if key is not None:
                found.append((f.name, key))
        _KEYS[kind] = tuple(found)
        return plain(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value
