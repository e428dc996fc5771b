"""`tracker undo`: revert the most recent change, whatever command made it."""

from typing import Annotated

import typer

from tracker.commands.common import DataFormatOption, JsonOption, chosen_format, session
from tracker.i18n import N_, _
from tracker.render import DataFormat


def undo(
    ctx: typer.Context,
    list_: Annotated[
        bool, typer.Option("--list", "-l", help=N_("Show the recent changes instead of undoing."))
    ] = False,
    limit: Annotated[
        int, typer.Option("--limit", "-n", help=N_("With --list: at most this many; 0 for all."))
    ] = 20,
    fmt: DataFormatOption = DataFormat.text,
    as_json: JsonOption = False,
) -> None:
    """Revert the most recent change not yet undone; again, the one before it."""
    from tracker.output import line, note, out, t
    from tracker.render import emit
    from tracker.services.undo import list_changes
    from tracker.services.undo import undo as undo_change

    fmt_name = chosen_format(ctx, fmt, as_json)
    if list_:
        with session(ctx) as s:
            changes = list_changes(session=s, limit=limit)
        if fmt_name != "text":
            emit(changes, fmt_name)
            return
        if not changes:
            line(_("No changes recorded yet."))
            return
        for change in changes:
            out.print(t(_describe(change)), soft_wrap=True)  # one line per change
        return
    with session(ctx, write=True) as s:
        done = undo_change(session=s)
    if fmt_name != "text":
        emit(done, fmt_name)
        return
    out.print(
        t(_("Undid {change}").format(change=_describe(done.change, undone=False))), soft_wrap=True
    )
    for name in done.missing_files:
        note(
            _(
                "The record of {name} is back, but its kept copy was deleted: add the file again"
            ).format(name=name)
        )


def _describe(change, *, undone: bool = True) -> str:
    from tracker.parse import to_local
    from tracker.prose.words import changed_rows

    when = to_local(change.at).strftime("%Y-%m-%d %H:%M")
    who = _(" by {actor}").format(actor=change.actor) if change.actor else ""
    state = (
        _(" (undone {when})").format(when=to_local(change.undone_at).strftime("%Y-%m-%d %H:%M"))
        if undone and change.undone_at
        else ""
    )
    command = change.command or _("a change")
    return _("change {id}, {when}{who}: {command}: {summary}{state}").format(
        id=change.id,
        when=when,
        who=who,
        command=command,
        summary=changed_rows(change.touched),
        state=state,
    )


def register(app: typer.Typer) -> None:
    app.command(
        "undo",
        help=N_(
            "Revert the most recent change not yet undone; again, the one before it."
            "\n\n"
            "Every write (log, edits, deletes, import...) is one change: undo puts back"
            " every row it added, edited or deleted, or prints Error and changes nothing."
            " The last 1,000 changes are kept."
            "\n\n"
            "Example: tracker undo --list; tracker undo"
        ),
    )(undo)
