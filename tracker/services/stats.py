"""Numbers over the whole case file: effort spent, promises kept, money recovered."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session

from tracker import casefile as cf
from tracker import tables
from tracker.parse import today
from tracker.services.common import overdue_clause, read
from tracker.services.tally import case_status_tally, case_tally, contact_tally, promise_tally
from tracker.vocab import Channel, PromiseState, Status

ENDED = (Status.resolved.value, Status.closed.value)


def _average(total: int, count: int) -> float | None:
    return round(total / count, 1) if count else None


def stats(*, session: Session) -> cf.Stats:
    """Contacts per case, time spent, promises, money recovered and cases by status.

    Averages are numbers rounded to one decimal (None without data); money
    is exact, per currency, as decimal strings.
    """
    # Cases, money and promises come from the totals the triggers of migration 0009
    # keep (services.tally): a row per status and currency, a row per promise state.
    by_status = {s.value: 0 for s in Status}
    recovered: dict[str, int] = {}
    at_stake: dict[str, int] = {}
    money = case_status_tally.c
    for status, currency, count, amounts, amount, recoveries, got in read(
        session,
        sa.select(
            money.status,
            money.currency,
            money.cases,
            money.amounts,
            money.amount_minor,
            money.recoveries,
            money.recovered_minor,
        ).order_by(money.currency, money.status),
    ):
        by_status[status] = by_status.get(status, 0) + int(count)
        # Money counts as recovered only once the case has ended: a reopened case
        # is back in dispute (reopen clears it, this guards older rows too).
        if recoveries and status in ENDED:
            recovered[currency] = recovered.get(currency, 0) + int(got)
        if amounts:
            at_stake[currency] = at_stake.get(currency, 0) + int(amount)
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
    for state, count in read(session, sa.select(promise_tally.c.state, promise_tally.c.promises)):
        promises[state] = promises.get(state, 0) + int(count)
    promise = tables.promise.c  # the overdue ones through ix_promise_state_due_on
    overdue = read(
        session, sa.select(sa.func.count(promise.id)).where(overdue_clause(today()))
    ).scalar_one()
    settled = promises["kept"] + promises["broken"]

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
