"""Remedy deadlines: the rules on their edge days, conflicts, business days,
the user's rules file, config.toml, and what `case show` and `due` say."""

from __future__ import annotations

import os
import stat
from datetime import date, timedelta

import pytest

from tracker import deadlines as engine
from tracker.deadlines import (
    CHARGEBACK_CONFLICT,
    PROMISE_CONFLICT,
    CaseFacts,
    PendingPromise,
    ShipmentDates,
    add_business_days,
    assess,
    load_rules,
)
from tracker.errors import TrackerError

D = date.fromisoformat
RULES = load_rules()


def facts(**given) -> CaseFacts:
    base = {
        "case_id": 7,
        "company": "Amazon",
        "order": "112-1",
        "placed": D("2026-10-28"),
        "shipments": (ShipmentDates(expected=D("2026-11-01"), delivered=D("2026-11-02")),),
        "seller_contacted": D("2026-11-01"),
    }
    base.update(given)
    return CaseFacts(**base)


def one(rule: str, case: CaseFacts, today: date, rules=RULES):
    found = [d for d in assess(rules, case, today).deadlines if d.rule == rule]
    assert len(found) == 1, [d.rule for d in assess(rules, case, today).deadlines]
    return found[0]


# (rule, facts, the last day)
EDGES = [
    ("amazon-return", facts(), "2026-12-02"),  # 30 days from delivery
    ("amazon-a-to-z", facts(), "2027-01-30"),  # 90 days from the latest estimated delivery
    (
        "us-card-dispute",
        facts(country="US", paid_with="card", statement=D("2026-11-05")),
        "2027-01-04",  # 60 days after the statement
    ),
    ("eu-withdrawal", facts(country="DE"), "2026-11-16"),  # 14 days from possession
    ("uk-short-term-reject", facts(country="GB"), "2026-12-02"),  # 30 days from delivery
    ("ke-internet-cancel", facts(country="KE", company="Jumia"), "2026-11-04"),  # 7 days
]


@pytest.mark.parametrize(("rule", "case", "last"), EDGES, ids=[e[0] for e in EDGES])
def test_each_rule_is_open_on_its_last_day_and_passed_the_day_after(rule, case, last):
    last_day = D(last)
    on_it = one(rule, case, last_day)
    assert (on_it.status, on_it.last_day, on_it.days_left) == ("open", last_day, 0)
    assert on_it.source.startswith("http")
    after = one(rule, case, last_day + timedelta(days=1))
    assert (after.status, after.days_left) == ("passed", -1)
    early = one(rule, case, last_day - timedelta(days=5))
    assert (early.status, early.days_left) == ("open", 5)


def test_each_shipped_rule_has_a_source_and_a_test():
    assert sorted(r.name for r in RULES.rules) == sorted(e[0] for e in EDGES)
    assert all(r.source.startswith("http") for r in RULES.rules)


def test_rules_apply_only_to_their_company_country_and_payment():
    names = {d.rule for d in assess(RULES, facts(), D("2026-11-10")).deadlines}
    assert names == {"amazon-return", "amazon-a-to-z"}  # no country set: no law applies
    other = {d.rule for d in assess(RULES, facts(company="Acme"), D("2026-11-10")).deadlines}
    assert other == set()
    gift = facts(country="US", paid_with="gift-card", statement=D("2026-11-05"))
    assert "us-card-dispute" not in {d.rule for d in assess(RULES, gift, D("2026-11-10")).deadlines}


def test_a_to_z_not_before_3_days_after_the_latest_estimated_delivery():
    lost = facts(
        category="not-delivered",
        shipments=(
            ShipmentDates(expected=D("2026-10-30")),
            ShipmentDates(expected=D("2026-11-01"), tracking="TBA2"),
        ),
        seller_contacted=D("2026-10-30"),
    )
    before = one("amazon-a-to-z", lost, D("2026-11-03"))
    assert before.status == "not-yet" and before.earliest_day == D("2026-11-04")
    assert before.last_day == D("2027-01-30")  # 90 days from the latest estimate
    assert one("amazon-a-to-z", lost, D("2026-11-04")).status == "open"
    # a delivered item has no such wait
    assert one("amazon-a-to-z", facts(), D("2026-11-03")).status == "open"


def test_a_to_z_waits_48_hours_after_contacting_the_seller():
    first = facts(seller_contacted=D("2026-11-08"))
    assert one("amazon-a-to-z", first, D("2026-11-09")).status == "not-yet"
    assert one("amazon-a-to-z", first, D("2026-11-10")).status == "open"
    never = one("amazon-a-to-z", facts(seller_contacted=None), D("2026-11-10"))
    assert never.status == "not-yet" and "contact the seller first" in never.note


def test_eu_withdrawal_counts_from_the_last_item_of_a_split_delivery():
    split = facts(
        country="FR",
        shipments=(
            ShipmentDates(delivered=D("2026-11-02"), tracking="A1"),
            ShipmentDates(delivered=D("2026-11-06"), tracking="B2"),
        ),
    )
    assert one("eu-withdrawal", split, D("2026-11-20")).status == "open"
    assert one("eu-withdrawal", split, D("2026-11-21")).status == "passed"
    # the Amazon return window counts from the first delivery (the safe side)
    assert one("amazon-return", split, D("2026-11-10")).last_day == D("2026-12-02")
    waiting = facts(
        country="FR",
        shipments=(
            ShipmentDates(delivered=D("2026-11-02"), tracking="A1"),
            ShipmentDates(tracking="B 2"),
        ),
    )
    needs = one("eu-withdrawal", waiting, D("2026-11-10"))
    assert needs.status == "needs-date" and needs.last_day is None and needs.days_left is None
    assert needs.command == "tracker ship edit 112-1 --tracking 'B 2' --delivered DATE"


def test_missing_dates_say_which_and_the_command_that_records_them():
    card = facts(country="US", paid_with="card", statement=None)
    d = one("us-card-dispute", card, D("2026-11-10"))
    assert (d.status, d.needs, d.command) == (
        "needs-date",
        "statement date",
        "tracker case edit 7 --statement DATE",
    )
    undelivered = facts(shipments=(ShipmentDates(shipped=D("2026-11-01")),))
    d = one("amazon-return", undelivered, D("2026-11-10"))
    assert d.command == "tracker ship edit 112-1 --delivered DATE"
    assert one("amazon-return", facts(shipments=()), D("2026-11-10")).command == (
        "tracker ship add 112-1 --delivered DATE"
    )
    assert one("amazon-return", facts(order=None), D("2026-11-10")).command == (
        "tracker case edit 7 --order NUMBER"
    )


def test_a_chargeback_filed_ends_a_to_z_with_a_warning():
    filed = facts(country="US", paid_with="card", chargeback=D("2026-11-09"))
    result = assess(RULES, filed, D("2026-11-10"))
    assert "amazon-a-to-z" not in {d.rule for d in result.deadlines}
    assert [(c.rule, c.message) for c in result.conflicts] == [
        ("amazon-a-to-z", CHARGEBACK_CONFLICT)
    ]
    # about to be filed: the card dispute and A-to-z are both open
    about = facts(country="US", paid_with="card", statement=D("2026-11-05"))
    result = assess(RULES, about, D("2026-11-10"))
    assert CHARGEBACK_CONFLICT in [c.message for c in result.conflicts]
    # no card dispute possible: nothing to walk into
    assert assess(RULES, facts(), D("2026-11-10")).conflicts == []


def test_a_promise_due_after_the_return_window_closes_is_warned_about():
    late = facts(promises=(PendingPromise("ship the replacement", D("2026-12-05")),))
    result = assess(RULES, late, D("2026-11-10"))
    assert [(c.rule, c.message) for c in result.conflicts] == [("amazon-return", PROMISE_CONFLICT)]
    in_time = facts(promises=(PendingPromise("ship the replacement", D("2026-12-02")),))
    assert assess(RULES, in_time, D("2026-11-10")).conflicts == []


def test_business_days_skip_weekends_and_holidays():
    friday = D("2026-11-27")
    assert add_business_days(friday, 1) == D("2026-11-30")  # Monday
    assert add_business_days(friday, 5) == D("2026-12-04")
    assert add_business_days(D("2026-11-30"), -1) == friday
    assert add_business_days(friday, 1, frozenset({D("2026-11-30")})) == D("2026-12-01")


# ------------------------------------------------------------------ the rules files


def write_rules(home, text: str):
    home.mkdir(parents=True, exist_ok=True)
    path = home / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_override_file_replaces_a_rule_and_adds_one(home, cli):
    path = write_rules(
        home,
        """
holidays = [2026-12-24]

[[rule]]
name = "amazon-return"
title = "Amazon holiday return window"
company = ["Amazon"]
from = "delivered"
days = 45
return_window = true
source = "https://www.amazon.com/gp/help/customer/display.html?nodeId=GKM69DUUYKQWKWX7"

[[rule]]
name = "shop-goodwill"
title = "Acme goodwill returns"
company = ["Acme"]
from = "delivered"
days = 10
business_days = true
source = "https://acme.example/returns"

[[rule]]
name = "amazon-a-to-z"
enabled = false
""",
    )
    rules = load_rules(home)
    by_name = {r.name: r for r in rules.rules}
    assert by_name["amazon-return"].days == 45 and by_name["amazon-return"].origin == str(path)
    assert by_name["eu-withdrawal"].origin == "shipped"
    assert D("2026-12-24") in rules.holidays
    result = assess(rules, facts(), D("2026-11-10"))
    assert [d.rule for d in result.deadlines] == ["amazon-return"]  # A-to-z switched off
    assert result.deadlines[0].last_day == D("2026-12-17")
    acme = one("shop-goodwill", facts(company="acme"), D("2026-11-10"), rules)
    assert acme.last_day == D("2026-11-16")  # 10 business days from Monday Nov 2
    listed = cli.json("rules", "list")
    origins = {r["name"]: r["origin"] for r in listed["rules"]}
    assert origins["amazon-return"] == str(path) and origins["us-card-dispute"] == "shipped"
    assert origins["shop-goodwill"] == str(path)
    text = " ".join(cli("rules", "list").stdout.split())
    assert f"Amazon holiday return window (from {path})" in text
    assert "Amazon return window (shipped)" not in text
    assert "https://www.law.cornell.edu/uscode/text/15/1666" in text


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        ('[[rule]]\nname = "x"\ndays = = 3\n', 3, "Invalid"),
        ('holidays = []\n\n[[rule]]\nname = "x"\nfrom = "delivered"\nsource = "u"\n', 3, "days"),
        (
            '[[rule]]\nname = "a"\nfrom = "delivered"\ndays = 1\nsource = "u"\n\n'
            '[[rule]]\nname = "b"\nfrom = "the moon"\ndays = 1\nsource = "u"\n',
            7,
            "from must be one of",
        ),
        ('[[rule]]\nname = "x"\ncolour = "red"\n', 1, "unknown key 'colour'"),
    ],
    ids=["syntax", "missing-days", "bad-from", "unknown-key"],
)
def test_a_malformed_rules_file_is_one_error_naming_the_file_and_line(
    home, cli, now, text, line, says
):
    path = write_rules(home, text)
    for command in (("rules", "list"), ("due",)):
        result = cli(*command, code=1)
        [message] = result.stderr.strip().splitlines()
        assert message.startswith(f"Error: {path}") and says in message
        assert f"line {line}" in message
        assert "Traceback" not in result.output
    with pytest.raises(TrackerError):
        load_rules(home)


# ------------------------------------------------------------------ config.toml


def test_config_show_and_set(cli, home):
    shown = cli.json("config", "show")
    values = {s["key"]: s["value"] for s in shown["settings"]}
    assert values == {
        "company": None,
        "country": None,
        "lang": None,
        "stale_days": 7,
        "deadline_days": 14,
    }
    assert cli("config", "set", "country", "gb").stdout.strip() == "country = GB"
    cli("config", "set", "deadline_days", "30")
    cli("config", "set", "company", 'Acme "Home"')
    path = home / "config.toml"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    values = {s["key"]: s["value"] for s in cli.json("config", "show")["settings"]}
    assert values["country"] == "GB" and values["deadline_days"] == 30
    assert values["company"] == 'Acme "Home"'
    text = " ".join(cli("config", "show").stdout.split())
    assert "country = GB" in text and "stale_days = 7 (default)" in text
    cli("config", "set", "country", "")  # removes it
    assert "country" not in path.read_text()
    # a mode the user chose is kept
    os.chmod(path, 0o640)
    cli("config", "set", "stale_days", "3")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert not [p for p in home.iterdir() if p.name.startswith(".config-")]


def test_config_refuses_unknown_keys_and_bad_values(cli, home):
    result = cli("config", "set", "colour", "red", code=1)
    assert result.stderr.startswith("Error: unknown setting 'colour'")
    cli("config", "set", "stale_days", "0", code=1)
    cli("config", "set", "country", "USA", code=1)
    cli("config", "set", "lang", "fr", code=1)
    assert not (home / "config.toml").exists()  # nothing written
    home.mkdir(exist_ok=True)
    (home / "config.toml").write_text('country = "US"\ncolour = "red"\n')
    for command in (("config", "show"), ("due",), ("case", "list")):
        result = cli(*command, code=None)
        if command == ("case", "list"):
            assert result.exit_code == 0  # reading cases needs no settings
            continue
        assert result.exit_code == 1
        assert result.stderr.strip() == (
            f"Error: {home / 'config.toml'}, line 2: unknown key 'colour'"
            " (known: company, country, lang, stale_days, deadline_days)"
        )
    (home / "config.toml").write_text("stale_days = -3\n")
    assert "line 1: stale_days must be" in cli("due", code=1).stderr


def test_config_company_is_the_default_for_a_new_case_and_order(cli, now):
    cli("company", "add", "Acme")
    cli("config", "set", "company", "acme")
    cli("case", "open", "Broken kettle")
    assert cli.json("case", "show", "1")["company"] == "Acme"
    cli("order", "add", "A-1")
    assert cli.json("order", "show", "A-1")["company"] == "Acme"
    cli("order", "add", "A-1", "--company", "Amazon")  # given: that company
    assert "order A-1 already exists at Acme" in cli("order", "add", "A-1", code=1).stderr


def test_stale_days_sets_the_agendas_waiting_too_long(cli, now):
    now("2026-11-01T09:00:00")
    cli("case", "open", "Forgotten parcel")
    now("2026-11-06T12:00:00")
    assert cli.json("due")["waiting"] == []  # 5 days: not yet, with the default 7
    cli("config", "set", "stale_days", "3")
    [item] = cli.json("due")["waiting"]
    assert item["days_silent"] == 5
    assert cli.json("due", "--days", "6")["waiting"] == []  # the option still wins
    # to the minute: 3 days after the last touch (the database compares the times)
    now("2026-11-04T08:59:00")
    assert cli.json("due")["waiting"] == []
    now("2026-11-04T09:01:00")
    assert [w["case_id"] for w in cli.json("due")["waiting"]] == [1]


# ------------------------------------------------------------------ through the CLI


def add_towel_order(cli, delivered: str | None = "2026-11-02"):
    cli("order", "add", "112-1", "--placed", "2026-10-28", "--item", "Towel", "--amount", "24.99")
    if delivered:
        cli("ship", "add", "112-1", "--tracking", "1Z1", "--delivered", delivered)
    else:
        cli("ship", "add", "112-1", "--tracking", "1Z1", "--shipped", "2026-10-29")


def test_case_show_json_has_deadlines(cli, now):
    add_towel_order(cli, delivered=None)
    cli("config", "set", "country", "US")
    cli("case", "open", "Robe", "--order", "112-1", "--paid-with", "card")
    data = cli.json("case", "show", "1")
    rows = {d["rule"]: d for d in data["deadlines"]}
    assert set(rows) == {"amazon-return", "amazon-a-to-z", "us-card-dispute"}
    for row in rows.values():
        assert {"rule", "last_day", "days_left", "basis", "source", "status"} <= set(row)
    assert rows["amazon-return"]["status"] == "needs-date"
    assert (
        rows["amazon-return"]["command"]
        == "tracker ship edit 112-1 --tracking 1Z1 --delivered DATE"
    )
    assert rows["us-card-dispute"]["command"] == "tracker case edit 1 --statement DATE"
    assert data["paid_with"] == "card"

    # recording the dates the hints asked for
    cli("ship", "edit", "112-1", "--tracking", "1Z1", "--delivered", "2026-11-02")
    cli("ship", "edit", "112-1", "--expected", "2026-11-01")
    cli("case", "edit", "1", "--statement", "2026-11-05")
    data = cli.json("case", "show", "1")
    rows = {d["rule"]: d for d in data["deadlines"]}
    assert (rows["amazon-return"]["last_day"], rows["amazon-return"]["days_left"]) == (
        "2026-12-02",
        22,
    )
    assert rows["amazon-return"]["basis"] == "30 days from delivery (2026-11-02)"
    assert rows["us-card-dispute"]["last_day"] == "2027-01-04"
    assert rows["amazon-a-to-z"]["status"] == "not-yet"  # no contact with the seller yet
    assert [d["rule"] for d in data["deadlines"]][0] == "amazon-return"  # soonest first
    assert data["deadline_warnings"] == [{"rule": "amazon-a-to-z", "message": CHARGEBACK_CONFLICT}]

    cli("case", "edit", "1", "--chargeback", "2026-11-09")
    data = cli.json("case", "show", "1")
    assert "amazon-a-to-z" not in {d["rule"] for d in data["deadlines"]}
    assert data["chargeback_on"] == "2026-11-09"


def test_case_payment_options_are_checked(cli, now):
    cli("case", "open", "X", "--paid-with", "bitcoin", code=2)
    cli("case", "open", "X", "--statement", "+3d", code=1)  # a statement is already out
    cli("case", "open", "X", "--paid-with", "Gift-Card", "--digital")
    data = cli.json("case", "show", "1")
    assert data["paid_with"] == "gift-card" and data["digital"] is True
    cli("case", "edit", "1", "--paid-with", "AMAZON-BALANCE", "--physical")
    data = cli.json("case", "show", "1")
    assert data["paid_with"] == "amazon-balance" and data["digital"] is False


def test_due_lists_deadlines_within_the_configured_days(cli, now):
    add_towel_order(cli)
    cli("case", "open", "Robe instead of towel", "--order", "112-1")
    cli("order", "add", "112-2", "--placed", "2026-11-01")
    cli("ship", "add", "112-2", "--delivered", "2026-11-10")
    cli("case", "open", "Second towel", "--order", "112-2")
    cli("order", "add", "112-3", "--placed", "2026-10-01")
    cli("ship", "add", "112-3", "--delivered", "2026-11-01")
    cli("case", "open", "Closed already", "--order", "112-3")
    cli("case", "close", "3")
    cli("case", "open", "No order")
    now("2026-11-30T12:00:00")  # the towel's return window closes in 2 days
    data = cli.json("due")
    assert data["deadline_days"] == 14
    assert [
        (d["case_id"], d["rule"], d["last_day"], d["days_left"]) for d in data["deadlines"]
    ] == [
        (1, "amazon-return", "2026-12-02", 2),
        (2, "amazon-return", "2026-12-10", 10),
    ]
    text = " ".join(cli("due").stdout.split())
    assert text.startswith("Deadlines in the next 14 days (2)")
    assert "#1 Robe instead of towel: Amazon return window closes in 2 days, December 2" in text
    assert "start a return in Your Orders" in text
    assert text.index("#1 Robe") < text.index("#2 Second towel")
    assert [d["case_id"] for d in cli.json("due", "--within", "5")["deadlines"]] == [1]
    cli("config", "set", "deadline_days", "3")
    assert [d["case_id"] for d in cli.json("due")["deadlines"]] == [1]
    now("2026-12-03T12:00:00")  # passed: no longer listed
    assert [d["case_id"] for d in cli.json("due", "--within", "30")["deadlines"]] == [2]


def test_due_shows_the_promise_conflict(cli, now):
    add_towel_order(cli)
    cli("case", "open", "Robe", "--order", "112-1")
    cli("log", "1", "--channel", "chat", "--promise", "ship the towel", "--due", "2026-12-10")
    now("2026-11-25T12:00:00")
    [item] = cli.json("due")["deadlines"]
    assert item["warnings"] == [PROMISE_CONFLICT]
    assert "ask for an extension in writing" in " ".join(cli("due").stdout.split())


def test_business_days_in_dates(cli, now, home):
    now("2026-11-27T12:00:00")  # a Friday
    cli("case", "open", "Refund", "--follow-up", "+5bd")
    assert cli.json("case", "show", "1")["follow_up_on"] == "2026-12-04"
    # counted from the contact's --at: "3 to 5 business days", said on Monday the 23rd
    cli(
        "log",
        "1",
        "--channel",
        "chat",
        "--at",
        "2026-11-23 10:00",
        "--promise",
        "refund",
        "--due",
        "+5bd",
    )
    assert cli.json("case", "show", "1")["promises"][0]["due_on"] == "2026-11-30"
    # holidays of the rules file are skipped too
    write_rules(home, "holidays = [2026-11-30]\n")
    cli("case", "edit", "1", "--follow-up", "+1bd")
    assert cli.json("case", "show", "1")["follow_up_on"] == "2026-12-01"
    cli("case", "edit", "1", "--follow-up", "+5x", code=1)


def test_ship_edit_changes_the_latest_or_the_named_shipment(cli, now):
    cli("order", "add", "112-1")
    cli("ship", "edit", "112-1", "--delivered", "today", code=1)  # no shipment yet
    cli("ship", "add", "112-1", "--tracking", "A1", "--shipped", "2026-11-01")
    cli("ship", "add", "112-1", "--shipped", "2026-11-02")
    cli("ship", "edit", "112-1", "--tracking", "A1", "--delivered", "2026-11-05")
    cli("ship", "edit", "112-1", "--tracking", "B2", "--carrier", "DHL")  # the latest had none
    shipments = cli.json("order", "show", "112-1")["shipments"]
    assert [(s["tracking"], s["delivered_on"], s["status"], s["carrier"]) for s in shipments] == [
        ("A1", "2026-11-05", "delivered", None),
        ("B2", None, "shipped", "DHL"),
    ]
    result = cli("ship", "edit", "112-1", "--tracking", "C3", "--delivered", "today", code=1)
    assert "no shipment with tracking number C3" in result.stderr
    cli("ship", "edit", "112-1", "--delivered", "2026-10-01", code=1)  # before it shipped
    cli("ship", "edit", "112-1", code=1)  # nothing to change


def test_service_case_assessment(cli, now):
    """What the prose layers call: deadlines and conflicts of one case."""
    from tracker.services.common import find_case
    from tracker.services.deadlines import case_assessment
    from tracker.store import Store

    add_towel_order(cli)
    cli("case", "open", "Robe", "--order", "112-1")
    cli("promise", "list")
    cli("log", "1", "--channel", "chat", "--promise", "replacement", "--due", "2026-12-20")
    store = Store()
    with store.session() as s:
        result = case_assessment(s, find_case(s, "1"), day=D("2026-12-01"))
    store.dispose()
    assert [(d.rule, d.days_left) for d in result.deadlines][0] == ("amazon-return", 1)
    assert [c.message for c in result.conflicts] == [PROMISE_CONFLICT]


def test_export_and_import_keep_the_payment_fields(cli, now, tmp_path, new_database, monkeypatch):
    cli("case", "open", "Charged twice", "--paid-with", "card", "--statement", "2026-11-05")
    out = tmp_path / "export.json"
    cli("export", "--out", out)
    monkeypatch.setenv("TRACKER_DATABASE_URL", new_database())
    cli("import", out)
    data = cli.json("case", "show", "1")
    assert (data["paid_with"], data["statement_on"]) == ("card", "2026-11-05")


def test_engine_is_pure():
    """No database, no printing: the engine module imports neither."""
    source = open(engine.__file__, encoding="utf-8").read()
    for name in ("sqlalchemy", "sqlmodel", "rich", "print("):
        assert name not in source


def test_order_edit_records_the_date_a_rule_needs(cli, now):
    cli("config", "set", "country", "KE")
    cli("company", "add", "Jumia")
    cli("order", "add", "J-1", "--company", "Jumia", "--amount", "1500", "--currency", "KES")
    cli("case", "open", "Phone not as described", "--order", "J-1")
    [row] = cli.json("case", "show", "1")["deadlines"]
    assert (row["rule"], row["status"], row["command"]) == (
        "ke-internet-cancel",
        "needs-date",
        "tracker order edit J-1 --placed DATE",
    )
    cli("order", "edit", "J-1", "--placed", "2026-11-05", "--item", "Phone")
    [row] = cli.json("case", "show", "1")["deadlines"]
    assert (row["status"], row["last_day"], row["days_left"]) == ("open", "2026-11-12", 2)
    order = cli.json("order", "show", "J-1")
    assert order["items"] == ["Phone"] and order["amount"] == "1500.00"
    cli("order", "edit", "J-1", "--currency", "USD", code=1)  # the amount would change meaning
    cli("order", "edit", "J-1", "--placed", "+2d", code=1)  # not in the future
    cli("order", "edit", "J-1", code=1)  # nothing to change
