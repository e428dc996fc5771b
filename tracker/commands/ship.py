"""`tracker ship`: the shipping information of an order."""

from typing import Annotated

import typer

from tracker.commands.common import session
from tracker.commands.order import CompanyOpt
from tracker.i18n import N_, _

app = typer.Typer(help=N_("Shipping information of an order."), no_args_is_help=True)


@app.command(
    "add",
    help=N_(
        "Add shipping information to an order.\n\nExample: tracker ship add 112-4455667-0012345 --carrier UPS --tracking 1Z999 --delivered 2026-11-02"
    ),
)
def ship_add(
    ctx: typer.Context,
    order: Annotated[str, typer.Argument(help=N_("The order number."))],
    company: CompanyOpt = None,
    carrier: Annotated[str | None, typer.Option(help=N_("Carrier, e.g. UPS."))] = None,
    tracking: Annotated[str | None, typer.Option(help=N_("Tracking number."))] = None,
    shipped: Annotated[str | None, typer.Option(help=N_("Date shipped: {date_help}."))] = None,
    expected: Annotated[str | None, typer.Option(help=N_("Date expected."))] = None,
    delivered: Annotated[str | None, typer.Option(help=N_("Date delivered."))] = None,
    status: Annotated[
        str | None,
        typer.Option(
            help=N_("Status in your words (default: pending, shipped or delivered from the dates).")
        ),
    ] = None,
) -> None:
    """Add shipping information to an order."""
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
            _("Updated the shipment {tracking} of order {number} ({status})").format(
                tracking=shipment.tracking, number=order.strip(), status=shipment.status
            )
        )
    else:
        line(
            _("Added shipment to order {number} ({status})").format(
                number=order.strip(), status=shipment.status
            )
        )
    warning = check_warning(shipment.tracking, carrier)
    if warning:
        hint(_("Warning: {warning}").format(warning=warning))


@app.command(
    "edit",
    help=N_(
        "Change a shipment of an order: its dates, carrier or status ('' clears a field).\n\nExample: tracker ship edit 112-4455667-0012345 --delivered 2026-11-02"
    ),
)
def ship_edit(
    ctx: typer.Context,
    order: Annotated[str, typer.Argument(help=N_("The order number."))],
    company: CompanyOpt = None,
    tracking: Annotated[
        str | None,
        typer.Option(
            help=N_(
                "The shipment with this tracking number (default: the order's latest); "
                "a new number is given to a latest shipment that has none."
            )
        ),
    ] = None,
    carrier: Annotated[str | None, typer.Option(help=N_("Carrier, e.g. UPS."))] = None,
    shipped: Annotated[str | None, typer.Option(help=N_("Date shipped: {date_help}."))] = None,
    expected: Annotated[str | None, typer.Option(help=N_("Date expected."))] = None,
    delivered: Annotated[str | None, typer.Option(help=N_("Date delivered."))] = None,
    status: Annotated[str | None, typer.Option(help=N_("Status in your words."))] = None,
) -> None:
    """Change a shipment of an order: its dates, carrier or status ('' clears a field)."""
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
    if shipment.tracking:
        said = _("Updated shipment {tracking} of order {number}: {fields} ({status})")
    else:
        said = _("Updated shipment of order {number}: {fields} ({status})")
    line(
        said.format(
            tracking=shipment.tracking,
            number=order.strip(),
            fields=names,
            status=shipment.status,
        )
    )
