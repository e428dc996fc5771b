"""Lookups and bookkeeping shared by the services."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from difflib import get_close_matches
from typing import TYPE_CHECKING, Generic, TypeVar

import sqlalchemy as sa
from sqlmodel import Session, select

from tracker import config, tables
from tracker.errors import NotFound, TrackerError
from tracker.i18n import _
from tracker.parse import MAX_ID, now, safe, storable
from tracker.vocab import PromiseState

if TYPE_CHECKING:
    from tracker.models import Case, Company, History, Order

# Reading code selects from tracker.tables; code that writes imports the models
# (tracker.models) in the function that writes, so that a command that only reads
# never builds them (about 30 ms of its start-up).

DEFAULT_COMPANY = "Amazon"


def aware(value):
    """A stored time as an aware UTC datetime. Aggregates (max) bypass the
    column type on SQLite and come back as text."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


def read(session: Session, statement: sa.Executable) -> sa.CursorResult:
    """The rows of a Core statement in the command's transaction, after the session's
    pending changes are written.

    Reading commands select from tracker.tables (`tables.cases.c.title`, never
    `Case.title`), so a statement runs without the ORM: no mapper set-up and no ORM
    compile, which cost a short command more time than its SQL (about 2 ms a statement
    against 0.3 ms, once per process). Rows answer by column name like the models."""
    session.flush()
    return session.connection().execute(statement)


T = TypeVar("T")


class Beside(Generic[T]):
    """`work(session)` run in a thread, on a session and connection of its own, while
    the caller goes on with its own statements; `result()` waits for it. Used as a
    context manager, the thread has ended when the block does, whatever happened.

    For the reading commands whose statements count thousands of rows (`due`): the
    database does that without Python's lock (sqlite3 and psycopg release it), so
    two connections count at once on two cores. Each connection reads in its own
    transaction: each group is as it was when that group was read, a few
    milliseconds apart at most. In a session that writes, the work runs in the
    caller's thread on the caller's session instead: another connection would not
    see the session's own changes, and on SQLite would wait for its write lock."""

    def __init__(self, session: Session, work: Callable[[Session], T]) -> None:
        import contextvars
        import threading

        self._work = work
        self._value: T | None = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        bind = session.get_bind()
        writing = "journal" in session.info or bind.get_execution_options().get("tracker_write")
        if writing or not isinstance(bind, sa.Engine):
            self._run(session)
            return
        self._bind = bind
        # the command's context variables (the command line that `undo --list` shows)
        context = contextvars.copy_context()
        self._thread = threading.Thread(target=context.run, args=(self._own,), daemon=True)
        self._thread.start()

    def _own(self) -> None:
        try:
            with Session(self._bind) as session, session.begin():
                self._value = self._work(session)
        except BaseException as error:  # raised again by result(), in the caller's thread
            self._error = error

    def _run(self, session: Session) -> None:
        try:
            self._value = self._work(session)
        except BaseException as error:  # raised again by result(), as from the thread
            self._error = error

    def result(self) -> T:
        if self._thread is not None:
            self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]  # set when no error

    def __enter__(self) -> Beside[T]:
        return self

    def __exit__(self, *_exc) -> None:
        if self._thread is not None:
            self._thread.join()  # never left reading after the command ends


# ids per IN list: well under SQLite's and PostgreSQL's limits on bound parameters
CHUNK = 500


def in_chunks(ids: list[int]):
    """`ids` a CHUNK at a time, for IN lists."""
    for at in range(0, len(ids), CHUNK):
        yield ids[at : at + CHUNK]


def shipment_rows(session: Session, order_ids: list[int]) -> dict[int, list[sa.Row]]:
    """The shipments of these orders, each order's in the order they were added,
    read through Core a chunk of orders at a time."""
    shipment = tables.shipment
    found: dict[int, list[sa.Row]] = {order_id: [] for order_id in order_ids}
    for chunk in in_chunks(list(found)):
        of_orders = sa.select(shipment).where(shipment.c.order_id.in_(chunk))
        for row in read(session, of_orders.order_by(shipment.c.id)):
            found[row.order_id].append(row)
    return found


def order_rows(session: Session, order_id: int | None) -> tuple[sa.Row | None, list[sa.Row]]:
    """A case's order and its shipments in the order they were added (none without an
    order), read through Core: the case file and the deadline facts both need them."""
    if order_id is None:
        return None, []
    orders = tables.orders
    order = read(session, sa.select(orders).where(orders.c.id == order_id)).first()
    if order is None:
        return None, []
    return order, shipment_rows(session, [order_id])[order_id]


def overdue_clause(day: date) -> sa.ColumnElement[bool]:
    """The one rule for "overdue", as SQL: a promise still pending after its due date."""
    promise = tables.promise.c
    return sa.and_(
        promise.state == PromiseState.pending.value,
        promise.due_on.is_not(None),
        promise.due_on < day,
    )


def record(session: Session, case: Case, event: str, detail: str | None = None) -> History:
    """Add a history entry to a case and touch its update time."""
    assert case.id is not None  # a case gets history once it is stored (flushed)
    from tracker.models import History

    moment = now()
    entry = History(
        case_id=case.id, at=moment, event=str(event), detail=detail, actor=config.user()
    )
    case.updated_at = moment
    session.add(case)
    session.add(entry)
    return entry


def find_company(session: Session, name: str | None) -> Company:
    """A company to change or to write a row for, by name in any letter case."""
    from tracker.models import Company

    return session.get_one(Company, find_company_row(session, name).id)


def find_company_row(session: Session, name: str | None) -> sa.Row:
    """A company's row, for reading (Core: no models built), by name in any letter
    case; the default company when `name` is empty."""
    companies = tables.company.c
    name = (name or DEFAULT_COMPANY).strip()
    company = None
    if storable(name):  # text no database can hold names nothing (and would fail the query)
        statement = sa.select(tables.company).where(companies.key == name.casefold())
        company = read(session, statement).first()
    if company is None:
        known = list(read(session, sa.select(companies.name).order_by(companies.name)).scalars())
        close = get_close_matches(name.casefold(), [k.casefold() for k in known], n=1, cutoff=0.6)
        if close:
            match = next(k for k in known if k.casefold() == close[0])
            raise NotFound(
                _("unknown company {name!r}; did you mean {match!r}?").format(
                    name=name, match=match
                )
            )
        hint = _("; known: {names}").format(names=", ".join(known[:10])) if known else ""
        raise NotFound(
            _("unknown company {name!r} (add it with: tracker company add {name!r}){hint}").format(
                name=name, hint=hint
            )
        )
    return company


def find_order(session: Session, number: str, company: str | None = None) -> Order:
    from tracker.models import Company, Order

    number = number.strip()
    if not storable(number):
        raise NotFound(_("unknown order {number!r}").format(number=number))
    orders = session.exec(select(Order).where(Order.number == number)).all()
    if not orders:  # order numbers as people retype them: any case
        orders = session.exec(
            select(Order).where(sa.func.lower(Order.number) == number.lower())
        ).all()
    if not orders:
        raise NotFound(
            _("unknown order {number!r} (record it first with: tracker order add)").format(
                number=number
            )
        )
    if company:
        owner = find_company(session, company)
        mine = [o for o in orders if o.company_id == owner.id]
        if not mine:
            names = ", ".join(sorted(session.get_one(Company, o.company_id).name for o in orders))
            raise TrackerError(
                _("order {number} is at {names}, not {company}").format(
                    number=number, names=names, company=owner.name
                )
            )
        orders = mine
    if len(orders) > 1:
        names = ", ".join(sorted(session.get_one(Company, o.company_id).name for o in orders))
        raise TrackerError(
            _("order {number!r} exists at several companies ({names}); add --company").format(
                number=number, names=names
            )
        )
    return orders[0]


# A case number: up to 10 digits, as large as MAX_ID (what import accepts). A longer
# or larger number can still be an order or reference number.
_CASE_ID = re.compile(r"^#?\s*(\d{1,10})$")


_NOT_KEY = re.compile(r"[\s\-]+")


def identifier_key(text: str) -> str:
    """An order, tracking or reference number as Python compares it: upper case,
    without spaces and dashes (the expression indexes of migration 0004, `key_sql`;
    any whitespace here, as what a person types may hold a tab)."""
    return _NOT_KEY.sub("", text).upper()


def key_sql(column: str) -> str:
    """An identifier column as the expression indexes of migration 0004 key it: upper
    case, without spaces and dashes. Compared with `= :key`, the index is used."""
    return f"upper(replace(replace({column}, ' ', ''), '-', ''))"


def _by_key(column: str, text: str):
    """A condition true for every row whose `column` could equal `text` whatever its
    letter case, answered from that column's key index (None: the text is not ASCII,
    where SQL's upper() and Python's differ, so no index can be trusted with it)."""
    if not text.isascii():
        return None
    key = text.replace(" ", "").replace("-", "").upper()
    return sa.text(f"{key_sql(column)} = :key").bindparams(key=key)


def find_case(session: Session, ref: str | int) -> Case:
    """A case to change, by `12`, `#12`, an order number or a reference number."""
    from tracker.models import Case

    return session.get_one(Case, find_case_row(session, ref).id)


def find_case_row(session: Session, ref: str | int) -> sa.Row:
    """A case's row, for reading, by `12`, `#12`, an order number or a reference number."""
    cases = tables.cases
    text = str(ref).strip()
    if not text:
        raise TrackerError(_("which case? give its number (#12), order number or reference"))
    m = _CASE_ID.match(text)
    if m and int(m.group(1)) > MAX_ID:
        if text.startswith("#"):
            raise NotFound(_("no case #{number}").format(number=m.group(1)))
        m = None
    if m:
        row = read(session, sa.select(cases).where(cases.c.id == int(m.group(1)))).first()
        if row is not None:
            return row
        if text.startswith("#"):
            raise NotFound(_("no case #{number}").format(number=m.group(1)))
    if not storable(text):
        raise NotFound(
            _("no case matches {text!r} (not a case number, order or reference number)").format(
                text=text
            )
        )
    # Order and reference numbers as people retype them: letter case never matters, so
    # `abc-1` finds the case that kept `ABC-1` as well as the one that kept `abc-1`.
    # Each is narrowed first through the identifier's key index (migration 0004), so
    # no number is looked for by reading every order, reference or contact.
    folded = text.lower()
    orders, references, contacts = tables.orders.c, tables.reference.c, tables.contact.c

    def cases_of(query, column: str) -> set[int]:
        keyed = _by_key(column, text)  # the column unqualified, as its index names it
        found = read(session, query if keyed is None else query.where(keyed)).scalars()
        return {i for i in found if i is not None}  # stored rows always have an id

    ids = cases_of(
        sa.select(cases.c.id)
        .join(tables.orders, cases.c.order_id == orders.id)
        .where(sa.func.lower(orders.number) == folded),
        "number",
    ) | cases_of(
        sa.select(references.case_id).where(sa.func.lower(references.value) == folded), "value"
    )
    if not ids:
        # `log --ref` keeps every reference in the indexed Reference table; the
        # contacts are only a fallback, for references removed from it.
        ids = cases_of(
            sa.select(contacts.case_id).where(sa.func.lower(contacts.reference) == folded),
            "reference",
        )
    if not ids:
        raise NotFound(
            _("no case matches {text!r} (not a case number, order or reference number)").format(
                text=text
            )
        )
    if len(ids) > 1:
        found = read(
            session,
            sa.select(cases.c.id, cases.c.title)
            .where(cases.c.id.in_(sorted(ids)))
            .order_by(cases.c.id)
            .limit(10),
        ).all()
        listing = "; ".join(f"#{c.id} {safe(c.title)}" for c in found)
        raise TrackerError(
            _("{text!r} matches {count} cases: {listing}; use the case number").format(
                text=text, count=len(ids), listing=listing
            )
        )
    return read(session, sa.select(cases).where(cases.c.id == ids.pop())).one()
