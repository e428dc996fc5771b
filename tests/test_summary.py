"""Summaries: the chat message, the manager brief, their formats, escalate and demo.

Their exact wording for fixed stories is pinned by tests/test_golden.py.
"""

from __future__ import annotations

import json
import os
import stat

import pytest

CHAT_LIMIT = 1000  # SPEC.md: the chat message is at most 1,000 characters
# The brief is read TO a manager: it ends with the request to that manager (issue 8, defect 9).
ASK_TO_SETTLE = "Could you make that happen today, so that it is settled?"
TOWEL_REQUEST = (
    "I would like to return the bathrobe and get the towel I ordered. I have already "
    f"contacted Amazon 3 times about it. {ASK_TO_SETTLE}"
)

ORDER = "112-4455667-0012345"


def test_chat_message_follows_the_guide(cli, towel_case):
    message = cli("summary", "1").stdout.strip()
    assert message.startswith(
        "On October 28 I ordered a red bath towel "
        f"(order {ORDER}). When the package arrived on November 2 "
        "I found a gray bathrobe instead. I would like to return "
        "the bathrobe and get the towel I ordered."
    )
    assert "3 times" in message
    assert (
        "On November 2 Priya (reference C-0042) promised to ship the red towel by "
        "November 5; it has not arrived."
    ) in message
    assert "Daniel" in message  # the latest representative
    assert message.endswith("?")
    assert len(message) <= CHAT_LIMIT


def test_json_has_the_same_facts(cli, towel_case):
    chat = json.loads(cli("summary", "1", "--format", "json").stdout)
    assert chat["for"] == "chat" and chat["case"] == 1 and chat["order"] == ORDER
    assert chat["message"] == cli("summary", "1").stdout.rstrip("\n")
    assert chat["characters"] == len(chat["message"]) <= chat["limit"] == CHAT_LIMIT

    brief = json.loads(cli("summary", "1", "--for", "manager", "--format", "json").stdout)
    assert brief["for"] == "manager"
    assert brief["amount"] == "24.99" and brief["currency"] == "USD"
    assert [c["rep_name"] for c in brief["contacts"]] == [None, "Priya", "Daniel"]
    [promise] = brief["promises"]
    assert promise["overdue"] is True and promise["days_overdue"] == 5
    assert promise["made_by"] == "Priya" and promise["reference"] == "C-0042"
    assert brief["references"][0]["value"] == "C-0042"
    assert brief["totals"] == {
        "contacts": 3,
        "human_contacts": 2,
        "minutes": 60,
        "first_contact_on": "2026-11-02",
        "days_since_first_contact": 8,
        "promises_kept": 0,
        "promises_broken": 0,
        "promises_overdue": 1,
    }
    assert brief["request"] == TOWEL_REQUEST


def test_brief_in_time_order_with_promise_states(cli, towel_case, now):
    cli(
        "log",
        "1",
        "--channel",
        "email",
        "--with",
        "rep",
        "--rep",
        "Lee",
        "--ref",
        "R-77",
        "--at",
        "2026-11-01 08:00",
        "--result",
        "promised",
        "--promise",
        "email a label",
        "--due",
        "2026-11-03",
    )
    cli("promise", "kept", "2")
    text = cli("summary", "1", "--for", "manager").stdout
    assert (
        text.index("November 1, 08:00")
        < text.index("November 2, 10:00")
        < text.index("November 8, 09:00")
    )
    assert "email a label, promised by Lee on November 1 (reference R-77): kept" in text
    assert "OVERDUE since November 5 (5 days)" in text
    assert "R-77 (complaint, given by Lee on November 1)" in text
    cli("promise", "broken", "1")
    assert (
        "ship the red towel, promised by Priya on November 2 (reference C-0042): broken"
        in cli("summary", "1", "--for", "manager").stdout
    )
    assert "but that did not happen" in cli("summary", "1").stdout


# ---------------------------------------------------------------- properties


def test_chat_fits_for_200_contacts(cli, now):
    from tracker.services.cases import CaseInput, open_case
    from tracker.services.contacts import ContactInput, log_contact
    from tracker.services.orders import add_order
    from tracker.store import Store

    now("2026-12-31T12:00:00")
    store = Store()
    with store.session(write=True) as s:
        add_order(
            session=s, number=ORDER, placed="2026-01-02", items=["Red bath towel"], amount="24.99"
        )
        open_case(
            session=s,
            given=CaseInput(
                title="Towel",
                order=ORDER,
                category="wrong-item",
                expected="red bath towel",
                received="gray bathrobe",
                want="the towel I ordered " * 20,
                happened="2026-01-05",
                problem="It went wrong. " * 100,
            ),
        )
        for i in range(200):
            day = f"2026-{1 + i // 20:02d}-{1 + i % 20:02d} 10:00"
            log_contact(
                session=s,
                case="1",
                given=ContactInput(
                    channel="chat",
                    with_="rep",
                    rep_name=f"Rep {i}",
                    reference=f"REF-{i:04d}",
                    at=day,
                    minutes=10,
                    answer="They said it would be sorted out soon. " * 10,
                    result="promised",
                    promise=f"fix it, try {i}",
                    due=day[:10],
                ),
            )
    store.dispose()
    chat = json.loads(cli("summary", "1", "--format", "json").stdout)
    message = chat["message"]
    assert len(message) <= CHAT_LIMIT
    assert ORDER in message
    assert message.endswith("?")
    assert "200 times" in message
    assert "REF-0199" in message  # the latest reference and the latest overdue promise
    assert "fix it, try 199" in message
    assert chat["left_out"]  # the rest did not fit...
    for sentence_ in message.replace("\n\n", " ").split(". "):
        assert sentence_.strip()  # ...and nothing was cut mid-sentence
    assert not message.rstrip("?").endswith(("…", ","))

    brief = json.loads(cli("summary", "1", "--for", "manager", "--format", "json").stdout)
    assert len(brief["contacts"]) == 200 and brief["totals"]["minutes"] == 2000


CATEGORIES = [
    "wrong-item",
    "damaged",
    "not-delivered",
    "late",
    "refund",
    "billing",
    "account",
    "device",
    "other",
]


@pytest.mark.parametrize("category", CATEGORIES)
def test_chat_for_every_category(cli, now, category):
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
    cli("ship", "add", ORDER, "--carrier", "UPS", "--tracking", "1Z9", "--expected", "2026-11-01")
    cli(
        "case",
        "open",
        "A problem",
        "--order",
        ORDER,
        "--category",
        category,
        "--happened",
        "2026-11-02",
        "--problem",
        "It is not right.",
    )
    message = cli("summary", "1").stdout.strip()
    assert ORDER in message and "October 28" in message
    assert message.endswith("?") and len(message) <= CHAT_LIMIT
    for junk in ("None", "  ", " .", "..", "(order )"):
        assert junk not in message


def test_chat_with_almost_nothing_recorded(cli, now):
    cli("case", "open", "Mystery charge")
    message = cli("summary", "1").stdout.strip()
    assert message == "I need help with a problem: Mystery charge.\n\nCan you help me resolve this?"
    brief = cli("summary", "1", "--for", "manager").stdout
    assert "Contacts (0)" in brief and "None yet." in brief
    assert f"I would like this put right. {ASK_TO_SETTLE}" in brief


def test_chat_fits_when_every_field_is_huge(cli, now):
    huge = "word " * 1900
    cli("order", "add", ORDER, "--item", huge[:995])
    cli(
        "case",
        "open",
        "Huge",
        "--order",
        ORDER,
        "--category",
        "wrong-item",
        "--expected",
        huge,
        "--received",
        huge,
        "--want",
        huge,
        "--problem",
        huge,
    )
    cli(
        "log",
        "1",
        "--channel",
        "chat",
        "--at",
        "2026-10-30 10:00",
        "--rep",
        huge[:150],
        "--ref",
        "R-1",
        "--answer",
        huge,
        "--promise",
        huge,
        "--due",
        "2026-11-01",
    )
    message = cli("summary", "1").stdout.strip()
    assert len(message) <= CHAT_LIMIT and ORDER in message and message.endswith("?")


def test_nothing_typed_is_lost_from_the_brief(cli, now):
    """Every field up to LONG_FIELD characters (every normal note, however many lines) is in
    the text and markdown brief whole; longer ones are cut there (see the next test) and
    whole in JSON."""
    from tracker.render.excerpt import LONG_FIELD

    long_note = ("The rep read out a long policy. " * 100)[:LONG_FIELD]
    cli("order", "add", "A-1", "--item", "Lamp", "--item", "Bulbs")
    cli(
        "case",
        "open",
        "Broken lamp",
        "--order",
        "A-1",
        "--category",
        "damaged",
        "--problem",
        "The shade was crushed.\nThe base is cracked.",
        "--received",
        "a lamp",
        "--want",
        "a new lamp",
        "--resolution",
        "replacement",
        "--amount",
        "80",
    )
    contacts = [
        ("chat", "bot", None, None, None, "Tell me more", "Offered a return", "transferred"),
        (
            "chat",
            "rep",
            "Maya",
            "M-17",
            "C-1",
            "Can you replace it?",
            "Needs a photo.\nWill call back.",
            "promised",
        ),
        ("phone", "rep", "Omar", None, None, "Any news?", "No record of the photo", "refused"),
        ("email", "manager", "Ruth", "MGR-2", "T-9", None, "Replacement approved", "resolved"),
    ]
    for i, (channel, who, name, rep_id, ref, asked, answer, result) in enumerate(contacts):
        args = [
            "log",
            "1",
            "--channel",
            channel,
            "--with",
            who,
            "--at",
            f"2026-11-0{i + 1} 09:30",
            "--asked",
            asked or "",
            "--answer",
            answer,
            "--result",
            result,
            "--note",
            f"note {i}" if i else long_note,
        ]
        for flag, value in (("--rep", name), ("--rep-id", rep_id), ("--ref", ref)):
            if value:
                args += [flag, value]
        if result == "promised":
            args += ["--promise", "call back with a label", "--due", "2026-11-04"]
        cli(*args)
    for fmt in ("text", "markdown"):
        brief = cli("summary", "1", "--for", "manager", "--format", fmt, "--with-notes").stdout
        for channel, who, name, rep_id, ref, asked, answer, result in contacts:
            for value in (channel, who, name, rep_id, ref, asked, result, *answer.split("\n")):
                if value:
                    assert value in brief, (fmt, value)
        for i in range(1, len(contacts)):
            assert f"note {i}" in brief
        assert long_note.strip() in brief and "more characters" not in brief
        for value in (
            "The shade was crushed.",
            "The base is cracked.",
            "a lamp",
            "a new lamp",
            "$80.00",
            "Lamp; Bulbs",
            "call back with a label",
            "C-1",
            "T-9",
        ):
            assert value in brief, (fmt, value)


def test_a_pasted_transcript_is_cut_in_the_brief_and_whole_in_json(cli, towel_case):
    from tracker.render.excerpt import LONG_EXCERPT

    transcript = "".join(
        f"[10:{i % 60:02d}] Agent: line {i} of the chat transcript.\n" for i in range(400)
    )
    assert len(transcript) > 15_000
    cli("log", "1", "--channel", "chat", "--rep", "Lee", "--answer", "-", input=transcript)
    for fmt in ("text", "markdown"):
        brief = cli("summary", "1", "--for", "manager", "--format", fmt, "--with-notes").stdout
        assert len(brief) < 5_000, fmt  # readable: the transcript does not drown the rest
        assert "line 0 of the chat transcript" in brief and "line 399" not in brief
        shown = transcript[:LONG_EXCERPT].rsplit(" ", 1)[0]
        left = len(transcript.strip()) - len(shown)
        assert (
            f"… ({left:,} more characters; full text in `tracker case show 1 --json`)" in brief
        ), fmt
        assert "Request" in brief and ASK_TO_SETTLE in brief
    data = json.loads(cli("summary", "1", "--for", "manager", "--json").stdout)
    assert data["contacts"][-1]["answer"] == transcript.strip()
    assert cli.json("case", "show", "1")["contacts"][-1]["answer"] == transcript.strip()


def test_the_brief_says_what_is_not_recorded(cli, now):
    cli("case", "open", "Mystery charge", "--category", "billing")
    text = cli("summary", "1", "--for", "manager").stdout
    assert "Resolution wanted\n  Not recorded.\n" in text
    assert "Amount at stake: not recorded." in text
    markdown = cli("summary", "1", "--for", "manager", "--format", "markdown").stdout
    assert "## Resolution wanted\n\nNot recorded.\n" in markdown
    assert "**Amount at stake:** not recorded." in markdown
    data = json.loads(cli("summary", "1", "--for", "manager", "--json").stdout)
    assert data["amount"] is None and data["want"] is None and data["resolution"] is None


# ---------------------------------------------------------------- sentences


def test_the_title_says_what_is_wrong_when_nothing_else_does(cli, now):
    cli("order", "add", ORDER, "--placed", "2026-10-28")
    cli("case", "open", "Second problem same order", "--order", ORDER)
    message = cli("summary", "1").stdout
    assert message.startswith(
        f"On October 28 I placed order {ORDER}. I have a problem with this "
        "order: Second problem same order."
    )
    assert "The problem:" not in message
    cli("case", "edit", "1", "--happened", "2026-11-02")
    assert (
        "On November 2 I ran into a problem with this order: Second problem same order."
        in cli("summary", "1").stdout
    )
    cli("case", "edit", "1", "--problem", "The lid does not close")
    message = cli("summary", "1").stdout
    assert "The lid does not close." in message and "Second problem" not in message


@pytest.mark.parametrize(
    ("received", "says"),
    [
        ("nothing", "When the package arrived on November 2 it was empty."),
        ("none", "When the package arrived on November 2 it was empty."),
        ("an empty package", "When the package arrived on November 2 it was empty."),
        ("empty box", "When the package arrived on November 2 it was empty."),
        ("2 towels", "I found 2 towels instead."),
        ("the wrong size", "I found the wrong size instead."),
        ("wrong size", "I found the wrong size instead."),
        ("some", "I found some instead."),
        ("gray bathrobe", "I found a gray bathrobe instead."),
        ("Gray bathrobe", "I found a gray bathrobe instead."),
        ("umbrella", "I found an umbrella instead."),
        ("pair of shoes", "I found a pair of shoes instead."),
        ("jeans", "I found jeans instead."),
        ("dog food", "I found dog food instead."),
        ("someone else's order", "I found someone else's order instead."),
    ],
)
def test_what_was_received_reads_as_english(cli, now, received, says):
    cli("order", "add", ORDER, "--placed", "2026-10-28", "--item", "Red bath towel")
    cli(
        "case",
        "open",
        "Wrong thing",
        "--order",
        ORDER,
        "--happened",
        "2026-11-02",
        "--received",
        received,
    )
    assert says in cli("summary", "1").stdout


@pytest.mark.parametrize(
    ("want", "says"),
    [
        ("a refund", "I would like a refund."),
        ("refund", "I would like a refund."),
        ("full refund", "I would like a full refund."),
        ("money back", "I would like my money back."),
        ("store credit", "I would like store credit."),
        ("replacement shipped", "I would like a replacement shipped."),
        ("return the bathrobe", "I would like to return the bathrobe."),
        ("to return it", "I would like to return it."),
        ("exchange for the right size", "I would like to exchange it for the right size."),
        ("I want a refund", "I want a refund."),
    ],
)
def test_the_resolution_wanted_reads_as_english(cli, now, want, says):
    cli("case", "open", "Wrong thing", "--category", "wrong-item", "--want", want)
    assert says in cli("summary", "1").stdout


def test_not_delivered_uses_the_shipments_expected_date(cli, now):
    now("2026-11-20T12:00:00")
    cli("order", "add", ORDER, "--placed", "2026-10-28", "--item", "Red bath towel")
    cli("ship", "add", ORDER, "--carrier", "UPS", "--expected", "2026-11-18")
    cli("ship", "add", ORDER, "--tracking", "1Z9")  # a later update that repeats no date
    cli(
        "case",
        "open",
        "Never came",
        "--order",
        ORDER,
        "--category",
        "not-delivered",
        "--happened",
        "2026-11-19",
    )
    message = cli("summary", "1").stdout
    assert (
        "It was supposed to arrive by November 18 but it has not been delivered "
        "(UPS tracking 1Z9); I noticed it was missing on November 19."
    ) in message
    assert "by November 19" not in message


def test_delivered_by_the_carrier_but_never_received(cli, now):
    cli("order", "add", ORDER, "--placed", "2026-10-28", "--item", "Red bath towel")
    cli("ship", "add", ORDER, "--carrier", "UPS", "--tracking", "1Z9", "--delivered", "2026-11-05")
    cli("case", "open", "Not here", "--order", ORDER, "--category", "not-delivered")
    assert (
        "It was marked as delivered on November 5 (UPS tracking 1Z9), but I never received it."
    ) in cli("summary", "1").stdout


# Which optional facts each case of the sweep below records: (happened, problem, things).
FACTS = [(a, b, c) for a in (True, False) for b in (True, False) for c in (True, False)]


def _sweep_cases(now) -> list[tuple]:
    """Records, through the services, one case per category x (order and shipment, order,
    neither) x (want in words, as a kind, neither), each with one of the eight combinations
    of the other optional facts (every category meets all eight); returns what each has."""
    from tracker.services.cases import CaseInput, open_case
    from tracker.services.orders import add_order, add_shipment
    from tracker.store import Store

    now("2026-11-20T12:00:00")
    cases = []
    store = Store()
    with store.session(write=True) as s:
        for c, category in enumerate(CATEGORIES):
            for o, (order, ship) in enumerate([(True, True), (True, False), (False, False)]):
                for w, want in enumerate(("", "words", "kind")):
                    happened, problem, things = FACTS[(c + 3 * o + w) % len(FACTS)]
                    number = f"A-{len(cases) + 1}" if order else None
                    if order:
                        add_order(
                            session=s,
                            number=number,
                            placed="2026-10-28",
                            items=["Red bath towel"],
                            amount="24.99",
                        )
                    if ship:
                        add_shipment(
                            session=s,
                            order=number,
                            carrier="UPS",
                            tracking="1Z9",
                            expected="2026-11-18",
                        )
                    open_case(
                        session=s,
                        given=CaseInput(
                            title="Title here",
                            order=number,
                            category=category,
                            problem="The lid does not close" if problem else None,
                            happened="2026-11-19" if happened else None,
                            expected="red towel" if things else None,
                            received="nothing" if things else None,
                            want="a refund" if want == "words" else None,
                            resolution="replacement" if want == "kind" else None,
                        ),
                    )
                    cases.append((category, order, ship, happened, problem, things, want))
    store.dispose()
    return cases


def test_every_category_with_and_without_each_field_reads_well(cli, now):
    """No article before 'nothing', no 'The problem:', no 'it' without an antecedent, the
    shipment's date for 'supposed to arrive by', full sentences, for every category and
    every optional fact, as `tracker summary` prints them."""
    import re

    cases = _sweep_cases(now)
    assert len(cases) == 9 * 3 * 3
    for category in CATEGORIES:  # every category meets every combination of the facts
        assert {case[3:6] for case in cases if case[0] == category} == set(FACTS)
    for number, (category, order, ship, happened, problem, things, want) in enumerate(cases, 1):
        message = cli("summary", number).stdout.strip()
        where = (number, category, order, ship, happened, problem, things, want, message)
        for junk in (
            "a nothing",
            "an nothing",
            "a none",
            "The problem:",
            "None",
            "..",
            " .",
            "  ",
            "(order )",
            " ,",
        ):
            assert junk not in message, where
        assert message.endswith("?") and message[0].isupper(), where
        for sentence_ in re.split(r"(?<=[.?])\s+", message):
            assert sentence_[0].isupper() and sentence_[-1] in ".?", where
        if not (order or things):
            assert not message.startswith(("It ", "When the package")), where
        if ship:
            assert "by November 19" not in message, where
        if category == "other" and not problem:
            assert "Title here" in message, where
        if number % 9 == 0:  # the brief's sections, for a spread of the cases
            brief = cli("summary", number, "--for", "manager").stdout
            assert "Resolution wanted" in brief and "Amount at stake" in brief, where


# ---------------------------------------------------------------- output


def test_out_writes_a_private_file(cli, towel_case, tmp_path):
    target = tmp_path / "brief.md"
    result = cli("summary", "1", "--for", "manager", "--format", "markdown", "--out", target)
    assert result.stdout == ""
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert (
        target.read_text() == cli("summary", "1", "--for", "manager", "--format", "markdown").stdout
    )
    target.chmod(0o644)  # an existing file is replaced only with --force, and private again
    refused = cli("summary", "1", "--out", target, code=1)
    assert "already exists" in refused.stderr and target.read_text().startswith("# Escalation")
    cli("summary", "1", "--out", target, "--force")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text().startswith("On October 28")
    data = tmp_path / "chat.json"
    cli("summary", "1", "--format", "json", "--out", data)
    assert json.loads(data.read_text())["for"] == "chat"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_out_into_a_missing_folder_is_an_error(cli, towel_case, tmp_path):
    result = cli("summary", "1", "--out", tmp_path / "nope" / "x.txt", code=1)
    assert result.stderr.startswith("Error: folder")


def test_unknown_case_is_an_error(cli, now):
    assert cli("summary", "9", code=1).stderr.startswith("Error: ")
    assert cli("escalate", "9", code=1).stderr.startswith("Error: ")


def test_user_text_is_never_markup_or_terminal_commands(cli, now):
    cli(
        "case",
        "open",
        "[red]alert[/red] \x1b[31mred",
        "--problem",
        "[bold]x[/bold] \x1b]0;pwn\x07",
        "--want",
        "[link=http://evil]refund[/link]",
    )
    cli(
        "log",
        "1",
        "--channel",
        "chat",
        "--rep",
        "[blink]Bob",
        "--ref",
        "R\x1b[2J",
        "--answer",
        "said [i]no[/i]\x1b[0m",
        "--result",
        "info",
    )
    for args in (
        ("summary", "1"),
        ("summary", "1", "--for", "manager"),
        ("summary", "1", "--for", "manager", "--format", "markdown"),
        ("next", "1"),
        ("escalate", "1"),
    ):
        out = cli(*args).stdout
        assert "\x1b" not in out and "\x07" not in out, args
        assert "\\x1b" in out, args
    text = cli("summary", "1", "--for", "manager").stdout
    for literal in (
        "[red]alert[/red]",
        "[bold]x[/bold]",
        "[blink]Bob",
        "said [i]no[/i]",
        "[link=http://evil]refund[/link]",
    ):
        assert literal in text
    assert "[blink]Bob" in cli("summary", "1").stdout
    markdown = cli("summary", "1", "--for", "manager", "--format", "markdown").stdout
    assert r"\[blink\]Bob" in markdown
    data = cli("summary", "1", "--for", "manager", "--format", "json").stdout
    assert "\x1b" not in data and json.loads(data)["contacts"][0]["rep_name"] == "[blink]Bob"


# ---------------------------------------------------------------- escalate


def test_escalate_marks_the_case_and_prints_the_brief(cli, towel_case):
    result = cli("escalate", "C-0042")
    assert result.stdout.startswith("Escalation brief: case #1")
    assert result.stdout.rstrip().endswith(ASK_TO_SETTLE) and "transfer me" not in result.stdout
    assert "now escalated" in result.stderr
    data = cli.json("case", "show", "1")
    assert data["status"] == "escalated"
    assert data["history"][-1]["event"] == "escalated"
    assert data["history"][-1]["detail"] == "waiting → escalated (asked for a manager)"
    assert "status escalated" in result.stdout

    again = cli("escalate", "1")
    assert "already escalated" in again.stderr
    assert len(cli.json("case", "show", "1")["history"]) == len(data["history"])


def test_escalate_a_closed_case_is_refused(cli, towel_case):
    cli("case", "close", "1")
    result = cli("escalate", "1", code=1)
    assert "reopen it first" in result.stderr
    assert cli.json("case", "show", "1")["status"] == "closed"


def test_escalate_formats(cli, towel_case, tmp_path):
    markdown = cli("escalate", "1", "--format", "markdown").stdout
    assert markdown.startswith("# Escalation brief")
    assert (
        json.loads(cli("escalate", "1", "--format", "json").stdout)["case"]["status"] == "escalated"
    )


@pytest.mark.parametrize(
    "command", [("summary", "1"), ("summary", "1", "--for", "manager"), ("escalate", "1")]
)
def test_json_is_short_for_format_json(cli, towel_case, command):
    assert cli(*command, "--json").stdout == cli(*command, "--format", "json").stdout
    assert (
        cli(*command, "--json", "--format", "json").stdout
        == cli(*command, "--format", "json").stdout
    )
    json.loads(cli(*command, "--json").stdout)


@pytest.mark.parametrize("command", ["summary", "escalate"])
@pytest.mark.parametrize("fmt", ["markdown", "text"])
def test_json_with_another_format_is_a_usage_error(cli, towel_case, command, fmt):
    result = cli(command, "1", "--json", "--format", fmt, code=2)
    assert result.stderr.startswith("Error: --json means --format json, not --format " + fmt)
    assert result.stdout == ""
    assert cli.json("case", "show", "1")["status"] == "waiting"  # nothing was escalated


# ---------------------------------------------------------------- demo


def test_demo_runs_on_a_throwaway_database(cli, home, backend):
    before = dict(os.environ)
    result = cli("demo")
    out = result.stdout
    for heading in (
        "Record the order",
        "Open a case",
        "Log every contact",
        "The case file",
        "The message to paste",
        "What to do next",
        "Asking for a manager",
    ):
        assert heading in out
    assert "$ tracker log 1 --channel chat --with rep --rep Priya" in out
    assert "On October 28 I ordered a red bath towel (order 112-4455667-0012345)." in out
    # The dropped call is no failed representative: follow up the overdue promise first.
    assert "Follow up: the promise due November 5 is overdue" in out
    assert "Escalation brief: case #1" in out and ASK_TO_SETTLE in out
    assert "2026" not in out.split("$ tracker summary 1", 1)[1].split("$ tracker next", 1)[0]
    assert dict(os.environ) == before
    # the user's database was never opened: nothing in TRACKER_HOME, nothing in the store
    assert not (home / "tracker.db").exists()
    assert cli.json("case", "list", "--status", "all") == []
    assert cli.json("order", "list") == []


def test_a_bare_refund_case_says_how_much_and_what(cli, now):
    cli("case", "open", "Refund for returned kettle", "--category", "refund", "--amount", "49.99")
    message = cli("summary", "1").stdout
    assert message.startswith(
        "I am still waiting for a refund of $49.99. It is about: Refund for returned kettle."
    )
    assert message.rstrip().endswith("?")


def test_escalate_to_an_unwritable_place_changes_nothing(cli, towel_case, tmp_path):
    result = cli("escalate", "1", "--out", str(tmp_path / "missing" / "brief.md"), code=1)
    assert "does not exist" in result.stderr
    assert cli.json("case", "show", "1")["status"] == "waiting"
