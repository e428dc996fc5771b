"""`tracker contact`: fix a logged contact (edit, delete, move to another case)."""

from typing import Annotated

import typer

from tracker.commands.common import CaseArg, session
from tracker.commands.log import (
    AnswerOpt,
    AskedOpt,
    ChannelOpt,
    DueOpt,
    MinutesOpt,
    NoteOpt,
    RatingOpt,
    RepIdOpt,
    RepOpt,
)
from tracker.i18n import N_, _, ngettext
from tracker.vocab import ReferenceKind

app = typer.Typer(
    help=N_("Fix a logged contact: edit, delete, move (ids are shown in case show)."),
    no_args_is_help=True,
)

ContactId = Annotated[
    int, typer.Argument(metavar="ID", help=N_("The contact's id (see case show)."))
]


@app.command(
    "edit",
    help=N_(
        "Change a logged contact: log's options replace its fields ('' clears one), and"
        " the contact is checked again as log checks it."
        "\n\n"
        'Example: tracker contact edit 7 --rep Priya --ref C-0042 --at "2026-11-28 14:30"'
    ),
)
def edit(
    ctx: typer.Context,
    contact_id: ContactId,
    channel: ChannelOpt = None,
    with_: Annotated[
        str | None, typer.Option("--with", "-w", help=N_("Who answered ('' clears it)."))
    ] = None,
    rep: RepOpt = None,
    rep_id: RepIdOpt = None,
    ref: Annotated[
        str | None,
        typer.Option("--ref", help=N_("Their reference number (the case's reference follows it).")),
    ] = None,
    ref_kind: Annotated[
        ReferenceKind | None,
        typer.Option("--ref-kind", case_sensitive=False, help=N_("What kind of number --ref is.")),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option("--at", help=N_("When it started: {date_help}, or '2026-10-28 14:30'.")),
    ] = None,
    minutes: MinutesOpt = None,
    asked: AskedOpt = None,
    answer: AnswerOpt = None,
    result: Annotated[
        str | None, typer.Option("--result", "-R", help=N_("How it ended ('' clears it)."))
    ] = None,
    promise: Annotated[
        str | None, typer.Option(help=N_("A promise made in it (adds one)."))
    ] = None,
    due: DueOpt = None,
    rating: RatingOpt = None,
    note: NoteOpt = None,
) -> None:
    """Change a logged contact: log's options replace its fields ('' clears one)."""
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
    line(
        _("Updated contact {id} on case #{case}: {fields}").format(
            id=done.contact.id, case=done.case.id, fields=", ".join(done.changed)
        )
    )


@app.command(
    "delete",
    help=N_(
        "Delete a contact logged by mistake, with the promises and references made in it."
        "\n\n"
        "Example: tracker contact delete 7"
    ),
)
def delete(ctx: typer.Context, contact_id: ContactId) -> None:
    """Delete a contact logged by mistake, with the promises and references made in it."""
    from tracker.output import line
    from tracker.prose.words import join_words
    from tracker.services.corrections import delete_contact

    with session(ctx, write=True) as s:
        done = delete_contact(session=s, contact_id=contact_id)
    also = []
    if done.promises:
        also.append(ngettext("{n} promise", "{n} promises", done.promises).format(n=done.promises))
    if done.references:
        also.append(
            ngettext("{n} reference", "{n} references", done.references).format(n=done.references)
        )
    if also:
        said = _("Deleted contact {id} from case #{case}, with its {also}")
    else:
        said = _("Deleted contact {id} from case #{case}")
    line(said.format(id=done.contact.id, case=done.case.id, also=join_words(also)))


@app.command(
    "move",
    help=N_(
        "Move a contact logged on the wrong case, with its promises and references."
        "\n\n"
        "Example: tracker contact move 7 13"
    ),
)
def move(ctx: typer.Context, contact_id: ContactId, case: CaseArg) -> None:
    """Move a contact logged on the wrong case, with its promises and references."""
    from tracker.output import line
    from tracker.services.corrections import move_contact

    with session(ctx, write=True) as s:
        done = move_contact(session=s, contact_id=contact_id, case=case)
    line(_("Moved contact {id} to case #{case}").format(id=done.contact.id, case=done.case.id))
