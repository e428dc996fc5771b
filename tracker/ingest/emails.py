"""Saved or forwarded Amazon order and shipping emails (.eml).

The older "Your Amazon.com order #... has shipped", and the newer subjects
`Ordered:`, `Shipped:`, `Out for delivery:`, `Delivered:` and `Delivery update:`.
Read with the standard library: the plain-text part, or the HTML part stripped
of its markup when there is no plain text.
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser

from tracker.errors import TrackerError
from tracker.i18n import _
from tracker.ingest.amazon_csv import OrderRecord, ShipmentRecord
from tracker.ingest.tracking import carrier_name, check
from tracker.parse import exponent

ORDER_NUMBER = re.compile(r"(?<![\w-])((?:\d{3}|D01)-\d{7}-\d{7})(?![\w-])")


@dataclass
class Mail:
    """An email's subject, sending time and readable text."""

    subject: str
    sent: datetime | None
    text: str


@dataclass
class OrderMail:
    """What an order or shipping email says, as the order it is about."""

    kind: str  # ordered, shipped, out-for-delivery, delivered, delivery-update
    order: OrderRecord


# ----------------------------------------------------------------- reading


class _Text(HTMLParser):
    """The text of an HTML mail: blocks on their own lines, scripts and styles dropped."""

    _BLOCKS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "table", "td", "th"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head"):
            self._skip += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head"):
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = (re.sub(r"[ \t\xa0]+", " ", line).strip() for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def read_mail(data: bytes, name: str) -> Mail:
    """Subject, date and text of an .eml file."""
    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
    except Exception as exc:  # noqa: BLE001 - the email package raises many kinds
        raise TrackerError(
            _("{name}: not a readable email ({kind})").format(name=name, kind=type(exc).__name__)
        ) from None
    if not isinstance(message, EmailMessage) or not (message.keys()):
        raise TrackerError(_("{name}: not an email (no headers)").format(name=name))
    subject = " ".join(str(message.get("Subject", "")).split())
    sent = None
    if message.get("Date"):
        try:
            sent = parsedate_to_datetime(str(message["Date"]))
        except (TypeError, ValueError):
            sent = None
    text = ""
    try:
        part = message.get_body(preferencelist=("plain", "html"))
        if part is not None:
            content = part.get_content()
            text = html_to_text(content) if part.get_content_subtype() == "html" else content
    except (LookupError, UnicodeError, KeyError) as exc:
        raise TrackerError(
            _("{name}: the email's text cannot be decoded ({exc})").format(name=name, exc=exc)
        ) from None
    return Mail(subject=subject, sent=sent, text=text)


# ----------------------------------------------------------------- order mails

_KINDS = [
    (re.compile(r"^Ordered:\s*", re.I), "ordered"),
    (re.compile(r"^Shipped:\s*", re.I), "shipped"),
    (re.compile(r"^Out for delivery:\s*", re.I), "out-for-delivery"),
    (re.compile(r"^Delivered:\s*", re.I), "delivered"),
    (re.compile(r"^Delivery update:\s*", re.I), "delivery-update"),
]
_OLD_SHIPPED = re.compile(r"order\s+#?\s*\S+\s+has shipped", re.I)
_FORWARDED = re.compile(r"^(?:(?:fwd?|fw|re)\s*:\s*)+", re.I)
_STATUS = {
    "ordered": "pending",
    "shipped": "shipped",
    "out-for-delivery": "out for delivery",
    "delivered": "delivered",
    "delivery-update": "delayed",
}
_DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
_DAY_TEXT = (
    rf"(?:today|tomorrow|(?:(?:{_DAYS}),?\s*)?(?:(?:{_MONTHS})[a-z]*\.?\s+\d{{1,2}}(?:,?\s*\d{{4}})?)"
    rf"|(?:{_DAYS}))"
)
_EXPECTED = re.compile(
    rf"(?:arriving|estimated delivery(?: date)?|now expected|expected(?: delivery)?|"
    rf"delivery estimate|now arriving)\s*:?\s*(?:by\s+|on\s+)?(?P<day>{_DAY_TEXT})",
    re.I,
)
_DELIVERED_ON = re.compile(rf"delivered\s*:?\s*(?:on\s+)?(?P<day>{_DAY_TEXT})", re.I)
_TRACKING = re.compile(
    r"tracking\s*(?:number|no\.?|id|#)?\s*(?:is)?\s*[:#]?\s*(?P<number>[A-Z0-9]{8,40})\b", re.I
)
_CARRIER = re.compile(
    r"(?:carrier\s*:\s*|shipped (?:with|via)\s+|delivered by\s+)(?P<name>[A-Za-z][\w .]{1,30}?)\s*(?:[\n,.(]|$)",
    re.I | re.M,
)
_TOTAL = re.compile(
    r"(?:order total|grand total|total)\s*:?\s*(?P<symbol>[$£€])\s*(?P<amount>\d[\d,]*(?:\.\d{1,3})?)",
    re.I,
)
_SYMBOL = {"$": "USD", "£": "GBP", "€": "EUR"}


def _kind(subject: str) -> str | None:
    subject = _FORWARDED.sub("", subject).strip()
    for pattern, kind in _KINDS:
        if pattern.match(subject):
            return kind
    if _OLD_SHIPPED.search(subject):
        return "shipped"
    return None


def _subject_items(subject: str) -> list[str]:
    """`Ordered: "Red Bath Towel..." and 1 more item` -> ["Red Bath Towel..."]."""
    rest = _FORWARDED.sub("", subject).split(":", 1)[-1].strip()
    rest = re.sub(r"\s+and\s+\d+\s+more\s+items?\s*$", "", rest, flags=re.I)
    m = re.fullmatch(r"[\"“](.+?)[\"”]", rest)
    return [m.group(1).strip()] if m else []


def _day(text: str, sent: date) -> date | None:
    """A day as mails write it ("Friday, November 6", "tomorrow"), near the day it was sent."""
    words = text.strip().lower().replace(",", " ").split()
    if not words:
        return None
    if words[0] == "today":
        return sent
    if words[0] == "tomorrow":
        return sent + timedelta(days=1)
    days = _DAYS.split("|")
    if words[0] in days and len(words) == 1:
        ahead = (days.index(words[0]) - sent.weekday()) % 7
        return sent + timedelta(days=ahead)
    if words[0] in days:
        words = words[1:]
    month_names = "jan feb mar apr may jun jul aug sep oct nov dec".split()
    try:
        month = month_names.index(words[0].rstrip(".")[:3]) + 1
        day = int(words[1])
    except (ValueError, IndexError):
        return None
    year = int(words[2]) if len(words) > 2 and words[2].isdigit() else sent.year
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    if len(words) <= 2 and (found - sent).days < -180:  # December's mail about January
        found = date(year + 1, month, day)
    return found


def order_mail(data: bytes, name: str) -> OrderMail:
    """The order or shipment an Amazon email tells about."""
    mail = read_mail(data, name)
    kind = _kind(mail.subject)
    if kind is None:
        raise TrackerError(
            _(
                "{name}: not an Amazon order or shipping email (subject {subject!r}; known: Ordered:, Shipped:, Out for delivery:, Delivered:, Delivery update:, 'Your Amazon.com order #... has shipped')"
            ).format(name=name, subject=mail.subject[:60])
        )
    found = ORDER_NUMBER.search(mail.subject) or ORDER_NUMBER.search(mail.text)
    if found is None:
        raise TrackerError(
            _("{name}: no Amazon order number (such as 112-1234567-1234567) in it").format(
                name=name
            )
        )
    sent = (mail.sent.astimezone() if mail.sent.tzinfo else mail.sent).date() if mail.sent else None
    body = mail.text
    expected = delivered = None
    if sent is not None:
        m = _EXPECTED.search(body)
        expected = _day(m["day"], sent) if m else None
        if kind == "out-for-delivery":
            expected = expected or sent
        if kind == "delivered":
            m = _DELIVERED_ON.search(body)
            delivered = (_day(m["day"], sent) if m else None) or sent
    tracking = carrier = None
    m = _TRACKING.search(body)
    if m and any(c.isdigit() for c in m["number"]):
        tracking = m["number"].upper()
        carrier = check(tracking).carrier
    m = _CARRIER.search(body)
    if m and carrier is None:
        carrier = carrier_name(m["name"])
    amount = currency = None
    if kind == "ordered":
        m = _TOTAL.search(body)
        if m:
            currency = _SYMBOL[m["symbol"]]
            amount = _minor(m["amount"], currency)
    shipment = None
    if kind != "ordered" or expected is not None:
        shipment = ShipmentRecord(
            carrier=carrier,
            tracking=tracking,
            shipped_on=sent if kind == "shipped" else None,
            expected_on=expected,
            delivered_on=delivered,
            status=_STATUS[kind],
        )
    order = OrderRecord(
        number=found.group(1),
        placed_on=sent if kind == "ordered" else None,
        items=_subject_items(mail.subject),
        items_complete=False,
        amount_minor=amount,
        currency=currency,
        shipments=[shipment] if shipment else [],
        digital=found.group(1).upper().startswith("D01-"),
        source=name,
    )
    return OrderMail(kind=kind, order=order)


def _minor(text: str, currency: str) -> int:
    from decimal import Decimal

    return int(Decimal(text.replace(",", "")).scaleb(exponent(currency)))
