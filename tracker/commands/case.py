"""`tracker case`: open, list, show, edit, close and reopen cases."""

from typing import Annotated

import typer

from tracker.commands.common import CaseArg, DataFormatOption, JsonOption, chosen_format, session
from tracker.i18n import N_, _, ngettext
from tracker.render import DataFormat
from tracker.vocab import Category, PaidWith, Resolution, Status

app = typer.Typer(
    help=N_("Cases: one problem with a company, from first contact to the end."),
    no_args_is_help=True,
)

Company = Annotated[
    str | None,
    typer.Option(
        "--company",
        "-c",
        help=N_("Company (default: the order's, else company of 'tracker config', else Amazon)."),
    ),
]
OrderOpt = Annotated[
    str | None, typer.Option("--order", help=N_("Order number (record it first with 'order add')."))
]
CategoryOpt = Annotated[
    Category | None,
    typer.Option("--category", "-k", case_sensitive=False, help=N_("Kind of problem.")),
]
Problem = Annotated[
    str | None, typer.Option(help=N_("What happened, in your words; '-' reads stdin."))
]
Happened = Annotated[str | None, typer.Option(help=N_("When it happened: {date_help}."))]
Expected = Annotated[str | None, typer.Option(help=N_("Wrong item: what you ordered."))]
Received = Annotated[str | None, typer.Option(help=N_("Wrong item: what arrived instead."))]
Want = Annotated[str | None, typer.Option(help=N_("The resolution you want, in words."))]
ResolutionOpt = Annotated[
    Resolution | None,
    typer.Option(case_sensitive=False, help=N_("The resolution you want, as a kind.")),
]
Amount = Annotated[
    str | None, typer.Option(help=N_("Amount at stake, e.g. 24.99 (default: the order's)."))
]
Currency = Annotated[
    str | None, typer.Option(help=N_("Currency code (default: the order's, or USD)."))
]
FollowUp = Annotated[
    str | None, typer.Option("--follow-up", help=N_("Date to follow up: {date_help}."))
]

PaidWithOpt = Annotated[
    PaidWith | None,
    typer.Option("--paid-with", case_sensitive=False, help=N_("How the order was paid.")),
]
Statement = Annotated[
    str | None,
    typer.Option(
        "--statement", help=N_("Card paid: the date of the first statement showing the charge.")
    ),
]
Chargeback = Annotated[
    str | None,
    typer.Option("--chargeback", help=N_("The date a chargeback was filed, if one was.")),
]
Digital = Annotated[
    bool | None,
    typer.Option("--digital/--physical", help=N_("A digital item (no A-to-z claim) or goods.")),
]


def _input(**kwargs):
    from tracker.services.cases import CaseInput

    for key in ("category", "resolution", "status", "paid_with"):
        if kwargs.get(key) is not None:
            kwargs[key] = kwargs[key].value
    return CaseInput(**kwargs)


def _chosen_company(s, case, order: str | None) -> str:
    """The sentence saying which company a case opened without --company went to, and why."""
    from tracker import settings
    from tracker.models import Company
    from tracker.prose.words import chosen_company

    name = s.get(Company, case.company_id).name
    why = "order" if order else "config" if settings.load().company else "default"
    return chosen_company(name, why, (order or "").strip())


@app.command(
    "open",
    help=N_(
        "Open a case and print its number."
        "\n\n"
        'Example: tracker case open "Robe instead of towel" --order 112-4455667-0012345 --category wrong-item --expected "red bath towel" --received "gray bathrobe" --want "return the robe and get the towel" --resolution exchange'
    ),
)
def open_(
    ctx: typer.Context,
    title: Annotated[
        str, typer.Argument(help=N_("A short title, e.g. 'Wrong item: robe instead of towel'."))
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
            help=N_("When you started on it, for a problem older than its record (default now)."),
        ),
    ] = None,
) -> None:
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
        chosen = None if company else _chosen_company(s, case, order)
    line(_("Opened case #{id}: ").format(id=case.id), case.title)
    if chosen:
        line("", chosen)
    if not case.want and not case.resolution:
        note(_("Tip: say what you want (--want, --resolution): it goes into every summary."))
    note(_("Next: tracker log {id} --channel chat   (or: tracker next {id})").format(id=case.id))


def _status_choice(value: str) -> str:
    """--status of case list: a usage error (exit 2) when it is none of the choices,
    like a bad --category."""

    choices = ("active", "all", *(s.value for s in Status))
    folded = value.strip().lower()
    if folded not in choices:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(map(repr, choices))}.")
    return folded


@app.command(
    "list",
    help=N_(
        "List cases, most urgent first: overdue promises, then follow-ups, then the longest silence."
        "\n\n"
        "Example: tracker case list --status all --limit 0"
    ),
)
def list_(
    ctx: typer.Context,
    status: Annotated[
        str,
        typer.Option(
            "--status",
            "-s",
            help=N_(
                "active (not resolved or closed), all, or one status: "
                "open, waiting, escalated, resolved, closed."
            ),
            callback=_status_choice,
        ),
    ] = "active",
    company: Annotated[
        str | None, typer.Option("--company", "-c", help=N_("Only this company's cases."))
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", help=N_("At most this many rows; 0 for all."))
    ] = 50,
    fmt: DataFormatOption = DataFormat.text,
    as_json: JsonOption = False,
) -> None:
    from tracker.output import note, out
    from tracker.parse import today
    from tracker.render import emit, text
    from tracker.services.cases import list_cases

    fmt_name = chosen_format(ctx, fmt, as_json)
    if fmt_name == "json" and limit == 0:
        from tracker.render import emit_json_items
        from tracker.services.cases import iter_cases

        # every case: written as read, a batch of rows in memory at a time
        with session(ctx) as s:
            emit_json_items(iter_cases(session=s, status=status, company=company))
        return
    with session(ctx) as s:
        page = list_cases(session=s, status=status, company=company, limit=limit)
    if fmt_name != "text":
        emit(page.items, fmt_name)
        return
    if not page.items:
        out.print(
            _("No cases.")
            if status != "active"
            else _('No active cases. Open one with: tracker case open "TITLE"'),
            markup=False,
        )
        return
    if len(page.items) > text.TABLE_ROWS:
        for row in text.case_lines(page.items, today()):
            out.print(row, soft_wrap=True)
    else:
        out.print(text.case_table(page.items, today(), out.width))
    if page.more:
        note(
            ngettext(
                "{more} more not shown; --limit 0 shows all ({total} in all).",
                "{more} more not shown; --limit 0 shows all ({total} in all).",
                page.more,
            ).format(more=page.more, total=page.total)
        )


@app.command(
    "show",
    help=N_(
        "Show the whole case file: order, shipments, contacts, promises, references, evidence, history."
        "\n\n"
        "Example: tracker case show 12"
    ),
)
def show(
    ctx: typer.Context,
    case: CaseArg,
    every: Annotated[
        bool, typer.Option("--all", help=N_("Every contact (by default the latest 50)."))
    ] = False,
    fmt: DataFormatOption = DataFormat.text,
    as_json: JsonOption = False,
) -> None:
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


@app.command(
    "edit",
    help=N_(
        "Change a case's fields; the change is kept in its history."
        "\n\n"
        "Example: tracker case edit 12 --follow-up +3d --status waiting"
    ),
)
def edit(
    ctx: typer.Context,
    case: CaseArg,
    title: Annotated[str | None, typer.Option(help=N_("New title."))] = None,
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
    status: Annotated[
        Status | None, typer.Option(case_sensitive=False, help=N_("New status."))
    ] = None,
    paid_with: PaidWithOpt = None,
    statement: Statement = None,
    chargeback: Chargeback = None,
    digital: Digital = None,
) -> None:
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
    line(_("Updated case #{id}: {fields}").format(id=target.id, fields=names))


@app.command(
    "close",
    help=N_(
        "Close a case, with its outcome and the money recovered."
        "\n\n"
        'Example: tracker case close 12 --outcome "towel delivered, robe returned" --recovered 24.99'
    ),
)
def close(
    ctx: typer.Context,
    case: CaseArg,
    outcome: Annotated[str | None, typer.Option(help=N_("How it ended, in words."))] = None,
    recovered: Annotated[str | None, typer.Option(help=N_("Money recovered, e.g. 24.99."))] = None,
    abandoned: Annotated[bool, typer.Option("--abandoned", help=N_("You gave up on it."))] = False,
) -> None:
    from tracker.output import line, note
    from tracker.services.cases import close_case

    with session(ctx, write=True) as s:
        target = close_case(
            session=s, case=case, outcome=outcome, recovered=recovered, abandoned=abandoned
        )
    line(_("Closed case #{id}").format(id=target.id))
    note(_("If the company asks, rate the interaction: it helps the next customer."))


@app.command(
    "reopen",
    help=N_("Reopen a closed or resolved case.\n\nExample: tracker case reopen 12"),
)
def reopen(ctx: typer.Context, case: CaseArg) -> None:
    from tracker.output import line
    from tracker.services.cases import reopen_case

    with session(ctx, write=True) as s:
        target = reopen_case(session=s, case=case)
    line(_("Reopened case #{id}").format(id=target.id))


@app.command(
    "delete",
    help=N_(
        "Delete a case with its contacts, promises, references, evidence and history."
        "\n\n"
        "Asks first at a terminal; without one, --yes is required. 'tracker undo' brings "
        "it all back."
        "\n\n"
        "Example: tracker case delete 12 --yes"
    ),
)
def delete(
    ctx: typer.Context,
    case: CaseArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help=N_("Delete without asking."))] = False,
) -> None:
    from tracker.commands.log import interactive
    from tracker.errors import TrackerError
    from tracker.output import line
    from tracker.parse import safe
    from tracker.prose.words import join_words, rows_of
    from tracker.services.cases import show_case
    from tracker.services.corrections import delete_case

    if not yes:
        if not interactive():
            raise TrackerError(
                _(
                    "case delete asks before deleting, and this is not a terminal:"
                    " give --yes to delete without asking"
                )
            )
        with session(ctx) as s:
            found = show_case(session=s, case=case)
        question = _(
            "Delete case #{id} ({title}), its {contacts} and everything recorded on it?"
        ).format(
            id=found.id, title=safe(found.title), contacts=rows_of("contact", len(found.contacts))
        )
        if not typer.confirm(question, default=False, err=True):
            line(_("Nothing was deleted"))
            return
    with session(ctx, write=True) as s:
        deleted = delete_case(session=s, case=case)
    counts = join_words([rows_of(table, n) for table, n in deleted.rows.items() if n])
    said = _("Deleted case #{id}: {title}").format(id=deleted.case.id, title=deleted.case.title)
    line(said + (f" ({counts})" if counts else ""))
    line(_("To bring it back: tracker undo"))
