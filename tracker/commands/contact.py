"""`tracker contact`: fix a logged contact (edit, delete, move to another case)."""

from typing import Annotated

import typer

from tracker.commands.common import CaseArg, session
from tracker.parse import DATE_HELP
from tracker.vocab import Channel, ReferenceKind

app = typer.Typer(
    help="Fix a logged contact: edit, delete, move (ids are shown in case show).",
    no_args_is_help=True,
)

ContactId = Annotated[int, typer.Argument(metavar="ID", help="The contact's id (see case show).")]


@app.command("edit")
def edit(
    ctx: typer.Context,
    contact_id: ContactId,
    channel: Annotated[
        Channel | None,
        typer.Option("--channel", "-C", case_sensitive=False, help="How you reached them."),
    ] = None,
    with_: Annotated[
        str | None, typer.Option("--with", "-w", help="Who answered ('' clears it).")
    ] = None,
    rep: Annotated[
        str | None, typer.Option("--rep", "-r", help="The representative's name.")
    ] = None,
    rep_id: Annotated[
        str | None, typer.Option("--rep-id", help="The representative's id or badge number.")
    ] = None,
    ref: Annotated[
        str | None,
        typer.Option("--ref", help="Their reference number (the case's reference follows it)."),
    ] = None,
    ref_kind: Annotated[
        ReferenceKind | None,
        typer.Option("--ref-kind", case_sensitive=False, help="What kind of number --ref is."),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option("--at", help=f"When it started: {DATE_HELP}, or '2026-10-28 14:30'."),
    ] = None,
    minutes: Annotated[
        int | None, typer.Option("--minutes", "-m", help="How long it took.")
    ] = None,
    asked: Annotated[str | None, typer.Option(help="What you asked; '-' reads stdin.")] = None,
    answer: Annotated[
        str | None, typer.Option(help="What they said or did; '-' reads stdin.")
    ] = None,
    result: Annotated[
        str | None, typer.Option("--result", "-R", help="How it ended ('' clears it).")
    ] = None,
    promise: Annotated[str | None, typer.Option(help="A promise made in it (adds one).")] = None,
    due: Annotated[
        str | None, typer.Option(help=f"By when the promise is due: {DATE_HELP}.")
    ] = None,
    rating: Annotated[int | None, typer.Option(help="Your rating of the contact, 1-5.")] = None,
    note: Annotated[str | None, typer.Option(help="Anything else; '-' reads stdin.")] = None,
) -> None:
    """Change a logged contact: log's options replace its fields ('' clears one), and
    the contact is checked again as log checks it.

    Example: tracker contact edit 7 --rep Priya --ref C-0042 --at "2026-11-28 14:30"
    """
    from tracker.output import line
    from tracker.services.contacts import ContactInput
    from tracker.services.corrections import edit_contact

    with_ = with_.strip().lower() if with_ else with_  # checked as log checks it
    result = result.strip().lower() if result else result
    given = ContactInput(
        channel=channel.value if channel else None,
        with_=with_,
        rep_name=rep,
        rep_id=rep_id,
        reference=ref,
        reference_kind=ref_kind.value if ref_kind else None,
        at=at,
        minutes=minutes,
        asked=asked,
        answer=answer,
        result=result,
        promise=promise,
        due=due,
        rating=rating,
        note=note,
    )
    with session(ctx, write=True) as s:
        done = edit_contact(session=s, contact_id=contact_id, given=given)
    line(f"Updated contact {done.contact.id} on case #{done.case.id}: {', '.join(done.changed)}")


@app.command("delete")
def delete(ctx: typer.Context, contact_id: ContactId) -> None:
    """Delete a contact logged by mistake, with the promises and references made in it.

    Example: tracker contact delete 7
    """
    from tracker.output import line
    from tracker.services.corrections import delete_contact

    with session(ctx, write=True) as s:
        done = delete_contact(session=s, contact_id=contact_id)
    extra = [
        f"{done.promises} promise(s)" if done.promises else "",
        f"{done.references} reference(s)" if done.references else "",
    ]
    also = " and ".join(e for e in extra if e)
    line(
        f"Deleted contact {done.contact.id} from case #{done.case.id}"
        + (f", with its {also}" if also else "")
    )


@app.command("move")
def move(ctx: typer.Context, contact_id: ContactId, case: CaseArg) -> None:
    """Move a contact logged on the wrong case, with its promises and references.

    Example: tracker contact move 7 13
    """
    from tracker.output import line
    from tracker.services.corrections import move_contact

    with session(ctx, write=True) as s:
        done = move_contact(session=s, contact_id=contact_id, case=case)
    line(f"Moved contact {done.contact.id} to case #{done.case.id}")
