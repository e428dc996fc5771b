"""A document: what prose builds for people to read, and renderers draw.

One structure, two forms: `tracker.render.text` draws it for a terminal (or
plain text when piped), `tracker.render.markdown` as Markdown. A new section
is one edit here or in the prose that builds it, never two.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Run:
    """A piece of a line. `long` marks user text that may be a pasted transcript:
    renderers show its start and say where to read the rest."""

    text: str
    strong: bool = False
    alert: bool = False
    long: bool = False
    own: bool = False  # tracker's own words with markup-like characters ("case #12")


Line = list[Run]


@dataclass
class Para:
    """A paragraph; `hang` indents its continuation lines at a terminal."""

    line: Line
    hang: str = "  "


@dataclass
class Facts:
    """Label: value rows."""

    rows: list[tuple[str, Line]]


@dataclass
class Item:
    line: Line
    facts: list[tuple[str, Line]] = field(default_factory=list)


@dataclass
class Items:
    items: list[Item]
    numbered: bool = False
    dashes: bool = True  # at a terminal; a Markdown list always has its marks


@dataclass
class Quote:
    line: Line


Block = Para | Facts | Items | Quote


@dataclass
class Section:
    heading: str
    blocks: list[Block] = field(default_factory=list)
    value: Line | None = None  # a one-line section: "Amount at stake: $24.99"


@dataclass
class Doc:
    title: Line
    header: list[list[Line]]  # groups of lines under the title
    sections: list[Section]
    case: int | None = None  # where the full text of a long field can be read


def runs(*parts: str | Run) -> Line:
    return [p if isinstance(p, Run) else Run(p) for p in parts if p != ""]
