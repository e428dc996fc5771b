"""Sentences about a case's remedy deadlines (tracker.deadlines.Deadline): the
"Deadlines" section of `case show` and the brief, the advice of `next` and the
chat message's reminder. Whole sentences with named values, no database, no rich."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from tracker.i18n import _, ngettext
from tracker.prose.words import say_date, squash

if TYPE_CHECKING:
    from tracker.deadlines import Deadline

URGENT_DAYS = 3  # `next` puts a deadline this close ahead of everything else
CHAT_DAYS = 7  # the chat message mentions a deadline this close


def days_left(days: int) -> str:
    """'closes today', 'closes tomorrow', '2 days left'."""
    if days <= 0:
        return _("closes today")
    if days == 1:
        return _("closes tomorrow")
    return ngettext("{n} day left", "{n} days left", days).format(n=days)


def closing_within(deadlines: Iterable[Deadline], days: int) -> list[Deadline]:
    """The open deadlines whose last safe day is at most `days` away, soonest first."""
    near = [
        d
        for d in deadlines
        if d.status == "open" and d.last_day is not None and (d.days_left or 0) <= days
    ]
    return sorted(near, key=lambda d: (d.last_day, d.rule))


def said_basis(d: Deadline) -> str:
    """What a deadline's days count from, in the reader's language. Its `basis` is
    the English of it (its JSON), said as is when its parts are not known."""
    from tracker.deadlines import BASES, basis_words

    if not d.days or d.counts_from not in BASES:
        return d.basis
    return basis_words(d.days, d.business_days, d.counts_from, d.start, d.needs, translated=True)


def deadline_line(d: Deadline) -> str:
    """One deadline as `case show` and the brief list it."""
    title = squash(d.title)
    if d.status == "needs-date":
        text = _("{title}: counts {basis}; it needs the {needs} to work out the last safe day")
        text = text.format(title=title, basis=said_basis(d), needs=_(d.needs) if d.needs else "")
        if d.command:
            return _("{text} (record it with: {command}).").format(text=text, command=d.command)
        return text + "."
    last = say_date(d.last_day)
    left = days_left(d.days_left or 0)
    if d.status == "passed":
        return _("{title}: closed on {date}; it counted {basis}.").format(
            title=title, date=last, basis=said_basis(d)
        )
    if d.status == "not-yet":
        opens = say_date(d.earliest_day) if d.earliest_day else ""
        start = _("not open yet (from {date})").format(date=opens) if opens else _("not open yet")
        return _("{title}: {start}; last safe day {date} ({left}); counts {basis}.").format(
            title=title, start=start, date=last, left=left, basis=said_basis(d)
        )
    return _("{title}: last safe day {date} ({left}); counts {basis}.").format(
        title=title, date=last, left=left, basis=said_basis(d)
    )


def deadline_source(d: Deadline) -> str:
    return _("Source: {source}").format(source=d.source) if d.source else ""


def deadline_step(d: Deadline) -> str:
    """The next step when a deadline is close: what to do, and by when."""
    last = say_date(d.last_day)
    action = squash(d.action)
    left = days_left(d.days_left or 0)
    if action:
        return _("Before {date}: {action} ({title}, {left})").format(
            date=last, action=action, title=squash(d.title), left=left
        )
    return _("Act before {date}: the {title} closes ({left})").format(
        date=last, title=squash(d.title), left=left
    )


def deadline_why(d: Deadline) -> str:
    last = say_date(d.last_day)
    # The source goes last, with no full stop after it: a URL to copy whole.
    source = " " + deadline_source(d) if d.source else ""
    why = _(
        "The {title} closes on {date}; after that this way out is gone, "
        "whatever the company promises. It counts {basis}."
    )
    return why.format(title=squash(d.title), date=last, basis=said_basis(d)) + source


def deadline_words(d: Deadline) -> str:
    """What to tell the company when a deadline is close."""
    last = say_date(d.last_day)
    if d.return_window:
        return _("My return window closes on {date}, so I need this resolved before then.").format(
            date=last
        )
    return _("The {deadline} closes on {date}, so I need this resolved before then.").format(
        deadline=squash(d.title), date=last
    )


def chat_deadline(deadlines: Iterable[Deadline]) -> str:
    """The chat message's reminder of the closest deadline within CHAT_DAYS, or ''."""
    near = closing_within(deadlines, CHAT_DAYS)
    return deadline_words(near[0]) if near else ""
