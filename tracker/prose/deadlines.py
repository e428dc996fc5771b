"""Sentences about a case's remedy deadlines (tracker.deadlines.Deadline): the
"Deadlines" section of `case show` and the brief, the advice of `next` and the
chat message's reminder. Whole sentences with named values, no database, no rich."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from tracker.prose.words import say_date, squash

if TYPE_CHECKING:
    from tracker.deadlines import Deadline

URGENT_DAYS = 3  # `next` puts a deadline this close ahead of everything else
CHAT_DAYS = 7  # the chat message mentions a deadline this close


def days_left(days: int) -> str:
    """'closes today', 'closes tomorrow', '2 days left'."""
    if days <= 0:
        return "closes today"
    if days == 1:
        return "closes tomorrow"
    return f"{days} days left"


def closing_within(deadlines: Iterable[Deadline], days: int) -> list[Deadline]:
    """The open deadlines whose last safe day is at most `days` away, soonest first."""
    near = [
        d
        for d in deadlines
        if d.status == "open" and d.last_day is not None and (d.days_left or 0) <= days
    ]
    return sorted(near, key=lambda d: (d.last_day, d.rule))


def deadline_line(d: Deadline) -> str:
    """One deadline as `case show` and the brief list it."""
    title = squash(d.title)
    if d.status == "needs-date":
        return (
            f"{title}: counts {d.basis}; it needs the {d.needs} to work out the last safe day"
            + (f" (record it with: {d.command})." if d.command else ".")
        )
    last = say_date(d.last_day)
    if d.status == "passed":
        return f"{title}: closed on {last}; it counted {d.basis}."
    if d.status == "not-yet":
        opens = say_date(d.earliest_day) if d.earliest_day else ""
        start = f"not open yet (from {opens})" if opens else "not open yet"
        return (
            f"{title}: {start}; last safe day {last} ({days_left(d.days_left or 0)}); "
            f"counts {d.basis}."
        )
    return f"{title}: last safe day {last} ({days_left(d.days_left or 0)}); counts {d.basis}."


def deadline_source(d: Deadline) -> str:
    return f"Source: {d.source}" if d.source else ""


def deadline_step(d: Deadline) -> str:
    """The next step when a deadline is close: what to do, and by when."""
    last = say_date(d.last_day)
    action = squash(d.action)
    if action:
        return f"Before {last}: {action} ({squash(d.title)}, {days_left(d.days_left or 0)})"
    return f"Act before {last}: the {squash(d.title)} closes ({days_left(d.days_left or 0)})"


def deadline_why(d: Deadline) -> str:
    last = say_date(d.last_day)
    # The source goes last, with no full stop after it: a URL to copy whole.
    source = f" Source: {d.source}" if d.source else ""
    return (
        f"The {squash(d.title)} closes on {last}; after that this way out is gone, "
        f"whatever the company promises. It counts {d.basis}.{source}"
    )


def deadline_words(d: Deadline) -> str:
    """What to tell the company when a deadline is close."""
    last = say_date(d.last_day)
    if d.return_window:
        return f"My return window closes on {last}, so I need this resolved before then."
    return f"The {squash(d.title)} closes on {last}, so I need this resolved before then."


def chat_deadline(deadlines: Iterable[Deadline]) -> str:
    """The chat message's reminder of the closest deadline within CHAT_DAYS, or ''."""
    near = closing_within(deadlines, CHAT_DAYS)
    return deadline_words(near[0]) if near else ""
