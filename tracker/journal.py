"""The change journal: what every write command changed, so that `tracker undo` can
put it back.

Each write session (tracker.store.Store.session(write=True)) is watched: before a
flush the rows about to change or go are read as the database holds them, after
it the rows now there; both are kept in `change_row`, in the same transaction as
the change itself, so no command can forget to record itself and a failed
command leaves no entry. Core bulk inserts (order import) call
`record_inserted`. Only the rows a command touches are read, by primary key.

`import` adds up to millions of rows: it records each table's ids as runs
(`record_bulk_inserted`), one `change_row` per table with row_id BULK, instead
of an after-image per row; undo deletes those ids.
"""

from __future__ import annotations

import functools
import json
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event

from tracker import config
from tracker.parse import now

# The newest changes kept: older ones can no longer be undone.
KEEP = 1000
# Pruning runs on every PRUNE_EVERY-th change (a cheap delete by primary key range).
PRUNE_EVERY = 50
COMMAND_CHARS = 300
# The row_id of a change_row that stands for many inserted rows (no row has id 0):
# its after_row is {"ids": [[first, last], ...], "rows": n}, before_row NULL.
BULK = 0

JOURNAL_TABLES = ("change", "change_row", "alembic_version")


@functools.cache
def _tables() -> dict[str, sa.Table]:
    """The journaled tables, as Core tables (tracker.tables: the models' columns, so
    a command that writes with Core never builds the models)."""
    from tracker import tables

    return {
        name: table for name, table in tables.metadata.tables.items() if name not in JOURNAL_TABLES
    }


@functools.cache
def _order() -> dict[str, int]:
    """Tables by dependency: parents first (the order rows can be inserted in)."""
    from tracker import tables

    return {
        table.name: index
        for index, table in enumerate(tables.metadata.sorted_tables)
        if table.name not in JOURNAL_TABLES
    }


def plain(value: Any) -> Any:
    """A column value as JSON can keep it; dates and times as ISO text (times in UTC)."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _revive(column: sa.Column, value: Any) -> Any:
    """A JSON-kept value back as the column's Python type."""
    if value is None:
        return None
    kind = column.type
    kind = getattr(kind, "impl", kind)  # UTCDateTime decorates DateTime
    if isinstance(kind, sa.DateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, sa.Date):
        return date.fromisoformat(value)
    return value


def _row(connection: sa.Connection, table: sa.Table, row_id: int) -> dict | None:
    """A row as the database holds it, as JSON-ready values (or None if it's gone)."""
    found = connection.execute(sa.select(table).where(table.c.id == row_id)).mappings().first()
    if found is None:
        return None
    return {key: plain(value) for key, value in found.items()}


def same(a: dict | None, b: dict | None) -> bool:
    """Rows equal as JSON keeps them (a list of items written and read back included)."""
    return json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True, default=str)


class Recorder:
    """Watches one write session and writes its change to the journal.

    Rows are gathered over the session's flushes and its Core writes
    (`record_inserted`, `record_updated`, `record_written`): their first `before`,
    their final `after`. They are written once, just before the commit, ordered
    there (parents inserted first): a contact, its promise, its reference and the
    case it touches cost a few primary-key reads and one insert.
    """

    def __init__(self, session) -> None:
        self.session = session
        self.change_id: int | None = None
        self.seq = 0
        # (table, id) -> the row before this session touched it (None: it is new)
        self.before: dict[tuple[str, int], dict | None] = {}
        # (table, id) -> the row as a Core statement of this session left it (None:
        # deleted), while no flush has changed it since: not read again at commit
        self.after: dict[tuple[str, int], dict | None] = {}
        event.listen(session, "before_flush", self.before_flush)
        event.listen(session, "after_flush", self.after_flush)
        event.listen(session, "before_commit", self.before_commit)

    def _connection(self) -> sa.Connection:
        return self.session.connection()

    def before_flush(self, session, _context, _instances) -> None:
        tables = _tables()
        changing = [o for o in session.dirty if session.is_modified(o, include_collections=False)]
        for obj in [*changing, *session.deleted]:
            table = obj.__table__
            if table.name not in tables or obj.id is None:
                continue
            key = (table.name, obj.id)
            if key not in self.before:
                self.before[key] = _row(self._connection(), table, obj.id)
            self.after.pop(key, None)  # the flush changes it: read it again at commit

    def after_flush(self, session, _context) -> None:
        tables = _tables()
        for obj in session.new:
            if obj.__table__.name in tables:
                self.before.setdefault((obj.__table__.name, obj.id), None)
                self.after.pop((obj.__table__.name, obj.id), None)

    def before_commit(self, session) -> None:
        session.flush()  # what is still pending is part of this change
        if not self.before:
            return
        tables = _tables()
        order = _order()
        connection = self._connection()
        by_table: dict[str, list[int]] = {}
        for name, row_id in self.before:
            if (name, row_id) not in self.after:
                by_table.setdefault(name, []).append(row_id)
        after: dict[tuple[str, int], dict | None] = dict(self.after)
        for name, ids in by_table.items():
            table = tables[name]
            for start in range(0, len(ids), 500):
                found = connection.execute(
                    sa.select(table).where(table.c.id.in_(ids[start : start + 500]))
                ).mappings()
                for row in found:
                    after[(name, row["id"])] = {k: plain(v) for k, v in row.items()}
        inserted, updated, deleted = [], [], []
        for key, before in self.before.items():
            now_there = after.get(key)
            if before is None and now_there is not None:
                inserted.append((key, None, now_there))
            elif before is not None and now_there is None:
                deleted.append((key, before, None))
            elif before is not None and not same(before, now_there):
                updated.append((key, before, now_there))
        self.before, self.after = {}, {}
        # parents inserted first and deleted last: undo, replaying backwards, can
        # put deleted parents back before their children and remove new children first
        rows = [
            *sorted(inserted, key=lambda r: (order[r[0][0]], r[0][1])),
            *sorted(updated, key=lambda r: (order[r[0][0]], r[0][1])),
            *sorted(deleted, key=lambda r: (-order[r[0][0]], r[0][1])),
        ]
        self.write([(name, row_id, b, a) for (name, row_id), b, a in rows])

    def write(self, rows: list[tuple[str, int, dict | None, dict | None]]) -> None:
        """Add rows (table, id, before, after) to this session's change."""
        if not rows:
            return
        change, change_row = _journal_tables()
        connection = self._connection()
        if self.change_id is None:
            command = config.COMMAND.get()
            self.change_id = connection.execute(
                sa.insert(change)
                .values(
                    at=now(),
                    actor=config.user(),
                    command=command[:COMMAND_CHARS] if command else None,
                )
                .returning(change.c.id)
            ).scalar_one()
            if self.change_id % PRUNE_EVERY == 0:
                prune(connection, self.change_id - KEEP)
        values = []
        for table, row_id, before, after in rows:
            self.seq += 1
            values.append(
                {
                    "change_id": self.change_id,
                    "seq": self.seq,
                    "table_name": table,
                    "row_id": row_id,
                    "before_row": before,
                    "after_row": after,
                }
            )
        connection.execute(sa.insert(change_row), values)


def _journal_tables() -> tuple[sa.Table, sa.Table]:
    """The Core tables `change` and `change_row` (tracker.tables: writing the journal
    needs no models, so a command that writes with Core never builds them)."""
    from tracker import tables

    return tables.change, tables.change_row


def prune(connection: sa.Connection, upto: int) -> None:
    """Forget changes up to id `upto` (older than the KEEP newest)."""
    change, change_row = _journal_tables()
    if upto <= 0:
        return
    connection.execute(sa.delete(change_row).where(change_row.c.change_id <= upto))
    connection.execute(sa.delete(change).where(change.c.id <= upto))


def watch(session) -> None:
    """Record what this write session changes (called by Store.session(write=True))."""
    session.info["journal"] = Recorder(session)


def record_inserted(session, table: sa.Table, ids: list[int]) -> None:
    """Record rows a Core bulk insert added (the ORM's flush events don't see them):
    kept with the session's other rows and read, with them, at commit."""
    recorder: Recorder | None = session.info.get("journal")
    if recorder is None:
        return
    for row_id in ids:
        recorder.before.setdefault((table.name, row_id), None)


def record_written(session, rows: list[tuple[sa.Table, sa.Row | None, sa.Row | None]]) -> None:
    """Record rows Core statements wrote, each as (table, the row before, the row
    after), None for a row that was not there; the rows as the database returned
    them (`RETURNING *`), so none is read again at commit unless a later flush
    changes it. Kept with the rows the session's flushes change and written with
    them at commit, ordered once (parents inserted first); a row written several
    times is one entry, from its first before to its last after."""
    recorder: Recorder | None = session.info.get("journal")
    if recorder is None:
        return

    def image(row: sa.Row | None) -> dict | None:
        return None if row is None else {k: plain(v) for k, v in row._mapping.items()}

    for table, before, after in rows:
        row_id = (after if after is not None else before).id  # type: ignore[union-attr]
        key = (table.name, row_id)
        recorder.before.setdefault(key, image(before))
        recorder.after[key] = image(after)


def record_bulk_inserted(session, table: sa.Table, runs: list[list[int]], rows: int) -> None:
    """Record the rows an import added to `table`: their ids as [first, last] runs
    (every id in a run was inserted), `rows` in all; undo deletes them."""
    recorder: Recorder | None = session.info.get("journal")
    if recorder is None or not runs:
        return
    recorder.write([(table.name, BULK, None, {"ids": runs, "rows": rows})])


def bulk_rows(row_id: int, after: dict | None) -> int | None:
    """How many rows a BULK change_row stands for (None: it is an ordinary one)."""
    if row_id != BULK or not after:
        return None
    return int(after["rows"])


def record_updated(session, table: sa.Table, row_id: int, before: dict | None) -> None:
    """Record a row a Core update changed, given what it held before (`row_before`):
    read again, with the session's other rows, at commit."""
    recorder: Recorder | None = session.info.get("journal")
    if recorder is None:
        return
    key = (table.name, row_id)
    recorder.before.setdefault(key, before)
    recorder.after.pop(key, None)


def row_before(session, table: sa.Table, row_id: int) -> dict | None:
    """A row as it is now, for `record_updated` after a Core update."""
    return _row(session.connection(), table, row_id)


def stop(session) -> None:
    """Undo's own session is not a change that can be undone."""
    recorder: Recorder | None = session.info.pop("journal", None)
    if recorder is not None:
        event.remove(session, "before_flush", recorder.before_flush)
        event.remove(session, "after_flush", recorder.after_flush)
        event.remove(session, "before_commit", recorder.before_commit)


def revive(table_name: str, values: dict) -> dict:
    """JSON-kept row values back as the table's Python values, for an insert or update."""
    table = _tables()[table_name]
    return {key: _revive(table.c[key], value) for key, value in values.items() if key in table.c}


def current(connection: sa.Connection, table_name: str, row_id: int) -> dict | None:
    return _row(connection, _tables()[table_name], row_id)
