"""The problem stated the way the guide advises: when it happened, what went
wrong, and what would be fair. Shared by the chat message and the brief."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.casefile import CaseFile
from tracker.prose.words import (
    bare,
    clip,
    item_phrase,
    join_words,
    nothing_received,
    plain_case,
    say_date,
    say_money,
    sentence,
    squash,
    with_article,
)

# The categories with a problem sentence of their own ("other" has none).
CATEGORY_SENTENCES = (
    "wrong-item",
    "damaged",
    "not-delivered",
    "late",
    "refund",
    "billing",
    "account",
    "device",
)

RESOLUTION_WORDS = {
    "refund": "a refund",
    "replacement": "a replacement",
    "return": "to return it",
    "exchange": "to exchange it for what I ordered",
    "store-credit": "store credit",
    "repair": "to have it repaired",
}


@dataclass
class Statement:
    """The problem stated the way the guide advises: when, what, and what is fair."""

    ordered: str = ""  # "On October 28 I ordered a red bath towel (order 112-...)."
    problem: str = ""  # "When the package arrived on November 2 I found a gray bathrobe instead."
    details: str = ""  # the user's own words, when they add to the above
    want: str = ""  # "I would like to return the bathrobe and get the towel I ordered."


def _shipment(case: CaseFile) -> dict:
    """The order's shipping facts: each one from the latest shipment that records it.

    `ship add` is also how people update a shipment (a new expected date, a
    tracking number), so the latest record may not repeat what an earlier one said.
    """
    merged: dict = {}
    for shipment in case.order.shipments if case.order else []:
        merged.update({k: v for k, v in vars(shipment).items() if v not in (None, "")})
    return merged


# Verbs a wish starts with: "return the robe" -> "I would like to return the robe".
_WISH_VERBS = {
    "return",
    "get",
    "receive",
    "have",
    "exchange",
    "replace",
    "cancel",
    "keep",
    "know",
    "speak",
    "talk",
    "send",
    "ship",
    "fix",
    "repair",
    "swap",
    "be",
    "see",
    "recover",
    "change",
    "correct",
    "reverse",
    "remove",
    "close",
    "unlock",
    "restore",
    "reset",
    "stop",
    "update",
    "resolve",
    "find",
    "track",
    "reschedule",
    "pick",
    "collect",
    "dispute",
    "reactivate",
    "access",
    "use",
    "undo",
    "transfer",
    "escalate",
}


def want_sentence(want: str) -> str:
    """The resolution wanted, as the user wrote it, in a sentence of their own."""
    low = want.lower()
    if low.startswith(("i ", "i'd ", "i’d ", "please", "could ", "can ", "would ")):
        return sentence(want)
    want = plain_case(re.sub(r"^to\s+", "", want, flags=re.IGNORECASE))
    # "Full refund please" -> "I would like a full refund, please."
    please = re.search(r"[,\s]+please[.!]*$", want, flags=re.IGNORECASE)
    if please and please.start() > 0:
        return want_sentence(want[: please.start()])[:-1] + ", please."
    low = want.lower()
    words = low.split()
    verb = words[0] in _WISH_VERBS or (
        words[0] in ("refund", "credit", "charge", "ship")
        and len(words) > 1
        and words[1] in ("the", "my", "me", "it", "them", "this", "that", "back", "both")
    )
    if verb:
        # "exchange for the right size" -> "exchange it for the right size"
        if (
            len(words) > 1
            and words[1] == "for"
            and words[0] in ("exchange", "swap", "return", "replace", "change")
        ):
            want = re.sub(r"^(\S+)\s+", r"\1 it ", want)
        return f"I would like to {want}."
    if low.startswith("money back"):
        return f"I would like my {want}."
    if low.startswith("store credit"):
        return f"I would like {want}."
    return f"I would like {with_article(want)}."


# How much of each field a chat message keeps, tighter and tighter until it fits:
# (what was expected or received, each item, items named, the wish, the title,
# the longest tracking number quoted, the carrier).
CHAT_BUDGETS = (
    (120, 80, 3, 250, 200, 40, 40),
    (80, 50, 2, 150, 120, 30, 24),
    (50, 40, 1, 100, 80, 0, 0),
)


def statement(case: CaseFile, *, short: bool, tight: int = 0) -> Statement:
    """The first-person problem statement; `short` clips long fields for a chat box,
    the more so the higher `tight` (an index of CHAT_BUDGETS)."""
    things, item, items, wish, titled, longest_tracking, carrier_chars = CHAT_BUDGETS[tight]

    def field_text(value: str | None, limit: int) -> str:
        text = bare(squash(value))
        return clip(text, limit) if short else text

    order = case.order
    category = case.category or "other"
    expected = field_text(case.expected, things)
    received = field_text(case.received, things)
    ship = _shipment(case)

    thing = item_phrase(expected) if expected else ""
    if not thing and order and order.items:
        named = order.items[:items] if short else order.items[:3]
        thing = join_words([item_phrase(field_text(i, item)) for i in named])
        if len(order.items) > len(named):
            more = len(order.items) - len(named)
            thing += f" and {more} more item{'s' if more > 1 else ''}"
    result = Statement()
    number = squash(order.number) if order else ""  # an identifier: never cut
    placed = f"On {say_date(order.placed_on)} " if order and order.placed_on else ""
    if order and thing:
        result.ordered = f"{placed}I ordered {thing} (order {number})."
    elif order:
        result.ordered = f"{placed}I placed order {number}."
    elif thing:
        result.ordered = f"I ordered {thing}."
    result.ordered = sentence(result.ordered)

    # Without a sentence about the order before it, "it" would have nothing to refer to.
    it, package = ("it", "the package") if result.ordered else ("my package", "my package")
    happened_day = case.happened_on
    due_day = ship.get("expected_on")
    happened = say_date(happened_day)
    delivered = say_date(ship.get("delivered_on"))
    due = say_date(due_day)
    on = f" on {happened or delivered}" if (happened or delivered) else ""
    tracking = ""
    number_of_parcel = squash(ship.get("tracking"))
    if number_of_parcel and (not short or len(number_of_parcel) <= longest_tracking):
        # a tracking number too long for the chat box is left out whole, never cut
        carrier = squash(ship.get("carrier"))
        if short:
            carrier = clip(carrier, carrier_chars) if len(carrier) <= carrier_chars else ""
        tracking = f" ({carrier + ' ' if carrier else ''}tracking {number_of_parcel})"
    # when the user noticed, worth saying only when it adds to the expected date
    noticed = happened if happened and (due_day is None or happened_day > due_day) else ""
    arrived = f"When {package} arrived{on}"
    if category == "wrong-item":
        if received and nothing_received(received):
            result.problem = f"{arrived} it was empty."
        elif received:
            result.problem = f"{arrived} I found {item_phrase(received)} instead."
        else:
            result.problem = f"{arrived} it was not what I ordered."
    elif category == "damaged":
        if received and nothing_received(received):
            result.problem = f"{arrived} it was damaged and there was nothing inside."
        elif received:
            result.problem = f"{arrived} it was damaged: I received {item_phrase(received)}."
        else:
            result.problem = f"{arrived} it was damaged."
    elif category == "not-delivered":
        if delivered:
            result.problem = (
                f"{it} was marked as delivered on {delivered}{tracking}, but I never received it."
            )
        elif due:
            result.problem = (
                f"{it} was supposed to arrive by {due} but it has not been delivered{tracking}."
            )
            if noticed:
                result.problem = result.problem[:-1] + f"; I noticed it was missing on {noticed}."
        else:
            result.problem = f"{it} has not been delivered{tracking}."
            if noticed:
                result.problem = result.problem[:-1] + f"; I noticed it was missing on {noticed}."
    elif category == "late":
        if due and delivered:
            result.problem = (
                f"{it} was supposed to arrive by {due} but only arrived on {delivered}."
            )
        elif due:
            result.problem = (
                f"{it} was supposed to arrive by {due} and it still has not arrived{tracking}."
            )
        elif delivered:
            result.problem = f"{it} arrived late, on {delivered}."
        elif noticed:
            result.problem = f"{it} is late: it still had not arrived on {noticed}{tracking}."
        else:
            result.problem = f"{it} is late{tracking}."
    elif category == "refund":
        of = f" of {say_money(case.amount)}" if case.amount else ""
        result.problem = (
            f"I have been waiting for a refund{of} since {happened}."
            if happened
            else f"I am still waiting for a refund{of}."
        )
    elif category == "billing":
        result.problem = (
            f"On {happened} I was charged incorrectly."
            if happened
            else "There is a problem with a charge on my account."
        )
    elif category == "account":
        result.problem = (
            f"Since {happened} I have had a problem with my account."
            if happened
            else "I have a problem with my account."
        )
    elif category == "device":
        result.problem = (
            f"Since {happened} my device has not been working properly."
            if happened
            else "My device is not working properly."
        )
    result.problem = sentence(result.problem)

    problem = squash(case.problem) if short else (case.problem or "").strip()
    if problem and not (short and category == "wrong-item" and received):
        result.details = sentence(clip(problem, 300) if short else problem)
    if (
        category in CATEGORY_SENTENCES
        and not result.details
        and not result.ordered
        and not expected
        and not received
    ):
        # nothing else says what it is about: the title does
        title = bare(field_text(case.title, titled))
        if title:
            result.details = sentence(f"It is about: {title}")
    if category not in CATEGORY_SENTENCES and not result.problem:
        # "other": the user's own words, or failing those the case's title, say what is wrong
        title = bare(field_text(case.title, titled))
        this = " with this order" if order else ""
        if result.details:
            result.problem = f"On {happened} something went wrong{this}." if happened else ""
        elif title and happened:
            result.problem = sentence(f"On {happened} I ran into a problem{this}: {title}")
        elif title:
            result.problem = sentence(
                f"I have a problem{this}: {title}"
                if order
                else f"I need help with a problem: {title}"
            )

    want = field_text(case.want, wish)
    if want:
        result.want = want_sentence(want)
    elif case.resolution in RESOLUTION_WORDS:
        result.want = f"I would like {RESOLUTION_WORDS[case.resolution]}."
    return result


_PHOTO = re.compile(r"\.(?:jpe?g|png|heic|heif|gif|webp|tiff?|bmp|mp4|mov)$", re.IGNORECASE)
_RECEIPT = re.compile(r"receipt|invoice|proof of purchase|bill\b", re.IGNORECASE)


def evidence_sentence(case: CaseFile) -> str:
    """What the user kept, in their words to the company: 'I have photos of the damage.
    I have kept the receipt.' ('' when nothing is kept)."""
    said = []
    photos = [e for e in case.evidence if _PHOTO.search(e.original_name)]
    receipts = [e for e in case.evidence if _RECEIPT.search(f"{e.original_name} {e.note or ''}")]
    others = [e for e in case.evidence if e not in photos and e not in receipts]
    if photos:
        about = {
            "damaged": " of the damage",
            "wrong-item": " of what I received",
        }.get(case.category, "")
        said.append(f"I have photos{about}.")
    if receipts:
        said.append("I have kept the receipt.")
    if others:
        said.append("I have kept the documents." if len(others) > 1 else "I have kept a document.")
    return " ".join(said)
