"""Tables of rows (`case list`, `search`, `promise list`...), laid out by hand.

rich's Table measures and renders every cell through its general layout engine:
for the 50 rows of a `case list` page about 40 ms, a tenth of the command. The
tables here are simple (a line of text a cell, one style a cell), so they are
drawn directly: column widths from the cells' widths, the wrapping columns
narrowed (widest first) until the table fits the terminal, words wrapped and
over-long words folded, in rich's heavy-headed box. A few milliseconds.

Cells are plain strings or `Text` with one style (user text already made safe
by `tracker.output.t`); the result is one `Text`.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text

# rich's HEAVY_HEAD box, and what rich draws instead where the output is not UTF-8
_UNICODE = ("┏━┳┓", "┃┃┃", "┡━╇┩", "│││", "└─┴┘")
_ASCII = ("+-++", "|||", "|-+|", "|||", "+--+")


@dataclass
class _Column:
    header: str
    right: bool = False
    wrap: bool = True
    min_width: int = 1


def _width(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


def _fold(word: str, width: int) -> list[str]:
    """A word longer than the column, cut into pieces that fit."""
    if word.isascii():
        return [word[at : at + width] for at in range(0, len(word), width)]
    pieces, piece = [], ""
    for char in word:
        if piece and cell_len(piece + char) > width:
            pieces.append(piece)
            piece = ""
        piece += char
    return pieces + [piece]


def wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells: at spaces, folding longer words."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            if line and _width(line) + 1 + _width(word) <= width:
                line += " " + word
                continue
            if line:
                lines.append(line)
            if _width(word) <= width:
                line = word
            else:
                *whole, line = _fold(word, width)
                lines.extend(whole)
        lines.append(line)
    return lines


def _crop(text: str, width: int) -> str:
    """One line cut to `width` cells, ending in "…" when cut."""
    if _width(text) <= width:
        return text
    while text and _width(text) > width - 1:
        text = text[:-1]
    return text + "…"


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
        self.rows: list[list[tuple[str, str]]] = []

    def add_column(
        self, header: str, *, right: bool = False, wrap: bool = True, min_width: int = 1
    ) -> None:
        self.columns.append(_Column(header, right, wrap, min_width))

    def add_row(self, *cells: str | Text) -> None:
        row = []
        for cell in cells:
            if isinstance(cell, Text):
                style = cell.style if isinstance(cell.style, str) else str(cell.style)
                if not style and cell.spans and cell.spans[0].end >= len(cell.plain):
                    style = str(cell.spans[0].style)
                row.append((cell.plain, style))
            else:
                row.append((cell, ""))
        self.rows.append(row)

    def __rich_console__(self, console, options):
        yield self.render(options.max_width, ascii_only=options.ascii_only)

    def render(self, width: int, *, ascii_only: bool = False) -> Text:
        box = _ASCII if ascii_only else _UNICODE
        columns = self.columns
        natural = [
            max(
                [_width(line) for line in c.header.split("\n")]
                + [_width(line) for row in self.rows for line in row[i][0].split("\n")]
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

        def cells(values: list[tuple[str, str]], bar: str, bold: bool) -> None:
            cut = [
                wrap(text, w) if c.wrap else [_crop(line, w) for line in text.split("\n")]
                for (text, _), c, w in zip(values, columns, widths, strict=True)
            ]
            for n in range(max(len(lines) for lines in cut)):
                out.append(bar[0])
                for i, (lines, c, w) in enumerate(zip(cut, columns, widths, strict=True)):
                    text = lines[n] if n < len(lines) else ""
                    pad = " " * (w - _width(text))
                    style = "bold" if bold else values[i][1]
                    out.append(" " + pad if c.right else " ")
                    out.append(text, style or None)
                    out.append((" " if c.right else pad + " ") + bar[i + 1])
                out.append("\n")

        def bars(chars: str) -> str:
            """The rule left of each column, then the right edge."""
            return chars[0] + chars[1] * (len(columns) - 1) + chars[2]

        rule(top)
        cells([(c.header, "") for c in columns], bars(side), True)
        rule(under)
        for row in self.rows:
            cells(row, bars(edge), False)
        rule(bottom)
        return out
