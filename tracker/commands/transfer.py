"""`tracker export` and `tracker import`: everything out and back in."""

from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from tracker.commands.common import session
from tracker.i18n import N_, _

EXPORT_HELP = N_(
    "Export everything: every table, losslessly (json) or for spreadsheets (csv).\n\n"
    "Companies, orders, shipments, cases, contacts, promises, references, "
    "evidence records and history.\n\n"
    "Evidence files themselves stay in the data folder (TRACKER_HOME/evidence); "
    "copy that folder along to move them.\n\n"
    "Example: tracker export --out tracker-export.json"
)
IMPORT_HELP = N_(
    "Import a JSON export into an empty database, keeping every id, in one transaction.\n\n"
    "The database must hold no cases or orders yet (a new TRACKER_HOME, or a new "
    "TRACKER_DATABASE_URL); companies already there, such as the built-in Amazon, "
    "are matched by name. If anything in the file is wrong, nothing is written.\n\n"
    "Example: TRACKER_HOME=~/tracker-new tracker import tracker-export.json"
)


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
            help=N_(
                "json: every table and column, lossless, readable by 'tracker import'. "
                "csv: one CSV file per table, for spreadsheets (needs --out FOLDER)."
            ),
        ),
    ] = ExportFormat.json,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help=N_(
                "File to write (json; default: standard output) or folder to "
                "create (csv). Created readable by you only."
            ),
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help=N_("Replace an existing file (csv: the CSV files in a non-empty folder)."),
        ),
    ] = False,
) -> None:
    # its help: EXPORT_HELP
    import sys

    from tracker.output import note
    from tracker.services.transfer import (
        document_chunks,
        export_data,
        export_rows,
        write_csv,
        write_json_stream,
    )

    if format_ is ExportFormat.csv and out is None:
        from tracker.errors import TrackerError

        raise TrackerError(
            _("--format csv writes a folder of CSV files: give it with --out FOLDER")
        )
    with session(ctx) as s:
        if format_ is ExportFormat.csv:
            assert out is not None  # refused above: csv needs --out
            data = export_data(session=s)
            files = write_csv(data, out, force=force)
            cases = len(data["tables"]["cases"])
            note(
                _(
                    "Exported {cases} case(s) to {folder}/ ({files} CSV files, one per table)"
                ).format(cases=cases, folder=out, files=len(files))
            )
            return
        # JSON goes out row by row, read from the database as it is written
        header, tables = export_rows(session=s)
        cases = dict((name, count) for name, count, _rows in tables)["cases"]
        with _progress(sum(count for _name, count, _rows in tables), _("Exporting")) as advance:
            chunks = document_chunks(header, tables, advance)
            if out is None:
                for chunk in chunks:
                    sys.stdout.write(chunk)
                sys.stdout.flush()
                return
            path = write_json_stream(chunks, out, force=force)
    note(_("Exported {cases} case(s) to {path}").format(cases=cases, path=path))


@contextmanager
def _progress(total: int, what: str, *, least: int = 10_000):
    """A rich progress bar on stderr at a terminal (rows, or bytes when `least` is
    a size); nothing when piped or when `total` is below `least`."""
    import sys

    if not sys.stderr.isatty() or total < least:
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
    )

    with Progress(
        TextColumn(what),
        BarColumn(),
        DownloadColumn() if least >= 1 << 20 else MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(what, total=total)
        yield lambda n: bar.advance(task, n)


def import_(
    ctx: typer.Context,
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE",
            help=N_("A JSON file written by 'tracker export' ('-' reads stdin)."),
        ),
    ],
) -> None:
    # its help: IMPORT_HELP
    from tracker import config
    from tracker.commands.common import handle
    from tracker.db import written_once
    from tracker.output import line, note
    from tracker.services.transfer import import_data, open_export

    source = open_export(file)
    try:
        # the bar counts the file's bytes as they are read (standard input: no bar)
        with _progress(source.size or 0, _("Importing"), least=1 << 20) as advance:
            source.progress = advance
            with written_once(handle(ctx).store.engine), session(ctx, write=True) as s:
                result = import_data(session=s, data=source, home=config.home())
    finally:
        source.close()
    counts = result.counts
    line(
        _(
            "Imported {cases} case(s), {orders} order(s), {contacts} contact(s), "
            "{promises} promise(s), {references} reference(s), {evidence} evidence "
            "record(s), {history} history entries"
        ).format(
            cases=counts["cases"],
            orders=counts["orders"],
            contacts=counts["contact"],
            promises=counts["promise"],
            references=counts["reference"],
            evidence=counts["evidence"],
            history=counts["history"],
        )
    )
    if result.missing_files:
        note(
            _(
                "{n} evidence file(s) are not in {folder}: copy the evidence folder "
                "from the old data folder"
            ).format(n=result.missing_files, folder=config.home() / "evidence")
        )


def register(app: typer.Typer) -> None:
    app.command("export", help=EXPORT_HELP)(export)
    app.command("import", help=IMPORT_HELP)(import_)
