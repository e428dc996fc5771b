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
            help="chat: a message to paste into the company's chat (at most 1,000 characters); "
            "manager: the escalation brief with every contact and promise.",
        ),
    ] = For.chat,
    fmt: FormatOption = Format.text,
    out_file: OutOption = None,
    force: ForceOption = False,
    with_notes: WithNotesOption = False,
    as_json: JsonOption = False,
) -> None:
    """Summarise a case: a message for the next chat, or a brief for a manager.

    Example: tracker summary 12 --for manager --format markdown --out brief.md
    """
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
    message = chat_summary(case_file)
    # A chat message wrapped by the terminal, not by rich, copies as one paragraph.
    emit(message, fmt_name, out_file, force=force, soft_wrap=True)
    if fmt_name == "text" and out_file is None and out.is_terminal:
        left = f"; left out to fit: {', '.join(message.left_out)}" if message.left_out else ""
        note(f"({message.characters:,} of {message.limit:,} characters{left})")


def escalate(
    ctx: typer.Context,
    case: CaseArg,
    fmt: FormatOption = Format.text,
    out_file: OutOption = None,
    force: ForceOption = False,
    with_notes: WithNotesOption = False,
    as_json: JsonOption = False,
) -> None:
    """Mark a case escalated (kept in its history) and print the brief to read to a manager.

    Example: tracker escalate 12
    """
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
        f"Case #{case_file.id} is now escalated."
        if changed
        else f"Case #{case_file.id} was already escalated."
    )
    emit(manager_brief(case_file, with_notes=with_notes), fmt_name, out_file, force=force)


def register(app: typer.Typer) -> None:
    app.command("summary")(summary)
    app.command("escalate")(escalate)
