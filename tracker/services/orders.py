"""Companies, orders and shipments."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlmodel import Session, col, select

from tracker import casefile as cf
from tracker import tables
from tracker.errors import TrackerError
from tracker.i18n import _
from tracker.parse import currency_code, now, parse_date, parse_money, text_limit, user_text
from tracker.services.cases import order_record_of
from tracker.services.common import (
    find_company_row,
    find_order,
    identifier_key,
    read,
    shipment_rows,
)

if TYPE_CHECKING:
    from tracker.models import Company, Order, Shipment

# Listing and showing read through tracker.tables (Core: the models are not
# built); the functions that write import the models where they write.


def add_company(
    *,
    session: Session,
    name: str,
    phone: str | None = None,
    url: str | None = None,
    email: str | None = None,
    note: str | None = None,
) -> Company:
    checked = user_text(
        name,
        "company name",
        required=True,
        max_chars=text_limit("company", "name"),
        one_line=True,
    )
    assert checked is not None  # required=True refuses missing text
    from tracker.models import Company

    name = checked
    if session.exec(select(Company).where(Company.key == name.casefold())).first():
        raise TrackerError(_("company {name!r} already exists").format(name=name))
    company = Company(
        name=name,
        key=name.casefold(),
        phone=user_text(phone, "phone", max_chars=text_limit("company", "phone"), one_line=True),
        url=user_text(url, "url", max_chars=text_limit("company", "url"), one_line=True),
        email=user_text(email, "email", max_chars=text_limit("company", "email"), one_line=True),
        notes=user_text(note, "note"),
        created_at=now(),
    )
    session.add(company)
    session.flush()
    return company


def list_companies(*, session: Session) -> list[sa.Row]:
    """Every company's row, by name (casefolded)."""
    companies = tables.company
    return list(read(session, sa.select(companies).order_by(companies.c.key)).all())


def add_order(
    *,
    session: Session,
    number: str,
    company: str | None = None,
    placed: str | None = None,
    items: list[str] | None = None,
    amount: str | None = None,
    currency: str | None = None,
    note: str | None = None,
) -> Order:
    checked = user_text(
        number,
        "order number",
        required=True,
        max_chars=text_limit("orders", "number"),
        one_line=True,
    )
    assert checked is not None  # required=True refuses missing text
    from tracker.models import Order

    number = checked
    if not company:  # the default company of `config`, as `case open` takes it
        from tracker import settings

        company = settings.load().company
    owner = find_company_row(session, company)
    code = currency_code(currency)
    if session.exec(
        select(Order).where(Order.company_id == owner.id, Order.number == number)
    ).first():
        raise TrackerError(
            _("order {number} already exists at {company}").format(
                number=number, company=owner.name
            )
        )
    assert owner.id is not None  # a stored company
    order = Order(
        company_id=owner.id,
        number=number,
        placed_on=parse_date(placed, "--placed date", past=True),
        items=[
            t
            for t in (
                user_text(i, "item", max_chars=text_limit("orders", "items")) for i in items or []
            )
            if t
        ],
        amount_minor=parse_money(amount, code),
        currency=code,
        notes=user_text(note, "note"),
        created_at=now(),
    )
    session.add(order)
    session.flush()
    return order


def edit_order(
    *,
    session: Session,
    number: str,
    company: str | None = None,
    placed: str | None = None,
    items: list[str] | None = None,
    amount: str | None = None,
    currency: str | None = None,
    note: str | None = None,
) -> tuple[Order, list[str]]:
    """Change an order's date, items (all replaced), amount, currency or note; '' clears."""
    target = find_order(session, number, company)
    changes: dict[str, object] = {}
    if placed is not None:
        changes["placed_on"] = parse_date(placed, "--placed date", past=True)
    if items is not None:
        changes["items"] = [t for t in (user_text(i, "item", max_chars=1000) for i in items) if t]
    code = currency_code(currency, target.currency) if currency is not None else target.currency
    if code != target.currency:
        changes["currency"] = code
    if amount is not None:
        changes["amount_minor"] = parse_money(amount, code)
    elif code != target.currency and target.amount_minor is not None:
        raise TrackerError(_("a new --currency needs the --amount in it too"))
    if note is not None:
        changes["notes"] = user_text(note, "note")
    changed = [k for k, v in changes.items() if getattr(target, k) != v]
    if not changed:
        raise TrackerError(_("nothing to change: give at least one option (see --help)"))
    for key in changed:
        setattr(target, key, changes[key])
    session.add(target)
    session.flush()
    return target, changed


def list_orders(*, session: Session, company: str | None = None) -> list[cf.Order]:
    """Every order (of one company) as its record, the most recently placed first:
    the orders, their companies' names and their shipments each read in one go."""
    orders = tables.orders
    query = sa.select(orders)
    if company:
        query = query.where(orders.c.company_id == find_company_row(session, company).id)
    ordered = query.order_by(orders.c.placed_on.desc(), orders.c.id.desc())
    rows = list(read(session, ordered).all())
    companies = tables.company.c
    names = {row.id: row.name for row in read(session, sa.select(companies.id, companies.name))}
    shipped = shipment_rows(session, [row.id for row in rows])
    return [order_record_of(row, names[row.company_id], shipped[row.id]) for row in rows]


def shipments_of(session: Session, order: Order) -> list[Shipment]:
    """An order's shipments as models, to change one."""
    from tracker.models import Shipment

    return list(
        session.exec(
            select(Shipment).where(Shipment.order_id == order.id).order_by(col(Shipment.id))
        ).all()
    )


def add_shipment(
    *,
    session: Session,
    order: str,
    company: str | None = None,
    carrier: str | None = None,
    tracking: str | None = None,
    shipped: str | None = None,
    expected: str | None = None,
    delivered: str | None = None,
    status: str | None = None,
) -> Shipment:
    from tracker.models import Shipment

    target = find_order(session, order, company)
    shipped_on = parse_date(shipped, "--shipped date", past=True)
    expected_on = parse_date(expected, "--expected date")
    delivered_on = parse_date(delivered, "--delivered date", past=True)
    if shipped_on and delivered_on and delivered_on < shipped_on:
        raise TrackerError(_("--delivered is before --shipped"))
    given_status = user_text(
        status, "status", max_chars=text_limit("shipment", "status"), one_line=True
    )
    status = given_status
    if status is None:
        status = "delivered" if delivered_on else "shipped" if shipped_on else "pending"
    carrier = user_text(
        carrier, "carrier", max_chars=text_limit("shipment", "carrier"), one_line=True
    )
    tracking = user_text(
        tracking, "tracking number", max_chars=text_limit("shipment", "tracking"), one_line=True
    )
    if tracking is not None:
        # the same number however it is typed (letter case, spaces, dashes), as search
        # and lookups compare it; among the order's few shipments
        key = identifier_key(tracking)
        known = next(
            (s for s in shipments_of(session, target) if identifier_key(s.tracking or "") == key),
            None,
        )
        if known is not None:
            # the same parcel again (a newer email, a delivery date): one shipment, updated
            given = {
                "carrier": carrier,
                "shipped_on": shipped_on,
                "expected_on": expected_on,
                "delivered_on": delivered_on,
            }
            for key, value in given.items():
                if value is not None:
                    setattr(known, key, value)
            if known.shipped_on and known.delivered_on and known.delivered_on < known.shipped_on:
                raise TrackerError(_("--delivered is before --shipped"))
            if given_status is not None:
                known.status = given_status
            elif known.status in _AUTOMATIC_STATUS or known.status is None:
                known.status = (
                    "delivered"
                    if known.delivered_on
                    else "shipped"
                    if known.shipped_on
                    else "pending"
                )
            session.add(known)
            session.flush()
            session.info["shipment_updated"] = known.id
            return known
    if carrier is None and tracking is not None:
        from tracker.ingest.tracking import check

        carrier = check(tracking).carrier  # the number says which carrier, where it can
    assert target.id is not None  # a stored order
    shipment = Shipment(
        order_id=target.id,
        carrier=carrier,
        tracking=tracking,
        shipped_on=shipped_on,
        expected_on=expected_on,
        delivered_on=delivered_on,
        status=status,
        created_at=now(),
    )
    session.add(shipment)
    session.flush()
    return shipment


_AUTOMATIC_STATUS = ("pending", "shipped", "delivered")


def edit_shipment(
    *,
    session: Session,
    order: str,
    company: str | None = None,
    carrier: str | None = None,
    tracking: str | None = None,
    shipped: str | None = None,
    expected: str | None = None,
    delivered: str | None = None,
    status: str | None = None,
) -> tuple[Shipment, list[str]]:
    """Change the order's shipment with that tracking number, or its latest one.

    An option given as '' clears the field. A --tracking number no shipment of
    the order has becomes the latest shipment's, when it has none yet.
    """
    target = find_order(session, order, company)
    shipments = shipments_of(session, target)
    if not shipments:
        raise TrackerError(
            _("order {number} has no shipment yet; add one with: tracker ship add").format(
                number=target.number
            )
        )
    shipment = shipments[-1]
    changes: dict[str, object] = {}
    dates: dict[str, date | None] = {}
    number = (
        user_text(
            tracking, "tracking number", max_chars=text_limit("shipment", "tracking"), one_line=True
        )
        if tracking
        else None
    )
    if number is not None:
        same = [s for s in shipments if identifier_key(s.tracking or "") == identifier_key(number)]
        if same:
            shipment = same[-1]
        elif shipment.tracking is None:
            changes["tracking"] = number
        else:
            known = ", ".join(s.tracking for s in shipments if s.tracking)
            raise TrackerError(
                _(
                    "order {order} has no shipment with tracking number {number}"
                    " (it has: {known}); add one with: tracker ship add"
                ).format(order=target.number, number=number, known=known)
            )
    if carrier is not None:
        changes["carrier"] = user_text(
            carrier, "carrier", max_chars=text_limit("shipment", "carrier"), one_line=True
        )
    for name, value, past in (
        ("shipped_on", shipped, True),
        ("expected_on", expected, False),
        ("delivered_on", delivered, True),
    ):
        if value is not None:
            option = "--" + name.removesuffix("_on")
            changes[name] = dates[name] = parse_date(value, f"{option} date", past=past)
    shipped_on = dates.get("shipped_on", shipment.shipped_on)
    delivered_on = dates.get("delivered_on", shipment.delivered_on)
    if shipped_on and delivered_on and delivered_on < shipped_on:
        raise TrackerError(_("--delivered is before --shipped"))
    if status is not None:
        changes["status"] = user_text(status, "status", max_chars=100, one_line=True)
    elif shipment.status in _AUTOMATIC_STATUS or shipment.status is None:
        changes["status"] = "delivered" if delivered_on else "shipped" if shipped_on else "pending"
    changed = [k for k, v in changes.items() if getattr(shipment, k) != v]
    if not changed:
        raise TrackerError(_("nothing to change: give at least one option (see --help)"))
    for key in changed:
        setattr(shipment, key, changes[key])
    session.add(shipment)
    session.flush()
    return shipment, changed


def order_record(session: Session, order: Order | sa.Row) -> cf.Order:
    """An order (a model or a row) as its record, its company and shipments read
    through Core."""
    companies = tables.company
    name = sa.select(companies.c.name).where(companies.c.id == order.company_id)
    company = read(session, name).scalar_one()
    assert order.id is not None  # a stored order
    return order_record_of(order, company, shipment_rows(session, [order.id])[order.id])
