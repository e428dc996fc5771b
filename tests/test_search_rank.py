"""`search`'s order and count (migration 0008: every index row names its case).

Cases holding the query as an exact order, tracking or reference number come
first, then active cases, then the others, each group most recently changed
first. The count is the number of matching cases, however many rows match.
Both ways of ranking give the same answer: reading every matching case (few
matches) and walking the cases in the order shown until the page is full (many).
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.test_transfer import fresh_home  # noqa: F401  (fixture)
from tracker import migrate
from tracker.db import make_engine
from tracker.services import search
from tracker.store import Store


def ids(cli, query: str, *more: str) -> list[int]:
    return [row["id"] for row in cli.json("search", query, *more)]


@pytest.fixture(params=["read each", "walk"])
def ranking(request, monkeypatch):
    """Each way of ranking: FEW = 0 makes every search walk the ranking indexes."""
    if request.param == "walk":
        monkeypatch.setattr(search, "FEW", 0)
    return request.param


@pytest.fixture
def kettles(cli, now):
    """Four cases about kettles, changed at different times; case 4 is old and
    closed but holds "KET-TLE" as a complaint number."""
    now("2026-11-01T09:00:00")
    cli("case", "open", "Kettle leaks")  # 1: active
    now("2026-11-02T09:00:00")
    cli("case", "open", "Kettle arrived broken")  # 2: closed later
    now("2026-11-03T09:00:00")
    cli("case", "open", "Toaster", "--problem", "the kettle that came with it")  # 3: active
    cli("case", "open", "Lamp")  # 4
    cli("log", "4", "--channel", "chat", "--ref", "KET-TLE", "--note", "complaint filed")
    cli("case", "close", "4")
    now("2026-11-05T09:00:00")
    cli("case", "close", "2")  # ended, though changed after 1 and 3
    now("2026-11-06T09:00:00")
    cli("case", "open", "Blender")  # 5: no kettle at all
    return [4, 3, 1, 2]


def test_exact_identifier_then_active_then_most_recently_changed(cli, kettles, ranking):
    assert ids(cli, "kettle", "--limit", "0") == kettles
    assert ids(cli, "kettle") == kettles
    for size in (1, 2, 3):
        assert ids(cli, "kettle", "--limit", str(size)) == kettles[:size]
    result = cli("search", "kettle", "--limit", "2")
    assert "Showing 2 of 4 matching cases" in result.stderr


def test_a_change_moves_a_case_up(cli, kettles, now, ranking):
    now("2026-11-07T09:00:00")
    cli("log", "1", "--channel", "phone", "--note", "called again")
    assert ids(cli, "kettle") == [4, 1, 3, 2]
    cli("case", "reopen", "2")
    assert ids(cli, "kettle") == [4, 2, 1, 3]


def _find(query: str, limit: int):
    store = Store()
    try:
        with store.session() as s:
            return search.find_cases(session=s, query=query, limit=limit)
    finally:
        store.dispose()


def test_the_count_is_the_number_of_matching_cases(cli, now, ranking):
    now("2026-11-01T09:00:00")
    cli("order", "add", "112-0000001-0000001", "--item", "Steel kettle", "--item", "Kettle lid")
    for n in range(3):  # three cases of one order: its items match each
        cli("case", "open", f"Kettle case {n}", "--order", "112-0000001-0000001")
    cli("log", "1", "--channel", "chat", "--rep", "Kettleman", "--note", "kettle, kettle")
    cli("case", "open", "Unrelated")
    for limit in (1, 2, 0):
        page = _find("kettle", limit)
        assert page.total == 3
        assert len(page.items) == (limit or 3)
    assert [item.id for item in _find("kettle", 0).items] == [3, 2, 1]
    # the case matched in its title, contact and order: each place listed once
    [first] = [item for item in _find("kettle", 0).items if item.id == 1]
    fields = [match.field for match in first.matches]
    assert fields.count("item") == 2 and "title" in fields and "rep" in fields
    assert _find("no such words", 5).total == 0


def test_texts_of_orders_shipments_and_companies_follow_their_changes(cli, towel_case, now):
    cli("order", "add", "112-0000002-0000002", "--item", "Green kettle")
    cli("case", "open", "Second case", "--order", "112-4455667-0012345")  # shares the order
    assert ids(cli, "red bath towel") == [2, 1]
    cli("order", "edit", "112-4455667-0012345", "--item", "Blue bath mat")
    assert ids(cli, "red bath towel") == [1]  # case 1 still says so in --expected
    assert ids(cli, "blue bath mat") == [2, 1]
    cli("ship", "add", "112-4455667-0012345", "--carrier", "DHL", "--tracking", "JD0002")
    assert ids(cli, "jd0002") == [2, 1]
    assert ids(cli, "ups") == [2, 1] and ids(cli, "dhl") == [2, 1]
    cli("case", "edit", "2", "--order", "112-0000002-0000002")
    assert ids(cli, "blue bath mat") == [1] and ids(cli, "green kettle") == [2]
    assert ids(cli, "JD-0002") == [1]
    cli("company", "edit", "Amazon", "--name", "Amazonas")
    assert ids(cli, "amazonas") == [2, 1]
    store = Store()
    with store.session(write=True) as s:  # a shipment removed
        s.execute(sa.text("DELETE FROM shipment WHERE tracking = 'JD0002'"))
    store.dispose()
    assert ids(cli, "jd0002") == [] and ids(cli, "ups") == [1]


def test_the_migration_rebuilds_the_index_of_a_database_made_at_0007(cli, towel_case, backend, now):
    cli("case", "open", "Second case", "--order", "112-4455667-0012345")
    cli("log", "2", "--channel", "chat", "--rep", "Olu", "--note", "the kettle is fine")
    engine = make_engine()
    migrate.downgrade(engine, "0007")
    with engine.connect() as connection:
        columns = {c["name"] for c in sa.inspect(connection).get_columns("search_index")}
        assert "owner" in columns and "case_id" not in columns  # 0004's shape
    migrate.upgrade(engine)
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(
            f"SELECT {'rowid' if backend == 'sqlite' else 'id'}, case_id, field FROM search_index"
        ).all()
    engine.dispose()
    assert rows and all(row_id // search.CASE_UNIT == case_id for row_id, case_id, _ in rows)
    # the order, its shipment and the company under each case of theirs
    for field in ("item", "tracking", "company"):
        assert sorted(case for _, case, f in rows if f == field) == [1, 2], field
    assert ids(cli, "priya") == [1] and ids(cli, "olu") == [2]
    assert ids(cli, "1Z 999 AA1 0123 4567 84") == [2, 1]
    assert ids(cli, "red bath towel") == [2, 1]
    # and it stays in step afterwards
    cli("case", "edit", "2", "--title", "Second case about a toaster")
    assert ids(cli, "toaster") == [2]
    # down again: 0004's index, with the owners it names; then up again
    now("2026-11-11T12:00:00")  # the backup before this upgrade has its own name
    engine = make_engine()
    migrate.downgrade(engine, "0007")
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE cases SET title = 'A zebra' WHERE id = 1")
        found = connection.exec_driver_sql(
            "SELECT owner, kind FROM search_index WHERE lower(body) LIKE '%%zebra%%' "
            "OR lower(body) LIKE '%%olu%%' ORDER BY owner"
        ).all()
        assert [tuple(row) for row in found] == [(1, "c"), (2, "c")]
    migrate.upgrade(engine)
    engine.dispose()
    assert ids(cli, "zebra") == [1] and ids(cli, "toaster") == [2]


def _index(backend: str) -> list[tuple]:
    engine = make_engine()
    row_id = "rowid" if backend == "sqlite" else "id"
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(
            f"SELECT {row_id}, body, field, case_id FROM search_index ORDER BY {row_id}"
        ).all()
    engine.dispose()
    return [tuple(row) for row in rows]


def test_an_import_builds_the_same_index_as_the_triggers(
    cli,
    towel_case,
    fresh_home,  # noqa: F811
    backend,
    tmp_path,
):
    """Import fills the index in one statement (SQLite) from 0008's own SELECTs:
    the same rows the triggers write, a shared order's texts under each case."""
    cli("case", "open", "Second case", "--order", "112-4455667-0012345")
    cli("log", "2", "--channel", "chat", "--rep", "Olu", "--ref", "X-1")
    before = _index(backend)
    assert {case for *_, case in before} == {1, 2}
    out = tmp_path / "all.json"
    cli("export", "--out", str(out))
    fresh_home()
    if backend == "sqlite":  # the import's fast path recognises 0008's triggers
        from tracker.services.transfer import _search_deferral

        cli("company", "list")  # the new case file, at head
        engine = make_engine()
        with engine.connect() as connection, connection.begin() as transaction:
            assert _search_deferral(connection) is not None
            transaction.rollback()
        engine.dispose()
    cli("import", str(out))
    assert _index(backend) == before
    assert ids(cli, "olu") == [2] and ids(cli, "1Z 999 AA1 0123 4567 84") == [2, 1]


def _plan_tree(engine: sa.Engine, statement: str, params: dict) -> list[tuple[int, int, str]]:
    with engine.connect() as connection:
        rows = connection.execute(sa.text("EXPLAIN QUERY PLAN " + statement), params).all()
    return [(row[0], row[1], row[-1]) for row in rows]


def _under(tree, parent_text: str) -> list[str]:
    """The plan lines below the node whose text is `parent_text`."""
    [top] = [node for node, _, text in tree if text == parent_text]
    inside, found = {top}, []
    for node, parent, text in tree:
        if parent in inside:
            inside.add(node)
            found.append(text)
    return found


@pytest.mark.sqlite_only
@pytest.mark.parametrize("query", ["priya", "1Z999AA10123456784", "pr"])
def test_search_reads_through_indexes_and_walks_in_the_order_shown(cli, towel_case, query):
    """SQLite's plan of the ranking: hits from the FTS5 index (rowids only), the
    identifiers through their key indexes, each walk down its ranking index with
    no sort, and no SCAN of cases, contact or the index's text."""
    engine = make_engine()
    try:
        params: dict = {"few": search.FEW, "walk": 50, "limit": 50}
        statement = search._ranking(True, query, params) + " LIMIT :limit"
        tree = _plan_tree(engine, statement, params)
    finally:
        engine.dispose()
    texts = [text for _, _, text in tree]
    if len(query) >= search.TRIGRAM:
        assert any(t.startswith("SCAN search_index VIRTUAL TABLE INDEX") for t in texts), texts
    for walk, index in (("w1", "ix_cases_active_updated_at"), ("w2", "ix_cases_ended_updated_at")):
        inside = _under(tree, f"CO-ROUTINE {walk}")
        assert f"SCAN c USING INDEX {index}" in inside, inside
        assert not [t for t in inside if "TEMP B-TREE" in t], inside
    allowed_scans = ("SCAN c USING INDEX ix_cases_", "SCAN search_index VIRTUAL TABLE INDEX")
    for text in texts:
        if text.startswith("SCAN") and not text.startswith(allowed_scans):
            # the CTEs and subqueries of the statement itself, never a table
            assert text.split()[1] in {
                "hits",
                "exact",
                "first",
                "counted",
                "h",
                "r",
                "j",
                "e",
                "w1",
                "w2",
                "CONSTANT",  # the empty list of identifiers, for a query that is none
            }, text
    if search.identifier_key(query).isalnum() and len(query) >= search.TRIGRAM:
        assert "SEARCH s USING INDEX ix_shipment_tracking_key (<expr>=?)" in texts


def test_the_ranking_indexes_name_the_active_statuses():
    """Migration 0008's partial indexes list the statuses `search` puts first."""
    from pathlib import Path

    from tracker.vocab import ACTIVE_STATUSES

    [path] = (Path(migrate.migrations_folder()) / "versions").glob("0008_*.py")
    text = path.read_text()
    active = ", ".join(f"'{status.value}'" for status in ACTIVE_STATUSES)
    assert f'ACTIVE = "({active})"' in text
