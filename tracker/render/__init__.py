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


class DataFormat(StrEnum):
    """The formats of a record without a markdown form (all but the summaries)."""

    text = "text"
    json = "json"


# The renderers are found by the record's class name (module.qualname), so that
# printing a record never imports the prose modules of the others: `due` or
# `case show` would otherwise import the brief's, the chat's and the advice's
# (about 9 ms of every start). tests/test_render_registry.py checks every name.


def kind_of(record: object) -> str:
    kind = type(record)
    return f"{kind.__module__}.{kind.__qualname__}"


def _brief_text(brief: Any) -> Any:
    from tracker.prose.brief import brief_document
    from tracker.render import text

    return text.document(brief_document(brief))


def _brief_markdown(brief: Any) -> str:
    from tracker.prose.brief import brief_document
    from tracker.render import markdown

    return markdown.document(brief_document(brief))


def _text_renderers() -> dict[str, Callable[[Any], Any]]:
    from tracker.render import text

    return {
        "tracker.casefile.CaseFile": text.case_file,
        "tracker.casefile.Order": text.order_panel,
        "tracker.casefile.CompanyInfo": text.company,
        "tracker.casefile.Agenda": text.agenda,
        "tracker.casefile.Stats": text.stats,
        "tracker.casefile.RulesInForce": text.rules,
        "tracker.casefile.Settings": text.settings,
        "tracker.prose.chat.ChatSummary": text.chat,
        "tracker.prose.brief.Brief": _brief_text,
        "tracker.prose.advice.Advice": text.advice,
    }


# the records that print as markdown too (the text renderers' names, a subset)
MARKDOWN_KINDS = ("tracker.prose.chat.ChatSummary", "tracker.prose.brief.Brief")


def _markdown_renderers() -> dict[str, Callable[[Any], str]]:
    from tracker.render import markdown

    return {MARKDOWN_KINDS[0]: markdown.chat, MARKDOWN_KINDS[1]: _brief_markdown}


def render(record: object, fmt: str) -> Any:
    """A record in a format: rich renderable (text), str (markdown) or data (json)."""
    from tracker.errors import TrackerError
    from tracker.render.data import plain

    if fmt == Format.json:
        return plain(record)
    table = _text_renderers() if fmt == Format.text else _markdown_renderers()
    renderer = table.get(kind_of(record))
    if renderer is None:
        from tracker.i18n import _

        raise TrackerError(
            _("--format {fmt} is not available here; use text or json").format(fmt=fmt)
        )
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
        from tracker.i18n import _

        write_private(out_file, as_string(rendered), force=force)
        note(_("Wrote {path}").format(path=out_file))
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
    waiting: list[str] = []  # written a few hundred items at a time, not one by one
    for item in items:
        # an item's JSON one level down, every line of it indented two spaces more
        waiting.append((",\n  " if opened else "[\n  ") + to_json(plain(item), depth=1))
        opened = True
        if len(waiting) == 256:
            write("".join(waiting))
            waiting.clear()
    write("".join(waiting) + ("\n]\n" if opened else "[]\n"))
    sys.stdout.flush()


def show(text: Any, *, soft_wrap: bool = False) -> None:
    """A rich Text at a terminal; its plain text, unwrapped, when piped."""
    from tracker.output import out

    if out.is_terminal:
        out.print(text, soft_wrap=soft_wrap, end="")
    else:
        sys.stdout.write(text.plain)
        sys.stdout.flush()
