"""Readers for what the user already holds: order exports, emails, chat transcripts.

Pure: text, bytes or paths in, typed dataclasses out; no database, no printing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tracker.errors import TrackerError
from tracker.i18n import _


@dataclass
class OrderSources:
    """The orders read from the paths given to `order import`."""

    records: list = field(default_factory=list)  # OrderRecord, in the order read
    files: list[str] = field(default_factory=list)
    rows: int = 0
    notices: int = 0
    emails: int = 0


def read_order_sources(paths: list[Path]) -> OrderSources:
    """Every path: an export zip, an export CSV, a folder holding them, or an .eml."""
    from tracker.ingest import amazon_csv, emails

    found = OrderSources()
    texts: list[tuple[str, str]] = []
    for path in paths:
        path = Path(path).expanduser()
        found.files.append(path.name)
        if path.is_dir():
            texts += amazon_csv.read_folder(path)
        elif not path.exists():
            raise TrackerError(_("no such file: {path}").format(path=path))
        elif path.suffix.lower() == ".zip":
            texts += amazon_csv.read_zip(path)
        elif path.suffix.lower() == ".eml":
            mail = emails.order_mail(path.read_bytes(), path.name)
            found.records.append(mail.order)
            found.emails += 1
        elif path.suffix.lower() == ".csv":
            texts += amazon_csv.read_csv(path)
        else:
            raise TrackerError(
                _(
                    "{name}: not an order export or email (give Your Orders.zip, Order History.csv, Retail.OrderHistory.N.csv, their folder, or .eml files)"
                ).format(name=path.name)
            )
    if texts:
        export = amazon_csv.orders_from_texts(texts)
        found.records = export.orders + found.records
        found.rows, found.notices = export.rows, export.notices
    return found
