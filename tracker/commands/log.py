"""`tracker log`: the command people run most, often in the middle of a chat."""

import os
import sys
from typing import Annotated

import typer

from tracker.commands.common import session
from tracker.errors import TrackerError
from tracker.parse import DATE_HELP, parse_date
from tracker.vocab import Channel, ReferenceKind, Result, Who


def interactive() -> bool:
    """Ask for missing fields only at a terminal (TRACKER_PROMPT=always|never overrides)."""
    forced = os.environ.get("TRACKER_PROMPT", "").lower()
    if forced in ("always", "never"):
        return forced == "always"
    return sys.stdin.isatty() and sys.stderr.isatty()


def _ask_choice(label: str, enum, default: str | None = None, optional: bool = False):
    """Ask until the answer is one of the enum's values (or empty, when optional)."""
    values = [m.value for m in enum]
    hint = "/".join(values) + (", Enter to skip" if optional else "")
    while True:
        answer = (
            typer.prompt(
                f"{label} ({hint})", default=default or "", show_default=bool(default), err=True
            )
            .strip()
            .lower()
        )
        if answer in values:
            return enum(answer)
        if answer == "" and optional:
            return None
        typer.echo(f"Please answer one of: {', '.join(values)}", err=True)


def _ask_text(label: str, check=None) -> str | None:
    """Ask for free text (Enter skips); `check` parses it and raises TrackerError to re-ask."""
    from tracker.errors import TrackerError

    while True:
        answer = typer.prompt(
            f"{label} (Enter to skip)", default="", show_default=False, err=True
        ).strip()
        if not answer or check is None:
            return answer or None
        try:
            check(answer)
            return answer
        except TrackerError as exc:
            typer.echo(f"{exc}; try again", err=True)


def log(
    ctx: typer.Context,
    case: Annotated[
        str, typer.Argument(metavar="CASE", help="Case number, order number or reference number.")
    ],
    channel: Annotated[
        Channel | None,
        typer.Option("--channel", "-C", case_sensitive=False, help="How you reached them."),
    ] = None,
    with_: Annotated[
        Who | None, typer.Option("--with", "-w", case_sensitive=False, help="Who answered.")
    ] = None,
    rep: Annotated[
        str | None, typer.Option("--rep", "-r", help="The representative's name.")
    ] = None,
    rep_id: Annotated[
        str | None, typer.Option("--rep-id", help="The representative's id or badge number.")
    ] = None,
    ref: Annotated[
        str | None,
        typer.Option(
            "--ref", help="Complaint or reference number they gave (also kept as a case reference)."
        ),
    ] = None,
    ref_kind: Annotated[
        ReferenceKind,
        typer.Option("--ref-kind", case_sensitive=False, help="What kind of number --ref is."),
    ] = ReferenceKind.complaint,
    at: Annotated[
        str | None,
        typer.Option(
            "--at", help=f"When it started (default now): {DATE_HELP}, or '2026-10-28 14:30'."
        ),
    ] = None,
    minutes: Annotated[
        int | None, typer.Option("--minutes", "-m", help="How long it took.")
    ] = None,
    asked: Annotated[str | None, typer.Option(help="What you asked; '-' reads stdin.")] = None,
    answer: Annotated[
        str | None, typer.Option(help="What they said or did; '-' reads stdin.")
    ] = None,
    result: Annotated[
        Result | None, typer.Option("--result", "-R", case_sensitive=False, help="How it ended.")
    ] = None,
    promise: Annotated[
        str | None, typer.Option(help="What they promised (creates a promise).")
    ] = None,
    due: Annotated[
        str | None, typer.Option(help=f"By when the promise is due: {DATE_HELP}.")
    ] = None,
    rating: Annotated[int | None, typer.Option(help="Your rating of the contact, 1-5.")] = None,
    note: Annotated[str | None, typer.Option(help="Anything else; '-' reads stdin.")] = None,
    no_prompt: Annotated[
        bool, typer.Option("--no-prompt", help="Never ask for missing fields.")
    ] = False,
    transcript: Annotated[
        str | None,
        typer.Option(
            "--transcript",
            metavar="FILE|-",
            help="A chat transcript (pasted text, '-' for stdin, or the transcript email): "
            "one contact per agent, kept as evidence. --at gives its day (default today).",
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="With --transcript: show what it found, write nothing."),
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="With --transcript: write without asking.")
    ] = False,
) -> None:
    """Log one contact with the company: chat, phone call, email...

    At a terminal, missing fields (channel, who answered, name, reference, result) are asked for.

    Example: tracker log 12 --channel chat --with rep --rep Priya --ref C-0042 --result promised --promise "ship the towel" --due +5d
    """
    from tracker.output import line
    from tracker.output import note as hint
    from tracker.services.contacts import ContactInput, log_contact

    if transcript is not None:
        others = {
            "--channel": channel, "--with": with_, "--rep": rep, "--rep-id": rep_id,
            "--ref": ref, "--minutes": minutes, "--asked": asked, "--answer": answer,
            "--result": result, "--promise": promise, "--due": due, "--rating": rating,
        }  # fmt: skip
        given_too = [name for name, value in others.items() if value is not None]
        if given_too:
            raise TrackerError(
                f"--transcript says who, when and what: leave out {', '.join(given_too)}"
            )
        _log_transcript(ctx, case, transcript, at=at, note=note, dry_run=dry_run, yes=yes)
        return
    if dry_run or yes:
        raise TrackerError("--dry-run and --yes go with --transcript")

    stdin_used = "-" in (asked, answer, note)
    if interactive() and not no_prompt and not stdin_used:
        if channel is None:
            channel = _ask_choice("Channel", Channel, default="chat")
        if with_ is None:
            with_ = _ask_choice("Who answered", Who, default="rep" if rep else "bot")
        if str(with_) in ("rep", "manager"):
            if rep is None:
                rep = _ask_text("Their name")
            if ref is None:
                ref = _ask_text("Complaint or reference number")
        if result is None:
            result = _ask_choice("Result", Result, optional=True)
        if str(result) == "promised" and promise is None:
            promise = _ask_text("What did they promise")
            if promise and due is None:
                due = _ask_text(f"By when ({DATE_HELP})", check=parse_date)
        if answer is None and str(with_) != "nobody":
            answer = _ask_text("What did they say or do")

    given = ContactInput(
        channel=_value(channel),
        with_=_value(with_),
        rep_name=rep,
        rep_id=rep_id,
        reference=ref,
        reference_kind=_value(ref_kind),
        at=at,
        minutes=minutes,
        asked=asked,
        answer=answer,
        result=_value(result),
        promise=promise,
        due=due,
        rating=rating,
        note=note,
    )
    with session(ctx, write=True) as s:
        logged = log_contact(session=s, case=case, given=given)
    contact = logged.contact
    if contact.rep_name:
        who = f" with {contact.rep_name}"
    elif contact.answered_by == "nobody":
        who = " (nobody answered)"
    else:
        who = f" with the {contact.answered_by}" if contact.answered_by else ""
    line(
        f"Logged contact {contact.id} on case #{logged.case.id}: {contact.channel}",
        who,
        f" → {contact.result}" if contact.result else "",
    )
    if logged.promise is not None:
        due_text = f", due {logged.promise.due_on.isoformat()}" if logged.promise.due_on else ""
        line(f"Promise {logged.promise.id}{due_text}: ", logged.promise.what)
    if logged.status_change:
        line(f"Case #{logged.case.id} is now {logged.status_change}")
    if logged.case.status in ("closed", "resolved") and not logged.status_change:
        hint(
            f"Case #{logged.case.id} is {logged.case.status}: if the problem is back, "
            f"tracker case reopen {logged.case.id}"
        )
    for warning in logged.warnings:
        hint(f"Note: {warning}")


def _log_transcript(
    ctx: typer.Context, case: str, source: str, *, at, note, dry_run: bool, yes: bool
) -> None:
    """log --transcript: read, show what was found, ask (or --yes), write."""
    import tempfile
    from pathlib import Path

    from tracker.ingest.transcript import read_transcript
    from tracker.output import line
    from tracker.parse import now, parse_datetime
    from tracker.prose.imports import transcript_found, transcript_logged
    from tracker.services.ingest import log_transcript, transcript_case

    if not (dry_run or yes or interactive()):
        raise TrackerError(
            "logging a transcript writes contacts: confirm with --yes"
            " (or look first with --dry-run)"
        )
    day = parse_datetime(at, "--at time")
    found, file = read_transcript(source, day=day.astimezone().date() if day else None, now=now())
    with session(ctx) as s:
        target = transcript_case(session=s, case=case)
    for text in transcript_found(found, target.id or 0):
        line(text)
    if dry_run:
        line("Nothing was written (--dry-run)")
        return
    if not yes:
        if not typer.confirm("Log these on the case?", default=True, err=True):
            line("Nothing was written")
            return
    with tempfile.TemporaryDirectory() as folder:
        if file is None:  # pasted on stdin: kept as a text file of its own
            file = Path(folder) / f"chat-transcript-{now().strftime('%Y%m%d-%H%M%S')}.txt"
            file.write_text(found.text, encoding="utf-8")
        with session(ctx, write=True) as s:
            logged = log_transcript(
                session=s, case=str(target.id), transcript=found.transcript, file=file, note=note
            )
        for text in transcript_logged(logged):
            line(text)


def _value(member):
    return member.value if member is not None else None


def register(app: typer.Typer) -> None:
    app.command("log")(log)
