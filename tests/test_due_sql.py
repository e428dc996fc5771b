"""`due` decided by the database (issue 9): every group filtered, counted, sorted and
limited in SQL. Proved against the engine and the agenda's rules applied case by
case in Python (the way `due` worked before), on random case files, on both
backends; and SQLite's plans of the statements `due` runs read through indexes."""

from __future__ import annotations

import random
import time
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from tracker.output import to_json
from tracker.render.data import plain

TODAY = date(2026, 11, 10)

USER_RULES = """
holidays = [2026-11-11, 2026-11-26]

[[rule]]
name = "shop-return"
title = "Shop return"
company = ["shop"]
from = "last-delivered"
days = 5
business_days = true
source = "https://example.com/returns"

[[rule]]
name = "a-card-chargeback"
title = "Card chargeback"
paid_with = ["card"]
from = "statement"
days = 20
business_days = true
excluded_if = ["digital"]
source = "https://example.com/card"

[[rule]]
name = "cancel-order"
title = "Cancel an order"
from = "placed"
days = 12
earliest_days = 2
source = "https://example.com/cancel"

[[rule]]
name = "late-parcel"
title = "Late parcel claim"
company = ["Amazon", "SHOP"]
from = "latest-expected"
days = 9
excluded_if = ["chargeback"]
source = "https://example.com/late"
"""


def _random_file(seed: int) -> None:
    """About 80 cases around TODAY: orders shared or not, 0-3 shipments with dates that
    tie, every status, payment, chargeback and digital flag, promises and contacts."""
    from tracker.models import Case, Company, Contact, Order, Promise, Shipment
    from tracker.store import Store

    rng = random.Random(seed)
    moment = datetime(2026, 11, 10, 12, tzinfo=UTC)

    def some_day(spread: int = 40) -> date | None:
        return None if rng.random() < 0.2 else TODAY + timedelta(days=rng.randint(-spread, 10))

    def some_time(back: int = 30) -> datetime:
        return moment - timedelta(minutes=rng.randint(0, back * 24 * 60))

    store = Store()
    try:
        with store.session(write=True) as s:
            shop = Company(name="Shop", key="shop", created_at=moment)
            s.add(shop)
            s.flush()
            amazon = s.exec(sa.select(Company).where(Company.key == "amazon")).scalar_one()
            companies = [amazon.id, amazon.id, shop.id]
            orders = []
            for n in range(40):
                order = Order(
                    company_id=rng.choice(companies),
                    number=f"O-{seed}-{n}",
                    placed_on=some_day(),
                    created_at=moment,
                )
                s.add(order)
                s.flush()
                orders.append(order)
                for _ in range(rng.choice([0, 1, 1, 2, 3])):
                    s.add(
                        Shipment(
                            order_id=order.id,
                            expected_on=some_day(20),
                            delivered_on=some_day(30),
                            created_at=moment,
                        )
                    )
            for n in range(80):
                opened = some_time(60)
                case = Case(
                    title=f"Case {n} [b]x[/b]",
                    company_id=rng.choice(companies),
                    order_id=rng.choice(orders).id if rng.random() < 0.85 else None,
                    status=rng.choice(["open", "open", "waiting", "escalated", "closed"]),
                    follow_up_on=None
                    if rng.random() < 0.6
                    else TODAY + timedelta(rng.randint(-5, 5)),
                    opened_at=opened,
                    updated_at=opened,
                    paid_with=rng.choice([None, "card", "card", "other"]),
                    statement_on=some_day(),
                    chargeback_on=TODAY if rng.random() < 0.15 else None,
                    digital=rng.choice([None, False, True]) if rng.random() < 0.5 else None,
                )
                s.add(case)
                s.flush()
                for _ in range(rng.choice([0, 0, 1, 2])):
                    at = max(opened, some_time(40))
                    contact = Contact(case_id=case.id, at=at, channel="chat", created_at=at)
                    s.add(contact)
                for _ in range(rng.choice([0, 0, 1, 2])):
                    s.add(
                        Promise(
                            case_id=case.id,
                            what="call back",
                            due_on=some_day(10),
                            state=rng.choice(["pending", "pending", "kept"]),
                            created_at=opened,
                        )
                    )
                if rng.random() < 0.15:  # the promises due today: more than a limit of 4
                    s.add(
                        Promise(
                            case_id=case.id,
                            what="refund today",
                            due_on=TODAY,
                            state=rng.choice(["pending", "pending", "kept"]),
                            created_at=opened,
                        )
                    )
    finally:
        store.dispose()


def _as_before(session, *, days: int, within: int):
    """The agenda worked out case by case in Python, as `due` did before issue 9:
    the engine on every active case, every overdue promise, every follow-up."""
    from sqlmodel import select

    from tracker.casefile import DueDeadline
    from tracker.models import Case, Promise
    from tracker.parse import now, to_local
    from tracker.services.common import aware
    from tracker.services.deadlines import case_assessment
    from tracker.services.tally import case_tally
    from tracker.vocab import ACTIVE_STATUSES

    active = {s.value for s in ACTIVE_STATUSES}
    cases = [c for c in session.exec(select(Case).order_by(Case.id)).all() if c.status in active]
    deadlines = []
    for case in cases:
        result = case_assessment(session, case, day=TODAY)
        for d in result.deadlines:
            if d.status in ("open", "not-yet") and d.days_left is not None:
                if not 0 <= d.days_left <= within:
                    continue
                deadlines.append(
                    DueDeadline(
                        **vars(d),
                        case_id=case.id,
                        case_title=case.title,
                        warnings=tuple(c.message for c in result.conflicts if c.rule == d.rule),
                    )
                )
    deadlines.sort(key=lambda d: (d.last_day, d.case_id, d.rule))
    promises = session.exec(select(Promise).order_by(Promise.due_on, Promise.id)).all()
    by_id = {c.id: c for c in cases}
    overdue = [
        (p.id, p.case_id)
        for p in promises
        if p.case_id in by_id and p.state == "pending" and p.due_on and p.due_on < TODAY
    ]
    due_today = [
        p.id for p in promises if p.case_id in by_id and p.state == "pending" and p.due_on == TODAY
    ]
    listed = {case_id for _, case_id in overdue}
    follow_ups = sorted(
        (c.follow_up_on, c.id)
        for c in cases
        if c.follow_up_on and c.follow_up_on <= TODAY and c.id not in listed
    )
    listed |= {case_id for _, case_id in follow_ups}
    last = dict(session.exec(sa.select(case_tally.c.case_id, case_tally.c.last_contact_at)).all())
    cutoff = now() - timedelta(days=days)
    waiting = []
    for c in cases:
        touched = aware(last.get(c.id)) or aware(c.opened_at)
        waits = any(
            p.case_id == c.id and p.state == "pending" and p.due_on and p.due_on >= TODAY
            for p in promises
        )
        if touched < cutoff and not waits and c.id not in listed:
            waiting.append(((TODAY - to_local(touched).date()).days, c.id))
    waiting.sort(key=lambda w: (-w[0], w[1]))
    return {
        "deadlines": [plain(d) for d in deadlines],
        "overdue_promises": [p for p, _ in overdue],
        "follow_ups": [case_id for _, case_id in follow_ups],
        "waiting": [case_id for _, case_id in waiting],
        "promises_due_today": due_today,
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_due_in_sql_lists_and_counts_what_the_engine_finds(cli, now, home, monkeypatch, seed):
    """Every group and its count, at several limits and windows, with business-day rules
    and holidays, company, payment and exclusion conditions, ties in delivery dates,
    and a zone far from UTC (the waiting cases are listed by their local day)."""
    from tracker.services.agenda import agenda
    from tracker.store import Store

    monkeypatch.setenv("TZ", "Pacific/Auckland")
    time.tzset()
    cli("case", "list")  # the schema
    home.mkdir(exist_ok=True)  # on PostgreSQL the folder holds only the rules and config
    (home / "rules.toml").write_text(USER_RULES, encoding="utf-8")
    (home / "config.toml").write_text('country = "US"\n', encoding="utf-8")
    _random_file(seed)
    store = Store()
    try:
        with store.session() as s:
            for days, within in ((7, 14), (1, 0), (3, 60), (20, 3)):
                want = _as_before(s, days=days, within=within)
                assert want["deadlines"] and want["waiting"], "the file exercises each group"
                assert len(want["promises_due_today"]) > 4, "more than the limits below"
                for limit in (0, 1, 4, 15):
                    got = agenda(session=s, days=days, within=within, limit=limit)
                    end = limit or None
                    assert [(d.case_id, d.rule) for d in got.deadlines] == [
                        (d["case_id"], d["rule"]) for d in want["deadlines"][:end]
                    ]
                    assert got.totals == {group: len(want[group]) for group in want}
                    assert to_json([plain(d) for d in got.deadlines]) == to_json(
                        want["deadlines"][:end]
                    )
                    assert [p.id for p in got.overdue_promises] == want["overdue_promises"][:end]
                    assert [f.case_id for f in got.follow_ups] == want["follow_ups"][:end]
                    assert [w.case_id for w in got.waiting] == want["waiting"][:end]
                    assert [p.id for p in got.promises_due_today] == want["promises_due_today"][
                        :end
                    ]
    finally:
        store.dispose()


def test_due_follows_the_dates_it_counts_from(cli, now, tmp_path, monkeypatch, new_database):
    """A deadline comes and goes with the delivery date, the order, the status, undo
    and delete: it is worked out from the rows as they are, never stored."""
    cli("order", "add", "111-1", "--placed", "2026-10-01")
    cli("ship", "add", "111-1", "--tracking", "1ZA", "--delivered", "2026-10-20")
    cli("case", "open", "Broken kettle", "--company", "Amazon", "--order", "111-1")

    def listed() -> list[tuple[int, str, str]]:
        data = cli.json("due")
        assert data["totals"]["deadlines"] == len(data["deadlines"])
        return [(d["case_id"], d["rule"], d["last_day"]) for d in data["deadlines"]]

    assert listed() == [(1, "amazon-return", "2026-11-19")]
    cli("ship", "edit", "111-1", "--tracking", "1ZA", "--delivered", "2026-10-01")
    assert listed() == []  # closed on Oct 31
    cli("undo")
    assert listed() == [(1, "amazon-return", "2026-11-19")]
    # a second shipment delivered earlier: the window counts from the first delivery
    cli("ship", "add", "111-1", "--tracking", "1ZB", "--delivered", "2026-10-15")
    assert listed() == [(1, "amazon-return", "2026-11-14")]
    cli("case", "close", "1")
    assert listed() == []
    cli("case", "reopen", "1")
    assert listed() == [(1, "amazon-return", "2026-11-14")]
    cli("case", "delete", "1", "--yes")
    assert listed() == []
    cli("undo")
    assert listed() == [(1, "amazon-return", "2026-11-14")]
    # imported into an empty case file: the same agenda
    cli("export", "--out", str(tmp_path / "export.json"))
    monkeypatch.setenv("TRACKER_DATABASE_URL", new_database())
    assert listed() == []
    cli("import", str(tmp_path / "export.json"))
    assert listed() == [(1, "amazon-return", "2026-11-14")]


def _statements(session_work) -> list[tuple[str, object]]:
    """The statements (and their parameters) run while `session_work` runs."""
    from tracker.store import Store

    store = Store()
    seen: list[tuple[str, object]] = []

    def note(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    try:
        sa.event.listen(store.engine, "before_cursor_execute", note)
        with store.session() as s:
            session_work(s)
    finally:
        store.dispose()
    return seen


@pytest.mark.sqlite_only
def test_due_reads_through_indexes(cli, now, home):
    """SQLite's plan of every statement `due` runs (every kind of rule in force): no
    SCAN of cases, contact or promise; the dates' and promises' indexes are used."""
    from tracker.services.agenda import agenda

    cli("case", "list")
    (home / "rules.toml").write_text(USER_RULES, encoding="utf-8")
    _random_file(5)
    seen = _statements(lambda s: agenda(session=s, limit=3))
    from tracker.store import Store

    store = Store()
    plans = []
    try:
        with store.engine.connect() as connection:
            for statement, parameters in seen:
                if not statement.lstrip().upper().startswith("SELECT"):
                    continue
                rows = connection.exec_driver_sql(
                    "EXPLAIN QUERY PLAN " + statement, parameters
                ).all()
                plans.append("\n".join(row[-1] for row in rows))
    finally:
        store.dispose()
    everything = "\n".join(plans)
    # the promises due today: found through the index of their state and day
    [today_plan] = [
        plan
        for (statement, _), plan in zip(
            [(st, p) for st, p in seen if st.lstrip().upper().startswith("SELECT")],
            plans,
            strict=True,
        )
        if "promise.due_on = " in statement
    ]
    assert "ix_promise_state_due_on (state=? AND due_on=?)" in today_plan, today_plan
    for table in ("cases", "contact", "promise"):
        for line in everything.splitlines():
            assert not line.strip().startswith(f"SCAN {table}"), everything
    # the dates' window starts each deadline's search, not the company's cases
    assert "ix_cases_company_id" not in everything, everything
    for index in (
        "ix_shipment_delivered_on_order_id",
        "ix_shipment_expected_on_order_id",
        "ix_orders_placed_on",
        "ix_cases_statement_on",
        "ix_promise_state_due_on",
        "ix_promise_case_id_state_due_on",
        "ix_cases_status_follow_up_on_opened_at",
    ):
        assert index in everything, (index, everything)


def test_a_window_of_a_century_with_business_day_rules(cli, now, home):
    """`--within 36600` (the most): every business day of a century is a step of the
    business-day rules' last day; the agenda still agrees with the engine."""
    from tracker.services.agenda import agenda
    from tracker.store import Store

    cli("case", "list")
    home.mkdir(exist_ok=True)
    (home / "rules.toml").write_text(USER_RULES, encoding="utf-8")
    _random_file(4)
    store = Store()
    try:
        with store.session() as s:
            want = _as_before(s, days=7, within=36600)
            got = agenda(session=s, days=7, within=36600, limit=5)
    finally:
        store.dispose()
    assert got.totals["deadlines"] == len(want["deadlines"]) > 5
    assert to_json([plain(d) for d in got.deadlines]) == to_json(want["deadlines"][:5])
    assert "Deadlines in the next 36600 days" in cli("due", "--within", "36600").stdout


def test_business_days_list_the_cases_of_one_last_day_by_number(cli, now, home):
    """A Friday, a Saturday and a Sunday start close on the same day (five business
    days on): on it the cases go by number, whichever date they count from, also
    when --limit cuts the day in the middle."""
    home.mkdir(exist_ok=True)
    (home / "rules.toml").write_text(
        '[[rule]]\nname = "card-dispute"\ntitle = "Card dispute"\nfrom = "statement"\n'
        'days = 5\nbusiness_days = true\nsource = "https://example.com"\n',
        encoding="utf-8",
    )
    for title, statement in (
        ("Sunday statement", "2026-11-08"),
        ("Friday statement", "2026-11-06"),
        ("Saturday statement", "2026-11-07"),
        ("Monday statement", "2026-11-09"),
    ):
        cli("case", "open", title, "--statement", statement)

    def listed(*options: str) -> list[tuple[int, str]]:
        data = cli.json("due", *options)
        assert data["totals"]["deadlines"] == 4
        return [(d["case_id"], d["last_day"]) for d in data["deadlines"]]

    every = [(1, "2026-11-13"), (2, "2026-11-13"), (3, "2026-11-13"), (4, "2026-11-16")]
    assert listed("--limit", "0") == every
    for limit in (1, 2, 3):
        assert listed("--limit", str(limit)) == every[:limit]


def test_beside_runs_on_a_connection_of_its_own_and_gives_back_its_result_or_error(home):
    """`due` finds its deadlines beside its other groups (services.common.Beside): the
    work runs on another connection of the engine, and its value or its error comes
    back to the caller."""
    from tracker.services.common import Beside
    from tracker.store import Store

    store = Store()
    try:
        with store.session() as session:
            mine = session.connection().connection.driver_connection
            theirs = Beside(session, lambda other: other.connection().connection.driver_connection)
            assert theirs.result() is not mine
            sums = Beside(session, lambda other: other.execute(sa.text("SELECT 41 + 1")).scalar())
            assert sums.result() == 42
            with pytest.raises(ZeroDivisionError):
                Beside(session, lambda other: 1 // 0).result()
    finally:
        store.dispose()


def test_a_failure_finding_the_deadlines_is_one_error_line(cli, now, home, monkeypatch):
    """An error in the thread that finds the deadlines ends `due` like any other: one
    `Error:` line, exit 1, no traceback."""
    import tracker.services.deadlines as deadlines

    cli("case", "list")

    def broken(*_args, **_kwargs):
        raise sa.exc.OperationalError("SELECT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(deadlines, "upcoming", broken)
    assert cli("due", code=1).stderr == "Error: database error: disk I/O error\n"


def test_beside_in_a_session_that_writes_runs_in_it(home):
    """In a write session another connection would not see the session's own rows
    (and on SQLite would wait for its write lock): the work runs inline on it."""
    from tracker.services.common import Beside
    from tracker.store import Store

    store = Store()
    try:
        with store.session(write=True) as session:
            assert Beside(session, lambda other: other is session).result() is True
    finally:
        store.dispose()


def test_beside_has_ended_when_its_block_does(home):
    """Whatever ends the block (here an error in the caller's own statements), the
    thread is not left reading after the command."""
    import threading

    from tracker.services.common import Beside
    from tracker.store import Store

    store = Store()
    started, release = threading.Event(), threading.Event()
    finished = []

    def slow(other):
        started.set()
        release.wait(5)
        finished.append(other.execute(sa.text("SELECT 1")).scalar())

    try:
        with store.session() as session, pytest.raises(RuntimeError):
            with Beside(session, slow):
                started.wait(5)
                threading.Timer(0.2, release.set).start()
                raise RuntimeError("the caller's statement failed")
        assert finished == [1]  # joined: it had ended before the block was left
    finally:
        store.dispose()
