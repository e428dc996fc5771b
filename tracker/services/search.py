"""Finding cases by any text they hold, through the search index, on SQLite and PostgreSQL.

The index (`search_index`, built by migration 0008 and kept in step by
triggers on the tables) holds every searchable text under the case it belongs
to: a case's order, shipments and company texts are indexed under each case
pointing at them, and a row's id names its case (id / CASE_UNIT). The query is
data: the whole query is matched as a case-folded substring, never as engine
syntax or a LIKE pattern.

- SQLite: an FTS5 table with the trigram tokenizer; the case of a hit is read
  from its rowid, never from the stored text.
- PostgreSQL: a table with a pg_trgm GIN index on lower(body).
- Order, tracking and reference numbers typed with or without spaces and
  dashes are also looked up exactly through expression indexes on their key.

Order: cases holding the query as an exact identifier, then active cases,
then the others, each most recently changed first. No score per hit: a
trigram match is the same substring wherever it is, and bm25 over trigrams
mostly put short fields above long ones. The database counts the matching
cases and pages them; Python only reads the few rows of the cases shown to say
where each matched.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session

from tracker import casefile as cf
from tracker import tables
from tracker.errors import TrackerError
from tracker.i18n import N_, _
from tracker.parse import user_text
from tracker.services.cases import cases_by_ids
from tracker.services.common import identifier_key as identifier_key
from tracker.services.common import key_sql as _key_sql
from tracker.services.common import read
from tracker.vocab import ACTIVE_STATUSES

SNIPPET = 60

# Longer queries are no search a person types.
MAX_QUERY = 200

# The trigram index answers substrings of three characters or more; a shorter
# query is read from the index table without it.
TRIGRAM = 3

# The case of an index row is its id / CASE_UNIT (migration 0008).
CASE_UNIT = 4294967296

# Up to this many matching cases are ranked by reading each; beyond, the cases
# are walked in the order shown until the page is full.
FEW = 1000
EVERY = 2**62

# (label shown to the user, column name), in the order the places are listed; the
# labels are English in the JSON `field` and msgids: the text table says them
CASE_FIELDS = (
    (N_("title"), "title"),
    (N_("problem"), "problem"),
    (N_("expected"), "expected"),
    (N_("received"), "received"),
    (N_("want"), "want"),
    (N_("outcome"), "outcome"),
)
CONTACT_FIELDS = (
    (N_("rep"), "rep_name"),
    (N_("rep id"), "rep_id"),
    (N_("reference"), "reference"),
    (N_("asked"), "asked"),
    (N_("answer"), "answer"),
    (N_("contact note"), "note"),
)
REFERENCE_FIELDS = ((N_("reference"), "value"),)
PROMISE_FIELDS = ((N_("promise"), "what"),)
EVIDENCE_FIELDS = ((N_("evidence"), "note"), (N_("evidence file"), "original_name"))
ORDER_FIELDS = ((N_("order"), "number"), (N_("order note"), "notes"))
SHIPMENT_FIELDS = (
    (N_("tracking"), "tracking"),
    (N_("carrier"), "carrier"),
    (N_("shipment status"), "status"),
)
COMPANY_FIELDS = ((N_("company"), "name"),)

# fields holding identifiers, also matched by key (upper case, no spaces or dashes)
KEYED_FIELDS = {"order", "tracking", "reference"}


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def find_cases(*, session: Session, query: str, limit: int = 50) -> cf.Page[cf.SearchHit]:
    """Cases whose text matches `query`, with the places each matched: cases
    holding it as an exact order, tracking or reference number first, then
    active cases, each group most recently changed first."""
    if not (query or "").strip():
        raise TrackerError(_("give some text to search for"))
    checked = user_text(query, "the search text", required=True, max_chars=MAX_QUERY)
    assert checked is not None  # required=True refuses missing text
    query = checked
    if limit < 0:
        raise TrackerError(_("--limit must be 0 (all) or more"))
    sqlite = session.connection().dialect.name == "sqlite"
    # limit 0 (all): every matching case read and sorted
    params: dict[str, object] = {"few": FEW if limit else EVERY, "walk": limit or 1}
    statement = _ranking(sqlite, query, params)
    if limit:
        statement += " LIMIT :limit"
        params["limit"] = limit
    rows = session.connection().execute(sa.text(statement), params).all()
    if not rows:
        return cf.Page(items=[], total=0, limit=limit)
    ranked = [row[0] for row in rows]
    places = _places(session, ranked, query, identifier_key(query))
    items = [
        cf.SearchHit(**vars(item), matches=places.get(item.id, []))
        for item in cases_by_ids(session, ranked)
    ]
    return cf.Page(items=items, total=int(rows[0][1]), limit=limit)


def _ranking(sqlite: bool, query: str, params: dict[str, object]) -> str:
    """The SQL of the matching cases in the order shown, each row (case id,
    number of matching cases); `params` gets its values. The caller adds LIMIT.

    Every index row names its case (migration 0008): on SQLite the case is read
    from the FTS5 rowid itself, so a hit costs no read of the stored text.
    Ranking needs no score per hit: the cases are listed in the order of
    ix_cases_active_updated_at and ix_cases_ended_updated_at. With few matching
    cases they are read by id and sorted; with many, those indexes are walked
    and the walk stops at the page."""
    if sqlite and len(query) >= TRIGRAM:
        # one FTS5 phrase: quotes doubled, so NEAR, AND, *, - and ( are plain text
        params["phrase"] = '"' + query.replace('"', '""') + '"'
        text = (
            f"SELECT rowid / {CASE_UNIT} AS case_id FROM search_index "
            "WHERE search_index MATCH :phrase"
        )
    elif sqlite:
        params["pattern"] = f"%{_escape_like(query)}%"
        text = (
            f"SELECT rowid / {CASE_UNIT} AS case_id FROM search_index "
            "WHERE body LIKE :pattern ESCAPE '\\'"
        )
    else:
        params["pattern"] = f"%{_escape_like(query.lower())}%"
        text = "SELECT case_id FROM search_index WHERE lower(body) LIKE :pattern ESCAPE '\\'"
    key = identifier_key(query)
    if len(key) >= TRIGRAM and key.isascii() and key.isalnum():
        params["key"] = key
        exact = " UNION ".join(
            (
                "SELECT c.id FROM orders o JOIN cases c ON c.order_id = o.id "
                f"WHERE {_key_sql('o.number')} = :key",
                "SELECT c.id FROM shipment s JOIN cases c ON c.order_id = s.order_id "
                f"WHERE {_key_sql('s.tracking')} = :key",
                f"SELECT case_id FROM reference WHERE {_key_sql('value')} = :key",
                f"SELECT case_id FROM contact WHERE {_key_sql('reference')} = :key",
            )
        )
    else:
        exact = "SELECT CAST(NULL AS INTEGER) WHERE 1 = 0"
    active = ", ".join(f"'{status.value}'" for status in ACTIVE_STATUSES)
    # Each way of ranking runs or not by its LIMIT, computed once from the
    # count (a WHERE test of the count would be tested on every row).
    read_each = "(SELECT CASE WHEN n <= :few THEN n ELSE 0 END FROM counted)"
    walk_on = "(SELECT CASE WHEN n > :few THEN :walk ELSE 0 END FROM counted)"
    # The walk goes down a ranking index and looks each case up in the hits
    # ("+c.id": not the other way round; SQLite is told which index).
    walk = (
        "SELECT * FROM (SELECT {tier} AS tier, c.updated_at, c.id FROM cases c {indexed}"
        "WHERE c.status {test} ({active}) AND +c.id IN (SELECT case_id FROM hits) "
        "AND +c.id NOT IN (SELECT case_id FROM exact) "
        "ORDER BY c.updated_at DESC, c.id DESC LIMIT {size}) AS w{tier}"
    )
    # the ended cases are walked only for what the active ones left of the page
    rest = (
        "(SELECT CASE WHEN n > :few AND (SELECT count(*) FROM first) < :walk "
        "THEN :walk - (SELECT count(*) FROM first) ELSE 0 END FROM counted)"
    )
    walks = [
        walk.format(
            tier=tier,
            test=test,
            active=active,
            indexed=f"INDEXED BY {index} " if sqlite else "",
            size=size,
        )
        for tier, test, index, size in (
            (1, "IN", "ix_cases_active_updated_at", walk_on),
            (2, "NOT IN", "ix_cases_ended_updated_at", rest),
        )
    ]
    return f"""
        WITH exact(case_id) AS MATERIALIZED ({exact}),
        hits(case_id) AS MATERIALIZED (SELECT case_id FROM ({text}) AS t
            UNION SELECT case_id FROM exact),
        counted(n) AS MATERIALIZED (SELECT count(*) AS n FROM hits),
        first(tier, updated_at, id) AS MATERIALIZED (
            SELECT * FROM (SELECT CASE WHEN c.id IN (SELECT case_id FROM exact) THEN 0
                WHEN c.status IN ({active}) THEN 1 ELSE 2 END AS tier, c.updated_at, c.id
                FROM hits h JOIN cases c ON c.id = h.case_id LIMIT {read_each}) AS j
            UNION ALL SELECT * FROM (SELECT 0 AS tier, c.updated_at, c.id FROM cases c
                WHERE c.id IN (SELECT case_id FROM exact)
                ORDER BY c.updated_at DESC, c.id DESC LIMIT {walk_on}) AS e
            UNION ALL {walks[0]}
        ),
        ranked AS (SELECT * FROM first UNION ALL {walks[1]})
        SELECT r.id, counted.n FROM ranked r, counted
        ORDER BY r.tier, r.updated_at DESC, r.id DESC"""


def snippet(text: str | None, needle: str) -> str | None:
    """The matched part of `text` with some context, or None when `needle`
    (case-folded) is not in it."""
    if not text:
        return None
    folded = text.casefold()
    at = folded.find(needle)
    if at < 0:
        return None
    if len(folded) != len(text):  # folding changed lengths (ß -> ss): show the start
        at = 0
    start = max(0, at - SNIPPET // 3)
    end = min(len(text), start + SNIPPET)
    piece = " ".join(text[start:end].split())
    return ("…" if start else "") + piece + ("…" if end < len(text) else "")


def _places(session: Session, case_ids: list[int], query: str, key: str) -> dict[int, list]:
    """Where each of the shown cases matched, read from their own rows."""
    needle = query.casefold()
    places: dict[int, list[cf.Match]] = {case_id: [] for case_id in case_ids}

    def add(case_ids_of_row, fields, values) -> None:
        for (label, _column), value in zip(fields, values, strict=True):
            text = snippet(value, needle) if isinstance(value, str) else None
            if text is None and label in KEYED_FIELDS and value and identifier_key(value) == key:
                text = " ".join(value.split())
            if text:
                for case_id in case_ids_of_row:
                    if cf.Match(label, text) not in places[case_id]:
                        places[case_id].append(cf.Match(label, text))

    def columns(rows: sa.Table, fields):
        return [rows.c[name] for _, name in fields]

    def rows_of(statement):
        return read(session, statement).all()

    cases = tables.cases.c
    by_order: dict[int, list[int]] = {}
    by_company: dict[int, list[int]] = {}
    for case_id, order_id, company_id, *values in rows_of(
        sa.select(
            cases.id, cases.order_id, cases.company_id, *columns(tables.cases, CASE_FIELDS)
        ).where(cases.id.in_(case_ids))
    ):
        add([case_id], CASE_FIELDS, values)
        if order_id is not None:
            by_order.setdefault(order_id, []).append(case_id)
        by_company.setdefault(company_id, []).append(case_id)
    for of_case, fields in (
        (tables.contact, CONTACT_FIELDS),
        (tables.reference, REFERENCE_FIELDS),
        (tables.promise, PROMISE_FIELDS),
        (tables.evidence, EVIDENCE_FIELDS),
    ):
        rows = of_case.c
        for case_id, *values in rows_of(
            sa.select(rows.case_id, *columns(of_case, fields))
            .where(rows.case_id.in_(case_ids))
            .order_by(rows.case_id, rows.id)
        ):
            add([case_id], fields, values)
    if by_order:
        orders, shipments = tables.orders.c, tables.shipment.c
        for order_id, items, *values in rows_of(
            sa.select(orders.id, orders["items"], *columns(tables.orders, ORDER_FIELDS)).where(
                orders.id.in_(by_order)
            )
        ):
            add(by_order[order_id], ORDER_FIELDS, values)
            for item in items if isinstance(items, list) else []:
                add(by_order[order_id], ((N_("item"), None),), [item])
        for order_id, *values in rows_of(
            sa.select(shipments.order_id, *columns(tables.shipment, SHIPMENT_FIELDS))
            .where(shipments.order_id.in_(by_order))
            .order_by(shipments.id)
        ):
            add(by_order[order_id], SHIPMENT_FIELDS, values)
    companies = tables.company.c
    for company_id, *values in rows_of(
        sa.select(companies.id, *columns(tables.company, COMPANY_FIELDS)).where(
            companies.id.in_(by_company)
        )
    ):
        add(by_company[company_id], COMPANY_FIELDS, values)
    return places
