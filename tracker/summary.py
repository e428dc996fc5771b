"""Summaries of a case: the message for the next chat and the brief for a manager.

A summary is built once, as data (`ChatSummary`, `Brief`), from the case file
that `tracker.services.cases.case_file` returns, and then rendered by one of
the `RENDERERS` (text, markdown, json). Building never prints; rendering never
looks at the database.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal

from rich.text import Text

from tracker.parse import exponent, long_date, money_display, safe, to_local, today

CHAT_LIMIT = 1000

NOT_RECORDED = "Not recorded."

MANAGER_REQUEST = (
    "I'm sorry, but I think I need to speak with someone who can help me "
    "directly. Could you transfer me to your manager?"
)

QUESTIONS = {
    "wrong-item": "Can you help me correct this?",
    "damaged": "Can you help me correct this?",
    "not-delivered": "Can you help me find my package or get this put right?",
    "late": "Can you help me get this put right?",
    "refund": "Can you help me get my refund?",
    "billing": "Can you help me get this charge corrected?",
}
DEFAULT_QUESTION = "Can you help me resolve this?"

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


# ---------------------------------------------------------------- words


def squash(value: str | None) -> str:
    """User text on one line: chat boxes send on Enter."""
    return " ".join((value or "").split())


def clip(value: str, limit: int) -> str:
    """At most `limit` characters: whole sentences when possible, else whole words and '…'."""
    if len(value) <= limit:
        return value
    kept = ""
    for sentence in re.split(r"(?<=[.!?])\s+", value):
        candidate = f"{kept} {sentence}".strip()
        if len(candidate) > limit:
            break
        kept = candidate
    if kept:
        return kept
    cut = value[: limit - 1].rsplit(" ", 1)[0] if " " in value[: limit - 1] else value[: limit - 1]
    return cut.rstrip(" ,;:.-") + "…"


def bare(value: str) -> str:
    """A phrase to embed in a sentence: no final full stop."""
    return value.rstrip().rstrip(".").rstrip()


def sentence(value: str) -> str:
    """A sentence: capital first letter, final punctuation."""
    value = value.strip()
    if not value:
        return value
    value = value[0].upper() + value[1:]
    return value if value[-1] in ".!?…\"')" else value + "."


_DETERMINERS = (
    "a ",
    "an ",
    "the ",
    "my ",
    "some ",
    "one ",
    "two ",
    "three ",
    "four ",
    "five ",
    "six ",
    "seven ",
    "eight ",
    "nine ",
    "ten ",
    "twelve ",
    "this ",
    "that ",
    "these ",
    "those ",
    "another ",
    "your ",
    "our ",
    "his ",
    "her ",
    "their ",
    "its ",
    "no ",
    "any ",
    "each ",
    "every ",
    "both ",
    "all ",
    "half ",
    "several ",
    "many ",
    "few ",
    "multiple ",
    "only ",
    "just ",
    "someone ",
    "somebody ",
    "someone's ",
    "someone’s ",
    "other ",
    "only ",
)
# Words that stand alone without an article: "I found nothing instead".
_BARE_WORDS = {
    "nothing",
    "none",
    "something",
    "anything",
    "some",
    "one",
    "two",
    "three",
    "it",
    "them",
    "this",
    "that",
    "these",
    "those",
    "both",
    "all",
    "half",
    "another",
    "others",
    "everything",
    "junk",
    "trash",
    "garbage",
    "stuff",
}
# Singular nouns that end in s; uncountable nouns that take no article.
_SINGULAR_S = {
    "lens",
    "bus",
    "canvas",
    "atlas",
    "gas",
    "chassis",
    "iris",
    "bonus",
    "cactus",
    "octopus",
    "walrus",
    "virus",
    "campus",
    "status",
    "thesis",
    "analysis",
    "crisis",
    "basis",
    "news",
}
_UNCOUNTABLE = {
    "clothing",
    "jewelry",
    "jewellery",
    "furniture",
    "luggage",
    "equipment",
    "software",
    "hardware",
    "food",
    "water",
    "coffee",
    "tea",
    "rice",
    "paper",
    "makeup",
    "underwear",
    "footwear",
    "silverware",
    "cutlery",
    "bedding",
    "packaging",
    "stuff",
    "junk",
    "trash",
    "garbage",
    "money",
    "cash",
    "gear",
    "merchandise",
    "mail",
    "news",
    "tennis",
    "glassware",
    "flour",
    "sugar",
    "candy",
    "chocolate",
    "soap",
    "shampoo",
    "detergent",
    "yarn",
    "fabric",
}


def _head_noun(low: str) -> str:
    """The word a phrase is about: 'pair of shoes' -> 'pair', 'red bath towel' -> 'towel'."""
    head = re.split(r"\s+(?:of|with|for|in|from|without|instead)\s+", low, maxsplit=1)[0]
    words = re.findall(r"[a-z’']+", head)
    return words[-1] if words else ""


def with_article(phrase: str) -> str:
    """'red bath towel' -> 'a red bath towel', 'wrong size' -> 'the wrong size'.

    Leaves alone what needs no article: names, plurals, numbers, uncountable
    nouns, and phrases that already start with a determiner ('2 towels',
    'the wrong size', 'some', 'nothing', 'an empty box').
    """
    text = phrase.strip()
    low = text.lower()
    if (
        not text
        or low in _BARE_WORDS
        or low.startswith(_DETERMINERS)
        or text[0].isdigit()
        or not text[0].islower()
    ):
        return text
    if re.match(r"[^\s]+(?:'s|’s)\s", low):  # "someone's order", "neighbour's parcel"
        return text
    if low.startswith(("wrong ", "same ")):
        return "the " + text
    head = _head_noun(low)
    plural = (
        head.endswith("s") and not head.endswith(("ss", "us", "is")) and head not in _SINGULAR_S
    )
    if plural or head in _UNCOUNTABLE:
        return text
    return (
        "an "
        if re.match(r"[aeiou]|hour|honest|honor|honour", low)
        and not re.match(r"u[^aeiou]i|uni|use|usu|us[bp]|eu|one", low)
        else "a "
    ) + text


_EMPTY = re.compile(
    r"(?:(?:an?|the|just an?)\s+)?(?:nothing(?:\s+(?:at all|inside|in it|in the (?:box|package)))?|none|"
    r"empty|no items?|(?:an?\s+)?empty\s+(?:box|package|parcel|envelope|bag|carton))",
    re.IGNORECASE,
)


def nothing_received(phrase: str) -> bool:
    """'nothing', 'none', 'an empty box': the package held nothing."""
    return bool(_EMPTY.fullmatch(bare(phrase).strip(" !")))


def item_phrase(item: str) -> str:
    """An order item as typed ('Red bath towel') inside a sentence ('a red bath towel')."""
    text = item.strip()
    words = text.split()
    if (
        len(words) > 1
        and words[0][:1].isupper()
        and words[0][1:].islower()
        and all(not w[:1].isupper() for w in words[1:])
    ):
        text = text[0].lower() + text[1:]
    return with_article(text)


def join_words(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def day_of(value: str | None) -> date | None:
    """The local date of an ISO date or time from the case file."""
    if not value:
        return None
    if len(value) == 10:
        return date.fromisoformat(value)
    return to_local(datetime.fromisoformat(value)).date()


def say_date(value: str | date | None) -> str:
    day = value if isinstance(value, date) else day_of(value)
    return long_date(day) if day else ""


def say_time(value: str | None) -> str:
    """'November 2, 10:10' for a contact's ISO time."""
    if not value:
        return ""
    moment = to_local(datetime.fromisoformat(value))
    return f"{long_date(moment.date())}, {moment:%H:%M}"


def money(amount: str | None, currency: str | None) -> str:
    if amount is None:
        return ""
    code = currency or "USD"
    return money_display(int(Decimal(amount).scaleb(exponent(code))), code)


def promise_verb(what: str) -> str:
    """'ship the towel' -> 'promised to ship the towel'; 'a refund' -> 'promised a refund'."""
    text = bare(squash(what))
    text = re.sub(
        r"^(?:(?:they|she|he|you|we|it)\s+)?(?:will|would|shall)\s+", "", text, flags=re.IGNORECASE
    )
    text = re.sub(r"^to\s+", "", text, flags=re.IGNORECASE)
    if text.lower().startswith(_DETERMINERS) or text.lower().startswith(("full ", "store ")):
        return f"promised {text}"
    return f"promised to {text}"


def not_done(what: str) -> str:
    low = what.lower()
    if re.search(r"\b(ship|send|deliver|mail|dispatch|replace)", low):
        return "it has not arrived"
    if re.search(r"\b(refund|credit|reimburse|pay)", low):
        return "I have not received it"
    if re.search(r"\b(call|email|contact|reply|get back)", low):
        return "I have not heard back"
    return "it has not happened"


def who_of(contact: dict | None) -> str:
    """How the message names whoever made a promise or answered."""
    if contact is None:
        return "your team"
    if contact.get("rep_name"):
        return clip(squash(contact["rep_name"]), 40)
    return {"bot": "the virtual assistant", "manager": "a manager"}.get(
        contact.get("with") or "", "a representative"
    )


# ---------------------------------------------------------------- the statement


@dataclass
class Statement:
    """The problem stated the way the guide advises: when, what, and what is fair."""

    ordered: str = ""  # "On October 28 I ordered a red bath towel (order 112-...)."
    problem: str = ""  # "When the package arrived on November 2 I found a gray bathrobe instead."
    details: str = ""  # the user's own words, when they add to the above
    want: str = ""  # "I would like to return the bathrobe and get the towel I ordered."

    def sentences(self) -> list[str]:
        return [s for s in (self.ordered, self.problem, self.details, self.want) if s]


def _shipment(data: dict) -> dict:
    """The order's shipping facts: each one from the latest shipment that records it.

    `ship add` is also how people update a shipment (a new expected date, a
    tracking number), so the latest record may not repeat what an earlier one said.
    """
    order = data.get("order") or {}
    merged: dict = {}
    for shipment in order.get("shipments") or []:
        merged.update({k: v for k, v in shipment.items() if v not in (None, "")})
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
    want = re.sub(r"^to\s+", "", want, flags=re.IGNORECASE)
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


def statement(data: dict, *, short: bool) -> Statement:
    """The first-person problem statement; `short` clips long fields for a chat box."""

    def field_text(value: str | None, limit: int) -> str:
        text = bare(squash(value))
        return clip(text, limit) if short else text

    order = data.get("order")
    category = data.get("category") or "other"
    expected = field_text(data.get("expected"), 120)
    received = field_text(data.get("received"), 120)
    ship = _shipment(data)

    thing = item_phrase(expected) if expected else ""
    if not thing and order and order.get("items"):
        thing = join_words([item_phrase(field_text(i, 80)) for i in order["items"][:3]])
        if len(order["items"]) > 3:
            thing += f" and {len(order['items']) - 3} more items"
    result = Statement()
    number = field_text(order["number"], 60) if order else ""
    placed = f"On {say_date(order['placed_on'])} " if order and order.get("placed_on") else ""
    if order and thing:
        result.ordered = f"{placed}I ordered {thing} (order {number})."
    elif order:
        result.ordered = f"{placed}I placed order {number}."
    elif thing:
        result.ordered = f"I ordered {thing}."
    result.ordered = sentence(result.ordered)

    # Without a sentence about the order before it, "it" would have nothing to refer to.
    it, package = ("it", "the package") if result.ordered else ("my package", "my package")
    happened_day = day_of(data.get("happened_on"))
    due_day = day_of(ship.get("expected_on"))
    happened = say_date(happened_day)
    delivered = say_date(ship.get("delivered_on"))
    due = say_date(due_day)
    on = f" on {happened or delivered}" if (happened or delivered) else ""
    tracking = ""
    if ship.get("tracking"):
        carrier = squash(ship.get("carrier"))
        tracking = f" ({carrier + ' ' if carrier else ''}tracking {squash(ship['tracking'])})"
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
        of = f" of {money(data['amount'], data.get('currency'))}" if data.get("amount") else ""
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

    problem = squash(data.get("problem")) if short else (data.get("problem") or "").strip()
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
        title = bare(field_text(data.get("title"), 200))
        if title:
            result.details = sentence(f"It is about: {title}")
    if category not in CATEGORY_SENTENCES and not result.problem:
        # "other": the user's own words, or failing those the case's title, say what is wrong
        title = bare(field_text(data.get("title"), 200))
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

    want = field_text(data.get("want"), 250)
    if want:
        result.want = want_sentence(want)
    elif data.get("resolution") in RESOLUTION_WORDS:
        result.want = f"I would like {RESOLUTION_WORDS[data['resolution']]}."
    return result


# ---------------------------------------------------------------- the chat message


@dataclass
class ChatSummary:
    """The message to paste into the next chat, within the chat box's limit."""

    case: int
    company: str
    order: str | None
    message: str
    characters: int
    limit: int
    left_out: list[str] = field(default_factory=list)
    kind: str = "chat"


@dataclass
class _Part:
    key: str  # what the sentence is about, for `left_out`
    place: float  # where it goes: statement < 10 <= history < 99 <= question
    text: str
    mentions: tuple[str, ...] = ()


def promise_sentence(p: dict, contact: dict | None) -> str:
    """The sentence citing a promise: 'On November 2 Priya (reference C-0042) promised ...'."""
    made = say_date(contact["at"]) if contact else ""
    who = who_of(contact)
    ref = squash(contact.get("reference")) if contact else ""
    subject = f"{who} (reference {clip(ref, 40)})" if ref else who
    text = f"On {made} {subject}" if made else (sentence(subject) if contact else "I was told you")
    what = clip(bare(squash(p["what"])), 150)
    verb = promise_verb(what) if contact else f"would {re.sub(r'^(to|will) ', '', what)}"
    due = f" by {say_date(p['due_on'])}" if p.get("due_on") else ""
    text = f"{text} {verb}{due}"
    if p["state"] == "broken":
        return f"{text}, but that did not happen."
    if p["overdue"]:
        return f"{text}; {not_done(what)}."
    if not p.get("due_on"):
        return f"{text}; {not_done(what)} yet."
    return f"{text}."


_CHANNEL_VERB = {
    "chat": "chatted with",
    "phone": "called and spoke with",
    "email": "emailed",
    "social": "wrote to",
    "in-person": "spoke in person with",
}
_RESULT_WORDS = {
    "disconnected": "but we were disconnected",
    "no-answer": "but got no answer",
    "refused": "who refused to help",
    "transferred": "who transferred me",
    "escalated": "who escalated the case",
}


def _contact_sentence(c: dict) -> str:
    when = say_date(c["at"])
    channel = c.get("channel") or "other"
    if c.get("with") == "nobody":
        how = {"phone": "called", "chat": "tried the chat", "email": "emailed"}.get(
            channel, "tried to reach you"
        )
        return f"On {when} I {how}, but nobody answered."
    verb = _CHANNEL_VERB.get(channel, "contacted")
    who = who_of(c)
    text = f"On {when} I {verb} {who}"
    if c.get("reference"):
        text += f" (reference {clip(squash(c['reference']), 40)})"
    words = _RESULT_WORDS.get(c.get("result") or "")
    if words:
        text += (", " if who else " ") + words
    return text + "."


_REPORTED = re.compile(
    r"^(he|she|they|it|i|we|you|the|this|that|there|their|his|her|"
    r"[A-Z][a-z]+ (said|says|told|promised|offered|asked|refused))\b",
    re.IGNORECASE,
)


# A note that starts with what they did, without saying who: "Offered a refund only".
_NO_SUBJECT = re.compile(
    r"^(will|would|won't|wouldn't|can|can't|cannot|could|couldn't|needs|has|had|is|was|says|"
    r"said|told|gave|sent|took|made|wrote|kept|sold|found|got|put|let|\w{2,}ed)\b",
    re.IGNORECASE,
)


def answer_sentence(contact: dict) -> str:
    """What they said, from the user's notes: kept as written when it reads as a sentence."""
    answer = sentence(clip(squash(contact["answer"]), 200))
    if _REPORTED.match(answer):
        return answer
    if _NO_SUBJECT.match(answer) and not answer.split()[0].isupper():
        who = who_of(contact)
        who = re.sub(r"^an? ", "the ", who)
        return sentence(f"{who} {answer[0].lower()}{answer[1:]}")
    return f"I was told: {answer}"


def chat_summary(data: dict, *, limit: int = CHAT_LIMIT) -> ChatSummary:
    """The chat message: the statement, the history a representative needs, a question.

    When everything does not fit in `limit` characters, the most useful facts
    are kept (the contact count, the latest reference, overdue promises) and
    whole sentences are left out, never cut.
    """
    company = squash(data.get("company")) or "you"
    said = statement(data, short=True)
    contacts = data.get("contacts") or []
    by_id = {c["id"]: c for c in contacts}

    required = [
        _Part("order", 0, said.ordered),
        _Part("problem", 1, said.problem),
        _Part("want", 3, said.want),
    ]
    optional: list[_Part] = []  # in order of usefulness
    if contacts:
        first = say_date(contacts[0]["at"])
        optional.append(
            _Part(
                "contacts",
                10,
                (
                    f"I have contacted {company} {times(len(contacts))} about this since {first}."
                    if len(contacts) > 1
                    else f"I have contacted {company} about this once before."
                ),
            )
        )
    refs = [squash(c["reference"]) for c in contacts if c.get("reference")]
    refs += [
        squash(r["value"]) for r in data.get("references") or [] if squash(r["value"]) not in refs
    ]
    latest_ref = refs[-1] if refs else ""
    if latest_ref:
        optional.append(
            _Part(
                "latest reference",
                40,
                f"My latest reference number is {clip(latest_ref, 40)}.",
                (latest_ref,),
            )
        )
    promises = data.get("promises") or []
    order_of = {p["id"]: i for i, p in enumerate(promises)}
    ranked = (
        [p for p in reversed(promises) if p["overdue"] and p["state"] == "pending"]
        + [p for p in reversed(promises) if p["state"] == "broken"]
        + [p for p in reversed(promises) if p["state"] == "pending" and not p["overdue"]]
    )
    unkept = [p for p in promises if p["state"] == "broken" or p["overdue"]]
    if len(unkept) > 1:
        optional.append(
            _Part("unkept promises", 11, f"{len(unkept)} promises made to me have not been kept.")
        )
    for p in ranked:
        contact = by_id.get(p.get("contact_id"))
        mentions = (
            tuple(
                x for x in (squash(contact.get("reference")), squash(contact.get("rep_name"))) if x
            )
            if contact
            else ()
        )
        optional.append(
            _Part(
                f"promise {p['id']}",
                20 + order_of[p["id"]] / (len(promises) + 1),
                promise_sentence(p, contact),
                mentions,
            )
        )
    if contacts:
        last = contacts[-1]
        last_promised = any(p.get("contact_id") == last["id"] for p in ranked)
        if not last_promised:
            mentions = tuple(
                x for x in (squash(last.get("reference")), squash(last.get("rep_name"))) if x
            )
            optional.append(_Part("latest contact", 30, _contact_sentence(last), mentions))
        humans = [c for c in contacts if c.get("rep_name")]
        if humans and humans[-1] is not last:
            name = squash(humans[-1]["rep_name"])
            optional.append(
                _Part(
                    "latest representative",
                    41,
                    f"The last representative I spoke with was {clip(name, 40)}.",
                    (name,),
                )
            )
        if last.get("answer") and not last_promised:
            optional.append(_Part("latest answer", 31, answer_sentence(last)))
    if said.details:
        optional.append(_Part("details", 2, said.details))
    if len(refs) > 1:
        others = [clip(r, 40) for r in refs[:-1]]
        optional.append(
            _Part("other references", 42, f"Earlier reference numbers: {', '.join(others)}.")
        )

    question = _Part("question", 99, QUESTIONS.get(data.get("category"), DEFAULT_QUESTION))
    chosen = [p for p in required if p.text] + [question]
    left_out = []
    for part in optional:
        if len(_compose(chosen + [part])) <= limit:
            chosen.append(part)
        else:
            left_out.append(part.key)
    # The latest reference and representative need no sentence of their own
    # when another chosen sentence already names them.
    for key in ("latest reference", "latest representative"):
        part = next((p for p in chosen if p.key == key), None)
        if part and any(part.mentions[0] in p.mentions for p in chosen if p is not part):
            chosen.remove(part)
    message = _compose(chosen).replace("….", "…")
    return ChatSummary(
        case=data["id"],
        company=data.get("company") or "",
        order=(data.get("order") or {}).get("number"),
        message=message,
        characters=len(message),
        limit=limit,
        left_out=left_out,
    )


def _compose(parts: list[_Part]) -> str:
    paragraphs: list[list[str]] = [[], [], []]
    for part in sorted(parts, key=lambda p: p.place):
        paragraphs[0 if part.place < 10 else 1 if part.place < 99 else 2].append(part.text)
    return "\n\n".join(" ".join(p) for p in paragraphs if p)


# ---------------------------------------------------------------- the manager brief


@dataclass
class Brief:
    """Everything a manager needs, in time order, with the request to escalate."""

    case: dict
    order: dict | None
    statement: str
    problem: str | None
    happened_on: str | None
    expected: str | None
    received: str | None
    resolution: str | None
    want: str | None
    wanted: str
    amount: str | None
    currency: str | None
    contacts: list[dict]
    promises: list[dict]
    references: list[dict]
    totals: dict
    request: str = MANAGER_REQUEST
    kind: str = "manager"


def manager_brief(data: dict) -> Brief:
    day = today()
    said = statement(data, short=False)
    contacts = data.get("contacts") or []
    by_id = {c["id"]: c for c in contacts}
    promises = []
    for p in data.get("promises") or []:
        contact = by_id.get(p.get("contact_id")) or {}
        item = {k: p[k] for k in ("id", "what", "due_on", "state", "overdue", "contact_id")}
        item["made_at"] = contact.get("at")
        item["made_by"] = contact.get("rep_name") or contact.get("with")
        item["reference"] = contact.get("reference")
        due = day_of(p.get("due_on"))
        item["days_overdue"] = (day - due).days if p["overdue"] and due else 0
        promises.append(item)
    references = []
    for r in data.get("references") or []:
        contact = by_id.get(r.get("contact_id")) or {}
        references.append(
            {
                "kind": r["kind"],
                "value": r["value"],
                "contact_id": r.get("contact_id"),
                "given_at": contact.get("at"),
                "given_by": contact.get("rep_name") or contact.get("with"),
            }
        )
    first = day_of(contacts[0]["at"]) if contacts else None
    totals = {
        "contacts": len(contacts),
        "human_contacts": sum(1 for c in contacts if c.get("with") in ("rep", "manager")),
        "minutes": sum(c.get("minutes") or 0 for c in contacts),
        "first_contact_on": first.isoformat() if first else None,
        "days_since_first_contact": (day - first).days if first else None,
        "promises_kept": sum(1 for p in promises if p["state"] == "kept"),
        "promises_broken": sum(1 for p in promises if p["state"] == "broken"),
        "promises_overdue": sum(1 for p in promises if p["overdue"]),
    }
    order = data.get("order")
    return Brief(
        case={
            k: data.get(k)
            for k in ("id", "title", "status", "company", "category", "opened_at", "follow_up_on")
        },
        order={
            k: order.get(k)
            for k in ("number", "placed_on", "items", "amount", "currency", "shipments")
        }
        if order
        else None,
        statement=" ".join(s for s in (said.ordered, said.problem) if s),
        problem=data.get("problem"),
        happened_on=data.get("happened_on"),
        expected=data.get("expected"),
        received=data.get("received"),
        resolution=data.get("resolution"),
        want=data.get("want"),
        wanted=said.want,
        amount=data.get("amount"),
        currency=data.get("currency"),
        contacts=[{k: v for k, v in c.items() if k != "logged_by"} for c in contacts],
        promises=promises,
        references=references,
        totals=totals,
    )


# ---------------------------------------------------------------- rendering

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def md(value: object) -> str:
    """User text inside Markdown: shown as typed, never as formatting."""
    return _MD_SPECIAL.sub(r"\\\1", safe(value))


class _Doc:
    """A rich Text assembled from labelled parts; `.plain` is the piped form."""

    def __init__(self) -> None:
        self.text = Text()

    def add(self, value: object = "", style: str | None = None) -> _Doc:
        self.text.append(safe(value), style=style or "")
        return self

    def nl(self, n: int = 1) -> _Doc:
        self.text.append("\n" * n)
        return self

    def block(self, value: str, indent: str, case: int | None = None) -> _Doc:
        """Multi-line user text, each line indented; very long text cut (see LONG_FIELD)."""
        shown, more = _excerpt(value, case) if case is not None else (value, "")
        self.add(safe(shown).replace("\n", "\n" + indent))
        return self.add(f" {more}") if more else self


# In the text and markdown brief a field longer than LONG_FIELD characters (a
# pasted transcript) shows its first LONG_EXCERPT characters and where to read
# the rest; shorter fields, however many lines, are always shown whole. The JSON
# brief always has everything.
LONG_FIELD = 2000
LONG_EXCERPT = 600


def _excerpt(value: str, case: int) -> tuple[str, str]:
    """(what to show, the note saying what was left out) for one user field."""
    if len(value) <= LONG_FIELD:
        return value, ""
    cut = value[:LONG_EXCERPT]
    if " " in cut[LONG_EXCERPT // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    cut = cut.rstrip()
    return cut, (
        f"… ({len(value) - len(cut):,} more characters; "
        f"full text in `tracker case show {case} --json`)"
    )


def _who(c: dict) -> str:
    who = c.get("with") or "unknown"
    if c.get("rep_name"):
        who += f" {c['rep_name']}"
    if c.get("rep_id"):
        who += f" (id {c['rep_id']})"
    return who


def _contact_facts(c: dict) -> list[str]:
    facts = [c.get("channel") or "", _who(c)]
    if c.get("reference"):
        facts.append(f"reference {c['reference']}")
    elif c.get("with") in ("rep", "manager"):
        facts.append("no reference given")
    if c.get("minutes") is not None:
        facts.append(f"{c['minutes']} min")
    if c.get("result"):
        facts.append(c["result"])
    if c.get("rating") is not None:
        facts.append(f"rated {c['rating']}/5")
    return facts


def _promise_state(p: dict) -> str:
    if p["overdue"]:
        days = p["days_overdue"]
        return f"OVERDUE since {say_date(p['due_on'])} ({days} day{'s' if days != 1 else ''})"
    if p["state"] == "pending":
        return (
            f"pending, due {say_date(p['due_on'])}" if p.get("due_on") else "pending, no due date"
        )
    return p["state"]


def _promise_origin(p: dict) -> str:
    parts = []
    if p.get("made_by"):
        parts.append(f"by {p['made_by']}")
    if p.get("made_at"):
        parts.append(f"on {say_date(p['made_at'])}")
    if p.get("reference"):
        parts.append(f"(reference {p['reference']})")
    return "promised " + " ".join(parts) if parts else ""


def _totals_line(t: dict) -> str:
    text = (
        f"{t['contacts']} contact{'s' if t['contacts'] != 1 else ''}"
        f" ({t['human_contacts']} with a person)"
    )
    if t["minutes"]:
        text += f", {t['minutes']} minutes spent"
    if t["first_contact_on"]:
        days = t["days_since_first_contact"]
        first = say_date(t["first_contact_on"])
        text += (
            f", the first one today ({first})"
            if days == 0
            else f", {days} day{'s' if days != 1 else ''} since the first contact ({first})"
        )
    return text + "."


def _order_line(order: dict) -> str:
    text = f"Order {order['number']}"
    if order.get("placed_on"):
        text += f", placed {say_date(order['placed_on'])}"
    if order.get("amount"):
        text += f", {money(order['amount'], order.get('currency'))}"
    if order.get("items"):
        text += ": " + "; ".join(order["items"])
    return text


def _shipment_line(s: dict) -> str:
    parts = [
        s.get("carrier"),
        s.get("tracking") and f"tracking {s['tracking']}",
        s.get("shipped_on") and f"shipped {say_date(s['shipped_on'])}",
        s.get("expected_on") and f"expected {say_date(s['expected_on'])}",
        s.get("delivered_on") and f"delivered {say_date(s['delivered_on'])}",
    ]
    text = ", ".join(p for p in parts if p)
    status = s.get("status")
    if status and not re.search(rf"\b{re.escape(status)}\b", text):
        text = f"{text}, {status}" if text else status
    return f"Shipment: {text}"


def _problem_facts(b: Brief) -> list[tuple[str, str]]:
    rows = [("Category", (b.case.get("category") or "").replace("-", " "))]
    if b.happened_on:
        rows.append(("Happened", say_date(b.happened_on)))
    rows += [
        ("Expected", b.expected or ""),
        ("Received", b.received or ""),
        ("In my words", b.problem or ""),
    ]
    return [(k, v) for k, v in rows if v]


def _wanted(b: Brief) -> str:
    kind = (b.resolution or "").replace("-", " ")
    words = b.want or ""
    if kind and words:
        return f"{kind.capitalize()}: {words}"
    return kind.capitalize() or words or b.wanted


def brief_text(b: Brief) -> Text:
    d = _Doc()
    head, label = "bold", "bold"
    d.add(f"Escalation brief: case #{b.case['id']}, ", head).add(b.case["title"], head).nl()
    d.add(f"{b.case['company']} · status {b.case['status']}").nl()
    if b.order:
        d.add(_order_line(b.order)).nl()
        for s in b.order.get("shipments") or []:
            d.add(_shipment_line(s)).nl()
    d.nl().add("Problem", label).nl()
    case = b.case["id"]
    if b.statement:
        d.add("  ").block(b.statement, "  ", case).nl()
    for key, value in _problem_facts(b):
        d.add(f"  {key}: ").block(value, "    ", case).nl()
    d.nl().add("Resolution wanted", label).nl().add("  ")
    d.block(_wanted(b) or NOT_RECORDED, "    ", case).nl()
    d.nl().add("Amount at stake: ", label)
    d.add(money(b.amount, b.currency) if b.amount is not None else NOT_RECORDED.lower()).nl()

    d.nl().add(f"Contacts ({len(b.contacts)})", label).nl()
    if not b.contacts:
        d.add("  None yet.").nl()
    for i, c in enumerate(b.contacts, 1):
        d.add(f"  {i}. {say_time(c['at'])} · ").add(" · ".join(_contact_facts(c))).nl()
        for key, name in (("asked", "Asked"), ("answer", "Said"), ("note", "Note")):
            if c.get(key):
                d.add(f"     {name}: ").block(c[key], "       ", case).nl()

    if b.promises:
        d.nl().add("Promises", label).nl()
        for p in b.promises:
            d.add("  - ").block(p["what"], "    ", case)
            origin = _promise_origin(p)
            if origin:
                d.add(f", {origin}")
            d.add(": ").add(
                _promise_state(p), "bold red" if p["overdue"] or p["state"] == "broken" else None
            ).nl()

    d.nl().add("References", label).nl()
    if not b.references:
        d.add("  None recorded.").nl()
    for r in b.references:
        d.add("  ").add(r["value"]).add(f" ({r['kind']}")
        if r.get("given_by"):
            d.add(f", given by {r['given_by']}")
        if r.get("given_at"):
            d.add(f" on {say_date(r['given_at'])}")
        d.add(")").nl()

    d.nl().add("Totals", label).nl().add("  ").add(_totals_line(b.totals)).nl()
    d.nl().add("Request", label).nl().add("  ").add(b.request).nl()
    return d.text


def brief_markdown(b: Brief) -> str:
    lines = [
        f"# Escalation brief: case #{b.case['id']}, {md(b.case['title'])}",
        "",
        f"{md(b.case['company'])} · status {b.case['status']}",
    ]
    if b.order:
        shipments = [md(_shipment_line(s)) for s in b.order.get("shipments") or []]
        lines += ["", "  \n".join([md(_order_line(b.order)), *shipments])]
    case = b.case["id"]
    lines += ["", "## Problem", ""]
    if b.statement:
        lines += [_md_block(b.statement, "", case), ""]
    lines += [f"- **{k}:** {_md_block(v, '  ', case)}" for k, v in _problem_facts(b)]
    lines += ["", "## Resolution wanted", "", _md_block(_wanted(b), "", case) or NOT_RECORDED]
    amount = md(money(b.amount, b.currency)) if b.amount is not None else NOT_RECORDED.lower()
    lines += ["", f"**Amount at stake:** {amount}"]
    lines += ["", f"## Contacts ({len(b.contacts)})", ""]
    if not b.contacts:
        lines.append("None yet.")
    for i, c in enumerate(b.contacts, 1):
        lines.append(f"{i}. **{say_time(c['at'])}** · {md(' · '.join(_contact_facts(c)))}")
        for key, name in (("asked", "Asked"), ("answer", "Said"), ("note", "Note")):
            if c.get(key):
                lines.append(f"   - {name}: {_md_block(c[key], '     ', case)}")
    if b.promises:
        lines += ["", "## Promises", ""]
        for p in b.promises:
            origin = _promise_origin(p)
            state = _promise_state(p)
            if p["overdue"] or p["state"] == "broken":
                state = f"**{state}**"
            lines.append(
                f"- {_md_block(p['what'], '  ', case)}{', ' + md(origin) if origin else ''}: "
                f"{state}"
            )
    lines += ["", "## References", ""]
    if not b.references:
        lines.append("None recorded.")
    for r in b.references:
        extra = f", given by {r['given_by']}" if r.get("given_by") else ""
        extra += f" on {say_date(r['given_at'])}" if r.get("given_at") else ""
        lines.append(f"- {md(r['value'])} ({md(r['kind'] + extra)})")
    lines += [
        "",
        "## Totals",
        "",
        _totals_line(b.totals),
        "",
        "## Request",
        "",
        f"> {b.request}",
        "",
    ]
    return "\n".join(lines)


def _md_block(value: str, indent: str = "  ", case: int | None = None) -> str:
    """User text, line breaks kept inside a list item; very long text cut (see LONG_FIELD)."""
    shown, more = _excerpt(value, case) if case is not None else (value, "")
    return md(shown).replace("\n", "  \n" + indent) + (f" {more}" if more else "")


def chat_text(s: ChatSummary) -> Text:
    return _Doc().add(s.message).nl().text


def chat_markdown(s: ChatSummary) -> str:
    heading = f"## Message for {md(s.company) or 'the company'}'s chat: case #{s.case}"
    return f"{heading}\n\n{md(s.message)}\n"


def as_data(summary: ChatSummary | Brief) -> dict:
    data = asdict(summary)
    kind = data.pop("kind")
    return {"for": kind, **data}


# (kind, format) -> renderer. Text renderers return rich Text (plain when
# piped), markdown a string, json a dict for tracker.output.print_json.
RENDERERS: dict[tuple[str, str], Callable] = {
    ("chat", "text"): chat_text,
    ("chat", "markdown"): chat_markdown,
    ("chat", "json"): as_data,
    ("manager", "text"): brief_text,
    ("manager", "markdown"): brief_markdown,
    ("manager", "json"): as_data,
}
FORMATS = ("text", "markdown", "json")


def render(summary: ChatSummary | Brief, fmt: str):
    return RENDERERS[(summary.kind, fmt)](summary)


def as_string(rendered) -> str:
    """A rendering as the text written to a pipe or a file."""
    from tracker.output import to_json

    if isinstance(rendered, Text):
        return rendered.plain
    if isinstance(rendered, dict):
        return to_json(rendered) + "\n"
    return rendered


# ---------------------------------------------------------------- from the database


def build(*, session, case: str, kind: str = "chat") -> ChatSummary | Brief:
    """The summary of one case, as data."""
    from tracker.services.cases import show_case

    data = show_case(session=session, case=case)
    return chat_summary(data) if kind == "chat" else manager_brief(data)


def escalate(*, session, case: str) -> tuple[Brief, bool]:
    """Mark a case escalated (kept in its history); returns its brief and whether it changed."""
    from tracker.errors import TrackerError
    from tracker.services.cases import case_file, set_status
    from tracker.services.common import find_case
    from tracker.vocab import Status

    target = find_case(session, case)
    if target.status in (Status.resolved, Status.closed):
        raise TrackerError(
            f"case #{target.id} is {target.status}; reopen it first "
            f"(tracker case reopen {target.id})"
        )
    changed = set_status(session, target, Status.escalated, "asked for a manager")
    session.flush()
    return manager_brief(case_file(session, target)), changed
