"""`tracker order`: orders (number, date, items, amount)."""

from pathlib import Path
from typing import Annotated

import typer

from tracker.commands.common import DataFormatOption, JsonOption, chosen_format, session
from tracker.i18n import N_, _
from tracker.render import DataFormat

app = typer.Typer(help=N_("Orders: number, date, items, amount."), no_args_is_help=True)

CompanyOpt = Annotated[
    str | None, typer.Option("--company", "-c", help=N_("Company (default: Amazon)."))
]
# order add: a new order goes to the default company of `config` (as `case open`)
NewCompanyOpt = Annotated[
    str | None,
    typer.Option(
        "--company", "-c", help=N_("Company (default: company of 'tracker config', else Amazon).")
    ),
]


@app.command(
    "add",
    help=N_(
        'Record an order.\n\nExample: tracker order add 112-4455667-0012345 --placed 2026-10-28 --item "Red bath towel" --amount 24.99'
    ),
)
def add(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(help=N_("The order number, e.g. 112-1234567-1234567."))],
    company: NewCompanyOpt = None,
    placed: Annotated[str | None, typer.Option(help=N_("Date placed: {date_help}."))] = None,
    item: Annotated[list[str] | None, typer.Option(help=N_("An item; repeat for several."))] = None,
    amount: Annotated[str | None, typer.Option(help=N_("Order total, e.g. 24.99."))] = None,
    currency: Annotated[str | None, typer.Option(help=N_("Currency code (default USD)."))] = None,
    note: Annotated[str | None, typer.Option(help=N_("A note; '-' reads stdin."))] = None,
) -> None:
    """Record an order."""
    from tracker.output import line
    from tracker.services.orders import add_order

    with session(ctx, write=True) as s:
        order = add_order(
            session=s,
            number=number,
            company=company,
            placed=placed,
            items=item,
            amount=amount,
            currency=currency,
            note=note,
        )
    line(_("Added order {number}").format(number=order.number))


@app.command(
    "edit",
    help=N_(
        "Change an order's date, items, amount or note ('' clears a field).\n\nExample: tracker order edit 112-4455667-0012345 --placed 2026-10-28"
    ),
)
def edit(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(help=N_("The order number."))],
    company: CompanyOpt = None,
    placed: Annotated[str | None, typer.Option(help=N_("Date placed: {date_help}."))] = None,
    item: Annotated[
        list[str] | None, typer.Option(help=N_("An item; repeat for several (replaces them all)."))
    ] = None,
    amount: Annotated[str | None, typer.Option(help=N_("Order total, e.g. 24.99."))] = None,
    currency: Annotated[str | None, typer.Option(help=N_("Currency code."))] = None,
    note: Annotated[str | None, typer.Option(help=N_("A note; '-' reads stdin."))] = None,
) -> None:
    """Change an order's date, items, amount or note ('' clears a field)."""
    from tracker.output import line
    from tracker.services.orders import edit_order

    with session(ctx, write=True) as s:
        order, changed = edit_order(
            session=s,
            number=number,
            company=company,
            placed=placed,
            items=item,
            amount=amount,
            currency=currency,
            note=note,
        )
    names = ", ".join(c.removesuffix("_on").removesuffix("_minor") for c in changed)
    line(_("Updated order {number}: {fields}").format(number=order.number, fields=names))


@app.command(
    "list", help=N_("List orders, newest first.\n\nExample: tracker order list --company amazon")
)
def list_(
    ctx: typer.Context,
    company: CompanyOpt = None,
    fmt: DataFormatOption = DataFormat.text,
    as_json: JsonOption = False,
) -> None:
    """List orders, newest first."""
    from tracker.output import out
    from tracker.render import emit, text
    from tracker.services.orders import list_orders

    fmt_name = chosen_format(ctx, fmt, as_json)
    with session(ctx) as s:
        rows = list_orders(session=s, company=company)
    if fmt_name != "text":
        emit(rows, fmt_name)
        return
    out.print(text.orders(rows))


@app.command(
    "show",
    help=N_("Show an order with its shipments.\n\nExample: tracker order show 112-4455667-0012345"),
)
def show(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(help=N_("The order number."))],
    company: CompanyOpt = None,
    fmt: DataFormatOption = DataFormat.text,
    as_json: JsonOption = False,
) -> None:
    """Show an order with its shipments."""
    from tracker.render import emit
    from tracker.services.common import find_order
    from tracker.services.orders import order_record

    fmt_name = chosen_format(ctx, fmt, as_json)
    with session(ctx) as s:
        data = order_record(s, find_order(s, number, company))
    emit(data, fmt_name)


@app.command(
    "import",
    help=N_(
        'Bring in orders and shipments from Amazon\'s order export and order emails.\n\nOnly orders, items and shipments are taken (never addresses, payment or gift details). Importing the same file again changes nothing; a newer export updates what changed.\n\nExample: tracker order import ~/Downloads/"Your Orders.zip"'
    ),
)
def import_(
    ctx: typer.Context,
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH",
            help=N_(
                "Your Orders.zip, Order History.csv, Retail.OrderHistory.N.csv, "
                "their folder, or saved order emails (.eml)."
            ),
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help=N_("Show what would be added; write nothing."))
    ] = False,
) -> None:
    """Bring in orders and shipments from Amazon's order export and order emails."""
    from tracker.ingest import read_order_sources
    from tracker.output import line
    from tracker.prose.imports import import_report
    from tracker.services.ingest import import_orders

    sources = read_order_sources(paths)
    with session(ctx, write=True) as s, _progress(len(sources.records)) as advance:
        result = import_orders(
            session=s, records=sources.records, dry_run=dry_run, progress=advance
        )
    for text in import_report(result, sources):
        line(text)


def _progress(total: int):
    """A progress bar on stderr at a terminal for a large import; nothing when piped."""
    import sys
    from contextlib import contextmanager, nullcontext

    if total < 2000 or not sys.stderr.isatty():
        return nullcontext(None)

    @contextmanager
    def bar():
        from rich.progress import Progress

        from tracker.output import err

        with Progress(console=err, transient=True) as progress:
            task = progress.add_task(_("Importing orders"), total=total)
            yield lambda n: progress.advance(task, n)

    return bar()
