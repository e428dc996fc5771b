"""search index by case: every index row names its case, so `search` never resolves hits

Migration 0004 indexed each text under its owner: a case, an order or a
company. Ranking then read every hit's owner from the index, found the cases of
orders and companies, and grouped: at 100,000 cases, 300 ms for a common name.
Here every row belongs to one case, and its id says which:

    id = case id * 2**32 + (source row id * 32 + code) mod 2**32

so the case of a hit is `id / 2**32`, read from the full-text index's own
doclist (FTS5 rowids) without touching the stored text. The texts of a case's
order, its shipments and its company are indexed under each case that points at
them (a shared order or the company's name once per case): triggers on orders,
shipment and company refresh those rows of the cases they reach, and the
triggers on cases refresh them when a case's order or company changes.

Two partial indexes on cases list the active and the ended cases by time of
last change, so `search` walks cases in the order it shows them and stops at
the page when a query matches many cases.

SQLite: an FTS5 table with the trigram tokenizer. PostgreSQL: a plain table
with a pg_trgm GIN index on lower(body). The identifier keys' expression
indexes of 0004 stay as they are.

This revision writes everything it needs itself (no tracker imports); its
downgrade builds 0004's index again with 0004's own code, read from its file.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 07:10:00
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STRIDE = 32  # codes stay below STRIDE
CASE_UNIT = 4294967296  # 2**32: the case id is the row id's high half

# The columns the index is filled through, in the order `_rows` selects them
# (tracker/services/transfer.py fills the index after an import with these).
INDEX_COLUMNS = "rowid, body, field, case_id"

# (table, owner column, owner kind, ((code, label, column), ...)): the rows of
# these tables are indexed, each text under the case the owner column names
# (kind "c": every owner is a case). Codes are unique across tables. A column
# "table.column" is a text of the case's order, shipments or company, indexed
# under the case (see LINKED). Labels are what `search` shows.
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
            (17, "order", "orders.number"),
            (18, "order note", "orders.notes"),
            (19, "item", "orders.items"),
            (20, "tracking", "shipment.tracking"),
            (21, "carrier", "shipment.carrier"),
            (22, "shipment status", "shipment.status"),
            (23, "company", "company.name"),
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
)

# (table, the cases column pointing at it, its own column that column matches,
# its columns indexed under the case): a change refreshes the case rows it feeds
LINKED = (
    ("orders", "order_id", "id", ("number", "notes", "items")),
    ("shipment", "order_id", "order_id", ("tracking", "carrier", "status")),
    ("company", "company_id", "id", ("name",)),
)

# `search` lists active cases first, each group most recently changed first
ACTIVE = "('open', 'waiting', 'escalated')"
RANK_INDEXES = (
    ("ix_cases_active_updated_at", f"status IN {ACTIVE}"),
    ("ix_cases_ended_updated_at", f"status NOT IN {ACTIVE}"),
)


def _value(dialect: str, row: str, column: str) -> str:
    """The text indexed for `column` of `row` (NEW, OLD or a table name)."""
    table, _, name = column.rpartition(".")
    if not table:
        return f"{row}.{name}"
    newline = "char(10)" if dialect == "sqlite" else "E'\\n'"
    if table == "company":
        return f"(SELECT m.name FROM company AS m WHERE m.id = {row}.company_id)"
    if table == "shipment":  # every shipment of the order, one a line
        joined = "group_concat" if dialect == "sqlite" else "string_agg"
        return (
            f"(SELECT {joined}(s.{name}, {newline}) FROM shipment AS s "
            f"WHERE s.order_id = {row}.order_id)"
        )
    if name != "items":
        return f"(SELECT o.{name} FROM orders AS o WHERE o.id = {row}.order_id)"
    # order items: a JSON list of strings, one a line
    if dialect == "sqlite":
        return (
            f"(SELECT group_concat(j.value, char(10)) FROM orders AS o, json_each(o.items) AS j "
            f"WHERE o.id = {row}.order_id)"
        )
    return (
        "(SELECT string_agg(e.value, E'\\n') FROM orders AS o CROSS JOIN LATERAL "
        "json_array_elements_text(CASE WHEN json_typeof(o.items) = 'array' THEN o.items END) "
        f"AS e(value) WHERE o.id = {row}.order_id)"
    )


def _id(row: str, owner: str, code: int) -> str:
    return (
        f"CAST({row}.{owner} AS BIGINT) * {CASE_UNIT} "
        f"+ (CAST({row}.id AS BIGINT) * {STRIDE} + {code}) % {CASE_UNIT}"
    )


def _select(dialect: str, row: str, owner: str, fields, where: str = "") -> str:
    parts = [
        f"SELECT {_id(row, owner, code)} AS id, {_value(dialect, row, column)} AS body, "
        f"'{label}' AS field, {row}.{owner} AS case_id"
        + ("" if row in ("NEW", "OLD") else f" FROM {row}{where}")
        for code, label, column in fields
    ]
    union = " UNION ALL ".join(parts)
    return f"SELECT * FROM ({union}) AS t WHERE body IS NOT NULL AND body <> ''"


def _rows(dialect: str, row: str, owner: str, kind: str, fields) -> str:
    """A SELECT of the index rows (INDEX_COLUMNS) of source row `row` (NEW, OLD)
    or of every row of table `row`, empty texts left out. Every owner is a case
    (`kind` "c")."""
    assert kind == "c", kind
    return _select(dialect, row, owner, fields)


def _ids(row: str, owner: str, fields) -> str:
    return ", ".join(_id(row, owner, code) for code, _, _ in fields)


def _watched(owner: str, fields) -> str:
    """The columns whose change changes the index rows of a source row."""
    columns = []
    for _, _, column in fields:
        table, _, name = column.rpartition(".")
        link = {"": name, "company": "company_id"}.get(table, "order_id")
        if link not in columns:
            columns.append(link)
    if owner != "id":
        columns.append(owner)
    return ", ".join(columns)


def _linked_fields(table: str):
    [(_, _, _, fields)] = [s for s in SOURCES if s[0] == "cases"]
    return [f for f in fields if f[2].startswith(f"{table}.")]


def _refresh(dialect: str, table: str, link: str, value: str, id_column: str) -> str:
    """Statements replacing the rows that `table` feeds of the cases whose
    `link` is `value` (their order's or company's texts)."""
    fields = _linked_fields(table)
    ids = " UNION ALL ".join(
        f"SELECT {_id('cases', 'id', code)} FROM cases WHERE cases.{link} = {value}"
        for code, _, _ in fields
    )
    where = f" WHERE cases.{link} = {value}"
    return (
        f"DELETE FROM search_index WHERE {id_column} IN ({ids}); "
        f"INSERT INTO search_index ({_columns(dialect)}) "
        f"{_select(dialect, 'cases', 'id', fields, where)};"
    )


def _columns(dialect: str) -> str:
    return INDEX_COLUMNS if dialect == "sqlite" else INDEX_COLUMNS.replace("rowid", "id")


def _fill(dialect: str) -> str:
    """Every row's texts, in id order (FTS5 writes best in rowid order)."""
    union = " UNION ALL ".join(
        _rows(dialect, table, owner, kind, fields) for table, owner, kind, fields in SOURCES
    )
    return (
        f"INSERT INTO search_index ({_columns(dialect)}) SELECT * FROM ({union}) AS a ORDER BY id"
    )


def _migration_0004():
    """Migration 0004's module (its index is what a downgrade goes back to)."""
    [path] = sorted(Path(__file__).parent.glob("0004_*.py"))
    spec = importlib.util.spec_from_file_location("tracker_migration_0004_for_0008", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _sqlite_upgrade() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "body, field UNINDEXED, case_id UNINDEXED, tokenize = 'trigram')"
    )
    insert = f"INSERT INTO search_index({INDEX_COLUMNS}) "
    for table, owner, kind, fields in SOURCES:
        new_rows = insert + _rows("sqlite", "NEW", owner, kind, fields) + ";"
        drop_old = f"DELETE FROM search_index WHERE rowid IN ({_ids('OLD', owner, fields)});"
        op.execute(
            f"CREATE TRIGGER search_{table}_insert AFTER INSERT ON {table} BEGIN {new_rows} END"
        )
        op.execute(
            f"CREATE TRIGGER search_{table}_update AFTER UPDATE OF {_watched(owner, fields)} "
            f"ON {table} BEGIN {drop_old} {new_rows} END"
        )
        op.execute(
            f"CREATE TRIGGER search_{table}_delete AFTER DELETE ON {table} BEGIN {drop_old} END"
        )
    for table, link, key, columns in LINKED:
        old = _refresh("sqlite", table, link, f"OLD.{key}", "rowid")
        new = _refresh("sqlite", table, link, f"NEW.{key}", "rowid")
        moved = f"{old} {new}" if key != "id" else new
        op.execute(f"CREATE TRIGGER search_{table}_insert AFTER INSERT ON {table} BEGIN {new} END")
        op.execute(
            f"CREATE TRIGGER search_{table}_update AFTER UPDATE OF {', '.join(columns)}"
            f"{'' if key == 'id' else ', ' + key} ON {table} BEGIN {moved} END"
        )
        op.execute(f"CREATE TRIGGER search_{table}_delete AFTER DELETE ON {table} BEGIN {old} END")
    op.execute(_fill("sqlite"))


def _sqlite_downgrade() -> None:
    for table in [s[0] for s in SOURCES] + [t[0] for t in LINKED]:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS search_{table}_{event}")
    op.execute("DROP TABLE IF EXISTS search_index")


def _trigram_schema() -> str:
    """Where pg_trgm is (0004 made sure it is there)."""
    bind = op.get_bind()
    schema = bind.exec_driver_sql(
        "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'"
    ).scalar()
    if schema is None:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
        schema = "public"
    return schema


def _postgres_upgrade() -> None:
    schema = _trigram_schema()
    op.execute(
        "CREATE TABLE search_index (id BIGINT PRIMARY KEY, body TEXT NOT NULL, "
        "field TEXT NOT NULL, case_id INTEGER NOT NULL)"
    )
    columns = _columns("postgresql")
    for table, owner, kind, fields in SOURCES:
        op.execute(
            f"CREATE FUNCTION search_{table}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP <> 'INSERT' THEN "
            f"DELETE FROM search_index WHERE id IN ({_ids('OLD', owner, fields)}); END IF; "
            f"IF TG_OP <> 'DELETE' THEN INSERT INTO search_index ({columns}) "
            f"{_rows('postgresql', 'NEW', owner, kind, fields)}; END IF; "
            f"RETURN NULL; END $$"
        )
        op.execute(
            f"CREATE TRIGGER search_{table} AFTER INSERT OR DELETE OR UPDATE OF "
            f"{_watched(owner, fields)} ON {table} FOR EACH ROW EXECUTE FUNCTION search_{table}()"
        )
    for table, link, key, watched in LINKED:
        old = _refresh("postgresql", table, link, f"OLD.{key}", "id")
        new = _refresh("postgresql", table, link, f"NEW.{key}", "id")
        op.execute(
            f"CREATE FUNCTION search_{table}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP = 'DELETE' THEN {old} "
            f"ELSIF TG_OP = 'UPDATE' THEN IF OLD.{key} IS DISTINCT FROM NEW.{key} THEN {old} "
            f"END IF; END IF; "
            f"IF TG_OP <> 'DELETE' THEN {new} END IF; RETURN NULL; END $$"
        )
        columns_watched = ", ".join(watched + (() if key == "id" else (key,)))
        op.execute(
            f"CREATE TRIGGER search_{table} AFTER INSERT OR DELETE OR UPDATE OF "
            f"{columns_watched} ON {table} FOR EACH ROW EXECUTE FUNCTION search_{table}()"
        )
    op.execute(_fill("postgresql"))
    op.execute(
        "CREATE INDEX ix_search_index_body ON search_index "
        f"USING gin (lower(body) {schema}.gin_trgm_ops)"
    )


def _postgres_downgrade() -> None:
    for table in [s[0] for s in SOURCES] + [t[0] for t in LINKED]:
        op.execute(f"DROP TRIGGER IF EXISTS search_{table} ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS search_{table}()")
    op.execute("DROP TABLE IF EXISTS search_index")


def upgrade() -> None:
    before = _migration_0004()
    if op.get_bind().dialect.name == "sqlite":
        before._sqlite_downgrade()
        _sqlite_upgrade()
    else:
        before._postgres_downgrade()
        _postgres_upgrade()
    for name, where in RANK_INDEXES:
        op.execute(f"CREATE INDEX {name} ON cases (updated_at, id) WHERE {where}")


def downgrade() -> None:
    for name, _where in RANK_INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
    before = _migration_0004()
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_downgrade()
        before._sqlite_upgrade()
    else:
        _postgres_downgrade()
        before._postgres_upgrade()
