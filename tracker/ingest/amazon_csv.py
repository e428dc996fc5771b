"""Amazon's order history export: "Your Orders.zip", its Order History.csv, and
the older Retail.OrderHistory.N.csv files.

One row per item; the rows of an order are gathered by Order ID. Only what
makes an order and its shipments is read: addresses, payment and gift columns
are never taken from a row.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path, PurePosixPath

from tracker.errors import TrackerError
from tracker.i18n import _
from tracker.ingest.tracking import carrier_name, check
from tracker.parse import exponent, is_currency

# Both header versions through one table: our field -> the column names it has had.
# (Older 28-column export first, then the newer alphabetical one.)
ALIASES: dict[str, tuple[str, ...]] = {
    "order_id": ("Order ID",),
    "placed": ("Order Date",),
    "currency": ("Currency",),
    "total": ("Total Owed", "Total Amount"),
    "quantity": ("Quantity", "Original Quantity"),
    "product": ("Product Name",),
    "order_status": ("Order Status",),
    "shipment_status": ("Shipment Status",),
    "ship_date": ("Ship Date",),
    "carrier": ("Carrier Name & Tracking Number",),
    "subtotal": ("Shipment Item Subtotal",),
    "subtotal_tax": ("Shipment Item Subtotal Tax",),
}
REQUIRED = ("order_id", "placed")
# Columns of the export that are known and deliberately never read (addresses,
# payment, gift details and the rest): they are private or not part of a case.
IGNORED = frozenset(
    {
        "Website",
        "Purchase Order Number",
        "Unit Price",
        "Unit Price Tax",
        "Shipping Charge",
        "Total Discounts",
        "ASIN",
        "Product Condition",
        "Payment Instrument Type",
        "Payment Method Type",
        "Shipping Option",
        "Shipping Address",
        "Billing Address",
        "Gift Message",
        "Gift Sender Name",
        "Gift Recipient Contact Details",
        "Gift Recipient Contact",
        "Item Serial Number",
    }
)
PLACEHOLDERS = frozenset({"", "not available", "not applicable", "n/a"})

# Export file names, inside the zip or a folder
_EXPORT_NAME = re.compile(r"^(?:Order History|Retail\.OrderHistory\.\d+)\.csv$", re.IGNORECASE)
# Order IDs have no spaces; the notice row ("Due to technical limitations...") does
_ORDER_ID = re.compile(r"^[A-Z0-9][A-Z0-9-]{4,39}$", re.IGNORECASE)
_CARRIER_CELL = re.compile(r"^\s*(?P<carrier>[^()]*?)\s*\(\s*(?P<number>[^()]*?)\s*\)\s*$")


@dataclass(frozen=True)
class ShipmentRecord:
    """A shipment as a source tells it; None means "not said", never "erase"."""

    carrier: str | None = None
    tracking: str | None = None
    shipped_on: date | None = None
    expected_on: date | None = None
    delivered_on: date | None = None
    status: str | None = None


@dataclass
class OrderRecord:
    """An order as a source tells it."""

    number: str
    placed_on: date | None = None
    items: list[str] = field(default_factory=list)
    # whether `items` is the whole list (an export) or a glimpse (an email subject)
    items_complete: bool = True
    amount_minor: int | None = None
    currency: str | None = None
    shipments: list[ShipmentRecord] = field(default_factory=list)
    digital: bool = False
    source: str = ""


@dataclass
class Export:
    """What an export held: its orders, and what was passed over."""

    orders: list[OrderRecord]
    files: list[str]
    rows: int = 0
    notices: int = 0  # rows that are not orders (the pre-2002 notice)


# ----------------------------------------------------------------- cells


def _cell(value: str | None) -> str | None:
    """A cell's text, with Amazon's placeholders as None."""
    if value is None:
        return None
    text = value.strip()
    if text.casefold() in PLACEHOLDERS:
        return None
    return text


def parse_amount(value: str | None, currency: str) -> int | None:
    """An amount cell in minor units: '24.99', '1,234.50', and the quoted '-0.6'."""
    text = _cell(value)
    if text is None:
        return None
    text = text.strip("'\"").replace(",", "").replace("$", "").strip()
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    if not amount.is_finite():
        return None
    return int((amount.scaleb(exponent(currency))).to_integral_value())


def parse_moment(value: str | None) -> date | None:
    """A date cell: ISO 8601 with Z or an offset (the day in the user's zone), or 03/04/19."""
    text = _cell(value)
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        for layout in ("%m/%d/%Y", "%m/%d/%y"):
            try:
                return datetime.strptime(text, layout).date()
            except ValueError:
                pass
        return None
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone().date()


def _split(value: str | None) -> list[str | None]:
    """'A and B' (an item split across shipments) as [A, B]."""
    text = _cell(value)
    if text is None:
        return []
    return [_cell(part) for part in re.split(r"\s+and\s+", text)]


def parse_carrier_cell(value: str | None) -> list[tuple[str | None, str | None]]:
    """'AMZN_US(TBA306151649688) and UPS(1Z...)' as [(carrier, tracking), ...]."""
    found: list[tuple[str | None, str | None]] = []
    for part in _split(value):
        if part is None:
            found.append((None, None))
            continue
        m = _CARRIER_CELL.match(part)
        if m:
            carrier, number = _cell(m["carrier"]), _cell(m["number"])
        elif " " in part:  # a carrier name alone ("Amazon Logistics")
            carrier, number = part, None
        else:
            carrier, number = None, part
        detected = check(number).carrier if number else None
        found.append((detected or carrier_name(carrier), number))
    return found


# ----------------------------------------------------------------- rows


def _columns(header: list[str], name: str) -> dict[str, int]:
    """Our field -> column index, through the alias table; refuses files that are
    not an order history."""
    cleaned = [h.strip().lstrip("\ufeff").strip() for h in header]
    where = {h: i for i, h in enumerate(cleaned)}
    columns = {}
    for key, names in ALIASES.items():
        for alias in names:
            if alias in where:
                columns[key] = where[alias]
                break
    missing = [ALIASES[k][0] for k in REQUIRED if k not in columns]
    if missing:
        shown = ", ".join(h for h in cleaned[:6] if h) or "none"
        raise TrackerError(
            _(
                "{name}: not an Amazon order history (no {known} column; its columns start: {shown})"
            ).format(name=name, known=" or ".join(repr(m) for m in missing), shown=shown)
        )
    return columns


def _rows(text: str, name: str) -> Iterator[dict[str, str | None]]:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = next(reader)
    except StopIteration:
        raise TrackerError(_("{name}: the file is empty").format(name=name)) from None
    except csv.Error as exc:
        raise TrackerError(
            _("{name}: not a readable CSV file ({exc})").format(name=name, exc=exc)
        ) from None
    columns = _columns(header, name)
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            yield {key: (row[i] if i < len(row) else None) for key, i in columns.items()}
    except csv.Error as exc:
        raise TrackerError(
            _("{name}: not a readable CSV file ({exc})").format(name=name, exc=exc)
        ) from None


def orders_from_texts(texts: Iterable[tuple[str, str]]) -> Export:
    """The orders in export CSV texts, given as (name, text); an order's rows are
    gathered across files."""
    gathered: dict[str, list[dict]] = {}
    export = Export(orders=[], files=[])
    for name, text in texts:
        export.files.append(name)
        for row in _rows(text, name):
            export.rows += 1
            number = _cell(row.get("order_id"))
            if number is None or not _ORDER_ID.match(number):
                export.notices += 1
                continue
            row["_source"] = name
            gathered.setdefault(number, []).append(row)
    export.orders = [_order(number, rows) for number, rows in gathered.items()]
    return export


def _order(number: str, rows: list[dict]) -> OrderRecord:
    first = rows[0]
    currency = (_cell(first.get("currency")) or "USD").upper()
    if not is_currency(currency):
        currency = "USD"
    digital = number.upper().startswith("D01-")
    items: list[str] = []
    total: int | None = None
    subtotals: dict[tuple, int] = {}
    shipments: dict[tuple, ShipmentRecord] = {}
    for row in rows:
        product = _cell(row.get("product"))
        if product:
            quantity = _cell(row.get("quantity"))
            items.append(f"{product} (x{quantity})" if quantity not in (None, "1") else product)
        owed = parse_amount(row.get("total"), currency)
        if owed is not None:
            total = (total or 0) + owed
        # The subtotal repeats the whole shipment's on each of its item rows: once per shipment.
        key = (_cell(row.get("carrier")), _cell(row.get("ship_date")))
        subtotal = parse_amount(row.get("subtotal"), currency)
        if subtotal is not None:
            subtotals[key] = subtotal + (parse_amount(row.get("subtotal_tax"), currency) or 0)
        if digital:
            continue
        for shipment in _shipments(row):
            shipments.setdefault((shipment.tracking, shipment.shipped_on), shipment)
    if total is None and subtotals:
        total = sum(subtotals.values())
    return OrderRecord(
        number=number,
        placed_on=parse_moment(first.get("placed")),
        items=items,
        amount_minor=total,
        currency=currency,
        shipments=list(shipments.values()),
        digital=digital,
        source=first["_source"],
    )


def _shipments(row: dict) -> list[ShipmentRecord]:
    carriers = parse_carrier_cell(row.get("carrier"))
    dates = [parse_moment(d) for d in _split(row.get("ship_date"))]
    statuses = [s.casefold() if s else None for s in _split(row.get("shipment_status"))]
    count = max(len(carriers), len(dates))
    found = []
    for i in range(count):
        carrier, number = carriers[i] if i < len(carriers) else (None, None)
        shipped = dates[i] if i < len(dates) else None
        status = statuses[i] if i < len(statuses) else None
        if number is None and shipped is None:
            continue
        found.append(
            ShipmentRecord(
                carrier=carrier,
                tracking=number,
                shipped_on=shipped,
                status=status or ("shipped" if shipped else None),
            )
        )
    return found


# ----------------------------------------------------------------- files


def is_export_name(name: str) -> bool:
    return bool(_EXPORT_NAME.match(PurePosixPath(name).name))


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TrackerError(_("{name}: not a UTF-8 text file").format(name=name)) from None


def read_zip(path: Path) -> list[tuple[str, str]]:
    """The export CSVs inside a "Your Orders.zip", as (name, text)."""
    texts = []
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.namelist() if is_export_name(m)]
            if not members:
                raise TrackerError(
                    _("{name}: no Order History.csv or Retail.OrderHistory.N.csv inside").format(
                        name=path.name
                    )
                )
            for member in sorted(members):
                label = f"{path.name}:{member}"
                texts.append((label, _decode(archive.read(member), label)))
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise TrackerError(
            _("{name}: not a readable zip file, truncated or damaged ({exc})").format(
                name=path.name, exc=exc
            )
        ) from None
    return texts


def read_folder(path: Path) -> list[tuple[str, str]]:
    """The export CSVs in a folder (and its subfolders)."""
    files = sorted(p for p in path.rglob("*.csv") if p.is_file() and is_export_name(p.name))
    if not files:
        raise TrackerError(
            _("{path}: no Order History.csv or Retail.OrderHistory.N.csv in this folder").format(
                path=path
            )
        )
    return [(str(p.relative_to(path.parent)), _decode(p.read_bytes(), p.name)) for p in files]


def read_csv(path: Path) -> list[tuple[str, str]]:
    return [(path.name, _decode(path.read_bytes(), path.name))]
