"""Issue 9 at the service and query level: `case list --limit 0 --json` is written
as it is read, and the main reading queries go through indexes (no SCAN of cases
or contact in SQLite's plan)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tracker.output import to_json
from tracker.render.data import plain


def _open_cases(cli, now, count: int) -> None:
    now("2026-11-01T10:00:00")
    for n in range(count):
        cli("case", "open", f"Case {n}", "--problem", 'line one\nline "two"\x85')
    cli("log", "2", "--channel", "chat", "--promise", "call back", "--due", "+2d")
    cli("case", "close", "3")
    now("2026-11-10T10:00:00")  # the promise is overdue


def test_case_list_json_of_every_case_is_the_same_text_as_the_whole_page(cli, now, monkeypatch):
    from sqlmodel import Session

    from tracker.services import cases
    from tracker.store import Store

    _open_cases(cli, now, 7)
    monkeypatch.setattr(cases, "BATCH", 2)  # several batches
    streamed = cli("case", "list", "--status", "all", "--limit", "0", "--json").stdout
    store = Store()
    try:
        with Session(store.engine) as session:
            page = cases.list_cases(session=session, status="all", limit=0)
    finally:
        store.dispose()
    assert len(page.items) == 7
    assert streamed == to_json(plain(page.items)) + "\n"

    def whole_page(**kwargs):
        raise AssertionError("every case read into one page")

    # written as read: the listing of every case never builds the whole page
    monkeypatch.setattr(cases, "list_cases", whole_page)
    again = cli("case", "list", "--status", "all", "--limit", "0", "--json").stdout
    assert again == streamed
    assert [c["id"] for c in cli.json("case", "list", "--limit", "0")][0] == 2  # overdue first
    assert cli("case", "list", "--status", "resolved", "--limit", "0", "--json").stdout == "[]\n"


def test_case_list_pages_are_the_start_of_the_whole_ranking(cli, now):
    """A page is ranked from the overdue promises alone when they fill it, and from
    every active case when they do not: either way it is the start of the ranking
    of the whole listing (overdue first, oldest first; then follow-ups, soonest
    first; then the longest silent), at every page size."""
    now("2026-11-01T10:00:00")
    for n in range(8):
        cli("case", "open", f"Case {n}")
    for case, due in (("2", "+3d"), ("5", "+1d"), ("7", "+1d"), ("8", "+9d")):
        cli("log", case, "--channel", "chat", "--promise", "refund", "--due", due)
    cli("log", "5", "--channel", "phone", "--promise", "call back", "--due", "+1d")
    cli("case", "edit", "3", "--follow-up", "2026-11-12")
    cli("case", "edit", "6", "--follow-up", "2026-11-11")
    cli("case", "edit", "7", "--follow-up", "2026-11-20")
    cli("case", "close", "4")
    now("2026-11-06T10:00:00")  # the promises of 2, 5 and 7 are overdue; 8's is not
    whole = [c["id"] for c in cli.json("case", "list", "--limit", "0")]
    assert whole[:3] == [7, 5, 2]  # same day: 7's follow-up comes before 5's none
    assert whole[3:5] == [6, 3] and 4 not in whole and len(whole) == 7
    for size in range(1, 9):
        page = [c["id"] for c in cli.json("case", "list", "--limit", str(size))]
        assert page == whole[:size], size
    text = cli("case", "list", "--limit", "2").stdout  # case 7 is "Case 6", 5 is "Case 4"
    assert text.index("Case 6") < text.index("Case 4") and "Case 1" not in text


def test_case_list_json_of_an_unknown_company_writes_nothing(cli):
    result = cli("case", "list", "--company", "Nobody", "--limit", "0", "--json", code=1)
    assert result.stdout == ""
    assert result.stderr.startswith("Error: unknown company")


def _plan(engine: sa.Engine, statement: str) -> str:
    with engine.connect() as connection:
        rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement).all()
    return "\n".join(row[-1] for row in rows)


def _sql(query, engine: sa.Engine) -> str:
    return str(query.compile(engine, compile_kwargs={"literal_binds": True}))


@pytest.mark.sqlite_only
def test_reading_queries_read_through_indexes(cli, towel_case):
    """SQLite's plans of stats and of `due`'s per-case tests: no SCAN of cases or contact."""
    from sqlmodel import col, select

    from tracker.db import make_engine
    from tracker.models import Case, Promise
    from tracker.vocab import ACTIVE_STATUSES

    engine = make_engine()
    try:
        money = _plan(
            engine,
            "SELECT currency, status, sum(recovered_minor), sum(amount_minor) FROM cases"
            " GROUP BY currency, status ORDER BY currency, status",
        )
        assert "COVERING INDEX ix_cases_currency_status_money" in money
        busiest = _plan(
            engine,
            "SELECT case_id, contacts FROM case_tally ORDER BY contacts DESC, case_id LIMIT 1",
        )
        assert "ix_case_tally_contacts" in busiest and "TEMP B-TREE" not in busiest
        # a per-case promise probe reads the case's own promises (the statements `due`
        # runs are checked in tests/test_due_sql.py)
        promised = (
            sa.exists()
            .where(
                col(Promise.case_id) == col(Case.id),
                col(Promise.state) == "pending",
                col(Promise.due_on) >= sa.func.date("now"),
            )
            .correlate(Case)
        )
        query = select(Case.id).where(
            col(Case.status).in_([s.value for s in ACTIVE_STATUSES]), sa.not_(promised)
        )
        plan = _plan(engine, _sql(query, engine))
        assert "ix_promise_case_id_state_due_on (case_id=? AND state=? AND due_on>?)" in plan
        for line in plan.splitlines():
            assert not line.strip().startswith("SCAN"), plan
    finally:
        engine.dispose()


@pytest.mark.sqlite_only
def test_case_list_and_due_rank_from_indexes(cli, towel_case):
    """`case list` ranks the active cases from ix_cases_status_follow_up_on_opened_at,
    case_tally and the overdue promises' index, and the cases with an overdue
    promise from that index alone; `due` finds the cases a deadline may close for
    from the dates' indexes. No SCAN of cases or contact."""
    from sqlmodel import Session

    from tracker.db import make_engine
    from tracker.parse import today
    from tracker.services.cases import _listing
    from tracker.services.deadlines import _closing_within, rules_in_force

    engine = make_engine()
    try:
        with Session(engine) as session:
            _query, ranking, overdue_ranking, _conditions = _listing(session, "active", None)
            [(_rule, _start, window), *_others] = _closing_within(
                rules_in_force(), today(), 14, None
            )
        for query, wanted in (
            (ranking.limit(50), "COVERING INDEX ix_cases_status_follow_up_on_opened_at"),
            (overdue_ranking.limit(50), "ix_promise_state_due_on (state=? AND due_on"),
            (window, "ix_shipment_delivered_on"),
        ):
            plan = _plan(engine, _sql(query, engine))
            assert wanted in plan, plan
            scans = [line for line in plan.splitlines() if line.strip().startswith("SCAN")]
            assert not [s for s in scans if " cases" in s or " contact" in s], plan
    finally:
        engine.dispose()


@pytest.mark.sqlite_only
def test_a_case_is_found_by_its_numbers_through_their_key_indexes(cli, towel_case):
    """`case show ORDER` / `REF`, typed in another letter case: found, and each lookup
    of the number reads its key index, never every order, reference or contact."""
    from tracker.db import make_engine

    cli("log", "1", "--channel", "chat", "--ref", "C-0042")
    cli("ref", "add", "1", "RMA-7731")
    seen: list[tuple[str, tuple]] = []

    def remember(conn, cursor, statement, parameters, context, many) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", remember)
    try:
        for typed in ("112-4455667-0012345", "rma-7731", "c-0042", "NO-SUCH-1"):
            result = cli("case", "show", typed, "--json", code=None)
            found = result.exit_code == 0 and cli.json("case", "show", typed)["id"] == 1
            assert found == (typed != "NO-SUCH-1"), typed
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", remember)
    engine = make_engine()
    try:
        looked_up = [(s, p) for s, p in seen if "replace(replace(" in s]
        assert {t for s, _ in looked_up for t in ("orders", "reference", "contact") if t in s} == {
            "orders",
            "reference",
            "contact",
        }
        for statement, parameters in looked_up:
            with engine.connect() as connection:
                rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
                plan = "\n".join(row[-1] for row in rows)
            assert "_key (<expr>=?)" in plan, plan
            for line in plan.splitlines():
                assert not line.strip().startswith("SCAN"), plan
    finally:
        engine.dispose()


def test_reading_commands_run_no_orm_statement(cli, towel_case):
    """The commands people run most read through Core statements on the tables
    (services.common.read): an ORM statement costs its first compile (about 2 ms
    each, every process) and the mapper set-up, more than the SQL of a short
    command. Their output is the same as before (the golden and contract tests)."""
    from sqlmodel import Session

    cli("log", "1", "--channel", "chat", "--ref", "C-0042", "--promise", "refund", "--due", "+2d")
    cli("ref", "add", "1", "RMA-7731")
    orm: list[str] = []

    def remember(state) -> None:
        orm.append(str(state.statement).split("\n")[0])

    sa.event.listen(Session, "do_orm_execute", remember)
    try:
        for command in (
            ("case", "show", "1"),
            ("case", "show", "rma-7731", "--json"),
            ("summary", "1"),
            ("summary", "1", "--for", "manager"),
            ("next", "1"),
            ("case", "list"),
            ("case", "list", "--json"),
            ("case", "list", "--status", "all", "--limit", "0", "--json"),
            ("search", "towel"),
            ("search", "RMA-7731", "--json"),
            ("promise", "list"),
            ("promise", "list", "--case", "1", "--json"),
            ("due",),
            ("due", "--json", "--limit", "1"),
            ("stats",),
        ):
            before = len(orm)
            printed = cli(*command).stdout.lower()
            assert "towel" in printed or command[0] in ("promise", "due", "stats"), command
            assert orm[before:] == [], command
    finally:
        sa.event.remove(Session, "do_orm_execute", remember)
