"""`tracker order` and `tracker ship`: orders and their shipping information."""

from __future__ import annotations

from typing import Annotated

import typer

from tracker.commands.common import JsonOption, session
from tracker.parse import DATE_HELP

app = typer.Typer(help="Orders: number, date, items, amount.", no_args_is_help=True)
ship_app = typer.Typer(help="Shipping information of an order.", no_args_is_help=True)

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


@app.command("edit")
def edit(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(help="The order number.")],
    company: CompanyOpt = None,
    placed: Annotated[str | None, typer.Option(help=f"Date placed: {DATE_HELP}.")] = None,
    item: Annotated[
        list[str] | None, typer.Option(help="An item; repeat for several (replaces them all).")
    ] = None,
    amount: Annotated[str | None, typer.Option(help="Order total, e.g. 24.99.")] = None,
    currency: Annotated[str | None, typer.Option(help="Currency code.")] = None,
    note: Annotated[str | None, typer.Option(help="A note; '-' reads stdin.")] = None,
) -> None:
    """Change an order's date, items, amount or note ('' clears a field).

    Example: tracker order edit 112-4455667-0012345 --placed 2026-10-28
    """
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
    line(f"Updated order {order.number}: {names}")


@app.command("list")
def list_(ctx: typer.Context, company: CompanyOpt = None, as_json: JsonOption = False) -> None:
    """List orders, newest first.

    Example: tracker order list --company amazon
    """
    from tracker.output import out, print_json, table
    from tracker.services.orders import list_orders, order_dict
    from tracker.views import money

    with session(ctx) as s:
        rows = [order_dict(s, o) for o in list_orders(session=s, company=company)]
    if as_json:
        print_json(rows)
        return
    out.print(
        table(
            ["Order", "Company", "Placed", "Items", "Amount", "Shipments"],
            [
                [
                    r["number"],
                    r["company"],
                    r["placed_on"] or "",
                    "; ".join(r["items"]),
                    money(r["amount"], r["currency"]),
                    str(len(r["shipments"])),
                ]
                for r in rows
            ],
        )
    )


@app.command("show")
def show(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(help="The order number.")],
    company: CompanyOpt = None,
    as_json: JsonOption = False,
) -> None:
    """Show an order with its shipments.

    Example: tracker order show 112-4455667-0012345
    """
    from tracker.output import out, print_json
    from tracker.services.common import find_order
    from tracker.services.orders import order_dict
    from tracker.views import order_panel

    with session(ctx) as s:
        data = order_dict(s, find_order(s, number, company))
    if as_json:
        print_json(data)
        return
    out.print(order_panel(data))


@ship_app.command("add")
def ship_add(
    ctx: typer.Context,
    order: Annotated[str, typer.Argument(help="The order number.")],
    company: CompanyOpt = None,
    carrier: Annotated[str | None, typer.Option(help="Carrier, e.g. UPS.")] = None,
    tracking: Annotated[str | None, typer.Option(help="Tracking number.")] = None,
    shipped: Annotated[str | None, typer.Option(help=f"Date shipped: {DATE_HELP}.")] = None,
    expected: Annotated[str | None, typer.Option(help="Date expected.")] = None,
    delivered: Annotated[str | None, typer.Option(help="Date delivered.")] = None,
    status: Annotated[
        str | None,
        typer.Option(
            help="Status in your words (default: pending, shipped or delivered from the dates)."
        ),
    ] = None,
) -> None:
    """Add shipping information to an order.

    Example: tracker ship add 112-4455667-0012345 --carrier UPS --tracking 1Z999 --delivered 2026-11-02
    """
    from tracker.output import line
    from tracker.services.orders import add_shipment

    with session(ctx, write=True) as s:
        shipment = add_shipment(
            session=s,
            order=order,
            company=company,
            carrier=carrier,
            tracking=tracking,
            shipped=shipped,
            expected=expected,
            delivered=delivered,
            status=status,
        )
    line(f"Added shipment to order {order.strip()} ({shipment.status})")


@ship_app.command("edit")
def ship_edit(
    ctx: typer.Context,
    order: Annotated[str, typer.Argument(help="The order number.")],
    company: CompanyOpt = None,
    tracking: Annotated[
        str | None,
        typer.Option(
            help="The shipment with this tracking number (default: the order's latest); "
            "a new number is given to a latest shipment that has none."
        ),
    ] = None,
    carrier: Annotated[str | None, typer.Option(help="Carrier, e.g. UPS.")] = None,
    shipped: Annotated[str | None, typer.Option(help=f"Date shipped: {DATE_HELP}.")] = None,
    expected: Annotated[str | None, typer.Option(help="Date expected.")] = None,
    delivered: Annotated[str | None, typer.Option(help="Date delivered.")] = None,
    status: Annotated[str | None, typer.Option(help="Status in your words.")] = None,
) -> None:
    """Change a shipment of an order: its dates, carrier or status ('' clears a field).

    Example: tracker ship edit 112-4455667-0012345 --delivered 2026-11-02
    """
    from tracker.output import line
    from tracker.services.orders import edit_shipment

    with session(ctx, write=True) as s:
        shipment, changed = edit_shipment(
            session=s,
            order=order,
            company=company,
            carrier=carrier,
            tracking=tracking,
            shipped=shipped,
            expected=expected,
            delivered=delivered,
            status=status,
        )
    names = ", ".join(c.removesuffix("_on") for c in changed)
    which = f" {shipment.tracking}" if shipment.tracking else ""
    line(f"Updated shipment{which} of order {order.strip()}: {names} ({shipment.status})")
