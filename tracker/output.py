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


def to_json(data) -> str:
    """JSON with non-ASCII kept readable but C1 controls escaped (they are
    terminal commands on some terminals; json.dumps leaves them raw)."""
    text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


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
