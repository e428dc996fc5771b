"""Parsing and formatting of what users type: dates, times, money and text.

Light on imports: the CLI uses it before any database module is loaded.
"""

from __future__ import annotations

import io
import os
import re
import sys
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from tracker.errors import TrackerError
from tracker.i18n import DATE_HELP, N_, _, date_lang  # noqa: F401 - DATE_HELP is parse's too
from tracker.vocab import exponent

# ---------------------------------------------------------------- the clock


def now() -> datetime:
    """The current time, aware, in UTC. `TRACKER_NOW` pins it (tests, demo)."""
    pinned = os.environ.get("TRACKER_NOW")
    if pinned:
        try:
            moment = datetime.fromisoformat(pinned)
        except ValueError:
            raise TrackerError(
                _("TRACKER_NOW={pinned!r} is not a time such as 2026-11-10T12:00:00").format(
                    pinned=pinned
                )
            ) from None
        return local(moment).astimezone(UTC)
    return datetime.now(UTC)


def local(moment: datetime) -> datetime:
    """A time typed without a zone is the user's local time, with the daylight
    saving rules of that date (not today's offset)."""
    if moment.tzinfo is not None:
        return moment
    try:
        return moment.astimezone()
    except (OverflowError, OSError, ValueError):  # at the ends of the calendar: take it as UTC
        return moment.replace(tzinfo=UTC)


def today() -> date:
    return now().astimezone().date()


def to_local(moment: datetime) -> datetime:
    """A stored time (UTC) in the user's zone, daylight saving included.

    Never fails: a time the user's zone cannot show (year 1 west of UTC, year
    9999 east of it, written into the database by hand) is shown in UTC.
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone()
    except (OverflowError, OSError, ValueError):
        return moment


# ---------------------------------------------------------------- limits
# What a case file holds, the same for the commands and for `import`.

# Dates and times: years 1970 to 2200. Times are checked as UTC instants (as stored
# and exported), so what one command accepts, an export of it imports.
MIN_YEAR, MAX_YEAR = 1970, 2200
EARLIEST = datetime(MIN_YEAR, 1, 1, tzinfo=UTC)
LATEST = datetime(MAX_YEAR + 1, 1, 1, tzinfo=UTC)  # exclusive
YEARS_HELP = f"use a date from {MIN_YEAR} to {MAX_YEAR}"
# The most days a relative date or `due --days` may reach.
MAX_DAYS = 36_600
# Ids: what PostgreSQL's integer columns and sequences hold.
MAX_ID = 2**31 - 1
# Money, in minor units (exclusive): 10^13 keeps every amount exact as a JSON
# float (below 2^53) and the sum of 900,000 of them inside SQLite's 64 bits.
MAX_MINOR = 10**13
# Longest text of a column (characters); columns not listed take LONG_TEXT. Indexed
# columns stay far below PostgreSQL's btree row limit (2,704 bytes, 4 bytes a character).
LONG_TEXT = 5_000_000
TEXT_LIMITS = {
    ("company", "name"): 200,
    ("company", "key"): 600,  # the casefolded name: "ß" is "ss", some letters become three
    ("company", "phone"): 100,
    ("company", "url"): 2000,
    ("company", "email"): 320,
    ("orders", "number"): 100,
    ("orders", "items"): 1000,  # each item
    ("shipment", "carrier"): 100,
    ("shipment", "tracking"): 200,
    ("shipment", "status"): 100,
    ("cases", "title"): 500,
    ("contact", "rep_name"): 200,
    ("contact", "rep_id"): 200,
    ("contact", "reference"): 200,
    ("promise", "what"): 10_000,
    ("reference", "value"): 200,
    ("evidence", "file"): 1000,
    ("evidence", "original_name"): 1000,
    ("evidence", "sha256"): 64,
}


def text_limit(table: str, column: str) -> int:
    """The most characters `table.column` holds."""
    return TEXT_LIMITS.get((table, column), LONG_TEXT)


def in_range(value: date | datetime) -> bool:
    """Whether a date (its year) or an aware time (as a UTC instant) is one a case file holds."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return MIN_YEAR <= value.year <= MAX_YEAR
        if not MIN_YEAR - 1 <= value.year <= MAX_YEAR + 1:  # converting could overflow
            return False
        return EARLIEST <= value.astimezone(UTC) < LATEST
    return MIN_YEAR <= value.year <= MAX_YEAR


# ---------------------------------------------------------------- dates

# Patterns are kept as text and compiled by `re` on first use (and cached there):
# most commands parse no date or amount, and compiling them costs every start-up.
_UNIT = r"bd|d|w|business\s+days?|days?|weeks?"
_RELATIVE = (
    rf"^(?:(?P<sign>[+-])\s*(?P<n1>\d{{1,4}})\s*(?P<u1>{_UNIT})"
    rf"|(?P<n2>\d{{1,4}})\s*(?P<u2>{_UNIT})\s+ago"
    rf"|in\s+(?P<n3>\d{{1,4}})\s*(?P<u3>{_UNIT}))$"
)

# Kiswahili, accepted in every language: leo, jana, kesho, juzi (the day before
# yesterday), keshokutwa (the day after tomorrow), "siku 3 zilizopita" (3 days ago),
# "baada ya siku 5" (in 5 days), and the same with wiki (weeks).
_SW_WORDS = {"leo": 0, "sasa": 0, "jana": -1, "juzi": -2, "kesho": 1, "keshokutwa": 2}
_SW_RELATIVE = (
    r"^(?:(?P<u1>siku|wiki)\s+(?P<n1>\d{1,4})\s+(?:zilizopita|iliyopita)"
    r"|baada\s+ya\s+(?P<u2>siku|wiki)\s+(?P<n2>\d{1,4}))$"
)


def _relative(text: str) -> tuple[int, bool] | None:
    """(days, business) for 'tomorrow', '+5d', '3 days ago', '+5bd', 'in 2 weeks'."""
    words = {"today": 0, "now": 0, "yesterday": -1, "tomorrow": 1, **_SW_WORDS}
    if text in words:
        return words[text], False
    sw = re.match(_SW_RELATIVE, text)
    if sw:
        n, unit, sign = (int(sw["n1"]), sw["u1"], -1) if sw["n1"] else (int(sw["n2"]), sw["u2"], 1)
        days = n * 7 if unit == "wiki" else n
        return (sign * days, False) if days <= MAX_DAYS else None
    m = re.match(_RELATIVE, text)
    if not m:
        return None
    if m["n1"]:
        n, unit, sign = int(m["n1"]), m["u1"], (-1 if m["sign"] == "-" else 1)
    elif m["n2"]:
        n, unit, sign = int(m["n2"]), m["u2"], -1
    else:
        n, unit, sign = int(m["n3"]), m["u3"], 1
    business = unit.startswith("b")
    days = n * 7 if unit.startswith("w") else n
    if days > MAX_DAYS:
        return None
    return sign * days, business


def holidays() -> frozenset[date]:
    """The holidays business days skip: the `holidays` lists of the rules files."""
    from tracker import config
    from tracker.deadlines import load_rules

    return load_rules(config.home()).holidays


def _shift(start: date, days: int, business: bool) -> date:
    if not business:
        return start + timedelta(days=days)
    from tracker.deadlines import add_business_days

    return add_business_days(start, days, holidays())


_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("jan", "january", "januari"),
            ("feb", "february", "februari"),
            ("mar", "march", "machi"),
            ("apr", "april", "aprili"),
            ("may", "mei"),
            ("jun", "june", "juni"),
            ("jul", "july", "julai"),
            ("aug", "august", "agosti"),
            ("sep", "sept", "september", "septemba"),
            ("oct", "october", "oktoba"),
            ("nov", "november", "novemba"),
            ("dec", "december", "desemba"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_DAY = (
    r"^(?:(?P<m1>[a-z]+)\.?\s+(?P<d1>\d{1,2})|(?P<d2>\d{1,2})\s+(?P<m2>[a-z]+)\.?)"
    r"(?:,?\s+(?P<y>\d{4}))?$"
)


def _month_day(text: str, past: bool, base: date | None = None) -> date | None:
    """'Nov 5', '5 November', 'Nov 5, 2026'; without a year, the latest such day
    that is not in the future when `past`, else the such day nearest to `base` (today
    unless given): "Jan 3" typed on November 29 is the coming January."""
    m = re.match(_MONTH_DAY, text)
    if not m:
        return None
    month = _MONTHS.get(m["m1"] or m["m2"] or "")
    if month is None:
        return None
    day = int(m["d1"] or m["d2"])
    if m["y"]:
        try:
            return date(int(m["y"]), month, day)
        except ValueError:
            return None
    # Without a year: for `past` the latest that is not in the future, else the
    # nearest (a tie goes to the future). February 29 is in one year of four: the
    # years searched reach the nearest that has it.
    if past:
        base = today()
        for year in range(base.year, base.year - 9, -1):
            try:
                found = date(year, month, day)
            except ValueError:
                continue
            if found <= base:
                return found
        return None
    base = base or today()
    near = []
    for year in range(base.year - 4, base.year + 5):
        try:
            near.append(date(year, month, day))
        except ValueError:
            continue
    return min(near, key=lambda d: (abs((d - base).days), d < base)) if near else None


_WEEKDAYS = {
    name: i
    for i, names in enumerate(
        [
            ("mon", "monday", "jumatatu"),
            ("tue", "tues", "tuesday", "jumanne"),
            ("wed", "wednesday", "jumatano"),
            ("thu", "thur", "thurs", "thursday", "alhamisi"),
            ("fri", "friday", "ijumaa"),
            ("sat", "saturday", "jumamosi"),
            ("sun", "sunday", "jumapili"),
        ]
    )
    for name in names
}
_WEEKDAY = r"^(?:(?P<which>last|next|on|this)\s+)?(?P<day>[a-z]+)$"


def _weekday(text: str, past: bool, base: date | None = None) -> date | None:
    """'friday' is the coming one after `base` (today unless given; the latest one
    for what already happened); 'next friday' and 'last friday' say which."""
    m = re.match(_WEEKDAY, text)
    if not m or m["day"] not in _WEEKDAYS:
        return None
    base = base or today()
    ahead = (_WEEKDAYS[m["day"]] - base.weekday()) % 7
    if m["which"] == "last" or (past and m["which"] != "next"):
        back = (base.weekday() - _WEEKDAYS[m["day"]]) % 7
        if m["which"] == "last" and back == 0:
            back = 7
        return base - timedelta(days=back)
    return base + timedelta(days=ahead or 7)


def parse_date(
    value: str | date | None,
    field: str = "date",
    *,
    past: bool = False,
    base: date | None = None,
) -> date | None:
    """Parse a DATE as users type it; None stays None.

    `past` is for what has already happened (ordered, shipped, delivered):
    a future date there is a typo, and refused. Offsets (`+5d`, `+5bd`),
    month-days and weekdays count from `base` when given (the day of a logged
    contact: "by Friday", said on a Tuesday logged later, is that week's Friday),
    else from today.
    """
    if value is None or isinstance(value, date):
        return value
    text = str(value).strip().lower()
    if text == "":
        return None
    offset = _relative(text)
    if offset is not None:
        days, business = offset
        # "+3d" said in a contact logged later counts from that contact, as "+3bd" does;
        # the named days (today, tomorrow) are the user's own.
        start = (
            base
            if base is not None and text not in ("today", "now", "yesterday", "tomorrow")
            else today()
        )
        found = _shift(start, days, business)
    else:
        named = _month_day(text, past, base) or _weekday(text, past, base)
        if named is not None:
            found = named
        else:
            try:
                found = date.fromisoformat(text)
            except ValueError:
                raise TrackerError(
                    _("bad {field} {value!r}: use {date_help}").format(
                        field=field, value=str(value), date_help=_(DATE_HELP)
                    )
                ) from None
    if past and found > today():
        raise TrackerError(
            _("bad {field} {value!r}: it is in the future").format(field=field, value=str(value))
        )
    if not in_range(found):
        raise TrackerError(
            _("bad {field} {value!r}: use a date from {first} to {last}").format(
                field=field, value=str(value), first=MIN_YEAR, last=MAX_YEAR
            )
        )
    return found


def parse_datetime(value: str | datetime | None, field: str = "time") -> datetime | None:
    """Parse a DATETIME of something that happened: a DATE, or '2026-10-28 14:30'.
    Returns aware UTC.

    A bare date means that day from its start, or now when it is today: a
    contact logged with `--at sunday` on a Sunday morning has already happened.
    """
    if value is None or isinstance(value, datetime):
        return value
    text = str(value).strip().lower()
    if text == "":
        return None
    offset = _relative(text)
    if offset is not None:
        days, business = offset
        if business:  # the same time of day, that many working days on
            local_now = now().astimezone()
            moment = datetime.combine(_shift(local_now.date(), days, True), local_now.timetz())
        else:
            moment = now() + timedelta(days=days)
    else:
        day = _weekday(text, past=True) or _month_day(text, past=True)
        try:
            if day is None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                day = date.fromisoformat(text)
            if day is not None:
                moment = now() if day == today() else datetime.combine(day, time(0, 0))
            else:
                moment = datetime.fromisoformat(text.upper().replace(" ", "T", 1))
        except ValueError:
            raise TrackerError(
                _("bad {field} {value!r}: use {date_help}, or '2026-10-28 14:30'").format(
                    field=field, value=str(value), date_help=_(DATE_HELP)
                )
            ) from None
    if not in_range(moment):
        raise TrackerError(
            _("bad {field} {value!r}: use a date from {first} to {last}").format(
                field=field, value=str(value), first=MIN_YEAR, last=MAX_YEAR
            )
        )
    moment = local(moment).astimezone(UTC)
    if not in_range(moment):
        raise TrackerError(
            _("bad {field} {value!r}: use a date from {first} to {last}").format(
                field=field, value=str(value), first=MIN_YEAR, last=MAX_YEAR
            )
        )
    return moment


# ---------------------------------------------------------------- money


def is_currency(code: str) -> bool:
    """The one rule for a currency code: three capital letters (ISO 4217's shape)."""
    return re.fullmatch(r"[A-Z]{3}", code) is not None


def currency_code(value: str | None, default: str = "USD") -> str:
    if value is None or str(value).strip() == "":
        return default
    code = str(value).strip().upper()
    if not is_currency(code):
        raise TrackerError(
            _("bad currency {value!r}: use a three-letter code such as USD").format(
                value=str(value)
            )
        )
    return code


_SYMBOL_CURRENCY = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"}
# 1,234.50 and 1234.5 (grouping commas, decimal point)
_POINT_DECIMAL = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d*)?|\.\d+"
# 24,99 and 1.234,50 (grouping points, decimal comma): two digits or fewer after the comma
_COMMA_DECIMAL = r"(?:\d{1,3}(?:\.\d{3})+|\d+),\d{1,2}"


def parse_money(value: str | Decimal | None, currency: str, field: str = "amount") -> int | None:
    """Parse an amount into integer minor units (cents). Never a float.

    Takes 24.99, 1,234.50, $24.99 and the decimal comma of 24,99 or
    1.234,50; a currency symbol must agree with the currency in effect.
    """
    if value is None:
        return None
    text = str(value).strip()
    if text == "":
        return None
    number = text.replace(" ", "").replace("_", "")
    if number[:1] in _SYMBOL_CURRENCY:
        symbol, number = number[0], number[1:]
        if _SYMBOL_CURRENCY[symbol] != currency.upper() and not (
            symbol == "$" and currency.upper().endswith("D")
        ):
            raise TrackerError(
                _(
                    "bad {field} {text!r}: {symbol} is not {currency}; give --currency {code} or the amount without the symbol"
                ).format(
                    field=field,
                    text=text,
                    symbol=symbol,
                    currency=currency,
                    code=_SYMBOL_CURRENCY[symbol],
                )
            )
    if re.fullmatch(_POINT_DECIMAL, number):
        cleaned = number.replace(",", "")
    elif re.fullmatch(_COMMA_DECIMAL, number):
        cleaned = number.replace(".", "").replace(",", ".")
    else:
        raise TrackerError(
            _("bad {field} {text!r}: use a plain positive number such as 24.99").format(
                field=field, text=text
            )
        )
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the patterns already refuse it
        raise TrackerError(_("bad {field} {text!r}").format(field=field, text=text)) from None
    places = exponent(currency)
    minor = amount.scaleb(places)
    if minor != minor.to_integral_value():
        raise TrackerError(
            _("bad {field} {text!r}: {currency} has {places} decimal places").format(
                field=field, text=text, currency=currency, places=places
            )
        )
    if minor >= MAX_MINOR:
        raise TrackerError(
            _("bad {field} {text!r}: too large (at most {most})").format(
                field=field, text=text, most=money_str(MAX_MINOR - 1, currency)
            )
        )
    return int(minor)


def money_str(minor: int | None, currency: str | None) -> str | None:
    """Minor units as the decimal string of the JSON output: 2499 -> "24.99"."""
    if minor is None:
        return None
    places = exponent(currency or "USD")
    return str(Decimal(minor).scaleb(-places).quantize(Decimal(1).scaleb(-places)))


_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}
# East African shillings: the symbol and a space before the number, as written there.
_WORD_SYMBOLS = {"KES": "KSh", "TZS": "TSh", "UGX": "USh"}


def money_display(minor: int | None, currency: str | None) -> str:
    """For people: "$24.99", "KSh 2,499.00", "24.99 CHF" (the same in both languages:
    Kenya and Tanzania group thousands with commas and use the decimal point)."""
    if minor is None:
        return ""
    currency = currency or "USD"
    places = exponent(currency)
    number = f"{Decimal(minor).scaleb(-places):,.{places}f}"
    if currency in _WORD_SYMBOLS:
        return f"{_WORD_SYMBOLS[currency]} {number}"
    symbol = _SYMBOLS.get(currency)
    return f"{symbol}{number}" if symbol else f"{number} {currency}"


# ---------------------------------------------------------------- text

# Terminal controls, and the bidirectional controls that reorder what follows them
# (U+202E shows "\u202ecod.exe" as "exe.doc").
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def user_text(
    value: str | None,
    field: str,
    *,
    required: bool = False,
    max_chars: int = 5_000_000,
    one_line: bool = False,
) -> str | None:
    """Validate text a user typed; `-` reads it from standard input.

    Text is data: it is stored as typed. What is refused is what no database
    can keep (NUL characters, broken UTF-8) and what no person means to type:
    with `one_line` (a name, a title, an order, tracking or reference number),
    a line break, which would split the line it is shown on.
    """
    if value is None:
        if required:
            raise TrackerError(_("{field} is required").format(field=field))
        return None
    if value == "-":
        if sys.stdin is None or (hasattr(sys.stdin, "isatty") and sys.stdin.isatty()):
            raise TrackerError(
                _(
                    "{field} '-' reads standard input, but nothing is piped in: pipe the text (pbpaste | tracker ...) or give it in quotes"
                ).format(field=field)
            )
        try:
            value = sys.stdin.buffer.read().decode("utf-8")
        except (AttributeError, io.UnsupportedOperation):  # a text-only stdin (tests)
            value = sys.stdin.read()
        except UnicodeDecodeError:
            raise TrackerError(
                _("{field}: standard input is not valid UTF-8").format(field=field)
            ) from None
    problem = unstorable(value)
    if problem:
        raise TrackerError(f"{field} {problem}")
    value = value.strip()
    if value == "":
        if required:
            raise TrackerError(_("{field} is empty").format(field=field))
        return None
    if len(value) > max_chars:
        raise TrackerError(
            _("{field} is too long (at most {max_chars:,} characters)").format(
                field=field, max_chars=max_chars
            )
        )
    if one_line and _LINE_BREAK.search(value):
        raise TrackerError(
            _("{field} must be one line (it holds a line break)").format(field=field)
        )
    return value


# what ends a line at a terminal (C1 controls such as NEL are escaped when printed)
_LINE_BREAK = re.compile(r"[\n\r\v\f]")


def unstorable(value: str) -> str | None:
    """Why no database can hold `value` (a NUL character, broken UTF-8), or None."""
    if "\x00" in value:
        return _("contains a NUL character, which cannot be stored")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _("is not valid UTF-8")
    return None


def storable(value: str) -> bool:
    """Whether a database can hold `value`."""
    return unstorable(value) is None


def safe(value: object) -> str:
    """Neutralise terminal control sequences in text about to be printed.

    Newlines and tabs stay; ESC, other controls and the bidirectional controls
    become visible escapes (`\\x1b`, `\\u202e`). Rich markup is handled
    separately, by never printing user text as markup.
    """
    text = "" if value is None else str(value)
    return _CONTROL.sub(_escape, text)


def _escape(m: re.Match) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


MONTHS_EN = (
    "January February March April May June July August September October November December"
).split()
MONTHS_SW = (
    "Januari Februari Machi Aprili Mei Juni Julai Agosti Septemba Oktoba Novemba Desemba"
).split()
WEEKDAYS_SW = "Jumatatu Jumanne Jumatano Alhamisi Ijumaa Jumamosi Jumapili".split()


def long_date(day: date) -> str:
    """'October 28' (English), '28 Oktoba' (Kiswahili); the year only when it is not
    this year's. Month names are the language's own, not the C locale's."""
    if date_lang() == "sw":
        text = f"{day.day} {MONTHS_SW[day.month - 1]}"
        return text if day.year == today().year else f"{text} {day.year}"
    text = f"{MONTHS_EN[day.month - 1]} {day.day}"
    if day.year != today().year:
        text += f", {day.year}"
    return text
