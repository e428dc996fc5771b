"""active touch: every active case with the time it was last touched, indexed, so `due` finds the silent cases without walking every active one

`due` lists the active cases silent for a week or more: the time of a case's
last contact (case_tally, migration 0007), or of its opening when it has no
contact, before a cutoff. That time lives in two tables, so no index held it:
`due` walked every active case and probed case_tally for each, at 100,000
cases about 20,000 probes (15 ms) to find the 2,000 silent ones.

- active_touch: one row per active case (open, waiting, escalated): its id and
  coalesce(last contact, opening), indexed by (touched_at, case_id).

Triggers keep it in step in the same transaction as every write: on `cases`
(a case opened, ended or reopened, its opening moved, a case deleted) a case
comes in or goes out; on `case_tally` (kept by 0007's triggers on `contact`)
its time follows the last contact. Only the triggers on `cases` add or remove
rows. Derived data: outside the models, never exported or journalled; this
revision fills it from the rows.

On PostgreSQL (READ COMMITTED) a case coming in reads its last contact from
case_tally as committed: two sessions writing the same case at once could
leave a stale time until the case's next write. The commands that write a
contact update its case's row first (its history and time of change), so on
one case such writes take turns at that row lock; `undo` replays a change's
rows in its own order and is the exception.

This revision writes everything it needs itself (no tracker imports).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 15:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIVE = "('open', 'waiting', 'escalated')"


def _touched(row: str) -> str:
    """The time case row `row` (NEW) was last touched: its last contact, else its opening."""
    return (
        f"coalesce((SELECT t.last_contact_at FROM case_tally AS t WHERE t.case_id = {row}.id), "
        f"{row}.opened_at)"
    )


def _enter(row: str) -> str:
    """Case row `row` listed, when it is active."""
    return (
        f"INSERT INTO active_touch (case_id, touched_at) "
        f"SELECT {row}.id, {_touched(row)} WHERE {row}.status IN {ACTIVE};"
    )


def _leave(row: str) -> str:
    return f"DELETE FROM active_touch WHERE case_id = {row}.id;"


def _follow(row: str, last: str) -> str:
    """The listed case of tally row `row` takes `last` (its last contact, or NULL:
    its opening). A case being deleted keeps its time until its own trigger takes
    it out (its contacts may go first, in the delete's cascade)."""
    return (
        f"UPDATE active_touch SET touched_at = coalesce({last}, "
        f"(SELECT c.opened_at FROM cases AS c WHERE c.id = {row}.case_id), touched_at) "
        f"WHERE case_id = {row}.case_id;"
    )


# the cases columns whose change moves a case in or out, or changes its time
WATCHED = "status, opened_at"

# SQLite: an update is the old row taken out and the new one put in. Import sets
# the insert triggers aside and runs FILL after its rows (services.transfer).
SQLITE_TRIGGERS = {
    "touch_case_insert": f"CREATE TRIGGER touch_case_insert AFTER INSERT ON cases BEGIN "
    f"{_enter('NEW')} END",
    "touch_case_update": f"CREATE TRIGGER touch_case_update AFTER UPDATE OF {WATCHED} ON cases "
    f"BEGIN {_leave('OLD')} {_enter('NEW')} END",
    "touch_case_delete": f"CREATE TRIGGER touch_case_delete AFTER DELETE ON cases BEGIN "
    f"{_leave('OLD')} END",
    "touch_tally_insert": "CREATE TRIGGER touch_tally_insert AFTER INSERT ON case_tally BEGIN "
    f"{_follow('NEW', 'NEW.last_contact_at')} END",
    "touch_tally_update": "CREATE TRIGGER touch_tally_update AFTER UPDATE OF last_contact_at "
    f"ON case_tally BEGIN {_follow('NEW', 'NEW.last_contact_at')} END",
    "touch_tally_delete": "CREATE TRIGGER touch_tally_delete AFTER DELETE ON case_tally BEGIN "
    f"{_follow('OLD', 'NULL')} END",
}

# PostgreSQL: (table, trigger and function name, columns watched, function body)
PG_TRIGGERS = (
    (
        "cases",
        "touch_case",
        WATCHED,
        f"IF TG_OP <> 'INSERT' THEN {_leave('OLD')} END IF; "
        f"IF TG_OP <> 'DELETE' THEN {_enter('NEW')} END IF;",
    ),
    (
        "case_tally",
        "touch_tally",
        "last_contact_at",
        f"IF TG_OP = 'DELETE' THEN {_follow('OLD', 'NULL')} "
        f"ELSE {_follow('NEW', 'NEW.last_contact_at')} END IF;",
    ),
)

FILL = (
    "INSERT INTO active_touch (case_id, touched_at) "
    "SELECT c.id, coalesce(t.last_contact_at, c.opened_at) FROM cases AS c "
    f"LEFT JOIN case_tally AS t ON t.case_id = c.id WHERE c.status IN {ACTIVE}",
)


def upgrade() -> None:
    op.create_table(
        "active_touch",
        sa.Column("case_id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("touched_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    )
    # `due`: the silent cases, least recently touched first
    op.execute("CREATE INDEX ix_active_touch_touched_at ON active_touch (touched_at, case_id)")
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_TRIGGERS.values():
            op.execute(statement)
    else:
        for table, name, watched, body in PG_TRIGGERS:
            op.execute(
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"{body} RETURN NULL; END $$"
            )
            op.execute(
                f"CREATE TRIGGER {name} AFTER INSERT OR DELETE OR UPDATE OF {watched} "
                f"ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()"
            )
    for statement in FILL:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        for table, name, _watched, _body in PG_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    op.execute("DROP TABLE IF EXISTS active_touch")
