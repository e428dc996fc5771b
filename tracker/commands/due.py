"""`tracker due`: the agenda."""

from typing import Annotated

import typer

from tracker.commands.common import DataFormatOption, JsonOption, chosen_format, session
from tracker.i18n import N_
from tracker.render import DataFormat


def due(
    ctx: typer.Context,
    days: Annotated[
        int | None,
        typer.Option(
            "--days",
            "-d",
            min=1,
            help=N_(
                "A case is waiting too long after this many days without a contact "
                "(default: stale_days of 'tracker config', else 7)."
            ),
        ),
    ] = None,
    within: Annotated[
        int | None,
        typer.Option(
            "--within",
            "-w",
            min=0,
            help=N_(
                "List remedy deadlines closing within this many days "
                "(default: deadline_days of 'tracker config', else 14)."
            ),
        ),
    ] = None,
    limit: Annotated[
        int,
        typer.Option(
            "--limit",
            "-n",
            min=0,
            help=N_(
                "At most this many entries in each group (the count of each group "
                "is still shown); 0 for all."
            ),
        ),
    ] = 50,
    fmt: DataFormatOption = DataFormat.text,
    as_json: JsonOption = False,
) -> None:
    """The agenda: deadlines closing soon, overdue promises, promises due today,
    follow-ups due, cases waiting too long."""
    from tracker.render import emit
    from tracker.services.agenda import agenda

    fmt_name = chosen_format(ctx, fmt, as_json)
    with session(ctx) as s:
        data = agenda(session=s, days=days, within=within, limit=limit)
    emit(data, fmt_name)


def register(app: typer.Typer) -> None:
    app.command(
        "due",
        help=N_(
            "The agenda: deadlines closing soon, overdue promises, promises due today, follow-ups due, cases waiting too long.\n\nOnly active cases count. Deadlines (return windows, A-to-z claims, card disputes: see 'tracker rules list') come first, soonest first, each with what to do; then each case once, in its most urgent group. The promises due today are listed on their own: the day to check they were kept.\n\nExample: tracker due --days 5"
        ),
    )(due)
