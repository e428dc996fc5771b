"""Finding cases by any text they hold, case-insensitively, on SQLite and PostgreSQL.

The query is data: it is matched as a plain substring (`%` and `_` are
escaped), never as a pattern.
"""

from __future__ import annotations

from sqlmodel import Session, select

from tracker import casefile as cf
from tracker.errors import TrackerError
from tracker.models import Case, Contact, Evidence, Order, Promise, Reference, Shipment
from tracker.parse import user_text
from tracker.services.cases import cases_by_ids
from tracker.vocab import ACTIVE_STATUSES

SNIPPET = 60

# (label shown to the user, column); the label says where the text matched
CASE_FIELDS = (
    ("title", Case.title),
    ("problem", Case.problem),
    ("expected", Case.expected),
    ("received", Case.received),
    ("want", Case.want),
    ("outcome", Case.outcome),
)
CONTACT_FIELDS = (
    ("rep", Contact.rep_name),
    ("rep id", Contact.rep_id),
    ("reference", Contact.reference),
    ("asked", Contact.asked),
    ("answer", Contact.answer),
    ("contact note", Contact.note),
)
ORDER_FIELDS = (("order", Order.number), ("order note", Order.notes))
SHIPMENT_FIELDS = (
    ("tracking", Shipment.tracking),
    ("carrier", Shipment.carrier),
    ("shipment status", Shipment.status),
)
PROMISE_FIELDS = (("promise", Promise.what),)
REFERENCE_FIELDS = (("reference", Reference.value),)
EVIDENCE_FIELDS = (("evidence", Evidence.note), ("evidence file", Evidence.original_name))


def _sqlite_fold(value):
    return value.casefold() if isinstance(value, str) else value


class _Matcher:
    """Case-insensitive substring tests in SQL and in Python, folding alike.

    SQLite's lower() knows only ASCII, so on SQLite a Python casefold is
    registered on the connection; PostgreSQL's lower() knows Unicode.

    Calling Python for every value is slow, so on SQLite an ASCII needle is
    first tested with plain LIKE (case-insensitive for ASCII, in C); the Python
    fold then runs only on values holding a non-ASCII character (some fold to
    ASCII: "ß" -> "ss", the Kelvin sign -> "k"), so what matches is unchanged.
    """

    def __init__(self, session: Session, query: str):
        import sqlalchemy as sa

        connection = session.connection()
        self._sqlite = connection.dialect.name == "sqlite"
        if self._sqlite:
            raw = connection.connection.driver_connection
            raw.create_function("tracker_fold", 1, _sqlite_fold, deterministic=True)
            self._sql_fold = sa.func.tracker_fold
            self._fold = str.casefold
        else:
            self._sql_fold = sa.func.lower
            self._fold = str.lower
        self.needle = self._fold(query)

    def sql(self, column, needle: str | None = None):
        """`needle` (the folded query) in `column`, as a condition."""
        import sqlalchemy as sa

        needle = self.needle if needle is None else needle
        folded = self._sql_fold(column).contains(needle, autoescape=True)
        if not (self._sqlite and needle.isascii()):
            return folded
        # more bytes than characters: the text holds a non-ASCII character
        # (a cheaper test than GLOB '*[^\x01-\x7f]*', measured)
        non_ascii = sa.func.length(column) != sa.func.length(sa.cast(column, sa.LargeBinary))
        return sa.or_(column.contains(needle, autoescape=True), sa.and_(non_ascii, folded))

    def snippet(self, text: str | None) -> str | None:
        """The matched part of `text` with some context, or None when it does not match."""
        if not text:
            return None
        folded = self._fold(text)
        at = folded.find(self.needle)
        if at < 0:
            return None
        if len(folded) != len(text):  # folding changed lengths (ß -> ss): show the start
            at = 0
        start = max(0, at - SNIPPET // 3)
        end = min(len(text), start + SNIPPET)
        piece = " ".join(text[start:end].split())
        return ("…" if start else "") + piece + ("…" if end < len(text) else "")


# Longer queries are no search a person types, and cost time on every row.
MAX_QUERY = 200


def find_cases(*, session: Session, query: str, limit: int = 50) -> cf.Page[cf.SearchHit]:
    """Cases whose text matches `query`, with the places each matched; active
    cases first, then the most recently updated. The cases are ranked first;
    `case list` items are built for the ones shown only."""
    import sqlalchemy as sa

    if not (query or "").strip():
        raise TrackerError("give some text to search for")
    query = user_text(query, "the search text", required=True, max_chars=MAX_QUERY)
    if limit < 0:
        raise TrackerError("--limit must be 0 (all) or more")
    match = _Matcher(session, query)
    found: dict[int, list[cf.Match]] = {}

    def scan(statement, fields, offset: int = 1):
        for row in session.exec(statement).all():
            case_id, values = row[0], row[offset:]
            hits = found.setdefault(case_id, [])
            for (label, _), value in zip(fields, values, strict=True):
                text = match.snippet(value)
                if text and cf.Match(label, text) not in hits:
                    hits.append(cf.Match(label, text))

    def where(fields):
        return sa.or_(*(match.sql(column) for _, column in fields))

    scan(select(Case.id, *(c for _, c in CASE_FIELDS)).where(where(CASE_FIELDS)), CASE_FIELDS)
    scan(
        select(Contact.case_id, *(c for _, c in CONTACT_FIELDS)).where(where(CONTACT_FIELDS)),
        CONTACT_FIELDS,
    )
    scan(
        select(Reference.case_id, Reference.value).where(where(REFERENCE_FIELDS)), REFERENCE_FIELDS
    )
    scan(select(Promise.case_id, Promise.what).where(where(PROMISE_FIELDS)), PROMISE_FIELDS)
    scan(
        select(Evidence.case_id, *(c for _, c in EVIDENCE_FIELDS)).where(where(EVIDENCE_FIELDS)),
        EVIDENCE_FIELDS,
    )
    scan(
        select(Case.id, *(c for _, c in ORDER_FIELDS))
        .join(Order, Case.order_id == Order.id)
        .where(where(ORDER_FIELDS)),
        ORDER_FIELDS,
    )
    scan(
        select(Case.id, *(c for _, c in SHIPMENT_FIELDS))
        .join(Shipment, Shipment.order_id == Case.order_id)
        .where(where(SHIPMENT_FIELDS)),
        SHIPMENT_FIELDS,
    )
    _scan_items(session, match, found)

    found = {case_id: hits for case_id, hits in found.items() if hits}
    ranked = _rank(session, list(found))
    items = [
        cf.SearchHit(**vars(item), matches=found[item.id])
        for item in cases_by_ids(session, ranked[:limit] if limit else ranked)
    ]
    return cf.Page(items=items, total=len(ranked), limit=limit)


def _rank(session: Session, ids: list[int]) -> list[int]:
    """`ids` in the order results are shown: active cases first, then the most
    recently updated (to the second, as `case list` shows it; ties keep the
    order they were found in)."""
    from tracker.services.common import aware

    if not ids:
        return []
    statement = select(Case.id, Case.status, Case.updated_at)
    if len(ids) <= 500:
        statement = statement.where(Case.id.in_(ids))
    rows = {case_id: (status, updated) for case_id, status, updated in session.exec(statement)}
    ids = [i for i in ids if i in rows]
    active = {s.value for s in ACTIVE_STATUSES}
    # to the second, as shown
    shown = {i: aware(rows[i][1]).replace(microsecond=0) for i in ids}
    ids.sort(key=shown.__getitem__, reverse=True)
    ids.sort(key=lambda i: rows[i][0] not in active)
    return ids


def _scan_items(session: Session, match: _Matcher, found: dict[int, list[cf.Match]]) -> None:
    """Order items live in a JSON list: narrowed in SQL on the stored text (its
    non-ASCII letters are escaped there, so a non-ASCII query is checked in
    Python only), then checked item by item."""
    import json

    import sqlalchemy as sa

    statement = (
        select(Case.id, Order.items)
        .join(Order, Case.order_id == Order.id)
        .where(Order.items.is_not(None))
    )
    if match.needle.isascii():
        stored = json.dumps(match.needle)[1:-1]
        statement = statement.where(match.sql(sa.cast(Order.items, sa.Text), stored))
    for case_id, items in session.exec(statement).all():
        for item in items or []:
            text = match.snippet(item) if isinstance(item, str) else None
            if text:
                hits = found.setdefault(case_id, [])
                if cf.Match("item", text) not in hits:
                    hits.append(cf.Match("item", text))
