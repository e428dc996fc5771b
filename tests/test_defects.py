"""Issue 8, "Defects found in the trial": one test per defect, through the CLI.

Each test fails without its fix; defect 12 (search) is tested with search.
"""

from __future__ import annotations

import os

import pytest


def log(cli, case, *args, code=0):
    return cli("log", str(case), "--no-prompt", *args, code=code)


def open_case(cli, title="Broken kettle", *args):
    return cli("case", "open", title, *args)


# ------------------------------------------------------------------ 3: reference case


def test_3_reference_lookup_ignores_letter_case(cli, now):
    open_case(cli, "Kettle")
    open_case(cli, "Toaster")
    log(cli, 1, "--channel", "chat", "--with", "rep", "--ref", "ABC-1")
    log(cli, 2, "--channel", "chat", "--with", "rep", "--ref", "abc-1")
    for typed in ("abc-1", "ABC-1", "Abc-1"):
        result = cli("case", "show", typed, code=1)
        assert "matches 2 cases" in result.stderr, (typed, result.stderr)
        assert "#1 Kettle" in result.stderr and "#2 Toaster" in result.stderr


# ------------------------------------------------------------------ 10: reopen


def test_10_reopen_clears_recovered_and_stats_count_only_ended_cases(cli, now):
    open_case(cli, "Kettle", "--amount", "40")
    cli("case", "close", "1", "--outcome", "refunded", "--recovered", "40")
    assert cli.json("stats")["money"]["recovered"] == {"USD": "40.00"}
    cli("case", "reopen", "1")
    shown = cli.json("case", "show", "1")
    assert shown["recovered"] is None and shown["outcome"] is None
    assert cli.json("stats")["money"]["recovered"] == {}


def test_10_stats_ignore_recovered_money_on_an_open_case(cli, now):
    """Money recorded on a case still open (an older row, or edited) is not recovered yet."""
    open_case(cli, "Kettle", "--amount", "40")
    open_case(cli, "Toaster", "--amount", "25")
    cli("case", "close", "2", "--outcome", "refunded", "--recovered", "25")
    # Reopened straight after closing: the stats count the closed case only.
    cli("case", "close", "1", "--outcome", "refunded", "--recovered", "40")
    cli("case", "reopen", "1")
    assert cli.json("stats")["money"]["recovered"] == {"USD": "25.00"}


# ------------------------------------------------------------------ 11: list truncation


def test_11_case_list_says_how_many_more(cli, now):
    for n in range(5):
        open_case(cli, f"Case {n}")
    result = cli("case", "list", "--limit", "3")
    assert "2 more not shown; --limit 0 shows all (5 in all)." in result.stderr
    assert "more not shown" not in cli("case", "list", "--limit", "0").stderr


# ------------------------------------------------------------------ 13: backup into a folder


@pytest.mark.sqlite_only
def test_13_backup_into_an_existing_folder_or_a_path_ending_in_slash(cli, now, tmp_path):
    open_case(cli)
    existing = tmp_path / "kept"
    existing.mkdir()
    cli("db", "backup", str(existing))
    assert [p.suffix for p in existing.iterdir()] == [".db"]

    new = tmp_path / "fresh"
    cli("db", "backup", f"{new}/")
    assert new.is_dir() and [p.suffix for p in new.iterdir()] == [".db"]
    assert oct(os.stat(new).st_mode & 0o777) == "0o700"
    copy = next(new.iterdir())
    assert oct(os.stat(copy).st_mode & 0o777) == "0o600"

    result = cli("db", "backup", f"{tmp_path}/no/such/", code=1)
    assert result.stderr.startswith("Error: ") and not (tmp_path / "no").exists()


# ------------------------------------------------------------------ 14: exit codes


def test_14_bad_status_is_a_usage_error_like_a_bad_category(cli, now):
    open_case(cli)
    bad_status = cli("case", "list", "--status", "bogus", code=2)
    bad_category = cli("case", "open", "x", "--category", "bogus", code=2)
    assert "bogus" in bad_status.stderr and "bogus" in bad_category.stderr
    assert "Traceback" not in bad_status.stderr + bad_status.stdout
    assert cli("case", "list", "--status", "ALL").exit_code == 0


def test_14_db_current_json(cli, now):
    from tracker.db import HEAD

    open_case(cli)
    data = cli.json("db", "current")
    assert data == {"revision": HEAD, "head": HEAD, "is_head": True}


# ------------------------------------------------------------------ 15: which company


def test_15_case_open_without_company_says_which_company(cli, now):
    result = open_case(cli, "Kettle")
    assert "Company: Amazon (the default; give --company NAME" in result.stdout
    cli("company", "add", "Lumen & Co")
    given = cli("case", "open", "Lamp", "--company", "Lumen & Co")
    assert "Company:" not in given.stdout
    cli("config", "set", "company", "Lumen & Co")
    chosen = open_case(cli, "Shade")
    assert "Company: Lumen & Co (your default" in chosen.stdout


# ------------------------------------------------------------------ 1: the timeline


def test_1_a_back_dated_manager_contact_after_escalate_answers_it(cli, now):
    now("2026-11-29T12:00:00")
    open_case(cli, "Blender refund", "--category", "refund", "--amount", "189")
    log(
        cli,
        1,
        "-C",
        "chat",
        "--with",
        "rep",
        "--rep",
        "Ann",
        "--result",
        "refused",
        "--at",
        "3d ago",
    )
    log(
        cli,
        1,
        "-C",
        "chat",
        "--with",
        "rep",
        "--rep",
        "Bob",
        "--result",
        "refused",
        "--at",
        "2d ago",
    )
    cli("escalate", "1")
    assert cli.json("next", "1")["rule"] == "ask-for-manager"
    now("2026-11-29T12:10:00")  # the call of yesterday, logged now
    log(
        cli, 1, "-C", "phone", "--with", "manager", "--rep", "Carla",
        "--promise", "refund", "--due", "+3d", "--at", "yesterday",
    )  # fmt: skip
    data = cli.json("next", "1")
    assert data["rule"] == "wait-for-promise", data
    assert data["step"].startswith("Wait until December 1")
    assert not any("manager" in s.lower() for s in data["also"])


# ------------------------------------------------------------------ 2: dates


def test_2_a_month_day_without_a_year_is_the_coming_one(cli, now):
    now("2026-11-29T12:00:00")
    open_case(cli)
    log(cli, 1, "-C", "chat", "--with", "rep", "--promise", "a refund", "--due", "Jan 3")
    assert cli.json("case", "show", "1")["promises"][0]["due_on"] == "2027-01-03"
    # A day a little in the past is still this year's: a promise before its contact.
    result = log(cli, 1, "-C", "chat", "--promise", "a label", "--due", "Nov 20", code=1)
    assert "is before the contact" in result.stderr


def test_2_plus_days_count_from_the_contacts_at(cli, now):
    now("2026-11-29T12:00:00")
    open_case(cli)
    log(cli, 1, "-C", "phone", "--with", "rep", "--promise", "a refund", "--due", "+3d",
        "--at", "2026-11-25 10:00")  # fmt: skip
    log(cli, 1, "-C", "chat", "--with", "rep", "--promise", "a label", "--due", "+3d")
    dues = [p["due_on"] for p in cli.json("case", "show", "1")["promises"]]
    assert dues == ["2026-11-28", "2026-12-02"]


# ------------------------------------------------------------------ 4: due and next agree


def test_4_a_promise_not_yet_due_is_not_waiting_too_long(cli, now):
    now("2026-11-01T12:00:00")
    open_case(cli, "Kettle")
    open_case(cli, "Toaster")
    log(cli, 1, "-C", "chat", "--with", "rep", "--promise", "a refund", "--due", "2026-11-20")
    log(cli, 2, "-C", "chat", "--with", "rep", "--result", "info")
    now("2026-11-10T12:00:00")
    agenda = cli.json("due")
    assert [w["case_id"] for w in agenda["waiting"]] == [2]
    assert cli.json("next", "1")["rule"] == "wait-for-promise"
    text = cli("due").stdout
    assert "Waiting too long: no contact for 7 days or more (1)" in text
    assert "more than" not in text


def test_4_seven_days_exactly_is_waiting_too_long(cli, now):
    now("2026-11-03T12:00:00")
    open_case(cli, "Kettle")
    log(cli, 1, "-C", "chat", "--with", "rep", "--result", "info")
    now("2026-11-10T12:00:01")
    text = cli("due").stdout
    assert "no contact for 7 days or more" in text and "last contact 7 days ago" in text


# ------------------------------------------------------------------ 5: kept promises


def test_5_when_the_last_promise_is_kept_next_suggests_closing(cli, now):
    open_case(cli, "Blender", "--category", "refund", "--amount", "40")
    log(cli, 1, "-C", "chat", "--with", "rep", "--rep", "Ann", "--promise", "a refund",
        "--due", "+3d")  # fmt: skip
    cli("promise", "kept", "1")
    data = cli.json("next", "1")
    assert data["rule"] == "promise-kept"
    assert data["step"] == "Close the case: the promise was kept"
    assert any(
        s["command"].startswith('tracker case close 1 --outcome "..."') for s in data["then"]
    )
    assert not any("still waiting" in s for s in data["say"])
    assert data["also"] == []


# ------------------------------------------------------------------ 6: expensive


@pytest.mark.parametrize(
    ("amount", "currency", "manager"),
    [("500", "JPY", False), ("20000", "JPY", True), ("189", "USD", True), ("60", "USD", False)],
)
def test_6_expensive_depends_on_the_currency(cli, now, amount, currency, manager):
    open_case(cli, "Refund", "--category", "refund", "--amount", amount, "--currency", currency)
    log(
        cli, 1, "-C", "chat", "--with", "rep", "--rep", "Ann", "--ref", "R-1", "--result", "refused"
    )
    assert (cli.json("next", "1")["rule"] == "ask-for-manager") is manager


def test_6_one_rep_still_investigating_is_no_reason_for_a_manager(cli, now):
    open_case(cli, "Refund", "--category", "refund", "--amount", "189")
    log(cli, 1, "-C", "chat", "--with", "rep", "--rep", "Ann", "--ref", "R-1", "--result", "info",
        "--answer", "She is still investigating the claim")  # fmt: skip
    data = cli.json("next", "1")
    assert data["rule"] != "ask-for-manager" and "manager" not in data["step"].lower()


# ------------------------------------------------------------------ 7: email-only cases


@pytest.mark.parametrize("how", [("--with", "nobody"), ("--with", "rep", "--result", "refused")])
def test_7_after_an_unanswered_or_refused_email_switch_to_chat_or_phone(cli, now, how):
    open_case(cli, "Refund", "--category", "refund")
    log(cli, 1, "-C", "email", *how)
    data = cli.json("next", "1")
    assert data["rule"] == "switch-channel"
    assert data["step"].startswith("Switch to chat or phone: your email of November 10")
    assert any('(choose the topic "Something I ordered")' in w for w in data["where"])
    assert "Phone: +1-888-280-4331" in data["where"]


def test_7_an_email_only_company_gets_its_address(cli, now):
    cli("company", "add", "Lumen & Co", "--email", "help@lumen.example")
    cli("case", "open", "Lamp", "--company", "Lumen & Co")
    log(cli, 1, "-C", "email", "--with", "nobody")
    data = cli.json("next", "1")
    assert data["rule"] == "contact-again"
    assert "Email: help@lumen.example" in data["where"]
    assert "Email: help@lumen.example" in cli("next", "1").stdout


# ------------------------------------------------------------------ 8: a dropped call


def test_8_a_dropped_call_first_contact_them_again_with_the_words(cli, now):
    open_case(cli, "Towel", "--category", "wrong-item", "--expected", "red towel",
              "--received", "gray robe")  # fmt: skip
    log(cli, 1, "-C", "phone", "--with", "rep", "--result", "disconnected", "--minutes", "12")
    data = cli.json("next", "1")
    assert data["rule"] == "contact-after-drop"
    assert data["step"] == "Contact Amazon again: the last call was cut off"
    assert "red towel" in data["say"][0]
    assert any("name and a reference number" in s for s in data["also"])


# ------------------------------------------------------------------ 9: wording


@pytest.fixture
def pot(cli, now):
    """An Instant Pot refund with the words users really type."""
    cli("order", "add", "111-1", "--placed", "2026-11-01", "--item", "Instant Pot Duo 6 qt",
        "--amount", "99")  # fmt: skip
    cli("case", "open", "Pot lid cracked", "--order", "111-1", "--category", "damaged",
        "--want", "Full refund please")  # fmt: skip
    return cli


def test_9_users_words_read_as_english(pot):
    cli = pot
    log(cli, 1, "-C", "chat", "--with", "rep", "--rep", "Ann", "--ref", "A-1",
        "--promise", "Refund in 3-5 business days", "--at", "2026-11-03 10:00")  # fmt: skip
    log(cli, 1, "-C", "chat", "--with", "rep", "--rep", "Bea", "--ref", "B-2",
        "--promise", "she'll email a return label", "--at", "2026-11-04 10:00")  # fmt: skip
    log(cli, 1, "-C", "chat", "--with", "rep", "--rep", "Cy", "--ref", "C-3",
        "--promise", "replacement shipped by Friday", "--at", "2026-11-05 10:00")  # fmt: skip
    message = cli("summary", "1").stdout
    brief = cli("summary", "1", "--for", "manager").stdout
    both = " ".join((message + brief).split())
    assert "I ordered an Instant Pot Duo 6 qt" in both
    assert "I would like a full refund, please." in both
    assert "promised a refund in 3-5 business days" in both
    assert "promised to email a return label" in both
    assert "promised a replacement shipped by Friday" in both
    for wrong in ("promised to Refund", "promised to she", "promised to replacement",
                  "like Full", "ordered Instant"):  # fmt: skip
        assert wrong not in both


def test_9_a_refusal_is_reported_calmly(pot):
    log(pot, 1, "-C", "phone", "--with", "rep", "--rep", "Marcus", "--ref", "D-1",
        "--result", "refused")  # fmt: skip
    message = pot("summary", "1").stdout
    assert "Marcus (reference D-1), who said they could not help with this." in message
    assert "refused" not in message


def test_9_a_manager_is_named_as_one_and_each_reference_has_its_giver(pot):
    log(pot, 1, "-C", "chat", "--with", "rep", "--rep", "Tom", "--ref", "T-1",
        "--at", "2026-11-03 10:00")  # fmt: skip
    log(pot, 1, "-C", "phone", "--with", "manager", "--rep", "Helen", "--ref", "M-9",
        "--promise", "a refund", "--due", "2026-11-20", "--at", "2026-11-05 10:00")  # fmt: skip
    message = pot("summary", "1").stdout
    assert "the manager Helen (reference M-9) promised a refund by November 20" in message
    assert "Earlier reference numbers: T-1 (from Tom)." in message
    brief = pot("summary", "1", "--for", "manager").stdout
    assert "M-9 (complaint, given by the manager Helen on November 5)" in brief
    assert "T-1 (complaint, given by Tom on November 3)" in brief


def test_9_broken_promises_show_their_due_date_and_totals_their_minutes(pot, now):
    log(pot, 1, "-C", "chat", "--with", "rep", "--rep", "Ann", "--promise", "a refund",
        "--due", "2026-11-08", "--at", "2026-11-03 10:00")  # fmt: skip
    brief = pot("summary", "1", "--for", "manager").stdout
    assert "minutes not recorded" in brief
    pot("promise", "broken", "1")
    log(pot, 1, "-C", "phone", "--with", "rep", "--rep", "Bo", "--minutes", "25")
    brief = pot("summary", "1", "--for", "manager").stdout
    assert "broken (it was due November 8)" in brief
    assert "25 minutes spent" in brief and "minutes not recorded" not in brief


def test_9_the_brief_ends_with_the_request_to_the_manager(pot):
    log(pot, 1, "-C", "chat", "--with", "rep", "--rep", "Ann", "--result", "refused")
    log(pot, 1, "-C", "chat", "--with", "rep", "--rep", "Bo", "--result", "refused")
    for args in (("summary", "1", "--for", "manager"), ("escalate", "1")):
        brief = pot(*args).stdout.rstrip()
        assert "transfer" not in brief.lower() and "your manager" not in brief
        assert brief.endswith(
            "I would like a full refund, please. I have already contacted Amazon twice about "
            "it. Could you make that happen today, so that it is settled?"
        ), brief[-300:]
    data = pot.json("summary", "1", "--for", "manager")
    assert data["request"].startswith("I would like a full refund, please.")


def test_9_kept_evidence_is_mentioned(pot, tmp_path):
    photo = tmp_path / "lid.jpg"
    photo.write_bytes(b"\xff\xd8 not really a jpeg")
    receipt = tmp_path / "order.pdf"
    receipt.write_bytes(b"%PDF-1.4")
    pot("evidence", "add", "1", str(photo), "--note", "the crack")
    assert "I have photos of the damage." in pot("summary", "1").stdout
    assert "receipt" not in pot("summary", "1").stdout
    pot("evidence", "add", "1", str(receipt), "--note", "the receipt")
    message = pot("summary", "1").stdout
    assert "I have photos of the damage. I have kept the receipt." in message
    brief = " ".join(pot("summary", "1", "--for", "manager").stdout.split())
    assert "Evidence: I have photos of the damage. I have kept the receipt." in brief
