"""Logging a contact with the company, and the promises made in it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlmodel import Session

from tracker import casefile as cf
from tracker import config, tables
from tracker.errors import NotFound, TrackerError
from tracker.i18n import N_, _
from tracker.parse import now, parse_date, parse_datetime, text_limit, to_local, user_text
from tracker.services.cases import promise_record
from tracker.services.common import find_case_row, overdue_clause, read, record
from tracker.vocab import (
    HUMANS,
    MAX_MINUTES,
    RATINGS,
    Channel,
    HistoryEvent,
    PromiseState,
    ReferenceKind,
    Result,
    Status,
    Who,
    coerce,
)

if TYPE_CHECKING:
    from tracker.models import Promise

# a clock a few minutes fast is not a contact "in the future"
_SLACK = timedelta(minutes=5)


@dataclass
class ContactInput:
    """One contact attempt as the user typed it."""

    channel: str | None = None
    with_: str | None = None
    rep_name: str | None = None
    rep_id: str | None = None
    reference: str | None = None
    reference_kind: str | None = None
    at: str | datetime | None = None
    minutes: int | None = None
    asked: str | None = None
    answer: str | None = None
    result: str | None = None
    promise: str | None = None
    due: str | date | None = None
    rating: int | None = None
    note: str | None = None


@dataclass
class Logged:
    """What `log` wrote: the rows as the database holds them now (Core rows, which
    answer by column name like the models)."""

    case: sa.Row  # after the contact: its status and update time
    contact: sa.Row
    promise: sa.Row | None = None
    reference: sa.Row | None = None  # the reference number it added to the case, if new
    status_change: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class Checked:
    """A contact's fields, validated: what `log` and `contact edit` write."""

    at: datetime
    channel: Channel
    who: Who | None
    result: Result | None
    rep_name: str | None
    rep_id: str | None
    reference: str | None
    kind: ReferenceKind
    asked: str | None
    answer: str | None
    note: str | None
    minutes: int | None
    rating: int | None
    promise: str | None
    due: date | None


def check_contact(
    given: ContactInput, *, at: datetime | None = None, kept: frozenset[str] = frozenset()
) -> Checked:
    """Validate a contact as the user typed it (`at`: its time when --at is not given).
    `kept`: the fields (ContactInput's names) holding what is stored already, not
    typed now: a line break in them is left as it came (an import, an older record)."""
    if [given.asked, given.answer, given.note].count("-") > 1:
        raise TrackerError(
            _("only one of --asked, --answer and --note can read standard input ('-')")
        )
    if given.channel is None:
        raise TrackerError(
            _("--channel is required (chat, phone, email, social, in-person, other)")
        )
    channel = coerce(Channel, given.channel, "channel")
    who = coerce(Who, given.with_, "--with (who answered)")
    result = coerce(Result, given.result, "result")
    if given.minutes is not None and not 0 <= given.minutes <= MAX_MINUTES:
        raise TrackerError(_("--minutes must be between 0 and 1440"))
    if given.rating is not None and given.rating not in RATINGS:
        raise TrackerError(_("--rating must be between 1 and 5"))
    dated = given.at is not None or at is not None  # a contact of its own time, not now
    at = parse_datetime(given.at, "--at time") or at or now()
    if at > now() + _SLACK:
        raise TrackerError(_("--at is in the future; log a contact after it happened"))
    rep_name = user_text(
        given.rep_name,
        "--rep name",
        max_chars=text_limit("contact", "rep_name"),
        one_line="rep_name" not in kept,
    )
    if rep_name and who is None:
        who = Who.rep
    promise_text = user_text(given.promise, "--promise", max_chars=text_limit("promise", "what"))
    if given.promise is not None and promise_text is None:
        raise TrackerError(_("--promise is empty: say what they promised, or leave it out"))
    # "3 to 5 business days", said in a contact logged later: counted from that contact
    due = parse_date(given.due, "--due date", base=to_local(at).date() if dated else None)
    if due is not None and promise_text is None:
        raise TrackerError(_("--due needs --promise (what was promised by that date)"))
    if due is not None and due < to_local(at).date():
        raise TrackerError(
            _(
                "--due {due} is before the contact ({contact}): a promise is due after it was made"
            ).format(due=due.isoformat(), contact=to_local(at).date().isoformat())
        )
    if promise_text and result is None:
        result = Result.promised
    reference = user_text(
        given.reference,
        "--ref",
        max_chars=text_limit("reference", "value"),
        one_line="reference" not in kept,
    )
    if given.reference_kind is not None and reference is None:
        raise TrackerError(_("--ref-kind needs --ref (the number it says the kind of)"))
    kind = coerce(ReferenceKind, given.reference_kind, "reference kind") or ReferenceKind.complaint
    return Checked(
        at=at,
        channel=channel,
        who=who,
        result=result,
        rep_name=rep_name,
        rep_id=user_text(
            given.rep_id,
            "--rep-id",
            max_chars=text_limit("contact", "rep_id"),
            one_line="rep_id" not in kept,
        ),
        reference=reference,
        kind=kind,
        asked=user_text(given.asked, "--asked"),
        answer=user_text(given.answer, "--answer"),
        note=user_text(given.note, "--note"),
        minutes=given.minutes,
        rating=given.rating,
        promise=promise_text,
        due=due,
    )


def log_contact(*, session: Session, case: str, given: ContactInput) -> Logged:
    """Add a contact to a case, with the reference number and the promise it brought
    and the status it moves the case to, in the caller's transaction.

    Written with Core statements on tracker.tables, not the models: `log` is run
    several times a day, and building the models and their mappers cost it more
    (about 35 ms) than all of its SQL. Each row is written with `RETURNING *` and
    given to the journal as it is, so `undo` puts it back like any other change."""
    from tracker import journal
    from tracker.services.cases import status_move

    cases, contacts = tables.cases, tables.contact
    target = find_case_row(session, case)
    if session.get_bind().dialect.name == "postgresql":
        # Writers to one case take turns: the case row stays locked until commit, so
        # two people logging the same reference number at once keep it once instead
        # of one failing. (SQLite's write sessions hold the write lock already.)
        target = read(
            session, sa.select(cases).where(cases.c.id == target.id).with_for_update()
        ).one()
    checked = check_contact(given)
    at, channel, who, result = checked.at, checked.channel, checked.who, checked.result
    rep_name, reference, kind = checked.rep_name, checked.reference, checked.kind
    promise_text, due = checked.promise, checked.due
    user, moment = config.user(), now()

    def insert(table: sa.Table, **values) -> sa.Row:
        return read(session, sa.insert(table).values(**values).returning(*table.c)).one()

    contact = insert(
        contacts,
        case_id=target.id,
        at=at,
        minutes=given.minutes,
        channel=channel.value,
        answered_by=who.value if who else None,
        rep_name=rep_name,
        rep_id=checked.rep_id,
        reference=reference,
        asked=checked.asked,
        answer=checked.answer,
        result=result.value if result else None,
        rating=given.rating,
        note=checked.note,
        logged_by=user,
        created_at=moment,
    )
    written: list[tuple[sa.Table, sa.Row | None, sa.Row | None]] = [(contacts, None, contact)]
    logged = Logged(case=target, contact=contact)
    if promise_text:
        logged.promise = insert(
            tables.promise,
            case_id=target.id,
            contact_id=contact.id,
            what=promise_text,
            due_on=due,
            state=PromiseState.pending.value,
            created_at=moment,
        )
        written.append((tables.promise, None, logged.promise))
    if reference:
        references = tables.reference.c
        kept = read(
            session,
            sa.select(references.id).where(
                references.case_id == target.id, references.value == reference
            ),
        ).first()
        if kept is None:
            logged.reference = insert(
                tables.reference,
                case_id=target.id,
                contact_id=contact.id,
                kind=kind.value,
                value=reference,
                created_at=moment,
            )
            written.append((tables.reference, None, logged.reference))

    transitions: dict[Result | None, Status] = {
        Result.promised: Status.waiting,
        Result.escalated: Status.escalated,
        Result.resolved: Status.resolved,
    }
    new_status: Status | None = transitions.get(result)
    if new_status is Status.waiting and target.status != Status.open:
        new_status = None  # an escalated case stays escalated while it waits
    if target.status in (Status.resolved, Status.closed):
        new_status = None  # ended until reopened (`case reopen`), as `escalate` says
    move = new_status and status_move(
        target.status, target.closed_at, new_status, f"contact #{contact.id}: {result}"
    )
    changes: dict = {"updated_at": moment}
    if move:
        changes.update(status=move.status, closed_at=move.closed_at)
        entry = insert(
            tables.history,
            case_id=target.id,
            at=moment,
            event=str(move.event),
            detail=move.detail,
            actor=user,
        )
        written.append((tables.history, None, entry))
        logged.status_change = move.status
    logged.case = read(
        session,
        sa.update(cases).where(cases.c.id == target.id).values(**changes).returning(*cases.c),
    ).one()
    written.append((cases, target, logged.case))
    journal.record_written(session, written)

    if who in HUMANS:
        if not rep_name:
            logged.warnings.append(N_("no representative name: ask for it next time"))
        if not reference:
            logged.warnings.append(N_("no reference number: ask for a complaint number next time"))
    if promise_text and due is None:
        logged.warnings.append(N_("the promise has no due date: ask by when next time"))
    return logged


# ------------------------------------------------------------------ promises


def list_promises(
    *,
    session: Session,
    overdue: bool = False,
    case: str | None = None,
    state: str | None = None,
    limit: int = 0,
) -> cf.Page[cf.PromiseItem]:
    """Promises, pending first (soonest due first), then settled ones, newest first:
    at most `limit` items (0 for all), with how many matched in all."""
    import sqlalchemy as sa

    from tracker.parse import today

    if limit < 0:
        raise TrackerError(_("--limit must be 0 (all) or more"))
    day = today()
    cases, promises = tables.cases, tables.promise
    promise = promises.c
    conditions: list[sa.ColumnElement[bool]] = []
    if case is not None:
        conditions.append(promise.case_id == find_case_row(session, case).id)
    if overdue:
        conditions.append(overdue_clause(day))
    elif state is not None and state != "all":
        conditions.append(promise.state == coerce(PromiseState, state, "state").value)
    total = read(session, sa.select(sa.func.count(promise.id)).where(*conditions)).scalar_one()
    pending = promise.state == PromiseState.pending.value
    # Three parts, each read in the order of an index ((state, due_on), the
    # primary key), so a page stops after `limit` rows instead of sorting all.
    parts = (
        (
            [pending, promise.due_on.is_not(None)],
            [promise.due_on, promise.id.desc()],
        ),
        ([pending, promise.due_on.is_(None)], [promise.id.desc()]),
        ([promise.state != PromiseState.pending.value], [promise.id.desc()]),
    )
    wanted = limit if 0 < limit < 2**31 else None
    items: list[cf.PromiseItem] = []
    for where, order in parts:
        left = None if wanted is None else wanted - len(items)
        if left == 0:
            break
        chosen = sa.select(promise.id).where(*conditions, *where).order_by(*order).limit(left)
        page = chosen.subquery()
        query = (
            sa.select(
                promises,
                overdue_clause(day).label("overdue"),
                cases.c.title.label("case_title"),
            )
            .join(page, page.c.id == promise.id)
            .join(cases, cases.c.id == promise.case_id)
            .order_by(*order)
        )
        items.extend(
            cf.PromiseItem(**vars(promise_record(row, row.overdue)), case_title=row.case_title)
            for row in read(session, query)
        )
    return cf.Page(items=items, total=int(total), limit=limit)


def settle_promise(*, session: Session, promise_id: int, state: PromiseState) -> Promise:
    from tracker.models import Case, Promise

    # ids are 32-bit integers (PostgreSQL's INTEGER): a larger one names no promise
    promise = session.get(Promise, promise_id) if 0 < promise_id < 2**31 else None
    if promise is None:
        raise NotFound(_("no promise {id} (see: tracker promise list)").format(id=promise_id))
    if promise.state == state.value:
        raise TrackerError(
            _("promise {id} is already {state}").format(id=promise_id, state=state.value)
        )
    before = promise.state
    promise.state = state.value
    promise.settled_at = now()
    session.add(promise)
    case = session.get_one(Case, promise.case_id)
    record(
        session,
        case,
        HistoryEvent.promise,
        f"promise {promise.id} {before} → {state.value}: {promise.what}",
    )
    session.flush()
    return promise
