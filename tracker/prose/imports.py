"""What `order import` and `log --transcript` say they found and did."""

from __future__ import annotations

from tracker.i18n import _, ngettext
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
    count = len(found.contacts)
    lines = [
        ngettext(
            "Transcript ({layout}) for case #{case}: {n} contact",
            "Transcript ({layout}) for case #{case}: {n} contacts",
            count,
        ).format(layout=found.transcript.layout_name, case=case_id, n=count)
    ]
    for agent in found.contacts:
        who = agent.name or (_("the bot") if agent.who == "bot" else _("a representative"))
        when = to_local(agent.started).strftime("%Y-%m-%d %H:%M") if agent.started else "?"
        minutes = _(", {n} min").format(n=agent.minutes) if agent.minutes is not None else ""
        lines.append(
            _("  chat with {who} ({kind}) at {when}{minutes} → {result}").format(
                who=who, kind=agent.who, when=when, minutes=minutes, result=agent.result
            )
        )
        lines += [
            _("    reference {value} ({kind})").format(value=r.value, kind=r.kind)
            for r in agent.references
        ]
        for p in agent.promises:
            if p.due_on:
                text = _("    promise (due {due}): {what}").format(
                    due=p.due_on.isoformat(), what=p.what
                )
            else:
                text = _("    promise: {what}").format(what=p.what)
            lines.append(text)
    return lines


def transcript_logged(logged) -> list[str]:
    """The sentences `log --transcript` prints once written."""
    ids = ", ".join(str(c.id) for c in logged.contacts)
    count = len(logged.contacts)
    lines = [
        ngettext(
            "Logged {n} contact on case #{case}: {ids}",
            "Logged {n} contacts on case #{case}: {ids}",
            count,
        ).format(n=count, case=logged.case.id, ids=ids)
    ]
    if logged.references:
        values = ", ".join(r.value for r in logged.references)
        lines.append(_("References: {values}").format(values=values))
    for p in logged.promises:
        lines.append(promise_line(p) + p.what)
    if logged.status_change:
        lines.append(
            _("Case #{case} is now {status}").format(
                case=logged.case.id, status=logged.status_change
            )
        )
    if logged.evidence is not None:
        lines.append(_("Kept the transcript as evidence {id}").format(id=logged.evidence.id))
    return lines


def promise_line(promise) -> str:
    """'Promise 3, due 2026-11-05: ' (the promise itself follows, as typed)."""
    if promise.due_on:
        return _("Promise {id}, due {due}: ").format(id=promise.id, due=promise.due_on.isoformat())
    return _("Promise {id}: ").format(id=promise.id)
