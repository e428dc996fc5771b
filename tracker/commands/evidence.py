"""`tracker evidence`: files kept with a case."""

from pathlib import Path
from typing import Annotated

import typer

from tracker.commands.common import session
from tracker.i18n import N_, _

app = typer.Typer(help=N_("Photos, receipts, transcripts kept with a case."), no_args_is_help=True)


@app.command(
    "add",
    help=N_(
        'Keep a copy of a file with a case, with its SHA-256.\n\nExample: tracker evidence add 12 robe.jpg --note "the gray bathrobe that arrived"'
    ),
)
def add(
    ctx: typer.Context,
    case: Annotated[
        str,
        typer.Argument(metavar="CASE", help=N_("Case number, order number or reference number.")),
    ],
    file: Annotated[
        Path, typer.Argument(help=N_("The file to keep (it is copied into the data folder)."))
    ],
    note: Annotated[str | None, typer.Option(help=N_("What it shows."))] = None,
) -> None:
    """Keep a copy of a file with a case, with its SHA-256."""
    from tracker.output import line
    from tracker.services.evidence import add_evidence

    with session(ctx, write=True) as s:
        item = add_evidence(session=s, case=case, file=file, note=note)
    line(
        _("Kept {name} with case #{id} (sha256 {sha256}…)").format(
            name=item.original_name, id=item.case_id, sha256=item.sha256[:12]
        )
    )
