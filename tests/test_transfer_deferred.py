"""import fills the search index and the contact totals once, after the rows, on
both backends: their triggers (and PostgreSQL's GIN index) are set aside inside the
import's transaction and put back, so a failed import leaves them as they were."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from tests.test_tally import _assert_in_step
from tests.test_transfer import fresh_home, rich_file  # noqa: F401  (fixtures)
from tracker.db import make_engine
from tracker.services import transfer


def live_definitions() -> dict:
    """The triggers and indexes of the test's database as the database shows them
    (PostgreSQL: whether each trigger is enabled too), and FTS5's settings."""
    engine = make_engine()
    try:
        with engine.connect() as connection:
            run = connection.exec_driver_sql
            if connection.dialect.name == "sqlite":
                return {
                    "schema": run(
                        "SELECT type, name, sql FROM sqlite_master "
                        "WHERE type IN ('trigger', 'index') ORDER BY name"
                    ).all(),
                    # FTS5's settings in effect (a setting never written has its default)
                    "fts5": {
                        "automerge": 4,
                        "crisismerge": 16,
                        **dict(run("SELECT k, v FROM search_index_config").all()),
                    },
                }
            return {
                "triggers": run(
                    "SELECT t.tgname, t.tgenabled, pg_get_triggerdef(t.oid) FROM pg_trigger t "
                    "JOIN pg_class c ON c.oid = t.tgrelid "
                    "WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace "
                    "ORDER BY t.tgname"
                ).all(),
                "indexes": run(
                    "SELECT indexname, indexdef FROM pg_indexes "
                    "WHERE schemaname = current_schema() ORDER BY indexname"
                ).all(),
            }
    finally:
        engine.dispose()


class Statements:
    """The SQL statements tracker runs while in use (lower case, one line each)."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __enter__(self) -> Statements:
        sa.event.listen(sa.engine.Engine, "before_cursor_execute", self.remember)
        return self

    def __exit__(self, *exc) -> None:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", self.remember)

    def remember(self, conn, cursor, statement, *args) -> None:
        self.seen.append(" ".join(statement.split()).lower())


def deferred_and_put_back(seen: list[str], backend: str) -> None:
    """The import set the insert triggers aside and filled both once itself."""
    if backend == "postgres":
        assert "alter table contact disable trigger search_contact" in seen
        # orders and shipments feed their cases' index rows: refreshed once, by the fill
        assert "alter table orders disable trigger search_orders" in seen
        assert "alter table shipment disable trigger search_shipment" in seen
        assert "alter table contact disable trigger tally_contact" in seen
        assert "drop index ix_search_index_body" in seen
        assert "alter table contact enable trigger tally_contact" in seen
        assert any(s.startswith("create index ix_search_index_body") for s in seen)
        for table, trigger in (
            ("cases", "tally_case_status"),
            ("promise", "tally_promise_state"),
            ("cases", "touch_case"),
            ("case_tally", "touch_tally"),
        ):
            assert f"alter table {table} disable trigger {trigger}" in seen
            assert f"alter table {table} enable trigger {trigger}" in seen
    else:
        assert "drop trigger search_contact_insert" in seen
        assert "drop trigger search_orders_insert" in seen
        assert "drop trigger search_shipment_insert" in seen
        assert "drop trigger tally_contact_insert" in seen
        assert any(s.startswith("create trigger tally_contact_insert") for s in seen)
        for trigger in (
            "tally_case_status_insert",
            "tally_promise_state_insert",
            "touch_case_insert",
            "touch_tally_insert",
        ):
            assert f"drop trigger {trigger}" in seen
            assert any(s.startswith(f"create trigger {trigger}") for s in seen)
    assert any(s.startswith("insert into case_tally (case_id, contacts") for s in seen)
    assert any(s.startswith("insert into case_status_tally (status, currency") for s in seen)
    assert any(s.startswith("insert into promise_tally (state, promises)") for s in seen)
    assert any(s.startswith("insert into active_touch (case_id, touched_at) select") for s in seen)


def test_an_import_fills_the_index_and_the_totals_once(
    cli,
    rich_file,  # noqa: F811
    fresh_home,  # noqa: F811
    monkeypatch,
    backend,
):
    monkeypatch.setattr(transfer, "BATCH", 2)  # several batches (COPYs) per table
    exported = json.loads(rich_file.read_text())["tables"]
    fresh_home()
    cli("case", "list")
    before = live_definitions()
    with Statements() as statements:
        cli("import", rich_file)
    deferred_and_put_back(statements.seen, backend)
    assert live_definitions() == before
    # imported text is found, in every kind of row the index holds
    assert [hit["id"] for hit in cli.json("search", "multi")] == [2]
    rep = next(row["rep_name"] for row in exported["contact"] if row["rep_name"])
    assert {hit["id"] for hit in cli.json("search", rep)} == {
        row["case_id"] for row in exported["contact"] if rep in (row["rep_name"] or "")
    }
    # the totals equal a count of the imported contacts, and `stats` reads them
    counted = _assert_in_step()
    assert sum(v[0] for v in counted.values()) == len(exported["contact"])
    assert cli.json("stats")["contacts"]["total"] == len(exported["contact"])
    # the triggers work again: a new contact is searchable and counted
    cli("log", "1", "--channel", "phone", "--rep", "Wilhelmina", "--minutes", "5")
    assert [hit["id"] for hit in cli.json("search", "Wilhelmina")] == [1]
    _assert_in_step()
    assert cli.json("stats")["contacts"]["total"] == len(exported["contact"]) + 1


@pytest.mark.parametrize(
    "table, change, says",
    [
        ("history", lambda row: row.update(at="yesterday"), "bad at"),
        ("reference", lambda row: row.update(case_id=77), "points at no cases row"),
    ],
    ids=["bad-value", "dangling-link"],
)
def test_a_failed_import_leaves_the_triggers_and_the_index_working(
    cli,
    rich_file,  # noqa: F811
    fresh_home,  # noqa: F811
    tmp_path,
    monkeypatch,
    dump,
    backend,
    table,
    change,
    says,
):
    """The bad row is in a later batch of a later table: contacts went in (with
    their triggers set aside) before the import was refused and rolled back."""
    monkeypatch.setattr(transfer, "BATCH", 2)
    data = json.loads(rich_file.read_text())
    change(data["tables"][table][-1])
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    fresh_home()
    cli("case", "list")
    before, rows = live_definitions(), dump()
    with Statements() as statements:
        result = cli("import", bad, code=1)
    assert result.stderr.startswith("Error: ") and says in result.stderr
    assert any(s.startswith("drop") or s.startswith("alter") for s in statements.seen)
    assert live_definitions() == before
    assert dump() == rows
    cli("case", "open", "Kettle arrived dented")
    cli("log", "1", "--channel", "chat", "--rep", "Wilhelmina", "--minutes", "3")
    assert [hit["id"] for hit in cli.json("search", "Wilhelmina")] == [1]
    assert [hit["id"] for hit in cli.json("search", "dented")] == [1]
    _assert_in_step()
    assert cli.json("stats")["contacts"]["total"] == 1
    # and the good file still imports into another empty database afterwards
    fresh_home("third")
    cli("import", rich_file)
    assert [hit["id"] for hit in cli.json("search", "multi")] == [2]
    _assert_in_step()


def test_triggers_changed_by_hand_are_left_to_work(
    cli,
    rich_file,  # noqa: F811
    fresh_home,  # noqa: F811
    backend,
):
    """A live trigger that is not the migration's (here: disabled, or dropped on
    SQLite) is not touched: the import does not fill what it would not keep."""
    fresh_home()
    cli("case", "list")
    engine = make_engine()
    try:
        with engine.begin() as connection:
            if backend == "postgres":
                connection.exec_driver_sql("ALTER TABLE contact DISABLE TRIGGER tally_contact")
            else:
                connection.exec_driver_sql("DROP TRIGGER tally_contact_insert")
    finally:
        engine.dispose()
    with Statements() as statements:
        cli("import", rich_file)
    assert not any(
        s.startswith("insert into case_tally (case_id, contacts") for s in statements.seen
    )
    # the search index, whose triggers are the migration's, is still filled once
    assert [hit["id"] for hit in cli.json("search", "multi")] == [2]


def sqlite_index_is_sound() -> bool:
    """FTS5's own check that its index holds exactly the rows of its table."""
    engine = make_engine()
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(
                "INSERT INTO search_index(search_index) VALUES('integrity-check')"
            )
        return True
    finally:
        engine.dispose()


def index_content() -> list[tuple]:
    """Every row of the search index: its id (SQLite's rowid), text, label and case."""
    engine = make_engine()
    try:
        with engine.connect() as connection:
            key = "rowid" if connection.dialect.name == "sqlite" else "id"
            return connection.exec_driver_sql(
                f"SELECT {key}, body, field, case_id FROM search_index ORDER BY {key}"
            ).all()
    finally:
        engine.dispose()


@pytest.mark.parametrize("ids", ["in order", "out of order"])
def test_the_index_an_import_fills_is_the_one_its_triggers_keep(
    cli,
    rich_file,  # noqa: F811
    fresh_home,  # noqa: F811
    tmp_path,
    monkeypatch,
    backend,
    ids,
):
    """Every table's index rows are made a batch at a time, in a thread, while the
    next batch is read (the cases' read their order's and shipments' texts). The
    index is then row for row what the triggers make when the same file is
    imported row by row, with ids in order (read by range) or not (by list)."""
    monkeypatch.setattr(transfer, "BATCH", 2)
    data = json.loads(rich_file.read_text())
    tables = data["tables"]
    assert len(tables["contact"]) > 2 and len(tables["reference"]) == 2
    if ids == "out of order":
        for name in ("cases", "contact", "reference", "promise"):
            tables[name].reverse()
    source = tmp_path / "file.json"
    source.write_text(json.dumps(data))

    fresh_home("batched")
    started: list[str] = []
    start = transfer._Behind.start

    def remember(self, statement, parameters):
        started.append("by list" if "ids" in parameters else "by range")
        start(self, statement, parameters)

    monkeypatch.setattr(transfer._Behind, "start", remember)
    with Statements() as statements:
        cli("import", source)
    filled = index_content()
    # the index's own triggers were set aside, and its rows made in the thread
    if backend == "sqlite":
        assert "drop trigger search_contact_insert" in statements.seen
        assert sqlite_index_is_sound()
    else:
        assert "alter table contact disable trigger search_contact" in statements.seen
    assert started.count("by range" if ids == "in order" else "by list") >= 3
    if ids == "in order":
        assert "by list" not in started

    fresh_home("row by row")
    monkeypatch.setattr(transfer, "_search_deferral", lambda connection: None)
    cli("import", source)
    kept = index_content()
    assert filled == kept
    assert {row[2] for row in filled} >= {"rep", "reference", "promise", "title", "company"}


def test_an_index_statement_that_fails_fails_the_import(
    cli,
    rich_file,  # noqa: F811
    fresh_home,  # noqa: F811
    monkeypatch,
    dump,
    backend,
):
    """An error in the thread filling the index is the import's own: one line on
    stderr, nothing written, the triggers as they were."""
    monkeypatch.setattr(transfer, "BATCH", 2)
    broken = transfer._search_deferral

    def failing(connection):
        deferral = broken(connection)
        assert deferral is not None and "contact" in deferral.batched
        deferral.batched["contact"] = ("SELECT no_such_column FROM contact",) * 2
        return deferral

    monkeypatch.setattr(transfer, "_search_deferral", failing)
    fresh_home()
    cli("case", "list")
    before, rows = live_definitions(), dump()
    result = cli("import", rich_file, code=1)
    assert result.stderr.startswith("Error: database error") and "no_such_column" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert live_definitions() == before
    assert dump() == rows


def test_an_import_of_many_batches_stays_within_fts5s_segments(
    cli,
    rich_file,  # noqa: F811
    fresh_home,  # noqa: F811
    tmp_path,
    monkeypatch,
    backend,
):
    """Every statement writing FTS5 rows inside a transaction leaves a segment
    at least, and FTS5 holds at most 2,000: an import of over 4,000 batches
    (here one contact each) still goes in, and its index is sound."""
    if backend != "sqlite":
        pytest.skip("FTS5's segments: SQLite only")
    monkeypatch.setattr(transfer, "BATCH", 1)
    data = json.loads(rich_file.read_text())
    contacts = data["tables"]["contact"]
    first = max(row["id"] for row in contacts) + 1
    model = dict(contacts[0], rep_name="Ozymandias", reference=None)
    contacts += [dict(model, id=first + n) for n in range(4100)]
    source = tmp_path / "many.json"
    source.write_text(json.dumps(data))
    fresh_home()
    cli("import", source)
    assert sqlite_index_is_sound()
    [hit] = cli.json("search", "Ozymandias")
    assert hit["id"] == model["case_id"]


def test_ctrl_c_waits_for_the_index_statement_before_the_import_goes(tmp_path):
    """A Ctrl-C while the import waits for its thread is held back until the
    thread's statement has ended: the import's rollback must not find the
    connection still in the thread's hands."""
    import signal
    import threading

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'slow.db'}")
    try:
        with engine.connect() as connection:
            behind = transfer._Behind(connection)
            slow = (
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                "WHERE i < 3000000) SELECT count(*) FROM n"
            )
            behind.start(slow, {})
            thread = behind.thread
            assert thread is not None
            interrupt = threading.Timer(
                0.05, signal.pthread_kill, (threading.main_thread().ident, signal.SIGINT)
            )
            interrupt.start()
            with pytest.raises(KeyboardInterrupt):
                behind.wait()
            assert not thread.is_alive()  # the statement ended before the interrupt went on
            behind.join()  # and nothing is left to wait for
    finally:
        signal.signal(signal.SIGINT, previous)
        engine.dispose()
