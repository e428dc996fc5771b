"""`tracker export` and `tracker import`: everything out and back in."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from tracker.commands.common import session


class ExportFormat(StrEnum):
    json = "json"
    csv = "csv"


def export(
    ctx: typer.Context,
    format_: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="json: every table and column, lossless, readable by 'tracker import'. "
            "csv: one CSV file per table, for spreadsheets (needs --out FOLDER).",
        ),
    ] = ExportFormat.json,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="File to write (json; default: standard output) or folder to "
            "create (csv). Created readable by you only.",
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Replace an existing file (csv: the CSV files in a non-empty folder).",
        ),
    ] = False,
) -> None:
    """Export everything: every table, losslessly (json) or for spreadsheets (csv).

    Companies, orders, shipments, cases, contacts, promises, references,
    evidence records and history.

    Evidence files themselves stay in the data folder (TRACKER_HOME/evidence);
    copy that folder along to move them.

    Example: tracker export --out tracker-export.json
    """
    import sys

    from tracker.output import note
    from tracker.services.transfer import dumps, export_data, write_csv, write_json

    if format_ is ExportFormat.csv and out is None:
        from tracker.errors import TrackerError

        raise TrackerError("--format csv writes a folder of CSV files: give it with --out FOLDER")
    with session(ctx) as s:
        data = export_data(session=s)
    cases = len(data["tables"]["cases"])
    if out is None:
        sys.stdout.write(dumps(data))
        sys.stdout.flush()
        return
    if format_ is ExportFormat.csv:
        files = write_csv(data, out, force=force)
        note(f"Exported {cases} case(s) to {out}/ ({len(files)} CSV files, one per table)")
    else:
        path = write_json(data, out, force=force)
        note(f"Exported {cases} case(s) to {path}")


def import_(
    ctx: typer.Context,
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE", help="A JSON file written by 'tracker export' ('-' reads stdin)."
        ),
    ],
) -> None:
    """Import a JSON export into an empty database, keeping every id, in one transaction.

    The database must hold no cases or orders yet (a new TRACKER_HOME, or a new
    TRACKER_DATABASE_URL); companies already there, such as the built-in Amazon,
    are matched by name. If anything in the file is wrong, nothing is written.

    Example: TRACKER_HOME=~/tracker-new tracker import tracker-export.json
    """
    from tracker import config
    from tracker.output import line, note
    from tracker.services.transfer import import_data, read_export

    data = read_export(file)
    with session(ctx, write=True) as s:
        result = import_data(session=s, data=data, home=config.home())
    counts = result.counts
    line(
        f"Imported {counts['cases']} case(s), {counts['orders']} order(s), "
        f"{counts['contact']} contact(s), {counts['promise']} promise(s), "
        f"{counts['reference']} reference(s), {counts['evidence']} evidence record(s), "
        f"{counts['history']} history entries"
    )
    if result.missing_files:
        note(
            f"{result.missing_files} evidence file(s) are not in {config.home() / 'evidence'}: "
            "copy the evidence folder from the old data folder"
        )


def register(app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("import")(import_)
