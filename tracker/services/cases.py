"""Cases: opening, editing, closing, listing and the whole case file."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlmodel import Session

from tracker import casefile as cf
from tracker import tables
from tracker.errors import TrackerError
from tracker.i18n import _
from tracker.parse import (
    MAX_MINOR,
    currency_code,
    exponent,
    money_str,
    now,
    parse_date,
    parse_money,
    text_limit,
    today,
    user_text,
)
from tracker.services.common import (
    aware,
    find_case,
    find_case_row,
    find_company,
    find_company_row,
    find_order,
    order_rows,
    overdue_clause,
    read,
    record,
)
from tracker.services.tally import case_tally
from tracker.vocab import (
    ACTIVE_STATUSES,
    Category,
    HistoryEvent,
    PaidWith,
    PromiseState,
    Resolution,
    Status,
    coerce,
)

if TYPE_CHECKING:
    from tracker.models import Case, Company, Contact, Evidence, Order, Promise, Shipment


@dataclass
class CaseInput:
    """What `case open` and `case edit` accept, as the user typed it."""

    title: str | None = None
    company: str | None = None
    order: str | None = None
    category: str | None = None
    problem: str | None = None
    happened: str | None = None
    expected: str | None = None
    received: str | None = None
    want: str | None = None
    resolution: str | None = None
    amount: str | None = None
    currency: str | None = None
    follow_up: str | None = None
    status: str | None = None
    paid_with: str | None = None
    statement: str | None = None
    chargeback: str | None = None
    digital: bool | None = None


def _apply(session: Session, case: Case, given: CaseInput, *, creating: bool) -> list[str]:
    """Validate `given` and set it on `case`; returns the names of changed fields."""
    from tracker.models import Company, Order

    changes: dict[str, object] = {}
    if given.title is not None or creating:
        changes["title"] = user_text(
            given.title,
            "title",
            required=True,
            max_chars=text_limit("cases", "title"),
            one_line=True,
        )
    order = None
    if given.order is not None:
        if given.order.strip() == "":
            changes["order_id"] = None
        else:
            order = find_order(session, given.order, given.company)
            changes["order_id"] = order.id
    if given.company is not None:
        changes["company_id"] = find_company(session, given.company).id
    elif creating:
        if order is not None:
            changes["company_id"] = order.company_id
        else:  # the company of `tracker config`, else Amazon
            from tracker import settings

            changes["company_id"] = find_company(session, settings.load().company).id
    if order is None and "order_id" not in changes and case.order_id is not None:
        order = session.get(Order, case.order_id)  # the case's order stays: it must agree
    if order is not None and changes.get("company_id", case.company_id) != order.company_id:
        owner = session.get_one(Company, order.company_id).name
        raise TrackerError(
            _(
                "order {number} is at {company}; change --order too, or "
                "give --order '' to unlink it"
            ).format(number=order.number, company=owner)
        )
    if given.category is not None:
        changes["category"] = coerce(Category, given.category, "category").value
    for name in ("problem", "expected", "received", "want"):
        value = getattr(given, name)
        if value is not None:
            changes[name] = user_text(value, name)
    if given.happened is not None:
        changes["happened_on"] = parse_date(given.happened, "--happened date", past=True)
    if given.resolution is not None:
        changes["resolution"] = (
            coerce(Resolution, given.resolution, "resolution").value
            if given.resolution.strip()
            else None
        )
    currency = case.currency or "USD"
    if given.currency is not None:
        currency = changes["currency"] = currency_code(given.currency)
    elif creating and order is not None:
        currency = changes["currency"] = order.currency
    if given.amount is not None:
        changes["amount_minor"] = parse_money(given.amount, currency)
    elif (
        creating
        and order is not None
        and order.amount_minor is not None
        and order.currency == currency
    ):
        changes["amount_minor"] = order.amount_minor
    elif not creating and currency != case.currency:
        # amounts are kept in minor units: 24.99 USD is 2499, which in JPY would be 2499 yen
        for column in ("amount_minor", "recovered_minor"):
            if getattr(case, column) is not None:
                changes[column] = _rescale(getattr(case, column), case.currency, currency)
    if given.follow_up is not None:
        changes["follow_up_on"] = parse_date(given.follow_up, "--follow-up date")
    if given.status is not None:
        changes["status"] = coerce(Status, given.status, "status").value
    if given.paid_with is not None:
        changes["paid_with"] = (
            coerce(PaidWith, given.paid_with, "--paid-with").value
            if given.paid_with.strip()
            else None
        )
    if given.statement is not None:
        changes["statement_on"] = parse_date(given.statement, "--statement date", past=True)
    if given.chargeback is not None:
        changes["chargeback_on"] = parse_date(given.chargeback, "--chargeback date", past=True)
    if given.digital is not None:
        changes["digital"] = given.digital
    changed = []
    for key, value in changes.items():
        if creating or getattr(case, key) != value:
            setattr(case, key, value)
            changed.append(key)
    return changed


def _rescale(minor: int, old: str, new: str) -> int:
    """The same amount in the minor units of another currency's decimal places."""
    shift = exponent(new) - exponent(old)
    if shift >= 0:
        if minor * 10**shift >= MAX_MINOR:
            raise TrackerError(
                _(
                    "{amount} {old} is too large an amount in {new}, which has "
                    "{places} decimal places (at most {most}); give --amount too"
                ).format(
                    amount=money_str(minor, old),
                    old=old,
                    new=new,
                    places=exponent(new),
                    most=money_str(MAX_MINOR - 1, new),
                )
            )
        return minor * 10**shift
    if minor % 10**-shift:
        raise TrackerError(
            _(
                "{amount} cannot be written in {new}, which has "
                "{places} decimal places; give --amount too"
            ).format(amount=money_str(minor, old), new=new, places=exponent(new))
        )
    return minor // 10**-shift


def opened_at(value: str | None):
    """`case open --opened DATE`: when the problem started being fought (not in the future)."""
    from datetime import datetime, time

    from tracker.parse import parse_datetime, to_local

    if value is None:
        return None
    moment = parse_datetime(value, "--opened")
    if moment is None:
        return None
    if to_local(moment).date() > today():
        raise TrackerError(_("--opened is in the future"))
    return moment if isinstance(moment, datetime) else datetime.combine(moment, time())


def open_case(*, session: Session, given: CaseInput, opened: str | None = None) -> Case:
    """A new case; `opened` (case open --opened) dates a problem fought before it was recorded."""
    from tracker.models import Case

    moment = opened_at(opened) or now()
    case = Case(
        title="",
        company_id=0,
        opened_at=moment,
        updated_at=moment,
        status=Status.open.value,
        category=Category.other.value,
        currency="USD",
    )
    _apply(session, case, given, creating=True)
    if case.category == Category.other.value and given.category is None and case.received:
        case.category = Category.wrong_item.value
    session.add(case)
    session.flush()
    record(session, case, HistoryEvent.opened, case.title)
    return case


def edit_case(*, session: Session, case: str, given: CaseInput) -> tuple[Case, list[str]]:
    target = find_case(session, case)
    before = target.status
    changed = _apply(session, target, given, creating=False)
    if not changed:
        raise TrackerError(_("nothing to change: give at least one option (see --help)"))
    fields = [c for c in changed if c != "status"]
    if fields:
        record(
            session,
            target,
            HistoryEvent.edited,
            "changed " + ", ".join(f.removesuffix("_id").removesuffix("_minor") for f in fields),
        )
    if "status" in changed:
        _status_changed(session, target, before)
    session.flush()
    return target, changed


def _status_changed(session: Session, case: Case, before: str, reason: str = "") -> None:
    case.closed_at = _closed_at(Status(case.status), case.closed_at)
    record(session, case, HistoryEvent.status, _moved(before, case.status, reason))


def _closed_at(status: Status, closed_at: datetime | None) -> datetime | None:
    """When a case in `status` was closed: kept (else now) once it is resolved or
    closed, cleared while it is still being fought."""
    if status in (Status.resolved, Status.closed):
        return closed_at or now()
    return None


def _moved(before: str, after: str, reason: str = "") -> str:
    """A status change's history detail: 'open → waiting (contact #3: promised)'."""
    return f"{before} → {after}" + (f" ({reason})" if reason else "")


@dataclass(frozen=True)
class StatusMove:
    """What moving a case to another status changes: its status and closing time,
    and the history entry that says so."""

    status: str
    closed_at: datetime | None
    event: HistoryEvent
    detail: str


def status_move(
    current: str, closed_at: datetime | None, status: Status, reason: str = ""
) -> StatusMove | None:
    """Moving a case (now `current`, closed at `closed_at`) to `status`; None when it
    is there already. The one rule both the ORM's `set_status` and `log`'s Core
    writes follow."""
    if current == status.value:
        return None
    if status is Status.escalated:
        event, closed = HistoryEvent.escalated, None
    else:
        event, closed = HistoryEvent.status, _closed_at(status, closed_at)
    return StatusMove(status.value, closed, event, _moved(current, status.value, reason))


def set_status(session: Session, case: Case, status: Status, reason: str = "") -> bool:
    """Change a case's status with its history entry; False when already there."""
    move = status_move(case.status, case.closed_at, status, reason)
    if move is None:
        return False
    case.status, case.closed_at = move.status, move.closed_at
    record(session, case, move.event, move.detail)
    return True


def close_case(
    *,
    session: Session,
    case: str,
    outcome: str | None = None,
    recovered: str | None = None,
    abandoned: bool = False,
) -> Case:
    target = find_case(session, case)
    if target.status == Status.closed:
        raise TrackerError(
            _("case #{case} is already closed (reopen it with: tracker case reopen {case})").format(
                case=target.id
            )
        )
    outcome = user_text(outcome, "outcome")
    if abandoned and outcome is None:
        outcome = "abandoned"
    if outcome is not None:
        target.outcome = outcome
    if recovered is not None:
        target.recovered_minor = parse_money(recovered, target.currency, "--recovered amount")
    before = target.status
    target.status = Status.closed.value
    target.closed_at = now()
    detail = f"{before} → closed" + (" (abandoned)" if abandoned else "")
    if target.recovered_minor is not None:
        detail += (
            f"; recovered {money_str(target.recovered_minor, target.currency)} {target.currency}"
        )
    record(session, target, HistoryEvent.closed, detail)
    session.flush()
    return target


def escalate_case(*, session: Session, case: str) -> tuple[cf.CaseFile, bool]:
    """Mark a case escalated (kept in its history); returns its case file and
    whether its status changed."""
    target = find_case(session, case)
    if target.status in (Status.resolved, Status.closed):
        raise TrackerError(
            _("case #{case} is {status}; reopen it first (tracker case reopen {case})").format(
                case=target.id, status=target.status
            )
        )
    changed = set_status(session, target, Status.escalated, "asked for a manager")
    session.flush()
    return case_file(session, target), changed


def reopen_case(*, session: Session, case: str) -> Case:
    target = find_case(session, case)
    if target.status not in (Status.closed, Status.resolved):
        raise TrackerError(
            _("case #{case} is not closed (it is {status})").format(
                case=target.id, status=target.status
            )
        )
    before = target.status
    target.status = Status.open.value
    target.closed_at = None
    # Back in dispute: how it ended and what came back no longer hold.
    target.outcome = None
    target.recovered_minor = None
    record(session, target, HistoryEvent.reopened, f"{before} → open")
    session.flush()
    return target


# ------------------------------------------------------------------ listing


def _case_summary_query(
    day: date, conditions: list[sa.ColumnElement[bool]], ids: list[int] | None = None
):
    """Cases matching `conditions` with their contact count, last contact and
    earliest overdue promise. The contact figures come from case_tally (one row
    per case, kept by triggers: services.tally), the overdue promises from
    ix_promise_state_due_on: neither reads the contacts of the file. Core
    statements on the tables (services.common.read)."""
    cases, companies, orders, promise = tables.cases, tables.company, tables.orders, tables.promise
    overdue_totals = (
        sa.select(
            promise.c.case_id,
            sa.func.min(promise.c.due_on).label("overdue_since"),
            sa.func.count(promise.c.id).label("overdue_count"),
        )
        .where(overdue_clause(day))
        .group_by(promise.c.case_id)
    )
    if ids is not None:  # a page of cases: only their own promises
        overdue_totals = overdue_totals.where(promise.c.case_id.in_(ids))
    contacts, overdue = case_tally.alias("contacts"), overdue_totals.subquery()
    query = (
        sa.select(
            cases,
            companies.c.name.label("company_name"),
            orders.c.number.label("order_number"),
            sa.func.coalesce(contacts.c.contacts, 0).label("contact_count"),
            contacts.c.last_contact_at,
            overdue.c.overdue_since,
            sa.func.coalesce(overdue.c.overdue_count, 0).label("overdue_count"),
        )
        .join(companies, cases.c.company_id == companies.c.id)
        .outerjoin(orders, cases.c.order_id == orders.c.id)
        .outerjoin(contacts, contacts.c.case_id == cases.c.id)
        .outerjoin(overdue, overdue.c.case_id == cases.c.id)
        .where(*conditions)
    )
    return query, contacts, overdue


def _listing(session: Session, status: str, company: str | None):
    """The `case list` query, most urgent first; the same ranking of the case
    numbers alone (no company or order joined: what the database sorts is narrow
    and read from indexes); that ranking of the cases with an overdue promise only,
    which come first; and the conditions they all filter by."""
    day = today()
    cases = tables.cases.c
    conditions: list[sa.ColumnElement[bool]] = []
    if status == "active":
        conditions.append(cases.status.in_([s.value for s in ACTIVE_STATUSES]))
    elif status != "all":
        conditions.append(cases.status == coerce(Status, status, "status").value)
    if company:
        conditions.append(cases.company_id == find_company_row(session, company).id)
    query, contacts, overdue = _case_summary_query(day, conditions)
    last_touch = sa.func.coalesce(contacts.c.last_contact_at, cases.opened_at)
    urgency = (
        sa.case((overdue.c.overdue_since.is_(None), 1), else_=0),
        overdue.c.overdue_since,
        sa.case((cases.follow_up_on.is_(None), 1), else_=0),
        cases.follow_up_on,
        last_touch,
        cases.id,
    )
    ranking = (
        sa.select(cases.id)
        .outerjoin(contacts, contacts.c.case_id == cases.id)
        .outerjoin(overdue, overdue.c.case_id == cases.id)
        .where(*conditions)
        .order_by(*urgency)
    )
    # Started from the overdue promises (ix_promise_state_due_on), not from every
    # active case: a long-kept file has a few thousand of them against tens of
    # thousands of active cases, and they usually fill the page.
    overdue_ranking = (
        sa.select(cases.id)
        .select_from(overdue)
        .join(tables.cases, overdue.c.case_id == cases.id)
        .outerjoin(contacts, contacts.c.case_id == cases.id)
        .where(*conditions)
        .order_by(*urgency)
    )
    return query.order_by(*urgency), ranking, overdue_ranking, conditions


def list_cases(
    *, session: Session, status: str = "active", company: str | None = None, limit: int = 50
) -> cf.Page[cf.CaseItem]:
    """Cases as `case list` items, most urgent first, with how many matched in all.

    Urgency: an overdue promise (oldest first), then the follow-up date
    (soonest first), then the oldest last contact (or opening).
    """
    if limit < 0:
        raise TrackerError(_("--limit must be 0 (all) or more"))
    query, ranking, overdue_ranking, conditions = _listing(session, status, company)
    if 0 < limit < 2**31:  # a larger limit than rows can exist means all of them
        # The database ranks the case numbers, then the rows of the page shown are
        # read. Cases with an overdue promise rank first: when they fill the page,
        # the other active cases need not be ranked at all.
        ids = list(read(session, overdue_ranking.limit(limit)).scalars())
        if len(ids) < limit:
            ids = list(read(session, ranking.limit(limit)).scalars())
        items = cases_by_ids(session, ids)
    else:
        items = [_list_item(row) for row in read(session, query)]
    total = len(items)
    if limit and total == limit:
        counting = sa.select(sa.func.count(tables.cases.c.id)).where(*conditions)
        total = read(session, counting).scalar_one()
    return cf.Page(items=items, total=int(total), limit=limit)


# rows read at a time by iter_cases: a few hundred cases' rows in memory, never the file
BATCH = 500


def iter_cases(
    *, session: Session, status: str = "active", company: str | None = None
) -> Iterator[cf.CaseItem]:
    """Every case `list_cases` would list with no limit, in the same order, read
    in batches (a server-side cursor on PostgreSQL), for output written as it
    comes: `case list --limit 0 --json` of 100,000 cases holds a batch, not all."""
    query = _listing(session, status, company)[0]
    for row in read(session, query.execution_options(yield_per=BATCH)):
        yield _list_item(row)


def cases_by_ids(session: Session, ids: list[int]) -> list[cf.CaseItem]:
    """`case list` items for the given case ids, in that order."""
    if not ids:
        return []
    query, _, _ = _case_summary_query(today(), [tables.cases.c.id.in_(ids)], ids)
    rows = {row.id: row for row in read(session, query)}
    return [_list_item(rows[i]) for i in ids if i in rows]


def _list_item(row: sa.Row) -> cf.CaseItem:
    """A `case list` item from a row of `_case_summary_query`."""
    return cf.CaseItem(
        **_case_fields(row, row.company_name),
        order_number=row.order_number,
        contact_count=int(row.contact_count),
        last_contact_at=aware(row.last_contact_at),
        overdue_promises=int(row.overdue_count),
        overdue_since=_as_date(row.overdue_since),
    )


def _as_date(value) -> date | None:
    """A date from an aggregate (text on SQLite)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _case_fields(case: Case | sa.Row, company: str) -> dict:
    return dict(
        id=case.id,
        title=case.title,
        status=case.status,
        company=company,
        category=case.category,
        problem=case.problem,
        happened_on=case.happened_on,
        expected=case.expected,
        received=case.received,
        want=case.want,
        resolution=case.resolution,
        amount=cf.Money.of(case.amount_minor, case.currency),
        currency=case.currency,
        follow_up_on=case.follow_up_on,
        opened_at=aware(case.opened_at),
        updated_at=aware(case.updated_at),
        closed_at=aware(case.closed_at),
        outcome=case.outcome,
        recovered=cf.Money.of(case.recovered_minor, case.currency),
        paid_with=case.paid_with,
        statement_on=case.statement_on,
        chargeback_on=case.chargeback_on,
        digital=case.digital,
    )


# ------------------------------------------------------------------ the case file


def company_record(company: Company | sa.Row) -> cf.CompanyInfo:
    return cf.CompanyInfo(
        name=company.name,
        phone=company.phone,
        url=company.url,
        email=company.email,
        chat_topics=company.chat_topics.splitlines() if company.chat_topics else [],
        notes=company.notes,
    )


def shipment_record(shipment: Shipment | sa.Row) -> cf.Shipment:
    return cf.Shipment(
        carrier=shipment.carrier,
        tracking=shipment.tracking,
        shipped_on=shipment.shipped_on,
        expected_on=shipment.expected_on,
        delivered_on=shipment.delivered_on,
        status=shipment.status,
    )


def order_record_of(
    order: Order | sa.Row, company: str, shipments: Sequence[Shipment | sa.Row]
) -> cf.Order:
    """An order as its record, from the rows read already: its company's name and its
    shipments in the order they were added."""
    return cf.Order(
        number=order.number,
        company=company,
        placed_on=order.placed_on,
        items=list(order.items or []),
        amount=cf.Money.of(order.amount_minor, order.currency),
        currency=order.currency,
        notes=order.notes,
        shipments=[shipment_record(s) for s in shipments],
    )


def contact_record(contact: Contact | sa.Row) -> cf.Contact:
    assert contact.id is not None  # a stored contact
    return cf.Contact(
        id=contact.id,
        at=aware(contact.at),
        minutes=contact.minutes,
        channel=contact.channel,
        with_=contact.answered_by,
        rep_name=contact.rep_name,
        rep_id=contact.rep_id,
        reference=contact.reference,
        asked=contact.asked,
        answer=contact.answer,
        result=contact.result,
        rating=contact.rating,
        note=contact.note,
        logged_by=contact.logged_by,
        logged_at=aware(contact.created_at) if contact.created_at else None,
    )


def promise_record(promise: Promise | sa.Row, overdue: bool) -> cf.Promise:
    """A promise; `overdue` comes from the query (services.common.overdue_clause)."""
    assert promise.id is not None  # a stored promise
    return cf.Promise(
        id=promise.id,
        case_id=promise.case_id,
        what=promise.what,
        due_on=promise.due_on,
        state=promise.state,
        overdue=bool(overdue),
        contact_id=promise.contact_id,
        settled_at=aware(promise.settled_at),
        made_by=promise.made_by,
    )


def evidence_record(e: Evidence | sa.Row) -> cf.Evidence:
    """A kept file of a case, where it is now."""
    from tracker.services.evidence import evidence_folder

    assert e.id is not None  # a stored file's row
    return cf.Evidence(
        id=e.id,
        file=e.file,
        original_name=e.original_name,
        sha256=e.sha256,
        size=e.size,
        note=e.note,
        added_at=aware(e.added_at),
        path=str(evidence_folder() / e.file),
    )


def case_file(session: Session, case: Case | sa.Row) -> cf.CaseFile:
    """Everything known about a case, typed; read through Core (services.common.read),
    each of its tables once."""
    from tracker.services.deadlines import assess_read

    day = today()
    companies = tables.company

    def of_case(rows: sa.Table, *order_by: str):
        statement = sa.select(rows).where(rows.c.case_id == case.id)
        return read(session, statement.order_by(*(rows.c[name] for name in order_by))).all()

    company = read(session, sa.select(companies).where(companies.c.id == case.company_id)).one()
    order, shipments = order_rows(session, case.order_id)
    seller = company.name  # the order's company: the case's, unless it was moved
    if order is not None and order.company_id != case.company_id:
        seller = read(
            session, sa.select(companies.c.name).where(companies.c.id == order.company_id)
        ).scalar_one()
    contact_rows = of_case(tables.contact, "at", "id")
    contacts = [contact_record(c) for c in contact_rows]
    promise = tables.promise
    promise_rows = read(
        session,
        sa.select(promise, overdue_clause(day).label("overdue"))
        .where(promise.c.case_id == case.id)
        .order_by(promise.c.id),
    ).all()
    promises = [promise_record(p, p.overdue) for p in promise_rows]
    references = [
        cf.Reference(
            kind=r.kind,
            value=r.value,
            contact_id=r.contact_id,
            note=r.note,
            added_by=r.added_by,
        )
        for r in of_case(tables.reference, "id")
    ]
    evidence = [evidence_record(e) for e in of_case(tables.evidence, "id")]
    history = [
        cf.HistoryEntry(at=aware(h.at), event=h.event, detail=h.detail, actor=h.actor)
        for h in of_case(tables.history, "at", "id")
    ]
    pending = [p for p in promise_rows if p.state == PromiseState.pending.value]
    first_contact = contact_rows[0].at if contact_rows else None
    assessment = assess_read(case, company.name, order, shipments, first_contact, pending, day)
    return cf.CaseFile(
        **_case_fields(case, company.name),
        order=order_record_of(order, seller, shipments) if order else None,
        contacts=contacts,
        promises=promises,
        references=references,
        evidence=evidence,
        history=history,
        contact_count=len(contacts),
        last_contact_at=contacts[-1].at if contacts else None,
        company_contact=company_record(company),
        deadlines=list(assessment.deadlines),
        deadline_warnings=list(assessment.conflicts),
        today=day,
    )


def show_case(*, session: Session, case: str) -> cf.CaseFile:
    return case_file(session, find_case_row(session, case))
