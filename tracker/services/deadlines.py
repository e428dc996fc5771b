"""Remedy deadlines of cases: the facts from the database, the rules from tracker.deadlines.

For the prose layers: `case_assessment(session, case)` gives a case's deadlines
(most urgent first) and the conflict warnings; `upcoming(session, within=14,
limit=50)` the first deadlines of active cases that close within that many days,
and how many there are (found, counted, sorted and limited in SQL).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import aliased
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


def _working_days(first: date, last: date, holidays: frozenset[date]) -> list[date]:
    """The working days from `first` to `last`, both included."""
    days = []
    day = first
    while day <= last:
        if day.weekday() < 5 and day not in holidays:
            days.append(day)
        day += timedelta(days=1)
    return days


def _date_sql(day: date, dialect: str) -> sa.ColumnElement:
    """A date as an SQL literal of the stored type (ISO text on SQLite); an ISO date is
    digits and dashes only, so it is written into the statement, not bound: a long
    window of business days needs more dates than a statement may bind."""
    text = day.isoformat()
    return sa.literal_column(f"DATE '{text}'" if dialect == "postgresql" else f"'{text}'")


def _last_day_sql(rule, start, day: date, within: int, holidays, dialect: str):
    """(SQL of the last day counted from the column `start`, the range of starts whose
    last day is in [day, day + within]), or None when no start has one.

    Calendar days: the start plus the rule's days. Business days: the last day as a
    function of the start is a step function; a balanced CASE over its steps (no
    deeper than log2 of the window's working days).
    """
    end = day + timedelta(days=within)
    if not rule.business_days:
        lo, hi = day - timedelta(days=rule.days), end - timedelta(days=rule.days)
        if dialect == "postgresql":
            return start + sa.literal_column(str(int(rule.days))), (lo, hi)
        return sa.func.date(start, f"+{int(rule.days)} days"), (lo, hi)
    fewest, most = _reach(rule, holidays)
    lo, hi = day - timedelta(days=most), end - timedelta(days=fewest)
    working = _working_days(lo + timedelta(days=1), hi + timedelta(days=most), holidays)
    # a start s counts from the first working day after it: working[k], k the
    # number of working days on or before s; its last day is working[k + days - 1]
    steps: list[tuple[date, date, date]] = []  # (first start, last start, last day)
    at = lo
    k = 0
    while at <= hi:
        while k < len(working) and working[k] <= at:
            k += 1
        if k + rule.days - 1 >= len(working):  # not reached: `most` bounds the span
            break
        last = working[k + rule.days - 1]
        if day <= last <= end:
            if steps and steps[-1][2] == last:
                steps[-1] = (steps[-1][0], at, last)
            else:
                steps.append((at, at, last))
        at += timedelta(days=1)
    if not steps:
        return None

    def tree(part: list[tuple[date, date, date]]):
        if len(part) == 1:
            return _date_sql(part[0][2], dialect)
        middle = len(part) // 2
        return sa.case(
            (start < _date_sql(part[middle][0], dialect), tree(part[:middle])),
            else_=tree(part[middle:]),
        )

    return tree(steps), (steps[0][0], steps[-1][1])


def _rule_names(rules_on) -> list[str]:
    """The names of the rules in force, in the order ties on a day are listed."""
    return sorted(r.name for r in rules_on)


def _rules_on(rules: RuleSet, country: str | None) -> list:
    """The active rules for the user's country (one setting: known before any case)."""
    return [
        r for r in rules.active() if not (r.country and (country or "").upper() not in r.country)
    ]


def _closing_within(rules: RuleSet, day: date, within: int, country: str | None, dialect: str):
    """SQL: (case_id, last_day, rule_rank) of every deadline of an active case whose
    last day is in [day, day + within], or None when no rule applies.

    The engine's own test (tracker.deadlines.assess, status open or not-yet and
    0 <= days_left <= within), written as one SELECT per rule: the rule's
    conditions (company, paid_with, excluded_if) on the case, and its start date
    (`from`) in the exact range that puts the last day in the window, read
    through that date's index. The first delivery, the last delivery (every
    shipment delivered) and the latest estimate are "no other shipment of the
    order before / after this one" (ties: by id). rule_rank orders rules by name.
    """
    rules_on = _rules_on(rules, country)
    rank = {name: n for n, name in enumerate(_rule_names(rules_on))}
    # status || '': a filter on the cases the dates found, not an index to start from
    # (without statistics SQLite would walk every active case instead)
    active = (col(Case.status) + "").in_([s.value for s in ACTIVE_STATUSES])
    found = []
    for rule in rules_on:
        if rule.basis == "statement":
            start = col(Case.statement_on)
        elif rule.basis == "placed":
            start = col(Order.placed_on)
        elif rule.basis == "latest-expected":
            start = col(Shipment.expected_on)
        else:
            start = col(Shipment.delivered_on)
        reach = _last_day_sql(rule, start, day, within, rules.holidays, dialect)
        if reach is None:
            continue
        last_day, (lo, hi) = reach
        query = sa.select(
            col(Case.id).label("case_id"),
            last_day.label("last_day"),
            sa.literal_column(str(rank[rule.name])).label("rule_rank"),
        )
        if rule.basis == "placed":
            query = query.select_from(Order).join(Case, col(Case.order_id) == col(Order.id))
        elif rule.basis != "statement":
            query = query.select_from(Shipment).join(
                Case, col(Case.order_id) == col(Shipment.order_id)
            )
            other = aliased(Shipment, name="other")
            mine, theirs = col(start), getattr(other, start.key)
            # correlated with the case: probed only for the active cases the join kept
            same_order = col(other.order_id) == col(Case.order_id)
            if rule.basis == "delivered":  # no other delivery before this one
                beaten = sa.and_(
                    theirs.is_not(None),
                    sa.or_(
                        theirs < mine, sa.and_(theirs == mine, col(other.id) < col(Shipment.id))
                    ),
                )
            elif rule.basis == "last-delivered":  # every other one delivered, none after
                beaten = sa.or_(
                    theirs.is_(None),
                    theirs > mine,
                    sa.and_(theirs == mine, col(other.id) > col(Shipment.id)),
                )
            else:  # latest-expected: no other estimate after this one
                beaten = sa.and_(
                    theirs.is_not(None),
                    sa.or_(
                        theirs > mine, sa.and_(theirs == mine, col(other.id) > col(Shipment.id))
                    ),
                )
            query = query.where(~sa.exists().where(same_order, beaten))
        query = query.where(start.between(lo, hi), active)
        if rule.company:
            # company_id + 0: a filter, not an index to start from (most cases of a
            # long-kept file are Amazon's: the dates' window is the smaller set)
            query = query.where(
                (col(Case.company_id) + 0).in_(
                    sa.select(col(Company.id)).where(
                        col(Company.key).in_(sorted({c.casefold() for c in rule.company}))
                    )
                )
            )
        if rule.paid_with:
            query = query.where(col(Case.paid_with).in_(rule.paid_with))
        if "chargeback" in rule.excluded_if:
            query = query.where(col(Case.chargeback_on).is_(None))
        if "digital" in rule.excluded_if:
            query = query.where(sa.or_(col(Case.digital).is_(None), sa.not_(col(Case.digital))))
        found.append(query)
    return sa.union_all(*found) if found else None


# ids per IN list: well under SQLite's and PostgreSQL's limits on bound parameters
CHUNK = 500


def in_chunks(ids: list[int]):
    """`ids` a CHUNK at a time, for IN lists."""
    for at in range(0, len(ids), CHUNK):
        yield ids[at : at + CHUNK]


def upcoming(
    session: Session,
    *,
    within: int,
    day: date | None = None,
    rules: RuleSet | None = None,
    limit: int = 0,
) -> tuple[list[DueDeadline], int]:
    """The first `limit` (0: all) deadlines of active cases whose last day is within
    `within` days, soonest first, and how many there are in all.

    The database finds, counts, sorts and limits them (`_closing_within`); the
    engine then assesses only the cases shown, for the deadlines' wording and
    warnings.
    """
    day = day or today()
    rules = rules or rules_in_force()
    country = settings.load().country
    window = _closing_within(rules, day, within, country, session.get_bind().dialect.name)
    if window is None:
        return [], 0
    found = window.subquery("closing")
    query = sa.select(
        found.c.case_id, found.c.rule_rank, sa.func.count().over().label("total")
    ).order_by(found.c.last_day, found.c.case_id, found.c.rule_rank)
    if limit:
        query = query.limit(limit)
    chosen = session.exec(query).all()  # type: ignore[call-overload]
    if not chosen:
        return [], 0
    total = chosen[0].total
    names = _rule_names(_rules_on(rules, country))
    wanted = [(row.case_id, names[row.rule_rank]) for row in chosen]
    assessed = _assessed(session, sorted({case_id for case_id, _ in wanted}), rules, day, country)
    shown = [assessed[key] for key in wanted if key in assessed]
    shown.sort(key=lambda d: (d.last_day, d.case_id, d.rule))
    return shown, total


def _assessed(
    session: Session, case_ids: list[int], rules: RuleSet, day: date, country: str | None
) -> dict[tuple[int, str], DueDeadline]:
    """The open and not-yet deadlines of these cases, by (case id, rule name)."""
    rows = []
    for chunk in in_chunks(case_ids):
        rows.extend(
            session.exec(
                select(Case, Company.name, Order)
                .join(Company, col(Case.company_id) == col(Company.id))
                .outerjoin(Order, col(Case.order_id) == col(Order.id))
                .where(col(Case.id).in_(chunk))
            ).all()
        )
    order_ids = sorted({order.id for _, _, order in rows if order and order.id is not None})
    shipments: dict[int, list[Shipment]] = defaultdict(list)
    first_contact: dict[int, object] = {}
    promises: dict[int, list[Promise]] = defaultdict(list)
    for chunk in in_chunks(order_ids):
        for shipment in session.exec(
            select(Shipment).where(col(Shipment.order_id).in_(chunk)).order_by(col(Shipment.id))
        ).all():
            shipments[shipment.order_id].append(shipment)
    for chunk in in_chunks(case_ids):
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
    found: dict[tuple[int, str], DueDeadline] = {}
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
            if d.status in ("open", "not-yet"):
                found[(case.id, d.rule)] = DueDeadline(
                    **vars(d),
                    case_id=case.id,
                    case_title=case.title,
                    warnings=tuple(c.message for c in result.conflicts if c.rule == d.rule),
                )
    return found
