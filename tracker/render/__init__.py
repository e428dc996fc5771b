"""Every form a command prints, in one registry: text (rich at a terminal, plain
when piped), markdown and json, for each kind of record the services return.

Commands call `emit(record, fmt)`; the renderers for the record's type do the
rest. JSON is always `tracker.render.data.plain`, the one serializer.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from enum import StrEnum
from pathlib import Path
from typing import Any


class Format(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


def _text_renderers() -> dict[type, Callable[[Any], Any]]:
    from tracker import casefile as cf
    from tracker.prose.advice import Advice
    from tracker.prose.brief import Brief, brief_document
    from tracker.prose.chat import ChatSummary
    from tracker.render import text

    return {
        cf.CaseFile: text.case_file,
        cf.Order: text.order_panel,
        cf.CompanyInfo: text.company,
        cf.Agenda: text.agenda,
        cf.Stats: text.stats,
        cf.RulesInForce: text.rules,
        cf.Settings: text.settings,
        ChatSummary: text.chat,
        Brief: lambda b: text.document(brief_document(b)),
        Advice: text.advice,
    }


def _markdown_renderers() -> dict[type, Callable[[Any], str]]:
    from tracker.prose.brief import Brief, brief_document
    from tracker.prose.chat import ChatSummary
    from tracker.render import markdown

    return {
        ChatSummary: markdown.chat,
        Brief: lambda b: markdown.document(brief_document(b)),
    }


def formats(record: object) -> list[str]:
    """The formats a record can be printed in."""
    kinds = ["text", "json"]
    if type(record) in _markdown_renderers():
        kinds.insert(1, "markdown")
    return kinds


def render(record: object, fmt: str) -> Any:
    """A record in a format: rich renderable (text), str (markdown) or data (json)."""
    from tracker.errors import TrackerError
    from tracker.render.data import plain

    if fmt == Format.json:
        return plain(record)
    table = _text_renderers() if fmt == Format.text else _markdown_renderers()
    renderer = table.get(type(record))
    if renderer is None:
        raise TrackerError(f"--format {fmt} is not available here; use text or json")
    return renderer(record)


def as_string(rendered: Any) -> str:
    """A rendering as the text written to a pipe or a file."""
    from rich.text import Text

    from tracker.output import to_json

    if isinstance(rendered, Text):
        return rendered.plain
    if isinstance(rendered, str):
        return rendered
    return to_json(rendered) + "\n"


def emit(
    record: object,
    fmt: str = "text",
    out_file: Path | None = None,
    *,
    force: bool = False,
    soft_wrap: bool = False,
) -> None:
    """Print a record in a format, or write it to a private file."""
    from rich.text import Text

    from tracker.output import note, out, print_json

    rendered = render(record, fmt)
    if out_file is not None:
        from tracker.files import write_private

        write_private(out_file, as_string(rendered), force=force)
        note(f"Wrote {out_file}")
    elif fmt == Format.json:
        print_json(rendered)
    elif isinstance(rendered, Text):
        show(rendered, soft_wrap=soft_wrap)
    elif isinstance(rendered, str):
        sys.stdout.write(rendered)
        sys.stdout.flush()
    else:
        out.print(rendered)


def emit_json_items(items: Iterable[object]) -> None:
    """A JSON array printed item by item as the items come: the same text as
    `emit(list(items), "json")`, with one item in memory at a time."""
    from tracker.output import to_json
    from tracker.render.data import plain

    write = sys.stdout.write
    opened = False
    for item in items:
        # an item's JSON one level down: every line of it indented two spaces more
        # (a newline inside a string is escaped, never a line of its own)
        write(",\n" if opened else "[\n")
        write("\n".join("  " + line for line in to_json(plain(item)).split("\n")))
        opened = True
    write("\n]\n" if opened else "[]\n")
    sys.stdout.flush()


def show(text: Any, *, soft_wrap: bool = False) -> None:
    """A rich Text at a terminal; its plain text, unwrapped, when piped."""
    from tracker.output import out

    if out.is_terminal:
        out.print(text, soft_wrap=soft_wrap, end="")
    else:
        sys.stdout.write(text.plain)
        sys.stdout.flush()
