"""deadline indexes: `due` finds the cases a deadline may close for from indexes alone

Each rule counted from a shipment's date (the first or last delivery, the latest
estimate) walks the shipments of its window of dates, finds their cases by
order, tests each case (active, the rule's companies, how it was paid, no
chargeback, not digital) and checks that no other shipment of the order comes
first. With one-column indexes every step read the shipment's and the case's
rows: at 100,000 cases 26 ms for Amazon's return window alone. These indexes
hold what the steps read, so no row is read (15.6 ms; the A-to-z window 8.0 ms
-> 1.8 ms).

- shipment (delivered_on, order_id) replaces (delivered_on), and
  (expected_on, order_id) replaces (expected_on): the window of dates, with the
  order each shipment belongs to.
- shipment (order_id, delivered_on) replaces (order_id): the other shipments of
  the order and their delivery dates (and the foreign key's lookups, as before).
- cases (order_id, status, company_id, paid_with, chargeback_on, digital)
  replaces (order_id): a case by its order, with what the rules test.

This revision writes everything it needs itself (no tracker imports).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 13:15:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("ix_shipment_delivered_on_order_id", "shipment", ["delivered_on", "order_id"]),
    ("ix_shipment_expected_on_order_id", "shipment", ["expected_on", "order_id"]),
    ("ix_shipment_order_id_delivered_on", "shipment", ["order_id", "delivered_on"]),
    (
        "ix_cases_order_id_deadline_facts",
        "cases",
        ["order_id", "status", "company_id", "paid_with", "chargeback_on", "digital"],
    ),
)

# replaced by the indexes above, whose first columns they are
OLD = (
    ("ix_shipment_delivered_on", "shipment", ["delivered_on"]),
    ("ix_shipment_expected_on", "shipment", ["expected_on"]),
    ("ix_shipment_order_id", "shipment", ["order_id"]),
    ("ix_cases_order_id", "cases", ["order_id"]),
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
