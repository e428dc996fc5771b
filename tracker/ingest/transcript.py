"""Chat transcripts as copied from the chat window or emailed on request.

Four layouts are known (see LAYOUTS). A transcript becomes one contact per
agent: the bot, then each representative, with their name, when they started,
how long they took, the reference numbers they gave and what they promised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from datetime import tzinfo as TZInfo
from pathlib import Path

from tracker.errors import TrackerError
from tracker.i18n import N_, _

LAYOUTS = (
    'the transcript email ("06:27 PM PST Sarvesh(Amazon): ...")',
    'the chat page ("4:27 PM Amandeep (CSA) : ...")',
    'the 24-hour chat page ("06:28 Rob has accepted the chat.")',
    'the messaging assistant ("Messaging Assistant | Customer Service" above each message)',
)

# US zones the transcript email names; others are read in the user's zone
_ZONES = {
    "PST": -8,
    "PDT": -7,
    "MST": -7,
    "MDT": -6,
    "CST": -6,
    "CDT": -5,
    "EST": -5,
    "EDT": -4,
    "AKST": -9,
    "AKDT": -8,
    "HST": -10,
    "GMT": 0,
    "UTC": 0,
    "BST": 1,
    "CET": 1,
    "CEST": 2,
    "IST": 5.5,
}
_BOT_NAMES = ("messaging assistant", "amazon assistant", "virtual assistant", "assistant")
_CUSTOMER_NAMES = {"customer", "you", "me"}

_TIME = r"(?P<time>\d{1,2}:\d{2}(?:\s?[AP]M)?)"
# 06:27 PM PST Sarvesh(Amazon): Hello...
_EMAIL_LINE = re.compile(
    rf"^{_TIME}\s+(?:(?P<zone>[A-Z]{{2,5}})\s+)?(?P<name>[^:()]+?)\s*(?:\((?P<tag>[^)]*)\))?\s*:\s?(?P<text>.*)$",
    re.I,
)
# 4:27 PM Amandeep (CSA) : Hello...    06:28 Rob (CSA) : Hello...
_PAGE_LINE = re.compile(
    rf"^{_TIME}\s+(?P<name>[^:()]+?)\s*(?:\((?P<tag>[^)]*)\))?\s+:\s?(?P<text>.*)$", re.I
)
_PAGE_EVENT = re.compile(rf"^(?:{_TIME}\s+)?(?P<text>.+)$", re.I)
_ACCEPTED = re.compile(r"^(?P<name>.+?) has accepted the chat\.?$", re.I)
_JOINED = re.compile(r"^(?P<name>.+?) has joined\b.*$", re.I)
_LOST = re.compile(
    r"lost connection|has disconnected|was disconnected|chat (?:has )?(?:timed out|ended due to inactivity)",
    re.I,
)
_HEADER = re.compile(r"^(?P<name>[^|]{1,60}?)\s*\|\s*Customer Service\s*$", re.I)
_BARE_TIME = re.compile(rf"^{_TIME}$", re.I)
_INITIAL = re.compile(r"^Initial Question:\s*(?P<text>.+)$", re.I)

_REFERENCE = re.compile(
    r"\b(?P<word>case|reference|ticket|complaint|confirmation|return authori[sz]ation|refund)"
    r"(?:\s+(?:id|number|no\.?|#))?(?:\s+(?:is|was))?\s*[:#]?\s*"
    r"(?P<value>(?=[A-Z-]*\d)[A-Z0-9][A-Z0-9-]{3,40})\b",
    re.I,
)
_REFERENCE_KINDS = {
    "case": "complaint",
    "reference": "complaint",
    "complaint": "complaint",
    "ticket": "ticket",
    "confirmation": "confirmation",
    "refund": "refund",
}
# tokens that may be tracking numbers: letters and digits, both (1Z..., TBA...)
_TRACKING_TOKEN = re.compile(r"\b(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{10,35}\b", re.I)
_ORDER_NUMBER = re.compile(r"^(?:\d{3}|D01)-\d{7}-\d{7}$", re.I)
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_WITHIN = re.compile(
    r"\b(?:with)?in\s+(?:the\s+next\s+)?(?P<low>\d{1,3})(?:\s*(?:-|to|–)\s*(?P<high>\d{1,3}))?\s*"
    r"(?P<business>business\s+|working\s+)?(?P<unit>hours?|days?|weeks?)\b",
    re.I,
)
_BY = re.compile(
    r"\bby\s+(?:(?:this|next)\s+)?(?P<day>today|tomorrow|"
    + "|".join(_WEEKDAYS)
    + r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?)\b",
    re.I,
)


@dataclass(frozen=True)
class Said:
    """One line of the chat."""

    at: datetime | None
    who: str  # bot, rep, customer, system
    name: str | None
    text: str


@dataclass(frozen=True)
class FoundReference:
    value: str
    kind: str  # complaint, ticket, confirmation, return, refund


@dataclass(frozen=True)
class FoundPromise:
    what: str
    due_on: date | None


@dataclass
class AgentContact:
    """One agent's part of the chat: one contact to log."""

    who: str  # bot or rep
    name: str | None
    started: datetime | None
    minutes: int | None
    result: str  # transferred, disconnected, promised, info
    references: list[FoundReference] = field(default_factory=list)
    promises: list[FoundPromise] = field(default_factory=list)
    last_said: str | None = None


@dataclass
class Transcript:
    layout: str
    asked: str | None
    contacts: list[AgentContact]
    lines: list[Said]

    @property
    def layout_name(self) -> str:
        return _(_LAYOUT_NAMES[self.layout])


# ----------------------------------------------------------------- layouts


def _clock(text: str) -> time | None:
    """'6:27 PM' or '06:28' as a time of day; None for what no clock shows ('13:75 PM')."""
    m = re.fullmatch(r"(\d{1,2}):(\d{2})\s?([AP]M)?", text.strip(), re.I)
    if not m:
        return None
    hours, minutes, half = int(m[1]), int(m[2]), (m[3] or "").upper()
    if half:
        if not 1 <= hours <= 12:
            return None
        hours = hours % 12 + (12 if half == "PM" else 0)
    if hours > 23 or minutes > 59:
        return None
    return time(hours, minutes)


class _Clock:
    """Times of day on the chat's day, moving to the next day past midnight."""

    def __init__(self, day: date, zone: TZInfo | None, sent: datetime | None = None) -> None:
        self.day, self.zone, self.sent = day, zone, sent
        self.last: datetime | None = None

    def at(self, text: str | None, zone_name: str | None = None) -> datetime | None:
        clock = _clock(text) if text is not None else None
        if clock is None:
            return self.last
        zone = self.zone
        if zone_name and zone_name.upper() in _ZONES:
            zone = timezone(timedelta(hours=_ZONES[zone_name.upper()]))
            if self.sent is not None and self.last is None:
                # the chat's day as the transcript's own zone saw it, before the email
                self.day = self.sent.astimezone(zone).date()
                if datetime.combine(self.day, clock, zone) > self.sent:
                    self.day -= timedelta(days=1)
        moment = datetime.combine(self.day, clock)
        moment = moment.replace(tzinfo=zone) if zone else moment.astimezone()
        if self.last is not None and moment < self.last - timedelta(hours=6):
            self.day += timedelta(days=1)
            moment += timedelta(days=1)
        self.last = moment
        return moment


def _role(name: str, tag: str | None) -> str:
    folded = name.strip().casefold()
    if folded in _CUSTOMER_NAMES or (tag or "").casefold() == "customer":
        return "customer"
    if any(folded.startswith(b) or folded == b for b in _BOT_NAMES):
        return "bot"
    if tag is None:
        return "customer"
    return "rep"


def _email_layout(lines: list[str], clock: _Clock) -> tuple[list[Said], str | None]:
    said: list[Said] = []
    asked = None
    for line in lines:
        m = _INITIAL.match(line)
        if m:
            asked = m["text"].strip()
            continue
        m = _EMAIL_LINE.match(line)
        if not m:
            continue
        at = clock.at(m["time"], m["zone"])
        name, tag = m["name"].strip(), m["tag"]
        role = _role(name, tag)
        if role != "customer" and _LOST.search(m["text"]):
            said.append(Said(at, "system", None, m["text"]))
        said.append(Said(at, role, None if role == "customer" else name, m["text"].strip()))
    return said, asked


def _page_layout(lines: list[str], clock: _Clock) -> list[Said]:
    said: list[Said] = []
    for line in lines:
        m = _PAGE_LINE.match(line)
        if m:
            at = clock.at(m["time"])
            name, tag = m["name"].strip(), m["tag"]
            role = _role(name, tag)
            said.append(Said(at, role, None if role == "customer" else name, m["text"].strip()))
            continue
        m = _PAGE_EVENT.match(line)
        if not m:
            continue
        at = clock.at(m["time"])
        text = m["text"].strip()
        accepted = _ACCEPTED.match(text)
        if accepted:
            name = accepted["name"].strip()
            said.append(Said(at, "bot" if _role(name, "") == "bot" else "rep", name, ""))
        else:
            said.append(Said(at, "system", None, text))
    return said


def _assistant_layout(lines: list[str], clock: _Clock) -> list[Said]:
    """A speaker header, the message, then a bare time; unheaded lines are the customer's."""
    said: list[Said] = []
    speaker: tuple[str, str | None] = ("customer", None)
    message: list[str] = []

    def close(at_text: str | None) -> None:
        nonlocal speaker, message
        at = clock.at(at_text)
        text = "\n".join(message).strip()
        role, name = speaker
        if role == "customer":
            for quick in message:  # quick replies are lines of their own
                joined = _JOINED.match(quick)
                if joined:
                    said.append(Said(at, "rep", joined["name"].strip(), ""))
                elif _LOST.search(quick):
                    said.append(Said(at, "system", None, quick))
                else:
                    said.append(Said(at, "customer", None, quick))
        elif text:
            said.append(Said(at, role, name, text))
        speaker, message = ("customer", None), []

    for line in lines:
        header = _HEADER.match(line)
        if header:
            if message:
                close(None)
            name = header["name"].strip()
            speaker = ("bot" if _role(name, "") == "bot" else "rep", name)
            continue
        bare = _BARE_TIME.match(line)
        if bare:
            close(bare["time"])
            continue
        message.append(line)
    if message:
        close(None)
    return said


def detect(lines: list[str]) -> str | None:
    """Which known layout `lines` are in."""
    joined = "\n".join(lines[:400])
    if "copy of the chat transcript" in joined.casefold() or any(
        (m := _EMAIL_LINE.match(line)) and (m["tag"] or "").casefold() == "amazon" for line in lines
    ):
        return "email"
    if any(_HEADER.match(line) for line in lines):
        return "assistant"
    page = [m for line in lines if (m := _PAGE_LINE.match(line)) and m["tag"]]
    page += [
        m
        for line in lines
        if (m := _PAGE_EVENT.match(line)) and m["time"] and _ACCEPTED.match(m["text"])
    ]
    if page:
        twelve = any(re.search(r"[AP]M$", m["time"], re.I) for m in page)
        return "page" if twelve else "page-24h"
    return None


# ----------------------------------------------------------------- reading


def _add_days(day: date, n: int, business: bool) -> date:
    if not business:
        return day + timedelta(days=n)
    while n > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def _due(sentence: str, day: date) -> date | None | bool:
    """The due date a sentence promises, relative to the chat's day; False: no promise."""
    m = _WITHIN.search(sentence)
    if m:
        n = int(m["high"] or m["low"])
        unit = m["unit"].lower()
        if unit.startswith("hour"):
            return day + timedelta(days=max(1, -(-n // 24)))
        if unit.startswith("week"):
            return day + timedelta(weeks=n)
        return _add_days(day, n, bool(m["business"]))
    m = _BY.search(sentence)
    if m:
        word = m["day"].lower()
        if word == "today":
            return day
        if word == "tomorrow":
            return day + timedelta(days=1)
        if word in _WEEKDAYS:
            return day + timedelta(days=((_WEEKDAYS.index(word) - day.weekday()) % 7) or 7)
        parts = re.sub(r"(st|nd|rd|th)$", "", word).replace(".", "").split()
        month = _MONTHS.index(parts[0][:3]) + 1
        try:
            due = date(day.year, month, int(parts[1]))
        except ValueError:
            return None
        return due if due >= day else date(day.year + 1, month, int(parts[1]))
    return False


def references_in(text: str) -> list[FoundReference]:
    """Case, reference and ticket numbers an agent gives, and tracking numbers
    (kept as references of kind `other`, so that search finds them)."""
    from tracker.ingest.tracking import check

    found = []
    for m in _REFERENCE.finditer(text):
        value = m["value"].rstrip("-").upper()
        if _ORDER_NUMBER.match(value):
            continue
        kind = _REFERENCE_KINDS.get(m["word"].lower().split()[0], "return")
        found.append(FoundReference(value, kind))
    for m in _TRACKING_TOKEN.finditer(text):
        token = m.group().upper()
        number = check(token)
        if number.carrier and number.valid and not token.isdigit():
            if all(f.value != token for f in found):
                found.append(FoundReference(token, "other"))
    return found


def promises_in(text: str, day: date) -> list[FoundPromise]:
    found = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        sentence = sentence.strip()
        if not sentence or sentence.endswith("?"):
            continue
        due = _due(sentence, day)
        if due is not False and due is not True:
            found.append(FoundPromise(sentence, due))
    return found


def parse_transcript(
    text: str,
    *,
    day: date,
    zone: TZInfo | None = None,
    now: datetime | None = None,
    sent: datetime | None = None,
) -> Transcript:
    """The contacts in a chat transcript; times of day are on `day` (in `zone`, else
    the user's zone, unless the transcript names its zone). A chat that would
    start after `now` happened the day before (pasted after midnight)."""
    found = _parse(text, day=day, zone=zone, sent=sent)
    started = found.contacts[0].started
    if now is not None and started is not None and started > now:
        found = _parse(text, day=day - timedelta(days=1), zone=zone, sent=sent)
    return found


def _parse(text: str, *, day: date, zone: TZInfo | None, sent: datetime | None) -> Transcript:
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    lines = [line for line in lines if line]
    layout = detect(lines)
    if layout is None:
        raise TrackerError(
            _("this transcript's layout is not one tracker knows; known layouts: {known}").format(
                known="; ".join(LAYOUTS)
            )
        )
    clock = _Clock(day, zone, sent)
    asked = None
    if layout == "email":
        said, asked = _email_layout(lines, clock)
    elif layout == "assistant":
        said = _assistant_layout(lines, clock)
    else:
        said = _page_layout(lines, clock)
    contacts = _contacts(said)
    if not contacts:
        raise TrackerError(_("no agent speaks in this transcript; nothing to log"))
    return Transcript(layout=layout, asked=asked, contacts=contacts, lines=said)


def _contacts(said: list[Said]) -> list[AgentContact]:
    """One contact per agent, in the order they took the chat."""
    segments: list[tuple[str, str | None, list[Said]]] = []
    for line in said:
        if line.who in ("bot", "rep"):
            if not segments or (segments[-1][0], segments[-1][1]) != (line.who, line.name):
                segments.append((line.who, line.name, []))
        if segments:
            segments[-1][2].append(line)
        elif line.who == "customer":  # the customer writing first: the first agent's time
            segments.append(("pending", None, [line]))
    # a customer's opening lines belong to the first agent
    if segments and segments[0][0] == "pending":
        opening = segments.pop(0)[2]
        if segments:
            segments[0][2][:0] = opening
    contacts = []
    for i, (who, name, lines) in enumerate(segments):
        times = [line.at for line in lines if line.at is not None]
        started = times[0] if times else None
        minutes = None
        if times:
            minutes = max(0, round((times[-1] - times[0]).total_seconds() / 60))
        day = started.date() if started else date.today()
        spoken = [line.text for line in lines if line.who == who and line.text]
        references: list[FoundReference] = []
        promises: list[FoundPromise] = []
        for text in spoken:
            references += [r for r in references_in(text) if r not in references]
            promises += promises_in(text, day)
        if any(line.who == "system" and _LOST.search(line.text) for line in lines):
            result = "disconnected"
        elif i < len(segments) - 1:
            result = "transferred"
        elif promises:
            result = "promised"
        else:
            result = "info"
        contacts.append(
            AgentContact(
                who=who,
                name=None if who == "bot" else name,
                started=started,
                minutes=minutes,
                result=result,
                references=references,
                promises=promises,
                last_said=_last_substantive(spoken),
            )
        )
    return contacts


def _last_substantive(spoken: list[str]) -> str | None:
    """What the agent last said that is more than a greeting or a goodbye."""
    filler = re.compile(r"thank you for contacting|anything else|have a (nice|great) day", re.I)
    for text in reversed(spoken):
        if not filler.search(text):
            return text[:500]
    return spoken[-1][:500] if spoken else None


_LAYOUT_NAMES = {  # msgids: said in the reader's language (layout_name)
    "email": N_("transcript email"),
    "page": N_("chat page"),
    "page-24h": N_("chat page, 24-hour"),
    "assistant": N_("messaging assistant"),
}


@dataclass
class FoundTranscript:
    """A transcript as read from a file or standard input."""

    transcript: Transcript
    text: str

    @property
    def contacts(self) -> list[AgentContact]:
        return self.transcript.contacts


def read_transcript(
    source: str, *, day: date | None, now: datetime
) -> tuple[FoundTranscript, Path | None]:
    """The transcript in FILE (text, or the transcript email as .eml) or on stdin ('-').

    Returns it with the file to keep as evidence (None for stdin). Without `day`,
    the chat is on the email's date, else today.
    """
    from tracker.parse import user_text

    file = sent = None
    if source == "-":
        text = user_text("-", "--transcript", required=True)
    else:
        file = Path(source).expanduser()
        if file.is_dir():
            raise TrackerError(_("{file} is a folder; give the transcript file").format(file=file))
        if not file.is_file():
            raise TrackerError(_("no such file: {file}").format(file=file))
        data = file.read_bytes()
        if file.suffix.lower() == ".eml":
            from tracker.ingest.emails import read_mail

            mail = read_mail(data, file.name)
            text = mail.text
            if day is None and mail.sent is not None:
                day, sent = mail.sent.astimezone().date(), mail.sent
        else:
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise TrackerError(
                    _("{name}: not a UTF-8 text file").format(name=file.name)
                ) from None
        text = user_text(text, "--transcript", required=True) or ""
    day = day or now.astimezone().date()
    text = text or ""
    transcript = parse_transcript(text, day=day, now=now, sent=sent)
    return FoundTranscript(transcript=transcript, text=text), file
