"""What `order import` and `log --transcript` say they found and did."""

from __future__ import annotations

from tracker.i18n import _, ngettext
from tracker.parse import to_local


def import_report(result, sources) -> list[str]:
    """The sentences `order import` prints."""
    files = ", ".join(sources.files[:3])
    if len(sources.files) > 3:
        files = _("{files} and {n} more").format(files=files, n=len(sources.files) - 3)
    if result.dry_run:
        said = ngettext(
            "Would import {n} order from {files}",
            "Would import {n} orders from {files}",
            result.orders,
        )
    else:
        said = ngettext(
            "Imported {n} order from {files}", "Imported {n} orders from {files}", result.orders
        )
    lines = [
        said.format(n=result.orders, files=files),
        _("{added} added, {updated} updated, {unchanged} unchanged").format(
            added=len(result.added), updated=len(result.updated), unchanged=result.unchanged
        ),
    ]
    if result.shipments_added or result.shipments_updated:
        lines.append(
            _("Shipments: {added} added, {updated} updated").format(
                added=result.shipments_added, updated=result.shipments_updated
            )
        )
    shown = result.added[:10]
    if shown:
        numbers = ", ".join(shown)
        if len(result.added) > len(shown):
            numbers = _("{files} and {n} more").format(
                files=numbers, n=len(result.added) - len(shown)
            )
        said = _("Would add: {numbers}") if result.dry_run else _("Added: {numbers}")
        lines.append(said.format(numbers=numbers))
    if result.digital:
        lines.append(
            ngettext(
                "{n} digital order (D01-...) kept without shipments",
                "{n} digital orders (D01-...) kept without shipments",
                result.digital,
            ).format(n=result.digital)
        )
    if sources.notices:
        lines.append(
            ngettext(
                "Skipped {n} row that is a notice, not an order",
                "Skipped {n} rows that are notices, not orders",
                sources.notices,
            ).format(n=sources.notices)
        )
    if result.dry_run:
        lines.append(_("Nothing was written (--dry-run)"))
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
