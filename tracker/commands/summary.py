"""`tracker summary` and `tracker escalate`: the message for the next chat, the brief
for a manager."""

from enum import StrEnum
from typing import Annotated

import typer

from tracker.commands.common import (
    CaseArg,
    ForceOption,
    FormatOption,
    JsonOption,
    OutOption,
    WithNotesOption,
    chosen_format,
    session,
)
from tracker.i18n import N_, _
from tracker.render import Format


class For(StrEnum):
    chat = "chat"
    manager = "manager"


def summary(
    ctx: typer.Context,
    case: CaseArg,
    for_: Annotated[
        For,
        typer.Option(
            "--for",
            case_sensitive=False,
            help=N_(
                "chat: a message to paste into the company's chat (at most 1,000 characters); "
                "manager: the escalation brief with every contact and promise."
            ),
        ),
    ] = For.chat,
    fmt: FormatOption = Format.text,
    out_file: OutOption = None,
    force: ForceOption = False,
    with_notes: WithNotesOption = False,
    as_json: JsonOption = False,
) -> None:
    """Summarise a case: a message for the next chat, or a brief for a manager."""
    from tracker.output import note, out
    from tracker.prose.brief import manager_brief
    from tracker.prose.chat import chat_summary
    from tracker.render import emit
    from tracker.services.cases import show_case

    fmt_name = chosen_format(ctx, fmt, as_json)
    with session(ctx) as s:
        case_file = show_case(session=s, case=case)
    if for_ is For.manager:
        emit(manager_brief(case_file, with_notes=with_notes), fmt_name, out_file, force=force)
        return
    message = chat_summary(case_file, with_notes=with_notes)
    # A chat message wrapped by the terminal, not by rich, copies as one paragraph.
    emit(message, fmt_name, out_file, force=force, soft_wrap=True)
    if fmt_name == "text" and out_file is None and out.is_terminal:
        counted = {"characters": f"{message.characters:,}", "limit": f"{message.limit:,}"}
        if message.left_out:
            said = _("({characters} of {limit} characters; left out to fit: {left})")
            note(said.format(left=", ".join(message.left_out), **counted))
        else:
            note(_("({characters} of {limit} characters)").format(**counted))


def escalate(
    ctx: typer.Context,
    case: CaseArg,
    fmt: FormatOption = Format.text,
    out_file: OutOption = None,
    force: ForceOption = False,
    with_notes: WithNotesOption = False,
    as_json: JsonOption = False,
) -> None:
    """Mark a case escalated (kept in its history) and print the brief to read to a manager."""
    from tracker.output import note
    from tracker.prose.brief import manager_brief
    from tracker.render import emit
    from tracker.services.cases import escalate_case

    fmt_name = chosen_format(ctx, fmt, as_json)
    if out_file is not None:
        from tracker.files import target_file

        # a brief that can't be written must not leave the case escalated
        target_file(out_file, force=force)
    with session(ctx, write=True) as s:
        case_file, changed = escalate_case(session=s, case=case)
    note(
        (
            _("Case #{id} is now escalated.") if changed else _("Case #{id} was already escalated.")
        ).format(id=case_file.id)
    )
    emit(manager_brief(case_file, with_notes=with_notes), fmt_name, out_file, force=force)


def register(app: typer.Typer) -> None:
    app.command(
        "summary",
        help=N_(
            "Summarise a case: a message for the next chat, or a brief for a manager.\n\nExample: tracker summary 12 --for manager --format markdown --out brief.md"
        ),
    )(summary)
    app.command(
        "escalate",
        help=N_(
            "Mark a case escalated (kept in its history) and print the brief to read to a manager.\n\nExample: tracker escalate 12"
        ),
    )(escalate)
