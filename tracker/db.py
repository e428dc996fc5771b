"""The database: engine, sessions, the schema check on open, and backups.

An ordinary command costs one query to learn that the schema is current;
Alembic is imported only when an upgrade is needed.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session

from tracker import config
from tracker.errors import TrackerError
from tracker.parse import now

# The newest migration in migrations/versions. tests/test_migrations.py keeps
# it equal to the real head, so that opening a database needs no Alembic.
HEAD = "0002"

BUSY_TIMEOUT_MS = 30_000


def sqlite_path(url: str | sa.URL) -> Path | None:
    url = sa.make_url(url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def _private_file(path: Path) -> None:
    """Create `path` readable by the user only, or tighten it if it exists."""
    if path.exists() and not path.is_file():
        raise TrackerError(f"{path} is not a file (check TRACKER_HOME or TRACKER_DATABASE_URL)")
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    os.chmod(path, 0o600)


def make_engine(url: str | None = None) -> Engine:
    url = url or config.database_url()
    path = sqlite_path(url)
    if path is not None:
        if path.parent == config.home():
            config.ensure_home()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
        _private_file(path)
        for suffix in ("-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                os.chmod(side, 0o600)
        engine = sa.create_engine(
            url,
            hide_parameters=True,
            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
        )
        _configure_sqlite(engine)
    else:
        try:
            engine = sa.create_engine(url, hide_parameters=True, pool_pre_ping=False)
        except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError) as exc:
            raise TrackerError(
                f"cannot use TRACKER_DATABASE_URL: {exc.__class__.__name__}"
                " (for PostgreSQL: pip install 'tracker[postgres]' and use"
                " postgresql+psycopg://user@host/dbname)"
            ) from None
    return engine


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        # Writers take the write lock up front: a deferred transaction that
        # reads and then writes can fail at once with "database is locked",
        # whatever the busy timeout, when another process writes meanwhile.
        if connection.get_execution_options().get("tracker_write"):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")


def current_revision(connection: sa.Connection) -> str | None:
    """The revision in `alembic_version`, or None for a database without one."""
    if connection.dialect.name == "sqlite":
        exists = connection.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).first()
        if not exists:
            return None
        return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    if not sa.inspect(connection).has_table("alembic_version"):
        return None
    return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def ensure_schema(engine: Engine) -> None:
    """Bring the database to HEAD on first use; refuse one newer than this program."""
    try:
        with engine.connect() as connection:
            revision = current_revision(connection)
    except sa.exc.OperationalError as exc:
        raise TrackerError(f"cannot open the database: {_reason(exc)}") from None
    if revision == HEAD:
        return
    from tracker import migrate

    migrate.upgrade(engine)


def _reason(exc: Exception) -> str:
    orig = getattr(exc, "orig", None) or exc
    return str(orig).splitlines()[0] if str(orig) else orig.__class__.__name__


class Store:
    """The database handle a command uses; the engine is made on first use."""

    def __init__(self, url: str | None = None):
        self.url = url
        self._engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            engine = make_engine(self.url)
            ensure_schema(engine)
            self._engine = engine
        return self._engine

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any error."""
        bind = self.engine.execution_options(tracker_write=True) if write else self.engine
        with Session(bind, expire_on_commit=False) as session:
            with session.begin():
                yield session

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def backup(engine: Engine, destination: Path | None = None, *, label: str = "backup") -> Path:
    """A consistent copy of a SQLite database (SQLite's online backup), 0600."""
    path = sqlite_path(engine.url)
    if path is None:
        raise TrackerError("db backup copies a SQLite database; for PostgreSQL use pg_dump")
    if destination is None:
        folder = path.parent / "backups"
        folder.mkdir(exist_ok=True)
        os.chmod(folder, 0o700)
        stamp = now().strftime("%Y%m%dT%H%M%S%fZ")
        destination = folder / f"tracker-{label}-{stamp}.db"
    destination = Path(destination).expanduser()
    if destination.is_dir():
        destination = destination / f"tracker-{label}-{now().strftime('%Y%m%dT%H%M%S%fZ')}.db"
    if destination.exists():
        raise TrackerError(f"{destination} already exists; choose another path")
    if not destination.parent.is_dir():
        raise TrackerError(f"folder {destination.parent} does not exist")
    _private_file(destination)
    try:
        source = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
        target = sqlite3.connect(destination)
        with target:
            source.backup(target)
        target.close()
        source.close()
    except sqlite3.Error as exc:
        destination.unlink(missing_ok=True)
        raise TrackerError(f"backup failed: {exc}") from None
    return destination
