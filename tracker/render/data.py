"""The one serializer: typed records (tracker.casefile, service results) into the
JSON of SPEC.md. Amounts become decimal strings, dates `YYYY-MM-DD`, times ISO
8601 in the user's zone with its offset, enums their values."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from enum import Enum
from typing import Any

from tracker.casefile import Money


def plain(value: Any) -> Any:
    """`value` as JSON-ready data, keys named as SPEC.md names them."""
    if value is None or isinstance(value, bool | int | float | str) and not isinstance(value, Enum):
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
        out = {}
        for f in dataclasses.fields(value):
            name = f.metadata.get("json", f.name)
            if name is not None:
                out[name] = plain(getattr(value, f.name))
        return out
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value
