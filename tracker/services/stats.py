"""Numbers over the whole case file: effort spent, promises kept, money recovered."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session

from tracker import casefile as cf
from tracker.models import Case, Promise
from tracker.parse import today
from tracker.services.common import overdue_clause, read, table
from tracker.services.tally import case_tally, contact_tally
from tracker.vocab import Channel, PromiseState, Status

ENDED = (Status.resolved.value, Status.closed.value)


def _average(total: int, count: int) -> float | None:
    return round(total / count, 1) if count else None


def stats(*, session: Session) -> cf.Stats:
    """Contacts per case, time spent, promises, money recovered and cases by status.

    Averages are numbers rounded to one decimal (None without data); money
    is exact, per currency, as decimal strings.
    """
    case, promise = table(Case).c, table(Promise).c
    by_status = {s.value: 0 for s in Status}
    for status, count in read(
        session, sa.select(case.status, sa.func.count(case.id)).group_by(case.status)
    ):
        by_status[status] = by_status.get(status, 0) + int(count)
    cases = sum(by_status.values())

    # The contact figures come from the running totals the triggers of migration 0007
    # keep (services.tally): a row per channel, and the busiest case through
    # ix_case_tally_contacts, never a count of every contact.
    busiest = read(
        session,
        sa.select(case_tally.c.case_id, case_tally.c.contacts)
        .order_by(case_tally.c.contacts.desc(), case_tally.c.case_id)
        .limit(1),
    ).first()
    by_channel = {c.value: 0 for c in Channel}
    contacts = minutes = timed = rated = rating_sum = 0
    for channel, count, spent, counted, ratings, rating_total in read(
        session,
        sa.select(
            contact_tally.c.channel,
            contact_tally.c.contacts,
            contact_tally.c.minutes,
            contact_tally.c.timed,
            contact_tally.c.rated,
            contact_tally.c.rating_sum,
        ),
    ):
        by_channel[channel] = by_channel.get(channel, 0) + int(count)
        contacts += int(count)
        minutes += int(spent)
        timed += int(counted)
        rated += int(ratings)
        rating_sum += int(rating_total)

    promises = {s.value: 0 for s in PromiseState}
    for state, count in read(
        session, sa.select(promise.state, sa.func.count(promise.id)).group_by(promise.state)
    ):
        promises[state] = promises.get(state, 0) + int(count)
    overdue = read(
        session, sa.select(sa.func.count(promise.id)).where(overdue_clause(today()))
    ).scalar_one()
    settled = promises["kept"] + promises["broken"]

    recovered: dict[str, int] = {}
    at_stake: dict[str, int] = {}
    # One row per currency and status, summed from ix_cases_currency_status_money alone.
    for currency, status, got, stake in read(
        session,
        sa.select(
            case.currency,
            case.status,
            sa.func.sum(case.recovered_minor),
            sa.func.sum(case.amount_minor),
        )
        .group_by(case.currency, case.status)
        .order_by(case.currency, case.status),
    ):
        # Money counts as recovered only once the case has ended: a reopened case
        # is back in dispute (reopen clears it, this guards older rows too).
        if got is not None and status in ENDED:
            recovered[currency] = recovered.get(currency, 0) + int(got)
        if stake is not None:
            at_stake[currency] = at_stake.get(currency, 0) + int(stake)

    return cf.Stats(
        cases=cf.CaseCounts(total=cases, by_status=by_status),
        contacts=cf.ContactStats(
            total=int(contacts),
            per_case_average=_average(int(contacts), cases),
            per_case_max=int(busiest[1]) if busiest else 0,
            busiest_case_id=busiest[0] if busiest else None,
            by_channel=by_channel,
            average_rating=_average(int(rating_sum), int(rated)),
        ),
        time=cf.TimeStats(
            minutes_total=int(minutes),
            contacts_timed=int(timed),
            minutes_per_case_average=_average(int(minutes), cases),
        ),
        promises=cf.PromiseStats(
            pending=promises["pending"],
            kept=promises["kept"],
            broken=promises["broken"],
            overdue=int(overdue),
            total=sum(promises.values()),
            kept_percent=round(100 * promises["kept"] / settled) if settled else None,
        ),
        money=cf.MoneyStats(
            recovered={c: cf.Money(v, c) for c, v in recovered.items()},
            at_stake={c: cf.Money(v, c) for c, v in at_stake.items()},
        ),
    )
