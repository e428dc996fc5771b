"""search index without column sizes: SQLite's FTS5 table made again with columnsize=0, a fifth faster to fill

The SQLite search index (migrations 0004 and 0008) is an FTS5 table. FTS5 keeps,
beside each row, the size of its text in tokens (the table
search_index_docsize), for one use: ranking by bm25. `search` ranks by case,
never by score, so the sizes are written and never read. Without them FTS5
fills the index about a fifth faster (5.5 s instead of 6.9 s for 2 million of
the benchmark's rows): the triggers on every write, and an import, which fills
5 million index rows for 100,000 cases.

FTS5 takes the option only when its table is made. SQLite: the index's rows
(rowid, body, field, case_id) are copied aside, the table is made again with
columnsize=0 under the same name, the rows go back in rowid order and the index
is merged into one segment. The triggers that keep it in step name the table,
not its options: they are not touched. A downgrade makes it again as 0008 made
it. At 100,000 cases this takes about as long as filling the index (a minute);
a case file of a few hundred cases, a moment.

PostgreSQL: nothing (its index is a plain table with a pg_trgm GIN index).

This revision writes everything it needs itself (no tracker imports).

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 18:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The index's columns as 0008 makes them; the option is added or left out
COLUMNS = "body, field UNINDEXED, case_id UNINDEXED, tokenize = 'trigram'"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _make_again(f"{COLUMNS}, columnsize = 0")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _make_again(COLUMNS)


def _make_again(definition: str) -> None:
    """The index made again with `definition`, holding the same rows.

    Copied aside rather than renamed into place: SQLite's ALTER TABLE ... RENAME
    checks every trigger, and those of the index would name a table that is, at
    that moment, gone."""
    op.execute(
        "CREATE TEMP TABLE search_index_rows AS "
        "SELECT rowid AS id, body, field, case_id FROM search_index"
    )
    op.execute("DROP TABLE search_index")
    op.execute(f"CREATE VIRTUAL TABLE search_index USING fts5({definition})")
    op.execute(
        "INSERT INTO search_index(rowid, body, field, case_id) "
        "SELECT id, body, field, case_id FROM temp.search_index_rows ORDER BY id"
    )
    op.execute("INSERT INTO search_index(search_index) VALUES('optimize')")
    op.execute("DROP TABLE temp.search_index_rows")
