"""`tracker order`: orders (number, date, items, amount)."""

from typing import Annotated

import typer

from tracker.commands.common import FormatOption, JsonOption, chosen_format, session
from tracker.parse import DATE_HELP
from tracker.render import Format

app = typer.Typer(help="Orders: number, date, items, amount.", no_args_is_help=True)

CompanyOpt = Annotated[
    str | None, typer.Option("--company", "-c", help="Company (default: Amazon).")
]


@app.command("add")
def add(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(help="The order number, e.g. 112-1234567-1234567.")],
    company: CompanyOpt = None,
    placed: Annotated[str | None, typer.Option(help=f"Date placed: {DATE_HELP}.")] = None,
    item: Annotated[list[str] | None, typer.Option(help="An item; repeat for several.")] = None,
    amount: Annotated[str | None, typer.Option(help="Order total, e.g. 24.99.")] = None,
    currency: Annotated[str | None, typer.Option(help="Currency code (default USD).")] = None,
    note: Annotated[str | None, typer.Option(help="A note; '-' reads stdin.")] = None,
) -> None:
    """Record an order.

    Example: tracker order add 112-4455667-0012345 --placed 2026-10-28 --item "Red bath towel" --amount 24.99
    """
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
    line(f"Added order {order.number}")


@app.command("list")
def list_(
    ctx: typer.Context,
    company: CompanyOpt = None,
    fmt: FormatOption = Format.text,
    as_json: JsonOption = False,
) -> None:
    """List orders, newest first.

    Example: tracker order list --company amazon
    """
    from tracker.output import out
    from tracker.render import emit, text
    from tracker.services.orders import list_orders, order_record

    fmt_name = chosen_format(ctx, fmt, as_json)
    with session(ctx) as s:
        rows = [order_record(s, o) for o in list_orders(session=s, company=company)]
    if fmt_name != "text":
        emit(rows, fmt_name)
        return
    out.print(text.orders(rows))


@app.command("show")
def show(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(help="The order number.")],
    company: CompanyOpt = None,
    fmt: FormatOption = Format.text,
    as_json: JsonOption = False,
) -> None:
    """Show an order with its shipments.

    Example: tracker order show 112-4455667-0012345
    """
    from tracker.render import emit
    from tracker.services.common import find_order
    from tracker.services.orders import order_record

    fmt_name = chosen_format(ctx, fmt, as_json)
    with session(ctx) as s:
        data = order_record(s, find_order(s, number, company))
    emit(data, fmt_name)
