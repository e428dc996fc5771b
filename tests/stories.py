"""Fixed case stories, built through the CLI with the clock pinned, for any test to reuse.

Each story takes `cli` and `now` (the conftest fixtures), records one case in an empty
TRACKER_HOME (so it is case #1), leaves the clock at the story's "today" and returns the
case number. The golden files in tests/golden/<story>/ pin what tracker prints for each.
"""

from __future__ import annotations

from collections.abc import Callable

TOWEL_ORDER = "112-4455667-0012345"

Story = Callable[..., int]
STORIES: dict[str, Story] = {}


def story(build: Story) -> Story:
    """Registers a story under its function's name."""
    STORIES[build.__name__] = build
    return build


@story
def towel(cli, now) -> int:
    """The guide's example, exactly as `tracker demo` records it (its own steps, so the two
    cannot drift): a red bath towel ordered, a gray bathrobe received; Priya's promise is
    overdue and Daniel's call dropped."""
    from tracker.demo import STEPS, TODAY

    now(TODAY)
    for _heading, _why, commands in STEPS:
        for args in commands:
            if args[0] in ("order", "ship", "log") or args[:2] == ["case", "open"]:
                cli(*args)
    return 1


@story
def never_received(cli, now) -> int:
    """A package the carrier marked delivered that never came: the bot, then a rep who
    refused to help."""
    now("2026-11-14T09:00:00")
    cli(
        "order",
        "add",
        "113-2020202-7654321",
        "--placed",
        "2026-11-01",
        "--item",
        "Noise-cancelling headphones",
        "--amount",
        "129.00",
    )
    cli(
        "ship",
        "add",
        "113-2020202-7654321",
        "--carrier",
        "USPS",
        "--tracking",
        "9400111899223344556677",
        "--shipped",
        "2026-11-03",
        "--expected",
        "2026-11-06",
        "--delivered",
        "2026-11-06",
    )
    cli(
        "case",
        "open",
        "Headphones marked delivered, never arrived",
        "--order",
        "113-2020202-7654321",
        "--category",
        "not-delivered",
        "--happened",
        "2026-11-06",
        "--want",
        "a replacement pair shipped",
        "--resolution",
        "replacement",
    )
    cli(
        "log",
        "1",
        "--channel",
        "chat",
        "--with",
        "bot",
        "--at",
        "2026-11-07 18:30",
        "--minutes",
        "4",
        "--result",
        "no-answer",
        "--answer",
        "The bot said to wait 48 hours.",
    )
    cli(
        "log",
        "1",
        "--channel",
        "phone",
        "--with",
        "rep",
        "--rep",
        "Marcus",
        "--rep-id",
        "MX-311",
        "--ref",
        "D-5581",
        "--at",
        "2026-11-10 12:15",
        "--minutes",
        "25",
        "--asked",
        "Can you send a replacement?",
        "--result",
        "refused",
        "--answer",
        "Tracking shows delivered, so he cannot send a replacement.",
        "--rating",
        "1",
    )
    return 1


@story
def refund_after_return(cli, now) -> int:
    """A returned blender whose refund never came: a refund amount, return and refund
    numbers, one promise kept (the label) and one broken (the refund)."""
    now("2026-11-03T08:00:00")
    cli(
        "order",
        "add",
        "114-3030303-1112223",
        "--placed",
        "2026-10-05",
        "--item",
        "Countertop blender",
        "--amount",
        "89.95",
    )
    cli(
        "case",
        "open",
        "Refund for returned blender",
        "--order",
        "114-3030303-1112223",
        "--category",
        "refund",
        "--happened",
        "2026-10-20",
        "--problem",
        "I returned the blender on October 20 and the refund never came.",
        "--want",
        "my money back",
        "--resolution",
        "refund",
        "--amount",
        "89.95",
    )
    cli(
        "log",
        "1",
        "--channel",
        "chat",
        "--with",
        "rep",
        "--rep",
        "Ana",
        "--ref",
        "RMA-77120",
        "--ref-kind",
        "return",
        "--at",
        "2026-10-18 15:00",
        "--minutes",
        "12",
        "--result",
        "promised",
        "--promise",
        "email a prepaid return label",
        "--due",
        "2026-10-19",
        "--answer",
        "She set up the return.",
    )
    cli("promise", "kept", "1")
    cli(
        "log",
        "1",
        "--channel",
        "phone",
        "--with",
        "rep",
        "--rep",
        "Joel",
        "--ref",
        "RF-99812",
        "--ref-kind",
        "refund",
        "--at",
        "2026-10-27 11:00",
        "--minutes",
        "18",
        "--result",
        "promised",
        "--promise",
        "refund $89.95 to the card",
        "--due",
        "2026-10-31",
        "--answer",
        "The warehouse received the blender; the refund is on its way.",
    )
    now("2026-11-04T10:00:00")
    cli("promise", "broken", "2")
    return 1


@story
def damaged_lamp(cli, now) -> int:
    """A lamp that arrived broken from another company (not Amazon), reached by email only."""
    now("2026-11-20T16:00:00")
    cli(
        "company",
        "add",
        "Lumen & Co",
        "--email",
        "help@lumen.example",
        "--note",
        "Email only; they answer within two working days.",
    )
    cli(
        "order",
        "add",
        "LC-48213",
        "--company",
        "Lumen & Co",
        "--placed",
        "2026-11-09",
        "--item",
        "Brass floor lamp",
        "--item",
        "Linen shade",
        "--amount",
        "214.50",
    )
    cli(
        "ship",
        "add",
        "LC-48213",
        "--company",
        "Lumen & Co",
        "--carrier",
        "DHL",
        "--tracking",
        "JD0146000012345",
        "--delivered",
        "2026-11-14",
    )
    cli(
        "case",
        "open",
        "Floor lamp arrived with a bent stem",
        "--order",
        "LC-48213",
        "--category",
        "damaged",
        "--happened",
        "2026-11-14",
        "--problem",
        "The stem is bent and the shade is torn.",
        "--want",
        "a replacement lamp",
        "--resolution",
        "replacement",
        "--follow-up",
        "2026-11-21",
    )
    cli(
        "log",
        "1",
        "--channel",
        "email",
        "--with",
        "rep",
        "--rep",
        "Sofie",
        "--ref",
        "LUM-2291",
        "--ref-kind",
        "ticket",
        "--at",
        "2026-11-15 09:40",
        "--result",
        "info",
        "--answer",
        "Asked for photos of the damage and the box.",
    )
    return 1


@story
def fresh(cli, now) -> int:
    """A case just opened: a title and a category, no order, no contact."""
    now("2026-11-10T12:00:00")
    cli("case", "open", "Charged twice for Prime", "--category", "billing")
    return 1


@story
def escalated(cli, now) -> int:
    """A laptop that will not start: two reps, an escalation, then a manager who promised
    a replacement; the case is marked escalated."""
    now("2026-11-12T14:00:00")
    cli(
        "order",
        "add",
        "115-4040404-9998887",
        "--placed",
        "2026-10-30",
        "--item",
        "14-inch laptop",
        "--amount",
        "749.00",
    )
    cli(
        "case",
        "open",
        "Laptop dead on arrival",
        "--order",
        "115-4040404-9998887",
        "--category",
        "device",
        "--happened",
        "2026-11-04",
        "--problem",
        "The laptop does not power on, even when charged.",
        "--want",
        "a new laptop",
        "--resolution",
        "replacement",
    )
    cli(
        "log",
        "1",
        "--channel",
        "chat",
        "--with",
        "rep",
        "--rep",
        "Tom",
        "--ref",
        "T-1001",
        "--at",
        "2026-11-05 10:00",
        "--minutes",
        "30",
        "--result",
        "transferred",
        "--answer",
        "Walked me through a reset; it did not help.",
    )
    cli(
        "log",
        "1",
        "--channel",
        "phone",
        "--with",
        "rep",
        "--rep",
        "Grace",
        "--at",
        "2026-11-12 13:00",
        "--minutes",
        "45",
        "--result",
        "escalated",
        "--answer",
        "She passed the case to a manager.",
    )
    cli("escalate", "1")
    now("2026-11-18T17:00:00")
    cli(
        "log",
        "1",
        "--channel",
        "phone",
        "--with",
        "manager",
        "--rep",
        "Helen Park",
        "--rep-id",
        "MGR-08",
        "--ref",
        "ESC-4410",
        "--at",
        "2026-11-18 16:30",
        "--minutes",
        "20",
        "--result",
        "promised",
        "--promise",
        "ship a replacement laptop",
        "--due",
        "2026-11-28",
        "--answer",
        "She approved a replacement.",
    )
    now("2026-11-25T14:00:00")
    return 1
