"""The problem stated the way the guide advises: when it happened, what went
wrong, and what would be fair. Shared by the chat message and the brief."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker import i18n
from tracker.casefile import CaseFile
from tracker.i18n import N_, _, ngettext
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
    "refund": N_("I would like a refund."),
    "replacement": N_("I would like a replacement."),
    "return": N_("I would like to return it."),
    "exchange": N_("I would like to exchange it for what I ordered."),
    "store-credit": N_("I would like store credit."),
    "repair": N_("I would like to have it repaired."),
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
    if i18n.lang() != "en":  # the English grammar below applies only in English
        return _("I would like: {want}.").format(want=want.strip().rstrip("."))
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

    # English needs articles ("a red towel"); other languages take the words as typed
    phrase = item_phrase if i18n.lang() == "en" else (lambda text: text.strip())
    thing = phrase(expected) if expected else ""
    if not thing and order and order.items:
        named = order.items[:items] if short else order.items[:3]
        thing = join_words([phrase(field_text(i, item)) for i in named])
        if len(order.items) > len(named):
            more = len(order.items) - len(named)
            thing += " " + ngettext("and {n} more item", "and {n} more items", more).format(n=more)
    result = Statement()
    number = squash(order.number) if order else ""  # an identifier: never cut
    placed = say_date(order.placed_on) if order and order.placed_on else ""
    if order and thing:
        result.ordered = (
            _("On {date} I ordered {thing} (order {number}).")
            if placed
            else _("I ordered {thing} (order {number}).")
        ).format(date=placed, thing=thing, number=number)
    elif order:
        result.ordered = (
            _("On {date} I placed order {number}.") if placed else _("I placed order {number}.")
        ).format(date=placed, number=number)
    elif thing:
        result.ordered = _("I ordered {thing}.").format(thing=thing)
    result.ordered = sentence(result.ordered)

    # Without a sentence about the order before it, "it" would have nothing to refer to.
    it, package = (
        (_("it"), _("When the package arrived"))
        if result.ordered
        else (_("my package"), _("When my package arrived"))
    )
    happened_day = case.happened_on
    due_day = ship.get("expected_on")
    happened = say_date(happened_day)
    delivered = say_date(ship.get("delivered_on"))
    due = say_date(due_day)
    arrived = (
        _("{when} on {date}").format(when=package, date=happened or delivered)
        if (happened or delivered)
        else package
    )
    tracking = ""
    number_of_parcel = squash(ship.get("tracking"))
    if number_of_parcel and (not short or len(number_of_parcel) <= longest_tracking):
        # a tracking number too long for the chat box is left out whole, never cut
        carrier = squash(ship.get("carrier"))
        if short:
            carrier = clip(carrier, carrier_chars) if len(carrier) <= carrier_chars else ""
        tracking = " " + (
            _("({carrier} tracking {number})") if carrier else _("(tracking {number})")
        ).format(carrier=carrier, number=number_of_parcel)
    # when the user noticed, worth saying only when it adds to the expected date
    noticed = happened if happened and (due_day is None or happened_day > due_day) else ""
    if category == "wrong-item":
        if received and nothing_received(received):
            result.problem = _("{arrived} it was empty.").format(arrived=arrived)
        elif received:
            result.problem = _("{arrived} I found {thing} instead.").format(
                arrived=arrived, thing=phrase(received)
            )
        else:
            result.problem = _("{arrived} it was not what I ordered.").format(arrived=arrived)
    elif category == "damaged":
        if received and nothing_received(received):
            result.problem = _("{arrived} it was damaged and there was nothing inside.").format(
                arrived=arrived
            )
        elif received:
            result.problem = _("{arrived} it was damaged: I received {thing}.").format(
                arrived=arrived, thing=phrase(received)
            )
        else:
            result.problem = _("{arrived} it was damaged.").format(arrived=arrived)
    elif category == "not-delivered":
        if delivered:
            result.problem = _(
                "{it} was marked as delivered on {date}{tracking}, but I never received it."
            ).format(it=it, date=delivered, tracking=tracking)
        elif due:
            result.problem = _(
                "{it} was supposed to arrive by {due} but it has not been delivered{tracking}."
            ).format(it=it, due=due, tracking=tracking)
        else:
            result.problem = _("{it} has not been delivered{tracking}.").format(
                it=it, tracking=tracking
            )
        if noticed and not delivered:
            result.problem = _("{text}; I noticed it was missing on {date}.").format(
                text=result.problem[:-1], date=noticed
            )
    elif category == "late":
        if due and delivered:
            result.problem = _(
                "{it} was supposed to arrive by {due} but only arrived on {date}."
            ).format(it=it, due=due, date=delivered)
        elif due:
            result.problem = _(
                "{it} was supposed to arrive by {due} and it still has not arrived{tracking}."
            ).format(it=it, due=due, tracking=tracking)
        elif delivered:
            result.problem = _("{it} arrived late, on {date}.").format(it=it, date=delivered)
        elif noticed:
            result.problem = _(
                "{it} is late: it still had not arrived on {date}{tracking}."
            ).format(it=it, date=noticed, tracking=tracking)
        else:
            result.problem = _("{it} is late{tracking}.").format(it=it, tracking=tracking)
    elif category == "refund":
        amount = say_money(case.amount) if case.amount else ""
        if happened:
            template = (
                _("I have been waiting for a refund of {amount} since {date}.")
                if amount
                else _("I have been waiting for a refund since {date}.")
            )
        else:
            template = (
                _("I am still waiting for a refund of {amount}.")
                if amount
                else _("I am still waiting for a refund.")
            )
        result.problem = template.format(amount=amount, date=happened)
    elif category == "billing":
        result.problem = (
            _("On {date} I was charged incorrectly.").format(date=happened)
            if happened
            else _("There is a problem with a charge on my account.")
        )
    elif category == "account":
        result.problem = (
            _("Since {date} I have had a problem with my account.").format(date=happened)
            if happened
            else _("I have a problem with my account.")
        )
    elif category == "device":
        result.problem = (
            _("Since {date} my device has not been working properly.").format(date=happened)
            if happened
            else _("My device is not working properly.")
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
            result.details = sentence(_("It is about: {title}").format(title=title))
    if category not in CATEGORY_SENTENCES and not result.problem:
        # "other": the user's own words, or failing those the case's title, say what is wrong
        title = bare(field_text(case.title, titled))
        if result.details:
            result.problem = (
                (
                    _("On {date} something went wrong with this order.")
                    if order
                    else _("On {date} something went wrong.")
                ).format(date=happened)
                if happened
                else ""
            )
        elif title and happened:
            result.problem = sentence(
                (
                    _("On {date} I ran into a problem with this order: {title}")
                    if order
                    else _("On {date} I ran into a problem: {title}")
                ).format(date=happened, title=title)
            )
        elif title:
            result.problem = sentence(
                _("I have a problem with this order: {title}").format(title=title)
                if order
                else _("I need help with a problem: {title}").format(title=title)
            )

    want = field_text(case.want, wish)
    if want:
        result.want = want_sentence(want)
    elif case.resolution in RESOLUTION_WORDS:
        result.want = _(RESOLUTION_WORDS[case.resolution])
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
            "damaged": N_("I have photos of the damage."),
            "wrong-item": N_("I have photos of what I received."),
        }.get(case.category, N_("I have photos."))
        said.append(_(about))
    if receipts:
        said.append(_("I have kept the receipt."))
    if others:
        said.append(
            _("I have kept the documents.") if len(others) > 1 else _("I have kept a document.")
        )
    return " ".join(said)
