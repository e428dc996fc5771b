"""reading indexes: `due`, `stats` and the case file read through indexes at any size

- promise (case_id, state, due_on): a case's pending promises, and the agenda's
  "no promise still to wait for" test per case (without it SQLite walked every
  pending promise of the file for each active case).
- cases (currency, status, recovered_minor, amount_minor) replaces
  (currency, recovered_minor, amount_minor): `stats` sums money of ended cases
  per currency from the index alone, never the cases' rows.
- cases (status, follow_up_on, opened_at) replaces (status, follow_up_on):
  `case list` ranks the active cases from the index alone (with case_tally of
  0007 for the last contact), never the cases' rows.
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
    (
        "ix_cases_status_follow_up_on_opened_at",
        "cases",
        ["status", "follow_up_on", "opened_at"],
    ),
    ("ix_shipment_delivered_on", "shipment", ["delivered_on"]),
    ("ix_shipment_expected_on", "shipment", ["expected_on"]),
    ("ix_orders_placed_on", "orders", ["placed_on"]),
    ("ix_cases_statement_on", "cases", ["statement_on"]),
)

# replaced by ix_cases_currency_status_money and ix_cases_status_follow_up_on_opened_at
OLD = (
    ("ix_cases_currency_money", "cases", ["currency", "recovered_minor", "amount_minor"]),
    ("ix_cases_status_follow_up_on", "cases", ["status", "follow_up_on"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)
    for name, table, _ in OLD:
        op.drop_index(name, table_name=table)


def downgrade() -> None:
    for name, table, columns in OLD:
        op.create_index(name, table, columns, unique=False)
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
