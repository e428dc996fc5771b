"""Alembic, imported only when the schema has to change."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

import tracker
from tracker import db
from tracker.errors import TrackerError
from tracker.i18n import _, ngettext


def migrations_folder() -> Path:
    """migrations/ in a checkout, tracker/migrations in an installed wheel."""
    package = Path(tracker.__file__).resolve().parent
    for candidate in (package / "migrations", package.parent / "migrations"):
        if (candidate / "env.py").exists():
            return candidate
    raise TrackerError(_("the migrations folder is missing from this installation"))


def alembic_config(connection: sa.Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_folder()))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def script() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head() -> str:
    current = script().get_current_head()
    if current is None:
        raise TrackerError(_("the migrations folder has no revision"))
    return current


def _lock(connection: sa.Connection) -> None:
    """Serialise concurrent first uses of one database."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SELECT pg_advisory_xact_lock(74231)")


@contextmanager
def _migrating(engine: Engine):
    """A connection in one write transaction, serialised against other tracker
    processes, for Alembic to run in.

    On SQLite foreign keys are off meanwhile: batch mode rebuilds a table by
    copying it and dropping the original, and with them on, dropping `cases`
    would cascade to every contact, promise and history entry. They are
    checked before the transaction commits.
    """
    with engine.execution_options(tracker_write=True).connect() as connection:
        raw = (
            connection.connection.driver_connection if connection.dialect.name == "sqlite" else None
        )
        if raw is not None:
            raw.execute("PRAGMA foreign_keys = OFF")  # only outside a transaction
            # the copy batch mode renames to the table's name is not checked
            # against triggers on other tables that read that table (the search
            # index's, migration 0008): between the drop and the rename it is gone
            raw.execute("PRAGMA legacy_alter_table = ON")
        try:
            with connection.begin():
                _lock(connection)
                yield connection
                if raw is not None:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise TrackerError(
                            ngettext(
                                "the schema upgrade would leave {n} broken link"
                                " (in table {table}); nothing was changed",
                                "the schema upgrade would leave {n} broken links"
                                " (first in table {table}); nothing was changed",
                                len(broken),
                            ).format(n=len(broken), table=broken[0][0])
                        )
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys = ON")
                raw.execute("PRAGMA legacy_alter_table = OFF")


def refuse_foreign(engine: Engine) -> str | None:
    """Refuse a database that is not tracker's or is newer than this program,
    having only read it; return its revision."""
    revision, other_tables = db.probe(engine)
    if revision is None and other_tables:
        where = db.sqlite_path(engine.url) or _("this database")
        raise TrackerError(
            _(
                "{where} holds tables but no tracker schema: it is not a tracker database"
                " (left untouched). Point TRACKER_HOME or TRACKER_DATABASE_URL at another one"
            ).format(where=where)
        )
    if revision is not None and revision not in {s.revision for s in script().walk_revisions()}:
        raise TrackerError(
            _(
                "the database is at schema revision {revision}, which this version of tracker"
                " does not know (it was written by a newer tracker; left untouched);"
                " upgrade tracker"
            ).format(revision=revision)
        )
    return revision


def upgrade(engine: Engine, target: str = "head") -> str | None:
    """Upgrade to `target` in one transaction, after backing up a SQLite file.

    Returns the path of the backup, if one was made.
    """
    revision = refuse_foreign(engine)
    if db.read_only(engine):
        raise TrackerError(
            _("{reason}; the schema can't be upgraded").format(reason=db.read_only(engine))
        )
    backup_path = None
    if revision is not None and revision != head():
        if db.sqlite_path(engine.url) is not None:
            backup_path = db.backup(engine, label=f"before-upgrade-from-{revision}")
    db.use_wal(engine)
    with _migrating(engine) as connection:
        command.upgrade(alembic_config(connection), target)
    return str(backup_path) if backup_path else None


def downgrade(engine: Engine, target: str) -> None:
    with _migrating(engine) as connection:
        command.downgrade(alembic_config(connection), target)


def current(engine: Engine) -> tuple[str | None, bool]:
    """(revision, is_head)."""
    with engine.connect() as connection:
        revision = MigrationContext.configure(connection).get_current_revision()
    return revision, revision == head()
