"""Printing: rich where it helps at a terminal, plain when piped, JSON on demand.

User text is data. It is always wrapped in `Text` (never parsed as markup)
and passed through `safe()` (control sequences made visible).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from tracker.parse import safe

out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False)

_C1 = re.compile(r"[\x7f-\x9f\u2028\u2029]")


def to_json(data, *, depth: int = 0) -> str:
    """JSON with non-ASCII kept readable but C1 controls escaped (they are
    terminal commands on some terminals; json.dumps leaves them raw).

    The text of `json.dumps(data, indent=2, ensure_ascii=False, default=str)`,
    `depth` levels further in (a list's items printed one by one). Written here
    because json.dumps with an indent runs its pure-Python encoder: for the
    100,000 cases of `case list --status all --limit 0 --json` that was 6 s of
    the profile. Strings go through json's C escaping."""
    text = _encode(data, "  " * depth)
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_escape = json.encoder.encode_basestring  # C-accelerated; ensure_ascii=False's
_INFINITY = float("inf")


def _float(value: float) -> str:
    """As json writes a float (allow_nan: NaN and Infinity as JavaScript spells them)."""
    if value != value:
        return "NaN"
    if value == _INFINITY:
        return "Infinity"
    if value == -_INFINITY:
        return "-Infinity"
    return float.__repr__(value)


def _key(key) -> str:
    """A dict key as json writes it: strings escaped, scalars as their JSON text."""
    if isinstance(key, str):
        return _escape(key)
    if key is True or key is False or key is None:
        return _escape(json.dumps(key))
    if isinstance(key, float):
        return _escape(_float(key))
    if isinstance(key, int):
        return _escape(int.__repr__(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _encode(value, pad: str) -> str:
    kind = type(value)
    if kind is str:
        return _escape(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        return _float(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = pad + "  "
        # str keys and values, the most frequent, escaped here without a call each
        items = ",\n".join(
            f"{inner}{_escape(k) if type(k) is str else _key(k)}: "
            f"{_escape(v) if type(v) is str else _encode(v, inner)}"
            for k, v in value.items()
        )
        return f"{{\n{items}\n{pad}}}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        inner = pad + "  "
        items = ",\n".join(inner + _encode(v, inner) for v in value)
        return f"[\n{items}\n{pad}]"
    if isinstance(value, str):  # a str subclass (StrEnum): its text, as json writes it
        return _escape(value)
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    return _escape(str(value))  # default=str


def print_json(data) -> None:
    sys.stdout.write(to_json(data) + "\n")
    sys.stdout.flush()


def t(value, style: str | None = None) -> Text:
    """User text as a rich Text: never markup, controls neutralised."""
    return Text(safe(value), style=style or "")


def line(*parts, style: str | None = None) -> None:
    """Print parts (str or Text) as one line; str parts are treated as text too."""
    text = Text(style=style or "")
    for part in parts:
        text.append(part if isinstance(part, Text) else t(part))
    out.print(text)


def note(message: str) -> None:
    """A hint on stderr (so it never pollutes piped output). Wrapped at a terminal;
    one line when stderr is a pipe or a file, so a path in it stays whole."""
    err.print(Text(safe(message), style="yellow"), soft_wrap=not err.is_terminal)


def table(
    columns: Sequence[str],
    rows: Iterable[Sequence],
    *,
    title: str | None = None,
    styles: Sequence[str | None] | None = None,
) -> Table:
    grid = Table(title=title, show_lines=False, header_style="bold", expand=False)
    for i, column in enumerate(columns):
        grid.add_column(column, style=(styles[i] if styles else None) or None, overflow="fold")
    for row in rows:
        grid.add_row(*[cell if isinstance(cell, Text) else t(cell) for cell in row])
    return grid
