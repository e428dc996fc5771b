"""PostgreSQL: import drops the foreign keys of the tables it fills and adds them
back after the rows, under their own names and definitions, so the server checks
each link with one join rather than a trigger per row. The import checks every
link itself first; a failed import leaves the constraints exactly as they were."""

from __future__ import annotations

import json

import psycopg
import pytest
import sqlalchemy as sa

from tests.test_transfer import fresh_home, rich_file  # noqa: F401  (fixtures)
from tests.test_transfer_deferred import Statements
from tracker.db import make_engine
from tracker.services import transfer

pytestmark = pytest.mark.postgres_only


def constraints() -> list[tuple]:
    """Every constraint of the test's schema as PostgreSQL shows it: table, name,
    definition, whether it is validated and deferrable."""
    engine = make_engine()
    try:
        with engine.connect() as connection:
            return connection.exec_driver_sql(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), "
                "convalidated, condeferrable, condeferred FROM pg_constraint "
                "WHERE connamespace = current_schema()::regnamespace "
                "ORDER BY 1, 2"
            ).all()
    finally:
        engine.dispose()


def foreign_keys(found: list[tuple]) -> dict[str, list[str]]:
    """The foreign keys' names, by table."""
    links: dict[str, list[str]] = {}
    for table, name, definition, *_ in found:
        if definition.startswith("FOREIGN KEY"):
            links.setdefault(table, []).append(name)
    return links


def test_an_import_puts_the_foreign_keys_back_as_they_were(
    cli,
    rich_file,  # noqa: F811
    fresh_home,  # noqa: F811
    monkeypatch,
):
    monkeypatch.setattr(transfer, "BATCH", 2)  # several COPYs per table
    fresh_home()
    cli("case", "list")
    before = constraints()
    links = foreign_keys(before)
    assert {"contact", "reference", "orders", "shipment", "cases"} <= set(links)
    with Statements() as statements:
        cli("import", rich_file)
    for table, names in links.items():
        if table not in transfer.TABLES:
            continue  # the undo journal's tables: written a row or two, kept as they are
        for name in names:
            assert f"alter table {table} drop constraint {name}" in statements.seen
            assert any(
                s.startswith(f"alter table {table} add constraint {name} foreign key")
                for s in statements.seen
            )
    assert constraints() == before
    # and they are at work again: a row pointing at no case is refused by the server
    engine = make_engine()
    try:
        with pytest.raises(sa.exc.IntegrityError) as refused, engine.begin() as connection:
            connection.exec_driver_sql(
                "INSERT INTO reference (case_id, kind, value, created_at, added_by) "
                "VALUES (999, 'complaint', 'X-1', now(), 'tester')"
            )
        assert isinstance(refused.value.orig, psycopg.errors.ForeignKeyViolation)
    finally:
        engine.dispose()


def test_a_dangling_link_is_refused_and_the_foreign_keys_stay(
    cli,
    rich_file,  # noqa: F811
    fresh_home,  # noqa: F811
    tmp_path,
    monkeypatch,
    dump,
):
    """The bad row is the last reference, after contacts went in with their foreign
    keys dropped: refused with its own message, and everything rolled back."""
    monkeypatch.setattr(transfer, "BATCH", 2)
    data = json.loads(rich_file.read_text())
    data["tables"]["reference"][-1]["case_id"] = 77
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    fresh_home()
    cli("case", "list")
    before, rows = constraints(), dump()
    with Statements() as statements:
        result = cli("import", bad, code=1)
    number = len(data["tables"]["reference"])
    assert result.stderr == f"Error: reference row {number}: case_id 77 points at no cases row\n"
    assert any(s.startswith("alter table contact drop constraint") for s in statements.seen)
    assert constraints() == before
    assert dump() == rows
    # the good file still imports there, and keeps its links checked
    cli("import", rich_file)
    assert constraints() == before


def test_an_import_leaves_the_planner_statistics_of_what_it_filled(
    cli,
    rich_file,  # noqa: F811
    fresh_home,  # noqa: F811
):
    """PostgreSQL plans the first commands after an import with the tables'
    statistics (ANALYZE, in the import's transaction), not in the dark until
    autovacuum comes: every table the import filled has column statistics."""

    def analyzed() -> set[str]:
        engine = make_engine()
        try:
            with engine.connect() as connection:
                return set(
                    connection.exec_driver_sql(
                        "SELECT DISTINCT tablename FROM pg_stats "
                        "WHERE schemaname = current_schema()"
                    ).scalars()
                )
        finally:
            engine.dispose()

    fresh_home()
    cli("case", "list")
    assert not {"cases", "contact", "search_index"} & analyzed()
    cli("import", rich_file)
    assert {"cases", "contact", "promise", "shipment", "search_index", "case_tally"} <= analyzed()
