"""case payment and dates: how a case was paid, its statement and chargeback dates

The remedy deadlines need them: a card billing dispute counts from the first
statement showing the charge, and a chargeback ends an A-to-z claim; an
A-to-z claim is not available for a digital item.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("paid_with", sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        )
        batch_op.add_column(sa.Column("statement_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("chargeback_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("digital", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("digital")
        batch_op.drop_column("chargeback_on")
        batch_op.drop_column("statement_on")
        batch_op.drop_column("paid_with")
