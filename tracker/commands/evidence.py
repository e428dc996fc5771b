"""`tracker evidence`: files kept with a case."""

from pathlib import Path
from typing import Annotated

import typer

from tracker.commands.common import DataFormatOption, JsonOption, chosen_format, session
from tracker.i18n import N_, _
from tracker.render import DataFormat

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


@app.command(
    "list",
    help=N_("List the kept files, with where each one is.\n\nExample: tracker evidence list 12"),
)
def list_(
    ctx: typer.Context,
    case: Annotated[
        str | None, typer.Argument(metavar="[CASE]", help=N_("Only this case's files."))
    ] = None,
    fmt: DataFormatOption = DataFormat.text,
    as_json: JsonOption = False,
) -> None:
    """List the kept files, with where each one is."""
    from tracker.output import line
    from tracker.render import emit
    from tracker.services.corrections import list_evidence

    fmt_name = chosen_format(ctx, fmt, as_json)
    with session(ctx) as s:
        rows = list_evidence(session=s, case=case)
    if fmt_name != "text":
        emit(rows, fmt_name)
        return
    if not rows:
        line(_("No evidence kept."))
        return
    on_case = _("case #{id}")
    for e in rows:
        note = f" ({e.note})" if e.note else ""
        line(f"{e.id}  {on_case.format(id=e.case_id)}  ", e.original_name, note, "  ", e.path)


@app.command(
    "remove",
    help=N_(
        "Stop keeping a file: its record goes, and the kept copy is deleted."
        "\n\n"
        "Example: tracker evidence remove 4"
    ),
)
def remove(
    ctx: typer.Context,
    evidence_id: Annotated[
        int, typer.Argument(metavar="ID", help=N_("See: tracker evidence list."))
    ],
) -> None:
    """Stop keeping a file: its record goes, and the kept copy is deleted."""
    from tracker.output import line
    from tracker.services.corrections import remove_evidence

    with session(ctx, write=True) as s:
        item, path = remove_evidence(session=s, evidence_id=evidence_id)
    line(
        _("Removed evidence {id} {name} from case #{case}").format(
            id=item.id, name=item.original_name, case=item.case_id
        )
    )
