"""Everything out and back in: a lossless JSON export, CSV for spreadsheets, and import.

The JSON export holds every column of every table, keyed by table name, rows
ordered by id, with a format version. Money stays in integer minor units
(`amount_minor`, exact), times are ISO 8601 in UTC with their offset, dates
`YYYY-MM-DD`. Import reads that file back in one transaction with Core bulk
inserts, keeping every id, so case #12 is still #12.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from tracker import journal
from tracker.errors import TrackerError
from tracker.files import new_private_file, private_folder, target_file, write_private
from tracker.i18n import _
from tracker.models import (
    Case,
    Company,
    Contact,
    Evidence,
    History,
    Order,
    Promise,
    Reference,
    Shipment,
)
from tracker.parse import (
    MAX_ID,
    MAX_MINOR,
    YEARS_HELP,
    in_range,
    is_currency,
    now,
    text_limit,
    unstorable,
)
from tracker.vocab import (
    MAX_MINUTES,
    RATINGS,
    Category,
    Channel,
    PaidWith,
    PromiseState,
    ReferenceKind,
    Resolution,
    Result,
    Status,
    Who,
    choices,
)

FORMAT = "tracker-export"
VERSION = 1

# Parents before children: the order rows are inserted in.
MODELS = (Company, Order, Shipment, Case, Contact, Promise, Reference, Evidence, History)
# sqlmodel does not type __table__: the metadata holds the same Table objects
TABLES: dict[str, sa.Table] = {
    m.__tablename__: SQLModel.metadata.tables[m.__tablename__] for m in MODELS
}

_C1 = re.compile(r"[\x7f-\x9f\u2028\u2029]")


# ------------------------------------------------------------------ export


def _row_maker(keys, table: sa.Table):
    """A function turning one result row into a JSON-ready dictionary: dates and
    times become ISO 8601 text (the columns to convert are decided once, from the
    table's column types, not value by value)."""
    keys = tuple(keys)
    timed = [
        i
        for i, key in enumerate(keys)
        if _is_type(table.c[key], sa.DateTime) or _is_type(table.c[key], sa.Date)
    ]
    if not timed:
        return lambda row: dict(zip(keys, row, strict=True))

    def make(row) -> dict:
        values = list(row)
        for i in timed:
            value = values[i]
            if value is not None:
                values[i] = value.isoformat()
        return dict(zip(keys, values, strict=True))

    return make


def export_data(*, session: Session) -> dict:
    """Every row of every table, as JSON-ready dictionaries."""
    from tracker.db import HEAD

    options = {}
    if session.get_bind().dialect.name == "postgresql":
        # one snapshot for all the tables, whatever others write meanwhile
        options = {"isolation_level": "REPEATABLE READ"}
    connection = session.connection(execution_options=options)
    tables = {}
    for name, table in TABLES.items():
        result = connection.execute(sa.select(table).order_by(table.c.id))
        make = _row_maker(result.keys(), table)
        tables[name] = [make(row) for row in result]
    return {
        "format": FORMAT,
        "version": VERSION,
        "schema": HEAD,
        "exported_at": now().isoformat(),
        "tables": tables,
    }


def export_rows(*, session: Session, batch: int = 2000):
    """The export's header and, lazily, every table's rows as JSON-ready
    dictionaries: `(header, [(table name, row count, rows iterator), ...])`.

    Rows are read `batch` at a time (a server-side cursor on PostgreSQL, the
    SQLite cursor's own stepping), so memory stays flat whatever the size."""
    from tracker.db import HEAD

    options = {}
    if session.get_bind().dialect.name == "postgresql":
        # one snapshot for all the tables, whatever others write meanwhile
        options = {"isolation_level": "REPEATABLE READ"}
    connection = session.connection(execution_options=options)
    header = {
        "format": FORMAT,
        "version": VERSION,
        "schema": HEAD,
        "exported_at": now().isoformat(),
    }

    def rows(table: sa.Table):
        result = connection.execution_options(yield_per=batch).execute(
            sa.select(table).order_by(table.c.id)
        )
        make = _row_maker(result.keys(), table)
        for row in result:
            yield make(row)

    counts = {
        name: connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
        for name, table in TABLES.items()
    }
    return header, [(name, counts[name], rows(table)) for name, table in TABLES.items()]


def document_chunks(header: dict, tables, progress=None):
    """The export as JSON text, piece by piece, exactly as `dumps` writes it:
    `tables` is [(name, count, rows)]; `progress(n)` is called as rows go out."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    yield "{\n"
    for key, value in header.items():
        yield f" {encode(key)}: {_escape_c1(encode(value))},\n"
    yield f" {encode('tables')}: {{\n"
    last = len(tables) - 1
    for n, (name, _count, rows) in enumerate(tables):
        sep = "," if n < last else ""
        opened = False
        pending: list[str] = []
        for row in rows:
            pending.append(_escape_c1(encode(row)))
            if len(pending) == 1000:
                yield (",\n   " if opened else f"  {encode(name)}: [\n   ") + ",\n   ".join(pending)
                opened = True
                if progress:
                    progress(len(pending))
                pending = []
        if pending:
            yield (",\n   " if opened else f"  {encode(name)}: [\n   ") + ",\n   ".join(pending)
            opened = True
            if progress:
                progress(len(pending))
        yield f"\n  ]{sep}\n" if opened else f"  {encode(name)}: []{sep}\n"
    yield " }\n"
    yield "}\n"


def write_json_stream(chunks, path: Path, *, force: bool = False) -> Path:
    """Write the export's pieces as a private file, created only when complete."""
    with new_private_file(path, force=force, hint=HINT_JSON) as tmp:
        try:
            with open(tmp, "w", encoding="utf-8", newline="") as handle:
                for chunk in chunks:
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            raise TrackerError(
                _("cannot write {path}: {reason}").format(path=path, reason=exc.strerror)
            ) from None
    return Path(path).expanduser()


def _escape_c1(text: str) -> str:
    # str.isascii() is O(1) on CPython: most rows skip the regular expression
    if text.isascii() or not _C1.search(text):
        return text
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def dumps(data: dict) -> str:
    """The export as JSON text, one row per line: unicode kept readable, C1
    controls escaped (they are terminal commands on some terminals); still lossless.

    Written by hand around one json.dumps per value, without indent, so that
    Python's C encoder does the work (indent= turns it off)."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    parts = ["{\n"]
    last = len(data) - 1
    for at, (key, value) in enumerate(data.items()):
        comma = "," if at < last else ""
        if key == "tables" and isinstance(value, dict):
            parts.append(f" {encode(key)}: {{\n")
            names = list(value)
            for n, name in enumerate(names):
                rows = value[name]
                sep = "," if n < len(names) - 1 else ""
                if not rows:
                    parts.append(f"  {encode(name)}: []{sep}\n")
                    continue
                parts.append(f"  {encode(name)}: [\n   ")
                parts.append(",\n   ".join([_escape_c1(encode(row)) for row in rows]))
                parts.append(f"\n  ]{sep}\n")
            parts.append(f" }}{comma}\n")
        else:
            parts.append(f" {encode(key)}: {_escape_c1(encode(value))}{comma}\n")
    parts.append("}\n")
    return "".join(parts)


HINT_JSON = "a file name such as tracker-export.json"


def write_json(data: dict, path: Path, *, force: bool = False) -> Path:
    return write_private(path, dumps(data), force=force, hint=HINT_JSON)


# A cell starting with one of these is a formula to a spreadsheet: pasted chat text
# such as "=HYPERLINK(...)" would run when the CSV is opened.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value) -> str:
    """One CSV cell; text that a spreadsheet would take as a formula gets a leading
    `'` (OWASP's advice for CSV injection), which spreadsheets show as plain text."""
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return str(value)


def write_csv(data: dict, folder: Path, *, force: bool = False) -> list[Path]:
    """One CSV file per table (`cases.csv`, `contact.csv`...) in a folder made 0700.

    The header is the table's columns; empty cells are NULL; `items` is a JSON list.
    """
    folder = Path(folder).expanduser()
    if folder.exists() and not folder.is_dir():
        raise TrackerError(
            _("{folder} is a file; --format csv writes a folder of CSV files").format(folder=folder)
        )
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise TrackerError(
            _("folder {folder} is not empty; choose a new folder (or --force)").format(
                folder=folder
            )
        )
    if not folder.parent.is_dir():
        raise TrackerError(_("folder {folder} does not exist").format(folder=folder.parent))
    private_folder(folder)  # 0700 if tracker makes it; an existing folder is left as it is
    paths = {name: folder / f"{name}.csv" for name in TABLES}
    for path in paths.values():  # refuse a FIFO or device before writing any file
        target_file(path, force=force)
    written = []
    for name, table in TABLES.items():
        columns = [c.name for c in table.columns]
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(columns)
        for row in data["tables"][name]:
            writer.writerow([_csv_cell(row[c]) for c in columns])
        written.append(write_private(paths[name], buffer.getvalue(), force=force))
    return written


# ------------------------------------------------------------------ import


@dataclass
class Imported:
    counts: dict[str, int]
    merged_companies: list[str] = field(default_factory=list)
    missing_files: int = 0


def _read_file(path: Path) -> str:
    """The text of a regular file. Opened without blocking and checked before
    reading, so a FIFO does not wait for a writer and /dev/zero is not read forever."""
    import stat

    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as handle:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError
        if not stat.S_ISREG(mode):
            raise TrackerError(
                _("{path} is not a regular file; import reads a JSON export file").format(path=path)
            )
        return handle.read().decode("utf-8")


def read_export(path: Path | str) -> dict:
    """Read and parse an export file ('-' reads stdin); TrackerError when it is not one."""
    import sys

    try:
        if str(path) == "-":
            text = sys.stdin.read()
        else:
            text = _read_file(Path(path).expanduser())
    except FileNotFoundError:
        raise TrackerError(_("no such file: {path}").format(path=path)) from None
    except IsADirectoryError:
        raise TrackerError(
            _("{path} is a folder; import reads a JSON export file").format(path=path)
        ) from None
    except UnicodeDecodeError:
        raise TrackerError(_("{path} is not a UTF-8 text file").format(path=path)) from None
    except MemoryError:
        raise TrackerError(_("{path} is too large to import").format(path=path)) from None
    except OSError as exc:
        raise TrackerError(
            _("cannot read {path}: {reason}").format(path=path, reason=exc.strerror)
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise TrackerError(
            _("{path} is not valid JSON (line {line}, column {column}: {problem})").format(
                path=path, line=exc.lineno, column=exc.colno, problem=exc.msg
            )
        ) from None
    except RecursionError:
        raise TrackerError(
            _("{path} is not a tracker export (nested too deep)").format(path=path)
        ) from None
    except ValueError as exc:  # an integer of thousands of digits
        raise TrackerError(
            _("{path} is not a tracker export ({problem})").format(path=path, problem=exc)
        ) from None
    except MemoryError:
        raise TrackerError(_("{path} is too large to import").format(path=path)) from None


def _is_type(column: sa.Column, kind: type) -> bool:
    type_ = column.type
    if isinstance(type_, sa.TypeDecorator):
        type_ = type_.impl_instance
    return isinstance(type_, kind)


def _decode(table: str, column: sa.Column, value, where: str):
    """Turn one exported value back into what the column holds, or explain why not."""
    if value is None:
        if not column.nullable:
            raise TrackerError(
                _("{where}: {column} is missing (null)").format(where=where, column=column.name)
            )
        return None
    kind = column.type
    bad = _("{where}: bad {column} {value}").format(
        where=where, column=column.name, value=repr(value)
    )
    if isinstance(kind, sa.JSON):
        if not isinstance(value, list) or not all(isinstance(i, str) for i in value):
            raise TrackerError(_("{bad} (expected a list of texts)").format(bad=bad))
        for item in value:
            _storable(item, f"{where}: {column.name}")
            _short_enough(table, column.name, item, where)
        return value
    if _is_type(column, sa.DateTime):
        if not isinstance(value, str):
            raise TrackerError(bad)
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise TrackerError(_("{bad} (expected an ISO 8601 time)").format(bad=bad)) from None
        if moment.tzinfo is None:
            raise TrackerError(_("{bad} (a time needs its UTC offset)").format(bad=bad))
        if not in_range(moment):
            raise TrackerError(f"{bad} ({YEARS_HELP})")
        return moment
    if _is_type(column, sa.Date):
        if not isinstance(value, str):
            raise TrackerError(bad)
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise TrackerError(_("{bad} (expected YYYY-MM-DD)").format(bad=bad)) from None
        if not in_range(day):
            raise TrackerError(f"{bad} ({YEARS_HELP})")
        return day
    if _is_type(column, sa.Boolean):
        if not isinstance(value, bool):
            raise TrackerError(_("{bad} (expected true or false)").format(bad=bad))
        return value
    if _is_type(column, sa.Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TrackerError(_("{bad} (expected a whole number)").format(bad=bad))
        # what the commands write: money below MAX_MINOR, ids and counts in 32 bits
        # (evidence sizes, also 64-bit, are below 2^53: exact in any JSON reader)
        if column.name.endswith("_minor"):
            limit = MAX_MINOR
        elif _is_type(column, sa.BigInteger):
            limit = 2**53
        else:
            limit = MAX_ID + 1
        if not -limit < value < limit:
            raise TrackerError(_("{bad} (out of range)").format(bad=bad))
        return value
    if not isinstance(value, str):
        raise TrackerError(_("{bad} (expected text)").format(bad=bad))
    _storable(value, f"{where}: {column.name}")
    _short_enough(table, column.name, value, where)
    return value


def _short_enough(table: str, column: str, value: str, where: str) -> None:
    limit = text_limit(table, column)
    if len(value) > limit:
        raise TrackerError(
            _("{where}: {column} is too long (at most {limit:,} characters)").format(
                where=where, column=column, limit=limit
            )
        )


def _storable(value: str, what: str) -> None:
    problem = unstorable(value)
    if problem:
        raise TrackerError(f"{what} {problem}")


# Nullable columns added after export version 1 was defined: an older export lacks them.
ADDED_LATER = {"cases": ("paid_with", "statement_on", "chargeback_on", "digital")}

# The columns that hold one of tracker's words, and what they may hold.
_VOCABULARY = {
    ("cases", "status"): Status,
    ("cases", "category"): Category,
    ("cases", "resolution"): Resolution,
    ("cases", "paid_with"): PaidWith,
    ("contact", "channel"): Channel,
    ("contact", "answered_by"): Who,
    ("contact", "result"): Result,
    ("promise", "state"): PromiseState,
    ("reference", "kind"): ReferenceKind,
}


def _check_values(table: str, item: dict, where: str) -> None:
    """What the commands would refuse, an import refuses too."""
    for (name, column), words in _VOCABULARY.items():
        value = item.get(column) if name == table else None
        if value is not None and value not in {w.value for w in words}:
            raise TrackerError(
                _("{where}: {column} {value} is not one of: {choices}").format(
                    where=where, column=column, value=repr(value), choices=choices(words)
                )
            )
    if "currency" in item and not is_currency(item["currency"] or ""):
        raise TrackerError(
            _("{where}: currency {currency} is not a code such as USD").format(
                where=where, currency=repr(item["currency"])
            )
        )
    if "title" in item and not (item["title"] or "").strip():
        raise TrackerError(_("{where}: the title is empty").format(where=where))
    if table == "contact":
        if item["minutes"] is not None and item["minutes"] > MAX_MINUTES:
            raise TrackerError(
                _("{where}: minutes {minutes} is more than a day").format(
                    where=where, minutes=item["minutes"]
                )
            )
        if item["rating"] is not None and item["rating"] not in RATINGS:
            raise TrackerError(
                _("{where}: rating {rating} is not between 1 and 5").format(
                    where=where, rating=item["rating"]
                )
            )
        if item["minutes"] is not None and item["minutes"] < 0:
            raise TrackerError(
                _("{where}: minutes {minutes} is negative").format(
                    where=where, minutes=item["minutes"]
                )
            )
    for column in ("amount_minor", "recovered_minor"):
        if item.get(column) is not None and item[column] < 0:
            raise TrackerError(
                _("{where}: {column} {value} is negative").format(
                    where=where, column=column, value=item[column]
                )
            )
    if table == "company" and item["key"] != item["name"].strip().casefold():
        raise TrackerError(
            _("{where}: key {key} is not the company name in lower case ({expected})").format(
                where=where, key=repr(item["key"]), expected=repr(item["name"].strip().casefold())
            )
        )
    if table == "evidence":
        if item["size"] < 0:
            raise TrackerError(
                _("{where}: size {size} is negative").format(where=where, size=item["size"])
            )
        if not re.fullmatch(r"[0-9a-f]{64}", item["sha256"]):
            raise TrackerError(
                _("{where}: sha256 {sha256} is not a SHA-256 in hex").format(
                    where=where, sha256=repr(item["sha256"])
                )
            )
        if not _inside_evidence(item["file"]):
            raise TrackerError(
                _("{where}: file {file} is not a path inside the evidence folder").format(
                    where=where, file=repr(item["file"])
                )
            )


def _inside_evidence(file: str) -> bool:
    """Whether an evidence row's `file` names a place inside `evidence/`: relative,
    without `..`, `.` or empty parts (as `evidence add` writes them: `12/ab34…-name`)."""
    if not file or "\\" in file or file.startswith("/"):
        return False
    parts = file.split("/")
    return all(part not in ("", ".", "..") for part in parts)


def validate_export(data) -> dict[str, list[dict]]:
    """Check the whole file before anything is written; returns rows ready to insert."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise TrackerError(_('not a tracker export (no "format": "tracker-export" key)'))
    version = data.get("version")
    if version != VERSION:
        raise TrackerError(
            _(
                "unsupported export version {version}: this tracker reads version {supported}"
            ).format(version=repr(version), supported=VERSION)
        )
    tables = data.get("tables")
    if not isinstance(tables, dict):
        raise TrackerError(_('the export has no "tables" object'))
    unknown = sorted(set(tables) - set(TABLES))
    if unknown:
        raise TrackerError(
            _("the export has unknown tables: {tables}").format(tables=", ".join(unknown))
        )
    rows_by_table: dict[str, list[dict]] = {}
    for name, table in TABLES.items():
        if name not in tables:
            raise TrackerError(_("the export has no table {table}").format(table=repr(name)))
        rows = tables[name]
        if not isinstance(rows, list):
            raise TrackerError(_("table {table} is not a list of rows").format(table=repr(name)))
        columns = {c.name: c for c in table.columns}
        seen: set[int] = set()
        decoded = []
        for index, row in enumerate(rows):
            where = _("{table} row {number}").format(table=name, number=index + 1)
            if not isinstance(row, dict):
                raise TrackerError(_("{where} is not an object").format(where=where))
            for column in ADDED_LATER.get(name, ()):
                row = {column: None, **row}  # an export written before the column existed
            missing = sorted(set(columns) - set(row))
            if missing:
                raise TrackerError(
                    _("{where} lacks {columns}").format(where=where, columns=", ".join(missing))
                )
            extra = sorted(set(row) - set(columns))
            if extra:
                raise TrackerError(
                    _("{where} has unknown columns: {columns}").format(
                        where=where, columns=", ".join(extra)
                    )
                )
            item = {key: _decode(name, column, row[key], where) for key, column in columns.items()}
            _check_values(name, item, where)
            if item["id"] is None or item["id"] <= 0:
                raise TrackerError(
                    _("{where}: bad id {id}").format(where=where, id=repr(item["id"]))
                )
            if item["id"] in seen:
                raise TrackerError(
                    _("{where}: id {id} appears twice").format(where=where, id=item["id"])
                )
            seen.add(item["id"])
            decoded.append(item)
        rows_by_table[name] = decoded
    keys = [row["key"] for row in rows_by_table["company"]]
    if len(set(keys)) != len(keys):
        raise TrackerError(_("the export holds two companies with the same name"))
    _check_links(rows_by_table)
    return rows_by_table


# (table, column) -> the table its id points at
_LINKS = {
    (t.name, fk.parent.name): fk.column.table.name for t in TABLES.values() for fk in t.foreign_keys
}


def _check_links(rows: dict[str, list[dict]]) -> None:
    ids = {name: {row["id"] for row in table_rows} for name, table_rows in rows.items()}
    for (table, column), target in _LINKS.items():
        for index, row in enumerate(rows[table]):
            value = row[column]
            if value is not None and value not in ids[target]:
                raise TrackerError(
                    _("{table} row {number}: {column} {value} points at no {target} row").format(
                        table=table, number=index + 1, column=column, value=value, target=target
                    )
                )


def import_data(*, session: Session, data, home: Path | None = None) -> Imported:
    """Load an export into a database that holds no cases or orders yet.

    Companies already there (the built-in Amazon) are matched by their
    casefolded name and take the file's details; everything else keeps its id.
    """
    rows = validate_export(data)
    connection = session.connection()
    for model, label in ((Case, "cases"), (Order, "orders")):
        count = connection.execute(
            sa.select(sa.func.count()).select_from(TABLES[model.__tablename__])
        ).scalar()
        if count:
            raise TrackerError(
                _(
                    "this database already holds {label}; import into an empty one "
                    "(a new TRACKER_HOME or TRACKER_DATABASE_URL)"
                ).format(label=label)
            )

    company = TABLES[Company.__tablename__]
    existing = {
        row.key: row.id for row in connection.execute(sa.select(company.c.key, company.c.id))
    }
    taken = set(existing.values())
    next_id = max([*taken, *(r["id"] for r in rows["company"]), 0]) + 1
    company_ids: dict[int, int] = {}
    fresh, merged = [], []
    for row in rows["company"]:
        if row["key"] in existing:
            company_ids[row["id"]] = existing[row["key"]]
            merged.append(row)
            continue
        if row["id"] in taken:
            company_ids[row["id"]] = next_id
            next_id += 1
        else:
            company_ids[row["id"]] = row["id"]
        taken.add(company_ids[row["id"]])
        fresh.append({**row, "id": company_ids[row["id"]]})
    for row in merged:
        values = {k: v for k, v in row.items() if k != "id"}
        row_id = company_ids[row["id"]]
        before = journal.row_before(session, company, row_id)
        connection.execute(sa.update(company).where(company.c.id == row_id).values(**values))
        journal.record_updated(session, company, row_id, before)
    for table_rows in (rows["orders"], rows["cases"]):
        for row in table_rows:
            row["company_id"] = company_ids[row["company_id"]]
    rows["company"] = fresh

    for name, table in TABLES.items():
        if rows[name]:
            connection.execute(sa.insert(table), rows[name])
            # one change with the rows of every table: `tracker undo` takes it all back
            journal.record_inserted(session, table, sorted(row["id"] for row in rows[name]))
    if connection.dialect.name == "postgresql":
        _reset_sequences(connection)

    result = Imported(
        counts={name: len(data["tables"][name]) for name in TABLES},
        merged_companies=[row["name"] for row in merged],
    )
    if home is not None and rows["evidence"]:
        result.missing_files = _check_evidence_files(home / "evidence", rows["evidence"])
    return result


def _check_evidence_files(folder: Path, rows: list[dict]) -> int:
    """Check the kept files that are already in place against their rows (size and
    SHA-256); returns how many are missing. A file that differs refuses the import."""
    import hashlib

    missing = 0
    base = folder.resolve()
    for index, row in enumerate(rows):
        path = folder / row["file"]
        if not path.resolve().is_relative_to(base):  # a symbolic link out of the folder
            raise TrackerError(
                _("evidence row {number}: {file} leads out of {folder}").format(
                    number=index + 1, file=row["file"], folder=folder
                )
            )
        if not path.is_file():
            missing += 1
            continue
        digest = hashlib.sha256()
        size = 0
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
                size += len(chunk)
        if size != row["size"] or digest.hexdigest() != row["sha256"]:
            raise TrackerError(
                _(
                    "evidence row {number}: {path} does not match the export "
                    "(size {size:,}, expected {expected:,}; or its SHA-256 differs)"
                ).format(number=index + 1, path=path, size=size, expected=row["size"])
            )
    return missing


def _reset_sequences(connection: sa.Connection) -> None:
    """Make PostgreSQL's id sequences continue after the imported ids.

    setval(MAX(id), true) rather than setval(MAX(id) + 1, false): the largest
    id a sequence holds (2^31 - 1) then imports too."""
    for name in TABLES:
        connection.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence(:table, 'id'), "
                f'COALESCE((SELECT MAX(id) FROM "{name}"), 1), '
                f'(SELECT MAX(id) FROM "{name}") IS NOT NULL)'
            ),
            {"table": name},
        )
