"""The database handle a command uses: the engine made on first use, the schema
brought up to date (or the database refused, untouched), one transaction a session.

Kept apart from tracker.db (engine, files, probes) and tracker.migrate (Alembic),
which both sit below it: neither imports the other's caller.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

from tracker import db
from tracker.errors import TrackerError
from tracker.i18n import _


def ensure_schema(engine: Engine) -> None:
    """Bring the database to HEAD on first use; refuse, untouched, one that is not
    tracker's or is newer than this program."""
    try:
        revision, _tables = db.probe(engine)
    except (sa.exc.OperationalError, sqlite3.Error) as exc:
        raise TrackerError(
            _("cannot open the database: {reason}").format(reason=db.reason(exc))
        ) from None
    if revision == db.HEAD:
        db.use_wal(engine)
        return
    from tracker import migrate

    migrate.refuse_foreign(engine)
    if db.read_only(engine):
        raise TrackerError(
            _("{reason}, and it needs a schema upgrade before tracker can use it").format(
                reason=db.read_only(engine)
            )
        )
    migrate.upgrade(engine)


class Store:
    """The database handle a command uses; the engine is made on first use."""

    def __init__(self, url: str | None = None):
        self.url = url
        self._engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            engine = db.make_engine(self.url)
            ensure_schema(engine)
            self._engine = engine
        return self._engine

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any error.

        Work outside the database that must not outlive a failed transaction (a
        copied evidence file) registers its undoing in session.info["undo"]; work
        that may happen only after the commit (removing a file) in
        session.info["committed"].
        """
        if write and db.read_only(self.engine):
            raise TrackerError(
                _(
                    "{reason}; this command writes, so nothing was done"
                    " (reading commands such as case list, case show and export still work)"
                ).format(reason=db.read_only(self.engine))
            )
        bind = self.engine.execution_options(tracker_write=True) if write else self.engine
        with Session(bind, expire_on_commit=False) as session:
            if write:
                from tracker import journal

                journal.watch(session)  # every write can be undone (tracker undo)
            try:
                with session.begin():
                    yield session
            except BaseException:
                for undo in reversed(session.info.pop("undo", [])):
                    undo()
                raise
            # work that must happen only once the rows are gone for good (a removed
            # evidence file): if the commit failed, it never runs
            for done in session.info.pop("committed", []):
                done()

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
