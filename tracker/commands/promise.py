"""`tracker promise`: what the company promised, by when, and whether it kept it."""

from typing import Annotated

import typer

from tracker.commands.common import CaseArg, DataFormatOption, JsonOption, chosen_format, session
from tracker.i18n import N_, _, ngettext
from tracker.render import DataFormat

app = typer.Typer(
    help=N_("Promises the company made, by when, kept or broken."), no_args_is_help=True
)


@app.command(
    "list",
    help=N_(
        "List promises: pending ones first, soonest due first; then kept and broken ones.\n\nExample: tracker promise list --overdue"
    ),
)
def list_(
    ctx: typer.Context,
    overdue: Annotated[
        bool, typer.Option("--overdue", help=N_("Only pending promises past their due date."))
    ] = False,
    case: Annotated[
        str | None, typer.Option("--case", help=N_("Only this case's promises."))
    ] = None,
    state: Annotated[
        str, typer.Option("--state", help=N_("pending, kept, broken or all."))
    ] = "all",
    limit: Annotated[
        int, typer.Option("--limit", "-n", help=N_("At most this many rows; 0 for all."))
    ] = 50,
    fmt: DataFormatOption = DataFormat.text,
    as_json: JsonOption = False,
) -> None:
    """List promises: pending ones first, soonest due first; then kept and broken ones."""
    from tracker.output import note, out
    from tracker.render import emit, text
    from tracker.services.contacts import list_promises

    fmt_name = chosen_format(ctx, fmt, as_json)
    with session(ctx) as s:
        page = list_promises(session=s, overdue=overdue, case=case, state=state, limit=limit)
    if fmt_name != "text":
        emit(page.items, fmt_name)
        return
    if not page.items:
        out.print(_("No overdue promises.") if overdue else _("No promises."), markup=False)
        return
    out.print(text.promises(page))
    if page.more:
        note(
            ngettext(
                "Showing {shown} of {n} promise; --limit 0 shows all.",
                "Showing {shown} of {n} promises; --limit 0 shows all.",
                page.total,
            ).format(shown=len(page.items), n=page.total)
        )


def _settle(ctx: typer.Context, promise_id: int, state_name: str) -> None:
    from tracker.output import line
    from tracker.services.contacts import settle_promise
    from tracker.vocab import PromiseState

    with session(ctx, write=True) as s:
        promise = settle_promise(session=s, promise_id=promise_id, state=PromiseState(state_name))
    line(
        _("Promise {id} on case #{case} marked {state}").format(
            id=promise.id, case=promise.case_id, state=promise.state
        )
    )


@app.command("kept", help=N_("Mark a promise kept.\n\nExample: tracker promise kept 3"))
def kept(
    ctx: typer.Context,
    promise_id: Annotated[int, typer.Argument(metavar="ID", help=N_("The promise's id."))],
) -> None:
    """Mark a promise kept."""
    _settle(ctx, promise_id, "kept")


@app.command(
    "broken",
    help=N_(
        "Mark a promise broken: the company did not do what it said.\n\nExample: tracker promise broken 3"
    ),
)
def broken(
    ctx: typer.Context,
    promise_id: Annotated[int, typer.Argument(metavar="ID", help=N_("The promise's id."))],
) -> None:
    """Mark a promise broken: the company did not do what it said."""
    _settle(ctx, promise_id, "broken")


@app.command(
    "add",
    help=N_(
        "Add a promise that came without a logged contact (an email, a letter)."
        "\n\n"
        'Example: tracker promise add 12 "refund to the card" --due +5bd'
        ' --by "Amazon returns team"'
    ),
)
def add(
    ctx: typer.Context,
    case: CaseArg,
    what: Annotated[str, typer.Argument(metavar="WHAT", help=N_("What was promised."))],
    due: Annotated[str, typer.Option("--due", help=N_("By when: {date_help}."))],
    by: Annotated[
        str | None, typer.Option("--by", help=N_("Who promised it (a name, 'the company')."))
    ] = None,
) -> None:
    """Add a promise that came without a logged contact (an email, a letter)."""
    from tracker.output import line
    from tracker.services.corrections import add_promise

    with session(ctx, write=True) as s:
        promise = add_promise(session=s, case=case, what=what, due=due, by=by)
    line(
        _("Promise {id} on case #{case}, due {due}: ").format(
            id=promise.id, case=promise.case_id, due=promise.due_on
        ),
        promise.what,
    )


@app.command(
    "edit",
    help=N_(
        "Change what a promise says or when it is due (a new date they gave)."
        "\n\n"
        "Example: tracker promise edit 3 --due 2026-12-10"
    ),
)
def edit(
    ctx: typer.Context,
    promise_id: Annotated[int, typer.Argument(metavar="ID", help=N_("The promise's id."))],
    what: Annotated[str | None, typer.Option("--what", help=N_("What was promised."))] = None,
    due: Annotated[
        str | None,
        typer.Option("--due", help=N_("A new due date: {date_help} ('' clears it).")),
    ] = None,
) -> None:
    """Change what a promise says or when it is due (a new date they gave)."""
    from tracker.output import line
    from tracker.services.corrections import edit_promise

    with session(ctx, write=True) as s:
        promise, changed = edit_promise(session=s, promise_id=promise_id, what=what, due=due)
    line(
        _("Updated promise {id} on case #{case}: {fields}").format(
            id=promise.id, case=promise.case_id, fields=", ".join(changed)
        )
    )
