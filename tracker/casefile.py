"""The typed case file: what the services return, and what prose and renderers read.

Real types all the way: `date`, aware `datetime` (UTC), `Money`, the
vocabulary's enums. Nothing here touches the database or prints; the JSON
keys of SPEC.md are made from these in one place, `tracker.render.data`.
Field order is the order of the JSON keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime
from decimal import Decimal
from typing import Generic, TypeVar, dataclass_transform

from tracker.vocab import HUMANS, exponent

T = TypeVar("T")
R = TypeVar("R")


def json_name(name: str) -> dict:
    """Field metadata: the JSON key when it is not the field's name (`with` is a keyword)."""
    return {"json": name}


HIDDEN = {"json": None}  # field metadata: never in the JSON


class Record:
    """What every record compares and prints with: its fields, in order.

    The same as a dataclass's own `__eq__` and `__repr__`, written once here
    instead of generated and compiled for each of the ~30 records whenever a
    command starts (Python 3.11 compiles each generated method separately)."""

    __slots__ = ()
    __hash__ = None  # type: ignore[assignment]  # mutable, like a dataclass with eq

    def _values(self) -> tuple:
        return tuple(getattr(self, f.name) for f in fields(self) if f.compare)  # type: ignore[arg-type]

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __repr__(self) -> str:
        shown = (f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if f.repr)  # type: ignore[arg-type]
        return f"{self.__class__.__qualname__}({', '.join(shown)})"


@dataclass_transform(field_specifiers=(field,))
def record(cls: type[R]) -> type[R]:
    """A record type: a dataclass with `Record`'s equality and repr."""
    return dataclass(eq=False, repr=False)(cls)


@dataclass(frozen=True)
class Money:
    """An exact amount: integer minor units (cents) and the currency they count."""

    minor: int
    currency: str

    @property
    def decimal(self) -> Decimal:
        return Decimal(self.minor).scaleb(-exponent(self.currency))

    @classmethod
    def of(cls, minor: int | None, currency: str | None) -> Money | None:
        return None if minor is None else cls(int(minor), currency or "USD")


@record
class Shipment(Record):
    """One shipment of an order: carrier, tracking number and its dates."""

    carrier: str | None
    tracking: str | None
    shipped_on: date | None
    expected_on: date | None
    delivered_on: date | None
    status: str | None


@record
class Order(Record):
    """The order a case is about, with its items and shipments."""

    number: str
    company: str
    placed_on: date | None
    items: list[str]
    amount: Money | None
    currency: str
    notes: str | None
    shipments: list[Shipment]


@record
class CompanyInfo(Record):
    """How to reach a company: phone, web, email and the chat's topics."""

    name: str
    phone: str | None
    url: str | None
    email: str | None
    chat_topics: list[str]
    notes: str | None


@record
class Contact(Record):
    """One logged contact: when, how, with whom, what was asked and answered."""

    id: int
    at: datetime
    minutes: int | None
    channel: str
    with_: str | None = field(metadata=json_name("with"))
    rep_name: str | None
    rep_id: str | None
    reference: str | None
    asked: str | None
    answer: str | None
    result: str | None
    rating: int | None
    note: str | None
    logged_by: str | None
    # When it was logged (its `at` may be back-dated): a contact logged after the user
    # escalated answers that escalation, whatever day it is dated.
    logged_at: datetime | None = field(default=None, metadata=HIDDEN)

    @property
    def human(self) -> bool:
        return self.with_ in HUMANS


@record
class Promise(Record):
    """What the company promised, by when, and whether it was kept."""

    id: int
    case_id: int
    what: str
    due_on: date | None
    state: str
    overdue: bool
    contact_id: int | None
    settled_at: datetime | None
    made_by: str | None = None  # `promise add --by`


@record
class Reference(Record):
    """A complaint, ticket or other reference number kept with a case."""

    kind: str
    value: str
    contact_id: int | None
    note: str | None = None
    added_by: str | None = None  # `ref add`: who kept it (a reference from a contact: None)


@record
class Evidence(Record):
    """A kept file (photo, receipt, transcript) with its hash."""

    id: int
    file: str
    original_name: str
    sha256: str
    size: int
    note: str | None
    added_at: datetime
    path: str | None = None  # where the kept copy is (under TRACKER_HOME/evidence)


@record
class HistoryEntry(Record):
    """One event of a case's history (opened, escalated, closed ...)."""

    at: datetime
    event: str
    detail: str | None
    actor: str | None


@record
class CaseFields(Record):
    """A case's own fields, as `case list` and `case show` give them."""

    id: int
    title: str
    status: str
    company: str
    category: str
    problem: str | None
    happened_on: date | None
    expected: str | None
    received: str | None
    want: str | None
    resolution: str | None
    amount: Money | None
    currency: str
    follow_up_on: date | None
    opened_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    outcome: str | None
    recovered: Money | None
    paid_with: str | None = None
    statement_on: date | None = None
    chargeback_on: date | None = None
    digital: bool = False


@record
class CaseItem(CaseFields):
    """One row of `case list`."""

    order_number: str | None = None
    contact_count: int = 0
    last_contact_at: datetime | None = None
    overdue_promises: int = 0
    overdue_since: date | None = None


@record
class CaseFile(CaseFields):
    """Everything known about one case: what `case show`, the summaries and `next` read."""

    order: Order | None = None
    contacts: list[Contact] = field(default_factory=list)
    promises: list[Promise] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)
    contact_count: int = 0
    last_contact_at: datetime | None = None
    company_contact: CompanyInfo | None = None
    deadlines: list[Deadline] = field(default_factory=list)
    deadline_warnings: list[Conflict] = field(default_factory=list)
    today: date = field(default_factory=date.today, metadata=HIDDEN)

    def contact(self, contact_id: int | None) -> Contact | None:
        return next((c for c in self.contacts if c.id == contact_id), None)


@record
class PromiseItem(Promise):
    """One row of `promise list`: the promise and its case's title."""

    case_title: str = ""


@record
class Match(Record):
    """Where a search matched: the field and a snippet of its text."""

    field: str
    text: str


@record
class SearchHit(CaseItem):
    """A `case list` item with the places the search matched."""

    matches: list[Match] = field(default_factory=list)


@record
class Page(Record, Generic[T]):
    """A page of a listing: the rows shown and how many matched in all."""

    items: list[T]
    total: int
    limit: int

    @property
    def more(self) -> int:
        return max(self.total - len(self.items), 0)


# ---------------------------------------------------------------- the agenda


@record
class DuePromise(Record):
    """`due`: a promise whose day has passed, or has come (`days_overdue` 0)."""

    id: int
    case_id: int
    case_title: str
    what: str
    due_on: date
    days_overdue: int
    contact_id: int | None


@record
class FollowUp(Record):
    """`due`: a case whose follow-up day has come."""

    case_id: int
    title: str
    status: str
    follow_up_on: date
    days_late: int


@record
class Waiting(Record):
    """`due`: an active case with no contact for a while."""

    case_id: int
    title: str
    status: str
    last_contact_at: datetime | None
    opened_at: datetime
    days_silent: int


@record
class Agenda(Record):
    """`tracker due`: each active case once, in its most urgent group (overdue
    promises, follow-ups, waiting); the deadlines and the promises due today on
    their own."""

    today: date
    days: int
    deadline_days: int
    deadlines: list[DueDeadline]
    overdue_promises: list[DuePromise]
    # pending promises due on `today`: not overdue yet, the day to check them
    promises_due_today: list[DuePromise] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)
    waiting: list[Waiting] = field(default_factory=list)
    # how many each group holds: its list is the first `limit` of them (0: all)
    totals: dict[str, int] = field(default_factory=dict)
    limit: int = field(default=0, metadata=HIDDEN)

    @property
    def empty(self) -> bool:
        return not (
            self.deadlines
            or self.overdue_promises
            or self.follow_ups
            or self.waiting
            or self.promises_due_today
        )

    def more(self, group: str) -> int:
        """How many of a group's entries are not in its list (`--limit`)."""
        return self.totals.get(group, 0) - len(getattr(self, group))


# ---------------------------------------------------------------- stats


@record
class CaseCounts(Record):
    """`stats`: cases, in all and per status."""

    total: int
    by_status: dict[str, int]


@record
class ContactStats(Record):
    """`stats`: contacts, per case and per channel."""

    total: int
    per_case_average: float | None
    per_case_max: int
    busiest_case_id: int | None
    by_channel: dict[str, int]
    average_rating: float | None


@record
class TimeStats(Record):
    """`stats`: the minutes spent on contacts."""

    minutes_total: int
    contacts_timed: int
    minutes_per_case_average: float | None


@record
class PromiseStats(Record):
    """`stats`: promises pending, kept, broken and overdue."""

    pending: int
    kept: int
    broken: int
    overdue: int
    total: int
    kept_percent: int | None


@record
class MoneyStats(Record):
    """`stats`: money recovered and still at stake, per currency."""

    recovered: dict[str, Money]
    at_stake: dict[str, Money]


@record
class Stats(Record):
    """`tracker stats`: effort spent, promises kept, money recovered."""

    cases: CaseCounts
    contacts: ContactStats
    time: TimeStats
    promises: PromiseStats
    money: MoneyStats


# ---------------------------------------------------------------- deadlines


@dataclass(frozen=True)
class Deadline:
    """The last safe day of one remedy for one case."""

    rule: str
    title: str
    status: str  # open | not-yet | passed | needs-date
    last_day: date | None
    days_left: int | None
    basis: str  # what the days count from, in words
    source: str
    earliest_day: date | None = None
    needs: str | None = None  # for needs-date: the date it needs
    command: str | None = None  # for needs-date: the command that records it
    action: str = ""
    note: str = ""
    return_window: bool = field(default=False, metadata=HIDDEN)
    counts_from: str = field(default="", metadata=HIDDEN)  # the rule's `from`
    # a chargeback makes this remedy unavailable
    chargeback_ends: bool = field(default=False, metadata=HIDDEN)
    # `basis`'s parts, for the prose to say it in the reader's language
    days: int = field(default=0, metadata=HIDDEN)
    business_days: bool = field(default=False, metadata=HIDDEN)
    start: date | None = field(default=None, metadata=HIDDEN)  # the day the days count from


@dataclass(frozen=True)
class DueDeadline(Deadline):
    """A deadline in the agenda: with its case and the warnings that go with it."""

    case_id: int = 0
    case_title: str = ""
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Conflict:
    """A remedy the user could lose by walking into another one."""

    rule: str
    message: str


@record
class RuleInfo(Record):
    """A deadline rule in force, as `rules list` shows it."""

    name: str
    title: str
    days: int
    business_days: bool
    from_: str = field(metadata=json_name("from"))
    counts_from: str = field(metadata=HIDDEN)  # the basis in words
    length: str = field(metadata=HIDDEN)
    company: list[str] = field(default_factory=list)
    country: list[str] = field(default_factory=list)
    paid_with: list[str] = field(default_factory=list)
    applies_to: str = ""
    whom: str = field(default="", metadata=HIDDEN)  # applies_to in the reader's language
    source: str = ""
    note: str = ""
    enabled: bool = True
    origin: str = ""


@record
class RulesInForce(Record):
    """`rules show`: the deadline rules, holidays and the file they come from."""

    rules: list[RuleInfo]
    holidays: list[date]
    country: str | None
    file: str


# ---------------------------------------------------------------- settings


@record
class Setting(Record):
    """One `config` key: its value, whether it is set, what it is for."""

    key: str
    value: str | int | None
    set: bool
    help: str


@record
class Settings(Record):
    """`config show`: each key with its value and whether the file sets it."""

    file: str
    settings: list[Setting]


# ---------------------------------------------------------------- the journal


@record
class ChangeItem(Record):
    """One change a write command made, as `undo --list` shows it."""

    id: int
    at: datetime
    actor: str | None
    command: str | None
    rows: int
    undone_at: datetime | None
    # what it touched, in English for scripts: "added 1 contact; edited 1 case"
    summary: str
    # the same as (verb, table, rows), verb added/edited/deleted: what the prose says
    # in the reader's language (tracker.prose.words.changed_rows)
    touched: list[tuple[str, str, int]] = field(default_factory=list, metadata=HIDDEN)


@record
class Undone(Record):
    """What `tracker undo` put back."""

    change: ChangeItem
    restored: int  # rows put back as they were
    removed: int  # rows the change had added
    reverted: int  # rows the change had edited
    # evidence put back whose kept copy is gone (`evidence remove` deleted the file)
    missing_files: list[str] = field(default_factory=list)


@record
class EvidenceItem(Record):
    """A kept file and where it is (`evidence list`)."""

    id: int
    case_id: int
    original_name: str
    path: str
    sha256: str
    size: int
    note: str | None
    added_at: datetime
