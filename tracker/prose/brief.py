"""The escalation brief: everything a manager needs, in time order, with the
request to escalate. Built as data (`Brief`, for JSON) and as a document
(`brief_document`, for text and Markdown)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from tracker import i18n
from tracker.casefile import HIDDEN, CaseFile, Contact, Money, Order, Shipment, json_name

if TYPE_CHECKING:
    from tracker.deadlines import Deadline
from tracker.i18n import N_, _, ngettext
from tracker.prose.deadlines import deadline_line
from tracker.prose.doc import Doc, Facts, Item, Items, Line, Para, Quote, Run, Section, runs
from tracker.prose.statement import evidence_sentence, statement
from tracker.prose.words import local_day, say_date, say_money, say_time, speaker, times

NOT_RECORDED = N_("Not recorded.")

MANAGER_REQUEST = N_(
    "I'm sorry, but I think I need to speak with someone who can help me "
    "directly. Could you transfer me to your manager?"
)


@dataclass
class BriefCase:
    id: int
    title: str
    status: str
    company: str
    category: str
    opened_at: datetime
    follow_up_on: date | None


@dataclass
class BriefPromise:
    id: int
    what: str
    due_on: date | None
    state: str
    overdue: bool
    contact_id: int | None
    made_at: datetime | None
    made_by: str | None
    reference: str | None
    days_overdue: int
    made_by_words: str = field(default="", metadata=HIDDEN)  # 'the manager Ana', 'Priya'


@dataclass
class BriefReference:
    kind: str
    value: str
    contact_id: int | None
    given_at: datetime | None
    given_by: str | None
    given_by_words: str = field(default="", metadata=HIDDEN)  # 'the manager Ana', 'Priya'


@dataclass
class Totals:
    contacts: int
    human_contacts: int
    minutes: int
    first_contact_on: date | None
    days_since_first_contact: int | None
    promises_kept: int
    promises_broken: int
    promises_overdue: int


@dataclass
class Brief:
    """Everything a manager needs, in time order, with the request to escalate."""

    for_: str = field(default="manager", init=False, metadata=json_name("for"))
    case: BriefCase = field(kw_only=True)
    order: Order | None = field(kw_only=True)
    statement: str = field(kw_only=True)
    problem: str | None = field(kw_only=True)
    happened_on: date | None = field(kw_only=True)
    expected: str | None = field(kw_only=True)
    received: str | None = field(kw_only=True)
    resolution: str | None = field(kw_only=True)
    want: str | None = field(kw_only=True)
    wanted: str = field(kw_only=True)
    amount: Money | None = field(kw_only=True)
    currency: str = field(kw_only=True)
    contacts: list[Contact] = field(kw_only=True)
    promises: list[BriefPromise] = field(kw_only=True)
    references: list[BriefReference] = field(kw_only=True)
    deadlines: list[Deadline] = field(default_factory=list, kw_only=True)
    totals: Totals = field(kw_only=True)
    request: str = field(default="", kw_only=True)
    evidence: str = field(default="", kw_only=True, metadata=HIDDEN)  # 'I have photos ...'
    # the request's meaning in Kiswahili, for the user to read (the manager hears English)
    request_sw: str = field(default="", kw_only=True, metadata=HIDDEN)
    # the same for the statement of the problem and the evidence sentence
    statement_sw: str = field(default="", kw_only=True, metadata=HIDDEN)
    evidence_sw: str = field(default="", kw_only=True, metadata=HIDDEN)


def manager_brief(case: CaseFile, *, with_notes: bool = False) -> Brief:
    """The brief of a case. A contact's note is the user's own: it stays out
    unless `with_notes`."""
    day = case.today
    # What the manager hears is English, dates too, whatever the user's language.
    with i18n.using("en"), i18n.dates_in("en"):
        said = statement(case, short=False)
        evidence = evidence_sentence(case)
        request = manager_request(said.want, len(case.contacts), case.company)
    with i18n.using("sw"), i18n.dates_in("sw"):
        said_sw = statement(case, short=False)
        evidence_sw = evidence_sentence(case)
        request_sw = manager_request(said_sw.want, len(case.contacts), case.company)
    contacts = case.contacts if with_notes else [replace(c, note=None) for c in case.contacts]
    promises = []
    for p in case.promises:
        contact = case.contact(p.contact_id)
        due = p.due_on
        promises.append(
            BriefPromise(
                id=p.id,
                what=p.what,
                due_on=p.due_on,
                state=p.state,
                overdue=p.overdue,
                contact_id=p.contact_id,
                made_at=contact.at if contact else None,
                made_by=(contact.rep_name or contact.with_) if contact else p.made_by,
                reference=contact.reference if contact else None,
                days_overdue=(day - due).days if p.overdue and due else 0,
                made_by_words=speaker(contact) if contact else "",
            )
        )
    references = []
    for r in case.references:
        contact = case.contact(r.contact_id)
        references.append(
            BriefReference(
                kind=r.kind,
                value=r.value,
                contact_id=r.contact_id,
                given_at=contact.at if contact else None,
                given_by=(contact.rep_name or contact.with_) if contact else None,
                given_by_words=speaker(contact) if contact and contact.human else "",
            )
        )
    first = local_day(contacts[0].at) if contacts else None
    totals = Totals(
        contacts=len(contacts),
        human_contacts=sum(1 for c in contacts if c.human),
        minutes=sum(c.minutes or 0 for c in contacts),
        first_contact_on=first,
        days_since_first_contact=(day - first).days if first else None,
        promises_kept=sum(1 for p in promises if p.state == "kept"),
        promises_broken=sum(1 for p in promises if p.state == "broken"),
        promises_overdue=sum(1 for p in promises if p.overdue),
    )
    return Brief(
        case=BriefCase(
            id=case.id,
            title=case.title,
            status=case.status,
            company=case.company,
            category=case.category,
            opened_at=case.opened_at,
            follow_up_on=case.follow_up_on,
        ),
        order=case.order,
        statement=" ".join(s for s in (said.ordered, said.problem) if s),
        problem=case.problem,
        happened_on=case.happened_on,
        expected=case.expected,
        received=case.received,
        resolution=case.resolution,
        want=case.want,
        wanted=said.want,
        amount=case.amount,
        currency=case.currency,
        contacts=contacts,
        promises=promises,
        references=references,
        deadlines=list(case.deadlines),
        totals=totals,
        request=request,
        evidence=evidence,
        request_sw=request_sw,
        statement_sw=" ".join(s for s in (said_sw.ordered, said_sw.problem) if s),
        evidence_sw=evidence_sw,
    )


def manager_request(want: str, contacts: int, company: str) -> str:
    """What the brief asks of the manager it is read to: the resolution, today."""
    ask = want or _("I would like this put right.")
    if contacts > 1:
        return _(
            "{ask} I have already contacted {company} {times} about it. "
            "Could you make that happen today, so that it is settled?"
        ).format(ask=ask, company=company, times=times(contacts))
    return _("{ask} Could you make that happen today, so that it is settled?").format(ask=ask)


# ---------------------------------------------------------------- the document


def _who(c: Contact) -> str:
    who = c.with_ or "unknown"
    if c.rep_name:
        who += f" {c.rep_name}"
    if c.rep_id:
        who += f" (id {c.rep_id})"
    return who


def _contact_facts(c: Contact) -> list[str]:
    facts = [c.channel or "", _who(c)]
    if c.reference:
        facts.append(_("reference {reference}").format(reference=c.reference))
    elif c.human:
        facts.append(_("no reference given"))
    if c.minutes is not None:
        facts.append(_("{n} min").format(n=c.minutes))
    if c.result:
        facts.append(c.result)
    if c.rating is not None:
        facts.append(_("rated {n}/5").format(n=c.rating))
    return facts


def _promise_state(p: BriefPromise) -> str:
    if p.overdue:
        days = p.days_overdue
        return ngettext(
            "OVERDUE since {date} ({n} day)", "OVERDUE since {date} ({n} days)", days
        ).format(date=say_date(p.due_on), n=days)
    if p.state == "pending":
        return (
            _("pending, due {date}").format(date=say_date(p.due_on))
            if p.due_on
            else _("pending, no due date")
        )
    if p.state == "broken" and p.due_on:
        return _("broken (it was due {date})").format(date=say_date(p.due_on))
    return p.state


def _promise_origin(p: BriefPromise) -> str:
    parts = []
    if p.made_by_words or p.made_by:
        parts.append(_("by {who}").format(who=p.made_by_words or p.made_by))
    if p.made_at:
        parts.append(_("on {date}").format(date=say_date(p.made_at)))
    if p.reference:
        parts.append(_("(reference {reference})").format(reference=p.reference))
    return _("promised {how}").format(how=" ".join(parts)) if parts else ""


def _totals_line(t: Totals) -> str:
    parts = [
        ngettext(
            "{n} contact ({people} with a person)",
            "{n} contacts ({people} with a person)",
            t.contacts,
        ).format(n=t.contacts, people=t.human_contacts)
    ]
    if t.minutes:
        parts.append(_("{n} minutes spent").format(n=t.minutes))
    elif t.contacts:
        parts.append(_("minutes not recorded"))
    if t.first_contact_on:
        days = t.days_since_first_contact or 0
        first = say_date(t.first_contact_on)
        parts.append(
            _("the first one today ({date})").format(date=first)
            if days == 0
            else ngettext(
                "{n} day since the first contact ({date})",
                "{n} days since the first contact ({date})",
                days,
            ).format(n=days, date=first)
        )
    return ", ".join(parts) + "."


def _order_line(order: Order) -> str:
    parts = [_("Order {number}").format(number=order.number)]
    if order.placed_on:
        parts.append(_("placed {date}").format(date=say_date(order.placed_on)))
    if order.amount:
        parts.append(say_money(order.amount))
    text = ", ".join(parts)
    if order.items:
        text += ": " + "; ".join(order.items)
    return text


def _shipment_line(s: Shipment) -> str:
    parts = [
        s.carrier,
        s.tracking and _("tracking {number}").format(number=s.tracking),
        s.shipped_on and _("shipped {date}").format(date=say_date(s.shipped_on)),
        s.expected_on and _("expected {date}").format(date=say_date(s.expected_on)),
        s.delivered_on and _("delivered {date}").format(date=say_date(s.delivered_on)),
    ]
    text = ", ".join(p for p in parts if p)
    status = s.status
    if status and not re.search(rf"\b{re.escape(status)}\b", text):
        text = f"{text}, {status}" if text else status
    return _("Shipment: {details}").format(details=text)


def _wanted(b: Brief) -> str:
    kind = (b.resolution or "").replace("-", " ")
    words = b.want or ""
    if kind and words:
        return f"{kind.capitalize()}: {words}"
    return kind.capitalize() or words or b.wanted


def _long(text: str) -> Line:
    return [Run(text, long=True)]


def brief_document(b: Brief) -> Doc:
    """The brief as a document, for text and Markdown alike."""
    header: list[list[Line]] = [
        [
            runs(
                _("{company} · status {status}").format(
                    company=b.case.company, status=b.case.status
                )
            )
        ]
    ]
    if b.order:
        header.append(
            [runs(_order_line(b.order))] + [runs(_shipment_line(s)) for s in b.order.shipments]
        )

    facts = [(_("Category"), runs((b.case.category or "").replace("-", " ")))]
    if b.happened_on:
        facts.append((_("Happened"), runs(say_date(b.happened_on))))
    # read out in English; in another language its meaning follows, for the user
    translated = i18n.lang() != "en"
    evidence = b.evidence
    if translated and b.evidence_sw and b.evidence_sw != b.evidence:
        evidence = f"{evidence} ({b.evidence_sw})"
    for label, value in (
        (N_("Expected"), b.expected),
        (N_("Received"), b.received),
        (N_("In my words"), b.problem),
        (N_("Evidence"), evidence),
    ):
        if value:
            facts.append((_(label), _long(value)))
    problem = Section(_("Problem"), ([Para(_long(b.statement))] if b.statement else []))
    if translated and b.statement_sw and b.statement_sw != b.statement:
        problem.blocks.append(
            Para(_long(_("Its meaning: {text}").format(text=b.statement_sw)), hang="  ")
        )
    problem.blocks.append(Facts([(k, v) for k, v in facts if v]))

    contacts: list[Item] = []
    for c in b.contacts:
        said = [
            (name, _long(value))
            for name, value in (
                (_("Asked"), c.asked),
                (_("Said"), c.answer),
                (_("Note"), c.note),
            )
            if value
        ]
        line = [Run(say_time(c.at), strong=True), Run(" · " + " · ".join(_contact_facts(c)))]
        contacts.append(Item(line, said))

    sections = [
        problem,
        Section(_("Resolution wanted"), [Para(_long(_wanted(b) or _(NOT_RECORDED)), hang="    ")]),
        Section(
            _("Amount at stake"),
            value=runs(say_money(b.amount) if b.amount is not None else _(NOT_RECORDED).lower()),
        ),
        Section(
            _("Contacts ({n})").format(n=len(b.contacts)),
            [Items(contacts, numbered=True) if contacts else Para(runs(_("None yet.")))],
        ),
    ]
    if b.promises:
        items = []
        for p in b.promises:
            origin = _promise_origin(p)
            unkept = p.overdue or p.state == "broken"
            items.append(
                Item(
                    [
                        Run(p.what, long=True),
                        Run(f", {origin}: " if origin else ": "),
                        Run(_promise_state(p), strong=unkept, alert=unkept),
                    ]
                )
            )
        sections.append(Section(_("Promises"), [Items(items)]))
    references: list[Item] = []
    for r in b.references:
        giver = r.given_by_words or r.given_by
        on = say_date(r.given_at) if r.given_at else ""
        if giver and on:
            extra = ", " + _("given by {who} on {date}").format(who=giver, date=on)
        elif giver:
            extra = ", " + _("given by {who}").format(who=giver)
        else:
            extra = " " + _("on {date}").format(date=on) if on else ""
        references.append(Item(runs(r.value, f" ({r.kind}{extra})")))
    sections += [
        Section(
            _("References"),
            [Items(references, dashes=False) if references else Para(runs(_("None recorded.")))],
        ),
    ]
    # The remedies with a known last day: what the manager's answer has to beat.
    dated = [d for d in b.deadlines if d.last_day is not None]
    if dated:
        sections.append(
            Section(_("Deadlines"), [Items([Item(runs(deadline_line(d))) for d in dated])])
        )
    sections += [
        Section(_("Totals"), [Para(runs(_totals_line(b.totals)))]),
        Section(_("Request"), [Quote(runs(b.request))]),
    ]
    if i18n.lang() != "en" and b.request_sw:
        # the request is read out in English; its meaning follows, for the user
        sections[-1].blocks.append(
            Para(runs(_("Its meaning: {text}").format(text=b.request_sw)), hang="  ")
        )
    return Doc(
        title=[
            Run(_("Escalation brief: case #{case}, ").format(case=b.case.id), own=True),
            Run(b.case.title),
        ],
        header=header,
        sections=sections,
        case=b.case.id,
    )
