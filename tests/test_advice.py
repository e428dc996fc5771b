"""`tracker next`: one test per advice rule, through the CLI."""

from __future__ import annotations

import pytest

from tracker.casefile import Money
from tracker.prose.advice import RULES

# The guide's words, written out: a change to any of them must show up here.
ASK_FOR_HUMAN = "Can you connect me with an associate?"
ASK_NAME = "Could I have your name, please?"
ASK_REFERENCE = (
    "Could you give me a complaint or reference number for this, so the next "
    "person I talk to doesn't have to start from zero?"
)
CALM_NOT_YOUR_FAULT = (
    "I know this isn't your fault, I just want to find a fair way to resolve this."
)
CALM_THANKS = "Thank you so much for your help so far, I know this wasn't your problem or fault."
CALM_ACCIDENT = (
    "I know this was just an accident, I'm hoping we can find a way to make sure things end well."
)
CALM_LOYAL_AMAZON = (
    "I really enjoy using Amazon, which is why I'm confident we can find a way to fix this issue."
)
MANAGER_REQUEST = (
    "I'm sorry, but I think I need to speak with someone who can help me directly. "
    "Could you transfer me to your manager?"
)

ORDER = "112-4455667-0012345"
CALM = {CALM_ACCIDENT, CALM_NOT_YOUR_FAULT, CALM_THANKS}


def advice(cli, case="1") -> dict:
    data = cli.json("next", case)
    assert data["calm"] in CALM or data["calm"].startswith("I really enjoy using "), data["calm"]
    text = cli("next", case).stdout
    assert data["step"] in text and data["calm"] in text
    return data


@pytest.fixture
def case(cli, now):
    """An open wrong-item case with its order and no contact yet."""
    cli(
        "order",
        "add",
        ORDER,
        "--placed",
        "2026-10-28",
        "--item",
        "Red bath towel",
        "--amount",
        "24.99",
    )
    cli(
        "case",
        "open",
        "Robe instead of towel",
        "--order",
        ORDER,
        "--category",
        "wrong-item",
        "--expected",
        "red bath towel",
        "--received",
        "gray bathrobe",
        "--want",
        "the towel I ordered",
    )
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
    assert any(
        "https://www.amazon.com/gp/help/customer/contact-us/" in w and '"Something I ordered"' in w
        for w in a["where"]
    )
    assert "Phone: +1-888-280-4331" in a["where"]
    assert a["say"][0].startswith("On October 28 I ordered a red bath towel")
    assert a["calm"] == CALM_ACCIDENT


@pytest.mark.parametrize(
    ("category", "topic"),
    [
        ("billing", "Managing payments, Prime, or account"),
        ("refund", "Something I ordered"),  # a refund of an order (issue 8, defect 7)
        ("account", "Managing payments, Prime, or account"),
        ("device", "Kindle, Fire, or Alexa device"),
        ("not-delivered", "Something I ordered"),
    ],
)
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
    assert a["say"][0] == ASK_FOR_HUMAN
    assert "(order 112-4455667-0012345)" in a["say"][1]


@pytest.mark.parametrize(
    ("options", "say", "missing"),
    [
        (("--with", "rep"), [ASK_NAME, ASK_REFERENCE], "no name and no reference number"),
        (("--rep", "Ann"), [ASK_REFERENCE], "no reference number"),
        (("--rep", "", "--with", "rep", "--ref", "C-1"), [ASK_NAME], "no name;"),
    ],
)
def test_no_name_or_reference_ask_for_both(cli, case, options, say, missing):
    log(cli, "--channel", "phone", "--result", "info", *options)
    a = advice(cli)
    assert a["rule"] == "name-and-reference"
    assert a["say"] == say
    assert missing in a["why"]


def test_overdue_promise_follow_up_citing_reference_and_date(cli, case):
    log(
        cli,
        "--channel",
        "chat",
        "--rep",
        "Priya",
        "--ref",
        "C-0042",
        "--promise",
        "ship the red towel",
        "--due",
        "2026-11-05",
    )
    a = advice(cli)
    assert a["rule"] == "follow-up-overdue"
    assert a["step"] == "Follow up: the promise due November 5 is overdue"
    assert a["say"][0] == (
        "On November 3 Priya (reference C-0042) promised to ship the red "
        "towel by November 5; it has not arrived."
    )
    assert {
        "command": "tracker promise broken 1",
        "why": "if they tell you it will not happen",
    } in a["then"]


def test_two_representatives_failed_ask_for_a_manager(cli, towel_case):
    a = advice(cli)
    assert a["rule"] == "ask-for-manager"
    assert a["say"][0] == MANAGER_REQUEST
    assert "Priya (reference C-0042)" in a["say"][1]  # the overdue promise, cited
    assert a["calm"] == CALM_LOYAL_AMAZON
    assert "tracker escalate 1" in [c["command"] for c in a["then"]]
    # the other rules that apply are reminders
    assert any("overdue" in x for x in a["also"])
    assert any("name" in x and "reference" in x for x in a["also"])


def test_broken_promise_ask_for_a_manager(cli, case):
    log(
        cli,
        "--channel",
        "chat",
        "--rep",
        "Priya",
        "--ref",
        "C-1",
        "--promise",
        "refund the robe",
        "--due",
        "2026-11-20",
    )
    cli("promise", "broken", "1")
    a = advice(cli)
    assert a["rule"] == "ask-for-manager" and "a promise was broken" in a["why"].lower()
    assert "but that did not happen" in a["say"][1]


def test_after_a_bot_the_manager_request_starts_with_a_person(cli, case):
    log(cli, "--channel", "chat", "--rep", "Priya", "--ref", "C-1", "--result", "refused")
    cli(
        "log",
        "1",
        "--at",
        "2026-11-04 10:00",
        "--channel",
        "phone",
        "--rep",
        "Sam",
        "--ref",
        "C-2",
        "--result",
        "refused",
    )
    cli("log", "1", "--at", "2026-11-05 10:00", "--channel", "chat", "--with", "bot")
    a = advice(cli)
    assert a["rule"] == "ask-for-manager" and a["say"][:2] == [ASK_FOR_HUMAN, MANAGER_REQUEST]


@pytest.mark.parametrize(
    ("options", "why"),
    [
        (("--resolution", "store-credit"), "you want store credit"),
        (("--resolution", "refund", "--amount", "149.99"), "a refund of $149.99 is at stake"),
    ],
)
def test_high_stakes_ask_for_a_manager(cli, case, options, why):
    """High stakes and a representative who said no (issue 8, defect 6: one still
    looking into it is no reason)."""
    cli("case", "edit", "1", *options)
    log(cli, "--channel", "chat", "--rep", "Priya", "--ref", "C-1", "--result", "refused")
    a = advice(cli)
    assert a["rule"] == "ask-for-manager" and why in a["why"].lower()


def test_a_cheap_refund_is_not_worth_a_manager(cli, case):
    cli("case", "edit", "1", "--resolution", "refund", "--amount", "99.99")
    log(cli, "--channel", "chat", "--rep", "Priya", "--ref", "C-1", "--result", "info")
    assert advice(cli)["rule"] == "contact-again"


def test_after_a_manager_the_count_starts_again(cli, towel_case):
    cli(
        "log",
        "1",
        "--channel",
        "phone",
        "--with",
        "manager",
        "--rep",
        "Ruth",
        "--ref",
        "M-1",
        "--at",
        "2026-11-09 09:00",
        "--result",
        "promised",
        "--promise",
        "ship the towel today",
        "--due",
        "2026-11-12",
    )
    a = advice(cli)
    assert a["rule"] == "follow-up-overdue"  # Priya's promise, still overdue


def test_pending_promise_wait_until_it_is_due(cli, case):
    log(
        cli,
        "--channel",
        "chat",
        "--rep",
        "Priya",
        "--ref",
        "C-1",
        "--promise",
        "ship the red towel",
        "--due",
        "2026-11-14",
    )
    a = advice(cli)
    assert a["rule"] == "wait-for-promise"
    assert a["step"] == "Wait until November 14, then follow up if needed"
    assert a["then"][0]["command"] == "tracker case edit 1 --follow-up 2026-11-15"


def test_promise_without_a_date_ask_by_when(cli, case):
    log(cli, "--channel", "chat", "--rep", "Priya", "--ref", "C-1", "--promise", "call me back")
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


# ---------------------------------------------------------------- rule order


def test_a_pending_promise_comes_before_repeated_failures(cli, case):
    """Two reps failed, then one promised by November 30: give the company that chance."""
    log(cli, "--channel", "chat", "--rep", "Priya", "--ref", "C-1", "--result", "refused")
    cli(
        "log",
        "1",
        "--at",
        "2026-11-04 10:00",
        "--channel",
        "phone",
        "--rep",
        "Sam",
        "--ref",
        "C-2",
        "--result",
        "promised",
        "--promise",
        "ship the towel",
        "--due",
        "2026-11-30",
    )
    a = advice(cli)
    assert a["rule"] == "wait-for-promise"
    assert a["step"] == "Wait until November 30, then follow up if needed"
    assert not any("manager" in x.lower() for x in a["also"])
    text = cli("next", "1").stdout
    assert "ask for a manager" not in text.lower()


@pytest.mark.parametrize("resolution", ["store-credit", "refund"])
def test_high_stakes_covered_by_a_promise_waits(cli, case, resolution):
    cli("case", "edit", "1", "--resolution", resolution, "--amount", "250")
    log(
        cli,
        "--channel",
        "chat",
        "--rep",
        "Priya",
        "--ref",
        "C-1",
        "--result",
        "promised",
        "--promise",
        "a full refund",
        "--due",
        "2026-11-30",
    )
    assert advice(cli)["rule"] == "wait-for-promise"
    cli("promise", "broken", "1")  # ...until the promise is broken
    a = advice(cli)
    assert a["rule"] == "ask-for-manager" and "a promise was broken" in a["why"].lower()


def test_a_broken_promise_beats_a_pending_one(cli, case):
    log(
        cli,
        "--channel",
        "chat",
        "--rep",
        "Priya",
        "--ref",
        "C-1",
        "--result",
        "promised",
        "--promise",
        "email a label",
        "--due",
        "2026-11-06",
    )
    cli("promise", "broken", "1")
    cli(
        "log",
        "1",
        "--at",
        "2026-11-07 10:00",
        "--channel",
        "chat",
        "--rep",
        "Sam",
        "--ref",
        "C-2",
        "--result",
        "promised",
        "--promise",
        "ship the towel",
        "--due",
        "2026-11-30",
    )
    a = advice(cli)
    assert a["rule"] == "ask-for-manager"
    assert not any(x.startswith("Wait until") for x in a["also"])  # no "wait" beside "now"


def test_an_escalated_case_asks_for_a_manager_even_before_any_contact(cli, case):
    cli("escalate", "1")
    a = advice(cli)
    assert a["rule"] == "ask-for-manager"
    assert "you escalated the case on november 10" in a["why"].lower()
    assert "Have the brief ready" in a["why"]
    assert a["say"] == [ASK_FOR_HUMAN, MANAGER_REQUEST]
    assert "Phone: +1-888-280-4331" in a["where"]  # nobody contacted yet: where to go
    assert {"command": "tracker summary 1 --for manager", "why": "the brief to read out"} in a[
        "then"
    ]
    assert not any("state the problem" in x for x in a["also"])
    # once a manager has answered, the other rules take over again
    cli(
        "log",
        "1",
        "--channel",
        "phone",
        "--with",
        "manager",
        "--rep",
        "Ruth",
        "--ref",
        "M-1",
        "--result",
        "promised",
        "--promise",
        "ship the towel",
        "--due",
        "2026-11-14",
    )
    assert advice(cli)["rule"] == "wait-for-promise"


def _contact(i, with_, result="info"):
    from datetime import datetime

    from tracker import casefile as cf

    person = with_ in ("rep", "manager")
    return cf.Contact(
        id=i,
        at=datetime.fromisoformat(f"2026-11-0{i}T10:00:00+00:00"),
        minutes=None,
        channel="chat",
        with_=with_,
        rep_name=f"Rep {i}" if person else None,
        rep_id=None,
        reference=f"C-{i}" if person else None,
        asked=None,
        answer=None,
        result=result,
        rating=None,
        note=None,
        logged_by=None,
    )


def _promise(i, contact_id, state="pending", due="2026-11-30", overdue=False):
    from datetime import date

    from tracker import casefile as cf

    return cf.Promise(
        id=i,
        case_id=1,
        what="ship the towel",
        due_on=date.fromisoformat(due) if due else None,
        state=state,
        overdue=overdue,
        contact_id=contact_id,
        settled_at=None,
    )


CONTACT_SETS = {
    "none": [],
    "bot": [_contact(1, "bot", "transferred")],
    "one rep": [_contact(1, "rep")],
    "two reps": [_contact(1, "rep", "refused"), _contact(2, "rep")],
    "two reps, then the bot": [_contact(1, "rep"), _contact(2, "rep"), _contact(3, "bot")],
    "a manager last": [_contact(1, "rep"), _contact(2, "manager")],
    "two reps after a manager": [_contact(1, "manager"), _contact(2, "rep"), _contact(3, "rep")],
}
PROMISE_SETS = {
    "none": [],
    "pending": [("pending", "2026-11-30", False)],
    "undated": [("pending", None, False)],
    "overdue": [("pending", "2026-11-05", True)],
    "broken": [("broken", "2026-11-05", False)],
    "overdue and pending": [("pending", "2026-11-05", True), ("pending", "2026-11-30", False)],
    "broken and pending": [("broken", "2026-11-05", False), ("pending", "2026-11-30", False)],
    "kept": [("kept", "2026-11-05", False)],
}
STAKES = {
    "none": {},
    "store credit": {"resolution": "store-credit"},
    "expensive refund": {"resolution": "refund", "amount": Money(20000, "USD")},
}


def test_advice_never_contradicts_itself(now):
    """Every mix of status, contacts, promises and stakes: one coherent piece of advice."""
    import itertools
    from datetime import date, datetime

    from tracker import casefile as cf
    from tracker.prose.advice import advice_for

    moment = datetime.fromisoformat("2026-11-01T09:00:00+00:00")
    for status, (who, contacts), (kinds, promised), stakes in itertools.product(
        ("open", "waiting", "escalated"),
        CONTACT_SETS.items(),
        PROMISE_SETS.items(),
        STAKES.values(),
    ):
        if promised and not contacts:
            continue
        promises = [_promise(i, contacts[-1].id, *p) for i, p in enumerate(promised, 1)]
        history = [cf.HistoryEntry(moment, "opened", "T", None)]
        if status == "escalated":
            history.append(
                cf.HistoryEntry(
                    datetime.fromisoformat("2026-11-09T09:00:00+00:00"),
                    "escalated",
                    "open → escalated (asked for a manager)",
                    None,
                )
            )
        fields = dict(
            id=1,
            title="T",
            status=status,
            company="Amazon",
            category="wrong-item",
            problem=None,
            happened_on=None,
            expected=None,
            received=None,
            want=None,
            resolution=None,
            amount=None,
            currency="USD",
            follow_up_on=None,
            opened_at=moment,
            updated_at=moment,
            closed_at=None,
            outcome=None,
            recovered=None,
            paid_with=None,
            statement_on=None,
            chargeback_on=None,
            digital=False,
        )
        fields.update(stakes)
        case = cf.CaseFile(
            **fields,
            contacts=contacts,
            promises=promises,
            history=history,
            company_contact=cf.CompanyInfo("Amazon", "1", "https://x.example", None, [], None),
            today=date(2026, 11, 10),
        )
        a = advice_for(case)
        steps = [a.step, *a.also]
        where = (status, who, kinds, stakes)
        manager_now = a.rule == "ask-for-manager"
        assert not (manager_now and any(s.startswith("Wait until") for s in steps)), where
        assert not (a.step.startswith("Wait until") and any("manager" in s for s in steps)), where
        assert not (contacts and any("state the problem" in s for s in steps)), where
        assert (
            sum(
                s.startswith(("Wait until", "Follow up:", "Politely ask", "Contact Amazon"))
                for s in steps
            )
            <= 2
        ), where
        if status == "escalated" and who != "a manager last":
            assert manager_now, where  # escalated: the next contact is for a manager
        waiting = kinds in ("pending",) and status != "escalated"
        if waiting:
            assert a.rule == "wait-for-promise", where  # the company's chance comes first
        if "broken" in kinds and who != "a manager last":
            assert manager_now, where
