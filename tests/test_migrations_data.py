"""Schema upgrades keep every row; the backup made before one can be restored.

The rows are written with SQLAlchemy Core against the tables as the first
migration created them (reflected from the database, not tracker's current
models), so this test keeps meaning something as migrations are added.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from tracker import db, migrate
from tracker.db import make_engine

FIRST = "0001"
WHEN = datetime(2026, 11, 2, 10, 10, 0, 123456)  # naive UTC, as stored
NASTY = "Grüße, 你好, \u202eevil\u202c, e\u0301, [red]x[/red] \x1b[31m, 'quotes' \"too\"; --"


@pytest.fixture
def engine():
    engine = make_engine()
    yield engine
    engine.dispose()


def fill_at_first_revision(engine) -> None:
    """A case file with a row in every table, written at the first schema."""
    meta = sa.MetaData()
    with engine.begin() as connection:
        meta.reflect(connection)
        t = meta.tables
        amazon = connection.execute(
            sa.select(t["company"].c.id).where(t["company"].c.key == "amazon")
        ).scalar_one()
        connection.execute(
            t["company"].insert(),
            [
                {
                    "id": 50,
                    "name": "Ünïcode Shop",
                    "key": "ünïcode shop",
                    "phone": None,
                    "url": "https://example.com/help",
                    "email": "help@example.com",
                    "chat_topics": "a\nb",
                    "notes": NASTY,
                    "created_at": WHEN,
                }
            ],
        )
        connection.execute(
            t["orders"].insert(),
            [
                {
                    "id": 7,
                    "company_id": amazon,
                    "number": "112-4455667-0012345",
                    "placed_on": date(2026, 10, 28),
                    "items": ["Red bath towel", NASTY],
                    "amount_minor": 2499,
                    "currency": "USD",
                    "notes": None,
                    "created_at": WHEN,
                },
                {
                    "id": 8,
                    "company_id": 50,
                    "number": "X-1",
                    "placed_on": None,
                    "items": None,
                    "amount_minor": 999_999_999_999_999,
                    "currency": "JPY",
                    "notes": "big",
                    "created_at": WHEN,
                },
            ],
        )
        connection.execute(
            t["shipment"].insert(),
            [
                {
                    "id": 3,
                    "order_id": 7,
                    "carrier": "UPS",
                    "tracking": "1Z999AA10123456784",
                    "shipped_on": date(2026, 10, 29),
                    "expected_on": date(2026, 11, 1),
                    "delivered_on": date(2026, 11, 2),
                    "status": "delivered",
                    "created_at": WHEN,
                }
            ],
        )
        connection.execute(
            t["cases"].insert(),
            [
                {
                    "id": 12,
                    "title": "Gray bathrobe instead of red towel",
                    "company_id": amazon,
                    "order_id": 7,
                    "category": "wrong-item",
                    "problem": NASTY,
                    "happened_on": date(2026, 11, 2),
                    "expected": "red bath towel",
                    "received": "gray bathrobe",
                    "want": "the towel",
                    "resolution": "exchange",
                    "amount_minor": 2499,
                    "currency": "USD",
                    "status": "waiting",
                    "follow_up_on": date(2026, 11, 5),
                    "opened_at": WHEN,
                    "updated_at": WHEN,
                    "closed_at": None,
                    "outcome": None,
                    "recovered_minor": None,
                },
                {
                    "id": 13,
                    "title": "Closed one",
                    "company_id": 50,
                    "order_id": 8,
                    "category": "refund",
                    "problem": None,
                    "happened_on": None,
                    "expected": None,
                    "received": None,
                    "want": None,
                    "resolution": None,
                    "amount_minor": None,
                    "currency": "JPY",
                    "status": "closed",
                    "follow_up_on": None,
                    "opened_at": WHEN,
                    "updated_at": WHEN,
                    "closed_at": WHEN,
                    "outcome": "refunded",
                    "recovered_minor": 1500,
                },
            ],
        )
        connection.execute(
            t["contact"].insert(),
            [
                {
                    "id": 21,
                    "case_id": 12,
                    "at": WHEN,
                    "minutes": 20,
                    "channel": "chat",
                    "answered_by": "rep",
                    "rep_name": "Priya",
                    "rep_id": "P-7",
                    "reference": "C-0042",
                    "asked": "the towel",
                    "answer": "x" * 100_000,
                    "result": "promised",
                    "rating": 4,
                    "note": NASTY,
                    "logged_by": "alice",
                    "created_at": WHEN,
                }
            ],
        )
        connection.execute(
            t["promise"].insert(),
            [
                {
                    "id": 31,
                    "case_id": 12,
                    "contact_id": 21,
                    "what": "ship the red towel",
                    "due_on": date(2026, 11, 5),
                    "state": "pending",
                    "settled_at": None,
                    "created_at": WHEN,
                }
            ],
        )
        connection.execute(
            t["reference"].insert(),
            [
                {
                    "id": 41,
                    "case_id": 12,
                    "contact_id": 21,
                    "kind": "complaint",
                    "value": "C-0042",
                    "created_at": WHEN,
                }
            ],
        )
        connection.execute(
            t["evidence"].insert(),
            [
                {
                    "id": 51,
                    "case_id": 12,
                    "file": "12/abc-robe.jpg",
                    "original_name": "robe.jpg",
                    "sha256": "a" * 64,
                    "size": 5_000_000_000,
                    "note": None,
                    "added_at": WHEN,
                }
            ],
        )
        connection.execute(
            t["history"].insert(),
            [
                {
                    "id": 61,
                    "case_id": 12,
                    "at": WHEN,
                    "event": "opened",
                    "detail": "opened",
                    "actor": "alice",
                },
                {
                    "id": 62,
                    "case_id": 13,
                    "at": WHEN,
                    "event": "closed",
                    "detail": NASTY,
                    "actor": None,
                },
            ],
        )
        if connection.dialect.name == "postgresql":  # rows were given ids: move the sequences on
            for name in t:
                if "id" in t[name].c:
                    connection.exec_driver_sql(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'),"
                        f" (SELECT max(id) FROM {name}))"
                    )


def rows(engine) -> dict[str, list[dict]]:
    """Every row, as {column: value}, read through the tables as they are now."""
    meta = sa.MetaData()
    with engine.connect() as connection:
        meta.reflect(connection)
        return {
            name: [
                dict(r._mapping)
                for r in connection.execute(sa.select(table).order_by(*table.primary_key.columns))
            ]
            for name, table in meta.tables.items()
        }


def assert_kept(before: dict[str, list[dict]], after: dict[str, list[dict]]) -> None:
    """Every row and every value of `before` is still in `after` (new columns may appear)."""
    for name, old_rows in before.items():
        assert name in after, f"table {name} is gone"
        if name == "alembic_version":
            continue
        new_rows = {r.get("id", i): r for i, r in enumerate(after[name])}
        for i, old in enumerate(old_rows):
            new = new_rows.get(old.get("id", i))
            assert new is not None, f"{name} row {old.get('id')} is gone"
            assert {k: new[k] for k in old} == old, f"{name} row {old.get('id')} changed"


def test_rows_written_at_the_first_schema_survive_upgrade_downgrade_upgrade(cli, engine):
    migrate.upgrade(engine, FIRST)
    fill_at_first_revision(engine)
    at_first = rows(engine)
    assert all(at_first.values()), "a row in every table"

    migrate.upgrade(engine)
    assert migrate.current(engine) == (db.HEAD, True)
    at_head = rows(engine)
    assert_kept(at_first, at_head)
    # tracker reads them: the case file as the first schema left it
    data = cli.json("case", "show", "12")
    assert data["problem"] == NASTY and data["order"]["items"] == ["Red bath towel", NASTY]
    assert data["contacts"][0]["answer"] == "x" * 100_000
    assert data["contacts"][0]["at"] == "2026-11-02T10:10:00+00:00"
    assert data["evidence"][0]["sha256"] == "a" * 64
    assert cli.json("case", "show", "13")["recovered"] == "1500"
    assert cli.json("order", "show", "X-1")["amount"] == "999999999999999"

    migrate.downgrade(engine, FIRST)
    assert_kept(at_first, rows(engine))
    migrate.upgrade(engine)
    assert_kept(at_head, rows(engine))
    assert rows(engine) == at_head

    # all the way down (the tables go) and up again (the schema and Amazon come back)
    migrate.downgrade(engine, "base")
    assert set(rows(engine)) <= {"alembic_version"}
    migrate.upgrade(engine)
    assert [c["name"] for c in cli.json("company", "list")] == ["Amazon"]
    cli("case", "open", "After the round trip")  # the sequences start over cleanly
    cli("log", "1", "--channel", "chat", "--ref", "R-1", "--promise", "call back")


TEST_ONLY_REVISION = '''"""test only: a later schema, to exercise the upgrade path

Revision ID: 9001
Revises: {head}
"""
import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("upgrade_probe", sa.Column("id", sa.Integer(), primary_key=True))
    # SQLite rebuilds the table (copy, drop, rename): its children must survive
    with op.batch_alter_table("cases", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("probe", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cases", recreate="always") as batch_op:
        batch_op.drop_column("probe")
    op.drop_table("upgrade_probe")
'''


@pytest.fixture
def later_migrations(tmp_path) -> Path:
    """This checkout's migrations plus one more: what a later tracker would ship."""
    folder = tmp_path / "later-migrations"
    shutil.copytree(
        migrate.migrations_folder(), folder, ignore=shutil.ignore_patterns("__pycache__")
    )
    (folder / "versions" / "9001_test_only.py").write_text(TEST_ONLY_REVISION.format(head=db.HEAD))
    return folder


@pytest.mark.sqlite_only
def test_backup_before_an_automatic_upgrade_restores_the_old_database(
    cli, towel_case, home, later_migrations, monkeypatch, dump
):
    """A later tracker backs up the file before it upgrades the schema; copying that
    backup back gives this tracker its database again, whole."""
    before = dump()
    database = home / "tracker.db"

    with monkeypatch.context() as later:  # run as the later tracker
        later.setattr(migrate, "migrations_folder", lambda: later_migrations)
        later.setattr(db, "HEAD", "9001")
        cli("case", "list")  # its first use: backup, then upgrade
        assert cli("db", "current").stdout.strip() == "9001 (head)"
        # rebuilding `cases` kept every row that points at it
        after = dump()
        for table in ("contact", "promise", "reference", "history"):
            assert after[table] == before[table], table

    backups = sorted((home / "backups").iterdir())
    assert len(backups) == 1, backups
    backup = backups[0]
    assert backup.name.startswith(f"tracker-before-upgrade-from-{db.HEAD}-")
    assert backup.stat().st_mode & 0o777 == 0o600
    assert (home / "backups").stat().st_mode & 0o777 == 0o700

    # This tracker refuses the upgraded database...
    result = cli("case", "list", code=1)
    assert result.stderr.startswith("Error: ") and "9001" in result.stderr
    # ...and works again on the restored backup, with every row.
    for side in ("-wal", "-shm"):
        Path(f"{database}{side}").unlink(missing_ok=True)
    shutil.copy2(backup, database)
    assert cli("db", "current").stdout.strip() == f"{db.HEAD} (head)"
    assert dump() == before
    assert len(cli.json("case", "show", "1")["contacts"]) == 3


@pytest.mark.parametrize(
    "command",
    [
        ("case", "list"),
        ("log", "1", "--channel", "chat"),
        ("db", "upgrade"),
    ],
)
def test_database_at_an_unknown_revision_is_refused(cli, towel_case, engine, home, dump, command):
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'ffff9999'")
    before = dump()
    result = cli(*command, code=1)
    assert result.stderr.startswith("Error: the database is at schema revision ffff9999")
    assert "newer" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert dump() == before
    assert not (home / "backups").exists()
