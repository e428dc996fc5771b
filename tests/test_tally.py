"""The running totals of contacts (migration 0007) stay equal to a count of the
contact rows under every write, and the reading commands use them instead of
counting every contact (issue 9)."""

from __future__ import annotations

import sqlalchemy as sa

from tracker.db import make_engine


def _recounted() -> tuple[dict, dict, dict, dict]:
    """(contact_tally, its recount, case_tally, its recount) of the test's database."""
    engine = make_engine()
    try:
        with engine.connect() as c:
            rows = c.exec_driver_sql
            tally = {r[0]: tuple(r[1:]) for r in rows("SELECT * FROM contact_tally")}
            counted = {
                r[0]: tuple(r[1:])
                for r in rows(
                    "SELECT channel, count(*), coalesce(sum(minutes), 0), count(minutes),"
                    " count(rating), coalesce(sum(rating), 0) FROM contact GROUP BY channel"
                )
            }
            cases = {r[0]: tuple(r[1:]) for r in rows("SELECT * FROM case_tally")}
            per_case = {
                r[0]: tuple(r[1:])
                for r in rows("SELECT case_id, count(*), max(at) FROM contact GROUP BY case_id")
            }
    finally:
        engine.dispose()
    return tally, counted, cases, per_case


def _status_recounted() -> tuple[dict, dict, dict, dict]:
    """(case_status_tally, its recount, promise_tally, its recount): migration 0009."""
    engine = make_engine()
    try:
        with engine.connect() as c:
            rows = c.exec_driver_sql
            tally = {tuple(r[:2]): tuple(r[2:]) for r in rows("SELECT * FROM case_status_tally")}
            counted = {
                tuple(r[:2]): tuple(r[2:])
                for r in rows(
                    "SELECT status, currency, count(*), count(amount_minor),"
                    " coalesce(sum(amount_minor), 0), count(recovered_minor),"
                    " coalesce(sum(recovered_minor), 0) FROM cases GROUP BY status, currency"
                )
            }
            promises = dict(rows("SELECT state, promises FROM promise_tally").all())
            by_state = dict(rows("SELECT state, count(*) FROM promise GROUP BY state").all())
    finally:
        engine.dispose()
    return tally, counted, promises, by_state


def _touches() -> tuple[dict, dict]:
    """(active_touch, its recount): every active case and the time it was last
    touched, its last contact or else its opening (migration 0011)."""
    engine = make_engine()
    try:
        with engine.connect() as c:
            rows = c.exec_driver_sql
            kept = dict(rows("SELECT case_id, touched_at FROM active_touch").all())
            recount = dict(
                rows(
                    "SELECT c.id, coalesce(max(k.at), c.opened_at) FROM cases AS c "
                    "LEFT JOIN contact AS k ON k.case_id = c.id "
                    "WHERE c.status IN ('open', 'waiting', 'escalated') GROUP BY c.id, c.opened_at"
                ).all()
            )
    finally:
        engine.dispose()
    return kept, recount


def _assert_in_step() -> dict:
    """Every running total equals a recount of its rows; the contact recount."""
    tally, counted, cases, per_case = _recounted()
    assert tally == counted
    assert cases == per_case
    status, recount, promises, by_state = _status_recounted()
    assert status == recount
    assert promises == by_state
    touched, retouched = _touches()
    assert touched == retouched
    return counted


def test_tallies_follow_logs_edits_moves_deletes_and_undo(cli, towel_case):
    assert _assert_in_step()  # the towel case's contacts, counted by the triggers
    cli("case", "open", "Kettle")
    cli("log", "2", "--channel", "phone", "--minutes", "7", "--rating", "2")
    cli("log", "2", "--channel", "email", "--at", "2026-11-01 09:00")
    _assert_in_step()
    contact = cli.json("case", "show", "2")["contacts"][-1]["id"]
    cli("contact", "edit", str(contact), "--channel", "chat", "--minutes", "12", "--rating", "5")
    _assert_in_step()
    cli("contact", "edit", str(contact), "--at", "2026-10-30 09:00")  # moves back in time
    _assert_in_step()
    cli("contact", "move", str(contact), "1")
    _assert_in_step()
    cli("contact", "delete", str(contact))
    _assert_in_step()
    cli("undo")  # the deleted contact is back
    cli("undo")  # and back on case 2
    _, _, cases, _ = _recounted()
    assert cases[2][0] == 2
    _assert_in_step()
    # every contact of a case gone: the case has no tally row, as it has no contacts
    for item in cli.json("case", "show", "2")["contacts"]:
        cli("contact", "delete", str(item["id"]))
    _, _, cases, _ = _recounted()
    assert 2 not in cases
    _assert_in_step()


def test_stats_equal_a_recount_and_read_no_contact_rows(cli, towel_case):
    cli("case", "open", "Kettle")
    cli("log", "2", "--channel", "phone", "--minutes", "7", "--rating", "2")
    counted = _assert_in_step()
    seen: list[str] = []

    def remember(conn, cursor, statement, *args):
        seen.append(" ".join(statement.split()).lower())

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", remember)
    try:
        data = cli.json("stats")
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", remember)
    contacts = data["contacts"]
    assert contacts["total"] == sum(v[0] for v in counted.values())
    assert data["time"]["minutes_total"] == sum(v[1] for v in counted.values())
    assert data["time"]["contacts_timed"] == sum(v[2] for v in counted.values())
    assert contacts["by_channel"]["phone"] == counted["phone"][0]
    assert contacts["busiest_case_id"] == 1
    assert seen and not [s for s in seen if " from contact " in s + " "]


def test_import_fills_the_tallies(cli, towel_case, tmp_path, monkeypatch, new_database):
    cli("log", "1", "--channel", "phone", "--minutes", "3")
    before = _recounted()
    export = tmp_path / "export.json"
    cli("export", "--out", str(export))
    monkeypatch.setenv("TRACKER_DATABASE_URL", new_database())
    cli("import", str(export))
    after = _recounted()
    assert after[0] == after[1] == before[0]
    assert after[2] == after[3]
    assert set(after[2]) == set(before[2])
    # the totals' trigger is back after the import: the next contact counts
    cli("log", "1", "--channel", "chat", "--minutes", "2")
    counted = _assert_in_step()
    assert cli.json("stats")["contacts"]["total"] == sum(v[0] for v in counted.values())


def test_a_failed_import_keeps_the_totals_trigger(
    cli, towel_case, tmp_path, monkeypatch, new_database
):
    export = tmp_path / "export.json"
    cli("export", "--out", str(export))
    broken = export.read_text().replace('"channel": "chat"', '"channel": "pigeon"', 1)
    export.write_text(broken)
    monkeypatch.setenv("TRACKER_DATABASE_URL", new_database())
    cli("import", str(export), code=1)
    cli("case", "open", "Kettle")
    cli("log", "1", "--channel", "phone", "--minutes", "4")
    _assert_in_step()
    assert cli.json("stats")["contacts"]["total"] == 1


def test_case_and_promise_totals_follow_every_kind_of_write(cli, towel_case):
    """Cases by status and currency with their money, and promises by state (migration
    0009), equal a recount after opening, editing, closing, reopening, promises made,
    kept and broken, a case deleted with its promises, undo and an import."""
    _assert_in_step()
    cli("case", "open", "Kettle", "--amount", "20.00", "--currency", "EUR")
    cli("case", "open", "Lamp")  # no amount
    cli("log", "2", "--channel", "chat", "--promise", "refund", "--due", "+2d")
    cli("log", "3", "--channel", "chat", "--promise", "call back", "--due", "+1d")
    _assert_in_step()
    cli("case", "edit", "2", "--amount", "35.50")
    cli("case", "edit", "3", "--amount", "9.99", "--currency", "GBP")
    _assert_in_step()
    promise = cli.json("case", "show", "2")["promises"][0]["id"]
    cli("promise", "kept", str(promise))
    cli("case", "close", "2", "--outcome", "refunded", "--recovered", "35.50")
    status, _, promises, _ = _status_recounted()
    assert status[("closed", "EUR")] == (1, 1, 3550, 1, 3550)
    assert promises.get("kept") == 1
    _assert_in_step()
    cli("case", "reopen", "2")  # back in dispute: nothing recovered any more
    _assert_in_step()
    cli("case", "delete", "3", "--yes")  # its promise goes with it
    _assert_in_step()
    cli("undo")
    _assert_in_step()
    cli("undo")
    _assert_in_step()
    data = cli.json("stats")
    status, _, promises, _ = _status_recounted()
    assert data["cases"]["total"] == sum(v[0] for v in status.values())
    assert data["promises"]["total"] == sum(promises.values())


def test_active_touch_follows_contacts_status_openings_deletes_undo_and_import(
    cli, towel_case, tmp_path, monkeypatch, new_database
):
    """The active cases by last touch (migration 0011) equal a recount after each
    kind of write that moves a case in or out or changes its time."""
    touched, _ = _touches()
    assert set(touched) == {1}
    cli("case", "open", "Kettle")  # no contact yet: touched when opened
    cli("case", "open", "Lamp")
    touched, _ = _touches()
    assert set(touched) == {1, 2, 3}
    _assert_in_step()
    cli("log", "2", "--channel", "chat", "--at", "2026-11-01 09:00")
    _assert_in_step()
    contact = cli.json("case", "show", "2")["contacts"][-1]["id"]
    cli("contact", "edit", str(contact), "--at", "2026-10-30 09:00")
    _assert_in_step()
    cli("contact", "delete", str(contact))  # no contact left: back to its opening
    _assert_in_step()
    cli("undo")
    _assert_in_step()
    cli("case", "close", "2", "--outcome", "refunded")
    touched, _ = _touches()
    assert 2 not in touched  # ended: never silent
    _assert_in_step()
    cli("case", "reopen", "2")
    _assert_in_step()
    cli("case", "edit", "2", "--status", "escalated")  # active to active: stays listed
    touched, _ = _touches()
    assert 2 in touched
    _assert_in_step()
    cli("log", "2", "--channel", "phone", "--at", "2026-11-02 10:00")
    moved = cli.json("case", "show", "2")["contacts"][-1]["id"]
    cli("contact", "move", str(moved), "3")  # its time goes with it to case 3
    _assert_in_step()
    cli("case", "delete", "3", "--yes")  # with a contact: removed by the cascade first
    _assert_in_step()
    cli("undo")
    _assert_in_step()
    cli("case", "open", "Old kettle", "--opened", "2026-10-01")  # opened weeks ago
    _assert_in_step()
    cli("case", "delete", "4", "--yes")
    touched, _ = _touches()
    assert 4 not in touched
    _assert_in_step()
    cli("undo")
    _assert_in_step()
    export = tmp_path / "export.json"
    cli("export", "--out", str(export))
    before, _ = _touches()
    monkeypatch.setenv("TRACKER_DATABASE_URL", new_database())
    cli("import", str(export))
    _assert_in_step()
    after, _ = _touches()
    assert after == before
