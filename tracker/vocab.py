"""The words tracker records: categories, channels, results and so on.

Kept free of database imports so that the CLI can build its options (and
`--help`) without loading SQLAlchemy.
"""

from enum import StrEnum


class Category(StrEnum):
    wrong_item = "wrong-item"
    damaged = "damaged"
    not_delivered = "not-delivered"
    late = "late"
    refund = "refund"
    billing = "billing"
    account = "account"
    device = "device"
    other = "other"


class Resolution(StrEnum):
    refund = "refund"
    replacement = "replacement"
    return_ = "return"
    exchange = "exchange"
    store_credit = "store-credit"
    repair = "repair"
    other = "other"


class PaidWith(StrEnum):
    card = "card"
    amazon_balance = "amazon-balance"
    gift_card = "gift-card"
    other = "other"


class Status(StrEnum):
    open = "open"
    waiting = "waiting"
    escalated = "escalated"
    resolved = "resolved"
    closed = "closed"


ACTIVE_STATUSES = (Status.open, Status.waiting, Status.escalated)


class Channel(StrEnum):
    chat = "chat"
    phone = "phone"
    email = "email"
    social = "social"
    in_person = "in-person"
    other = "other"


# What a contact's minutes and rating may be, for `log`, `contact edit` and import alike.
MAX_MINUTES = 24 * 60
RATINGS = range(1, 6)


class Who(StrEnum):
    bot = "bot"
    rep = "rep"
    manager = "manager"
    nobody = "nobody"


HUMANS = (Who.rep, Who.manager)


class Result(StrEnum):
    resolved = "resolved"
    promised = "promised"
    transferred = "transferred"
    escalated = "escalated"
    no_answer = "no-answer"
    disconnected = "disconnected"
    refused = "refused"
    info = "info"


class PromiseState(StrEnum):
    pending = "pending"
    kept = "kept"
    broken = "broken"


class ReferenceKind(StrEnum):
    complaint = "complaint"
    return_ = "return"
    refund = "refund"
    confirmation = "confirmation"
    ticket = "ticket"
    other = "other"


class HistoryEvent(StrEnum):
    opened = "opened"
    edited = "edited"
    status = "status"
    escalated = "escalated"
    closed = "closed"
    reopened = "reopened"
    contact = "contact"
    promise = "promise"
    evidence = "evidence"


def choices(enum: type[StrEnum]) -> str:
    return ", ".join(m.value for m in enum)


def coerce(enum: type[StrEnum], value: str | StrEnum | None, field: str):
    """Return the enum member for `value`, or raise TrackerError naming the choices."""
    from tracker.errors import TrackerError

    if value is None or isinstance(value, enum):
        return value
    try:
        return enum(str(value).strip().lower())
    except ValueError:
        from tracker.i18n import _

        raise TrackerError(
            _("unknown {field} {value}; choose one of: {choices}").format(
                field=field, value=repr(str(value)), choices=choices(enum)
            )
        ) from None


# ISO 4217 minor units where they are not 2.
_EXPONENTS = {
    **dict.fromkeys(
        "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF".split(), 0
    ),
    **dict.fromkeys("BHD IQD JOD KWD LYD OMR TND".split(), 3),
}


def exponent(currency: str) -> int:
    """How many decimal places a currency's amounts have."""
    return _EXPONENTS.get(currency.upper(), 2)
