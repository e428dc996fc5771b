"""Deadlines in the prose (issue 12, "The agenda and the advice use them"): `case show`,
`next`, the manager brief and the chat message, with the clock pinned."""

from __future__ import annotations

import pytest

from tracker.prose.chat import CHAT_LIMIT

ORDER = "112-0000001-0000001"
SOURCE = "https://www.amazon.com/gp/help/customer/display.html?nodeId=GKM69DUUYKQWKWX7"


@pytest.fixture
def blender(cli, now):
    """Delivered November 2: the Amazon return window (30 days) closes December 2."""
    now("2026-11-30T12:00:00")
    cli("order", "add", ORDER, "--placed", "2026-10-25", "--item", "Blender", "--amount", "89.99")
    cli("ship", "add", ORDER, "--carrier", "UPS", "--delivered", "2026-11-02")
    cli(
        "case",
        "open",
        "Blender arrived cracked",
        "--order",
        ORDER,
        "--category",
        "damaged",
        "--want",
        "a replacement",
    )
    return now


def test_case_show_lists_each_deadline_with_its_last_day_basis_and_source(cli, blender):
    shown = cli("case", "show", "1").stdout
    flat = " ".join(shown.split())
    assert "Deadlines" in shown
    assert (
        "Amazon return window: last safe day December 2 (2 days left); "
        "counts 30 days from delivery (2026-11-02)." in flat
    )
    assert "start a return in Your Orders" in flat
    assert f"Source: {SOURCE}" in flat.replace(" ", "").replace("Source:", "Source: ")


def test_case_show_says_which_date_a_deadline_needs_and_the_command(cli, blender):
    flat = " ".join(cli("case", "show", "1").stdout.split())
    # The A-to-z claim counts from the expected delivery, which is not recorded.
    assert (
        "Amazon A-to-z Guarantee claim: counts 90 days from the latest estimated delivery" in flat
    )
    assert "it needs the expected date" in flat
    assert f"tracker ship edit {ORDER} --expected DATE" in flat


def test_case_show_prints_conflict_warnings(cli, blender):
    """A promise due after the return window closes is warned about."""
    cli(
        "log", "1", "--no-prompt", "--channel", "chat", "--with", "rep", "--rep", "Priya",
        "--promise", "send a replacement", "--due", "2026-12-10",
    )  # fmt: skip
    data = cli.json("case", "show", "1")
    assert data["deadline_warnings"], data["deadline_warnings"]
    flat = " ".join(cli("case", "show", "1").stdout.split())
    assert f"! {' '.join(data['deadline_warnings'][0]['message'].split())}" in flat


def test_next_puts_a_deadline_within_3_days_first(cli, blender):
    cli(
        "log", "1", "--no-prompt", "--channel", "chat", "--with", "rep", "--rep", "Priya",
        "--promise", "send a replacement", "--due", "2026-12-01",
    )  # fmt: skip
    data = cli.json("next", "1")
    assert data["rule"] == "deadline"
    assert data["step"] == (
        "Before December 2: start a return in Your Orders (Amazon return window, 2 days left)"
    )
    assert data["say"] == [
        "My return window closes on December 2, so I need this resolved before then."
    ]
    assert "30 days from delivery (2026-11-02)" in data["why"] and SOURCE in data["why"]
    # What would have been next is still listed.
    assert any(s.startswith("Wait until December 1") for s in data["also"]), data["also"]
    text = cli("next", "1").stdout
    assert "Next step: Before December 2: start a return in Your Orders" in text


def test_next_ignores_a_deadline_further_than_3_days(cli, blender):
    blender("2026-11-28T12:00:00")  # 4 days left
    assert cli.json("next", "1")["rule"] == "first-contact"
    blender("2026-11-29T12:00:00")  # 3 days left
    assert cli.json("next", "1")["rule"] == "deadline"
    blender("2026-12-03T12:00:00")  # passed: nothing to act on any more
    assert cli.json("next", "1")["rule"] != "deadline"


def test_next_after_the_case_ended_says_nothing_of_deadlines(cli, blender):
    cli("case", "close", "1", "--outcome", "replaced")
    assert cli.json("next", "1")["rule"] == "closed"


def test_the_brief_lists_the_deadlines(cli, blender):
    brief = cli("summary", "1", "--for", "manager").stdout
    assert "\nDeadlines\n" in brief
    assert (
        "Amazon return window: last safe day December 2 (2 days left); "
        "counts 30 days from delivery (2026-11-02)." in brief
    )
    data = cli.json("summary", "1", "--for", "manager")
    assert [d["rule"] for d in data["deadlines"]] == ["amazon-return", "amazon-a-to-z"]
    assert data["deadlines"][0]["last_day"] == "2026-12-02"
    markdown = cli("summary", "1", "--for", "manager", "--format", "markdown").stdout
    assert "Deadlines" in markdown and "last safe day December 2" in markdown


def test_the_chat_message_mentions_a_deadline_within_7_days(cli, blender):
    blender("2026-11-25T12:00:00")  # 7 days left
    message = cli("summary", "1").stdout
    assert "My return window closes on December 2, so I need this resolved before then." in (
        message
    )
    assert len(message.rstrip("\n")) <= CHAT_LIMIT
    blender("2026-11-24T12:00:00")  # 8 days left
    assert "return window" not in cli("summary", "1").stdout


def test_the_chat_deadline_stays_within_the_limit_on_a_long_case(cli, blender):
    long = "the jar cracked along the base and leaks when the motor runs " * 10
    cli("case", "edit", "1", "--problem", long, "--want", "a replacement blender " * 12)
    for n in range(6):
        cli(
            "log", "1", "--no-prompt", "--channel", "chat", "--with", "rep",
            "--rep", f"Rep{n}", "--ref", f"R-{n:04}", "--result", "refused",
        )  # fmt: skip
    message = cli("summary", "1").stdout.rstrip("\n")
    assert len(message) <= CHAT_LIMIT
    assert "My return window closes on December 2" in message
