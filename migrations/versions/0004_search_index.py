"""search index: full-text search kept in step by triggers, identifiers by key

One row of `search_index` per searchable text of a case, its contacts,
references, promises, evidence, its order and shipments and its company. The
row id is the source row's id * 32 + a code naming the table and column, so a
trigger finds the rows of a changed source row by id, never by a scan.

SQLite: an FTS5 table with the trigram tokenizer (case-folded substrings, as
`search` always matched). PostgreSQL: a plain table with a pg_trgm GIN index
on lower(body). Triggers on the base tables keep it in step in the same
transaction as every write (ORM, Core bulk inserts of import, cascades).

Order, tracking and reference numbers are also looked up exactly through
expression indexes on the value upper-cased without spaces and dashes.

This revision writes everything it needs itself (no tracker imports), so it
can be re-chained by changing `down_revision` only.

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-30 01:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STRIDE = 32  # row id = source id * STRIDE + code; codes stay below STRIDE

# (table, owner column, owner kind, ((code, label, column), ...)); codes are unique
# across tables (the row ids share one space); kind "c" owner is
# a case id, "o" an order id, "m" a company id. Labels are what `search` shows.
SOURCES = (
    (
        "cases",
        "id",
        "c",
        (
            (1, "title", "title"),
            (2, "problem", "problem"),
            (3, "expected", "expected"),
            (4, "received", "received"),
            (5, "want", "want"),
            (6, "outcome", "outcome"),
        ),
    ),
    (
        "contact",
        "case_id",
        "c",
        (
            (7, "rep", "rep_name"),
            (8, "rep id", "rep_id"),
            (9, "reference", "reference"),
            (10, "asked", "asked"),
            (11, "answer", "answer"),
            (12, "contact note", "note"),
        ),
    ),
    ("reference", "case_id", "c", ((13, "reference", "value"),)),
    ("promise", "case_id", "c", ((14, "promise", "what"),)),
    (
        "evidence",
        "case_id",
        "c",
        ((15, "evidence", "note"), (16, "evidence file", "original_name")),
    ),
    (
        "orders",
        "id",
        "o",
        ((17, "order", "number"), (18, "order note", "notes"), (19, "item", None)),
    ),
    (
        "shipment",
        "order_id",
        "o",
        (
            (20, "tracking", "tracking"),
            (21, "carrier", "carrier"),
            (22, "shipment status", "status"),
        ),
    ),
    ("company", "id", "m", ((23, "company", "name"),)),
)

# the exact identifiers, looked up by key: upper case, no spaces, no dashes
KEYED = (
    ("ix_orders_number_key", "orders", "number"),
    ("ix_shipment_tracking_key", "shipment", "tracking"),
    ("ix_reference_value_key", "reference", "value"),
    ("ix_contact_reference_key", "contact", "reference"),
)


def _key(column: str) -> str:
    return f"upper(replace(replace({column}, ' ', ''), '-', ''))"


def _value(dialect: str, row: str, column: str | None) -> str:
    """The text indexed for `column` of `row` (NEW, OLD or a table name)."""
    if column is not None:
        return f"{row}.{column}"
    # order items: a JSON list of strings, one per line
    if dialect == "sqlite":
        return f"(SELECT group_concat(value, char(10)) FROM json_each({row}.items))"
    return (
        f"(CASE WHEN json_typeof({row}.items) = 'array' THEN "
        f"(SELECT string_agg(value, E'\\n') FROM json_array_elements_text({row}.items)) END)"
    )


def _rows(dialect: str, row: str, owner: str, kind: str, fields) -> str:
    """A SELECT of the index rows of source row `row`, empty texts left out."""
    parts = [
        f"SELECT CAST({row}.id AS BIGINT) * {STRIDE} + {code} AS id, {_value(dialect, row, column)} AS body, "
        f"'{label}' AS field, {row}.{owner} AS owner, '{kind}' AS kind"
        + ("" if row in ("NEW", "OLD") else f" FROM {row}")
        for code, label, column in fields
    ]
    union = " UNION ALL ".join(parts)
    return f"SELECT * FROM ({union}) AS t WHERE body IS NOT NULL AND body <> ''"


def _ids(fields, row: str = "OLD") -> str:
    return ", ".join(f"CAST({row}.id AS BIGINT) * {STRIDE} + {code}" for code, _, _ in fields)


def _watched(fields) -> str:
    columns = [column or "items" for _, _, column in fields]
    return ", ".join(columns)


def _sqlite_upgrade() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "body, field UNINDEXED, owner UNINDEXED, kind UNINDEXED, tokenize = 'trigram')"
    )
    insert = "INSERT INTO search_index(rowid, body, field, owner, kind) "
    for table, owner, kind, fields in SOURCES:
        new_rows = insert + _rows("sqlite", "NEW", owner, kind, fields) + ";"
        drop_old = f"DELETE FROM search_index WHERE rowid IN ({_ids(fields)});"
        watched = f"{_watched(fields)}, {owner}" if owner != "id" else _watched(fields)
        op.execute(
            f"CREATE TRIGGER search_{table}_insert AFTER INSERT ON {table} BEGIN {new_rows} END"
        )
        op.execute(
            f"CREATE TRIGGER search_{table}_update AFTER UPDATE OF {watched} ON {table} "
            f"BEGIN {drop_old} {new_rows} END"
        )
        op.execute(
            f"CREATE TRIGGER search_{table}_delete AFTER DELETE ON {table} BEGIN {drop_old} END"
        )
        op.execute(insert + _rows("sqlite", table, owner, kind, fields))


def _sqlite_downgrade() -> None:
    for table, *_ in SOURCES:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS search_{table}_{event}")
    op.execute("DROP TABLE IF EXISTS search_index")


def _postgres_upgrade() -> None:
    # pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it.
    # It is one per database: put in public (not a schema that may be dropped with
    # its data) unless it is already somewhere, and its operator class named with
    # its schema, which need not be on the search_path.
    bind = op.get_bind()
    schema = bind.exec_driver_sql(
        "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'"
    ).scalar()
    if schema is None:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
        schema = "public"
    op.execute(
        "CREATE TABLE search_index (id BIGINT PRIMARY KEY, body TEXT NOT NULL, "
        "field TEXT NOT NULL, owner BIGINT NOT NULL, kind CHAR(1) NOT NULL)"
    )
    columns = "id, body, field, owner, kind"
    for table, owner, kind, fields in SOURCES:
        watched = f"{_watched(fields)}, {owner}" if owner != "id" else _watched(fields)
        op.execute(
            f"CREATE FUNCTION search_{table}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP <> 'INSERT' THEN "
            f"DELETE FROM search_index WHERE id IN ({_ids(fields)}); END IF; "
            f"IF TG_OP <> 'DELETE' THEN INSERT INTO search_index ({columns}) "
            f"{_rows('postgresql', 'NEW', owner, kind, fields)}; END IF; "
            f"RETURN NULL; END $$"
        )
        op.execute(
            f"CREATE TRIGGER search_{table} AFTER INSERT OR DELETE OR UPDATE OF {watched} "
            f"ON {table} FOR EACH ROW EXECUTE FUNCTION search_{table}()"
        )
        op.execute(
            f"INSERT INTO search_index ({columns}) {_rows('postgresql', table, owner, kind, fields)}"
        )
    op.execute(
        "CREATE INDEX ix_search_index_body ON search_index "
        f"USING gin (lower(body) {schema}.gin_trgm_ops)"
    )


def _postgres_downgrade() -> None:
    for table, *_ in SOURCES:
        op.execute(f"DROP TRIGGER IF EXISTS search_{table} ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS search_{table}()")
    op.execute("DROP TABLE IF EXISTS search_index")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _sqlite_upgrade()
    else:
        _postgres_upgrade()
    for name, table, column in KEYED:
        op.execute(f"CREATE INDEX {name} ON {table} ({_key(column)})")


def downgrade() -> None:
    for name, _table, _column in KEYED:
        op.execute(f"DROP INDEX IF EXISTS {name}")
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_downgrade()
    else:
        _postgres_downgrade()
