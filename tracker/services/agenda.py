"""The agenda: what needs doing today, most urgent first."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from tracker import casefile as cf
from tracker import tables
from tracker.errors import TrackerError
from tracker.i18n import _
from tracker.parse import MAX_DAYS, now, to_local, today
from tracker.services.common import Beside, aware, in_chunks, overdue_clause, read
from tracker.services.tally import active_touch, case_tally
from tracker.vocab import ACTIVE_STATUSES, PromiseState

DEFAULT_DAYS = 7


def agenda(
    *, session: Session, days: int | None = None, within: int | None = None, limit: int = 0
) -> cf.Agenda:
    """Remedy deadlines within `within` days, overdue promises, follow-ups due and
    cases with no contact for `days` days or more (and no promise still to wait for),
    and the promises due today.

    `days` and `within` default to `stale_days` and `deadline_days` of
    TRACKER_HOME/config.toml. Only active cases count. A case shows once among
    promises, follow-ups and silence: in the most urgent group it belongs to;
    its deadlines are listed on their own, soonest first, and so are the promises
    due today (the day to check they were kept). With `limit`, each group
    lists its first `limit` entries; `totals` counts them all.
    """
    from tracker import settings
    from tracker.services.deadlines import upcoming

    defaults = settings.load()
    days = defaults.stale_days if days is None else days
    within = defaults.deadline_days if within is None else within
    if days < 1:
        raise TrackerError(_("--days must be 1 or more"))
    if days > MAX_DAYS:
        raise TrackerError(_("--days must be at most {n:,}").format(n=MAX_DAYS))
    if not 0 <= within <= MAX_DAYS:
        raise TrackerError(_("--within must be between 0 and {n:,}").format(n=MAX_DAYS))
    if limit < 0:
        raise TrackerError(_("--limit must be 0 (all) or more"))
    day = today()
    # The deadlines are found beside the other groups: at 100,000 cases each side
    # spends some 15-25 ms counting rows in the database.
    with Beside(
        session, lambda other: upcoming(other, within=within, day=day, limit=limit)
    ) as soon:
        overdue, due_today, follow_ups, waiting, counts = _groups(
            session, day=day, days=days, limit=limit
        )
        deadlines, deadline_count = soon.result()
    totals = {"deadlines": deadline_count, **counts}
    end = limit or None  # 0: all
    return cf.Agenda(
        today=day,
        days=days,
        deadline_days=within,
        deadlines=deadlines,
        overdue_promises=overdue,
        follow_ups=follow_ups,
        waiting=waiting[:end],
        promises_due_today=due_today,
        totals=totals,
        limit=limit,
    )


def _groups(
    session: Session, *, day: date, days: int, limit: int
) -> tuple[
    list[cf.DuePromise], list[cf.DuePromise], list[cf.FollowUp], list[cf.Waiting], dict[str, int]
]:
    """The overdue promises, the follow-ups due and the cases waiting too long (each
    case once, in the most urgent), and the promises due today, each group's first
    `limit`, and how many each holds."""
    cases, promises = tables.cases, tables.promise
    case, promise = cases.c, promises.c
    active = case.status.in_([s.value for s in ACTIVE_STATUSES])
    # each group: filtered, counted (count(*) over the whole group), sorted and
    # limited by the database; Python builds only the rows shown
    total = sa.func.count().over().label("total")

    def first(query) -> tuple[list[int], int]:
        """The ids a query of (id, total) lists first, and how many it holds."""
        rows = read(session, query.limit(limit) if limit else query).all()
        return [row[0] for row in rows], (rows[0][1] if rows else 0)

    def loaded(query, key, ids: list[int]) -> list:
        """The rows of these ids, in their order: the group's sort and limit ran on
        its index columns; only the rows shown are read in full."""
        found = {}
        for chunk in in_chunks(ids):
            for row in read(session, query.where(key.in_(chunk))):
                found[row.id] = row
        return [found[i] for i in ids]

    # the case of each promise found active in active_touch (0011): a probe into its
    # small index, not into the cases table's rows
    listed = active_touch.c

    def due_promises(when: sa.ColumnElement[bool]) -> tuple[list[cf.DuePromise], int]:
        """The pending promises of active cases whose due date meets `when`, by due
        date, and how many there are; through ix_promise_state_due_on."""
        ids, count = first(
            sa.select(promise.id, total)
            .join(active_touch, promise.case_id == listed.case_id)
            .where(when)
            .order_by(promise.due_on, promise.id)
        )
        found: list[cf.DuePromise] = []
        for p in loaded(
            sa.select(promises, case.title.label("case_title")).join(
                cases, promise.case_id == case.id
            ),
            promise.id,
            ids,
        ):
            assert p.due_on is not None  # both tests only match promises with a due date
            found.append(
                cf.DuePromise(
                    id=p.id,
                    case_id=p.case_id,
                    case_title=p.case_title,
                    what=p.what,
                    due_on=p.due_on,
                    days_overdue=(day - p.due_on).days,
                    contact_id=p.contact_id,
                )
            )
        return found, count

    overdue, overdue_count = due_promises(overdue_clause(day))
    due_today, due_today_count = due_promises(
        sa.and_(promise.state == PromiseState.pending.value, promise.due_on == day)
    )

    # each case once: a case with an overdue promise is listed under it, not below
    promised_late = (
        # EXISTS (SELECT promise.id ...), not SELECT *: SQLite then answers from the
        # index (case_id, state, due_on) alone, without reading each promise row
        sa.exists(promise.id)
        .where(promise.case_id == case.id, overdue_clause(day))
        .correlate(cases)
    )
    follow_up_due = case.follow_up_on <= day
    follow_up_ids, follow_up_count = first(
        sa.select(case.id, total)
        .where(active, follow_up_due, sa.not_(promised_late))
        .order_by(case.follow_up_on, case.id)
    )
    follow_ups: list[cf.FollowUp] = []
    for c in loaded(sa.select(cases), case.id, follow_up_ids):
        assert c.follow_up_on is not None  # the query only matches cases with a follow-up date
        follow_ups.append(
            cf.FollowUp(
                case_id=c.id,
                title=c.title,
                status=c.status,
                follow_up_on=c.follow_up_on,
                days_late=(day - c.follow_up_on).days,
            )
        )

    # the active cases by the time they were last touched (active_touch, kept by
    # triggers: migration 0011), read from its index up to the cutoff: only the
    # silent cases, never a walk of every active one. Their last contact (shown)
    # from case_tally, one primary-key probe each.
    touch = active_touch.c
    tally = case_tally.alias("tally")
    cutoff = now() - timedelta(days=days)
    touched_at = touch.touched_at
    # A promise not yet due is the company's time to act, not silence: `next` says to
    # wait for it, so the agenda does not call the case waiting too long; an overdue
    # one lists the case above. So: no pending promise with a due date at all.
    promised = (
        sa.exists(promise.id)  # answered from the promise index alone, as above
        .where(
            promise.case_id == touch.case_id,
            promise.state == PromiseState.pending.value,
            promise.due_on.is_not(None),
        )
        .correlate_except(promises)
    )
    # The case's follow-up date and its last contact are scalar subqueries, a probe
    # per silent case on both backends: joined, PostgreSQL's planner (which costs
    # a probe as a disk read) hashed all 100,000 cases and totals for 2,000 rows.
    follow_up_on = sa.select(case.follow_up_on).where(case.id == touch.case_id).scalar_subquery()
    silent = (
        sa.select(touch.case_id.label("id"), total)
        .where(
            touched_at < cutoff,  # active_touch lists the active cases only
            sa.not_(promised),
            # no follow-up date, or one still to come (the follow-ups list the others)
            sa.func.coalesce(follow_up_on, sa.literal(date.max, sa.Date)) > day,
        )
        .order_by(touched_at, touch.case_id)
    )

    def last_contact_of(key: sa.ColumnElement[int]):
        return sa.select(tally.c.last_contact_at).where(tally.c.case_id == key).scalar_subquery()

    if limit:
        # Listed by the local day of the last contact, then by case, and the database
        # does not know the user's zone: the cases after the limit-th (by time) that
        # may share its local day come too, those touched less than two days after
        # it (a local day lasts at most 25 hours); Python orders those few. One walk
        # of the silent cases: the limit-th time is a window function of the same rows.
        order = (touched_at, touch.case_id)
        ranked = (
            silent.add_columns(
                touched_at.label("touched"),
                sa.func.row_number().over(order_by=order).label("rank"),
                sa.func.nth_value(touched_at, limit)
                .over(order_by=order, rows=(None, None))
                .label("cut"),
            )
            .order_by(None)
            .subquery("silent")
        )
        cut = ranked.c.cut
        if session.get_bind().dialect.name == "postgresql":
            cut_by = cut + timedelta(days=2)
        else:  # stored as ISO text
            cut_by = sa.func.datetime(cut, "+2 days")
        found = read(
            session,
            # the last contact read for the rows kept only
            sa.select(ranked.c.id, last_contact_of(ranked.c.id), ranked.c.total)
            .where(sa.or_(ranked.c.rank <= limit, ranked.c.touched < cut_by))
            .order_by(ranked.c.rank),
        ).all()
    else:
        every = silent.order_by(None).subquery("silent")  # Python sorts them below
        found = read(
            session,
            sa.select(every.c.id, last_contact_of(every.c.id), every.c.total),
        ).all()
    waiting_count = found[0][2] if found else 0
    rows = [
        (silent_case, last_at)
        for silent_case, (_id, last_at, _total) in zip(
            loaded(sa.select(cases), case.id, [row[0] for row in found]), found, strict=True
        )
    ]
    waiting: list[cf.Waiting] = []
    for silent_case, last_at in rows:
        touched = aware(last_at) if last_at is not None else silent_case.opened_at
        waiting.append(
            cf.Waiting(
                case_id=silent_case.id,
                title=silent_case.title,
                status=silent_case.status,
                last_contact_at=aware(last_at),
                opened_at=aware(silent_case.opened_at),
                days_silent=(day - to_local(touched).date()).days,
            )
        )
    waiting.sort(key=lambda w: (-w.days_silent, w.case_id))
    counts = {
        "overdue_promises": overdue_count,
        "promises_due_today": due_today_count,
        "follow_ups": follow_up_count,
        "waiting": waiting_count,
    }
    return overdue, due_today, follow_ups, waiting, counts
