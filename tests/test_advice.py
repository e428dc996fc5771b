"""`tracker next`: one test per advice rule, through the CLI."""

from __future__ import annotations

import pytest

from tracker.advice import (
    ASK_FOR_HUMAN,
    ASK_NAME,
    ASK_REFERENCE,
    CALM_ACCIDENT,
    CALM_LOYAL,
    CALM_NOT_YOUR_FAULT,
    CALM_THANKS,
    RULES,
)
from tracker.summary import MANAGER_REQUEST

ORDER = "112-4455667-0012345"
CALM = {CALM_ACCIDENT, CALM_NOT_YOUR_FAULT, CALM_THANKS}


def advice(cli, case="1") -> dict:
    data = cli.json("next", case)
    assert data["calm"] in CALM or data["calm"].startswith("I really enjoy using ")
    text = cli("next", case).stdout
    assert data["step"] in text and data["calm"] in text
    return data


@pytest.fixture
def case(cli, now):
    """An open wrong-item case with its order and no contact yet."""
    cli("order", "add", ORDER, "--placed", "2026-10-28", "--item", "Red bath towel",
        "--amount", "24.99")
    cli("case", "open", "Robe instead of towel", "--order", ORDER, "--category", "wrong-item",
        "--expected", "red bath towel", "--received", "gray bathrobe",
        "--want", "the towel I ordered")
    return "1"


def log(cli, *args):
    cli("log", "1", "--at", "2026-11-03 10:00", *args)


def test_rules_are_one_ordered_list():
    names = [rule.__name__ for rule in RULES]
    assert names[0] == "case_ended" and names[-1] == "keep_going"
    assert len(names) == len(set(names))


def test_first_contact_says_where_and_which_chat_topic(cli, case):
    a = advice(cli)
    assert a["rule"] == "first-contact"
    assert "Contact Amazon" in a["step"]
    assert any("https://www.amazon.com/gp/help/customer/contact-us/" in w
               and '"Something I ordered"' in w for w in a["where"])
    assert "Phone: +1-888-280-4331" in a["where"]
    assert a["say"][0].startswith("On October 28 I ordered a red bath towel")
    assert a["calm"] == CALM_ACCIDENT


@pytest.mark.parametrize(("category", "topic"), [
    ("billing", "Managing payments, Prime, or account"),
    ("refund", "Managing payments, Prime, or account"),
    ("account", "Managing payments, Prime, or account"),
    ("device", "Kindle, Fire, or Alexa device"),
    ("not-delivered", "Something I ordered"),
])
def test_first_contact_topic_fits_the_category(cli, now, category, topic):
    cli("case", "open", "Trouble", "--category", category)
    [chat] = [w for w in advice(cli)["where"] if w.startswith("Chat")]
    assert f'"{topic}"' in chat


def test_first_contact_at_a_company_without_topics(cli, now):
    cli("company", "add", "Acme", "--phone", "+1-800-555-0100", "--email", "help@acme.example")
    cli("case", "open", "Late parcel", "--company", "Acme", "--category", "late")
    a = advice(cli)
    assert a["where"] == ["Phone: +1-800-555-0100", "Email: help@acme.example"]
    cli("company", "add", "Nobody Inc")
    cli("case", "open", "Lost", "--company", "Nobody Inc")
    assert "not recorded" in advice(cli, "2")["where"][0]


def test_bot_that_did_not_solve_it_ask_for_a_human(cli, case):
    log(cli, "--channel", "chat", "--with", "bot", "--result", "transferred")
    a = advice(cli)
    assert a["rule"] == "ask-for-human"
    assert a["say"][0] == ASK_FOR_HUMAN == "Can you connect me with an associate?"
    assert "(order 112-4455667-0012345)" in a["say"][1]


@pytest.mark.parametrize(("options", "say", "missing"), [
    (("--with", "rep"), [ASK_NAME, ASK_REFERENCE], "no name and no reference number"),
    (("--rep", "Ann"), [ASK_REFERENCE], "no reference number"),
    (("--rep", "", "--with", "rep", "--ref", "C-1"), [ASK_NAME], "no name;"),
])
def test_no_name_or_reference_ask_for_both(cli, case, options, say, missing):
    log(cli, "--channel", "phone", "--result", "info", *options)
    a = advice(cli)
    assert a["rule"] == "name-and-reference"
    assert a["say"] == say
    assert missing in a["why"]


def test_overdue_promise_follow_up_citing_reference_and_date(cli, case):
    log(cli, "--channel", "chat", "--rep", "Priya", "--ref", "C-0042",
        "--promise", "ship the red towel", "--due", "2026-11-05")
    a = advice(cli)
    assert a["rule"] == "follow-up-overdue"
    assert a["step"] == "Follow up: the promise due November 5 is overdue"
    assert a["say"][0] == ("On November 3 Priya (reference C-0042) promised to ship the red "
                           "towel by November 5; it has not arrived.")
    assert {"command": "tracker promise broken 1",
            "why": "if they tell you it will not happen"} in a["then"]


def test_two_representatives_failed_ask_for_a_manager(cli, towel_case):
    a = advice(cli)
    assert a["rule"] == "ask-for-manager"
    assert a["say"][0] == MANAGER_REQUEST
    assert "Priya (reference C-0042)" in a["say"][1]  # the overdue promise, cited
    assert a["calm"] == CALM_LOYAL.format(company="Amazon")
    assert "tracker escalate 1" in [c["command"] for c in a["then"]]
    # the other rules that apply are reminders
    assert any("overdue" in x for x in a["also"])
    assert any("name" in x and "reference" in x for x in a["also"])


def test_broken_promise_ask_for_a_manager(cli, case):
    log(cli, "--channel", "chat", "--rep", "Priya", "--ref", "C-1",
        "--promise", "refund the robe", "--due", "2026-11-20")
    cli("promise", "broken", "1")
    a = advice(cli)
    assert a["rule"] == "ask-for-manager" and "a promise was broken" in a["why"].lower()
    assert "but that did not happen" in a["say"][1]


def test_after_a_bot_the_manager_request_starts_with_a_person(cli, case):
    log(cli, "--channel", "chat", "--rep", "Priya", "--ref", "C-1", "--result", "refused")
    cli("log", "1", "--at", "2026-11-04 10:00", "--channel", "phone", "--rep", "Sam",
        "--ref", "C-2", "--result", "refused")
    cli("log", "1", "--at", "2026-11-05 10:00", "--channel", "chat", "--with", "bot")
    a = advice(cli)
    assert a["rule"] == "ask-for-manager" and a["say"][:2] == [ASK_FOR_HUMAN, MANAGER_REQUEST]


@pytest.mark.parametrize(("options", "why"), [
    (("--resolution", "store-credit"), "you want store credit"),
    (("--resolution", "refund", "--amount", "149.99"), "a refund of $149.99 is at stake"),
])
def test_high_stakes_ask_for_a_manager(cli, case, options, why):
    cli("case", "edit", "1", *options)
    log(cli, "--channel", "chat", "--rep", "Priya", "--ref", "C-1", "--result", "info")
    a = advice(cli)
    assert a["rule"] == "ask-for-manager" and why in a["why"].lower()


def test_a_cheap_refund_is_not_worth_a_manager(cli, case):
    cli("case", "edit", "1", "--resolution", "refund", "--amount", "99.99")
    log(cli, "--channel", "chat", "--rep", "Priya", "--ref", "C-1", "--result", "info")
    assert advice(cli)["rule"] == "contact-again"


def test_after_a_manager_the_count_starts_again(cli, towel_case):
    cli("log", "1", "--channel", "phone", "--with", "manager", "--rep", "Ruth", "--ref", "M-1",
        "--at", "2026-11-09 09:00", "--result", "promised", "--promise", "ship the towel today",
        "--due", "2026-11-12")
    a = advice(cli)
    assert a["rule"] == "follow-up-overdue"  # Priya's promise, still overdue


def test_pending_promise_wait_until_it_is_due(cli, case):
    log(cli, "--channel", "chat", "--rep", "Priya", "--ref", "C-1",
        "--promise", "ship the red towel", "--due", "2026-11-14")
    a = advice(cli)
    assert a["rule"] == "wait-for-promise"
    assert a["step"] == "Wait until November 14, then follow up if needed"
    assert a["then"][0]["command"] == "tracker case edit 1 --follow-up 2026-11-15"


def test_promise_without_a_date_ask_by_when(cli, case):
    log(cli, "--channel", "chat", "--rep", "Priya", "--ref", "C-1",
        "--promise", "call me back")
    a = advice(cli)
    assert a["rule"] == "ask-by-when"
    assert a["say"][-1] == "By what date can I expect this?"
    assert "I have not heard back yet" in a["say"][0]


def test_nothing_pending_contact_again_with_the_summary(cli, case):
    log(cli, "--channel", "chat", "--rep", "Priya", "--ref", "C-1", "--result", "info")
    a = advice(cli)
    assert a["rule"] == "contact-again"
    assert a["say"][0].endswith("Can you help me correct this?")
    assert a["also"] == []


def test_resolved_close_and_rate(cli, case):
    log(cli, "--channel", "chat", "--rep", "Priya", "--ref", "C-1", "--result", "resolved")
    a = advice(cli)
    assert a["rule"] == "close-and-rate"
    assert "rate the interaction" in a["step"]
    assert a["then"][0]["command"].startswith("tracker case close 1")
    assert a["also"] == []


def test_closed_nothing_to_do(cli, case):
    cli("case", "close", "1")
    a = advice(cli)
    assert a["rule"] == "closed"
    assert a["then"][0]["command"] == "tracker case reopen 1"


def test_unknown_case(cli, now):
    assert cli("next", "7", code=1).stderr.startswith("Error: ")
