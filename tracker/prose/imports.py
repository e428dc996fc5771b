"""What `order import` and `log --transcript` say they found and did."""

from __future__ import annotations

from tracker.parse import to_local


def import_report(result, sources) -> list[str]:
    """The sentences `order import` prints."""
    verb = "Would import" if result.dry_run else "Imported"
    files = ", ".join(sources.files[:3]) + (
        f" and {len(sources.files) - 3} more" if len(sources.files) > 3 else ""
    )
    lines = [
        f"{verb} {result.orders} order{'s' if result.orders != 1 else ''} from {files}",
        f"{len(result.added)} added, {len(result.updated)} updated, {result.unchanged} unchanged",
    ]
    if result.shipments_added or result.shipments_updated:
        lines.append(
            f"Shipments: {result.shipments_added} added, {result.shipments_updated} updated"
        )
    shown = result.added[:10]
    if shown:
        lines.append(("Would add: " if result.dry_run else "Added: ") + ", ".join(shown))
        if len(result.added) > len(shown):
            lines[-1] += f" and {len(result.added) - len(shown)} more"
    if result.digital:
        lines.append(f"{result.digital} digital order(s) (D01-...) kept without shipments")
    if sources.notices:
        lines.append(f"Skipped {sources.notices} row(s) that are notices, not orders")
    if result.dry_run:
        lines.append("Nothing was written (--dry-run)")
    return lines


def transcript_found(found, case_id: int) -> list[str]:
    """The sentences showing what a transcript holds, before anything is written."""
    lines = [
        f"Transcript ({found.transcript.layout_name}) for case #{case_id}:"
        f" {len(found.contacts)} contact(s)"
    ]
    for agent in found.contacts:
        who = agent.name or ("the bot" if agent.who == "bot" else "a representative")
        when = to_local(agent.started).strftime("%Y-%m-%d %H:%M") if agent.started else "?"
        minutes = f", {agent.minutes} min" if agent.minutes is not None else ""
        lines.append(f"  chat with {who} ({agent.who}) at {when}{minutes} → {agent.result}")
        lines += [f"    reference {r.value} ({r.kind})" for r in agent.references]
        for p in agent.promises:
            due = f" (due {p.due_on.isoformat()})" if p.due_on else ""
            lines.append(f"    promise{due}: {p.what}")
    return lines


def transcript_logged(logged) -> list[str]:
    """The sentences `log --transcript` prints once written."""
    ids = ", ".join(str(c.id) for c in logged.contacts)
    lines = [f"Logged {len(logged.contacts)} contact(s) on case #{logged.case.id}: {ids}"]
    if logged.references:
        lines.append("References: " + ", ".join(r.value for r in logged.references))
    for p in logged.promises:
        due = f", due {p.due_on.isoformat()}" if p.due_on else ""
        lines.append(f"Promise {p.id}{due}: {p.what}")
    if logged.status_change:
        lines.append(f"Case #{logged.case.id} is now {logged.status_change}")
    if logged.evidence is not None:
        lines.append(f"Kept the transcript as evidence {logged.evidence.id}")
    return lines
