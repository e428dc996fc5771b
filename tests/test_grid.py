"""tracker.render.grid: the tables of `case list`, `search`, `promise list`,
`order list` and `company list`, drawn by hand. What a reader checks: the table
fits the terminal, no word of a cell is lost, numbers line up on the right, and
text people typed is printed as typed."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from rich.text import Text

from tracker.render.grid import Grid, wrap


def _grid() -> Grid:
    grid = Grid()
    grid.add_column("#", right=True, wrap=False)
    grid.add_column("Title", min_width=12)
    grid.add_column("Status", wrap=False)
    grid.add_column("Attention", min_width=10)
    grid.add_row(
        "7", Text("Gray bathrobe instead of red towel"), "open", Text("overdue", "bold red")
    )
    grid.add_row("1234", "Supercalifragilisticexpialidocious-order-number-kept", "waiting", "")
    grid.add_row(
        "56", "浴巾 红色 不是 灰色 浴袍 已经 三个 星期", "escalated", "follow up 2026-11-12"
    )
    return grid


@pytest.mark.parametrize("width", [30, 40, 52, 64, 80, 100, 160])
def test_every_line_fits_the_width_and_no_word_is_lost(width):
    rendered = _grid().render(width).plain
    lines = rendered.splitlines()
    assert all(cell_len(line) <= width for line in lines), rendered
    assert len({cell_len(line) for line in lines}) == 1, rendered  # a rectangle
    titles = "".join(
        line.split("│")[2].strip() for line in lines if line.startswith("│") and "│" in line
    )
    # wrapped and folded, every character of the titles is still there, in order
    for title in ("Grayb", "Supercalifragilistic", "浴巾红色"):
        assert title in titles.replace(" ", ""), (width, rendered)


def test_numbers_line_up_on_the_right_and_the_header_is_bold():
    rendered = _grid().render(120)
    rows = [line for line in rendered.plain.splitlines() if line.startswith("│")]
    assert [row.split("│")[1] for row in rows] == ["    7 ", " 1234 ", "   56 "]
    bold = {
        rendered.plain[span.start : span.end] for span in rendered.spans if span.style == "bold"
    }
    assert {"#", "Title", "Status", "Attention"} <= bold
    assert any(rendered.plain[s.start : s.end] == "overdue" for s in rendered.spans)


def test_a_wide_table_keeps_its_natural_widths():
    rendered = _grid().render(200).plain
    assert "│ Gray bathrobe instead of red towel " in rendered
    assert "│ Supercalifragilisticexpialidocious-order-number-kept │" in rendered


def test_where_the_output_is_not_utf8_the_box_is_ascii():
    rendered = _grid().render(80, ascii_only=True).plain
    assert rendered.isascii() is False  # the Chinese title is data, kept
    assert not any(c in rendered for c in "┏━┃│└─")
    assert rendered.splitlines()[0].startswith("+-")


def test_wrap_folds_only_what_does_not_fit():
    assert wrap("a bb ccc", 4) == ["a bb", "ccc"]
    assert wrap("abcdefghij", 4) == ["abcd", "efgh", "ij"]
    assert wrap("line one\nline two", 20) == ["line one", "line two"]
    assert wrap("", 5) == [""]
    assert all(cell_len(piece) <= 5 for piece in wrap("红色浴巾不是灰色浴袍", 5))


def test_case_list_at_80_columns_fits_and_prints_typed_text_as_typed(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    cli("company", "add", "Acme Home")
    cli(
        "case",
        "open",
        "[bold]Not[/bold] delivered: a very long title about a kettle that never came",
    )
    cli("case", "open", "Second case at another company", "--company", "Acme Home")
    printed = cli("case", "list").stdout
    assert all(cell_len(line) <= 80 for line in printed.splitlines()), printed
    flat = " ".join(line.strip("│ ") for line in printed.splitlines())
    assert "[bold]Not[/bold]" in flat.replace("│", " ")
    assert "Acme" in printed and "Company" in printed


def test_every_style_of_a_cell_stays_on_its_own_words():
    cell = Text("promise ")
    cell.append("OVERDUE", "bold red")
    cell.append(" since 2026-10-24")
    grid = Grid()
    grid.add_column("Attention", min_width=10)
    grid.add_row(cell)
    grid.add_row(Text("open", "green"))
    rendered = grid.render(20)
    styled = {(rendered.plain[s.start : s.end], str(s.style)) for s in rendered.spans}
    assert ("OVERDUE", "bold red") in styled
    assert ("open", "green") in styled
    assert not any("promise" in text and style == "bold red" for text, style in styled)


def test_spaces_inside_a_line_are_printed_as_typed():
    grid = Grid()
    grid.add_column("Order")
    grid.add_row("AB  12\u00a0345")
    assert "│ AB  12\u00a0345 │" in grid.render(80).plain


def test_a_cut_line_ends_in_an_ellipsis_ascii_where_the_box_is():
    grid = Grid()
    grid.add_column("Status", wrap=False)
    grid.add_row("escalated")
    assert "escal…" in grid.render(10).plain
    assert "escal." in grid.render(10, ascii_only=True).plain
