"""`tracker ship`: the shipping information of an order."""

from typing import Annotated

import typer

from tracker.commands.common import session
from tracker.commands.order import CompanyOpt
from tracker.parse import DATE_HELP

app = typer.Typer(help="Shipping information of an order.", no_args_is_help=True)


@app.command("add")
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
    from tracker.ingest.tracking import check_warning
    from tracker.output import line
    from tracker.output import note as hint
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
        updated = s.info.get("shipment_updated") == shipment.id
    if updated:
        line(
            f"Updated the shipment {shipment.tracking} of order {order.strip()} ({shipment.status})"
        )
    else:
        line(f"Added shipment to order {order.strip()} ({shipment.status})")
    warning = check_warning(shipment.tracking, carrier)
    if warning:
        hint(f"Warning: {warning}")


@app.command("edit")
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
