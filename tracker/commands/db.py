"""`tracker db`: the schema and backups."""

import json
from typing import Annotated

import typer

from tracker.commands.common import JsonOption, handle
from tracker.i18n import N_, _

app = typer.Typer(help=N_("The database: schema upgrades and backups."), no_args_is_help=True)


@app.command(
    "upgrade",
    help=N_(
        "Bring the database schema to the newest version (done automatically on first use).\n\nExample: tracker db upgrade"
    ),
)
def upgrade(ctx: typer.Context) -> None:
    """Bring the database schema to the newest version (done automatically on first use)."""
    from tracker import migrate
    from tracker.db import make_engine

    engine = make_engine(handle(ctx).store.url)
    try:
        backup = migrate.upgrade(engine)
        revision, _newest = migrate.current(engine)
    finally:
        engine.dispose()
    if backup:
        typer.echo(_("Backed up the database to {path}").format(path=backup))
    typer.echo(_("Database at revision {revision} (head)").format(revision=revision))


@app.command(
    "current",
    help=N_(
        "Print the database's schema revision, marked (head) when it is the newest.\n\nExample: tracker db current --json"
    ),
)
def current(ctx: typer.Context, as_json: JsonOption = False) -> None:
    from tracker import migrate
    from tracker.db import HEAD, make_engine

    engine = make_engine(handle(ctx).store.url)
    try:
        revision, is_head = migrate.current(engine)
    finally:
        engine.dispose()
    if as_json:
        typer.echo(json.dumps({"revision": revision, "head": HEAD, "is_head": bool(is_head)}))
        return
    if revision is None:
        typer.echo(_("none (empty database: it is brought to the newest schema on first use)"))
        return
    typer.echo(_("{revision} (head)").format(revision=revision) if is_head else revision)


@app.command(
    "backup",
    help=N_(
        "Write a consistent copy of the SQLite database, readable by you only.\n\nExample: tracker db backup ~/tracker-2026-11-28.db"
    ),
)
def backup(
    ctx: typer.Context,
    path: Annotated[
        str | None,
        typer.Argument(
            metavar="PATH",
            help=N_(
                "File (or existing folder) to write the copy to (default: the backups folder)."
            ),
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help=N_("Replace PATH if it is an existing file."))
    ] = False,
) -> None:
    """Write a consistent copy of the SQLite database, readable by you only."""
    from tracker.db import backup as make_backup
    from tracker.db import make_engine

    # As the database is: no automatic upgrade first (a backup is wanted most
    # before an upgrade, or of a database written by a newer tracker).
    engine = make_engine(handle(ctx).store.url)
    try:
        destination = make_backup(engine, path, force=force)
    finally:
        engine.dispose()
    typer.echo(_("Backed up to {path}").format(path=destination))
