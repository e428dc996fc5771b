"""Correcting the record: edit, delete or move a contact, references and promises
with no contact behind them, a company's details, evidence and whole cases.

Every function here writes through the ORM, so the change journal (tracker.journal)
sees each row and `tracker undo` can put it back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session, col, select

from tracker import casefile as cf
from tracker import config
from tracker.errors import NotFound, TrackerError
from tracker.i18n import _
from tracker.models import Case, Company, Contact, Evidence, History, Promise, Reference
from tracker.parse import now, parse_date, text_limit, to_local, user_text
from tracker.services.common import find_case, record
from tracker.services.contacts import ContactInput, check_contact
from tracker.services.evidence import evidence_folder
from tracker.vocab import HistoryEvent, PromiseState, ReferenceKind, coerce


def _by_id(session: Session, model, row_id: int, name: str, hint: str):
    # ids are 32-bit integers (PostgreSQL's INTEGER): a larger one names nothing
    row = session.get(model, row_id) if 0 < row_id < 2**31 else None
    if row is None:
        raise NotFound(_("no {name} {id} ({hint})").format(name=name, id=row_id, hint=hint))
    return row


def find_contact(session: Session, contact_id: int) -> Contact:
    return _by_id(
        session, Contact, contact_id, _("contact"), _("contact ids are in: tracker case show")
    )


# ------------------------------------------------------------------ contacts


@dataclass
class ContactChange:
    contact: Contact
    case: Case
    changed: list[str] = field(default_factory=list)
    promises: int = 0
    references: int = 0


_FIELDS = {
    "at": "at",
    "channel": "channel",
    "answered_by": "with",
    "rep_name": "rep",
    "rep_id": "rep-id",
    "reference": "ref",
    "minutes": "minutes",
    "asked": "asked",
    "answer": "answer",
    "result": "result",
    "rating": "rating",
    "note": "note",
}


def edit_contact(*, session: Session, contact_id: int, given: ContactInput) -> ContactChange:
    """Change a logged contact: the options given replace its fields, and the whole
    contact is checked again exactly as `log` checks it. '' clears a text field."""
    contact = find_contact(session, contact_id)
    case = session.get_one(Case, contact.case_id)

    def keep(new, old):
        return old if new is None else (None if new == "" else new)

    merged = ContactInput(
        channel=given.channel or contact.channel,
        with_=keep(given.with_, contact.answered_by),
        rep_name=keep(given.rep_name, contact.rep_name),
        rep_id=keep(given.rep_id, contact.rep_id),
        reference=keep(given.reference, contact.reference),
        reference_kind=given.reference_kind,
        at=given.at,
        minutes=given.minutes if given.minutes is not None else contact.minutes,
        asked=keep(given.asked, contact.asked),
        answer=keep(given.answer, contact.answer),
        result=keep(given.result, contact.result),
        promise=given.promise,
        due=given.due,
        rating=given.rating if given.rating is not None else contact.rating,
        note=keep(given.note, contact.note),
    )
    kept = frozenset(
        name for name in ("rep_name", "rep_id", "reference") if getattr(given, name) is None
    )
    checked = check_contact(merged, at=contact.at, kept=kept)
    if given.promise is None and given.result is None and contact.result is None:
        checked.result = None  # a result is only inferred from a promise being added
    new = {
        "at": checked.at,
        "channel": checked.channel.value,
        "answered_by": checked.who.value if checked.who else None,
        "rep_name": checked.rep_name,
        "rep_id": checked.rep_id,
        "reference": checked.reference,
        "minutes": checked.minutes,
        "asked": checked.asked,
        "answer": checked.answer,
        "result": checked.result.value if checked.result else None,
        "rating": checked.rating,
        "note": checked.note,
    }
    changed = [key for key, value in new.items() if getattr(contact, key) != value]
    if not changed and not checked.promise:
        raise TrackerError(_("nothing to change: give at least one of log's options (see --help)"))
    old_reference = contact.reference
    for key in changed:
        setattr(contact, key, new[key])
    session.add(contact)
    result = ContactChange(contact=contact, case=case, changed=[_FIELDS[k] for k in changed])
    if "reference" in changed:
        _move_reference(session, contact, old_reference, checked.kind.value)
    if checked.promise:
        session.add(
            Promise(
                case_id=contact.case_id,  # the case's id: `case` was read by it
                contact_id=contact.id,
                what=checked.promise,
                due_on=checked.due,
                state=PromiseState.pending.value,
                created_at=now(),
            )
        )
        result.changed.append("promise")
    record(
        session,
        case,
        HistoryEvent.contact,
        f"contact {contact.id} edited: {', '.join(result.changed)}",
    )
    session.flush()
    return result


def _move_reference(session: Session, contact: Contact, old: str | None, kind: str) -> None:
    """The case's reference follows the contact's new number."""
    mine = session.exec(
        select(Reference).where(
            Reference.case_id == contact.case_id, Reference.contact_id == contact.id
        )
    ).all()
    kept = next((r for r in mine if r.value == old), None)
    if contact.reference is None:
        if kept is not None:
            session.delete(kept)
        return
    taken = session.exec(
        select(Reference).where(
            Reference.case_id == contact.case_id, Reference.value == contact.reference
        )
    ).first()
    if taken is not None:
        if kept is not None:
            session.delete(kept)
        return
    if kept is not None:
        kept.value = contact.reference
        session.add(kept)
    else:
        session.add(
            Reference(
                case_id=contact.case_id,
                contact_id=contact.id,
                kind=kind,
                value=contact.reference,
                created_at=now(),
            )
        )


def delete_contact(*, session: Session, contact_id: int) -> ContactChange:
    """Delete a contact logged by mistake, with the promises and references made in it."""
    contact = find_contact(session, contact_id)
    case = session.get_one(Case, contact.case_id)
    promises = session.exec(select(Promise).where(Promise.contact_id == contact.id)).all()
    references = session.exec(select(Reference).where(Reference.contact_id == contact.id)).all()
    for row in [*promises, *references]:
        session.delete(row)
    session.flush()
    session.delete(contact)
    record(session, case, HistoryEvent.contact, f"contact {contact.id} deleted")
    session.flush()
    return ContactChange(
        contact=contact, case=case, promises=len(promises), references=len(references)
    )


def move_contact(*, session: Session, contact_id: int, case: str) -> ContactChange:
    """Move a contact logged on the wrong case, with its promises and references."""
    contact = find_contact(session, contact_id)
    source = session.get_one(Case, contact.case_id)
    target = find_case(session, case)
    if target.id == source.id:
        raise TrackerError(
            _("contact {contact} is already on case #{case}").format(
                contact=contact.id, case=target.id
            )
        )
    promises = session.exec(select(Promise).where(Promise.contact_id == contact.id)).all()
    references = session.exec(select(Reference).where(Reference.contact_id == contact.id)).all()
    for ref in references:
        clash = session.exec(
            select(Reference).where(Reference.case_id == target.id, Reference.value == ref.value)
        ).first()
        if clash is not None:
            raise TrackerError(
                _(
                    "case #{case} already has reference {value}; remove one first"
                    " (tracker ref remove {case} {value})"
                ).format(case=target.id, value=ref.value)
            )
    for row in [contact, *promises, *references]:
        row.case_id = target.id
        session.add(row)
    record(
        session, source, HistoryEvent.contact, f"contact {contact.id} moved to case #{target.id}"
    )
    record(
        session, target, HistoryEvent.contact, f"contact {contact.id} moved from case #{source.id}"
    )
    session.flush()
    return ContactChange(
        contact=contact, case=target, promises=len(promises), references=len(references)
    )


# ------------------------------------------------------------------ references


def add_reference(
    *, session: Session, case: str, value: str, kind: str | None = None, note: str | None = None
) -> Reference:
    """Keep a reference number that came with no contact (an email, a letter)."""
    target = find_case(session, case)
    checked = user_text(
        value,
        "reference",
        required=True,
        max_chars=text_limit("reference", "value"),
        one_line=True,
    )
    assert checked is not None  # required=True refuses missing text
    value = checked
    kind = coerce(ReferenceKind, kind, "--kind") or ReferenceKind.other
    exists = session.exec(
        select(Reference).where(Reference.case_id == target.id, Reference.value == value)
    ).first()
    if exists is not None:
        raise TrackerError(
            _("case #{case} already has reference {value}").format(case=target.id, value=value)
        )
    assert target.id is not None  # a stored case
    reference = Reference(
        case_id=target.id,
        contact_id=None,
        kind=kind.value,
        value=value,
        created_at=now(),
        note=user_text(note, "--note"),
        added_by=config.user(),
    )
    session.add(reference)
    record(session, target, HistoryEvent.edited, f"reference {value} added ({kind.value})")
    session.flush()
    return reference


def remove_reference(*, session: Session, case: str, value: str) -> Reference:
    target = find_case(session, case)
    reference = session.exec(
        select(Reference).where(Reference.case_id == target.id, Reference.value == value.strip())
    ).first()
    if reference is None:
        raise NotFound(
            _("case #{case} has no reference {value!r}").format(case=target.id, value=value.strip())
        )
    session.delete(reference)
    record(session, target, HistoryEvent.edited, f"reference {reference.value} removed")
    session.flush()
    return reference


# ------------------------------------------------------------------ promises


def add_promise(
    *, session: Session, case: str, what: str, due: str | None, by: str | None = None
) -> Promise:
    """A promise with no logged contact behind it (a letter, an email)."""
    target = find_case(session, case)
    checked = user_text(what, "promise", required=True, max_chars=text_limit("promise", "what"))
    assert checked is not None  # required=True refuses missing text
    what = checked
    due_on = parse_date(due, "--due date")
    if due_on is None:
        raise TrackerError(_("--due is required: by when was it promised?"))
    assert target.id is not None  # a stored case
    promise = Promise(
        case_id=target.id,
        contact_id=None,
        what=what,
        due_on=due_on,
        state=PromiseState.pending.value,
        created_at=now(),
        made_by=user_text(by, "--by", max_chars=text_limit("promise", "made_by"), one_line=True),
    )
    session.add(promise)
    session.flush()
    record(session, target, HistoryEvent.promise, f"promise {promise.id} added: {what}")
    session.flush()
    return promise


def edit_promise(
    *, session: Session, promise_id: int, what: str | None = None, due: str | None = None
) -> tuple[Promise, list[str]]:
    promise = _by_id(session, Promise, promise_id, _("promise"), _("see: tracker promise list"))
    changes: dict[str, object] = {}
    if what is not None:
        changes["what"] = user_text(
            what, "--what", required=True, max_chars=text_limit("promise", "what")
        )
    if due is not None:
        due_on = parse_date(due, "--due date") if due != "" else None
        made = promise.created_at
        if promise.contact_id is not None:
            made = session.get_one(Contact, promise.contact_id).at
        if due_on is not None and due_on < to_local(made).date():
            raise TrackerError(
                _("--due {due} is before the promise was made ({made})").format(
                    due=due_on.isoformat(), made=to_local(made).date().isoformat()
                )
            )
        changes["due_on"] = due_on
    changed = [k for k, v in changes.items() if getattr(promise, k) != v]
    if not changed:
        raise TrackerError(_("nothing to change: give --what or --due"))
    for key in changed:
        setattr(promise, key, changes[key])
    session.add(promise)
    case = session.get_one(Case, promise.case_id)
    record(
        session, case, HistoryEvent.promise, f"promise {promise.id} edited: {', '.join(changed)}"
    )
    session.flush()
    return promise, ["what" if k == "what" else "due" for k in changed]


# ------------------------------------------------------------------ companies


def edit_company(
    *,
    session: Session,
    name: str,
    new_name: str | None = None,
    phone: str | None = None,
    url: str | None = None,
    email: str | None = None,
    note: str | None = None,
) -> tuple[Company, list[str]]:
    """Change a company's details; '' clears one."""
    from tracker.services.common import find_company

    company = find_company(session, name)
    changes: dict[str, object] = {}
    if new_name is not None:
        renamed = user_text(
            new_name,
            "--name",
            required=True,
            max_chars=text_limit("company", "name"),
            one_line=True,
        )
        assert renamed is not None  # required=True refuses missing text
        other = session.exec(select(Company).where(Company.key == renamed.casefold())).first()
        if other is not None and other.id != company.id:
            raise TrackerError(_("company {name!r} already exists").format(name=other.name))
        changes["name"] = renamed
        changes["key"] = renamed.casefold()
    for key, value, label in (
        ("phone", phone, "--phone"),
        ("url", url, "--url"),
        ("email", email, "--email"),
    ):
        if value is not None:
            changes[key] = user_text(
                value, label, max_chars=text_limit("company", key), one_line=True
            )
    if note is not None:
        changes["notes"] = user_text(note, "--note")
    changed = [k for k, v in changes.items() if getattr(company, k) != v and k != "key"]
    if not changed:
        raise TrackerError(_("nothing to change: give at least one option (see --help)"))
    for key, new in changes.items():
        setattr(company, key, new)
    session.add(company)
    session.flush()
    return company, changed


# ------------------------------------------------------------------ evidence


def list_evidence(*, session: Session, case: str | None = None) -> list[cf.EvidenceItem]:
    """Kept files, with where each one is (at most 1,000, by case)."""
    from tracker.services.cases import aware

    query = select(Evidence)
    if case is not None:
        query = query.where(Evidence.case_id == find_case(session, case).id)
    rows = session.exec(query.order_by(col(Evidence.case_id), col(Evidence.id)).limit(1000)).all()
    folder = evidence_folder()
    items = []
    for row in rows:
        assert row.id is not None  # a stored row
        items.append(
            cf.EvidenceItem(
                id=row.id,
                case_id=row.case_id,
                original_name=row.original_name,
                path=str(folder / row.file),
                sha256=row.sha256,
                size=row.size,
                note=row.note,
                added_at=aware(row.added_at),
            )
        )
    return items


def remove_evidence(*, session: Session, evidence_id: int) -> tuple[Evidence, Path]:
    """Forget a kept file: the row goes now, the file once the transaction has
    committed (if the commit fails the file stays)."""
    item = _by_id(session, Evidence, evidence_id, _("evidence"), _("see: tracker evidence list"))
    folder = evidence_folder().resolve()
    path = (evidence_folder() / item.file).resolve()
    case = session.get_one(Case, item.case_id)
    session.delete(item)
    record(session, case, HistoryEvent.evidence, f"removed {item.original_name}")
    session.flush()
    if path.is_relative_to(folder):  # never a file outside the evidence folder

        def remove() -> None:
            path.unlink(missing_ok=True)

        session.info.setdefault("committed", []).append(remove)
    return item, path


# ------------------------------------------------------------------ cases


@dataclass
class Deleted:
    case: Case
    rows: dict[str, int]  # table -> rows deleted with the case


def delete_case(*, session: Session, case: str) -> Deleted:
    """Delete a case and everything recorded on it (its order and company stay)."""
    target = find_case(session, case)
    session.refresh(target, with_for_update=True)
    counts: dict[str, int] = {}
    # children first, each through the ORM, so undo can put every row back
    for model, name in (
        (History, "history"),
        (Evidence, "evidence"),
        (Reference, "reference"),
        (Promise, "promise"),
        (Contact, "contact"),
    ):
        rows = session.exec(select(model).where(model.case_id == target.id)).all()
        for row in rows:
            session.delete(row)
        counts[name] = len(rows)
        session.flush()
    session.delete(target)
    session.flush()
    return Deleted(case=target, rows=counts)
