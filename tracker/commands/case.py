"""`tracker case`: open, list, show, edit, close and reopen cases."""

from typing import Annotated

import typer

from tracker.commands.common import CaseArg, FormatOption, JsonOption, chosen_format, session
from tracker.parse import DATE_HELP
from tracker.render import Format
from tracker.vocab import Category, PaidWith, Resolution, Status

app = typer.Typer(
    help="Cases: one problem with a company, from first contact to the end.", no_args_is_help=True
)

Company = Annotated[
    str | None,
    typer.Option(
        "--company",
        "-c",
        help="Company (default: the order's, else company of 'tracker config', else Amazon).",
    ),
]
OrderOpt = Annotated[
    str | None, typer.Option("--order", help="Order number (record it first with 'order add').")
]
CategoryOpt = Annotated[
    Category | None, typer.Option("--category", "-k", case_sensitive=False, help="Kind of problem.")
]
Problem = Annotated[str | None, typer.Option(help="What happened, in your words; '-' reads stdin.")]
Happened = Annotated[str | None, typer.Option(help=f"When it happened: {DATE_HELP}.")]
Expected = Annotated[str | None, typer.Option(help="Wrong item: what you ordered.")]
Received = Annotated[str | None, typer.Option(help="Wrong item: what arrived instead.")]
Want = Annotated[str | None, typer.Option(help="The resolution you want, in words.")]
ResolutionOpt = Annotated[
    Resolution | None,
    typer.Option(case_sensitive=False, help="The resolution you want, as a kind."),
]
Amount = Annotated[
    str | None, typer.Option(help="Amount at stake, e.g. 24.99 (default: the order's).")
]
Currency = Annotated[str | None, typer.Option(help="Currency code (default: the order's, or USD).")]
FollowUp = Annotated[
    str | None, typer.Option("--follow-up", help=f"Date to follow up: {DATE_HELP}.")
]

PaidWithOpt = Annotated[
    PaidWith | None,
    typer.Option("--paid-with", case_sensitive=False, help="How the order was paid."),
]
Statement = Annotated[
    str | None,
    typer.Option(
        "--statement", help="Card paid: the date of the first statement showing the charge."
    ),
]
Chargeback = Annotated[
    str | None, typer.Option("--chargeback", help="The date a chargeback was filed, if one was.")
]
Digital = Annotated[
    bool | None,
    typer.Option("--digital/--physical", help="A digital item (no A-to-z claim) or goods."),
]


def _input(**kwargs):
    from tracker.services.cases import CaseInput

    for key in ("category", "resolution", "status", "paid_with"):
        if kwargs.get(key) is not None:
            kwargs[key] = kwargs[key].value
    return CaseInput(**kwargs)


@app.command("open")
def open_(
    ctx: typer.Context,
    title: Annotated[
        str, typer.Argument(help="A short title, e.g. 'Wrong item: robe instead of towel'.")
    ],
    company: Company = None,
    order: OrderOpt = None,
    category: CategoryOpt = None,
    problem: Problem = None,
    happened: Happened = None,
    expected: Expected = None,
    received: Received = None,
    want: Want = None,
    resolution: ResolutionOpt = None,
    amount: Amount = None,
    currency: Currency = None,
    follow_up: FollowUp = None,
    paid_with: PaidWithOpt = None,
    statement: Statement = None,
    chargeback: Chargeback = None,
    digital: Digital = None,
    opened: Annotated[
        str | None,
        typer.Option(
            "--opened",
            help="When you started on it, for a problem older than its record (default now).",
        ),
    ] = None,
) -> None:
    """Open a case and print its number.

    Example: tracker case open "Robe instead of towel" --order 112-4455667-0012345 --category wrong-item --expected "red bath towel" --received "gray bathrobe" --want "return the robe and get the towel" --resolution exchange
    """
    from tracker.output import line, note
    from tracker.services.cases import open_case

    with session(ctx, write=True) as s:
        case = open_case(
            session=s,
            given=_input(
                title=title,
                company=company,
                order=order,
                category=category,
                problem=problem,
                happened=happened,
                expected=expected,
                received=received,
                want=want,
                resolution=resolution,
                amount=amount,
                currency=currency,
                follow_up=follow_up,
                paid_with=paid_with,
                statement=statement,
                chargeback=chargeback,
                digital=digital,
            ),
            opened=opened,
        )
    line(f"Opened case #{case.id}: ", case.title)
    if not case.want and not case.resolution:
        note("Tip: say what you want (--want, --resolution): it goes into every summary.")
    note(f"Next: tracker log {case.id} --channel chat   (or: tracker next {case.id})")


@app.command("list")
def list_(
    ctx: typer.Context,
    status: Annotated[
        str,
        typer.Option(
            "--status",
            "-s",
            help="active (not resolved or closed), all, or one status: "
            "open, waiting, escalated, resolved, closed.",
        ),
    ] = "active",
    company: Annotated[
        str | None, typer.Option("--company", "-c", help="Only this company's cases.")
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", help="At most this many rows; 0 for all.")
    ] = 50,
    fmt: FormatOption = Format.text,
    as_json: JsonOption = False,
) -> None:
    """List cases, most urgent first: overdue promises, then follow-ups, then the longest silence.

    Example: tracker case list --status all --limit 0
    """
    from tracker.output import note, out
    from tracker.parse import today
    from tracker.render import emit, text
    from tracker.services.cases import list_cases

    fmt_name = chosen_format(ctx, fmt, as_json)
    with session(ctx) as s:
        page = list_cases(session=s, status=status, company=company, limit=limit)
    if fmt_name != "text":
        emit(page.items, fmt_name)
        return
    if not page.items:
        out.print(
            "No cases."
            if status != "active"
            else 'No active cases. Open one with: tracker case open "TITLE"',
            markup=False,
        )
        return
    if len(page.items) > text.TABLE_ROWS:
        for row in text.case_lines(page.items, today()):
            out.print(row, soft_wrap=True)
    else:
        out.print(text.case_table(page.items, today(), out.width))
    if page.more:
        note(f"{page.more} more not shown; --limit 0 shows all ({page.total} in all).")


@app.command("show")
def show(
    ctx: typer.Context,
    case: CaseArg,
    every: Annotated[
        bool, typer.Option("--all", help="Every contact (by default the latest 50).")
    ] = False,
    fmt: FormatOption = Format.text,
    as_json: JsonOption = False,
) -> None:
    """Show the whole case file: order, shipments, contacts, promises, references, evidence, history.

    Example: tracker case show 12
    """
    from tracker.render import emit
    from tracker.services.cases import show_case

    fmt_name = chosen_format(ctx, fmt, as_json)
    with session(ctx) as s:
        case_file = show_case(session=s, case=case)
    if fmt_name == "text":
        from tracker.output import out
        from tracker.render.text import case_file as render_case

        out.print(render_case(case_file, every_contact=every))
        return
    emit(case_file, fmt_name)


@app.command("edit")
def edit(
    ctx: typer.Context,
    case: CaseArg,
    title: Annotated[str | None, typer.Option(help="New title.")] = None,
    company: Company = None,
    order: OrderOpt = None,
    category: CategoryOpt = None,
    problem: Problem = None,
    happened: Happened = None,
    expected: Expected = None,
    received: Received = None,
    want: Want = None,
    resolution: ResolutionOpt = None,
    amount: Amount = None,
    currency: Currency = None,
    follow_up: FollowUp = None,
    status: Annotated[Status | None, typer.Option(case_sensitive=False, help="New status.")] = None,
    paid_with: PaidWithOpt = None,
    statement: Statement = None,
    chargeback: Chargeback = None,
    digital: Digital = None,
) -> None:
    """Change a case's fields; the change is kept in its history.

    Example: tracker case edit 12 --follow-up +3d --status waiting
    """
    from tracker.output import line
    from tracker.services.cases import edit_case

    with session(ctx, write=True) as s:
        target, changed = edit_case(
            session=s,
            case=case,
            given=_input(
                title=title,
                company=company,
                order=order,
                category=category,
                problem=problem,
                happened=happened,
                expected=expected,
                received=received,
                want=want,
                resolution=resolution,
                amount=amount,
                currency=currency,
                follow_up=follow_up,
                status=status,
                paid_with=paid_with,
                statement=statement,
                chargeback=chargeback,
                digital=digital,
            ),
        )
    names = ", ".join(c.removesuffix("_id").removesuffix("_minor") for c in changed)
    line(f"Updated case #{target.id}: {names}")


@app.command("close")
def close(
    ctx: typer.Context,
    case: CaseArg,
    outcome: Annotated[str | None, typer.Option(help="How it ended, in words.")] = None,
    recovered: Annotated[str | None, typer.Option(help="Money recovered, e.g. 24.99.")] = None,
    abandoned: Annotated[bool, typer.Option("--abandoned", help="You gave up on it.")] = False,
) -> None:
    """Close a case, with its outcome and the money recovered.

    Example: tracker case close 12 --outcome "towel delivered, robe returned" --recovered 24.99
    """
    from tracker.output import line, note
    from tracker.services.cases import close_case

    with session(ctx, write=True) as s:
        target = close_case(
            session=s, case=case, outcome=outcome, recovered=recovered, abandoned=abandoned
        )
    line(f"Closed case #{target.id}")
    note("If the company asks, rate the interaction: it helps the next customer.")


@app.command("reopen")
def reopen(ctx: typer.Context, case: CaseArg) -> None:
    """Reopen a closed or resolved case.

    Example: tracker case reopen 12
    """
    from tracker.output import line
    from tracker.services.cases import reopen_case

    with session(ctx, write=True) as s:
        target = reopen_case(session=s, case=case)
    line(f"Reopened case #{target.id}")


@app.command("delete")
def delete(
    ctx: typer.Context,
    case: CaseArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Delete without asking.")] = False,
) -> None:
    """Delete a case with its contacts, promises, references, evidence and history.

    Asks first at a terminal; without one, --yes is required. `tracker undo` brings
    it all back.

    Example: tracker case delete 12 --yes
    """
    from tracker.commands.log import interactive
    from tracker.errors import TrackerError
    from tracker.output import line
    from tracker.parse import safe
    from tracker.services.cases import show_case
    from tracker.services.corrections import delete_case

    if not yes:
        if not interactive():
            raise TrackerError(
                "case delete asks before deleting, and this is not a terminal:"
                " give --yes to delete without asking"
            )
        with session(ctx) as s:
            found = show_case(session=s, case=case)
        question = (
            f"Delete case #{found.id} ({safe(found.title)}), its {len(found.contacts)} contact(s)"
            " and everything recorded on it?"
        )
        if not typer.confirm(question, default=False, err=True):
            line("Nothing was deleted")
            return
    with session(ctx, write=True) as s:
        deleted = delete_case(session=s, case=case)
    counts = ", ".join(f"{n} {name}" for name, n in deleted.rows.items() if n)
    line(
        f"Deleted case #{deleted.case.id}: ",
        deleted.case.title,
        f" ({counts})" if counts else "",
    )
    line("To bring it back: tracker undo")
