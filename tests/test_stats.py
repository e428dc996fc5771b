"""tracker stats: effort spent, promises kept and broken, money recovered."""

from __future__ import annotations


def test_empty(cli):
    data = cli.json("stats")
    assert data["cases"]["total"] == 0
    assert data["contacts"]["per_case_average"] is None
    assert data["money"]["recovered"] == {}
    assert "No cases yet" in cli("stats").stdout


def test_numbers_of_the_case_file(cli, towel_case):
    cli("case", "open", "Kettle", "--amount", "40", "--currency", "EUR")
    cli(
        "log",
        "2",
        "--channel",
        "phone",
        "--minutes",
        "7",
        "--promise",
        "refund",
        "--due",
        "+3d",
        "--rating",
        "2",
    )
    cli("log", "2", "--channel", "email", "--promise", "call back", "--due", "+1d")
    cli("promise", "kept", "2")
    cli("promise", "broken", "3")
    cli("case", "open", "Yen", "--amount", "5000", "--currency", "JPY")
    cli("case", "close", "3", "--recovered", "5000")
    cli("case", "close", "2", "--recovered", "12.50")
    cli("case", "close", "1", "--recovered", "24.99")

    data = cli.json("stats")
    assert data["cases"]["total"] == 3
    assert data["cases"]["by_status"]["closed"] == 3
    contacts = data["contacts"]
    assert contacts["total"] == 5
    assert contacts["per_case_average"] == 1.7  # 5 contacts over 3 cases
    assert contacts["per_case_max"] == 3 and contacts["busiest_case_id"] == 1
    assert contacts["by_channel"]["chat"] == 2 and contacts["by_channel"]["phone"] == 2
    assert data["time"]["minutes_total"] == 5 + 20 + 35 + 7
    assert data["promises"] == {
        "pending": 1,
        "kept": 1,
        "broken": 1,
        "overdue": 1,
        "total": 3,
        "kept_percent": 50,
    }
    assert data["money"]["recovered"] == {"EUR": "12.50", "JPY": "5000", "USD": "24.99"}
    assert data["money"]["at_stake"]["EUR"] == "40.00"

    text = " ".join(cli("stats").stdout.split())
    assert "1 h 07 min" in text
    assert "1 kept, 1 broken, 1 pending (1 overdue)" in text
    assert "$24.99" in text and "¥5,000" in text


def test_service_stats(cli, towel_case):
    from tracker.services.stats import stats
    from tracker.store import Store

    store = Store()
    with store.session() as s:
        data = stats(session=s)
    store.dispose()
    assert data.contacts.total == 3 and data.contacts.per_case_average == 3.0
    assert data.promises.overdue == 1
