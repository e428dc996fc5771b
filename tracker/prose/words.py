"""English words and phrases: the small pieces every sentence of tracker is made of.

No database, no rich: plain strings from typed values.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from tracker.casefile import Contact, Money
from tracker.i18n import N_, _, ngettext
from tracker.parse import long_date, money_display, to_local

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


def cap(value: str) -> str:
    """The first letter capital, for a phrase that starts a sentence ('the manager Ana')."""
    return value[:1].upper() + value[1:]


def plain_case(value: str) -> str:
    """'Full refund please' -> 'full refund please': a capital that only starts what the
    user typed, not a name ('Instant Pot', 'I', 'UPS' stay)."""
    first = value.split(" ", 1)[0]
    if len(first) > 1 and first[0].isupper() and first[1:].islower() and first.isalpha():
        rest = value.split(" ", 1)[1] if " " in value else ""
        if not re.search(r"\b[A-Z][a-z]", rest):  # 'Instant Pot Duo': a name, kept
            return value[0].lower() + value[1:]
    return value


def ended(value: str) -> str:
    """Text with final punctuation: a full stop unless it has one."""
    return value if not value or value[-1] in ".!?…\"')" else value + "."


def sentence(value: str) -> str:
    """A sentence: capital first letter, final punctuation."""
    value = value.strip()
    if not value:
        return value
    return ended(value[0].upper() + value[1:])


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
    # '14-inch laptop', '6-pack': a number that describes one thing takes an article.
    size = re.match(r"(\d+)(?:[.,]\d+)?-[a-z]", low)
    if size:
        n = size.group(1)
        return ("an " if n.startswith("8") or n in ("11", "18") else "a ") + text
    if not text or low in _BARE_WORDS or low.startswith(_DETERMINERS) or text[0].isdigit():
        return text
    if not text[0].islower():
        # A product name ('Instant Pot Duo 6 qt') takes one too; a name that is an
        # acronym or a plural ('UPS', 'AirPods') does not.
        first = text.split()[0]
        if len(text.split()) < 2 or not first[1:].islower() or not first.isalpha():
            return text
        head = re.findall(r"[A-Za-z’']+", text)[-1].lower()
        if head.endswith("s") and not head.endswith("ss") and head not in _SINGULAR_S:
            return text
        return (
            "an "
            if re.match(r"[aeiou]", low) and not re.match(r"u[^aeiou]i|uni|use|one", low)
            else "a "
        ) + text
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
        words
        and words[0][:1].isupper()
        and words[0][1:].islower()
        and all(not w[:1].isupper() for w in words[1:])
    ):
        text = text[0].lower() + text[1:]  # 'Blender' -> 'a blender'
    return with_article(text)


def join_words(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return _("{items} and {last}").format(items=", ".join(words[:-1]), last=words[-1])


_ROWS = {
    "cases": lambda n: ngettext("{n} case", "{n} cases", n),
    "company": lambda n: ngettext("{n} company", "{n} companies", n),
    "orders": lambda n: ngettext("{n} order", "{n} orders", n),
    "shipment": lambda n: ngettext("{n} shipment", "{n} shipments", n),
    "contact": lambda n: ngettext("{n} contact", "{n} contacts", n),
    "promise": lambda n: ngettext("{n} promise", "{n} promises", n),
    "reference": lambda n: ngettext("{n} reference", "{n} references", n),
    "evidence": lambda n: ngettext("{n} evidence file", "{n} evidence files", n),
    "history": lambda n: ngettext("{n} history entry", "{n} history entries", n),
}
_ROW_NAMES = {
    "cases": N_("case"),
    "company": N_("company"),
    "orders": N_("order"),
    "shipment": N_("shipment"),
    "contact": N_("contact"),
    "promise": N_("promise"),
    "reference": N_("reference"),
    "evidence": N_("evidence file"),
    "history": N_("history entry"),
}


def rows_of(table: str, n: int) -> str:
    """'3 contacts', '1 history entry': n rows of one of the case file's tables."""
    said = _ROWS.get(table)
    return said(n).format(n=n) if said else f"{n} {table}"


def row_name(table: str) -> str:
    """'contact', 'history entry': what one row of a table is called."""
    name = _ROW_NAMES.get(table)
    return _(name) if name else table


def changed_rows(touched: list[tuple[str, str, int]]) -> str:
    """What a change did, in words: 'added 1 contact, 1 history entry; edited 1 case'.

    `touched`: (verb, table, rows), verb one of added, edited, deleted."""
    verbs = {
        "added": _("added {rows}"),
        "edited": _("edited {rows}"),
        "deleted": _("deleted {rows}"),
    }
    parts = []
    for verb, said in verbs.items():
        rows = [rows_of(table, n) for v, table, n in touched if v == verb]
        if rows:
            parts.append(said.format(rows=", ".join(rows)))
    return "; ".join(parts) or _("nothing")


def times(n: int) -> str:
    if n == 1:
        return _("once")
    if n == 2:
        return _("twice")
    return _("{n} times").format(n=n)


def local_day(value: date | datetime | None) -> date | None:
    """The user's calendar day of a date or a stored time."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return to_local(value).date()
    return value


def say_date(value: date | datetime | None) -> str:
    """'November 2' ('2 Novemba' in Kiswahili; the year only when it is not this
    year's), or ''."""
    day = local_day(value)
    return long_date(day) if day else ""


def say_time(value: datetime | None) -> str:
    """'November 2, 10:10' ('2 Novemba, 10:10' in Kiswahili) for a contact's time."""
    if value is None:
        return ""
    moment = to_local(value)
    return f"{long_date(moment.date())}, {moment:%H:%M}"


def say_money(amount: Money | None) -> str:
    """'$24.99', 'KSh 2,499.00', '24.99 CHF', or ''."""
    return money_display(amount.minor, amount.currency) if amount is not None else ""


# What a promise can start with as a thing given, not a thing done: 'refund in 3-5
# business days' is 'a refund in 3-5 business days'.
_PROMISED_THINGS = {
    "refund",
    "replacement",
    "credit",
    "callback",
    "call",
    "label",
    "exchange",
    "reply",
    "response",
    "discount",
    "voucher",
    "coupon",
    "gift",
    "repair",
}
_THING_FOLLOWERS = {"in", "within", "by", "of", "for", "shipped", "sent", "on", "to", "via"}


def promise_verb(what: str) -> str:
    """'ship the towel' -> 'promised to ship the towel'; 'a refund' -> 'promised a refund';
    'Refund in 3-5 business days' -> 'promised a refund in 3-5 business days';
    "she'll email a label" -> 'promised to email a label'."""
    text = bare(squash(what))
    text = re.sub(
        r"^(?:(?:they|she|he|you|we|it|i)(?:\s+|'|’))?(?:will|would|shall|ll)\s+",
        "",
        text,
        flags=re.IGNORECASE,
    )
    text = re.sub(r"^to\s+", "", text, flags=re.IGNORECASE)
    text = plain_case(text)
    words = text.lower().split()
    if text.lower().startswith(_DETERMINERS) or text.lower().startswith(("full ", "store ")):
        return f"promised {text}"
    if words and words[0] in _PROMISED_THINGS and (len(words) == 1 or words[1] in _THING_FOLLOWERS):
        return f"promised {with_article(text)}"
    return f"promised to {text}"


def not_done(what: str) -> str:
    low = what.lower()
    if re.search(r"\b(ship|send|deliver|mail|dispatch|replace)", low):
        return _("it has not arrived")
    if re.search(r"\b(refund|credit|reimburse|pay)", low):
        return _("I have not received it")
    if re.search(r"\b(call|email|contact|reply|get back)", low):
        return _("I have not heard back")
    return _("it has not happened")


def speaker(contact: Contact | None) -> str:
    """How a sentence names whoever made a promise or answered."""
    if contact is None:
        return _("your team")
    if contact.rep_name:
        name = clip(squash(contact.rep_name), 40)
        return _("the manager {name}").format(name=name) if contact.with_ == "manager" else name
    if contact.with_ == "bot":
        return _("the virtual assistant")
    if contact.with_ == "manager":
        return _("a manager")
    return _("a representative")


def chosen_company(name: str, why: str, order: str = "") -> str:
    """`case open` without --company: which company the case went to, and why
    (`why`: order, config or default)."""
    if why == "order":
        return _("Company: {name} (the company of order {order})").format(name=name, order=order)
    if why == "config":
        return _(
            "Company: {name} (your default: tracker config set company NAME changes it)"
        ).format(name=name)
    return _("Company: {name} (the default; give --company NAME for another company)").format(
        name=name
    )
