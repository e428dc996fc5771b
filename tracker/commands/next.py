"""`tracker next`: the next step the guide suggests for a case, with the words to use."""

import typer

from tracker.commands.common import CaseArg, DataFormatOption, JsonOption, chosen_format, session
from tracker.i18n import N_
from tracker.render import DataFormat


def next_(
    ctx: typer.Context,
    case: CaseArg,
    fmt: DataFormatOption = DataFormat.text,
    as_json: JsonOption = False,
) -> None:
    """The next step the guide suggests for a case, with the words to use."""
    from tracker.prose.advice import advice_for
    from tracker.render import emit
    from tracker.services.cases import show_case

    fmt_name = chosen_format(ctx, fmt, as_json)
    with session(ctx) as s:
        case_file = show_case(session=s, case=case)
    emit(advice_for(case_file), fmt_name)


def register(app: typer.Typer) -> None:
    app.command(
        "next",
        help=N_(
            "The next step the guide suggests for a case, with the words to use.\n\nExample: tracker next 12"
        ),
    )(next_)
