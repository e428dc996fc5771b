"""The case file's tables as SQLAlchemy Core tables: the columns, their types and
keys, for the statements of reading commands (services.common.read).

GENERATED from tracker/models.py by `python tools/gen_tables.py`: do not edit.
tests/test_tables.py fails when this file and the models differ. The indexes and
constraints are the models' and the migrations' business, not this file's.

Building these takes about 5 ms; building the SQLModel classes of tracker.models
about 30 ms, which a command that only reads no longer pays at start-up: reading
code imports this module, and writing code imports the models where it writes.
"""

import sqlalchemy as sa
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


cases = sa.Table(
    "cases",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("title", AutoString(), nullable=False),
    sa.Column(
        "company_id", sa.Integer(), sa.ForeignKey("company.id", ondelete="RESTRICT"), nullable=False
    ),
    sa.Column("order_id", sa.Integer(), sa.ForeignKey("orders.id", ondelete="SET NULL")),
    sa.Column("category", AutoString(), nullable=False),
    sa.Column("problem", sa.Text()),
    sa.Column("happened_on", sa.Date()),
    sa.Column("expected", sa.Text()),
    sa.Column("received", sa.Text()),
    sa.Column("want", sa.Text()),
    sa.Column("resolution", AutoString()),
    sa.Column("amount_minor", sa.BigInteger()),
    sa.Column("currency", AutoString(), nullable=False),
    sa.Column("status", AutoString(), nullable=False),
    sa.Column("follow_up_on", sa.Date()),
    sa.Column("opened_at", UTCDateTime(), nullable=False),
    sa.Column("updated_at", UTCDateTime(), nullable=False),
    sa.Column("closed_at", UTCDateTime()),
    sa.Column("outcome", sa.Text()),
    sa.Column("recovered_minor", sa.BigInteger()),
    sa.Column("paid_with", AutoString()),
    sa.Column("statement_on", sa.Date()),
    sa.Column("chargeback_on", sa.Date()),
    sa.Column("digital", sa.Boolean()),
)


change = sa.Table(
    "change",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("at", UTCDateTime(), nullable=False),
    sa.Column("actor", AutoString()),
    sa.Column("command", sa.Text()),
    sa.Column("undone_at", UTCDateTime()),
)


change_row = sa.Table(
    "change_row",
    metadata,
    sa.Column(
        "change_id", sa.Integer(), sa.ForeignKey("change.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=False),
    sa.Column("table_name", AutoString(), nullable=False),
    sa.Column("row_id", sa.Integer(), nullable=False),
    sa.Column("before_row", sa.JSON(none_as_null=True)),
    sa.Column("after_row", sa.JSON(none_as_null=True)),
)


company = sa.Table(
    "company",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("name", AutoString(), nullable=False),
    sa.Column("key", AutoString(), nullable=False),
    sa.Column("phone", AutoString()),
    sa.Column("url", AutoString()),
    sa.Column("email", AutoString()),
    sa.Column("chat_topics", sa.Text()),
    sa.Column("notes", sa.Text()),
    sa.Column("created_at", UTCDateTime(), nullable=False),
)


contact = sa.Table(
    "contact",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column(
        "case_id", sa.Integer(), sa.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("at", UTCDateTime(), nullable=False),
    sa.Column("minutes", sa.Integer()),
    sa.Column("channel", AutoString(), nullable=False),
    sa.Column("answered_by", AutoString()),
    sa.Column("rep_name", AutoString()),
    sa.Column("rep_id", AutoString()),
    sa.Column("reference", AutoString()),
    sa.Column("asked", sa.Text()),
    sa.Column("answer", sa.Text()),
    sa.Column("result", AutoString()),
    sa.Column("rating", sa.Integer()),
    sa.Column("note", sa.Text()),
    sa.Column("logged_by", AutoString()),
    sa.Column("created_at", UTCDateTime(), nullable=False),
)


evidence = sa.Table(
    "evidence",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column(
        "case_id", sa.Integer(), sa.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("file", AutoString(), nullable=False),
    sa.Column("original_name", AutoString(), nullable=False),
    sa.Column("sha256", AutoString(), nullable=False),
    sa.Column("size", sa.BigInteger(), nullable=False),
    sa.Column("note", sa.Text()),
    sa.Column("added_at", UTCDateTime(), nullable=False),
)


history = sa.Table(
    "history",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column(
        "case_id", sa.Integer(), sa.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("at", UTCDateTime(), nullable=False),
    sa.Column("event", AutoString(), nullable=False),
    sa.Column("detail", sa.Text()),
    sa.Column("actor", AutoString()),
)


orders = sa.Table(
    "orders",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column(
        "company_id", sa.Integer(), sa.ForeignKey("company.id", ondelete="RESTRICT"), nullable=False
    ),
    sa.Column("number", AutoString(), nullable=False),
    sa.Column("placed_on", sa.Date()),
    sa.Column("items", sa.JSON()),
    sa.Column("amount_minor", sa.BigInteger()),
    sa.Column("currency", AutoString(), nullable=False),
    sa.Column("notes", sa.Text()),
    sa.Column("created_at", UTCDateTime(), nullable=False),
)


promise = sa.Table(
    "promise",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column(
        "case_id", sa.Integer(), sa.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("contact_id", sa.Integer(), sa.ForeignKey("contact.id", ondelete="SET NULL")),
    sa.Column("what", sa.Text(), nullable=False),
    sa.Column("due_on", sa.Date()),
    sa.Column("state", AutoString(), nullable=False),
    sa.Column("settled_at", UTCDateTime()),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("made_by", AutoString()),
)


reference = sa.Table(
    "reference",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column(
        "case_id", sa.Integer(), sa.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("contact_id", sa.Integer(), sa.ForeignKey("contact.id", ondelete="SET NULL")),
    sa.Column("kind", AutoString(), nullable=False),
    sa.Column("value", AutoString(), nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("note", sa.Text()),
    sa.Column("added_by", AutoString()),
)


shipment = sa.Table(
    "shipment",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column(
        "order_id", sa.Integer(), sa.ForeignKey("orders.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("carrier", AutoString()),
    sa.Column("tracking", AutoString()),
    sa.Column("shipped_on", sa.Date()),
    sa.Column("expected_on", sa.Date()),
    sa.Column("delivered_on", sa.Date()),
    sa.Column("status", AutoString()),
    sa.Column("created_at", UTCDateTime(), nullable=False),
)
