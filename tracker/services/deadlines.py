"""Remedy deadlines of cases: the facts from the database, the rules from tracker.deadlines.

For the prose layers: `case_assessment(session, case)` gives a case's deadlines
(most urgent first) and the conflict warnings; `upcoming(session, within=14,
limit=50)` the first deadlines of active cases that close within that many days,
and how many there are (found, counted, sorted and limited in SQL).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlmodel import Session

from tracker import config, settings, tables
from tracker.casefile import Deadline, DueDeadline
from tracker.deadlines import (
    Assessment,
    CaseFacts,
    PendingPromise,
    RuleSet,
    ShipmentDates,
    add_business_days,
    assess,
    load_rules,
)
from tracker.parse import to_local, today
from tracker.services.common import aware, in_chunks, order_rows, read
from tracker.vocab import ACTIVE_STATUSES, PromiseState

if TYPE_CHECKING:
    from tracker.models import Case, Order, Promise, Shipment


def rules_in_force() -> RuleSet:
    """The shipped rules with the user's TRACKER_HOME/rules.toml over them."""
    return load_rules(config.home())


def _facts(
    case: Case | sa.Row,
    company: str,
    order: Order | sa.Row | None,
    shipments: Sequence[Shipment | sa.Row],
    first_contact,
    promises: Sequence[Promise | sa.Row],
    country: str | None,
) -> CaseFacts:
    return CaseFacts(
        case_id=case.id,
        company=company,
        country=country,
        paid_with=case.paid_with,
        category=case.category,
        order=order.number if order else None,
        placed=order.placed_on if order else None,
        shipments=tuple(
            ShipmentDates(
                shipped=s.shipped_on,
                expected=s.expected_on,
                delivered=s.delivered_on,
                tracking=s.tracking,
            )
            for s in shipments
        ),
        statement=case.statement_on,
        chargeback=case.chargeback_on,
        digital=bool(case.digital),
        seller_contacted=_day(first_contact),
        promises=tuple(PendingPromise(p.what, p.due_on) for p in promises),
    )


def _day(moment) -> date | None:
    """A stored time (aggregates come back as text on SQLite) as the user's local day."""
    if moment is None:
        return None

    return to_local(aware(moment)).date()


def case_facts(session: Session, case: Case | sa.Row, country: str | None = None) -> CaseFacts:
    """What the rules look at for one case (read through Core: services.common.read)."""
    companies = tables.company
    contact, promise = tables.contact.c, tables.promise.c
    company = read(session, sa.select(companies.c.name).where(companies.c.id == case.company_id))
    order, shipments = order_rows(session, case.order_id)
    first = read(
        session, sa.select(sa.func.min(contact.at)).where(contact.case_id == case.id)
    ).scalar()
    promises = read(
        session,
        sa.select(tables.promise)
        .where(promise.case_id == case.id, promise.state == PromiseState.pending.value)
        .order_by(promise.id),
    ).all()
    return _facts(case, company.scalar_one(), order, shipments, first, promises, country)


def case_assessment(
    session: Session, case: Case | sa.Row, *, day: date | None = None, rules: RuleSet | None = None
) -> Assessment:
    """A case's deadlines (most urgent first) and conflict warnings, as of `day` (today)."""
    country = settings.load().country
    facts = case_facts(session, case, country)
    return assess(rules or rules_in_force(), facts, day or today())


def assess_read(
    case, company: str, order, shipments, first_contact, promises, day: date
) -> Assessment:
    """`case_assessment` from rows the caller has read already (services.cases.case_file):
    the case, its company's name, order and shipments, the time of its first contact and
    its pending promises in id order."""
    facts = _facts(
        case, company, order, shipments, first_contact, promises, settings.load().country
    )
    return assess(rules_in_force(), facts, day)


def case_deadlines(
    session: Session, case: Case | sa.Row, *, day: date | None = None
) -> list[Deadline]:
    return case_assessment(session, case, day=day).deadlines


def _reach(rule, holidays: frozenset[date]) -> tuple[int, int]:
    """(fewest, most) calendar days from a rule's start to its last day."""
    if not rule.business_days:
        return rule.days, rule.days
    # 5 working days a week, a weekend at either end, and the holidays on top
    return rule.days, rule.days * 7 // 5 + 3 + len(holidays)


def _last_day(rule, start: date, holidays: frozenset[date]) -> date:
    """A rule's last day counted from `start`, as the engine counts it."""
    if rule.business_days:
        return add_business_days(start, rule.days, holidays)
    return start + timedelta(days=rule.days)


def _starts(rule, day: date, within: int, holidays) -> tuple[date, date] | None:
    """The first and last start date that put the rule's last day in [day, day +
    within], or None when none does. The last day never goes back as the start goes
    forward, so the starts that close in the window are one range."""
    end = day + timedelta(days=within)
    if not rule.business_days:
        return day - timedelta(days=rule.days), end - timedelta(days=rule.days)
    fewest, most = _reach(rule, holidays)
    first = day - timedelta(days=most)
    span = range((end - timedelta(days=fewest) - first).days + 1)

    def last(offset: int) -> date:
        return _last_day(rule, first + timedelta(days=offset), holidays)

    lo = bisect_left(span, day, key=last)
    hi = bisect_right(span, end, key=last) - 1
    if lo > hi:
        return None
    return first + timedelta(days=lo), first + timedelta(days=hi)


def _rules_on(rules: RuleSet, country: str | None) -> list:
    """The active rules for the user's country (one setting: known before any case)."""
    return [
        r for r in rules.active() if not (r.country and (country or "").upper() not in r.country)
    ]


def _closing_within(
    rules: RuleSet, day: date, within: int, country: str | None, *, sqlite: bool = True
):
    """SQL per rule: (case_id, start, total) of every deadline of an active case whose
    last day is in [day, day + within]: [(rule, its start column, query)].

    The engine's own test (tracker.deadlines.assess, status open or not-yet and
    0 <= days_left <= within), written as one SELECT per rule: the rule's
    conditions (company, paid_with, excluded_if) on the case, and its start date
    (`from`) in the exact range that puts the last day in the window, read
    through that date's index. The first delivery, the last delivery (every
    shipment delivered) and the latest estimate are "no other shipment of the
    order before / after this one" (ties: by id). `total` counts the rule's rows.

    On SQLite the case's status and company are written as expressions
    (`status || ''`, `company_id + 0`) so that its planner, without statistics,
    starts from the dates rather than from the cases. PostgreSQL's planner has
    statistics and reads such an expression as a blind guess: given them, it
    walked every case (at 100,000 cases 41-45 ms a rule instead of 15-21).
    """
    # status || '': a filter on the cases the dates found, not an index to start from
    # (without statistics SQLite would walk every active case instead)
    cases, orders, shipments = tables.cases, tables.orders, tables.shipment
    status = cases.c.status + "" if sqlite else cases.c.status
    active = status.in_([s.value for s in ACTIVE_STATUSES])
    found = []
    for rule in _rules_on(rules, country):
        if rule.basis == "statement":
            start = cases.c.statement_on
        elif rule.basis == "placed":
            start = orders.c.placed_on
        elif rule.basis == "latest-expected":
            start = shipments.c.expected_on
        else:
            start = shipments.c.delivered_on
        starts = _starts(rule, day, within, rules.holidays)
        if starts is None:
            continue
        query: sa.Select = sa.select(
            cases.c.id.label("case_id"),
            start.label("start"),
            sa.func.count().over().label("total"),
        )
        if rule.basis == "placed":
            query = query.select_from(orders).join(cases, cases.c.order_id == orders.c.id)
        elif rule.basis != "statement":
            query = query.select_from(shipments).join(
                cases, cases.c.order_id == shipments.c.order_id
            )
            other = shipments.alias("other")
            mine, theirs, this = start, other.c[start.key], shipments.c.id
            # correlated with the case: probed only for the active cases the join kept
            same_order = other.c.order_id == cases.c.order_id
            if rule.basis == "delivered":  # no other delivery before this one
                beaten = sa.and_(
                    theirs.is_not(None),
                    sa.or_(theirs < mine, sa.and_(theirs == mine, other.c.id < this)),
                )
            elif rule.basis == "last-delivered":  # every other one delivered, none after
                beaten = sa.or_(
                    theirs.is_(None),
                    theirs > mine,
                    sa.and_(theirs == mine, other.c.id > this),
                )
            else:  # latest-expected: no other estimate after this one
                beaten = sa.and_(
                    theirs.is_not(None),
                    sa.or_(theirs > mine, sa.and_(theirs == mine, other.c.id > this)),
                )
            query = query.where(~sa.exists(other.c.id).where(same_order, beaten))  # index-only
        query = query.where(start.between(*starts), active)
        if rule.company:
            # company_id + 0: a filter, not an index to start from (most cases of a
            # long-kept file are Amazon's: the dates' window is the smaller set)
            company_id = cases.c.company_id + 0 if sqlite else cases.c.company_id
            query = query.where(
                company_id.in_(
                    sa.select(tables.company.c.id).where(
                        tables.company.c.key.in_(sorted({c.casefold() for c in rule.company}))
                    )
                )
            )
        if rule.paid_with:
            query = query.where(cases.c.paid_with.in_(rule.paid_with))
        if "chargeback" in rule.excluded_if:
            query = query.where(cases.c.chargeback_on.is_(None))
        if "digital" in rule.excluded_if:
            digital = cases.c.digital
            query = query.where(sa.or_(digital.is_(None), sa.not_(digital)))
        found.append((rule, start, query))
    return found


def upcoming(
    session: Session,
    *,
    within: int,
    day: date | None = None,
    rules: RuleSet | None = None,
    limit: int = 0,
) -> tuple[list[DueDeadline], int]:
    """The first `limit` (0: all) deadlines of active cases whose last day is within
    `within` days, soonest first (then by case and rule), and how many there are.

    The database finds and counts each rule's deadlines and lists its first `limit`
    by start date (`_closing_within`); the last day never goes back as the start
    goes forward, so those are the rule's soonest. Python merges the rules' few
    rows, and the engine assesses only the cases shown, for the wording and warnings.
    """
    day = day or today()
    rules = rules or rules_in_force()
    country = settings.load().country
    holidays = rules.holidays
    soonest: list[tuple[date, int, str]] = []
    count = 0
    sqlite = session.get_bind().dialect.name == "sqlite"
    for rule, start, query in _closing_within(rules, day, within, country, sqlite=sqlite):
        ordered = query.order_by(start, query.selected_columns.case_id)
        rows = list(read(session, ordered.limit(limit) if limit else ordered).all())
        if not rows:
            continue
        count += rows[0].total
        if limit and rows[0].total > limit and rule.business_days:
            # Business days: a few starts (a weekend, a holiday) share a last day, and
            # on it the cases go by number: those of the later starts that share the
            # limit-th row's last day come too.
            first = rows[-1].start
            last = first
            closes = _last_day(rule, first, holidays)
            while _last_day(rule, last + timedelta(days=1), holidays) == closes:
                last += timedelta(days=1)
            seen = {(row.case_id, row.start) for row in rows}
            rows.extend(
                row
                for row in read(session, query.where(start.between(first, last))).all()
                if (row.case_id, row.start) not in seen
            )
        soonest.extend(
            (_last_day(rule, row.start, holidays), row.case_id, rule.name) for row in rows
        )
    soonest.sort()
    wanted = [(case_id, name) for _, case_id, name in soonest[: limit or None]]
    assessed = _assessed(session, sorted({case_id for case_id, _ in wanted}), rules, day, country)
    shown = [assessed[key] for key in wanted if key in assessed]
    return shown, count


def _assessed(
    session: Session, case_ids: list[int], rules: RuleSet, day: date, country: str | None
) -> dict[tuple[int, str], DueDeadline]:
    """The open and not-yet deadlines of these cases, by (case id, rule name)."""
    cases, companies, orders = tables.cases, tables.company, tables.orders
    shipment, contact, promise = tables.shipment, tables.contact.c, tables.promise
    rows: list[sa.Row] = []
    for chunk in in_chunks(case_ids):
        rows.extend(
            read(
                session,
                sa.select(cases, companies.c.name.label("company_name"))
                .join(companies, cases.c.company_id == companies.c.id)
                .where(cases.c.id.in_(chunk)),
            )
        )
    order_ids = sorted({case.order_id for case in rows if case.order_id is not None})
    order_of: dict[int, sa.Row] = {}
    shipments: dict[int, list[sa.Row]] = defaultdict(list)
    first_contact: dict[int, object] = {}
    promises: dict[int, list[sa.Row]] = defaultdict(list)
    for chunk in in_chunks(order_ids):
        order_of.update(
            (row.id, row) for row in read(session, sa.select(orders).where(orders.c.id.in_(chunk)))
        )
        for row in read(
            session,
            sa.select(shipment).where(shipment.c.order_id.in_(chunk)).order_by(shipment.c.id),
        ):
            shipments[row.order_id].append(row)
    for chunk in in_chunks(case_ids):
        first_contact.update(
            read(
                session,
                sa.select(contact.case_id, sa.func.min(contact.at))
                .where(contact.case_id.in_(chunk))
                .group_by(contact.case_id),
            ).all()
        )
        for row in read(
            session,
            sa.select(promise)
            .where(promise.c.case_id.in_(chunk), promise.c.state == PromiseState.pending.value)
            .order_by(promise.c.id),
        ):
            promises[row.case_id].append(row)
    found: dict[tuple[int, str], DueDeadline] = {}
    for case in rows:
        order = order_of.get(case.order_id) if case.order_id is not None else None
        facts = _facts(
            case,
            case.company_name,
            order,
            shipments.get(order.id, []) if order and order.id is not None else [],
            first_contact.get(case.id),
            promises.get(case.id, []),
            country,
        )
        result = assess(rules, facts, day)
        for d in result.deadlines:
            if d.status in ("open", "not-yet"):
                found[(case.id, d.rule)] = DueDeadline(
                    **vars(d),
                    case_id=case.id,
                    case_title=case.title,
                    warnings=tuple(c.message for c in result.conflicts if c.rule == d.rule),
                )
    return found
