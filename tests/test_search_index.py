"""The search index: kept in step by the database, built for old databases, and
queries with engine syntax taken as plain text."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from tests.test_transfer import fresh_home  # noqa: F401  (fixture)
from tracker import migrate
from tracker.db import make_engine
from tracker.store import Store


def ids(cli, query: str, *more: str) -> list[int]:
    return [row["id"] for row in cli.json("search", query, *more)]


def index_rows(where: str = "") -> int:
    engine = make_engine()
    with engine.connect() as connection:
        count = connection.exec_driver_sql(f"SELECT count(*) FROM search_index {where}").scalar()
    engine.dispose()
    return count


def test_edits_replace_the_old_text(cli, towel_case):
    assert ids(cli, "gray bathrobe") == [1]
    cli("case", "edit", "1", "--title", "Wrong colour of towel", "--received", "a blue towel")
    assert ids(cli, "gray bathrobe") == []
    assert ids(cli, "wrong colour") == [1]
    [hit] = cli.json("search", "blue towel")
    assert {"field": "received", "text": "a blue towel"} in hit["matches"]


def test_deleted_rows_leave_the_index(cli, towel_case):
    from tracker.models import Case, Contact

    assert ids(cli, "priya") == [1]
    before = index_rows()
    store = Store()
    with store.session(write=True) as s:
        for contact in s.exec(sa.select(Contact).where(Contact.rep_name == "Priya")).scalars():
            s.delete(contact)
    assert ids(cli, "priya") == []
    assert index_rows() < before
    with store.session(write=True) as s:
        # a case goes with its contacts, promises and references (ON DELETE CASCADE)
        s.execute(sa.delete(Case).where(Case.id == 1))
    store.dispose()
    assert ids(cli, "daniel") == [] and ids(cli, "c-0042") == []
    # every row is a case's (its order's and company's texts too): none is left
    assert index_rows() == 0
    assert ids(cli, "amazon") == [] and ids(cli, "1Z999AA10123456784") == []


def test_a_rolled_back_write_leaves_the_index_as_it_was(cli, towel_case):
    from tracker.models import Case

    store = Store()
    with pytest.raises(RuntimeError), store.session(write=True) as s:
        s.execute(sa.update(Case).where(Case.id == 1).values(title="Zebra striped"))
        raise RuntimeError("the command failed")
    store.dispose()
    assert ids(cli, "zebra") == []
    assert ids(cli, "bathrobe") == [1]


def test_imported_rows_are_searchable(cli, towel_case, fresh_home, tmp_path):  # noqa: F811
    out = tmp_path / "all.json"
    cli("export", "--out", str(out))
    fresh_home()
    cli("import", str(out))
    assert ids(cli, "priya") == [1]
    assert ids(cli, "1Z 999 AA1 0123 4567 84") == [1]
    assert ids(cli, "amazon") == [1]


def test_company_names_are_found(cli, towel_case):
    cli("company", "add", "Bücher & Co")
    cli("case", "open", "Book never came", "--company", "Bücher & Co")
    assert ids(cli, "bücher") == [2]
    [hit] = cli.json("search", "Bücher & Co")
    assert {"field": "company", "text": "Bücher & Co"} in hit["matches"]
    assert ids(cli, "amazon") == [1]


@pytest.mark.parametrize(
    "typed",
    [
        "1Z999AA10123456784",
        "1z999aa10123456784",
        "1Z 999 AA1 01 2345 6784",
        "1Z-999-AA1-01-2345-6784",
        "112 4455667 0012345",  # the order number, spaces for dashes
        "1124455667-0012345",
        "C 0042",  # a complaint number given in a contact
    ],
)
def test_identifiers_typed_with_spaces_or_dashes(cli, towel_case, typed):
    [hit] = cli.json("search", typed)
    assert hit["id"] == 1
    assert hit["matches"]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '""',
        'say "hi',
        "AND (",
        "a AND (b OR c)",
        "*",
        "tow*",
        "NEAR",
        "NEAR(towel robe, 3)",
        "x - y",
        "-towel",
        "towel -robe",
        "^towel",
        "title:towel",
        "{title}: towel",
        "'; DROP TABLE cases; --",
        "\\",
        "%_%",
        "😀",
        "ab",
    ],
)
def test_engine_syntax_is_plain_text(cli, towel_case, query):
    result = cli("search", "--", query)  # exit 0, no traceback
    assert "Traceback" not in result.stdout + result.stderr
    cli("case", "open", f"Odd {query} title")
    found = [row["id"] for row in json.loads(cli("search", "--json", "--", query).stdout)]
    assert found and found[0] == 2  # the case holding it, ranked first


def test_long_texts_show_a_snippet(cli, now):
    cli("case", "open", "Long", "--problem", "x " * 200 + "the needle here " + "y " * 200)
    [hit] = cli.json("search", "needle")
    [match] = hit["matches"]
    assert "needle" in match["text"] and len(match["text"]) < 70


def test_migration_builds_the_index_for_an_older_database(cli, towel_case):
    cli("case", "open", "Second case about a kettle")
    engine = make_engine()
    migrate.downgrade(engine, "0002")  # the schema before the index, rows kept
    with engine.connect() as connection:
        inspector = sa.inspect(connection)
        assert not inspector.has_table("search_index")
        assert connection.exec_driver_sql("SELECT count(*) FROM contact").scalar() == 3
    migrate.upgrade(engine)
    engine.dispose()
    assert ids(cli, "priya") == [1]
    assert ids(cli, "kettle") == [2]
    assert ids(cli, "1Z 999 AA1 0123 4567 84") == [1]
    assert ids(cli, "red bath towel") == [1]  # an order item
    # and it stays in step afterwards
    cli("case", "edit", "2", "--title", "Second case about a toaster")
    assert ids(cli, "kettle") == [] and ids(cli, "toaster") == [2]


def test_the_lookups_use_indexes(cli, towel_case, backend):
    """The identifier keys are read through their expression indexes."""
    engine = make_engine()
    key = "upper(replace(replace(tracking, ' ', ''), '-', ''))"
    with engine.connect() as connection:
        if backend == "sqlite":
            plan = connection.exec_driver_sql(
                f"EXPLAIN QUERY PLAN SELECT order_id FROM shipment WHERE {key} = 'X'"
            ).all()
            text = " ".join(str(row[-1]) for row in plan)
        else:
            connection.exec_driver_sql("SET enable_seqscan = off")
            plan = connection.exec_driver_sql(
                f"EXPLAIN SELECT order_id FROM shipment WHERE {key} = 'X'"
            ).all()
            text = " ".join(row[0] for row in plan)
    engine.dispose()
    assert "ix_shipment_tracking_key" in text


def test_text_is_found_through_the_index(cli, towel_case, backend):
    """A word is looked up in the index (FTS5 MATCH; pg_trgm GIN), not by a scan."""
    engine = make_engine()
    with engine.connect() as connection:
        if backend == "sqlite":
            plan = connection.exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT rowid FROM search_index "
                "WHERE search_index MATCH '\"priya\"'"
            ).all()
            text = " ".join(str(row[-1]) for row in plan)
            assert "VIRTUAL TABLE INDEX" in text
        else:
            connection.exec_driver_sql("SET enable_seqscan = off")
            plan = connection.exec_driver_sql(
                "EXPLAIN SELECT case_id FROM search_index WHERE lower(body) LIKE '%%priya%%'"
            ).all()
            assert "ix_search_index_body" in " ".join(row[0] for row in plan)
    engine.dispose()


def _fts5_state() -> tuple[list[tuple], str, bool]:
    """The index's rows, the statement that made it, whether it keeps sizes."""
    engine = make_engine()
    try:
        with engine.connect() as connection:
            run = connection.exec_driver_sql
            rows = run("SELECT rowid, body, field, case_id FROM search_index ORDER BY rowid").all()
            made = run("SELECT sql FROM sqlite_master WHERE name = 'search_index'").scalar()
            sizes = sa.inspect(connection).has_table("search_index_docsize")
            return rows, made, sizes
    finally:
        engine.dispose()


def test_migration_0012_makes_the_index_again_without_sizes(cli, towel_case, backend):
    """0012 makes SQLite's FTS5 index again with columnsize=0, the same rows in
    it, its triggers still at work; its downgrade makes it as 0008 did."""
    if backend != "sqlite":
        pytest.skip("SQLite's FTS5 index; PostgreSQL's is a plain table")
    cli("case", "open", "Second case about a kettle")
    rows, made, sizes = _fts5_state()
    assert "columnsize = 0" in made and not sizes
    assert len(rows) > 10
    engine = make_engine()
    migrate.downgrade(engine, "0011")
    engine.dispose()
    before, made, sizes = _fts5_state()
    assert "columnsize" not in made and sizes
    assert before == rows
    engine = make_engine()
    migrate.upgrade(engine)
    engine.dispose()
    after, made, sizes = _fts5_state()
    assert "columnsize = 0" in made and not sizes
    assert after == before
    assert ids(cli, "priya") == [1] and ids(cli, "kettle") == [2]
    # the triggers write to the table made again
    cli("case", "edit", "2", "--title", "Second case about a toaster")
    assert ids(cli, "kettle") == [] and ids(cli, "toaster") == [2]
    cli("log", "2", "--channel", "phone", "--rep", "Wilhelmina")
    assert ids(cli, "wilhelmina") == [2]
