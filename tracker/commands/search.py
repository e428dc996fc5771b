"""`tracker search`: cases by any text."""

from typing import Annotated

import typer

from tracker.commands.common import DataFormatOption, JsonOption, chosen_format, session
from tracker.i18n import N_, _, ngettext
from tracker.render import DataFormat

SEARCH_HELP = N_(
    "Find cases by any text: titles, notes, names, order, tracking and reference numbers."
    "\n\n"
    "Searches titles, problem and wishes, what was said in contacts, promises,"
    " representatives' names, order numbers and items, tracking numbers and"
    " reference numbers."
    "\n\n"
    "A case whose order, tracking or reference number is the text comes first, then"
    " active cases, then the rest, each most recently changed first."
    " --json prints the cases as 'case list' items, each with"
    ' the places it matched under "matches".'
    "\n\n"
    "Example: tracker search priya"
)


def search(
    ctx: typer.Context,
    query: Annotated[
        str,
        typer.Argument(
            metavar="QUERY",
            help=N_(
                "Any text: a title word, a representative's name, an order, "
                "tracking or reference number. Case-insensitive; % and _ are literal."
            ),
        ),
    ],
    limit: Annotated[
        int, typer.Option("--limit", "-n", help=N_("At most this many cases; 0 for all."))
    ] = 50,
    fmt: DataFormatOption = DataFormat.text,
    as_json: JsonOption = False,
) -> None:
    """Find cases by any text (SEARCH_HELP says how)."""
    from tracker.output import line, note, out
    from tracker.render import emit, text
    from tracker.services.search import find_cases

    fmt_name = chosen_format(ctx, fmt, as_json)
    with session(ctx) as s:
        page = find_cases(session=s, query=query, limit=limit)
    if fmt_name != "text":
        emit(page.items, fmt_name)
        return
    if not page.items:
        line(_("No case matches {query}.").format(query=repr(query)))
        return
    out.print(text.search_hits(page))
    if page.more:
        note(
            ngettext(
                "Showing {shown} of {n} matching case; --limit 0 shows all.",
                "Showing {shown} of {n} matching cases; --limit 0 shows all.",
                page.total,
            ).format(shown=len(page.items), n=page.total)
        )


def register(app: typer.Typer) -> None:
    app.command("search", help=SEARCH_HELP)(search)
