"""Remedy deadlines of cases: the facts from the database, the rules from tracker.deadlines.

For the prose layers: `case_assessment(session, case)` gives a case's deadlines
(most urgent first) and the conflict warnings; `upcoming(session, within=14)`
the deadlines of all active cases that close within that many days.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, select

from tracker import config, settings
from tracker.casefile import Deadline, DueDeadline
from tracker.deadlines import (
    Assessment,
    CaseFacts,
    PendingPromise,
    RuleSet,
    ShipmentDates,
    assess,
    load_rules,
)
from tracker.models import Case, Company, Contact, Order, Promise, Shipment
from tracker.parse import to_local, today
from tracker.vocab import ACTIVE_STATUSES, PromiseState


def rules_in_force() -> RuleSet:
    """The shipped rules with the user's TRACKER_HOME/rules.toml over them."""
    return load_rules(config.home())


def _facts(
    case: Case,
    company: str,
    order: Order | None,
    shipments: list[Shipment],
    first_contact,
    promises: list[Promise],
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
    from tracker.services.common import aware

    return to_local(aware(moment)).date()


def case_facts(session: Session, case: Case, country: str | None = None) -> CaseFacts:
    """What the rules look at for one case."""
    company = session.get_one(Company, case.company_id).name
    order = session.get(Order, case.order_id) if case.order_id else None
    shipments = (
        list(
            session.exec(
                select(Shipment).where(Shipment.order_id == order.id).order_by(col(Shipment.id))
            ).all()
        )
        if order
        else []
    )
    first = session.exec(
        select(sa.func.min(col(Contact.at))).where(Contact.case_id == case.id)
    ).one()
    promises = list(
        session.exec(
            select(Promise)
            .where(Promise.case_id == case.id, Promise.state == PromiseState.pending.value)
            .order_by(col(Promise.id))
        ).all()
    )
    return _facts(case, company, order, shipments, first, promises, country)


def case_assessment(
    session: Session, case: Case, *, day: date | None = None, rules: RuleSet | None = None
) -> Assessment:
    """A case's deadlines (most urgent first) and conflict warnings, as of `day` (today)."""
    country = settings.load().country
    facts = case_facts(session, case, country)
    return assess(rules or rules_in_force(), facts, day or today())


def case_deadlines(session: Session, case: Case, *, day: date | None = None) -> list[Deadline]:
    return case_assessment(session, case, day=day).deadlines


def _reach(rule, holidays: frozenset[date]) -> tuple[int, int]:
    """(fewest, most) calendar days from a rule's start to its last day."""
    if not rule.business_days:
        return rule.days, rule.days
    # 5 working days a week, a weekend at either end, and the holidays on top
    return rule.days, rule.days * 7 // 5 + 3 + len(holidays)


def _may_close_within(rules: RuleSet, day: date, within: int, country: str | None):
    """SQL: the ids of active cases some rule's last day could fall on between
    `day` and `day + within`, or None when no rule applies.

    A rule counting `days` from a date closes in the window only when that date
    is in [day - most, day + within - fewest]; the engine then decides exactly.
    Each date is read through its own index (shipment delivered_on and
    expected_on, orders placed_on, cases statement_on), and the cases joined
    from there: the window, not the file's active cases, bounds the work.
    """
    ranges: dict[str, list[tuple[date, date]]] = defaultdict(list)
    for rule in rules.active():
        if rule.country and (country or "").upper() not in rule.country:
            continue  # the user's country is one setting: its rules are known here
        fewest, most = _reach(rule, rules.holidays)
        ranges[rule.basis].append(
            (day - timedelta(days=most), day + timedelta(days=within - fewest))
        )
    # status || '': a filter on the cases the dates found, not an index to start from
    # (without statistics SQLite would walk every active case instead)
    active = (col(Case.status) + "").in_([s.value for s in ACTIVE_STATUSES])
    found = []
    for basis, spans in ranges.items():
        for lo, hi in spans:
            if basis in ("delivered", "last-delivered", "latest-expected"):
                column = (
                    Shipment.expected_on if basis == "latest-expected" else Shipment.delivered_on
                )
                found.append(
                    sa.select(col(Case.id))
                    .join(Shipment, col(Shipment.order_id) == col(Case.order_id))
                    .where(col(column).between(lo, hi), active)
                )
            elif basis == "placed":
                found.append(
                    sa.select(col(Case.id))
                    .join(Order, col(Order.id) == col(Case.order_id))
                    .where(col(Order.placed_on).between(lo, hi), active)
                )
            elif basis == "statement":
                found.append(
                    sa.select(col(Case.id)).where(col(Case.statement_on).between(lo, hi), active)
                )
    return sa.union(*found) if found else None


# ids per IN list: well under SQLite's and PostgreSQL's limits on bound parameters
CHUNK = 500


def _chunks(ids: list[int]):
    for at in range(0, len(ids), CHUNK):
        yield ids[at : at + CHUNK]


def upcoming(
    session: Session, *, within: int, day: date | None = None, rules: RuleSet | None = None
) -> list[DueDeadline]:
    """Deadlines of active cases whose last day is within `within` days, soonest first.

    Only the active cases one of whose dates could put a rule's last day in the
    window are read (decided in SQL, per rule); the rest of a long-kept file is
    never loaded.
    """
    day = day or today()
    rules = rules or rules_in_force()
    country = settings.load().country
    if not rules.active():
        return []
    candidates = _may_close_within(rules, day, within, country)
    if candidates is None:
        return []
    chosen = select(candidates.subquery().c.id).scalar_subquery()
    rows = session.exec(
        select(Case, Company.name, Order)
        .join(Company, col(Case.company_id) == col(Company.id))
        .outerjoin(Order, col(Case.order_id) == col(Order.id))
        .where(col(Case.id).in_(chosen))
        .order_by(col(Case.id))
    ).all()
    if not rows:
        return []
    # The candidates' own rows, read by their ids a chunk at a time (the window's
    # search runs once, above; each chunk is a few index probes).
    case_ids = [case.id for case, _, _ in rows if case.id is not None]
    order_ids = sorted({order.id for _, _, order in rows if order and order.id is not None})
    shipments: dict[int, list[Shipment]] = defaultdict(list)
    first_contact: dict[int, object] = {}
    promises: dict[int, list[Promise]] = defaultdict(list)
    for chunk in _chunks(order_ids):
        for shipment in session.exec(
            select(Shipment).where(col(Shipment.order_id).in_(chunk)).order_by(col(Shipment.id))
        ).all():
            shipments[shipment.order_id].append(shipment)
    for chunk in _chunks(case_ids):
        first_contact.update(
            session.exec(
                select(Contact.case_id, sa.func.min(col(Contact.at)))
                .where(col(Contact.case_id).in_(chunk))
                .group_by(col(Contact.case_id))
            ).all()
        )
        for promise in session.exec(
            select(Promise)
            .where(col(Promise.case_id).in_(chunk), Promise.state == PromiseState.pending.value)
            .order_by(col(Promise.id))
        ).all():
            promises[promise.case_id].append(promise)
    found: list[DueDeadline] = []
    for case, company, order in rows:
        assert case.id is not None  # a stored case
        facts = _facts(
            case,
            company,
            order,
            shipments.get(order.id, []) if order and order.id is not None else [],
            first_contact.get(case.id),
            promises.get(case.id, []),
            country,
        )
        result = assess(rules, facts, day)
        for d in result.deadlines:
            if (
                d.status in ("open", "not-yet")
                and d.days_left is not None
                and 0 <= d.days_left <= within
            ):
                found.append(
                    DueDeadline(
                        **vars(d),
                        case_id=case.id,
                        case_title=case.title,
                        warnings=tuple(c.message for c in result.conflicts if c.rule == d.rule),
                    )
                )
    found.sort(key=lambda d: (d.last_day, d.case_id, d.rule))
    return found
