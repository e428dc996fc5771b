"""change journal: every write command with the rows it changed, for `tracker undo`;
a reference's note and who added it, and who made a promise (`ref add`, `promise add --by`)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("command", sa.Text(), nullable=True),
        sa.Column("undone_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change")),
    )
    op.create_table(
        "change_row",
        sa.Column("change_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("table_name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("before_row", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("after_row", sa.JSON(none_as_null=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["change_id"],
            ["change.id"],
            name=op.f("fk_change_row_change_id_change"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("change_id", "seq", name=op.f("pk_change_row")),
    )
    with op.batch_alter_table("reference", schema=None) as batch_op:
        batch_op.add_column(sa.Column("note", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("added_by", sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        )
    with op.batch_alter_table("promise", schema=None) as batch_op:
        batch_op.add_column(sa.Column("made_by", sqlmodel.sql.sqltypes.AutoString(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("promise", schema=None) as batch_op:
        batch_op.drop_column("made_by")
    with op.batch_alter_table("reference", schema=None) as batch_op:
        batch_op.drop_column("added_by")
        batch_op.drop_column("note")
    op.drop_table("change_row")
    op.drop_table("change")
