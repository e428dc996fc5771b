"""The database: engine, sessions, the schema check on open, and backups.

An ordinary command costs one query to learn that the schema is current;
Alembic is imported only when an upgrade is needed.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine

from tracker import config
from tracker.errors import TrackerError
from tracker.files import ensure_home, new_private_file, private_folder, writable
from tracker.i18n import _
from tracker.parse import now

# The newest migration in migrations/versions. tests/test_migrations.py keeps
# it equal to the real head, so that opening a database needs no Alembic.
HEAD = "0012"

BUSY_TIMEOUT_MS = 30_000
SQLITE_MAGIC = b"SQLite format 3\x00"


def sqlite_path(url: str | sa.URL) -> Path | None:
    url = _parse_url(url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def _parse_url(url: str | sa.URL) -> sa.URL:
    try:
        return sa.make_url(url)
    except (sa.exc.ArgumentError, ValueError):
        # Never the URL itself, nor the parser's words about it: it may hold a password.
        raise TrackerError(
            _(
                "cannot use TRACKER_DATABASE_URL: it is not a valid database URL"
                " (check its host, port and brackets around an IPv6 address)"
            )
        ) from None


def _read_only_uri(path: Path) -> str:
    return f"file:{quote(str(path))}?mode=ro"


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that can't change the file. A WAL database in a folder the
    user can't write is refused by mode=ro (its shared-memory file can't be
    made); nobody can write it either, so it is read as immutable."""
    timeout = BUSY_TIMEOUT_MS / 1000
    connection = sqlite3.connect(
        _read_only_uri(path), uri=True, timeout=timeout, check_same_thread=False
    )
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return connection
    except sqlite3.OperationalError as exc:
        connection.close()
        if writable(path.parent):
            if getattr(exc, "sqlite_errorcode", None) != _READONLY_ROLLBACK:
                raise
            # a writer killed in the middle of a transaction in rollback-journal
            # mode (an import, see written_once) left its journal: the next
            # connection that can write rolls it back, as SQLite always does
            # (the file is then as the last commit left it); then read as before
            _roll_back(path)
            return _connect_read_only(path)
    return sqlite3.connect(
        f"file:{quote(str(path))}?immutable=1", uri=True, timeout=timeout, check_same_thread=False
    )


_READONLY_ROLLBACK = getattr(sqlite3, "SQLITE_READONLY_ROLLBACK", 776)


def _roll_back(path: Path) -> None:
    """Open the file for writing and read it: SQLite rolls back a hot journal."""
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        connection.close()


def _header(path: Path) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(100)


def _create_database_file(path: Path) -> None:
    """A new, empty database file, private (0600) from the start. An existing file
    is never created over, nor chmodded: it may not be tracker's."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return  # made meanwhile by another tracker: used as it is
    except OSError as exc:
        raise TrackerError(
            _("cannot create the database {path}: {reason}").format(path=path, reason=exc.strerror)
        ) from None
    os.fchmod(fd, 0o600)  # the umask may have taken bits away
    os.close(fd)


def _check_database_file(path: Path) -> str | None:
    """Refuse a path that is not a SQLite file, reading it only; return why it can't
    be written (None when it can)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(mode):
        raise TrackerError(
            _("{path} is not a file (check TRACKER_HOME or TRACKER_DATABASE_URL)").format(path=path)
        )
    header = _header(path)
    if header and not header.startswith(SQLITE_MAGIC):
        raise TrackerError(
            _(
                "{path} is not a SQLite database; it was left untouched"
                " (check TRACKER_HOME or TRACKER_DATABASE_URL)"
            ).format(path=path)
        )
    if not writable(path):
        return _("the database {path} is read-only").format(path=path)
    if not writable(path.parent):
        return _("the folder {folder} is read-only, so the database in it is read-only").format(
            folder=path.parent
        )
    return None


# Why each engine's database can't be written (see read_only); kept beside the engine, which
# has no room for it.
_READ_ONLY: weakref.WeakKeyDictionary[Engine, str | None] = weakref.WeakKeyDictionary()


def make_engine(url: str | None = None) -> Engine:
    url = url or config.database_url()
    path = sqlite_path(url)
    if path is not None:
        if path.parent == config.home():
            ensure_home()
        elif not path.parent.is_dir():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise TrackerError(
                    _("cannot create folder {folder}: {reason}").format(
                        folder=path.parent, reason=exc.strerror
                    )
                ) from None
        read_only = _check_database_file(path)
        if not path.exists():
            if not writable(path.parent):
                raise TrackerError(
                    _("the folder {folder} is read-only: cannot create the database there").format(
                        folder=path.parent
                    )
                )
            _create_database_file(path)
        timeout = BUSY_TIMEOUT_MS / 1000
        if read_only:
            # Reading needs no write access: a read-only connection never
            # creates or changes anything (the file, its journal, its mode).
            def creator():
                return _connect_read_only(path)

            engine = sa.create_engine(url, hide_parameters=True, creator=creator)
        else:
            engine = sa.create_engine(url, hide_parameters=True, connect_args={"timeout": timeout})
        _READ_ONLY[engine] = read_only
        _configure_sqlite(engine)
    else:
        try:
            engine = sa.create_engine(url, hide_parameters=True, pool_pre_ping=False)
        except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError, ValueError) as exc:
            raise TrackerError(
                _(
                    "cannot use TRACKER_DATABASE_URL: {kind}"
                    " (for PostgreSQL: pip install 'tracker[postgres]' and use"
                    " postgresql+psycopg://user@host/dbname)"
                ).format(kind=exc.__class__.__name__)
            ) from None
        _READ_ONLY[engine] = None
    return engine


def read_only(engine: Engine) -> str | None:
    """Why the database can't be written (it is opened read-only), or None."""
    return _READ_ONLY.get(engine)


def use_wal(engine: Engine) -> None:
    """Switch a SQLite file that is known to be tracker's to WAL mode, once (the
    mode is kept in the file). Never done before that is known: it changes the
    file's header."""
    path = sqlite_path(engine.url)
    if path is None or read_only(engine):
        return
    if _header(path)[18:20] == b"\x02\x02":
        return
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
    finally:
        connection.close()


@contextmanager
def written_once(engine: Engine) -> Iterator[None]:
    """SQLite: the transaction inside fills an empty case file (an import) through
    a rollback journal rather than WAL, and the file goes back to WAL after it.

    In WAL mode every page a transaction writes is written twice: into the WAL,
    then by the checkpoint into the file (1.5 GB twice for 100,000 cases). A
    rollback journal keeps a copy only of the pages that were in the file before
    (a few, in an empty case file); new pages are written once. Just as atomic: a
    process killed in the middle leaves a hot journal, which the next connection
    rolls back (see _connect_read_only), and synchronous=FULL (SQLite's advice for
    a rollback journal) while it lasts. Left as it is (WAL) when the file holds
    cases or orders already (the import refuses them) or another connection has
    it open; a file left out of WAL by a kill goes back to WAL on next use
    (use_wal)."""
    path = sqlite_path(engine.url)
    if path is None or read_only(engine) or not path.exists():
        yield
        return
    engine.dispose()  # a pooled connection holds WAL's shared memory open
    if not _journal_mode(path, "delete", only_empty=True):
        yield
        return

    def full(dbapi_connection, _record) -> None:
        dbapi_connection.execute("PRAGMA synchronous = FULL")

    event.listen(engine, "connect", full)
    try:
        yield
    finally:
        event.remove(engine, "connect", full)
        engine.dispose()
        _journal_mode(path, "wal")


def _journal_mode(path: Path, mode: str, *, only_empty: bool = False) -> bool:
    """Switch a SQLite file's journal mode; False if it was not switched (busy,
    or with `only_empty`, the file holds cases or orders)."""
    try:
        connection = sqlite3.connect(path, timeout=0 if only_empty else BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error:
        return False
    try:
        connection.isolation_level = None
        if only_empty:
            for table in ("cases", "orders"):
                if connection.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
                    return False
        return connection.execute(f"PRAGMA journal_mode = {mode}").fetchone()[0] == mode
    except sqlite3.Error:
        return False
    finally:
        connection.close()


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
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


def probe(engine: Engine) -> tuple[str | None, bool]:
    """(revision, holds other tables): what a database is, read without changing it.

    A SQLite file is read through a read-only connection, so that a file that
    turns out not to be tracker's (or to be newer) is left byte for byte as it was.
    """
    path = sqlite_path(engine.url)
    if path is None:
        with engine.connect() as connection:
            revision = current_revision(connection)
            if revision is not None:  # the common case costs no more queries
                return revision, True
            tables = set(sa.inspect(connection).get_table_names())
        return revision, bool(tables - {"alembic_version"})
    raw = _connect_read_only(path)
    try:
        tables = {
            row[0] for row in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        revision = None
        if "alembic_version" in tables:
            row = raw.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
    finally:
        raw.close()
    return revision, bool(tables - {"alembic_version"})


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


def reason(exc: Exception) -> str:
    orig = getattr(exc, "orig", None) or exc
    return str(orig).splitlines()[0] if str(orig) else orig.__class__.__name__


def backup(
    engine: Engine,
    destination: Path | str | None = None,
    *,
    label: str = "backup",
    force: bool = False,
) -> Path:
    """A consistent copy of a SQLite database (SQLite's online backup), 0600,
    read through a read-only connection."""
    path = sqlite_path(engine.url)
    if path is None:
        raise TrackerError(_("db backup copies a SQLite database; for PostgreSQL use pg_dump"))
    name = f"tracker-{label}-{now().strftime('%Y%m%dT%H%M%S%fZ')}.db"
    if destination is None:
        destination = private_folder(path.parent / "backups") / name
    elif str(destination) == "":
        raise TrackerError(_("an empty path was given; give a file or folder for the backup"))
    else:
        # `backups/` names a folder even before it exists (Path drops the slash).
        folder = str(destination).endswith(("/", os.sep))
        destination = Path(destination).expanduser()
        if folder and not destination.is_dir():
            if not destination.parent.is_dir():
                raise TrackerError(
                    _("no folder {parent} to make {path} in").format(
                        parent=destination.parent, path=destination
                    )
                )
            private_folder(destination)
        if destination.is_dir():
            destination = destination / name
    with new_private_file(destination, force=force, hint=_("a file name for the backup")) as tmp:
        source = target = None
        try:
            source = _connect_read_only(path)
            target = sqlite3.connect(tmp)
            with target:
                source.backup(target)
        except sqlite3.Error as exc:
            raise TrackerError(_("backup failed: {reason}").format(reason=exc)) from None
        finally:
            for connection in (target, source):
                if connection is not None:
                    connection.close()
    return destination
