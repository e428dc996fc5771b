"""Everything drawn for people at a terminal: rich text, plain when piped.

Renderers take the typed records of tracker.casefile (and documents of
tracker.prose.doc) and never touch the database. User text always goes
through `t()`/`safe()`: never markup, controls neutralised.
"""

from __future__ import annotations

from datetime import date, datetime

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from tracker import casefile as cf
from tracker import i18n
from tracker.i18n import N_, _, ngettext
from tracker.output import t
from tracker.parse import safe, to_local
from tracker.prose.deadlines import URGENT_DAYS, deadline_line, deadline_source
from tracker.prose.doc import Doc, Facts, Items, Line, Para, Quote
from tracker.prose.history import history_detail
from tracker.prose.words import say_money
from tracker.render.excerpt import excerpt
from tracker.render.grid import Grid

# The heading over the Kiswahili meaning of English text meant for the company.
NOT_TO_SEND = N_("Its meaning in your language (do not send this):")

STATUS_STYLE = {
    "open": "cyan",
    "waiting": "yellow",
    "escalated": "magenta",
    "resolved": "green",
    "closed": "dim",
}


def when(value: datetime | None) -> str:
    """A stored time as '2026-11-02 14:30' (local), or ''."""
    return f"{to_local(value):%Y-%m-%d %H:%M}" if value else ""


def day(value: date | datetime | None) -> str:
    """'2026-11-02' (local), or ''."""
    if value is None:
        return ""
    return (to_local(value).date() if isinstance(value, datetime) else value).isoformat()


def case_table(rows: list[cf.CaseItem], today: date, width: int = 80) -> Grid:
    """`case list`: the company column only when the cases involve several; on a
    narrow terminal the counts give way to the titles (and the number of contacts
    to the company, on a common 80-column one)."""
    several = len({r.company for r in rows}) > 1
    narrow = width < 72
    counted = not narrow and not (several and width < 88)
    grid = Grid()
    grid.add_column("#", right=True, wrap=False)
    grid.add_column(_("Title"), min_width=12)
    if several:
        grid.add_column(_("Company"))
    grid.add_column(_("Status"), wrap=False)
    if counted:
        grid.add_column(_("Contacts"), right=True, wrap=False)
    if not narrow:
        grid.add_column(_("Last"), wrap=False)
    grid.add_column(_("Attention"), min_width=10)  # a date on one line
    for r in rows:
        attention = Text()
        if r.overdue_promises:
            attention.append(
                _("promise overdue since {date}").format(date=day(r.overdue_since)), "bold red"
            )
        elif r.follow_up_on and r.status not in ("resolved", "closed"):
            if r.follow_up_on < today:
                attention.append(
                    _("follow-up overdue since {date}").format(date=day(r.follow_up_on)),
                    "bold yellow",
                )
            else:
                attention.append(
                    _("follow up {date}").format(date=day(r.follow_up_on)),
                    "yellow" if r.follow_up_on == today else "",
                )
        cells: list[str | Text] = [str(r.id), t(r.title)]
        if several:
            cells.append(t(r.company))
        cells.append(t(r.status, STATUS_STYLE.get(r.status)))
        if counted:
            cells.append(str(r.contact_count))
        if not narrow:
            cells.append(day(r.last_contact_at) or _("never"))
        cells.append(attention)
        grid.add_row(*cells)
    return grid


TABLE_ROWS = 500  # a longer listing is printed row by row, not measured as one table


def case_lines(rows: list[cf.CaseItem], today: date):
    """`case list` for a long listing: one line a case, printed as it comes."""
    for r in rows:
        line = Text(f"{r.id:>7}  ")
        line.append(f"{r.status:<9}", STATUS_STYLE.get(r.status, ""))
        line.append(f"  {day(r.last_contact_at) or _('never'):<10}  ")
        line.append(safe(r.title))
        if r.overdue_promises:
            overdue = _("promise overdue since {date}").format(date=day(r.overdue_since))
            line.append(f"  ({overdue})", "bold red")
        elif r.follow_up_on and r.follow_up_on <= today:
            line.append(f"  ({_('follow up {date}').format(date=day(r.follow_up_on))})", "yellow")
        yield line


def order_panel(order: cf.Order) -> Panel:
    lines = Text()
    lines.append(_("Order {number}").format(number=safe(order.number)), "bold")
    lines.append("  " + _("at {company}").format(company=safe(order.company)))
    if order.placed_on:
        lines.append(", " + _("placed {date}").format(date=order.placed_on))
    if order.amount:
        lines.append(f", {say_money(order.amount)}")
    for item in order.items:
        lines.append("\n  • ")
        lines.append(safe(item))
    for s in order.shipments:
        lines.append("\n  " + _("Shipment:") + " ")
        parts = [
            s.carrier,
            s.tracking and _("tracking {number}").format(number=s.tracking),
            s.shipped_on and _("shipped {date}").format(date=s.shipped_on),
            s.expected_on and _("expected {date}").format(date=s.expected_on),
            s.delivered_on and _("delivered {date}").format(date=s.delivered_on),
        ]
        if s.status and not (
            getattr(s, f"{s.status}_on") if s.status in ("shipped", "delivered") else False
        ):
            parts.append(s.status)  # unless the dates already say it
        lines.append(safe(", ".join(p for p in parts if p)))
    if order.notes:
        lines.append("\n  " + _("Note:") + " ")
        lines.append(safe(order.notes))
    return Panel(lines, expand=False)


def _field(grid: Table, label: str, value) -> None:
    if value not in (None, "", []):
        grid.add_row(Text(label, style="bold"), value if isinstance(value, Text) else t(value))


RESULT_STYLE = {
    "resolved": "green",
    "promised": "yellow",
    "escalated": "magenta",
    "refused": "red",
    "disconnected": "red",
    "no-answer": "red",
}


def contact_entry(c: cf.Contact) -> Text:
    """One contact as two or more lines: when, how, who, reference, result; then what was said."""
    entry = Text("  ")
    entry.append(f"{c.id:>3}  ", "dim")
    entry.append(when(c.at), "bold")
    facts = [c.channel]
    who = " ".join(x for x in (c.with_, c.rep_name) if x)
    if c.rep_id:
        who += f" (id {c.rep_id})"
    if who:
        facts.append(who)
    if c.reference:
        facts.append(_("ref {reference}").format(reference=c.reference))
    if c.minutes is not None:
        facts.append(_("{n} min").format(n=c.minutes))
    if c.rating:
        facts.append(_("rated {n}/5").format(n=c.rating))
    entry.append("  " + safe(" · ".join(facts)))
    if c.result:
        entry.append(" → ")
        entry.append(c.result, RESULT_STYLE.get(c.result, ""))
    for label, key in ((N_("Asked"), "asked"), (N_("Said"), "answer"), (N_("Note"), "note")):
        if getattr(c, key):
            entry.append(f"\n        {_(label)}: ", "dim")
            entry.append(safe(getattr(c, key)).replace("\n", "\n        "))
    return entry


SHOWN_CONTACTS = 50  # `case show` prints the latest ones; --all prints every one


def case_file(data: cf.CaseFile, every_contact: bool = False) -> Group:
    """The readable case file printed by `case show`: the latest SHOWN_CONTACTS
    contacts unless `every_contact`."""
    head = Text()
    head.append(_("Case #{case}").format(case=data.id) + "  ", "bold")
    head.append(safe(data.title), "bold")
    head.append("  ")
    head.append(data.status, STATUS_STYLE.get(data.status, ""))

    facts = Table.grid(padding=(0, 2))
    facts.add_column(no_wrap=True)
    facts.add_column()
    _field(facts, _("Company"), data.company)
    _field(facts, _("Category"), data.category)
    _field(facts, _("Happened"), data.happened_on)
    _field(facts, _("Problem"), data.problem)
    _field(facts, _("Expected"), data.expected)
    _field(facts, _("Received"), data.received)
    want = ", ".join(x for x in (data.resolution, data.want) if x)
    _field(facts, _("Wants"), want)
    _field(facts, _("At stake"), say_money(data.amount))
    _field(facts, _("Follow up"), data.follow_up_on)
    _field(facts, _("Opened"), when(data.opened_at))
    _field(facts, _("Closed"), when(data.closed_at))
    _field(facts, _("Outcome"), data.outcome)
    _field(facts, _("Recovered"), say_money(data.recovered))
    parts: list = [head, facts]

    if data.order:
        parts.append(order_panel(data.order))

    if data.deadlines or data.deadline_warnings:
        parts.append(deadlines_section(data))

    writers = _writers(data)  # who wrote is shown only when several people did
    if data.contacts:
        parts.append(Text("\n" + _("Contacts ({n})").format(n=len(data.contacts)), style="bold"))
        shown = data.contacts if every_contact else data.contacts[-SHOWN_CONTACTS:]
        if len(shown) < len(data.contacts):
            hidden = len(data.contacts) - len(shown)
            parts.append(
                Text(
                    "  ("
                    + ngettext(
                        "{n} earlier contact not shown; tracker case show {case} --all shows "
                        "every one",
                        "{n} earlier contacts not shown; tracker case show {case} --all shows "
                        "every one",
                        hidden,
                    ).format(n=hidden, case=data.id)
                    + ")",
                    style="dim",
                )
            )
        for c in shown:
            entry = contact_entry(c)
            if len(writers) > 1 and c.logged_by:
                entry.append(
                    "\n        " + _("Logged by {name}").format(name=safe(c.logged_by)), "dim"
                )
            parts.append(entry)
    else:
        parts.append(Text("\n" + _("No contacts yet."), style="dim"))

    if data.promises:
        parts.append(Text("\n" + _("Promises"), style="bold"))
        for p in data.promises:
            row = Text("  ")
            row.append(f"{p.id:>3}  ", "dim")
            row.append(safe(p.what))
            if p.made_by:
                row.append(_(", by {name}").format(name=safe(p.made_by)), "dim")
            row.append(
                "  " + (_("due {date}").format(date=p.due_on) if p.due_on else _("no due date"))
            )
            row.append("  ")
            row.append(
                *(
                    (_("OVERDUE"), "bold red")
                    if p.overdue
                    else (p.state, {"kept": "green", "broken": "red"}.get(p.state, "yellow"))
                )
            )
            parts.append(row)

    if data.references:
        parts.append(Text("\n" + _("References"), style="bold"))
        for r in data.references:
            row = Text("  ")
            row.append(safe(r.value), "bold")
            row.append(f"  {r.kind}")
            if r.contact_id:
                row.append(", " + _("from contact {id}").format(id=r.contact_id), "dim")
            elif r.added_by:
                row.append(", " + _("added by {who}").format(who=safe(r.added_by)), "dim")
            if r.note:
                row.append("  " + safe(r.note))
            parts.append(row)

    if data.evidence:
        parts.append(Text("\n" + _("Evidence"), style="bold"))
        for e in data.evidence:
            row = Text("  ")
            row.append(f"{e.id:>3}  ", "dim")
            row.append(safe(e.original_name))
            row.append(f"  sha256 {e.sha256[:12]}…", "dim")
            if e.note:
                row.append("  " + safe(e.note))
            if e.path:
                row.append("\n       " + safe(e.path), "dim")
            parts.append(row)

    if data.history:
        parts.append(Text("\n" + _("History"), style="bold"))
        for h in data.history:
            row = Text("  ")
            row.append(when(h.at), "dim")
            row.append(f"  {h.event}")
            detail = history_detail(h.event, h.detail)
            if detail:
                row.append("  " + safe(detail))
            if len(writers) > 1 and h.actor:
                row.append(f"  ({safe(h.actor)})", "dim")
            parts.append(row)
    return Group(*parts)


_DEADLINE_STYLE = {"open": "yellow", "not-yet": "cyan", "passed": "dim", "needs-date": "magenta"}


def deadlines_section(data: cf.CaseFile) -> Text:
    """The remedies that apply to a case: each one's last safe day, days left, what it
    counts from and its source; a needed date with the command that records it; the
    conflicts in red."""
    text = Text("\n" + _("Deadlines"), style="bold")
    for d in data.deadlines:
        near = d.status == "open" and (d.days_left or 0) <= URGENT_DAYS
        text.append("\n  ")
        text.append(safe(deadline_line(d)), "bold red" if near else _DEADLINE_STYLE[d.status])
        if d.status in ("open", "not-yet") and d.action:
            text.append(f"\n      → {safe(d.action)}")
        if d.source:
            text.append(f"\n      {safe(deadline_source(d))}", "dim")
    for w in data.deadline_warnings:
        text.append(f"\n  ! {safe(_(w.message))}", "red")
    return text


def _writers(data: cf.CaseFile) -> set[str]:
    """Everyone who logged a contact on the case or changed it."""
    return {c.logged_by for c in data.contacts if c.logged_by} | {
        h.actor for h in data.history if h.actor
    }


# ---------------------------------------------------------------- documents (the brief)


def _line(text: Text, parts: Line, case: int | None, hang: str) -> None:
    for run in parts:
        shown, more = excerpt(run.text, case) if run.long else (run.text, "")
        style = "bold red" if run.alert else "bold" if run.strong else ""
        text.append(safe(shown).replace("\n", "\n" + hang), style)
        if more:
            text.append(f" {more}")


def document(doc: Doc) -> Text:
    """A document for the terminal; its `.plain` is the piped form."""
    case = doc.case
    text = Text()
    for run in doc.title:
        text.append(safe(run.text), "bold")
    text.append("\n")
    for group in doc.header:
        for parts in group:
            _line(text, parts, case, "")
            text.append("\n")
    for section in doc.sections:
        text.append("\n")
        if section.value is not None:
            text.append(f"{section.heading}: ", "bold")
            _line(text, section.value, case, "  ")
            text.append("\n")
            continue
        text.append(section.heading, "bold").append("\n")
        for block in section.blocks:
            if isinstance(block, Para):
                text.append("  ")
                _line(text, block.line, case, block.hang)
                text.append("\n")
            elif isinstance(block, Quote):
                text.append("  ")
                _line(text, block.line, case, "  ")
                text.append("\n")
            elif isinstance(block, Facts):
                for label, value in block.rows:
                    text.append(f"  {label}: ")
                    _line(text, value, case, "    ")
                    text.append("\n")
            elif isinstance(block, Items):
                for i, item in enumerate(block.items, 1):
                    text.append(f"  {i}. " if block.numbered else "  - " if block.dashes else "  ")
                    _line(text, item.line, case, "    ")
                    text.append("\n")
                    for label, value in item.facts:
                        text.append(f"     {label}: ")
                        _line(text, value, case, "       ")
                        text.append("\n")
    return text


def chat(summary) -> Text:
    """The chat message, as it is pasted; outside English, its meaning after it, marked
    as the user's to read and not to send."""
    text = Text(safe(summary.message) + "\n")
    if i18n.lang() != "en" and summary.text_sw:
        text.append("\n" + _(NOT_TO_SEND) + "\n", "bold yellow")
        text.append(safe(summary.text_sw) + "\n", "italic")
    return text


# ---------------------------------------------------------------- next


def advice(a) -> Text:
    """`tracker next`: the step, why, the words to say, where, then what. Outside English
    each phrase to say is the English to use, its meaning under it in brackets (as the
    guide prints them)."""
    text = Text()
    text.append(_("Case #{case}: ").format(case=a.case), "bold").append(safe(a.title), "bold")
    text.append("\n")
    text.append(_("Next step: "), "bold").append(safe(a.step), "bold cyan").append("\n")
    text.append(safe(a.why)).append("\n")

    def section(label: str, lines: list[str], meanings: list[str] | None = None) -> None:
        if not lines:
            return
        text.append("\n").append(label, "bold").append("\n")
        for i, item in enumerate(lines):
            body = f"“{item}”" if meanings is not None else item
            text.append("  " + safe(body).replace("\n", "\n  ").replace("\n  \n", "\n\n"))
            text.append("\n")
            meaning = meanings[i] if meanings and i < len(meanings) else ""
            if meaning and meaning != item:
                shown = "  (" + safe(meaning).replace("\n", "\n   ").replace("\n   \n", "\n\n")
                text.append(shown + ")\n", "italic")

    translated = i18n.lang() != "en"
    meanings = a.say_meaning if translated else []
    section(_("Say:"), a.say, meanings)
    # its meaning even when there is nothing to say (a closed case)
    section(_("Stay calm:"), [a.calm], [a.calm_meaning] if translated else [])
    section(_("Where:"), a.where)
    section(_("Then:"), [f"{c.command}    ({c.why})" for c in a.then])
    section(_("Also:"), [f"- {x}" for x in a.also])
    return text


# ---------------------------------------------------------------- listings


def agenda(data: cf.Agenda) -> Text:
    """`tracker due`: the groups, most urgent first."""
    from tracker.parse import long_date

    text = Text()
    if data.empty:
        return text.append(_("Nothing due.") + "\n")

    def heading(title: str, count: int) -> None:
        if text.plain:
            text.append("\n")
        text.append(f"{title} ({count})", "bold").append("\n")

    def more(group: str) -> None:
        hidden = data.more(group)
        if hidden > 0:
            text.append(
                "  "
                + ngettext(
                    "... and {n} more (--limit 0 shows all)",
                    "... and {n} more (--limit 0 shows all)",
                    hidden,
                ).format(n=f"{hidden:,}")
                + "\n",
                "dim",
            )

    def row(case_id: int, *parts: str | Text) -> None:
        text.append(f"  #{case_id} ", "bold")
        for part in parts:
            text.append(part if isinstance(part, Text) else Text(safe(part)))
        text.append("\n")

    if data.deadlines:
        heading(
            ngettext(
                "Deadlines in the next {n} day",
                "Deadlines in the next {n} days",
                data.deadline_days,
            ).format(n=data.deadline_days),
            data.totals.get("deadlines", len(data.deadlines)),
        )
        for d in data.deadlines:
            left = d.days_left or 0
            when = (
                _("today")
                if left == 0
                else _("tomorrow")
                if left == 1
                else ngettext("in {n} day", "in {n} days", left).format(n=left)
            )
            opens = (
                "; " + _("not before {date}").format(date=long_date(d.earliest_day))
                if d.status == "not-yet" and d.earliest_day
                else ""
            )
            closes = (
                _("{title} closes {when}, {date}").format(
                    title=d.title, when=when, date=long_date(d.last_day)
                )
                + opens
                if d.last_day
                else ""
            )
            row(d.case_id, d.case_title, ": ", Text(closes, "red" if left <= 3 else "yellow"))
            if d.action:
                text.append(f"      → {safe(d.action)} ({safe(d.source)})\n")
            for warning in d.warnings:
                text.append(f"      ! {safe(_(warning))}\n", "red")
        more("deadlines")
    if data.overdue_promises:
        heading(
            _("Overdue promises"),
            data.totals.get("overdue_promises", len(data.overdue_promises)),
        )
        for p in data.overdue_promises:
            late = ngettext(
                "due {date}, {n} day overdue; promise {id}",
                "due {date}, {n} days overdue; promise {id}",
                p.days_overdue,
            ).format(date=long_date(p.due_on), n=p.days_overdue, id=p.id)
            row(p.case_id, p.case_title, ": ", p.what, Text(f" ({late})", "red"))
        more("overdue_promises")
    if data.promises_due_today:
        heading(
            _("Promises due today"),
            data.totals.get("promises_due_today", len(data.promises_due_today)),
        )
        for p in data.promises_due_today:
            row(
                p.case_id,
                p.case_title,
                ": ",
                p.what,
                Text(" (" + _("due today; promise {id}").format(id=p.id) + ")", "yellow"),
            )
        more("promises_due_today")
    if data.follow_ups:
        heading(_("Follow-ups due"), data.totals.get("follow_ups", len(data.follow_ups)))
        for f in data.follow_ups:
            late = (
                _("follow up today")
                if f.days_late == 0
                else ngettext(
                    "follow up since {date}, {n} day ago",
                    "follow up since {date}, {n} days ago",
                    f.days_late,
                ).format(date=long_date(f.follow_up_on), n=f.days_late)
            )
            row(f.case_id, f.title, Text(f" ({f.status}; {late})", "yellow"))
        more("follow_ups")
    if data.waiting:
        heading(
            ngettext(
                "Waiting too long: no contact for {n} day or more",
                "Waiting too long: no contact for {n} days or more",
                data.days,
            ).format(n=data.days),
            data.totals.get("waiting", len(data.waiting)),
        )
        for w in data.waiting:
            n = w.days_silent
            since = (
                ngettext("last contact {n} day ago", "last contact {n} days ago", n)
                if w.last_contact_at
                else ngettext(
                    "never contacted, opened {n} day ago", "never contacted, opened {n} days ago", n
                )
            ).format(n=n)
            row(w.case_id, w.title, Text(f" ({w.status}; {since})", "dim"))
        more("waiting")
    text.append("\n" + _("Next step for a case: tracker next CASE") + "\n")
    return text


def _grid(columns: list[str], rows: list[list]) -> Grid:
    grid = Grid()
    for column in columns:
        grid.add_column(column)
    for row in rows:
        grid.add_row(*[cell if isinstance(cell, Text) else t(cell) for cell in row])
    return grid


def search_hits(page: cf.Page) -> Grid:
    rows = []
    for r in page.items:
        where = "\n".join(f"{_(m.field)}: {m.text}" for m in r.matches[:3])
        if len(r.matches) > 3:
            where += "\n" + _("(+{n} more)").format(n=len(r.matches) - 3)
        rows.append([str(r.id), r.title, t(r.status, STATUS_STYLE.get(r.status)), where])
    return _grid(["#", _("Title"), _("Status"), _("Matched")], rows)


def promises(page: cf.Page) -> Grid:
    return _grid(
        [_("Id"), _("Case"), _("Promised"), _("Due"), _("State")],
        [
            [
                str(r.id),
                f"#{r.case_id} {r.case_title}",
                r.what,
                day(r.due_on),
                t(_("OVERDUE"), "bold red") if r.overdue else t(r.state),
            ]
            for r in page.items
        ],
    )


def orders(rows: list[cf.Order]) -> Grid:
    return _grid(
        [_("Order"), _("Company"), _("Placed"), _("Items"), _("Amount"), _("Shipments")],
        [
            [
                r.number,
                r.company,
                day(r.placed_on),
                "; ".join(r.items),
                say_money(r.amount),
                str(len(r.shipments)),
            ]
            for r in rows
        ],
    )


def companies(rows: list[cf.CompanyInfo]) -> Grid:
    return _grid(
        [_("Company"), _("Phone"), _("Contact page"), _("Email")],
        [[r.name, r.phone or "", r.url or "", r.email or ""] for r in rows],
    )


def company(data: cf.CompanyInfo) -> Text:
    text = Text(safe(data.name), "bold").append("\n")
    topics = "; ".join(data.chat_topics)
    for label, value in (
        (_("Phone"), data.phone),
        (_("Contact page"), data.url),
        (_("Email"), data.email),
        (_("Chat topics"), topics),
        (_("Notes"), data.notes),
    ):
        if value:
            text.append(f"  {label}: ").append(safe(value)).append("\n")
    return text


def stats(data: cf.Stats) -> Table | Text:
    cases, contacts, time, promised, cash = (
        data.cases,
        data.contacts,
        data.time,
        data.promises,
        data.money,
    )
    if not cases.total:
        return Text(_('No cases yet. Open one with: tracker case open "TITLE"'))
    hours, minutes = divmod(time.minutes_total, 60)
    spent = (
        _("{hours} h {minutes} min").format(hours=hours, minutes=f"{minutes:02d}")
        if hours
        else _("{n} min").format(n=minutes)
    )
    statuses = ", ".join(f"{n} {s}" for s, n in cases.by_status.items() if n)
    channels = ", ".join(f"{n} {c}" for c, n in contacts.by_channel.items() if n)
    kept = (
        "; " + _("{n}% of settled promises kept").format(n=promised.kept_percent)
        if promised.kept_percent is not None
        else ""
    )
    busiest = (
        " " + _("(case #{case})").format(case=contacts.busiest_case_id)
        if contacts.busiest_case_id
        else ""
    )
    timed = (
        " " + _("({n} timed)").format(n=time.contacts_timed)
        if time.contacts_timed != contacts.total
        else ""
    )
    rows = [
        (_("Cases"), f"{cases.total}: {statuses}"),
        (_("Contacts"), f"{contacts.total}" + (f" ({channels})" if channels else "")),
        (
            _("Contacts per case"),
            _("{average} on average, at most {most}").format(
                average=contacts.per_case_average, most=contacts.per_case_max
            )
            + busiest,
        ),
        (
            _("Time spent"),
            ngettext(
                "{spent} over {n} contact", "{spent} over {n} contacts", contacts.total
            ).format(spent=spent, n=contacts.total)
            + timed,
        ),
        (
            _("Promises"),
            _("{kept} kept, {broken} broken, {pending} pending ({overdue} overdue)").format(
                kept=promised.kept,
                broken=promised.broken,
                pending=promised.pending,
                overdue=promised.overdue,
            )
            + kept,
        ),
        (
            _("Money recovered"),
            ", ".join(say_money(v) for v in cash.recovered.values()) or _("none yet"),
        ),
        (
            _("Money at stake"),
            ", ".join(say_money(v) for v in cash.at_stake.values()) or _("none recorded"),
        ),
    ]
    if contacts.average_rating:
        rows.insert(4, (_("Average rating"), f"{contacts.average_rating} / 5"))
    grid = Table(header_style="bold", expand=False, show_header=False)
    for _column in range(2):
        grid.add_column(overflow="fold")
    for key, value in rows:
        grid.add_row(t(key, "bold"), t(value))
    return grid


def rules(data: cf.RulesInForce) -> Text:
    """`rules list`: each rule, what it lasts, from what, for whom, and its source."""
    text = Text()
    for i, rule in enumerate(data.rules):
        if i:
            text.append("\n")
        if rule.origin == "shipped":
            where = _("built in")
        else:
            where = _("from {file}").format(file=rule.origin)
        if not rule.enabled:
            where = _("{where}; switched off").format(where=where)
        text.append(safe(rule.name), "bold").append(safe(f"  {rule.title} ({where})\n"))
        if not rule.enabled:
            continue
        lasts = _("{length} from {start}; applies to {whom}").format(
            length=rule.length, start=rule.counts_from, whom=rule.whom
        )
        text.append(safe(f"  {lasts}\n"))
        if rule.note:
            text.append(f"  {safe(rule.note)}\n")
        text.append("  " + safe(_("Source: {source}").format(source=rule.source)) + "\n")
    text.append("\n")
    if data.country:
        text.append(
            safe(
                _("Your country: {code} (tracker config set country CODE)").format(
                    code=data.country
                )
            )
            + "\n"
        )
    else:
        text.append(_("No country set: country rules are left out (tracker config set country US)"))
        text.append("\n")
    text.append(safe(_("Your rules: {path}").format(path=data.file)) + "\n")
    return text


def settings(data: cf.Settings) -> Text:
    """`config show`: each key = value, and the file."""
    text = Text()
    for row in data.settings:
        value = _("(not set)") if row.value is None else str(row.value)
        origin = "" if row.set or row.value is None else "  " + _("(default)")
        text.append(f"{row.key} = {safe(value)}{origin}\n")
    text.append(_("File: {path}").format(path=safe(data.file)) + "\n")
    return text
