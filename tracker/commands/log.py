"""`tracker log`: the command people run most, often in the middle of a chat."""

import os
import sys
from typing import Annotated

import typer

from tracker.commands.common import option_given, session
from tracker.errors import TrackerError
from tracker.i18n import N_, _
from tracker.parse import DATE_HELP, parse_date
from tracker.vocab import Channel, ReferenceKind, Result, Who

LOG_HELP = N_(
    "Log one contact with the company: chat, phone call, email...\n\n"
    "At a terminal, missing fields (channel, who answered, name, reference, result) are asked "
    "for.\n\n"
    "Example: tracker log 12 --channel chat --with rep --rep Priya --ref C-0042 "
    '--result promised --promise "ship the towel" --due +5d'
)


def interactive() -> bool:
    """Ask for missing fields only at a terminal (TRACKER_PROMPT=always|never overrides)."""
    forced = os.environ.get("TRACKER_PROMPT", "").lower()
    if forced in ("always", "never"):
        return forced == "always"
    return sys.stdin.isatty() and sys.stderr.isatty()


def _ask_choice(label: str, enum, default: str | None = None, optional: bool = False):
    """Ask until the answer is one of the enum's values (or empty, when optional)."""
    values = [m.value for m in enum]
    hint = "/".join(values) + (_(", Enter to skip") if optional else "")
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
        typer.echo(_("Please answer one of: {values}").format(values=", ".join(values)), err=True)


def _ask_text(label: str, check=None) -> str | None:
    """Ask for free text (Enter skips); `check` parses it and raises TrackerError to re-ask."""
    from tracker.errors import TrackerError

    while True:
        answer = typer.prompt(
            _("{label} (Enter to skip)").format(label=label),
            default="",
            show_default=False,
            err=True,
        ).strip()
        if not answer or check is None:
            return answer or None
        try:
            check(answer)
            return answer
        except TrackerError as exc:
            typer.echo(_("{problem}; try again").format(problem=exc), err=True)


# The options `log` shares with `contact edit` (one definition each).
ChannelOpt = Annotated[
    Channel | None,
    typer.Option("--channel", "-C", case_sensitive=False, help=N_("How you reached them.")),
]
RepOpt = Annotated[str | None, typer.Option("--rep", "-r", help=N_("The representative's name."))]
RepIdOpt = Annotated[
    str | None, typer.Option("--rep-id", help=N_("The representative's id or badge number."))
]
MinutesOpt = Annotated[int | None, typer.Option("--minutes", "-m", help=N_("How long it took."))]
AskedOpt = Annotated[str | None, typer.Option(help=N_("What you asked; '-' reads stdin."))]
AnswerOpt = Annotated[str | None, typer.Option(help=N_("What they said or did; '-' reads stdin."))]
DueOpt = Annotated[str | None, typer.Option(help=N_("By when the promise is due: {date_help}."))]
RatingOpt = Annotated[int | None, typer.Option(help=N_("Your rating of the contact, 1-5."))]
NoteOpt = Annotated[str | None, typer.Option(help=N_("Anything else; '-' reads stdin."))]


def log(
    ctx: typer.Context,
    case: Annotated[
        str,
        typer.Argument(metavar="CASE", help=N_("Case number, order number or reference number.")),
    ],
    channel: ChannelOpt = None,
    with_: Annotated[
        Who | None, typer.Option("--with", "-w", case_sensitive=False, help=N_("Who answered."))
    ] = None,
    rep: RepOpt = None,
    rep_id: RepIdOpt = None,
    ref: Annotated[
        str | None,
        typer.Option(
            "--ref",
            help=N_("Complaint or reference number they gave (also kept as a case reference)."),
        ),
    ] = None,
    ref_kind: Annotated[
        ReferenceKind,
        typer.Option("--ref-kind", case_sensitive=False, help=N_("What kind of number --ref is.")),
    ] = ReferenceKind.complaint,
    at: Annotated[
        str | None,
        typer.Option(
            "--at", help=N_("When it started (default now): {date_help}, or '2026-10-28 14:30'.")
        ),
    ] = None,
    minutes: MinutesOpt = None,
    asked: AskedOpt = None,
    answer: AnswerOpt = None,
    result: Annotated[
        Result | None,
        typer.Option("--result", "-R", case_sensitive=False, help=N_("How it ended.")),
    ] = None,
    promise: Annotated[
        str | None, typer.Option(help=N_("What they promised (creates a promise)."))
    ] = None,
    due: DueOpt = None,
    rating: RatingOpt = None,
    note: NoteOpt = None,
    no_prompt: Annotated[
        bool, typer.Option("--no-prompt", help=N_("Never ask for missing fields."))
    ] = False,
    transcript: Annotated[
        str | None,
        typer.Option(
            "--transcript",
            metavar="FILE|-",
            help=N_(
                "A chat transcript (pasted text, '-' for stdin, or the transcript email): "
                "one contact per agent, kept as evidence. --at gives its day (default today)."
            ),
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help=N_("With --transcript: show what it found, write nothing.")),
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help=N_("With --transcript: write without asking."))
    ] = False,
) -> None:
    from tracker.output import line
    from tracker.output import note as hint
    from tracker.prose.imports import promise_line
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
                _("--transcript says who, when and what: leave out {options}").format(
                    options=", ".join(given_too)
                )
            )
        _log_transcript(ctx, case, transcript, at=at, note=note, dry_run=dry_run, yes=yes)
        return
    if dry_run or yes:
        raise TrackerError(_("--dry-run and --yes go with --transcript"))

    stdin_used = "-" in (asked, answer, note)
    if interactive() and not no_prompt and not stdin_used:
        if channel is None:
            channel = _ask_choice(_("Channel"), Channel, default="chat")
        if with_ is None:
            with_ = _ask_choice(_("Who answered"), Who, default="rep" if rep else "bot")
        if str(with_) in ("rep", "manager"):
            if rep is None:
                rep = _ask_text(_("Their name"))
            if ref is None:
                ref = _ask_text(_("Complaint or reference number"))
        if result is None:
            result = _ask_choice(_("Result"), Result, optional=True)
        if str(result) == "promised" and promise is None:
            promise = _ask_text(_("What did they promise"))
            if promise and due is None:
                due = _ask_text(
                    _("By when ({date_help})").format(date_help=_(DATE_HELP)), check=parse_date
                )
        if answer is None and str(with_) != "nobody":
            answer = _ask_text(_("What did they say or do"))

    given = ContactInput(
        channel=_value(channel),
        with_=_value(with_),
        rep_name=rep,
        rep_id=rep_id,
        reference=ref,
        reference_kind=_value(ref_kind) if option_given(ctx, "ref_kind") else None,
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
        who = _(" with {name}").format(name=contact.rep_name)
    elif contact.answered_by == "nobody":
        who = _(" (nobody answered)")
    else:
        who = _(" with the {who}").format(who=contact.answered_by) if contact.answered_by else ""
    line(
        _("Logged contact {id} on case #{case}: {channel}").format(
            id=contact.id, case=logged.case.id, channel=contact.channel
        ),
        who,
        f" → {contact.result}" if contact.result else "",
    )
    if logged.promise is not None:
        line(promise_line(logged.promise), logged.promise.what)
    if logged.status_change:
        line(
            _("Case #{case} is now {status}").format(
                case=logged.case.id, status=logged.status_change
            )
        )
    if logged.case.status in ("closed", "resolved") and not logged.status_change:
        hint(
            _(
                "Case #{case} is {status}: if the problem is back, tracker case reopen {case}"
            ).format(case=logged.case.id, status=logged.case.status)
        )
    for warning in logged.warnings:  # English in the record (N_ msgids), said here
        hint(_("Note: {warning}").format(warning=_(warning)))


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
            _(
                "logging a transcript writes contacts: confirm with --yes"
                " (or look first with --dry-run)"
            )
        )
    day = parse_datetime(at, "--at time")
    found, file = read_transcript(source, day=day.astimezone().date() if day else None, now=now())
    with session(ctx) as s:
        target = transcript_case(session=s, case=case)
    for text in transcript_found(found, target.id or 0):
        line(text)
    if dry_run:
        line(_("Nothing was written (--dry-run)"))
        return
    if not yes:
        if not typer.confirm(_("Log these on the case?"), default=True, err=True):
            line(_("Nothing was written"))
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
    app.command("log", help=LOG_HELP)(log)
