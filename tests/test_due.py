"""tracker due: the agenda, most urgent first."""

from __future__ import annotations

from datetime import date


def said(cli, *args) -> str:
    """What the command printed, with rich's line wrapping undone."""
    return " ".join(cli(*args).stdout.split())


def test_nothing_due(cli, now):
    assert cli("due").stdout.strip() == "Nothing due."
    data = cli.json("due")
    assert data["overdue_promises"] == [] and data["follow_ups"] == [] and data["waiting"] == []


def test_overdue_promise_comes_first(cli, towel_case):
    text = said(cli, "due")
    assert "Overdue promises (1)" in text
    assert "ship the red towel" in text and "5 days overdue" in text
    data = cli.json("due")
    [promise] = data["overdue_promises"]
    assert promise["case_id"] == 1 and promise["due_on"] == "2026-11-05"
    assert promise["days_overdue"] == 5
    # the towel case is listed once, under its most urgent reason
    assert data["follow_ups"] == [] and data["waiting"] == []


def test_groups_in_order_of_urgency(cli, towel_case, now):
    cli("case", "open", "Refund missing", "--follow-up", "2026-11-09")
    cli("case", "open", "Follow up later", "--follow-up", "2026-11-20")
    now("2026-11-01T09:00:00")
    cli("case", "open", "Forgotten parcel")
    cli("case", "open", "Ended long ago")
    cli("case", "close", "5")
    now("2026-11-10T12:00:00")
    data = cli.json("due")
    assert [p["case_id"] for p in data["overdue_promises"]] == [1]
    assert [(f["case_id"], f["days_late"]) for f in data["follow_ups"]] == [(2, 1)]
    assert [(w["case_id"], w["days_silent"]) for w in data["waiting"]] == [(4, 9)]
    assert data["waiting"][0]["last_contact_at"] is None
    text = said(cli, "due")
    assert (
        text.index("Overdue promises")
        < text.index("Follow-ups due")
        < text.index("Waiting too long")
    )
    assert "Forgotten parcel" in text and "Ended long ago" not in text
    assert "Follow up later" not in text


def test_follow_up_due_today(cli, now):
    cli("case", "open", "Call back", "--follow-up", "today")
    [item] = cli.json("due")["follow_ups"]
    assert item["days_late"] == 0
    assert "follow up today" in said(cli, "due")


def test_a_promise_due_today_is_on_the_agenda_and_overdue_tomorrow(cli, now):
    cli("case", "open", "Refund promised", "--problem", "no refund")
    cli("case", "open", "Replacement promised", "--problem", "broken")
    cli(
        "log", "1", "--channel", "chat", "--with", "rep", "--rep", "Ana", "--ref", "R-1",
        "--promise", "refund to the card", "--due", "today",
    )  # fmt: skip
    cli(
        "log", "2", "--channel", "chat", "--with", "rep", "--rep", "Ben", "--ref", "R-2",
        "--promise", "send a replacement", "--due", "tomorrow",
    )  # fmt: skip
    text = said(cli, "due")
    assert "Promises due today (1)" in text
    assert "#1 Refund promised: refund to the card (due today; promise 1)" in text
    assert "replacement" not in text  # due tomorrow: nothing to do yet
    data = cli.json("due")
    [promise] = data["promises_due_today"]
    assert (promise["id"], promise["due_on"], promise["days_overdue"]) == (1, "2026-11-10", 0)
    assert data["overdue_promises"] == [] and data["totals"]["promises_due_today"] == 1
    assert "Ahadi zinazofikia mwisho leo (1)" in said(cli, "--lang", "sw", "due")
    cli("promise", "kept", "1")
    assert cli("due").stdout.strip() == "Nothing due."
    now("2026-11-11T09:00:00")
    data = cli.json("due")
    assert [p["id"] for p in data["promises_due_today"]] == [2]
    assert data["overdue_promises"] == []  # promise 1 was kept
    cli("case", "close", "2")
    assert cli.json("due")["promises_due_today"] == []  # active cases only


def test_waiting_counts_from_the_last_contact(cli, towel_case, now):
    cli("promise", "kept", "1")
    assert cli.json("due")["waiting"] == []  # last contact Nov 8: 2 days
    now("2026-11-16T12:00:00")  # 8 days after the last contact
    [item] = cli.json("due")["waiting"]
    assert item["case_id"] == 1 and item["days_silent"] == 8
    assert item["last_contact_at"] == "2026-11-08T09:00:00+00:00"
    assert cli.json("due", "--days", "10")["waiting"] == []
    assert "last contact 8 days ago" in said(cli, "due")


def test_days_must_be_positive(cli):
    cli("due", "--days", "0", code=2)


def test_markup_in_titles_is_text(cli, now):
    cli("case", "open", "[red]not red[/red] \x1b[31m", "--follow-up", "yesterday")
    text = said(cli, "due")
    assert "[red]not red[/red]" in text and "\x1b" not in text


def test_service_agenda(cli, towel_case):
    from tracker.services.agenda import agenda
    from tracker.store import Store

    store = Store()
    with store.session() as s:
        data = agenda(session=s, days=1)
    store.dispose()
    assert data.today == date(2026, 11, 10) and data.days == 1
    assert [p.id for p in data.overdue_promises] == [1]


def test_limit_keeps_each_group_short_and_counts_them_all(cli, now):
    """An advice service keeps thousands of active cases: each group lists its first
    --limit entries, soonest first, and still says how many it holds."""
    for n in range(5):
        cli("case", "open", f"Call back {n}", "--follow-up", f"2026-11-0{n + 1}")
    text = said(cli, "due", "--limit", "2")
    assert "Follow-ups due (5)" in text
    assert "Call back 0" in text and "Call back 1" in text and "Call back 2" not in text
    assert "... and 3 more (--limit 0 shows all)" in text
    data = cli.json("due", "--limit", "2")
    assert [f["title"] for f in data["follow_ups"]] == ["Call back 0", "Call back 1"]
    assert data["totals"] == {
        "deadlines": 0,
        "overdue_promises": 0,
        "follow_ups": 5,
        "waiting": 0,
        "promises_due_today": 0,
    }
    assert len(cli.json("due", "--limit", "0")["follow_ups"]) == 5
    assert "more" not in said(cli, "due")  # the default, 50, holds them all
    cli("due", "--limit", "-1", code=2)
    sw = said(cli, "--lang", "sw", "due", "--limit", "1")
    assert "... na 4 zaidi (--limit 0 huonyesha zote)" in sw


def test_a_window_too_wide_is_refused_in_the_language_in_force(cli):
    assert "between 0 and 36,600" in cli("due", "--within", "99999", code=1).stderr
    refused = cli("--lang", "sw", "due", "--within", "99999", code=1).stderr
    assert refused.startswith("Hitilafu: --within lazima iwe kati ya 0 na 36,600")
