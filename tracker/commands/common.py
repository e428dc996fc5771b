"""What every command shares: the database handle and the output options."""

from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from tracker.i18n import N_, _
from tracker.render import DataFormat, Format

JsonOption = Annotated[
    bool,
    typer.Option("--json", help=N_("Print JSON only, for scripts (the same as --format json).")),
]
FormatOption = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        help=N_(
            "text (for the terminal or a pipe), markdown (for an email or a note) or json "
            "(data, for scripts)."
        ),
    ),
]
# --format of the commands whose records print as text or json only: markdown is
# offered by the summaries alone, so it is not listed (and refused as a usage error)
DataFormatOption = Annotated[
    DataFormat,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        help=N_("text (for the terminal or a pipe) or json (data, for scripts)."),
    ),
]
OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        "-o",
        dir_okay=False,
        help=N_("Write it to this file (readable by you only) instead."),
    ),
]
ForceOption = Annotated[
    bool, typer.Option("--force", help=N_("Replace the file given with --out if it exists."))
]
WithNotesOption = Annotated[
    bool,
    typer.Option(
        "--with-notes",
        help=N_(
            "Include your private notes on contacts (left out unless you ask: the message "
            "and the brief go to the company)."
        ),
    ),
]
CaseArg = Annotated[
    str,
    typer.Argument(
        metavar="CASE", help=N_("Case number (12 or #12), order number or reference number.")
    ),
]


def option_given(ctx: typer.Context, name: str) -> bool:
    """Whether the user gave the option (its parameter `name`), not its default."""
    from tracker._click import click

    return ctx.get_parameter_source(name) is not click.core.ParameterSource.DEFAULT


def chosen_format(ctx: typer.Context, fmt: Format | DataFormat, as_json: bool) -> str:
    """--format, or json for --json; both, naming different formats, is a usage error."""
    from tracker._click import click

    if not as_json:
        return fmt.value
    if fmt.value != Format.json.value and option_given(ctx, "fmt"):
        raise click.exceptions.UsageError(
            _("--json means --format json, not --format {name}: give only one of them").format(
                name=fmt.value
            ),
            ctx=ctx,
        )
    return Format.json.value


class Handle:
    """Carried in the Typer context; opens the database only when a command needs it."""

    def __init__(self) -> None:
        self._store = None

    @property
    def store(self):
        if self._store is None:
            from tracker.store import Store

            self._store = Store()
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.dispose()


def handle(ctx: typer.Context) -> Handle:
    root = ctx.find_root()
    if not isinstance(root.obj, Handle):
        root.obj = Handle()
    return root.obj


@contextmanager
def session(ctx: typer.Context, *, write: bool = False):
    """One transaction for the command: committed at the end, rolled back on error."""
    with handle(ctx).store.session(write=write) as s:
        yield s
