"""The migrations and the models agree; upgrade, downgrade, upgrade with data."""

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

from tracker import db, migrate
from tracker.db import make_engine


@pytest.fixture
def engine():
    engine = make_engine()
    yield engine
    engine.dispose()


def test_head_constant_matches_migrations():
    # tracker.db.HEAD lets an ordinary command skip Alembic; it must be the real head.
    assert db.HEAD == migrate.head()


# Kept by the migrations themselves, outside the models: the search index (its
# FTS5 shadow tables on SQLite), the expression indexes on identifier keys and
# the running totals of migration 0007 (tracker.services.tally).
SEARCH_INDEXES = {
    "ix_orders_number_key",
    "ix_shipment_tracking_key",
    "ix_reference_value_key",
    "ix_contact_reference_key",
    # migration 0008: the order `search` lists the cases a query matches in
    "ix_cases_active_updated_at",
    "ix_cases_ended_updated_at",
}


TALLY_TABLES = {
    "contact_tally",
    "case_tally",
    "case_status_tally",
    "promise_tally",
    "active_touch",  # migration 0011
}
TALLY_INDEXES = {"ix_case_tally_contacts", "ix_active_touch_touched_at"}


def _modelled(name, type_, parent_names) -> bool:
    if type_ == "table":
        return not (name or "").startswith("search_index") and name not in TALLY_TABLES
    return not (type_ == "index" and (name in SEARCH_INDEXES or name in TALLY_INDEXES))


def _tallied(name, type_, parent_names) -> bool:
    """The running totals' tables (their indexes are not declared in tally.py)."""
    if type_ == "table":
        return name in TALLY_TABLES
    return type_ != "index"


def _schema_diff(engine, metadata, include_name) -> list:
    """What the upgraded database and `metadata` disagree on (Alembic's autogenerate)."""
    migrate.upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "render_as_batch": True, "include_name": include_name},
        )
        return compare_metadata(context, metadata)


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_upgrade_gives_exactly_the_models(engine):
    assert _schema_diff(engine, SQLModel.metadata, _modelled) == []


def test_upgrade_gives_exactly_the_tally_tables_the_code_reads(engine):
    """tracker.services.tally declares the running totals' tables as Core tables;
    the migrations make them. They must agree, column by column."""
    from tracker.services import tally

    assert _schema_diff(engine, tally._metadata, _tallied) == []
    assert set(tally._metadata.tables) == TALLY_TABLES


def _counts(engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table: connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()
            for table in (
                "company",
                "orders",
                "shipment",
                "cases",
                "contact",
                "promise",
                "reference",
                "history",
            )
        }


def test_downgrade_and_upgrade_again_with_rows(cli, towel_case, engine):
    before = _counts(engine)
    assert before["contact"] == 3 and before["promise"] == 1
    migrate.downgrade(engine, "base")
    with engine.connect() as connection:
        assert not sa.inspect(connection).has_table("cases")
    migrate.upgrade(engine)
    assert migrate.current(engine) == (db.HEAD, True)
    # The data went with the downgrade; the schema and the built-in company came back.
    after = _counts(engine)
    assert after["company"] == 1 and after["cases"] == 0
    # and the program works on it again
    cli("case", "open", "After the round trip")
    assert cli.json("case", "show", "1")["title"] == "After the round trip"


def test_db_current_and_upgrade_commands(cli):
    assert "empty database" in cli("db", "current").stdout
    cli("company", "list")  # first use brings the schema to head
    assert cli("db", "current").stdout.strip() == f"{db.HEAD} (head)"
    assert f"{db.HEAD} (head)" in cli("db", "upgrade").stdout


def test_database_newer_than_program_is_refused(cli, engine):
    cli("company", "list")
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'ffff9999'")
    result = cli("case", "list", code=1)
    assert result.stderr.startswith("Error: ")
    assert "ffff9999" in result.stderr and "newer" in result.stderr
    assert "Traceback" not in result.output


def test_a_database_that_is_not_trackers_is_refused_untouched(cli, engine):
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE notes (x TEXT)")
        connection.exec_driver_sql("INSERT INTO notes VALUES ('mine')")
    result = cli("case", "list", code=1)
    assert "is not a tracker database" in result.stderr
    with engine.connect() as connection:
        assert set(sa.inspect(connection).get_table_names()) == {"notes"}
