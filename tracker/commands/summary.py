"""`tracker summary`, `escalate`, `next` and `demo`: what the record is for."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from tracker.commands.common import JsonOption, session

CaseArg = Annotated[
    str,
    typer.Argument(
        metavar="CASE", help="Case number (12 or #12), order number or reference number."
    ),
]


class For(StrEnum):
    chat = "chat"
    manager = "manager"


class Format(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


FormatOpt = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        help="text (for the terminal or a pipe), markdown (for an email or a note), json (data).",
    ),
]
JsonShorthand = Annotated[
    bool, typer.Option("--json", help="Print JSON only, for scripts (the same as --format json).")
]
OutOpt = Annotated[
    Path | None,
    typer.Option(
        "--out", "-o", dir_okay=False, help="Write it to this file (readable by you only) instead."
    ),
]
ForceOpt = Annotated[
    bool, typer.Option("--force", help="Replace the --out file if it already exists.")
]


def chosen_format(ctx: typer.Context, fmt: Format, as_json: bool) -> str:
    """--format, or json for --json; both, naming different formats, is a usage error."""
    from tracker._click import click

    if not as_json:
        return fmt.value
    given = ctx.get_parameter_source("fmt") is not click.core.ParameterSource.DEFAULT
    if fmt is not Format.json and given:
        raise click.exceptions.UsageError(
            f"--json means --format json, not --format {fmt.value}: give only one of them", ctx=ctx
        )
    return Format.json.value


def emit(summary, fmt: str, out_file: Path | None = None, *, force: bool = False) -> None:
    """Print a summary in a format, or write it to a private file."""
    import sys

    from tracker.files import write_private
    from tracker.output import note as hint
    from tracker.output import print_json
    from tracker.summary import as_string, render

    rendered = render(summary, fmt)
    if out_file is not None:
        write_private(out_file, as_string(rendered), force=force)
        hint(f"Wrote {out_file}")
    elif fmt == "json":
        print_json(rendered)
    elif fmt == "text":
        # A chat message wrapped by the terminal, not by rich, copies as one paragraph.
        show(rendered, soft_wrap=summary.kind == "chat")
    else:
        sys.stdout.write(as_string(rendered))
        sys.stdout.flush()


def show(text, *, soft_wrap: bool = False) -> None:
    """A rich Text at a terminal; its plain text, unwrapped, when piped."""
    import sys

    from tracker.output import out

    if out.is_terminal:
        out.print(text, soft_wrap=soft_wrap, end="")
    else:
        sys.stdout.write(text.plain)
        sys.stdout.flush()


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
    fmt: FormatOpt = Format.text,
    out_file: OutOpt = None,
    force: ForceOpt = False,
    as_json: JsonShorthand = False,
) -> None:
    """Summarise a case: a message for the next chat, or a brief for a manager.

    Example: tracker summary 12 --for manager --format markdown --out brief.md
    """
    from tracker.output import note as hint
    from tracker.output import out
    from tracker.summary import build

    fmt_name = chosen_format(ctx, fmt, as_json)
    with session(ctx) as s:
        result = build(session=s, case=case, kind=for_.value)
    emit(result, fmt_name, out_file, force=force)
    if result.kind == "chat" and fmt_name == "text" and out_file is None and out.is_terminal:
        left = f"; left out to fit: {', '.join(result.left_out)}" if result.left_out else ""
        hint(f"({result.characters:,} of {result.limit:,} characters{left})")


def escalate(
    ctx: typer.Context,
    case: CaseArg,
    fmt: FormatOpt = Format.text,
    out_file: OutOpt = None,
    force: ForceOpt = False,
    as_json: JsonShorthand = False,
) -> None:
    """Mark a case escalated (kept in its history) and print the brief to read to a manager.

    Example: tracker escalate 12
    """
    from tracker.output import note as hint
    from tracker.summary import escalate as mark_escalated

    fmt_name = chosen_format(ctx, fmt, as_json)
    if out_file is not None:
        from tracker.files import target_file

        target_file(
            out_file, force=force
        )  # a brief that can't be written must not leave the case escalated
    with session(ctx, write=True) as s:
        brief, changed = mark_escalated(session=s, case=case)
    hint(
        f"Case #{brief.case['id']} is now escalated."
        if changed
        else f"Case #{brief.case['id']} was already escalated."
    )
    emit(brief, fmt_name, out_file, force=force)


def next_(ctx: typer.Context, case: CaseArg, as_json: JsonOption = False) -> None:
    """The next step the guide suggests for a case, with the words to use.

    Example: tracker next 12
    """
    from dataclasses import asdict

    from tracker.advice import advice_text, advise
    from tracker.output import print_json

    with session(ctx) as s:
        advice = advise(session=s, case=case)
    if as_json:
        print_json(asdict(advice))
        return
    show(advice_text(advice))


def demo() -> None:
    """Walk through the guide's red-towel case on a throw-away database (your data is not touched).

    Example: tracker demo
    """
    from tracker.demo import run

    run()


def register(app: typer.Typer) -> None:
    app.command("summary")(summary)
    app.command("escalate")(escalate)
    app.command("next")(next_)
    app.command("demo")(demo)
