"""Top-level verbs over the whole case file: due, search, export, import, stats."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from tracker.commands.common import JsonOption, session


class ExportFormat(StrEnum):
    json = "json"
    csv = "csv"


def export(
    ctx: typer.Context,
    format_: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="json: every table and column, lossless, readable by 'tracker import'. "
            "csv: one CSV file per table, for spreadsheets (needs --out FOLDER).",
        ),
    ] = ExportFormat.json,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="File to write (json; default: standard output) or folder to "
            "create (csv). Created readable by you only.",
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Overwrite an existing file, or write into a non-empty folder."
        ),
    ] = False,
) -> None:
    """Export everything: every table, losslessly (json) or for spreadsheets (csv).

    Companies, orders, shipments, cases, contacts, promises, references,
    evidence records and history.

    Evidence files themselves stay in the data folder (TRACKER_HOME/evidence);
    copy that folder along to move them.

    Example: tracker export --out tracker-export.json
    """
    import sys

    from tracker.output import note
    from tracker.services.transfer import dumps, export_data, write_csv, write_json

    if format_ is ExportFormat.csv and out is None:
        from tracker.errors import TrackerError

        raise TrackerError("--format csv writes a folder of CSV files: give it with --out FOLDER")
    with session(ctx) as s:
        data = export_data(session=s)
    cases = len(data["tables"]["cases"])
    if out is None:
        sys.stdout.write(dumps(data))
        sys.stdout.flush()
        return
    if format_ is ExportFormat.csv:
        files = write_csv(data, out, force=force)
        note(f"Exported {cases} case(s) to {out}/ ({len(files)} CSV files, one per table)")
    else:
        path = write_json(data, out, force=force)
        note(f"Exported {cases} case(s) to {path}")


def import_(
    ctx: typer.Context,
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE", help="A JSON file written by 'tracker export' ('-' reads stdin)."
        ),
    ],
) -> None:
    """Import a JSON export into an empty database, keeping every id, in one transaction.

    The database must hold no cases or orders yet (a new TRACKER_HOME, or a new
    TRACKER_DATABASE_URL); companies already there, such as the built-in Amazon,
    are matched by name. If anything in the file is wrong, nothing is written.

    Example: TRACKER_HOME=~/tracker-new tracker import tracker-export.json
    """
    from tracker import config
    from tracker.output import line, note
    from tracker.services.transfer import import_data, read_export

    data = read_export(file)
    with session(ctx, write=True) as s:
        result = import_data(session=s, data=data, home=config.home())
    counts = result.counts
    line(
        f"Imported {counts['cases']} case(s), {counts['orders']} order(s), "
        f"{counts['contact']} contact(s), {counts['promise']} promise(s), "
        f"{counts['reference']} reference(s), {counts['evidence']} evidence record(s), "
        f"{counts['history']} history entries"
    )
    if result.missing_files:
        note(
            f"{result.missing_files} evidence file(s) are not in {config.home() / 'evidence'}: "
            "copy the evidence folder from the old data folder"
        )


def due(
    ctx: typer.Context,
    days: Annotated[
        int | None,
        typer.Option(
            "--days",
            "-d",
            min=1,
            help="A case is waiting too long after this many days without a contact "
            "(default: stale_days of 'tracker config', else 7).",
        ),
    ] = None,
    within: Annotated[
        int | None,
        typer.Option(
            "--within",
            "-w",
            min=0,
            help="List remedy deadlines closing within this many days "
            "(default: deadline_days of 'tracker config', else 14).",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """The agenda: deadlines closing soon, overdue promises, follow-ups due, cases waiting too long.

    Only active cases count. Deadlines (return windows, A-to-z claims, card
    disputes: see 'tracker rules list') come first, soonest first, each with
    what to do; then each case once, in its most urgent group.

    Example: tracker due --days 5
    """
    from rich.text import Text

    from tracker.output import line, out, print_json
    from tracker.parse import long_date
    from tracker.services.agenda import agenda

    with session(ctx) as s:
        data = agenda(session=s, days=days, within=within)
    if as_json:
        print_json(data)
        return
    if not (data["deadlines"] or data["overdue_promises"] or data["follow_ups"] or data["waiting"]):
        line("Nothing due.")
        return
    from datetime import date

    def day(value: str) -> str:
        return long_date(date.fromisoformat(value))

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    first = True

    def heading(title: str, count: int) -> None:
        nonlocal first
        if not first:
            out.print()
        first = False
        out.print(Text(f"{title} ({count})", style="bold"))

    if data["deadlines"]:
        heading(
            f"Deadlines in the next {plural(data['deadline_days'], 'day')}",
            len(data["deadlines"]),
        )
        for d in data["deadlines"]:
            left = d["days_left"]
            when = "today" if left == 0 else "tomorrow" if left == 1 else f"in {left} days"
            opens = (
                f"; not before {day(d['earliest_day'])}"
                if d["status"] == "not-yet" and d["earliest_day"]
                else ""
            )
            line(
                Text(f"  #{d['case_id']} ", style="bold"),
                d["case_title"],
                ": ",
                Text(
                    f"{d['title']} closes {when}, {day(d['last_day'])}{opens}",
                    style="red" if left <= 3 else "yellow",
                ),
            )
            if d["action"]:
                line(f"      → {d['action']} ({d['source']})")
            for warning in d["warnings"]:
                line(Text(f"      ! {warning}", style="red"))
    if data["overdue_promises"]:
        heading("Overdue promises", len(data["overdue_promises"]))
        for p in data["overdue_promises"]:
            line(
                Text(f"  #{p['case_id']} ", style="bold"),
                p["case_title"],
                ": ",
                p["what"],
                Text(
                    f" (due {day(p['due_on'])}, {plural(p['days_overdue'], 'day')} overdue;"
                    f" promise {p['id']})",
                    style="red",
                ),
            )
    if data["follow_ups"]:
        heading("Follow-ups due", len(data["follow_ups"]))
        for f in data["follow_ups"]:
            late = (
                "today"
                if f["days_late"] == 0
                else f"since {day(f['follow_up_on'])}, {plural(f['days_late'], 'day')} ago"
            )
            line(
                Text(f"  #{f['case_id']} ", style="bold"),
                f["title"],
                Text(f" ({f['status']}; follow up {late})", style="yellow"),
            )
    if data["waiting"]:
        heading(
            f"Waiting too long: no contact for more than {plural(data['days'], 'day')}",
            len(data["waiting"]),
        )
        for w in data["waiting"]:
            ago = f"{plural(w['days_silent'], 'day')} ago"
            since = (
                f"last contact {ago}" if w["last_contact_at"] else f"never contacted, opened {ago}"
            )
            line(
                Text(f"  #{w['case_id']} ", style="bold"),
                w["title"],
                Text(f" ({w['status']}; {since})", style="dim"),
            )
    out.print()
    line("Next step for a case: tracker next CASE")


def search(
    ctx: typer.Context,
    query: Annotated[
        str,
        typer.Argument(
            metavar="QUERY",
            help="Any text: a title word, a representative's name, an order, "
            "tracking or reference number. Case-insensitive; % and _ are literal.",
        ),
    ],
    limit: Annotated[
        int, typer.Option("--limit", "-n", help="At most this many cases; 0 for all.")
    ] = 50,
    as_json: JsonOption = False,
) -> None:
    """Find cases by any text: titles, notes, names, order, tracking and reference numbers.

    Searches titles, problem and wishes, what was said in contacts, promises,
    representatives' names, order numbers and items, tracking numbers and
    reference numbers.

    Active cases come first. --json prints the cases as 'case list' items, each with
    the places it matched under "matches".

    Example: tracker search priya
    """
    from tracker.output import line, note, out, print_json, t, table
    from tracker.services.search import find_cases
    from tracker.views import STATUS_STYLE

    with session(ctx) as s:
        rows, total = find_cases(session=s, query=query, limit=limit)
    if as_json:
        print_json(rows)
        return
    if not rows:
        line("No case matches ", repr(query), ".")
        return
    grid = table(["#", "Title", "Status", "Matched"], [])
    for r in rows:
        where = "\n".join(f"{m['field']}: {m['text']}" for m in r["matches"][:3])
        if len(r["matches"]) > 3:
            where += f"\n(+{len(r['matches']) - 3} more)"
        grid.add_row(
            str(r["id"]), t(r["title"]), t(r["status"], STATUS_STYLE.get(r["status"])), t(where)
        )
    out.print(grid)
    if total > len(rows):
        note(f"Showing {len(rows)} of {total} matching cases; --limit 0 shows all.")


def stats(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Numbers over all cases: contacts, time spent, promises kept, money recovered.

    Contacts per case, minutes spent, promises kept and broken, money
    recovered, cases by status.

    Example: tracker stats --json
    """
    from tracker.output import line, out, print_json, t, table
    from tracker.services.stats import stats as compute
    from tracker.views import money

    with session(ctx) as s:
        data = compute(session=s)
    if as_json:
        print_json(data)
        return
    cases, contacts, time, promises, cash = (
        data["cases"],
        data["contacts"],
        data["time"],
        data["promises"],
        data["money"],
    )
    if not cases["total"]:
        line('No cases yet. Open one with: tracker case open "TITLE"')
        return
    hours, minutes = divmod(time["minutes_total"], 60)
    spent = f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"
    statuses = ", ".join(f"{n} {s}" for s, n in cases["by_status"].items() if n)
    channels = ", ".join(f"{n} {c}" for c, n in contacts["by_channel"].items() if n)
    kept = (
        f"; {promises['kept_percent']}% of settled promises kept"
        if promises["kept_percent"] is not None
        else ""
    )
    rows = [
        ("Cases", f"{cases['total']}: {statuses}"),
        ("Contacts", f"{contacts['total']}" + (f" ({channels})" if channels else "")),
        (
            "Contacts per case",
            f"{contacts['per_case_average']} on average, at most "
            f"{contacts['per_case_max']}"
            + (f" (case #{contacts['busiest_case_id']})" if contacts["busiest_case_id"] else ""),
        ),
        (
            "Time spent",
            f"{spent} over {contacts['total']} contact{'' if contacts['total'] == 1 else 's'}"
            + (
                f" ({time['contacts_timed']} timed)"
                if time["contacts_timed"] != contacts["total"]
                else ""
            ),
        ),
        (
            "Promises",
            f"{promises['kept']} kept, {promises['broken']} broken, "
            f"{promises['pending']} pending ({promises['overdue']} overdue){kept}",
        ),
        (
            "Money recovered",
            ", ".join(money(v, c) for c, v in cash["recovered"].items()) or "none yet",
        ),
        (
            "Money at stake",
            ", ".join(money(v, c) for c, v in cash["at_stake"].items()) or "none recorded",
        ),
    ]
    if contacts["average_rating"]:
        rows.insert(4, ("Average rating", f"{contacts['average_rating']} / 5"))
    grid = table(["", ""], [(t(k, "bold"), t(v)) for k, v in rows])
    grid.show_header = False
    out.print(grid)


def register(app: typer.Typer) -> None:
    app.command("due")(due)
    app.command("search")(search)
    app.command("export")(export)
    app.command("import")(import_)
    app.command("stats")(stats)
