"""status tallies: cases and money by status and currency, promises by state, kept by triggers, so `stats` reads a few rows instead of every case and promise

- case_status_tally: per status and currency, the number of cases, how many of
  them have an amount at stake and its sum, how many have a recovered amount and
  its sum (`stats`: cases by status, money at stake and recovered).
- promise_tally: per state, the number of promises (`stats`: promises).

At 100,000 cases `stats` otherwise counted and summed every case and promise
on each run: an index walk on SQLite, a scan on PostgreSQL, growing with the
file. Triggers keep both in step in the same transaction as every write (ORM,
import's Core inserts, undo, the cascade of a deleted case), as migration
0007's tallies do for contacts. Derived data: outside the models, never
exported or journalled; this revision fills them from the rows.

This revision writes everything it needs itself (no tracker imports).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 10:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CASE_FIGURES = ("cases", "amounts", "amount_minor", "recoveries", "recovered_minor")

# the cases columns whose change moves a case between tally rows or changes a sum
CASE_WATCHED = "status, currency, amount_minor, recovered_minor"


def _case_figures(row: str) -> tuple[str, ...]:
    """The case_status_tally figures one case row (NEW or OLD) adds."""
    return (
        "1",
        f"CASE WHEN {row}.amount_minor IS NULL THEN 0 ELSE 1 END",
        f"coalesce({row}.amount_minor, 0)",
        f"CASE WHEN {row}.recovered_minor IS NULL THEN 0 ELSE 1 END",
        f"coalesce({row}.recovered_minor, 0)",
    )


def _add_case(row: str) -> str:
    values = ", ".join(_case_figures(row))
    sums = ", ".join(f"{f} = case_status_tally.{f} + excluded.{f}" for f in CASE_FIGURES)
    return (
        f"INSERT INTO case_status_tally (status, currency, {', '.join(CASE_FIGURES)}) "
        f"VALUES ({row}.status, {row}.currency, {values}) "
        f"ON CONFLICT (status, currency) DO UPDATE SET {sums};"
    )


def _drop_case(row: str) -> str:
    less = ", ".join(
        f"{f} = {f} - {v}" for f, v in zip(CASE_FIGURES, _case_figures(row), strict=True)
    )
    where = f"status = {row}.status AND currency = {row}.currency"
    return (
        f"UPDATE case_status_tally SET {less} WHERE {where}; "
        f"DELETE FROM case_status_tally WHERE {where} AND cases = 0;"
    )


def _add_promise(row: str) -> str:
    return (
        f"INSERT INTO promise_tally (state, promises) VALUES ({row}.state, 1) "
        "ON CONFLICT (state) DO UPDATE SET promises = promise_tally.promises + 1;"
    )


def _drop_promise(row: str) -> str:
    return (
        f"UPDATE promise_tally SET promises = promises - 1 WHERE state = {row}.state; "
        f"DELETE FROM promise_tally WHERE state = {row}.state AND promises = 0;"
    )


# (table, trigger name, columns an update is watched on, add, drop)
TRIGGERS = (
    ("cases", "tally_case_status", CASE_WATCHED, _add_case, _drop_case),
    ("promise", "tally_promise_state", "state", _add_promise, _drop_promise),
)

FILL = (
    "INSERT INTO case_status_tally (status, currency, cases, amounts, amount_minor, "
    "recoveries, recovered_minor) SELECT status, currency, count(*), count(amount_minor), "
    "coalesce(sum(amount_minor), 0), count(recovered_minor), coalesce(sum(recovered_minor), 0) "
    "FROM cases GROUP BY status, currency",
    "INSERT INTO promise_tally (state, promises) SELECT state, count(*) FROM promise GROUP BY state",
)


def sqlite_insert_trigger(table: str, name: str, add) -> str:
    """The SQLite trigger adding an inserted row (import sets it aside: services.transfer)."""
    return f"CREATE TRIGGER {name}_insert AFTER INSERT ON {table} BEGIN {add('NEW')} END"


def upgrade() -> None:
    op.create_table(
        "case_status_tally",
        sa.Column("status", sa.String(), primary_key=True),
        sa.Column("currency", sa.String(), primary_key=True),
        *(sa.Column(f, sa.BigInteger(), nullable=False) for f in CASE_FIGURES),
    )
    op.create_table(
        "promise_tally",
        sa.Column("state", sa.String(), primary_key=True),
        sa.Column("promises", sa.BigInteger(), nullable=False),
    )
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, name, watched, add, drop in TRIGGERS:
        if sqlite:
            # an update is the old row taken away and the new one added
            op.execute(sqlite_insert_trigger(table, name, add))
            op.execute(
                f"CREATE TRIGGER {name}_delete AFTER DELETE ON {table} BEGIN {drop('OLD')} END"
            )
            op.execute(
                f"CREATE TRIGGER {name}_update AFTER UPDATE OF {watched} ON {table} BEGIN "
                f"{drop('OLD')} {add('NEW')} END"
            )
        else:
            op.execute(
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"IF TG_OP <> 'INSERT' THEN {drop('OLD')} END IF; "
                f"IF TG_OP <> 'DELETE' THEN {add('NEW')} END IF; "
                "RETURN NULL; END $$"
            )
            op.execute(
                f"CREATE TRIGGER {name} AFTER INSERT OR DELETE OR UPDATE OF {watched} "
                f"ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()"
            )
    for statement in FILL:
        op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, name, _watched, _add, _drop in TRIGGERS:
        if sqlite:
            for event in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS {name}_{event}")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    op.execute("DROP TABLE IF EXISTS promise_tally")
    op.execute("DROP TABLE IF EXISTS case_status_tally")
