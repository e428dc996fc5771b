"""tallies: running totals of contacts, kept by triggers, so reading commands never count 1,000,000 rows

- contact_tally: per channel, the number of contacts, minutes logged, contacts
  timed, contacts rated and the sum of ratings (`stats`).
- case_tally: per case with contacts, how many and the time of the last one
  (`case list`'s ranking and counts, `due`'s silent cases, `stats`' busiest
  case through ix_case_tally_contacts).

Triggers on `contact` keep both in step in the same transaction as every write
(ORM, Core bulk inserts of import, undo, cascades from a deleted case). A case
with no contacts has no case_tally row. Both are derived data: outside the
models, never exported or journalled; this revision fills them from the rows.

This revision writes everything it needs itself (no tracker imports).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 04:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FIGURES = ("contacts", "minutes", "timed", "rated", "rating_sum")


def _figures(row: str) -> tuple[str, ...]:
    """The contact_tally figures one contact row (NEW or OLD) adds."""
    return (
        "1",
        f"coalesce({row}.minutes, 0)",
        f"CASE WHEN {row}.minutes IS NULL THEN 0 ELSE 1 END",
        f"CASE WHEN {row}.rating IS NULL THEN 0 ELSE 1 END",
        f"coalesce({row}.rating, 0)",
    )


def _add_channel(row: str) -> str:
    values = ", ".join(_figures(row))
    sums = ", ".join(f"{f} = contact_tally.{f} + excluded.{f}" for f in FIGURES)
    return (
        f"INSERT INTO contact_tally (channel, {', '.join(FIGURES)}) "
        f"VALUES ({row}.channel, {values}) ON CONFLICT (channel) DO UPDATE SET {sums};"
    )


def _drop_channel(row: str) -> str:
    less = ", ".join(f"{f} = {f} - {v}" for f, v in zip(FIGURES, _figures(row), strict=True))
    return (
        f"UPDATE contact_tally SET {less} WHERE channel = {row}.channel; "
        f"DELETE FROM contact_tally WHERE channel = {row}.channel AND contacts = 0;"
    )


def _add_case(latest: str) -> str:
    return (
        "INSERT INTO case_tally (case_id, contacts, last_contact_at) "
        "VALUES (NEW.case_id, 1, NEW.at) ON CONFLICT (case_id) DO UPDATE SET "
        "contacts = case_tally.contacts + 1, "
        f"last_contact_at = {latest}(case_tally.last_contact_at, excluded.last_contact_at);"
    )


def _drop_case() -> str:
    # the last contact read again through ix_contact_case_id_at
    return (
        "UPDATE case_tally SET contacts = contacts - 1, last_contact_at = "
        "(SELECT max(at) FROM contact WHERE case_id = OLD.case_id) WHERE case_id = OLD.case_id; "
        "DELETE FROM case_tally WHERE case_id = OLD.case_id AND contacts = 0;"
    )


WATCHED = "case_id, at, channel, minutes, rating"

FILL = (
    "INSERT INTO contact_tally (channel, contacts, minutes, timed, rated, rating_sum) "
    "SELECT channel, count(*), coalesce(sum(minutes), 0), count(minutes), count(rating), "
    "coalesce(sum(rating), 0) FROM contact GROUP BY channel",
    "INSERT INTO case_tally (case_id, contacts, last_contact_at) "
    "SELECT case_id, count(*), max(at) FROM contact GROUP BY case_id",
)


def upgrade() -> None:
    op.create_table(
        "contact_tally",
        sa.Column("channel", sa.String(), primary_key=True),
        *(sa.Column(f, sa.BigInteger(), nullable=False) for f in FIGURES),
    )
    op.create_table(
        "case_tally",
        sa.Column("case_id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("contacts", sa.BigInteger(), nullable=False),
        sa.Column("last_contact_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    )
    # `stats`: the busiest case, most contacts first, then the lowest case number
    op.execute("CREATE INDEX ix_case_tally_contacts ON case_tally (contacts DESC, case_id)")
    if op.get_bind().dialect.name == "sqlite":
        # an update is the old row's contact taken away and the new one's added
        op.execute(
            "CREATE TRIGGER tally_contact_insert AFTER INSERT ON contact BEGIN "
            f"{_add_channel('NEW')} {_add_case('max')} END"
        )
        op.execute(
            "CREATE TRIGGER tally_contact_delete AFTER DELETE ON contact BEGIN "
            f"{_drop_channel('OLD')} {_drop_case()} END"
        )
        op.execute(
            f"CREATE TRIGGER tally_contact_update AFTER UPDATE OF {WATCHED} ON contact BEGIN "
            f"{_drop_channel('OLD')} {_drop_case()} {_add_channel('NEW')} {_add_case('max')} "
            # the new row's time may have moved back: read the last contact again
            "UPDATE case_tally SET last_contact_at = "
            "(SELECT max(at) FROM contact WHERE case_id = NEW.case_id) "
            "WHERE case_id = NEW.case_id; END"
        )
    else:
        op.execute(
            "CREATE FUNCTION tally_contact() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP <> 'INSERT' THEN {_drop_channel('OLD')} {_drop_case()} END IF; "
            f"IF TG_OP <> 'DELETE' THEN {_add_channel('NEW')} {_add_case('greatest')} END IF; "
            "IF TG_OP = 'UPDATE' THEN UPDATE case_tally SET last_contact_at = "
            "(SELECT max(at) FROM contact WHERE case_id = NEW.case_id) "
            "WHERE case_id = NEW.case_id; END IF; "
            "RETURN NULL; END $$"
        )
        op.execute(
            f"CREATE TRIGGER tally_contact AFTER INSERT OR DELETE OR UPDATE OF {WATCHED} "
            "ON contact FOR EACH ROW EXECUTE FUNCTION tally_contact()"
        )
    for statement in FILL:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for event in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS tally_contact_{event}")
    else:
        op.execute("DROP TRIGGER IF EXISTS tally_contact ON contact")
        op.execute("DROP FUNCTION IF EXISTS tally_contact()")
    op.execute("DROP TABLE IF EXISTS case_tally")
    op.execute("DROP TABLE IF EXISTS contact_tally")
