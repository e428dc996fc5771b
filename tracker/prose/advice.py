"""`tracker next`: the next step the guide suggests for a case, with the words to use.

The advice is an ordered list of rules (`RULES`). Each rule looks at the
facts of a case and returns `Advice`, or None when it does not apply. The
first rule that applies is the next step; the reminders of the others that
apply are listed with it. To add advice, write a rule and put it in `RULES`
where it belongs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from tracker import i18n
from tracker.casefile import HIDDEN, CaseFile, Contact, Promise
from tracker.i18n import N_, _
from tracker.prose.brief import MANAGER_REQUEST
from tracker.prose.chat import chat_summary, promise_sentence
from tracker.prose.deadlines import (
    URGENT_DAYS,
    closing_within,
    deadline_step,
    deadline_why,
    deadline_words,
)
from tracker.prose.words import cap, say_date, say_money, sentence, speaker, squash

# The words to say (English: the company's language); `_()` gives their meaning.
ASK_FOR_HUMAN = N_("Can you connect me with an associate?")
ASK_NAME = N_("Could I have your name, please?")
ASK_REFERENCE = N_(
    "Could you give me a complaint or reference number for this, so the next "
    "person I talk to doesn't have to start from zero?"
)
ASK_WHEN = N_("By what date can I expect this?")
ASK_CHECK = N_("Can you check what happened and make sure it gets done?")

CALM_NOT_YOUR_FAULT = N_(
    "I know this isn't your fault, I just want to find a fair way to resolve this."
)
CALM_THANKS = N_(
    "Thank you so much for your help so far, I know this wasn't your problem or fault."
)
CALM_ACCIDENT = N_(
    "I know this was just an accident, I'm hoping we can find a way to make sure things end well."
)
CALM_LOYAL = N_(
    "I really enjoy using {company}, which is why I'm confident we can find a way to "
    "fix this issue."
)

# Which of the company's chat topics fits a category (Amazon's topics).
TOPICS = {
    "wrong-item": "Something I ordered",
    "damaged": "Something I ordered",
    "not-delivered": "Something I ordered",
    "late": "Something I ordered",
    "other": "Something I ordered",
    "refund": "Something I ordered",  # a refund of an order, like a return
    "billing": "Managing payments, Prime, or account",
    "account": "Managing payments, Prime, or account",
    "device": "Kindle, Fire, or Alexa device",
}

# A refund this large is worth a manager, per currency (about US$100 each; ¥500 is
# not expensive). A currency not listed is never judged expensive.
EXPENSIVE = {
    "USD": Decimal(100),
    "CAD": Decimal(140),
    "AUD": Decimal(150),
    "NZD": Decimal(170),
    "EUR": Decimal(95),
    "GBP": Decimal(80),
    "CHF": Decimal(90),
    "SEK": Decimal(1100),
    "NOK": Decimal(1100),
    "DKK": Decimal(700),
    "PLN": Decimal(400),
    "CZK": Decimal(2300),
    "HUF": Decimal(38000),
    "JPY": Decimal(15000),
    "CNY": Decimal(700),
    "KRW": Decimal(140000),
    "INR": Decimal(8500),
    "SGD": Decimal(130),
    "HKD": Decimal(780),
    "MXN": Decimal(1800),
    "BRL": Decimal(550),
    "ZAR": Decimal(1800),
    "KES": Decimal(13000),
    "NGN": Decimal(150000),
}
# How a contact can fail: what sends the user back, or up to a manager.
FAILED_RESULTS = ("refused", "no-answer", "disconnected")


@dataclass
class Step:
    """A command to run next, and why."""

    command: str
    why: str


@dataclass
class Advice:
    rule: str
    step: str
    why: str
    say: list[str]
    calm: str
    where: list[str] = field(default_factory=list)
    then: list[Step] = field(default_factory=list)
    also: list[str] = field(default_factory=list)
    case: int = 0
    title: str = ""
    # outside English: `say` and `calm` stay the English to say; these are their meaning
    say_meaning: list[str] = field(default_factory=list, metadata=HIDDEN)
    calm_meaning: str = field(default="", metadata=HIDDEN)


@dataclass
class Facts:
    """What the rules look at, worked out once from the case file."""

    case: CaseFile

    def __post_init__(self) -> None:
        case = self.case
        self.id = case.id
        self.company = case.company
        self.topics = case.company_contact.chat_topics if case.company_contact else []
        self.contacts = case.contacts
        self.last = self.contacts[-1] if self.contacts else None
        self.humans = [c for c in self.contacts if c.human]
        self.last_human = self.humans[-1] if self.humans else None
        promises = case.promises
        self.overdue = [p for p in promises if p.overdue]
        self.broken = [p for p in promises if p.state == "broken"]
        self.waiting = [p for p in promises if p.state == "pending" and not p.overdue]
        managers = [i for i, c in enumerate(self.contacts) if c.with_ == "manager"]
        since = managers[-1] + 1 if managers else 0
        later = {c.id for c in self.contacts[since:]}
        # What went wrong since a manager last looked at the case
        # (a call cut off is not a representative failing: they had no chance to answer)
        self.failed_reps = [
            c
            for c in self.contacts[since:]
            if c.with_ == "rep" and c.result not in ("resolved", "disconnected")
        ]
        self.broken_since = [p for p in self.broken if not managers or p.contact_id in later]
        self.overdue_since = [p for p in self.overdue if not managers or p.contact_id in later]
        # A dated promise not yet due gives the company the chance it asked for,
        # unless a promise since the last manager was already broken or is overdue.
        self.covering = (
            [p for p in self.waiting if p.due_on]
            if not (self.broken_since or self.overdue_since)
            else []
        )
        self.escalated, self.escalated_at = self._escalation(managers)

    def contact_of(self, promise: Promise) -> Contact | None:
        return self.case.contact(promise.contact_id)

    def _escalation(self, managers: list[int]) -> tuple[bool, datetime | None]:
        """Whether the user escalated the case with no manager answering since, and when
        (None when the history does not say)."""
        if self.case.status != "escalated":
            return False, None
        marks = [
            h
            for h in self.case.history
            if h.event == "escalated" or "→ escalated" in (h.detail or "")
        ]
        at = marks[-1].at if marks else None
        # On the timeline: a manager contact dated after the escalation answers it, and
        # so does one logged after it (a call logged the next day, back-dated with --at).
        for i in managers:
            c = self.contacts[i]
            if at is None or c.at >= at or (c.logged_at is not None and c.logged_at >= at):
                return False, None
        return True, at

    @property
    def amount(self) -> Decimal | None:
        return self.case.amount.decimal if self.case.amount else None

    @property
    def high_stakes(self) -> str:
        """Why the money at stake deserves a manager, or ''."""
        resolution = self.case.resolution
        if resolution == "store-credit":
            return _("you want store credit")
        refund = resolution == "refund" or self.case.category == "refund"
        threshold = EXPENSIVE.get(self.case.amount.currency) if self.case.amount else None
        amount = self.amount
        if refund and threshold is not None and amount is not None and amount >= threshold:
            return _("a refund of {amount} is at stake").format(amount=say_money(self.case.amount))
        return ""

    def calm(self) -> str:
        if self.case.category in ("wrong-item", "damaged", "late", "not-delivered"):
            return _(CALM_ACCIDENT)
        return _(CALM_NOT_YOUR_FAULT)

    def loyal(self) -> str:
        return _(CALM_LOYAL).format(company=self.company)

    def cite(self, promise: Promise) -> str:
        return promise_sentence(promise, self.contact_of(promise))

    def message(self) -> str:
        """The chat message in English, or its meaning in the language in force."""
        summary = chat_summary(self.case)
        return summary.message if i18n.lang() == "en" else summary.text_sw


Rule = Callable[[Facts], Advice | None]


def ASK_NAME_AND_NUMBER() -> str:  # noqa: N802 - a phrase, like the constants above
    return _("Ask for the representative's name and a complaint or reference number.")


def _cmd(command: str, why: str) -> Step:
    return Step(command, why)


# ---------------------------------------------------------------- the rules, in order


def case_ended(f: Facts) -> Advice | None:
    status = f.case.status
    if status == "resolved":
        return Advice(
            "close-and-rate",
            _("Close the case, and rate the interaction"),
            _(
                "The company resolved it. Write down how it ended while you remember, and "
                "rate the interaction if they ask: it helps the next customer."
            ),
            [_(CALM_THANKS)],
            _(CALM_THANKS),
            then=[
                _cmd(
                    f'tracker case close {f.id} --outcome "..." --recovered AMOUNT',
                    _("keep the outcome and the money recovered"),
                )
            ],
        )
    if status == "closed":
        return Advice(
            "closed",
            _("Nothing to do: the case is closed"),
            _(
                "If the problem comes back (the refund is reversed, the replacement is wrong), "
                "reopen it: every reference number is still here."
            ),
            [],
            _(CALM_THANKS),
            then=[_cmd(f"tracker case reopen {f.id}", _("if the problem comes back"))],
        )
    return None


def deadline_near(f: Facts) -> Advice | None:
    """A remedy whose last safe day is at most URGENT_DAYS away comes first: after it,
    that way out is gone whatever the company promises."""
    near = closing_within(f.case.deadlines, URGENT_DAYS)
    if not near:
        return None
    d = near[0]
    then = [_cmd(f"tracker case show {f.id}", _("every deadline, what it counts from, its source"))]
    if f.contacts or d.return_window:
        then.append(_cmd(f"tracker summary {f.id}", _("the message to paste, with the deadline")))
    return Advice(
        "deadline",
        deadline_step(d),
        deadline_why(d),
        [deadline_words(d)],
        f.calm(),
        where=_where(f),
        then=then,
        also=[deadline_step(other) for other in near[1:]],
    )


def _where(f: Facts, *, email: bool = True) -> list[str]:
    """How to reach the company, with the chat topic that fits the case."""
    company = f.case.company_contact
    where = []
    if company and company.url:
        topic = TOPICS.get(f.case.category or "other")
        chat = _("Chat or contact page: {url}").format(url=company.url)
        if topic and topic in f.topics:  # the topic as the company's chat shows it
            chat = _('{where} (choose the topic "{topic}")').format(where=chat, topic=topic)
        where.append(chat)
    if company and company.phone:
        where.append(_("Phone: {phone}").format(phone=company.phone))
    if company and company.email and email:
        where.append(_("Email: {email}").format(email=company.email))
    if not where:
        where.append(
            _("{company}'s contact details are not recorded: tracker company show {name}").format(
                company=f.company, name=repr(f.company)
            )
        )
    return where


def ask_for_manager(f: Facts) -> Advice | None:
    """Escalated by the user, a broken promise, or representatives who failed without a
    promise still to wait for (a pending promise gives the company its chance first)."""
    if not f.escalated and (f.last is None or f.last.with_ == "manager"):
        return None
    reasons = []
    if f.escalated:
        reasons.append(
            _("you escalated the case on {date}").format(date=say_date(f.escalated_at))
            if f.escalated_at
            else _("you escalated the case")
        )
    if f.broken_since:
        reasons.append(_("a promise was broken"))
    if not f.covering:
        if len(f.failed_reps) >= 2:
            reasons.append(
                _("{n} contacts with representatives have not solved it").format(
                    n=len(f.failed_reps)
                )
            )
        # High stakes alone are no reason: a representative must have said no first
        # (one still looking into it is doing the job).
        if f.high_stakes and any(c.result == "refused" for c in f.failed_reps):
            reasons.append(f.high_stakes)
    if not reasons:
        return None
    say = []
    if f.last is None or f.last.with_ == "bot":
        say.append(_(ASK_FOR_HUMAN))
    say.append(_(MANAGER_REQUEST))
    say += [f.cite(p) for p in (f.overdue + f.broken_since)[:2]]
    then = [
        _cmd(f"tracker summary {f.id} --for manager", _("the brief to read out"))
        if f.escalated
        else _cmd(f"tracker escalate {f.id}", _("marks the case escalated and prints the brief")),
        _cmd(
            f"tracker log {f.id} --channel chat --with manager --rep NAME --ref NUMBER",
            _("afterwards"),
        ),
    ]
    return Advice(
        "ask-for-manager",
        _("Politely ask for a manager"),
        _(
            "{reasons} A manager can do what a representative cannot "
            "(store credit, a refund, an exception). Have the brief ready to read out."
        ).format(reasons=sentence("; ".join(reasons))),
        say,
        f.loyal(),
        where=_where(f) if not f.contacts else [],
        then=then,
    )


def first_contact(f: Facts) -> Advice | None:
    if f.contacts:
        return None
    return Advice(
        "first-contact",
        _("Contact {company} and state the problem").format(company=f.company),
        _(
            "Nobody at the company has heard about it yet. Say clearly when it happened, what "
            "went wrong and what you think is fair; if the chat bot answers, ask for a person."
        ),
        [f.message()],
        f.calm(),
        where=_where(f),
        then=[
            _cmd(f"tracker summary {f.id}", _("the message above, to copy")),
            _cmd(
                f"tracker log {f.id} --channel chat --with rep --rep NAME --ref NUMBER",
                _("right after the contact, while you remember"),
            ),
        ],
        also=[ASK_NAME_AND_NUMBER()],
    )


def follow_up_overdue(f: Facts) -> Advice | None:
    if not f.overdue:
        return None
    promise = min(f.overdue, key=lambda p: p.due_on or date.max)
    contact = f.contact_of(promise)
    ref = squash(contact.reference) if contact else ""
    due = say_date(promise.due_on)
    who = cap(speaker(contact)) if contact else _("The company")
    why = (
        _(
            "{who} promised it by {date}. Cite the reference number and the date so they can "
            "look it up at once."
        )
        if ref
        else _("{who} promised it by {date}. Cite the date so they can look it up at once.")
    )
    return Advice(
        "follow-up-overdue",
        _("Follow up: the promise due {date} is overdue").format(date=due),
        why.format(who=who, date=due),
        [f.cite(promise), _(ASK_CHECK)],
        _(CALM_THANKS),
        then=[
            _cmd(f"tracker summary {f.id}", _("the whole message to paste")),
            _cmd(f"tracker promise broken {promise.id}", _("if they tell you it will not happen")),
        ],
    )


def ask_for_human(f: Facts) -> Advice | None:
    if f.last is None or f.last.with_ != "bot" or f.last.result == "resolved":
        return None
    return Advice(
        "ask-for-human",
        _("Ask the chat bot for a person"),
        _(
            "The last contact was with the bot (on {date}) and it did not solve "
            "the problem. A representative can do more."
        ).format(date=say_date(f.last.at)),
        [_(ASK_FOR_HUMAN), f.message()],
        _(CALM_NOT_YOUR_FAULT),
        then=[_cmd(f"tracker summary {f.id}", _("the message to paste once a person answers"))],
        also=[ASK_NAME_AND_NUMBER()],
    )


def name_and_reference(f: Facts) -> Advice | None:
    c = f.last_human
    if c is None or (c.rep_name and c.reference):
        return None
    say = ([_(ASK_NAME)] if not c.rep_name else []) + (
        [_(ASK_REFERENCE)] if not c.reference else []
    )
    if not c.rep_name and not c.reference:
        why = _(
            "The last person you spoke with ({date}, {channel}) left no name and no reference "
            "number; without them the next contact starts from zero."
        )
    elif not c.rep_name:
        why = _(
            "The last person you spoke with ({date}, {channel}) left no name; without them "
            "the next contact starts from zero."
        )
    else:
        why = _(
            "The last person you spoke with ({date}, {channel}) left no reference number; "
            "without them the next contact starts from zero."
        )
    return Advice(
        "name-and-reference",
        _("Next time, ask for the representative's name and a reference number"),
        why.format(date=say_date(c.at), channel=c.channel),
        say,
        _(CALM_THANKS),
        then=[_cmd(f"tracker summary {f.id}", _("the message to paste"))],
    )


def pending_promise(f: Facts) -> Advice | None:
    if not f.waiting:
        return None
    dated = [p for p in f.waiting if p.due_on]
    if not dated:
        promise = f.waiting[0]
        return Advice(
            "ask-by-when",
            _("Ask by when the promise will be kept"),
            _("A promise without a date cannot be overdue, so it is easy to forget."),
            [f.cite(promise), _(ASK_WHEN)],
            _(CALM_THANKS),
            then=[
                _cmd(
                    f'tracker log {f.id} --channel chat --promise "..." --due DATE',
                    _("record the date they give"),
                )
            ],
        )
    promise = min(dated, key=lambda p: p.due_on or date.max)
    due_day = promise.due_on or f.case.today
    after = due_day + timedelta(days=1) if due_day < date.max else due_day  # 9999-12-31
    due = say_date(promise.due_on)
    # Beside an overdue promise to follow up now, "wait" would read as a contradiction.
    step = (
        _("The promise due {date} is not due yet: follow up on it after {date} if needed")
        if f.overdue
        else _("Wait until {date}, then follow up if needed")
    ).format(date=due)
    return Advice(
        "wait-for-promise",
        step,
        _("The company promised something by a date that has not passed yet."),
        [f.cite(promise)],
        _(CALM_THANKS),
        then=[
            _cmd(
                f"tracker case edit {f.id} --follow-up {after.isoformat()}",
                _("so that tracker due reminds you"),
            ),
            _cmd(f"tracker promise kept {promise.id}", _("when it happens")),
        ],
    )


def promise_kept(f: Facts) -> Advice | None:
    """The last promise still open was kept: time to write down how it ended."""
    promises = f.case.promises
    if not promises or any(p.state == "pending" for p in promises):
        return None
    settled = [p for p in promises if p.settled_at is not None]
    last = max(settled, key=lambda p: (p.settled_at, p.id)) if settled else promises[-1]
    if last.state != "kept":
        return None
    # Escalated after the promise was kept (or with no date to tell): the manager comes first.
    if f.escalated and (
        f.escalated_at is None or last.settled_at is None or last.settled_at < f.escalated_at
    ):
        return None
    recovered = " --recovered AMOUNT" if f.case.resolution == "refund" or f.amount else ""
    why = (
        _(
            "{cited} You marked it kept on {date}, and nothing else is pending. If that "
            "settles the problem, write down how it ended while you remember; if not, "
            "contact them again."
        )
        if last.settled_at
        else _(
            "{cited} You marked it kept, and nothing else is pending. If that settles the "
            "problem, write down how it ended while you remember; if not, contact them again."
        )
    )
    return Advice(
        "promise-kept",
        _("Close the case: the promise was kept"),
        why.format(cited=f.cite(last), date=say_date(last.settled_at)),
        [_(CALM_THANKS)],
        _(CALM_THANKS),
        then=[
            _cmd(
                f'tracker case close {f.id} --outcome "..."{recovered}',
                _("keep how it ended and the money recovered")
                if recovered
                else _("keep how it ended"),
            ),
            _cmd(f"tracker summary {f.id}", _("if it is not settled: the message to paste")),
        ],
    )


def call_dropped(f: Facts) -> Advice | None:
    """The last contact was cut off: get back to them first, with the words to use."""
    c = f.last
    if c is None or c.result != "disconnected":
        return None
    step, cut = {
        "phone": (
            N_("Contact {company} again: the last call was cut off"),
            N_("The call on {date} was cut off before anything was settled."),
        ),
        "chat": (
            N_("Contact {company} again: the last chat was cut off"),
            N_("The chat on {date} was cut off before anything was settled."),
        ),
    }.get(
        c.channel,
        (
            N_("Contact {company} again: the last contact was cut off"),
            N_("The contact on {date} was cut off before anything was settled."),
        ),
    )
    get_back = _(
        "Get back to them and paste or read the summary, so the next person does not start "
        "from zero."
    )
    return Advice(
        "contact-after-drop",
        _(step).format(company=f.company),
        _(cut).format(date=say_date(c.at)) + " " + get_back,
        [f.message()],
        f.calm(),
        where=_where(f),
        then=[
            _cmd(f"tracker summary {f.id}", _("the message to paste")),
            _cmd(
                f"tracker log {f.id} --channel {c.channel} --rep NAME --ref NUMBER",
                _("right after the contact"),
            ),
        ],
    )


def switch_from_email(f: Facts) -> Advice | None:
    """An email unanswered or refused: chat or phone get an answer sooner, if the company
    has them."""
    c = f.last
    if c is None or c.channel != "email":
        return None
    if not (c.with_ == "nobody" or c.result in ("no-answer", "refused")):
        return None
    company = f.case.company_contact
    if company is None or not (company.url or company.phone):
        return None  # nothing to switch to: keep_going says where to write again
    step = (
        _("Switch to chat or phone: your email of {date} went unanswered")
        if c.with_ == "nobody" or c.result == "no-answer"
        else _("Switch to chat or phone: your email of {date} was refused")
    )
    return Advice(
        "switch-channel",
        step.format(date=say_date(c.at)),
        _(
            "An email waits in a queue; on a chat or a call a person has to answer you now, "
            "and you can ask for a manager on the spot."
        ),
        [f.message()],
        f.calm(),
        where=_where(f, email=False),
        then=[
            _cmd(f"tracker summary {f.id}", _("the message to paste")),
            _cmd(
                f"tracker log {f.id} --channel chat --with rep --rep NAME --ref NUMBER",
                _("right after the contact"),
            ),
        ],
    )


def keep_going(f: Facts) -> Advice:
    return Advice(
        "contact-again",
        _("Contact {company} again with your summary").format(company=f.company),
        _(
            "The problem is not solved and nothing is pending. Paste the summary so the next "
            "person does not start from zero."
        ),
        [f.message()],
        f.calm(),
        where=_where(f),
        then=[_cmd(f"tracker summary {f.id}", _("the message to paste"))],
    )


RULES: list[Rule] = [
    case_ended,
    deadline_near,  # a remedy closing within 3 days: its last safe day comes first
    promise_kept,  # the last promise kept: close the case
    ask_for_manager,  # escalated, a broken promise, or failures with no promise to wait for
    first_contact,
    follow_up_overdue,
    pending_promise,  # a promise not yet due comes before asking the bot or the next rep
    ask_for_human,
    call_dropped,  # get back to them first; name and number are the reminder
    switch_from_email,
    name_and_reference,
    keep_going,
]
# Rules whose advice replaces all others (nothing else to remind of).
EXCLUSIVE = ("close-and-rate", "closed", "first-contact", "promise-kept")
# Reminders that would contradict a next step: asking for a manager now is not
# waiting for a promise, nor a first contact to state the problem.
CONFLICTS = {
    "ask-for-manager": (
        "wait-for-promise",
        "first-contact",
        "contact-again",
        "contact-after-drop",
        "switch-channel",
    ),
    "follow-up-overdue": ("contact-again", "contact-after-drop", "switch-channel"),
    "contact-after-drop": ("switch-channel",),
    "switch-channel": ("contact-after-drop",),
    # nothing to ask anyone before the date
    "wait-for-promise": ("ask-for-human", "contact-after-drop", "switch-channel"),
}


def advice_for(case: CaseFile) -> Advice:
    """The first rule that applies, with the other rules' steps as reminders.

    Outside English the advice is in the language in force, but the words to say stay
    the English the company hears, with their meaning in `say_meaning`/`calm_meaning`.
    """
    if i18n.lang() == "en":
        return _advise(case)
    with i18n.using("en"), i18n.dates_in("en"):
        english = _advise(case)
    advice = _advise(case)
    advice.say_meaning, advice.calm_meaning = advice.say, advice.calm
    advice.say, advice.calm = english.say, english.calm
    return advice


def _advise(case: CaseFile) -> Advice:
    facts = Facts(case)
    found = [a for a in (rule(facts) for rule in RULES) if a is not None]
    advice = found[0]
    if advice.rule not in EXCLUSIVE:
        skip = ("contact-again", *CONFLICTS.get(advice.rule, ()))
        advice.also += [a.step for a in found[1:] if a.rule not in skip]
    advice.case, advice.title = case.id, case.title
    return advice
