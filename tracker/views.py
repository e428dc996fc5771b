"""Rich renderings of the service layer's dictionaries, for people at a terminal."""

from __future__ import annotations

from datetime import datetime

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from tracker.output import t
from tracker.parse import exponent, safe, today

STATUS_STYLE = {
    "open": "cyan",
    "waiting": "yellow",
    "escalated": "magenta",
    "resolved": "green",
    "closed": "dim",
}


def when(value: str | None) -> str:
    """An ISO time from the JSON as '2026-11-02 14:30' (local), or ''."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value)
    return f"{moment:%Y-%m-%d %H:%M}"


def money(amount: str | None, currency: str | None) -> str:
    if amount is None:
        return ""
    from decimal import Decimal

    from tracker.parse import money_display

    return money_display(int(Decimal(amount).scaleb(exponent(currency or "USD"))), currency)


def case_table(rows: list[dict], width: int = 80) -> Table:
    """`case list`: the company column only when the cases involve several; on a
    narrow terminal the counts give way to the titles."""
    several = len({r["company"] for r in rows}) > 1
    narrow = width < 72
    grid = Table(header_style="bold")
    grid.add_column("#", justify="right", no_wrap=True)
    grid.add_column("Title", ratio=3, overflow="fold", min_width=12)
    if several:
        grid.add_column("Company", ratio=1, overflow="fold")
    grid.add_column("Status", no_wrap=True)
    if not narrow:
        grid.add_column("Contacts", justify="right", no_wrap=True)
        grid.add_column("Last", no_wrap=True)
    grid.add_column("Attention", ratio=2, overflow="fold")
    for r in rows:
        attention = Text()
        if r.get("overdue_promises"):
            attention.append(f"promise overdue since {r['overdue_since']}", "bold red")
        elif r.get("follow_up_on") and r["status"] not in ("resolved", "closed"):
            day = today().isoformat()
            if r["follow_up_on"] < day:
                attention.append(f"follow-up overdue since {r['follow_up_on']}", "bold yellow")
            else:
                attention.append(
                    f"follow up {r['follow_up_on']}", "yellow" if r["follow_up_on"] == day else ""
                )
        cells = [str(r["id"]), t(r["title"])]
        if several:
            cells.append(t(r["company"]))
        cells.append(t(r["status"], STATUS_STYLE.get(r["status"])))
        if not narrow:
            cells += [str(r["contact_count"]), (r["last_contact_at"] or "")[:10] or "never"]
        cells.append(attention)
        grid.add_row(*cells)
    return grid


def order_panel(order: dict) -> Panel:
    lines = Text()
    lines.append(f"Order {safe(order['number'])}", "bold")
    lines.append(f"  at {safe(order['company'])}")
    if order["placed_on"]:
        lines.append(f", placed {order['placed_on']}")
    if order["amount"]:
        lines.append(f", {money(order['amount'], order['currency'])}")
    for item in order["items"]:
        lines.append("\n  • ")
        lines.append(safe(item))
    for s in order["shipments"]:
        lines.append("\n  Shipment: ")
        parts = [
            s["carrier"],
            s["tracking"] and f"tracking {s['tracking']}",
            s["shipped_on"] and f"shipped {s['shipped_on']}",
            s["expected_on"] and f"expected {s['expected_on']}",
            s["delivered_on"] and f"delivered {s['delivered_on']}",
        ]
        if s["status"] and not (
            s[f"{s['status']}_on"] if s["status"] in ("shipped", "delivered") else False
        ):
            parts.append(s["status"])  # unless the dates already say it
        lines.append(safe(", ".join(p for p in parts if p)))
    if order.get("notes"):
        lines.append("\n  Note: ")
        lines.append(safe(order["notes"]))
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


def contact_entry(c: dict) -> Text:
    """One contact as two or more lines: when, how, who, reference, result; then what was said."""
    entry = Text("  ")
    entry.append(f"{c['id']:>3}  ", "dim")
    entry.append(when(c["at"]), "bold")
    facts = [c["channel"]]
    who = " ".join(x for x in (c["with"], c["rep_name"]) if x)
    if c["rep_id"]:
        who += f" (id {c['rep_id']})"
    if who:
        facts.append(who)
    if c["reference"]:
        facts.append(f"ref {c['reference']}")
    if c["minutes"] is not None:
        facts.append(f"{c['minutes']} min")
    if c["rating"]:
        facts.append(f"rated {c['rating']}/5")
    entry.append("  " + safe(" · ".join(facts)))
    if c["result"]:
        entry.append(" → ")
        entry.append(c["result"], RESULT_STYLE.get(c["result"], ""))
    for label, key in (("Asked", "asked"), ("Said", "answer"), ("Note", "note")):
        if c[key]:
            entry.append(f"\n        {label}: ", "dim")
            entry.append(safe(c[key]).replace("\n", "\n        "))
    return entry


def case_file(data: dict) -> Group:
    """The readable case file printed by `case show`."""
    head = Text()
    head.append(f"Case #{data['id']}  ", "bold")
    head.append(safe(data["title"]), "bold")
    head.append("  ")
    head.append(data["status"], STATUS_STYLE.get(data["status"], ""))

    facts = Table.grid(padding=(0, 2))
    facts.add_column(no_wrap=True)
    facts.add_column()
    _field(facts, "Company", data["company"])
    _field(facts, "Category", data["category"])
    _field(facts, "Happened", data["happened_on"])
    _field(facts, "Problem", data["problem"])
    _field(facts, "Expected", data["expected"])
    _field(facts, "Received", data["received"])
    want = ", ".join(x for x in (data["resolution"], data["want"]) if x)
    _field(facts, "Wants", want)
    _field(facts, "At stake", money(data["amount"], data["currency"]))
    _field(facts, "Follow up", data["follow_up_on"])
    _field(facts, "Opened", when(data["opened_at"]))
    _field(facts, "Closed", when(data["closed_at"]))
    _field(facts, "Outcome", data["outcome"])
    _field(facts, "Recovered", money(data["recovered"], data["currency"]))
    parts: list = [head, facts]

    if data["order"]:
        parts.append(order_panel(data["order"]))

    if data["contacts"]:
        parts.append(Text(f"\nContacts ({len(data['contacts'])})", style="bold"))
        for c in data["contacts"]:
            parts.append(contact_entry(c))
    else:
        parts.append(Text("\nNo contacts yet.", style="dim"))

    if data["promises"]:
        parts.append(Text("\nPromises", style="bold"))
        for p in data["promises"]:
            row = Text("  ")
            row.append(f"{p['id']:>3}  ", "dim")
            row.append(safe(p["what"]))
            row.append(f"  due {p['due_on']}" if p["due_on"] else "  no due date")
            row.append("  ")
            row.append(
                *(
                    ("OVERDUE", "bold red")
                    if p["overdue"]
                    else (p["state"], {"kept": "green", "broken": "red"}.get(p["state"], "yellow"))
                )
            )
            parts.append(row)

    if data["references"]:
        parts.append(Text("\nReferences", style="bold"))
        for r in data["references"]:
            row = Text("  ")
            row.append(safe(r["value"]), "bold")
            row.append(f"  {r['kind']}")
            if r["contact_id"]:
                row.append(f", from contact {r['contact_id']}", "dim")
            parts.append(row)

    if data["evidence"]:
        parts.append(Text("\nEvidence", style="bold"))
        for e in data["evidence"]:
            row = Text("  ")
            row.append(f"{e['id']:>3}  ", "dim")
            row.append(safe(e["original_name"]))
            row.append(f"  sha256 {e['sha256'][:12]}…", "dim")
            if e["note"]:
                row.append("  " + safe(e["note"]))
            parts.append(row)

    if data["history"]:
        parts.append(Text("\nHistory", style="bold"))
        for h in data["history"]:
            row = Text("  ")
            row.append(when(h["at"]), "dim")
            row.append(f"  {h['event']}")
            if h["detail"]:
                row.append("  " + safe(h["detail"]))
            parts.append(row)
    return Group(*parts)
