"""Tables of rows (`case list`, `search`, `promise list`...), laid out by hand.

rich's Table measures and renders every cell through its general layout engine:
for the 50 rows of a `case list` page about 40 ms, a tenth of the command. The
tables here are simple (a few words of text a cell), so they are
drawn directly: column widths from the cells' widths, the wrapping columns
narrowed (widest first) until the table fits the terminal, words wrapped and
over-long words folded, in rich's heavy-headed box. A few milliseconds.

Cells are plain strings or `Text` (user text already made safe by
`tracker.output.t`), their styles kept; the result is one `Text`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text

# rich's HEAVY_HEAD box, and what rich draws instead where the output is not UTF-8
_UNICODE = ("┏━┳┓", "┃┃┃", "┡━╇┩", "│││", "└─┴┘")
_ASCII = ("+-++", "|||", "|-+|", "|||", "+--+")


@dataclass
class _Cell:
    text: str
    style: str = ""
    spans: list[tuple[int, int, str]] | None = None  # (start, end, style) of text


@dataclass
class _Column:
    header: str
    right: bool = False
    wrap: bool = True
    min_width: int = 1


def _width(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


_WORD = re.compile(r"\S+")

# A line of a cell: text[start:end], then `cut` (an ellipsis where a line that
# may not wrap was cut short).
Line = tuple[int, int, bool]


def _fold(text: str, start: int, end: int, width: int) -> list[Line]:
    """A word (text[start:end]) longer than the column, in pieces that fit."""
    if text[start:end].isascii():
        return [(at, min(at + width, end), False) for at in range(start, end, width)]
    pieces, begin, used = [], start, 0
    for at in range(start, end):
        cells = cell_len(text[at])
        if used and used + cells > width:
            pieces.append((begin, at, False))
            begin, used = at, 0
        used += cells
    return [*pieces, (begin, end, False)]


def _wrapped(text: str, width: int) -> list[Line]:
    """The lines of `text` in at most `width` cells, as slices of it: broken at
    whitespace (spaces inside a line kept as typed), longer words folded."""
    lines: list[Line] = []
    at = 0
    for paragraph in text.split("\n"):
        end = at + len(paragraph)
        start = last = -1
        for word in _WORD.finditer(text, at, end):
            first, after = word.span()
            if start >= 0 and _width(text[start:after]) <= width:
                last = after
                continue
            if start >= 0:
                lines.append((start, last, False))
            if _width(text[first:after]) <= width:
                start, last = first, after
            else:
                *whole, (start, last, _) = _fold(text, first, after, width)
                lines.extend(whole)
        lines.append((start, last, False) if start >= 0 else (at, at, False))
        at = end + 1
    return lines


def _cropped(text: str, width: int) -> list[Line]:
    """Each line of `text` cut to `width` cells, marked when cut."""
    lines: list[Line] = []
    at = 0
    for paragraph in text.split("\n"):
        end = at + len(paragraph)
        if _width(paragraph) <= width:
            lines.append((at, end, False))
        else:
            stop = end
            while stop > at and _width(text[at:stop]) > width - 1:
                stop -= 1
            lines.append((at, stop, True))
        at = end + 1
    return lines


def wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells: at whitespace, folding longer words."""
    return [text[start:end] for start, end, _ in _wrapped(text, width)]


def _narrowed(widths: list[int], floors: list[int | None], excess: int) -> list[int]:
    """Take up to `excess` cells off the columns that have a floor, the widest
    first, none below its floor."""
    widths = list(widths)
    while excess > 0:
        open_ = [i for i, f in enumerate(floors) if f is not None and widths[i] > f]
        if not open_:
            break
        top = max(widths[i] for i in open_)
        widest = [i for i in open_ if widths[i] == top]
        lower = [widths[i] for i in open_ if widths[i] < top]
        floor = max([*lower, *(floors[i] or 1 for i in widest)])
        cut = min(excess, (top - floor) * len(widest))
        if cut <= 0:
            break
        for k, i in enumerate(widest):
            widths[i] -= cut // len(widest) + (1 if k < cut % len(widest) else 0)
        excess -= cut
    return widths


def _fit(widths: list[int], columns: list[_Column], limit: int) -> list[int]:
    """Widths adding up to at most `limit` where they can: the wrapping columns
    narrowed to their minimum widths, then below them, and on a very narrow
    terminal the others too (their text cut short)."""
    steps: list[list[int | None]] = [
        [c.min_width if c.wrap else None for c in columns],
        [1 if c.wrap else None for c in columns],
        [1 for _ in columns],
    ]
    for floors in steps:
        widths = _narrowed(widths, floors, sum(widths) - limit)
    return widths


class Grid:
    """A table: `add_column`, `add_row`, then print it (rich asks for it at the
    console's width) or `render(width)` it."""

    def __init__(self) -> None:
        self.columns: list[_Column] = []
        self.rows: list[list[_Cell]] = []

    def add_column(
        self, header: str, *, right: bool = False, wrap: bool = True, min_width: int = 1
    ) -> None:
        self.columns.append(_Column(header, right, wrap, min_width))

    def add_row(self, *cells: str | Text) -> None:
        row = []
        for cell in cells:
            if isinstance(cell, Text):
                spans = [(s.start, s.end, str(s.style)) for s in cell.spans]
                row.append(_Cell(cell.plain, str(cell.style), spans))
            else:
                row.append(_Cell(cell))
        self.rows.append(row)

    def __rich_console__(self, console, options):
        yield self.render(options.max_width, ascii_only=options.ascii_only)

    def render(self, width: int, *, ascii_only: bool = False) -> Text:
        box = _ASCII if ascii_only else _UNICODE
        columns = self.columns
        natural = [
            max(
                [_width(line) for line in c.header.split("\n")]
                + [_width(line) for row in self.rows for line in row[i].text.split("\n")]
            )
            for i, c in enumerate(columns)
        ]
        natural = [max(n, 1) for n in natural]
        # each column has a space either side and a rule between columns and at the edges
        room = max(width - 3 * len(columns) - 1, len(columns))
        widths = _fit(natural, columns, room)
        out = Text(no_wrap=True, overflow="ignore", end="")
        top, side, under, edge, bottom = box

        def rule(chars: str) -> None:
            lines = chars[2].join(chars[1] * (w + 2) for w in widths)
            out.append(chars[0] + lines + chars[3] + "\n")

        ellipsis = "." if ascii_only else "…"

        def cells(values: list[_Cell], bar: str) -> None:
            cut = [
                _wrapped(cell.text, w) if c.wrap else _cropped(cell.text, w)
                for cell, c, w in zip(values, columns, widths, strict=True)
            ]
            for n in range(max(len(lines) for lines in cut)):
                out.append(bar[0])
                for i, (lines, c, w) in enumerate(zip(cut, columns, widths, strict=True)):
                    cell = values[i]
                    start, end, short = lines[n] if n < len(lines) else (0, 0, False)
                    shown = cell.text[start:end] + (ellipsis if short else "")
                    pad = " " * (w - _width(shown))
                    out.append(" " + pad if c.right else " ")
                    at = len(out)
                    out.append(shown, cell.style or None)
                    for first, after, style in cell.spans or ():
                        if first < end and after > start:
                            out.stylize(
                                style, at + max(first, start) - start, at + min(after, end) - start
                            )
                    out.append((" " if c.right else pad + " ") + bar[i + 1])
                out.append("\n")

        def bars(chars: str) -> str:
            """The rule left of each column, then the right edge."""
            return chars[0] + chars[1] * (len(columns) - 1) + chars[2]

        rule(top)
        cells([_Cell(c.header, "bold") for c in columns], bars(side))
        rule(under)
        for row in self.rows:
            cells(row, bars(edge))
        rule(bottom)
        return out
