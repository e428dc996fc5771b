"""The tables of the case file.

Times are aware datetimes stored in UTC (sqlmodel's UTCDateTime), money as
integer minor units with its currency, enums as their string values. Every
table is usable from SQLAlchemy Core (`Model.__table__`) for bulk paths.

No `from __future__ import annotations` here: SQLModel and SQLAlchemy would
then evaluate every column's annotation from its text, a few milliseconds of
every command's start-up.
"""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

# Rows are made by SQLAlchemy and never validated by pydantic (table models skip
# validation), so pydantic need not build each table's validator when a command
# starts (~4 ms); it would build one on first use.
SQLModel.model_config["defer_build"] = True
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Company(SQLModel, table=True):
    __tablename__ = "company"

    id: int | None = Field(default=None, primary_key=True)
    name: str
    # casefolded name: company names are unique whatever their case
    key: str = Field(unique=True)
    phone: str | None = None
    url: str | None = None
    email: str | None = None
    chat_topics: str | None = Field(default=None, sa_type=sa.Text)
    notes: str | None = Field(default=None, sa_type=sa.Text)
    created_at: datetime


class Order(SQLModel, table=True):
    __tablename__ = "orders"
    __table_args__ = (sa.UniqueConstraint("company_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True, ondelete="RESTRICT")
    number: str = Field(index=True)
    placed_on: date | None = Field(default=None, index=True)  # `due`: deadlines from it
    items: list | None = Field(default=None, sa_type=sa.JSON)
    amount_minor: int | None = Field(default=None, sa_type=sa.BigInteger)
    currency: str = "USD"
    notes: str | None = Field(default=None, sa_type=sa.Text)
    created_at: datetime


class Shipment(SQLModel, table=True):
    __tablename__ = "shipment"
    __table_args__ = (
        # `due`: the return windows counted from these dates, with the order each
        # shipment belongs to, and the other shipments of an order by delivery
        # (migration 0010: read from the indexes alone)
        sa.Index("ix_shipment_delivered_on_order_id", "delivered_on", "order_id"),
        sa.Index("ix_shipment_expected_on_order_id", "expected_on", "order_id"),
        sa.Index("ix_shipment_order_id_delivered_on", "order_id", "delivered_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", ondelete="CASCADE")
    carrier: str | None = None
    tracking: str | None = Field(default=None, index=True)
    shipped_on: date | None = None
    expected_on: date | None = None
    delivered_on: date | None = None
    status: str | None = None
    created_at: datetime


class Case(SQLModel, table=True):
    __tablename__ = "cases"
    __table_args__ = (
        # `due`: follow-ups of active cases by date; `case list`: the active cases
        # ranked from the index alone; `stats`: money per currency and status
        sa.Index("ix_cases_status_follow_up_on_opened_at", "status", "follow_up_on", "opened_at"),
        sa.Index(
            "ix_cases_currency_status_money",
            "currency",
            "status",
            "recovered_minor",
            "amount_minor",
        ),
        # `due`: a case by its order, with what the deadline rules test (0010)
        sa.Index(
            "ix_cases_order_id_deadline_facts",
            "order_id",
            "status",
            "company_id",
            "paid_with",
            "chargeback_on",
            "digital",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    title: str
    company_id: int = Field(foreign_key="company.id", index=True, ondelete="RESTRICT")
    order_id: int | None = Field(default=None, foreign_key="orders.id", ondelete="SET NULL")
    category: str = "other"
    problem: str | None = Field(default=None, sa_type=sa.Text)
    happened_on: date | None = None
    expected: str | None = Field(default=None, sa_type=sa.Text)
    received: str | None = Field(default=None, sa_type=sa.Text)
    want: str | None = Field(default=None, sa_type=sa.Text)
    resolution: str | None = None
    amount_minor: int | None = Field(default=None, sa_type=sa.BigInteger)
    currency: str = "USD"
    status: str = Field(default="open", index=True)
    follow_up_on: date | None = None
    opened_at: datetime
    updated_at: datetime
    closed_at: datetime | None = None
    outcome: str | None = Field(default=None, sa_type=sa.Text)
    recovered_minor: int | None = Field(default=None, sa_type=sa.BigInteger)
    # what the remedy deadlines need (tracker.deadlines)
    paid_with: str | None = None
    statement_on: date | None = Field(default=None, index=True)
    chargeback_on: date | None = None
    digital: bool | None = None


class Contact(SQLModel, table=True):
    """One contact attempt with the company."""

    __tablename__ = "contact"
    __table_args__ = (
        sa.Index("ix_contact_case_id_at", "case_id", "at"),
        # `stats`: every contact figure from one covering index (migration 0005)
        sa.Index("ix_contact_channel_minutes_rating", "channel", "minutes", "rating"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", ondelete="CASCADE")
    at: datetime
    minutes: int | None = None
    channel: str
    answered_by: str | None = None
    rep_name: str | None = None
    rep_id: str | None = None
    reference: str | None = None
    asked: str | None = Field(default=None, sa_type=sa.Text)
    answer: str | None = Field(default=None, sa_type=sa.Text)
    result: str | None = None
    rating: int | None = None
    note: str | None = Field(default=None, sa_type=sa.Text)
    logged_by: str | None = None
    created_at: datetime


class Promise(SQLModel, table=True):
    __tablename__ = "promise"
    __table_args__ = (
        sa.Index("ix_promise_state_due_on", "state", "due_on"),
        # a case's pending promises (case file, `due`'s promise-to-wait-for test)
        sa.Index("ix_promise_case_id_state_due_on", "case_id", "state", "due_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True, ondelete="CASCADE")
    contact_id: int | None = Field(
        default=None, foreign_key="contact.id", index=True, ondelete="SET NULL"
    )
    what: str = Field(sa_type=sa.Text)
    due_on: date | None = None
    state: str = "pending"
    settled_at: datetime | None = None
    created_at: datetime
    # `promise add --by`: who promised, when no logged contact says
    made_by: str | None = None


class Reference(SQLModel, table=True):
    """A number worth keeping: complaint, return authorisation, refund, ticket."""

    __tablename__ = "reference"
    __table_args__ = (sa.UniqueConstraint("case_id", "value"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True, ondelete="CASCADE")
    contact_id: int | None = Field(
        default=None, foreign_key="contact.id", index=True, ondelete="SET NULL"
    )
    kind: str = "complaint"
    value: str = Field(index=True)
    created_at: datetime
    # `ref add`: a number with no contact behind it (from an email, a letter)
    note: str | None = Field(default=None, sa_type=sa.Text)
    added_by: str | None = None


class Evidence(SQLModel, table=True):
    __tablename__ = "evidence"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True, ondelete="CASCADE")
    file: str
    original_name: str
    sha256: str = Field(index=True)
    size: int = Field(sa_type=sa.BigInteger)
    note: str | None = Field(default=None, sa_type=sa.Text)
    added_at: datetime


class History(SQLModel, table=True):
    """Every change to a case, with its time and who made it."""

    __tablename__ = "history"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True, ondelete="CASCADE")
    at: datetime
    event: str
    detail: str | None = Field(default=None, sa_type=sa.Text)
    actor: str | None = None


class Change(SQLModel, table=True):
    """One write command, as `tracker undo` sees it (tracker.journal keeps it)."""

    __tablename__ = "change"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime
    actor: str | None = None
    command: str | None = Field(default=None, sa_type=sa.Text)
    undone_at: datetime | None = None


class ChangeRow(SQLModel, table=True):
    """One row a change inserted, updated or deleted: its values before and after."""

    __tablename__ = "change_row"

    change_id: int = Field(foreign_key="change.id", primary_key=True, ondelete="CASCADE")
    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    table_name: str
    row_id: int
    # None is SQL NULL (not JSON null): `undo --list` counts rows added and deleted in SQL
    before_row: dict | None = Field(default=None, sa_type=sa.JSON(none_as_null=True))
    after_row: dict | None = Field(default=None, sa_type=sa.JSON(none_as_null=True))
