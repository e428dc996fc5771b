"""reading indexes: `due`, `stats` and the case file read through indexes at any size

- promise (case_id, state, due_on): a case's pending promises, and the agenda's
  "no promise still to wait for" test per case (without it SQLite walked every
  pending promise of the file for each active case).
- cases (currency, status, recovered_minor, amount_minor) replaces
  (currency, recovered_minor, amount_minor): `stats` sums money of ended cases
  per currency from the index alone, never the cases' rows.
- shipment (delivered_on), shipment (expected_on), orders (placed_on),
  cases (statement_on): `due` finds the cases a remedy deadline could close for
  by the dates the rules count from.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 04:15:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("ix_promise_case_id_state_due_on", "promise", ["case_id", "state", "due_on"]),
    (
        "ix_cases_currency_status_money",
        "cases",
        ["currency", "status", "recovered_minor", "amount_minor"],
    ),
    ("ix_shipment_delivered_on", "shipment", ["delivered_on"]),
    ("ix_shipment_expected_on", "shipment", ["expected_on"]),
    ("ix_orders_placed_on", "orders", ["placed_on"]),
    ("ix_cases_statement_on", "cases", ["statement_on"]),
)

# replaced by ix_cases_currency_status_money
OLD = ("ix_cases_currency_money", "cases", ["currency", "recovered_minor", "amount_minor"])


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)
    op.drop_index(OLD[0], table_name=OLD[1])


def downgrade() -> None:
    op.create_index(*OLD, unique=False)
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
