"""Record keeping through the CLI: companies, orders, cases, contacts, promises."""

import hashlib
import sqlite3

import pytest

from tracker.parse import today


def test_amazon_is_built_in(cli):
    amazon = cli.json("company", "show", "amazon")
    assert amazon["name"] == "Amazon"
    assert amazon["phone"] == "+1-888-280-4331"
    assert amazon["url"] == "https://www.amazon.com/gp/help/customer/contact-us/"
    assert "Something I ordered" in amazon["chat_topics"]


def test_company_add_list_show(cli):
    cli("company", "add", "Acme Home", "--phone", "+1-800-555-0100", "--email", "help@acme.example")
    names = [c["name"] for c in cli.json("company", "list")]
    assert names == ["Acme Home", "Amazon"]
    assert cli.json("company", "show", "ACME home")["email"] == "help@acme.example"


def test_order_add_show_list(cli):
    cli("company", "add", "Acme")
    cli(
        "order",
        "add",
        "A-1",
        "--company",
        "acme",
        "--placed",
        "2026-10-01",
        "--item",
        "Kettle",
        "--item",
        "Mug",
        "--amount",
        "€1,234.50",
        "--currency",
        "eur",
    )
    order = cli.json("order", "show", "A-1")
    assert order == {
        "number": "A-1",
        "company": "Acme",
        "placed_on": "2026-10-01",
        "items": ["Kettle", "Mug"],
        "amount": "1234.50",
        "currency": "EUR",
        "notes": None,
        "shipments": [],
    }
    cli(
        "ship",
        "add",
        "A-1",
        "--carrier",
        "DHL",
        "--tracking",
        "JD0001",
        "--shipped",
        "2026-10-02",
        "--expected",
        "2026-10-05",
    )
    [shipment] = cli.json("order", "show", "A-1")["shipments"]
    assert shipment == {
        "carrier": "DHL",
        "tracking": "JD0001",
        "shipped_on": "2026-10-02",
        "expected_on": "2026-10-05",
        "delivered_on": None,
        "status": "shipped",
    }
    assert [o["number"] for o in cli.json("order", "list")] == ["A-1"]
    # the same number at another company is another order
    cli("order", "add", "A-1")
    assert len(cli.json("order", "list")) == 2
    assert "several companies" in cli("order", "show", "A-1", code=1).stderr
    assert cli.json("order", "show", "A-1", "--company", "Amazon")["company"] == "Amazon"


def test_amounts_are_exact(cli):
    cli("order", "add", "JP-1", "--amount", "1980", "--currency", "JPY")
    cli("order", "add", "US-1", "--amount", "0.1")
    cli("case", "open", "Sum", "--order", "US-1", "--amount", "0.30")
    assert cli.json("order", "show", "JP-1")["amount"] == "1980"
    assert cli.json("order", "show", "US-1")["amount"] == "0.10"
    assert cli.json("case", "show", "1")["amount"] == "0.30"


def test_case_open_defaults_to_the_orders_company_and_amount(cli):
    cli("company", "add", "Acme")
    cli("order", "add", "A-9", "--company", "Acme", "--amount", "80", "--currency", "GBP")
    out = cli("case", "open", "Broken kettle", "--order", "A-9", "--category", "damaged")
    assert "Opened case #1" in out.stdout
    case = cli.json("case", "show", "1")
    assert (case["company"], case["amount"], case["currency"]) == ("Acme", "80.00", "GBP")
    assert case["order"]["number"] == "A-9"
    assert case["status"] == "open"
    assert cli.json("case", "show", "#1")["history"][0]["event"] == "opened"


def test_edit_close_reopen_are_history(cli, now):
    cli("case", "open", "Refund missing", "--category", "refund")
    cli(
        "case",
        "edit",
        "1",
        "--want",
        "my 30 dollars back",
        "--follow-up",
        "+3d",
        "--status",
        "waiting",
    )
    case = cli.json("case", "show", "1")
    assert case["want"] == "my 30 dollars back"
    assert case["follow_up_on"] == "2026-11-13"
    assert case["status"] == "waiting"
    cli("case", "close", "1", "--outcome", "refunded", "--recovered", "30")
    closed = cli.json("case", "show", "1")
    assert closed["status"] == "closed" and closed["recovered"] == "30.00"
    assert closed["outcome"] == "refunded" and closed["closed_at"]
    assert cli.json("case", "list") == []
    assert [c["id"] for c in cli.json("case", "list", "--status", "closed")] == [1]
    cli("case", "reopen", "1")
    reopened = cli.json("case", "show", "1")
    assert reopened["status"] == "open" and reopened["closed_at"] is None
    events = [h["event"] for h in reopened["history"]]
    assert events == ["opened", "edited", "status", "closed", "reopened"]
    assert all(h["at"] for h in reopened["history"])


def test_log_keeps_reference_once_and_creates_promise(cli, towel_case):
    result = cli(
        "log",
        "C-0042",
        "--channel",
        "email",
        "--with",
        "rep",
        "--rep",
        "Priya",
        "--ref",
        "C-0042",
        "--promise",
        "refund the shipping",
        "--due",
        "+5d",
    )
    assert "Promise 2" in result.stdout
    case = cli.json("case", "show", "1")
    assert [r["value"] for r in case["references"]] == ["C-0042"]
    promise = case["promises"][1]
    assert promise["what"] == "refund the shipping"
    assert promise["due_on"] == "2026-11-15"
    assert promise["overdue"] is False
    assert case["contacts"][-1]["result"] == "promised"
    assert case["contacts"][-1]["logged_by"] == "tester"


def test_log_warns_when_a_human_gave_no_name_or_reference(cli, towel_case):
    result = cli("log", "1", "--channel", "phone", "--with", "rep")
    assert "no representative name" in result.stderr
    assert "no reference number" in result.stderr
    quiet = cli("log", "1", "--channel", "chat", "--with", "bot")
    assert quiet.stderr == ""


def test_log_at_backdates_and_contacts_stay_in_time_order(cli, towel_case):
    cli("log", "1", "--channel", "email", "--at", "2026-11-01 08:00", "--note", "first email")
    contacts = cli.json("case", "show", "1")["contacts"]
    assert contacts[0]["note"] == "first email"
    assert contacts[0]["at"] == "2026-11-01T08:00:00+00:00"
    assert [c["at"] for c in contacts] == sorted(c["at"] for c in contacts)


def test_log_asks_for_missing_fields_at_a_terminal(cli, towel_case, monkeypatch):
    monkeypatch.setenv("TRACKER_PROMPT", "always")
    answers = "phone\nrep\nMaria\nR-77\npromised\ncall me back\nsomeday\n+2d\nShe will call\n"
    result = cli("log", "1", input=answers)
    assert "bad date 'someday'" in result.stderr and "try again" in result.stderr
    contact = cli.json("case", "show", "1")["contacts"][-1]
    assert (
        contact["channel"],
        contact["with"],
        contact["rep_name"],
        contact["reference"],
        contact["result"],
    ) == ("phone", "rep", "Maria", "R-77", "promised")
    assert cli.json("case", "show", "1")["promises"][-1]["what"] == "call me back"
    assert cli.json("case", "show", "1")["promises"][-1]["due_on"] == "2026-11-12"
    assert contact["answer"] == "She will call"
    assert "Logged contact" in result.stdout


def test_log_asks_nothing_without_a_terminal(cli, towel_case):
    assert "--channel is required" in cli("log", "1", input="chat\n", code=1).stderr


def test_long_text_from_stdin(cli, towel_case):
    transcript = "Agent: Hello\n" + "You: the robe is gray\n" * 2000
    cli("log", "1", "--channel", "chat", "--note", "-", input=transcript)
    assert cli.json("case", "show", "1")["contacts"][-1]["note"] == transcript.strip()


def test_promise_kept_and_broken(cli, towel_case):
    assert [p["id"] for p in cli.json("promise", "list", "--overdue")] == [1]
    cli("promise", "broken", "1")
    assert cli.json("promise", "list", "--overdue") == []
    assert cli.json("promise", "list")[0]["state"] == "broken"
    cli("promise", "kept", "1")
    case = cli.json("case", "show", "1")
    assert case["promises"][0]["state"] == "kept"
    assert [h["event"] for h in case["history"]][-2:] == ["promise", "promise"]
    assert "already kept" in cli("promise", "kept", "1", code=1).stderr


def test_result_changes_status(cli, towel_case):
    cli(
        "log",
        "1",
        "--channel",
        "chat",
        "--with",
        "manager",
        "--rep",
        "Sam",
        "--ref",
        "E-1",
        "--result",
        "escalated",
    )
    assert cli.json("case", "show", "1")["status"] == "escalated"
    cli(
        "log",
        "1",
        "--channel",
        "chat",
        "--with",
        "manager",
        "--rep",
        "Sam",
        "--ref",
        "E-1",
        "--result",
        "resolved",
    )
    case = cli.json("case", "show", "1")
    assert case["status"] == "resolved" and case["closed_at"]
    assert cli.json("case", "list") == []


def test_case_list_most_urgent_first(cli, now):
    now("2026-11-10T12:00:00")
    cli("case", "open", "Quiet for long")  # 1
    cli("case", "open", "Follow up soon", "--follow-up", "2026-11-12")  # 2
    cli("case", "open", "Overdue promise")  # 3
    cli("case", "open", "Follow up later", "--follow-up", "2026-11-20")  # 4
    cli("case", "open", "Recently contacted")  # 5
    cli("log", "1", "--channel", "chat", "--at", "2026-11-01 09:00")
    cli("log", "5", "--channel", "chat", "--at", "2026-11-09 09:00")
    cli(
        "log",
        "3",
        "--channel",
        "chat",
        "--at",
        "2026-11-07 10:00",
        "--promise",
        "refund",
        "--due",
        "2026-11-08",
    )
    rows = cli.json("case", "list")
    assert [r["id"] for r in rows] == [3, 2, 4, 1, 5]
    assert rows[0]["overdue_promises"] == 1
    assert [r["id"] for r in cli.json("case", "list", "--limit", "2")] == [3, 2]
    table = cli("case", "list").stdout
    assert "Overdue promise" in table and "overdue" in table and "2026-11-08" in table


def test_evidence_is_copied_with_its_hash(cli, towel_case, tmp_path, home):
    photo = tmp_path / "robe photo.jpg"
    photo.write_bytes(b"\xff\xd8 a gray bathrobe")
    cli("evidence", "add", "1", str(photo), "--note", "what arrived")
    [item] = cli.json("case", "show", "1")["evidence"]
    assert item["sha256"] == hashlib.sha256(photo.read_bytes()).hexdigest()
    assert item["note"] == "what arrived"
    kept = home / "evidence" / item["file"]
    assert kept.read_bytes() == photo.read_bytes()
    assert kept.stat().st_mode & 0o777 == 0o600


def test_user_text_is_printed_as_text(cli):
    title = "[red]not red[/red] \x1b[31mESC\x1b[0m [bold"
    cli("case", "open", title, "--problem", "[link=http://x]click[/link]")
    listing = cli("case", "list").stdout
    assert (
        "[red]not red[/red]" in listing.replace("\n", "").replace("│", "") or "[red]not" in listing
    )
    shown = cli("case", "show", "1").stdout
    assert "[red]not red[/red]" in shown
    assert "[link=http://x]click[/link]" in shown
    assert "\x1b" not in shown and "\x1b" not in listing
    assert "\\x1b[31mESC" in shown
    # JSON keeps the data exactly (escaped as JSON does)
    assert cli.json("case", "show", "1")["title"] == title


@pytest.mark.sqlite_only
def test_db_backup_is_consistent_and_private(cli, towel_case, tmp_path, home):
    target = tmp_path / "copy.db"
    assert "Backed up to" in cli("db", "backup", str(target)).stdout
    assert target.stat().st_mode & 0o777 == 0o600
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT count(*) FROM contact").fetchone()[0] == 3
    assert "already exists" in cli("db", "backup", str(target), code=1).stderr
    cli("db", "backup")
    [default] = (home / "backups").glob("*.db")
    assert default.stat().st_mode & 0o777 == 0o600


@pytest.mark.sqlite_only
def test_data_folder_and_database_are_private(cli, home):
    cli("company", "list")
    assert home.stat().st_mode & 0o777 == 0o700
    assert (home / "tracker.db").stat().st_mode & 0o777 == 0o600


def test_dates_accept_words(cli, now):
    cli("case", "open", "Dates", "--happened", "yesterday", "--follow-up", "3d ago")
    case = cli.json("case", "show", "1")
    assert case["happened_on"] == "2026-11-09"
    assert case["follow_up_on"] == "2026-11-07"
    assert today().isoformat() == "2026-11-10"


def test_promise_list_pending_first_and_limited(cli, towel_case):
    cli("log", "1", "--channel", "chat", "--promise", "email a label", "--due", "+2d")
    cli("log", "1", "--channel", "chat", "--promise", "call back")
    cli("log", "1", "--channel", "chat", "--promise", "refund shipping", "--due", "+1d")
    cli("promise", "kept", "4")
    rows = cli.json("promise", "list")
    # overdue (due Nov 5), then Nov 12, then no due date; the kept one last
    assert [(r["id"], r["state"]) for r in rows] == [
        (1, "pending"),
        (2, "pending"),
        (3, "pending"),
        (4, "kept"),
    ]
    assert rows[0]["case_title"] == "Gray bathrobe instead of red towel"
    limited = cli("promise", "list", "--limit", "2")
    assert "Showing 2 of 4 promises" in limited.stderr
    assert [r["id"] for r in cli.json("promise", "list", "--state", "pending")] == [1, 2, 3]


def test_amounts_as_people_type_them(cli):
    cli("company", "add", "ShopCo")
    for number, amount in (
        ("E-1", "24,99"),
        ("E-2", "1.299,50"),
        ("E-3", "€12,5"),
        ("E-4", "1 234,50"),
    ):
        cli("order", "add", number, "--company", "ShopCo", "--amount", amount, "--currency", "EUR")
    amounts = {o["number"]: o["amount"] for o in cli.json("order", "list")}
    assert amounts == {"E-1": "24.99", "E-2": "1299.50", "E-3": "12.50", "E-4": "1234.50"}
    wrong = cli("order", "add", "E-5", "--company", "ShopCo", "--amount", "€24.99", code=1)
    assert "€ is not USD" in wrong.stderr and "--currency EUR" in wrong.stderr


def test_only_one_option_reads_stdin(cli, towel_case):
    result = cli(
        "log", "1", "--channel", "chat", "--asked", "-", "--answer", "-", input="transcript", code=1
    )
    assert "only one of --asked, --answer and --note" in result.stderr
    assert len(cli.json("case", "show", "1")["contacts"]) == 3


def test_lookups_forgive_case_and_typos(cli, towel_case):
    assert cli.json("case", "show", "c-0042")["id"] == 1
    assert cli.json("case", "show", "112-4455667-0012345".upper())["id"] == 1
    typo = cli("case", "list", "--company", "amazn", code=1)
    assert "did you mean 'Amazon'?" in typo.stderr
    cli("company", "add", "ShopCo")
    cli("order", "add", "SC-1", "--company", "ShopCo")
    elsewhere = cli("case", "open", "x", "--order", "SC-1", "--company", "amazon", code=1)
    assert "order SC-1 is at ShopCo, not Amazon" in elsewhere.stderr


def test_logging_on_a_closed_case_says_how_to_reopen(cli, towel_case):
    cli("case", "close", "1")
    result = cli("log", "1", "--channel", "email", "--with", "nobody")
    assert "(nobody answered)" in result.stdout
    assert "tracker case reopen 1" in result.stderr


def test_dates_by_month_name_and_no_future_for_the_past(cli, now):
    cli("order", "add", "N-1", "--placed", "Oct 28")
    assert cli.json("order", "show", "N-1")["placed_on"] == "2026-10-28"
    future = cli("order", "add", "N-2", "--placed", "tomorrow", code=1)
    assert "in the future" in future.stderr
    cli("case", "open", "Due by name", "--follow-up", "Dec 1")
    assert cli.json("case", "show", "1")["follow_up_on"] == "2026-12-01"


def test_the_same_evidence_twice_is_refused(cli, towel_case, tmp_path):
    photo = tmp_path / "robe.jpg"
    photo.write_bytes(b"robe")
    cli("evidence", "add", "1", str(photo))
    again = cli("evidence", "add", "1", str(photo), code=1)
    assert "already keeps this file (evidence 1, robe.jpg)" in again.stderr
    assert "is a folder" in cli("evidence", "add", "1", str(tmp_path), code=1).stderr
    assert "robe.jpg" in cli("case", "show", "1").stdout


def test_weekday_names(cli, now):
    # Tuesday, November 10: "friday" is the coming one for a due date,
    # the last one for what already happened.
    cli("case", "open", "Weekdays", "--follow-up", "friday", "--happened", "friday")
    case = cli.json("case", "show", "1")
    assert (case["follow_up_on"], case["happened_on"]) == ("2026-11-13", "2026-11-06")
    cli(
        "log",
        "1",
        "--channel",
        "chat",
        "--at",
        "last monday",
        "--promise",
        "call",
        "--due",
        "next monday",
    )
    case = cli.json("case", "show", "1")
    assert case["contacts"][0]["at"].startswith("2026-11-09")
    assert case["promises"][0]["due_on"] == "2026-11-16"
    assert "in the future" in cli("case", "edit", "1", "--happened", "next friday", code=1).stderr


def test_times_follow_daylight_saving(cli, monkeypatch):
    import time

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    monkeypatch.setenv("TRACKER_NOW", "2026-11-10T12:00:00")  # EST, UTC-5
    cli("case", "open", "Summer chat")
    cli("log", "1", "--channel", "chat", "--at", "2026-07-04 14:30")  # EDT, UTC-4
    [contact] = cli.json("case", "show", "1")["contacts"]
    assert contact["at"] == "2026-07-04T14:30:00-04:00"
    assert cli.json("case", "show", "1")["opened_at"] == "2026-11-10T12:00:00-05:00"


def test_bad_clock_setting_and_bad_stdin_are_user_errors(cli, monkeypatch, towel_case):
    monkeypatch.setenv("TRACKER_NOW", "noon-ish")
    assert "TRACKER_NOW='noon-ish'" in cli("case", "list", code=1).stderr
    monkeypatch.delenv("TRACKER_NOW")
    result = cli("log", "1", "--channel", "chat", "--note", "-", input=b"caf\xe9 \xff", code=1)
    assert "--note: standard input is not valid UTF-8" in result.stderr


def test_changing_the_currency_keeps_the_amount(cli):
    cli("case", "open", "Charged twice", "--amount", "24.99", "--category", "billing")
    cli("case", "edit", "1", "--currency", "EUR")
    assert (cli.json("case", "show", "1")["amount"], cli.json("case", "show", "1")["currency"]) == (
        "24.99",
        "EUR",
    )
    cli("case", "edit", "1", "--currency", "KWD")
    assert cli.json("case", "show", "1")["amount"] == "24.990"
    refused = cli("case", "edit", "1", "--currency", "JPY", code=1)
    assert "cannot be written in JPY" in refused.stderr
    cli("case", "edit", "1", "--currency", "JPY", "--amount", "2500")
    assert cli.json("case", "show", "1")["amount"] == "2500"


def test_the_case_company_and_its_order_agree(cli):
    cli("company", "add", "ShopCo")
    cli("order", "add", "A-1", "--amount", "10")
    cli("case", "open", "Late", "--order", "A-1", "--currency", "EUR")
    assert cli.json("case", "show", "1")["amount"] is None  # the order's is in USD
    moved = cli("case", "edit", "1", "--company", "ShopCo", code=1)
    assert "order A-1 is at Amazon" in moved.stderr
    cli("case", "edit", "1", "--company", "ShopCo", "--order", "")
    assert cli.json("case", "show", "1")["company"] == "ShopCo"


def test_an_ended_case_stays_ended_whatever_a_contact_says(cli, towel_case):
    cli("case", "open", "Second", "--problem", "late")
    cli("log", "2", "--channel", "chat", "--result", "resolved", "--no-prompt")
    cli("case", "close", "1", "--outcome", "refunded")
    for case, status in (("1", "closed"), ("2", "resolved")):
        contacts = len(cli.json("case", "show", case)["contacts"])
        history = cli.json("case", "show", case)["history"]
        for result in ("resolved", "escalated", "promised"):
            logged = cli(
                "log", case, "--channel", "chat", "--with", "rep", "--rep", "Ana",
                "--ref", f"R-{case}-{result}", "--result", result, "--no-prompt",
            )  # fmt: skip
            assert "is now" not in logged.stdout
            assert f"tracker case reopen {case}" in logged.stderr
        after = cli.json("case", "show", case)
        assert after["status"] == status
        assert after["history"] == history  # no status change, no escalation
        assert len(after["contacts"]) == contacts + 3  # kept, on the ended case


def test_what_log_would_drop_silently_is_refused(cli, towel_case):
    before = cli.json("case", "show", "1")
    kind = cli("log", "1", "--channel", "chat", "--ref-kind", "refund", "--no-prompt", code=1)
    assert kind.stderr == "Error: --ref-kind needs --ref (the number it says the kind of)\n"
    empty = cli("log", "1", "--channel", "chat", "--promise", " ", "--no-prompt", code=1)
    assert "Error: --promise is empty" in empty.stderr
    assert cli.json("case", "show", "1") == before  # nothing written
    kept = cli("log", "1", "--channel", "chat", "--ref", "RF-9", "--ref-kind", "refund")
    assert kept.exit_code == 0
    assert {"kind": "refund", "value": "RF-9"}.items() <= cli.json("case", "show", "1")[
        "references"
    ][-1].items()


def test_names_and_numbers_are_one_line(cli, towel_case):
    before = cli.json("case", "show", "1")
    for args in (
        ("log", "1", "--channel", "chat", "--ref", "AB\nCD", "--no-prompt"),
        ("log", "1", "--channel", "chat", "--rep", "Ana\r\nMaria", "--no-prompt"),
        ("log", "1", "--channel", "chat", "--rep-id", "7\v8", "--no-prompt"),
        ("ref", "add", "1", "C-1\nC-2"),
        ("case", "edit", "1", "--title", "Towel\nrobe"),
    ):
        refused = cli(*args, code=1)
        assert "must be one line (it holds a line break)" in refused.stderr, args
        assert refused.stderr.count("\n") == 1
    assert cli.json("case", "show", "1") == before
    assert "must be one line" in cli("order", "add", "1\n2", code=1).stderr
    assert "must be one line" in cli("company", "add", "Shop\nCo", code=1).stderr
    assert "must be one line" in cli("case", "open", "A\nB", code=1).stderr
    tracking = cli("ship", "add", "112-4455667-0012345", "--tracking", "1Z\n2", code=1)
    assert "must be one line" in tracking.stderr
    # text meant to run over lines still does
    cli("log", "1", "--channel", "email", "--answer", "line one\nline two", "--no-prompt")
    assert cli.json("case", "show", "1")["contacts"][-1]["answer"] == "line one\nline two"


def test_a_weekday_promised_in_a_contact_logged_later_counts_from_that_contact(cli, towel_case):
    # now: Tuesday 2026-11-10; the chat was on Monday 2026-11-02
    cli(
        "log", "1", "--channel", "chat", "--with", "rep", "--rep", "Ana", "--ref", "W-1",
        "--at", "2026-11-02 10:00", "--promise", "refund", "--due", "friday",
    )  # fmt: skip
    promise = cli.json("case", "show", "1")["promises"][-1]
    assert promise["due_on"] == "2026-11-06"  # that week's Friday, not the coming one
    assert promise["overdue"] is True
    cli("log", "1", "--channel", "chat", "--promise", "call", "--due", "friday", "--no-prompt")
    assert cli.json("case", "show", "1")["promises"][-1]["due_on"] == "2026-11-13"


def test_only_the_summaries_offer_markdown(cli, towel_case):
    assert "<text|markdown|json>" in cli("summary", "--help").stdout
    for command in (("due",), ("case", "show", "1"), ("case", "list"), ("stats",), ("next", "1")):
        name = command[:2] if command[0] == "case" else command[:1]
        assert "--format <text|json>" in " ".join(cli(*name, "--help").stdout.split())
        refused = cli(*command, "--format", "markdown", code=2)
        assert "'markdown' is not one of 'text', 'json'" in refused.stderr
        assert cli(*command, "--format", "json").stdout.lstrip().startswith(("{", "["))


def test_a_stored_line_break_does_not_block_editing_another_field(cli, towel_case):
    """A rep name that came with a line break (an import, an older version) stays as
    it is when another field of its contact is edited; typed anew, it is refused."""
    from tracker.store import Store

    store = Store()
    try:
        with store.engine.begin() as connection:
            connection.exec_driver_sql("UPDATE contact SET rep_name = 'Ana\nMaria' WHERE id = 1")
    finally:
        store.dispose()
    cli("contact", "edit", "1", "--rating", "4")
    contact = cli.json("case", "show", "1")["contacts"][0]
    assert (contact["rep_name"], contact["rating"]) == ("Ana\nMaria", 4)
    refused = cli("contact", "edit", "1", "--rep", "Ana\nMaria", code=1)
    assert "must be one line" in refused.stderr


def test_one_line_fields_of_shipments_companies_and_promises(cli, towel_case):
    order = "112-4455667-0012345"
    for args in (
        ("ship", "add", order, "--carrier", "UPS\nGround"),
        ("ship", "add", order, "--status", "in\ntransit"),
        ("company", "add", "ShopCo", "--phone", "1\n2"),
        ("promise", "add", "1", "call back", "--due", "+2d", "--by", "Ana\nMaria"),
    ):
        assert "must be one line" in cli(*args, code=1).stderr, args
    assert (
        "must be one line" in cli("company", "edit", "Amazon", "--email", "a@b\nc", code=1).stderr
    )
