"""Summaries: the chat message, the manager brief, their formats, escalate and demo.

The golden files in tests/golden/ are the product: reviewed by a person.
Regenerate them with TRACKER_UPDATE_GOLDEN=1 after a deliberate change, and
read the diff.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from tracker.summary import CHAT_LIMIT, MANAGER_REQUEST

GOLDEN = Path(__file__).parent / "golden"
ORDER = "112-4455667-0012345"


def golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("TRACKER_UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"differs from tests/golden/{name}"


# ---------------------------------------------------------------- golden


@pytest.mark.parametrize(("args", "name"), [
    ((), "towel_chat.txt"),
    (("--format", "markdown"), "towel_chat.md"),
    (("--for", "manager"), "towel_brief.txt"),
    (("--for", "manager", "--format", "markdown"), "towel_brief.md"),
])
def test_golden_towel_case(cli, towel_case, args, name):
    golden(name, cli("summary", "1", *args).stdout)


def test_chat_message_follows_the_guide(cli, towel_case):
    message = cli("summary", "1").stdout.strip()
    assert message.startswith("On October 28 I ordered a red bath towel "
                              f"(order {ORDER}). When the package arrived on November 2 "
                              "I found a gray bathrobe instead. I would like to return "
                              "the bathrobe and get the towel I ordered.")
    assert "3 times" in message
    assert ("On November 2 Priya (reference C-0042) promised to ship the red towel by "
            "November 5; it has not arrived.") in message
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
        "contacts": 3, "human_contacts": 2, "minutes": 60,
        "first_contact_on": "2026-11-02", "days_since_first_contact": 8,
        "promises_kept": 0, "promises_broken": 0, "promises_overdue": 1,
    }
    assert brief["request"] == MANAGER_REQUEST


def test_brief_in_time_order_with_promise_states(cli, towel_case, now):
    cli("log", "1", "--channel", "email", "--with", "rep", "--rep", "Lee", "--ref", "R-77",
        "--at", "2026-11-01 08:00", "--result", "promised", "--promise", "email a label",
        "--due", "2026-11-03")
    cli("promise", "kept", "2")
    text = cli("summary", "1", "--for", "manager").stdout
    assert text.index("November 1, 08:00") < text.index("November 2, 10:00") \
        < text.index("November 8, 09:00")
    assert "email a label, promised by Lee on November 1 (reference R-77): kept" in text
    assert "OVERDUE since November 5 (5 days)" in text
    assert "R-77 (complaint, given by Lee on November 1)" in text
    cli("promise", "broken", "1")
    assert "ship the red towel, promised by Priya on November 2 (reference C-0042): broken" \
        in cli("summary", "1", "--for", "manager").stdout
    assert "but that did not happen" in cli("summary", "1").stdout


# ---------------------------------------------------------------- properties


def test_chat_fits_for_200_contacts(cli, now):
    from tracker.db import Store
    from tracker.services.cases import CaseInput, open_case
    from tracker.services.contacts import ContactInput, log_contact
    from tracker.services.orders import add_order

    now("2026-12-31T12:00:00")
    store = Store()
    with store.session(write=True) as s:
        add_order(session=s, number=ORDER, placed="2026-01-02", items=["Red bath towel"],
                  amount="24.99")
        open_case(session=s, given=CaseInput(
            title="Towel", order=ORDER, category="wrong-item", expected="red bath towel",
            received="gray bathrobe", want="the towel I ordered " * 20, happened="2026-01-05",
            problem="It went wrong. " * 100))
        for i in range(200):
            day = f"2026-{1 + i // 20:02d}-{1 + i % 20:02d} 10:00"
            log_contact(session=s, case="1", given=ContactInput(
                channel="chat", with_="rep", rep_name=f"Rep {i}", reference=f"REF-{i:04d}",
                at=day, minutes=10, answer="They said it would be sorted out soon. " * 10,
                result="promised", promise=f"fix it, try {i}", due=day[:10]))
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


CATEGORIES = ["wrong-item", "damaged", "not-delivered", "late", "refund", "billing",
              "account", "device", "other"]


@pytest.mark.parametrize("category", CATEGORIES)
def test_chat_for_every_category(cli, now, category):
    cli("order", "add", ORDER, "--placed", "2026-10-28", "--item", "Red bath towel",
        "--amount", "24.99")
    cli("ship", "add", ORDER, "--carrier", "UPS", "--tracking", "1Z9", "--expected",
        "2026-11-01")
    cli("case", "open", "A problem", "--order", ORDER, "--category", category,
        "--happened", "2026-11-02", "--problem", "It is not right.")
    message = cli("summary", "1").stdout.strip()
    assert ORDER in message and "October 28" in message
    assert message.endswith("?") and len(message) <= CHAT_LIMIT
    for junk in ("None", "  ", " .", "..", "(order )"):
        assert junk not in message


def test_chat_with_almost_nothing_recorded(cli, now):
    cli("case", "open", "Mystery charge")
    message = cli("summary", "1").stdout.strip()
    assert message == "The problem: Mystery charge.\n\nCan you help me resolve this?"
    brief = cli("summary", "1", "--for", "manager").stdout
    assert "Contacts (0)" in brief and "None yet." in brief and MANAGER_REQUEST in brief


def test_chat_fits_when_every_field_is_huge(cli, now):
    huge = "word " * 1900
    cli("order", "add", ORDER, "--item", huge[:995])
    cli("case", "open", "Huge", "--order", ORDER, "--category", "wrong-item",
        "--expected", huge, "--received", huge, "--want", huge, "--problem", huge)
    cli("log", "1", "--channel", "chat", "--rep", huge[:150], "--ref", "R-1",
        "--answer", huge, "--promise", huge, "--due", "2026-11-01")
    message = cli("summary", "1").stdout.strip()
    assert len(message) <= CHAT_LIMIT and ORDER in message and message.endswith("?")


def test_nothing_typed_is_lost_from_the_brief(cli, now):
    cli("order", "add", "A-1", "--item", "Lamp", "--item", "Bulbs")
    cli("case", "open", "Broken lamp", "--order", "A-1", "--category", "damaged",
        "--problem", "The shade was crushed.\nThe base is cracked.", "--received", "a lamp",
        "--want", "a new lamp", "--resolution", "replacement", "--amount", "80")
    contacts = [
        ("chat", "bot", None, None, None, "Tell me more", "Offered a return", "transferred"),
        ("chat", "rep", "Maya", "M-17", "C-1", "Can you replace it?", "Needs a photo.\nWill call back.", "promised"),
        ("phone", "rep", "Omar", None, None, "Any news?", "No record of the photo", "refused"),
        ("email", "manager", "Ruth", "MGR-2", "T-9", None, "Replacement approved", "resolved"),
    ]
    for i, (channel, who, name, rep_id, ref, asked, answer, result) in enumerate(contacts):
        args = ["log", "1", "--channel", channel, "--with", who, "--at", f"2026-11-0{i + 1} 09:30",
                "--asked", asked or "", "--answer", answer, "--result", result,
                "--note", f"note {i}"]
        for flag, value in (("--rep", name), ("--rep-id", rep_id), ("--ref", ref)):
            if value:
                args += [flag, value]
        if result == "promised":
            args += ["--promise", "call back with a label", "--due", "2026-11-04"]
        cli(*args)
    for fmt in ("text", "markdown"):
        brief = cli("summary", "1", "--for", "manager", "--format", fmt).stdout
        for channel, who, name, rep_id, ref, asked, answer, result in contacts:
            for value in (channel, who, name, rep_id, ref, asked, result, *answer.split("\n")):
                if value:
                    assert value in brief, (fmt, value)
        for i in range(len(contacts)):
            assert f"note {i}" in brief
        for value in ("The shade was crushed.", "The base is cracked.", "a lamp", "a new lamp",
                      "$80.00", "Lamp; Bulbs", "call back with a label", "C-1", "T-9"):
            assert value in brief, (fmt, value)


# ---------------------------------------------------------------- output


def test_out_writes_a_private_file(cli, towel_case, tmp_path):
    target = tmp_path / "brief.md"
    result = cli("summary", "1", "--for", "manager", "--format", "markdown", "--out", target)
    assert result.stdout == ""
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text() == cli("summary", "1", "--for", "manager", "--format",
                                     "markdown").stdout
    target.chmod(0o644)  # an existing file is replaced, and private again
    cli("summary", "1", "--out", target)
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
    cli("case", "open", "[red]alert[/red] \x1b[31mred", "--problem", "[bold]x[/bold] \x1b]0;pwn\x07",
        "--want", "[link=http://evil]refund[/link]")
    cli("log", "1", "--channel", "chat", "--rep", "[blink]Bob", "--ref", "R\x1b[2J",
        "--answer", "said [i]no[/i]\x1b[0m", "--result", "info")
    for args in (("summary", "1"), ("summary", "1", "--for", "manager"),
                 ("summary", "1", "--for", "manager", "--format", "markdown"),
                 ("next", "1"), ("escalate", "1")):
        out = cli(*args).stdout
        assert "\x1b" not in out and "\x07" not in out, args
        assert "\\x1b" in out, args
    text = cli("summary", "1", "--for", "manager").stdout
    for literal in ("[red]alert[/red]", "[bold]x[/bold]", "[blink]Bob", "said [i]no[/i]",
                    "[link=http://evil]refund[/link]"):
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
    assert MANAGER_REQUEST in result.stdout
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
    assert json.loads(cli("escalate", "1", "--format", "json").stdout)["case"]["status"] \
        == "escalated"


# ---------------------------------------------------------------- demo


def test_demo_runs_on_a_throwaway_database(cli, home, backend):
    before = dict(os.environ)
    result = cli("demo")
    out = result.stdout
    for heading in ("Record the order", "Open a case", "Log every contact", "The case file",
                    "The message to paste", "What to do next", "Asking for a manager"):
        assert heading in out
    assert "$ tracker log 1 --channel chat --with rep --rep Priya" in out
    assert "On October 28 I ordered a red bath towel (order 112-4455667-0012345)." in out
    assert "Politely ask for a manager" in out
    assert "Escalation brief: case #1" in out and MANAGER_REQUEST in out
    assert "2026" not in out.split("$ tracker summary 1", 1)[1].split("$ tracker next", 1)[0]
    assert dict(os.environ) == before
    # the user's database was never opened: nothing in TRACKER_HOME, nothing in the store
    assert not (home / "tracker.db").exists()
    assert cli.json("case", "list", "--status", "all") == []
    assert cli.json("order", "list") == []
