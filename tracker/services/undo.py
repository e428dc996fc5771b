"""`tracker undo`: put back the most recent change not yet undone, whole or not at all."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col

from tracker import casefile as cf
from tracker import journal, tables
from tracker.errors import TrackerError
from tracker.i18n import _
from tracker.models import Change, ChangeRow
from tracker.parse import now
from tracker.services.evidence import evidence_folder

_NAMES = {
    "cases": ("case", "cases"),
    "company": ("company", "companies"),
    "orders": ("order", "orders"),
    "shipment": ("shipment", "shipments"),
    "contact": ("contact", "contacts"),
    "promise": ("promise", "promises"),
    "reference": ("reference", "references"),
    "evidence": ("evidence file", "evidence files"),
    "history": ("history entry", "history entries"),
}


def _summary(counts: Counter) -> str:
    """What a change touched, in English words for `undo --list --json`: "added 1
    contact, 1 history entry; edited 1 case" (people read it in their language from
    `touched`, through tracker.prose.words.changed_rows).

    `counts`: (verb, table) -> rows, verb one of added, edited, deleted."""
    parts = []
    for verb in ("added", "edited", "deleted"):
        tables = sorted((t, n) for (v, t), n in counts.items() if v == verb)
        if tables:
            words = ", ".join(f"{n} {_NAMES.get(t, (t, t))[n != 1]}" for t, n in tables)
            parts.append(f"{verb} {words}")
    return "; ".join(parts) or "nothing"


def _verb(before_is_null: bool, after_is_null: bool) -> str:
    return "added" if before_is_null else "deleted" if after_is_null else "edited"


def _item(change: Change, counts: Counter) -> cf.ChangeItem:
    assert change.id is not None  # a change read back from the journal
    return cf.ChangeItem(
        id=change.id,
        at=change.at,
        actor=change.actor,
        command=change.command,
        rows=sum(counts.values()),
        undone_at=change.undone_at,
        summary=_summary(counts),
        touched=sorted((verb, table, n) for (verb, table), n in counts.items()),
    )


def _rows(session: Session, change_id: int) -> list[ChangeRow]:
    return list(
        session.execute(
            sa.select(ChangeRow)
            .where(col(ChangeRow.change_id) == change_id)
            .order_by(col(ChangeRow.seq))
        ).scalars()
    )


def list_changes(*, session: Session, limit: int = 20) -> list[cf.ChangeItem]:
    """The most recent changes, newest first (undone ones say when); what each
    touched is counted in SQL, never by loading its rows."""
    if limit < 0:
        raise TrackerError(_("--limit must be 0 (all) or more"))
    query = sa.select(Change).order_by(col(Change.id).desc())
    if limit:
        query = query.limit(limit)
    changes = list(session.execute(query).scalars())
    counts: dict[int, Counter] = {change.id: Counter() for change in changes}
    row = SQLModel.metadata.tables["change_row"].c  # sqlmodel does not type __table__
    tallies = session.execute(
        sa.select(
            row.change_id,
            row.table_name,
            row.before_row.is_(None),
            row.after_row.is_(None),
            sa.func.count(),
        )
        .where(row.change_id.in_(list(counts)), row.row_id != journal.BULK)
        .group_by(row.change_id, row.table_name, row.before_row.is_(None), row.after_row.is_(None))
    )
    for change_id, table, no_before, no_after, n in tallies:
        counts[change_id][(_verb(no_before, no_after), table)] += n
    # an import's rows: one change_row per table that says how many
    bulk = session.execute(
        sa.select(row.change_id, row.table_name, row.after_row).where(
            row.change_id.in_(list(counts)), row.row_id == journal.BULK
        )
    )
    for change_id, table, after in bulk:
        counts[change_id][("added", table)] += journal.bulk_rows(journal.BULK, after) or 0
    return [_item(change, counts[change.id]) for change in changes]


def _tally(rows: list[ChangeRow]) -> Counter:
    """(verb, table) -> rows, of a change's journal rows (an import's counted whole)."""
    counts: Counter = Counter()
    for r in rows:
        many = journal.bulk_rows(r.row_id, r.after_row)
        verb = _verb(r.before_row is None, r.after_row is None)
        counts[(verb, r.table_name)] += 1 if many is None else many
    return counts


def undo(*, session: Session) -> cf.Undone:
    """Revert the newest change not yet undone: every row back as it was, in one
    transaction; refused (nothing written) when a row changed since."""
    journal.stop(session)  # undoing is not itself a change to undo
    change = session.execute(
        sa.select(Change)
        .where(col(Change.undone_at).is_(None))
        .order_by(col(Change.id).desc())
        .limit(1)
        .with_for_update()
    ).scalar_one_or_none()
    if change is None:
        raise TrackerError(_("nothing to undo (see: tracker undo --list)"))
    rows = _rows(session, change.id)
    connection = session.connection()
    counts: Counter[str] = Counter()
    folder = evidence_folder()
    missing: list[str] = []
    copies: list[tuple[str, str]] = []  # (file, sha256) of the evidence rows it removes
    for row in reversed(rows):
        table = SQLModel.metadata.tables[row.table_name]
        many = journal.bulk_rows(row.row_id, row.after_row)
        if many is not None:  # rows an import added: their ids, in runs
            assert row.after_row is not None
            gone = 0
            for first, last in row.after_row["ids"]:
                gone += connection.execute(
                    sa.delete(table).where(table.c.id.between(first, last))
                ).rowcount
            if gone != many:  # some were deleted since, outside tracker
                raise TrackerError(
                    _(
                        "cannot undo change {change} ({command}): {missing} of the {rows} "
                        "{table} rows it added are gone, deleted outside tracker; "
                        "nothing was undone"
                    ).format(
                        change=change.id,
                        command=change.command or _("a change"),
                        missing=many - gone,
                        rows=many,
                        table=row.table_name,
                    )
                )
            counts["removed"] += gone
            continue
        now_there = journal.current(connection, row.table_name, row.row_id)
        if row.after_row is None:
            if now_there is not None:
                raise _changed_since(change, row)
            before = row.before_row
            assert before is not None  # the journal keeps what a deleted row held
            connection.execute(sa.insert(table).values(**journal.revive(table.name, before)))
            counts["restored"] += 1
            if row.table_name == "evidence" and not (folder / before["file"]).exists():
                missing.append(before["original_name"])
            continue
        if not journal.same(now_there, row.after_row):
            raise _changed_since(change, row)
        if row.before_row is None:
            connection.execute(sa.delete(table).where(table.c.id == row.row_id))
            counts["removed"] += 1
            if row.table_name == "evidence":
                copies.append((row.after_row["file"], row.after_row["sha256"]))
        else:
            values = journal.revive(table.name, row.before_row)
            values.pop("id", None)
            connection.execute(sa.update(table).where(table.c.id == row.row_id).values(**values))
            counts["reverted"] += 1
    _forget_copies(session, folder, copies)
    # ids put back were handed out by the sequence before: PostgreSQL needs no reset
    change.undone_at = now()
    session.add(change)
    session.flush()
    item = _item(change, _tally(rows))
    return cf.Undone(
        change=item,
        restored=counts["restored"],
        removed=counts["removed"],
        reverted=counts["reverted"],
        missing_files=missing,
    )


def _forget_copies(session: Session, folder: Path, copies: list[tuple[str, str]]) -> None:
    """The copies tracker kept for evidence rows an undo removed (`evidence add`, a
    transcript) go too, once the undo has committed: a customer's document is not
    left behind in the data folder. A file another evidence row still names stays,
    and so does anything outside the evidence folder. Rows an import added are
    not among them: their files were copied in by the user."""
    if not copies:
        return
    files = {file for file, _sha in copies}
    evidence = tables.evidence.c
    named = set(  # through the index on sha256: a file's name begins with its hash
        session.connection()
        .execute(
            sa.select(evidence.file).where(
                evidence.sha256.in_({sha for _file, sha in copies}), evidence.file.in_(files)
            )
        )
        .scalars()
    )
    inside = folder.resolve()
    doomed = [
        path
        for path in ((folder / name).resolve() for name in files - named)
        if path.is_relative_to(inside)
    ]

    def remove() -> None:
        for path in doomed:
            path.unlink(missing_ok=True)

    session.info.setdefault("committed", []).append(remove)


def _changed_since(change: Change, row: ChangeRow) -> TrackerError:
    from tracker.prose.words import row_name

    name = row_name(row.table_name)
    return TrackerError(
        _(
            "cannot undo change {change} ({command}): {name} {id}"
            " was changed since by a later change that is no longer in the journal or was"
            " made outside tracker; nothing was undone"
        ).format(
            change=change.id, command=change.command or _("a change"), name=name, id=row.row_id
        )
    )
