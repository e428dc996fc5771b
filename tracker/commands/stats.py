"""`tracker stats`: numbers over the whole case file."""

import typer

from tracker.commands.common import DataFormatOption, JsonOption, chosen_format, session
from tracker.i18n import N_
from tracker.render import DataFormat


def stats(
    ctx: typer.Context, fmt: DataFormatOption = DataFormat.text, as_json: JsonOption = False
) -> None:
    """Numbers over all cases: contacts, time spent, promises kept, money recovered."""
    from tracker.render import emit
    from tracker.services.stats import stats as compute

    fmt_name = chosen_format(ctx, fmt, as_json)
    with session(ctx) as s:
        data = compute(session=s)
    emit(data, fmt_name)


def register(app: typer.Typer) -> None:
    app.command(
        "stats",
        help=N_(
            "Numbers over all cases: contacts, time spent, promises kept, money recovered.\n\nContacts per case, minutes spent, promises kept and broken, money recovered, cases by status.\n\nExample: tracker stats --json"
        ),
    )(stats)
