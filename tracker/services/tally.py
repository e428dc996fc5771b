"""Running totals kept by triggers: of contacts (migration 0007, on `contact`), of
cases and money by status and currency and of promises by state (0009).

Derived data outside the models (never exported nor journalled): the triggers
keep them in step with every write, so reading commands read a handful of rows
instead of counting every contact of the file.

- contact_tally: per channel, contacts, minutes logged, contacts timed,
  contacts rated and the sum of their ratings.
- case_tally: per case with contacts, how many and the time of the last one.
- case_status_tally: per status and currency, the cases, how many have an amount
  at stake and its sum, how many a recovered amount and its sum.
- promise_tally: per state, the promises.
- active_touch: per active case, the time it was last touched (its last contact,
  else its opening), indexed by that time (0011: `due`'s silent cases).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel.sql.sqltypes import UTCDateTime

_metadata = sa.MetaData()

contact_tally = sa.Table(
    "contact_tally",
    _metadata,
    sa.Column("channel", sa.String(), primary_key=True),
    sa.Column("contacts", sa.BigInteger(), nullable=False),
    sa.Column("minutes", sa.BigInteger(), nullable=False),
    sa.Column("timed", sa.BigInteger(), nullable=False),
    sa.Column("rated", sa.BigInteger(), nullable=False),
    sa.Column("rating_sum", sa.BigInteger(), nullable=False),
)

case_tally = sa.Table(
    "case_tally",
    _metadata,
    sa.Column("case_id", sa.Integer(), primary_key=True, autoincrement=False),
    sa.Column("contacts", sa.BigInteger(), nullable=False),
    sa.Column("last_contact_at", UTCDateTime(), nullable=True),
)

# migration 0009: cases and money by status and currency, promises by state (`stats`)
case_status_tally = sa.Table(
    "case_status_tally",
    _metadata,
    sa.Column("status", sa.String(), primary_key=True),
    sa.Column("currency", sa.String(), primary_key=True),
    sa.Column("cases", sa.BigInteger(), nullable=False),
    sa.Column("amounts", sa.BigInteger(), nullable=False),
    sa.Column("amount_minor", sa.BigInteger(), nullable=False),
    sa.Column("recoveries", sa.BigInteger(), nullable=False),
    sa.Column("recovered_minor", sa.BigInteger(), nullable=False),
)

promise_tally = sa.Table(
    "promise_tally",
    _metadata,
    sa.Column("state", sa.String(), primary_key=True),
    sa.Column("promises", sa.BigInteger(), nullable=False),
)

# migration 0011: the active cases by the time they were last touched (`due`)
active_touch = sa.Table(
    "active_touch",
    _metadata,
    sa.Column("case_id", sa.Integer(), primary_key=True, autoincrement=False),
    sa.Column("touched_at", UTCDateTime(), nullable=False),
)
