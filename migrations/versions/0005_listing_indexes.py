"""listing indexes: `due` and `stats` read through indexes

- cases (status, follow_up_on): the follow-ups due of active cases, by date.
- cases (currency, recovered_minor, amount_minor) and contact (channel,
  minutes, rating): `stats` sums and counts from covering indexes, never the
  tables' rows.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 01:50:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("ix_cases_status_follow_up_on", "cases", ["status", "follow_up_on"]),
    ("ix_cases_currency_money", "cases", ["currency", "recovered_minor", "amount_minor"]),
    ("ix_contact_channel_minutes_rating", "contact", ["channel", "minutes", "rating"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
