"""Bringing records in: orders and shipments from exports and emails, contacts
from a chat transcript. Each import is one transaction, and importing the same
thing again changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import Protocol, TypeVar

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, select

from tracker import journal
from tracker.errors import TrackerError
from tracker.i18n import _
from tracker.ingest.amazon_csv import OrderRecord, ShipmentRecord
from tracker.ingest.transcript import Transcript
from tracker.models import Case, Evidence, Order, Promise, Reference, Shipment
from tracker.parse import now, unstorable
from tracker.services.common import find_case, find_company, identifier_key
from tracker.services.contacts import ContactInput, log_contact
from tracker.services.evidence import add_evidence
from tracker.vocab import PromiseState

BATCH = 500  # order numbers looked up per query

# How far along a package is: an import never moves a shipment back
# (an older export saying "shipped" after the email said "delivered").
_STAGE = {
    "pending": 0,
    "ordered": 0,
    "shipped": 1,
    "delayed": 1,
    "in transit": 1,
    "out for delivery": 2,
    "delivered": 3,
}


@dataclass
class OrderImport:
    """What an import did (or, in a dry run, would do)."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    shipments_added: int = 0
    shipments_updated: int = 0
    digital: int = 0
    dry_run: bool = False

    @property
    def orders(self) -> int:
        return len(self.added) + len(self.updated) + self.unchanged


def import_orders(
    *,
    session: Session,
    records: Sequence[OrderRecord],
    company: str | None = None,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> OrderImport:
    """Add or update the orders and shipments in `records` (same number, same order).

    In a dry run the same work is done inside a savepoint that is rolled back,
    so the counts are exactly what a real import would report.
    """
    owner = find_company(session, company)
    result = OrderImport(dry_run=dry_run)
    savepoint = session.begin_nested() if dry_run else None
    merged = _merge(records)
    numbers = list(merged)
    assert owner.id is not None  # a stored company
    for start in range(0, len(numbers), BATCH):
        batch = numbers[start : start + BATCH]
        existing = {
            o.number: o
            for o in session.exec(
                select(Order).where(Order.company_id == owner.id, col(Order.number).in_(batch))
            ).all()
        }
        shipments: dict[int, list[Shipment]] = {}
        if existing:
            ids = [o.id for o in existing.values()]
            for shipment in session.exec(
                select(Shipment).where(col(Shipment.order_id).in_(ids)).order_by(col(Shipment.id))
            ).all():
                shipments.setdefault(shipment.order_id, []).append(shipment)
        fresh: list[tuple[dict, list[ShipmentRecord]]] = []
        for number in batch:
            records_of = merged[number]
            if any(r.digital for r in records_of):
                result.digital += 1
            order = existing.get(number)
            if order is None:
                fresh.append(_new_order(owner.id, number, records_of))
                result.added.append(number)
                continue
            assert order.id is not None  # a stored order
            changed = any([_update_order(order, r) for r in records_of])
            have = shipments.get(order.id, [])
            for record in records_of:
                for ship in record.shipments:
                    outcome = _upsert_shipment(session, order, have, ship)
                    if outcome == "added":
                        result.shipments_added += 1
                    if outcome == "updated":
                        result.shipments_updated += 1
                    changed = changed or outcome is not None
            if changed:
                session.add(order)
                result.updated.append(number)
            else:
                result.unchanged += 1
        session.flush()
        result.shipments_added += _insert_new(session, fresh)
        if progress is not None:
            progress(len(batch))
    if savepoint is not None:
        savepoint.rollback()
    return result


def _new_order(
    company_id: int, number: str, records: list[OrderRecord]
) -> tuple[dict, list[ShipmentRecord]]:
    """The row of an order not yet stored, and the shipments its records tell."""
    order = Order(company_id=company_id, number=number, currency="USD", created_at=now())
    for record in records:
        _update_order(order, record)
    row = {
        "company_id": company_id,
        "number": number,
        "placed_on": order.placed_on,
        "items": order.items,
        "amount_minor": order.amount_minor,
        "currency": order.currency,
        "notes": None,
        "created_at": order.created_at,
    }
    ships: list[ShipmentRecord] = []
    for record in records:
        for ship in record.shipments:
            ships.append(ship)
    return row, ships


def _insert_new(session: Session, fresh: list[tuple[dict, list[ShipmentRecord]]]) -> int:
    """Insert new orders and their shipments in a few statements; the shipments added."""
    if not fresh:
        return 0
    orders = SQLModel.metadata.tables["orders"]  # sqlmodel does not type __table__
    shipment_table = SQLModel.metadata.tables["shipment"]
    ids: dict[str, int] = dict(
        session.execute(
            sa.insert(orders).returning(orders.c.number, orders.c.id),
            [row for row, _ in fresh],
        ).all()
    )
    rows = []
    for row, ships in fresh:
        have: list[_Stored] = []
        for ship in ships:
            stored = _match(have, ship)
            if stored is None:
                have.append(_Stored(order_id=ids[row["number"]], created_at=row["created_at"]))
                stored = have[-1]
            _apply(stored, ship)
        rows += [vars(s) for s in have]
    journal.record_inserted(session, orders, sorted(ids.values()))
    if rows:
        added = session.execute(
            sa.insert(shipment_table).returning(shipment_table.c.id), rows
        ).scalars()
        journal.record_inserted(session, shipment_table, sorted(added))
    return len(rows)


@dataclass
class _Stored:
    """A shipment row about to be inserted (the matching rules need its fields)."""

    order_id: int
    created_at: object
    carrier: str | None = None
    tracking: str | None = None
    shipped_on: object = None
    expected_on: object = None
    delivered_on: object = None
    status: str | None = None


def _merge(records: Iterable[OrderRecord]) -> dict[str, list[OrderRecord]]:
    """Records by order number, in the order given (emails of one order, several files)."""
    merged: dict[str, list[OrderRecord]] = {}
    for record in records:
        merged.setdefault(record.number, []).append(record)
    return merged


def _clean(text: str) -> str:
    # text from a file: what no database can hold (NUL) is dropped, not refused
    return text.replace("\x00", "") if unstorable(text) else text


def _update_order(order: Order, record: OrderRecord) -> bool:
    """Apply what `record` says to `order`; whether anything changed."""
    changed = False
    if record.placed_on is not None and order.placed_on != record.placed_on:
        order.placed_on, changed = record.placed_on, True
    items = [_clean(i)[:1000] for i in record.items if i.strip()]
    if items and (record.items_complete or not order.items) and list(order.items or []) != items:
        order.items, changed = items, True
    if record.amount_minor is not None and (
        order.amount_minor != record.amount_minor or order.currency != record.currency
    ):
        order.amount_minor, changed = record.amount_minor, True
        if record.currency:
            order.currency = record.currency
    elif record.currency and order.amount_minor is None and order.currency != record.currency:
        order.currency, changed = record.currency, True
    return changed


class _ShipmentFields(Protocol):
    """What matching reads of a shipment, stored (Shipment) or about to be (_Stored)."""

    @property
    def tracking(self) -> str | None: ...

    @property
    def delivered_on(self) -> object: ...


_S = TypeVar("_S", bound=_ShipmentFields)


def _match(have: list[_S], ship: ShipmentRecord) -> _S | None:
    """The stored shipment `ship` is about: the same tracking number, else the order's
    shipment without a number; for `ship` without one, also the order's only shipment."""
    untracked = [s for s in have if not s.tracking]
    if ship.tracking:
        key = identifier_key(ship.tracking)  # however it was typed or mailed
        same = next((s for s in have if identifier_key(s.tracking or "") == key), None)
        # a shipment first known from a mail without its number gets the number
        return same or (untracked[-1] if untracked else None)
    untracked = [s for s in have if not s.tracking]
    if untracked:
        return untracked[-1]
    if len(have) == 1:
        return have[0]
    # a mail about "your package" of an order with several: the one still on its way
    open_ = [s for s in have if s.delivered_on is None]
    return open_[0] if len(open_) == 1 else None


def _upsert_shipment(
    session: Session, order: Order, have: list[Shipment], ship: ShipmentRecord
) -> str | None:
    """'added', 'updated' or None (nothing new)."""
    shipment = _match(have, ship)
    if shipment is None:
        assert order.id is not None  # a stored order
        shipment = Shipment(order_id=order.id, created_at=now())
        _apply(shipment, ship)
        session.add(shipment)
        have.append(shipment)
        return "added"
    if _apply(shipment, ship):
        session.add(shipment)
        return "updated"
    return None


def _apply(shipment, ship: ShipmentRecord) -> bool:
    """Apply what `ship` says to a shipment; whether anything changed."""
    changed = False
    for name in ("carrier", "tracking", "shipped_on", "expected_on", "delivered_on"):
        value = getattr(ship, name)
        if value is not None and getattr(shipment, name) != value:
            setattr(shipment, name, value)
            changed = True
    status = ship.status or (
        "delivered" if ship.delivered_on else "shipped" if ship.shipped_on else "pending"
    )
    if shipment.status is None:
        shipment.status, changed = status, True
    elif ship.status and ship.status != shipment.status:
        if _STAGE.get(ship.status, 1) >= _STAGE.get(shipment.status, 1):
            shipment.status, changed = ship.status, True
    return changed


# ------------------------------------------------------------------ transcripts


@dataclass
class TranscriptLog:
    """What logging a transcript wrote."""

    case: Case
    # log_contact's rows (Core), then the extra promises and references (models)
    contacts: list[sa.Row] = field(default_factory=list)
    promises: list[sa.Row | Promise] = field(default_factory=list)
    references: list[sa.Row | Reference] = field(default_factory=list)
    evidence: Evidence | None = None
    status_change: str | None = None


def transcript_case(*, session: Session, case: str) -> Case:
    """The case a transcript is for (checked before anything is shown or asked)."""
    return find_case(session, case)


def log_transcript(
    *,
    session: Session,
    case: str,
    transcript: Transcript,
    file: Path,
    note: str | None = None,
) -> TranscriptLog:
    """Log one contact per agent of `transcript` and keep `file` (the transcript) as
    evidence, all in the caller's transaction."""
    target = find_case(session, case)
    assert target.id is not None  # a stored case
    sha = _sha256(file)
    kept = session.exec(
        select(Evidence).where(Evidence.case_id == target.id, Evidence.sha256 == sha)
    ).first()
    if kept is not None:
        raise TrackerError(
            _(
                "case #{id} already keeps this transcript (evidence {kept}, {name}); nothing was logged"
            ).format(id=target.id, kept=kept.id, name=kept.original_name)
        )
    done = TranscriptLog(case=target)
    for i, agent in enumerate(transcript.contacts):
        # the contact's reference is a case or ticket number, not a tracking number
        numbered = [r for r in agent.references if r.kind != "other"]
        first_ref = numbered[0] if numbered else None
        extra_refs = [r for r in agent.references if r is not first_ref]
        first_promise = agent.promises[0] if agent.promises else None
        logged = log_contact(
            session=session,
            case=str(target.id),
            given=ContactInput(
                channel="chat",
                with_=agent.who,
                rep_name=agent.name,
                reference=first_ref.value if first_ref else None,
                reference_kind=first_ref.kind if first_ref else None,
                at=agent.started.astimezone(UTC) if agent.started else None,
                minutes=agent.minutes,
                asked=transcript.asked if i == 0 else None,
                answer=agent.last_said,
                result=agent.result,
                promise=first_promise.what if first_promise else None,
                due=first_promise.due_on if first_promise else None,
            ),
        )
        session.expire(target)  # log_contact updated the case's row with Core
        contact = logged.contact
        done.contacts.append(contact)
        done.status_change = logged.status_change or done.status_change
        if logged.promise is not None:
            done.promises.append(logged.promise)
        if logged.reference is not None:
            done.references.append(logged.reference)
        for ref in extra_refs:
            if session.exec(
                select(Reference).where(
                    Reference.case_id == target.id, Reference.value == ref.value
                )
            ).first():
                continue
            reference = Reference(
                case_id=target.id,
                contact_id=contact.id,
                kind=ref.kind,
                value=ref.value,
                created_at=now(),
            )
            session.add(reference)
            session.flush()
            done.references.append(reference)
        for extra in agent.promises[1:]:
            promise = Promise(
                case_id=target.id,
                contact_id=contact.id,
                what=extra.what,
                due_on=extra.due_on,
                state=PromiseState.pending.value,
                created_at=now(),
            )
            session.add(promise)
            session.flush()
            done.promises.append(promise)
    done.evidence = add_evidence(
        session=session, case=str(target.id), file=file, note=note or "chat transcript"
    )
    return done


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
