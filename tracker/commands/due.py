"""`tracker due`: the agenda."""

from typing import Annotated

import typer

from tracker.commands.common import FormatOption, JsonOption, chosen_format, session
from tracker.render import Format


def due(
    ctx: typer.Context,
    days: Annotated[
        int,
        typer.Option(
            "--days",
            "-d",
            min=1,
            help="A case is waiting too long after this many days without a contact.",
        ),
    ] = 7,
    fmt: FormatOption = Format.text,
    as_json: JsonOption = False,
) -> None:
    """The agenda: overdue promises, follow-ups due, then cases waiting too long.

    Only active cases count, each once, in its most urgent group.

    Example: tracker due --days 5
    """
    from tracker.render import emit
    from tracker.services.agenda import agenda

    fmt_name = chosen_format(ctx, fmt, as_json)
    with session(ctx) as s:
        data = agenda(session=s, days=days)
    emit(data, fmt_name)


def register(app: typer.Typer) -> None:
    app.command("due")(due)
