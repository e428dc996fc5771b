"""Everything out and back in: a lossless JSON export, CSV for spreadsheets, and import.

The JSON export holds every column of every table, keyed by table name, rows
ordered by id, with a format version. Money stays in integer minor units
(`amount_minor`, exact), times are ISO 8601 in UTC with their offset, dates
`YYYY-MM-DD`. Import reads that file back as a stream, checking each row and
inserting a batch at a time in one transaction, keeping every id, so case #12 is
still #12; anything wrong anywhere in the file and nothing is written.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import operator
import os
import re
import sys
import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from tracker import journal
from tracker.errors import TrackerError
from tracker.files import private_folder, target_file, write_private
from tracker.i18n import N_, _
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
    EARLIEST,
    LATEST,
    MAX_ID,
    MAX_MINOR,
    MAX_YEAR,
    MIN_YEAR,
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


def _exported(table: sa.Table, dialect: sa.Dialect):
    """The SELECT of a table's rows, in id order, and a function turning one of its
    rows into a JSON-ready dictionary: dates and times as ISO 8601 text.

    SQLite keeps times as text ("2026-11-09 08:15:00.000000", UTC): those are read
    as text and rewritten as the ISO text of the time they name, rather than parsed
    into a datetime and written out again (half of an export's time). Text of any
    other shape goes the long way, so the output is the same either way."""
    sqlite = dialect.name == "sqlite"
    columns: list = []
    timed = []
    for index, column in enumerate(table.columns):
        is_time, is_day = _is_type(column, sa.DateTime), _is_type(column, sa.Date)
        if sqlite and (is_time or is_day):
            columns.append(sa.type_coerce(column, sa.String).label(column.name))
            parse = column.type.dialect_impl(dialect).result_processor(dialect, None)
            timed.append((index, (_sqlite_time if is_time else _sqlite_day)(parse)))
        elif is_time and dialect.name == "postgresql":
            # written by the server in UTC, always with microseconds: no datetime is
            # built and converted for each of the export's millions of times
            utc = sa.func.timezone("UTC", column)
            columns.append(sa.func.to_char(utc, _PG_TIME).label(column.name))
            timed.append((index, _pg_time))
        else:
            columns.append(column)
            if is_time or is_day:
                timed.append((index, _iso))
    keys = tuple(column.name for column in table.columns)
    query = sa.select(*columns).order_by(table.c.id)
    if not timed:
        return query, lambda row: dict(zip(keys, row, strict=True))

    def make(row) -> dict:
        values = list(row)
        for index, convert in timed:
            value = values[index]
            if value is not None:
                values[index] = convert(value)
        return dict(zip(keys, values, strict=True))

    return query, make


def _iso(value: date | datetime) -> str:
    return value.isoformat()


# to_char's pattern for the first 26 characters of datetime.isoformat() in UTC
_PG_TIME = 'YYYY-MM-DD"T"HH24:MI:SS.US'


def _pg_time(text: str) -> str:
    """PostgreSQL's to_char(_PG_TIME) of a UTC time as datetime.isoformat() writes it
    (which leaves out zero microseconds)."""
    if text.endswith(".000000"):
        return f"{text[:-7]}+00:00"
    return f"{text}+00:00"


def _sqlite_time(parse):
    def iso(text: str) -> str:
        if len(text) == 26 and text[10] == " " and text[19] == ".":
            if text.endswith("000000"):  # isoformat() leaves out zero microseconds
                return f"{text[:10]}T{text[11:19]}+00:00"
            return f"{text[:10]}T{text[11:]}+00:00"
        return parse(text).isoformat()

    return iso


def _sqlite_day(parse):
    def iso(text: str) -> str:
        if len(text) == 10 and text[4] == "-" and text[7] == "-":
            return text
        return parse(text).isoformat()

    return iso


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
        query, make = _exported(table, connection.dialect)
        tables[name] = [make(row) for row in connection.execute(query)]
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
        query, make = _exported(table, connection.dialect)
        result = connection.execution_options(yield_per=batch).execute(query)
        for row in result:
            yield make(row)

    counts = {
        name: connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
        for name, table in TABLES.items()
    }
    return header, [(name, counts[name], rows(table)) for name, table in TABLES.items()]


def _encoder():
    """JSONEncoder(ensure_ascii=False).encode, the same text at twice the speed for
    small values: json's C encoder made once (encode() makes one per call)."""
    from json import encoder

    if encoder.c_make_encoder is None:  # a Python without json's C accelerator
        return json.JSONEncoder(ensure_ascii=False).encode
    make = encoder.c_make_encoder(
        None,
        json.JSONEncoder().default,
        encoder.encode_basestring,
        None,
        ": ",
        ", ",
        False,
        False,
        True,
    )
    return lambda value: "".join(make(value, 0))


def document_chunks(header: dict, tables, progress=None):
    """The export as JSON text, piece by piece, exactly as `dumps` writes it:
    `tables` is [(name, count, rows)]; `progress(n)` is called as rows go out."""
    encode = _encoder()
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
    return write_private(path, chunks, force=force, hint=HINT_JSON)


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


HINT_JSON = N_("a file name such as tracker-export.json")


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


# An export is read a piece at a time: the document's frame (the top object, the
# "tables" object, each table's list) by hand, every row and header value by
# json's own C scanner (JSONDecoder.raw_decode) on a buffer of decoded text. That
# streams any layout of the document in flat memory (export writes one row per
# line, `json.dumps` one line in all) at the speed of json.loads, without a
# dependency. ijson (yajl2_c) was measured too: only yielding its events for a
# 10,000-case export took twice as long as reading every row this way.
CHUNK = 1 << 16
# The most text one value (a row) may take: the longest row the limits allow is
# far shorter; a broken value is reported once this much has been read past it.
MAX_VALUE = 16 << 20
_SPACE = re.compile(r"[ \t\n\r]*")
_RAW_DECODE = json.JSONDecoder().raw_decode
# What export writes between two rows of a table
_ROW_GAP = ",\n   "


class _Invalid(Exception):
    """Not valid JSON here: `problem` at character `at` of the buffer."""

    def __init__(self, problem: str, at: int) -> None:
        super().__init__(problem)
        self.problem = problem
        self.at = at


class ExportSource:
    """An export file (or standard input) read incrementally: `events()` yields
    ("table", name) as each table's rows begin and ("rows", [value, ...]) as they come;
    `header` holds the document's other keys (format, version...) read so far."""

    def __init__(self, handle, label: str, size: int | None = None) -> None:
        self.handle = handle
        self.label = label
        self.size = size  # bytes, when known (a regular file): the progress bar's total
        self.progress = None  # called with the bytes read, chunk by chunk
        self.header: dict = {}
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._buffer = ""
        self._pos = 0
        self._eof = False
        self._lines = 0  # newlines in the text already dropped from the buffer
        self._column = 0  # characters of the current line already dropped

    def close(self) -> None:
        if self.handle is not None and self.handle not in (sys.stdin, sys.stdin.buffer):
            self.handle.close()

    # -------------------------------------------------------------- the buffer

    def _more(self) -> bool:
        """Read the next chunk into the buffer (dropping what was consumed)."""
        if self._eof:
            return False
        try:
            chunk = self.handle.read(CHUNK)
        except OSError as exc:
            raise TrackerError(
                _("cannot read {path}: {reason}").format(path=self.label, reason=exc.strerror)
            ) from None
        dropped = self._buffer[: self._pos]
        newlines = dropped.count("\n")
        if newlines:
            self._lines += newlines
            self._column = len(dropped) - dropped.rfind("\n") - 1
        else:
            self._column += len(dropped)
        try:
            if isinstance(chunk, str):  # a text stream without a binary buffer
                text = chunk
            else:
                text = self._decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError:
            raise TrackerError(
                _("{path} is not a UTF-8 text file").format(path=self.label)
            ) from None
        self._buffer = self._buffer[self._pos :] + text
        self._pos = 0
        if self.progress and chunk:
            self.progress(len(chunk))
        if not chunk:
            self._eof = True
        return bool(chunk)

    def _peek(self) -> str:
        """The next character that is not white space ('' at the end)."""
        while True:
            self._pos = _SPACE.match(self._buffer, self._pos).end()  # type: ignore[union-attr]
            if self._pos < len(self._buffer) or not self._more():
                return self._buffer[self._pos : self._pos + 1]

    def _expect(self, char: str, problem: str) -> None:
        if self._peek() != char:
            raise _Invalid(problem, self._pos)
        self._pos += 1

    def _value(self):
        """The next JSON value, parsed by json's C scanner."""
        self._peek()
        while True:
            try:
                value, end = _RAW_DECODE(self._buffer, self._pos)
            except json.JSONDecodeError as exc:
                # perhaps only cut short by the end of the buffer: read on and retry
                if len(self._buffer) - self._pos < MAX_VALUE and self._more():
                    continue
                raise _Invalid(exc.msg, exc.pos) from None
            if end == len(self._buffer) and self._more():
                continue  # a number at the end of the buffer may go on in the next chunk
            self._pos = end
            return value

    def _key(self) -> str:
        if self._peek() != '"':
            raise _Invalid("Expecting property name enclosed in double quotes", self._pos)
        return self._value()

    def _after(self, close: str) -> bool:
        """After a member: True if another follows (a comma), False at `close`."""
        char = self._peek()
        if char == ",":
            self._pos += 1
            return True
        if char == close:
            self._pos += 1
            return False
        raise _Invalid("Expecting ',' delimiter", self._pos)

    # -------------------------------------------------------------- the document

    def events(self):
        """("table", name) and ("rows", values) as they come; errors as TrackerError."""
        try:
            yield from self._document()
        except _Invalid as exc:
            at = exc.at
            line = self._lines + self._buffer.count("\n", 0, at) + 1
            start = self._buffer.rfind("\n", 0, at)
            column = at - start if start >= 0 else self._column + at + 1
            raise TrackerError(
                _("{path} is not valid JSON (line {line}, column {column}: {problem})").format(
                    path=self.label, line=line, column=column, problem=exc.problem
                )
            ) from None
        except RecursionError:
            raise TrackerError(
                _("{path} is not a tracker export (nested too deep)").format(path=self.label)
            ) from None
        except ValueError as exc:  # an integer of thousands of digits
            raise TrackerError(
                _("{path} is not a tracker export ({problem})").format(path=self.label, problem=exc)
            ) from None
        except MemoryError:
            raise TrackerError(_("{path} is too large to import").format(path=self.label)) from None

    def _document(self):
        if self._peek() != "{":
            self._value()  # valid JSON that is not an object, or the reason it is not JSON
            raise TrackerError(_('not a tracker export (no "format": "tracker-export" key)'))
        self._pos += 1
        more = self._peek() != "}"
        if not more:
            self._pos += 1
        while more:
            key = self._key()
            self._expect(":", "Expecting ':' delimiter")
            if key == "tables":
                self.header["tables"] = True
                yield from self._tables()
            else:
                self.header[key] = self._value()
            more = self._after("}")
        if self._peek():
            raise _Invalid("Extra data", self._pos)

    def _tables(self):
        if self._peek() != "{":
            raise TrackerError(_('the export has no "tables" object'))
        self._pos += 1
        more = self._peek() != "}"
        if not more:
            self._pos += 1
        while more:
            name = self._key()
            self._expect(":", "Expecting ':' delimiter")
            if self._peek() != "[":
                if name not in TABLES:
                    raise TrackerError(
                        _("the export has unknown tables: {tables}").format(tables=name)
                    )
                raise TrackerError(
                    _("table {table} is not a list of rows").format(table=repr(name))
                )
            self._pos += 1
            yield ("table", name)
            if self._peek() == "]":
                self._pos += 1
            else:
                yield from self._rows()
            more = self._after("}")

    def _rows(self):
        """A table's rows up to its closing bracket, a list at a time (those the
        buffer holds). Rows as export lays them out, one a line, are decoded one
        after another straight off the buffer; whatever else comes (other spacing,
        the end of the buffer or of the list, broken JSON) takes the careful way,
        _value and _after, which reads on and places any error."""
        gap = len(_ROW_GAP)
        while True:
            rows = [self._value()]
            buffer, pos = self._buffer, self._pos
            end_of_buffer = len(buffer)
            while buffer.startswith(_ROW_GAP, pos):
                try:
                    row, end = _RAW_DECODE(buffer, pos + gap)
                except json.JSONDecodeError:
                    break
                if end == end_of_buffer:  # perhaps cut short: the careful way reads on
                    break
                rows.append(row)
                pos = end
            self._pos = pos
            yield ("rows", rows)
            if not self._after("]"):
                return


def _events_of(data):
    """The events of an export already parsed (a dict), as ExportSource yields them."""
    if not isinstance(data, dict):
        raise TrackerError(_('not a tracker export (no "format": "tracker-export" key)'))
    tables = data.get("tables")
    if not isinstance(tables, dict):
        raise TrackerError(_('the export has no "tables" object'))
    for name, rows in tables.items():
        if not isinstance(rows, list):
            if name not in TABLES:
                raise TrackerError(_("the export has unknown tables: {tables}").format(tables=name))
            raise TrackerError(_("table {table} is not a list of rows").format(table=repr(name)))
        yield ("table", name)
        if rows:
            yield ("rows", rows)


def open_export(path: Path | str) -> ExportSource:
    """An export to read ('-': standard input); TrackerError when it cannot be read.

    A file is opened without blocking and checked before reading, so a FIFO does
    not wait for a writer and /dev/zero is not read forever."""
    import stat

    if str(path) == "-":
        return ExportSource(getattr(sys.stdin, "buffer", sys.stdin), "-")
    where = Path(path).expanduser()
    try:
        descriptor = os.open(where, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise TrackerError(_("no such file: {path}").format(path=path)) from None
    except IsADirectoryError:
        raise TrackerError(
            _("{path} is a folder; import reads a JSON export file").format(path=path)
        ) from None
    except OSError as exc:
        raise TrackerError(
            _("cannot read {path}: {reason}").format(path=path, reason=exc.strerror)
        ) from None
    # checked on the descriptor, before a file object: os.fdopen refuses a folder's
    # descriptor with an IsADirectoryError of its own ("Is a directory: 3")
    mode = os.fstat(descriptor).st_mode
    if stat.S_ISDIR(mode):
        os.close(descriptor)
        raise TrackerError(
            _("{path} is a folder; import reads a JSON export file").format(path=path)
        )
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        raise TrackerError(
            _("{path} is not a regular file; import reads a JSON export file").format(path=path)
        )
    handle = os.fdopen(descriptor, "rb")
    return ExportSource(handle, str(path), size=os.fstat(descriptor).st_size)


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


_WORDS = {
    table: [
        (column, words, frozenset(w.value for w in words))
        for (t, column), words in _VOCABULARY.items()
        if t == table
    ]
    for table, _column in _VOCABULARY
}


def _check_values(table: str, item: dict, where) -> None:
    """What the commands would refuse, an import refuses too."""
    for column, words, allowed in _WORDS.get(table, ()):
        value = item.get(column)
        if value is not None and value not in allowed:
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


# Rows are inserted this many at a time, inside the import's one transaction.
BATCH = 5000


class _Where:
    """'contact row 12' for a message, built only when one is written."""

    def __init__(self, table: str) -> None:
        self.table = table
        self.number = 0

    def __str__(self) -> str:
        return _("{table} row {number}").format(table=self.table, number=self.number)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


_SLOW = object()  # a fast check's "not sure": the full check (_decode) decides

# A time as export writes it (isoformat() of a UTC time; ".000000" as well): a
# third of the cost of writing the parsed time out again to compare
_EXPORTED_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{6})?\+00:00"
)


def _fast(table: str, column: sa.Column, dialect: sa.Dialect):
    """A function turning one exported value into what the insert sends, or
    returning _SLOW for anything `_decode` should look at (and most likely refuse).
    It accepts only what `_decode` accepts; `_stored` does the same via _decode."""
    nullable = column.nullable
    if isinstance(column.type, sa.JSON):
        longest = text_limit(table, column.name)
        bind = column.type.dialect_impl(dialect).bind_processor(dialect)

        def texts(value):
            if type(value) is not list:
                return bind(None) if value is None and nullable and bind else _SLOW
            for item in value:
                if type(item) is not str or len(item) > longest or "\x00" in item:
                    return _SLOW
                if not item.isascii() and unstorable(item):
                    return _SLOW
            return bind(value) if bind else value

        return texts
    if _is_type(column, sa.DateTime):
        sqlite = dialect.name == "sqlite"

        def moment(value):
            if type(value) is not str:
                return None if value is None and nullable else _SLOW
            try:
                at = datetime.fromisoformat(value)
            except ValueError:
                return _SLOW
            if _EXPORTED_TIME.fullmatch(value):
                # in UTC as export writes it: the text already holds the stored one
                if not MIN_YEAR <= at.year <= MAX_YEAR:
                    return _SLOW
                if not sqlite:
                    return at
                return (
                    f"{value[:10]} {value[11:19]}{value[19:26] if len(value) == 32 else '.000000'}"
                )
            if at.tzinfo is None or not (EARLIEST <= at < LATEST):
                return _SLOW
            if not sqlite:
                return at
            if at.utcoffset():
                at = at.astimezone(UTC)
            # SQLAlchemy's SQLite DATETIME text: UTC, microseconds always written
            return at.isoformat(" ", "microseconds")[:26]

        return moment
    if _is_type(column, sa.Date):
        sqlite = dialect.name == "sqlite"

        def day(value):
            if type(value) is not str:
                return None if value is None and nullable else _SLOW
            try:
                found = date.fromisoformat(value)
            except ValueError:
                return _SLOW
            if not MIN_YEAR <= found.year <= MAX_YEAR:
                return _SLOW
            return found.isoformat() if sqlite else found

        return day
    if _is_type(column, sa.Boolean):
        return lambda value: value if type(value) is bool or (value is None and nullable) else _SLOW
    if _is_type(column, sa.Integer):
        if column.name.endswith("_minor"):
            limit = MAX_MINOR
        elif _is_type(column, sa.BigInteger):
            limit = 2**53
        else:
            limit = MAX_ID + 1
        low = -limit

        def number(value):
            if type(value) is int and low < value < limit:
                return value
            return None if value is None and nullable else _SLOW

        return number
    longest = text_limit(table, column.name)

    def text(value):
        if type(value) is str:
            if len(value) > longest or "\x00" in value:
                return _SLOW
            if not value.isascii() and unstorable(value):
                return _SLOW
            return value
        return None if value is None and nullable else _SLOW

    return text


class _Table:
    """How the rows of one table are checked and inserted."""

    def __init__(
        self,
        name: str,
        connection: sa.Connection,
        behind: _Behind,
        batched: tuple[str, str] | None = None,
    ) -> None:
        self.name = name
        self.table = TABLES[name]
        dialect = connection.dialect
        self.dialect = dialect
        self.columns = [c.name for c in self.table.columns]
        self.keys = set(self.columns)
        self.fast = [
            (
                c.name,
                c,
                _fast(name, c, dialect),
                c.type.dialect_impl(dialect).bind_processor(dialect),
            )
            for c in self.table.columns
        ]
        self.where = _Where(name)
        self.behind = behind  # runs `batched` (see _Deferral.batched) after each batch
        self.batched = batched
        self.last_id = 0  # the largest id so far: ids in order cannot repeat
        self.count = 0
        self.runs: list[list[int]] = []  # the ids inserted, as [first, last] runs
        self.links = [
            (self.columns.index(fk.parent.name), fk.parent.name, fk.column.table)
            for fk in self.table.foreign_keys
        ]
        self.all_checked = False  # whether `quick` makes `_check_values`' checks too
        self.quick = self._compile()
        marks = "?" if dialect.paramstyle == "qmark" else "%s"
        quote = dialect.identifier_preparer.quote
        names = ", ".join(quote(c) for c in self.columns)
        self.sql = (
            f"INSERT INTO {quote(name)} ({names}) VALUES ({', '.join([marks] * len(self.columns))})"
        )
        # PostgreSQL: the batches go in through COPY, several times faster than an
        # INSERT per row; the values are the checked ones the INSERT would send
        self.copy = (
            f"COPY {quote(name)} ({names}) FROM STDIN" if dialect.name == "postgresql" else None
        )

    def _compile(self):
        """A function checking one exported row as `check` does, made for this
        table's columns (no loop over columns, no call per plain value): the
        values to insert as a list, or None to leave the row to `check`, which
        refuses it with its message (or takes it: an older export's row)."""
        lines = [
            "def fast(row):",
            "    if type(row) is not dict or row.keys() != KEYS:",
            "        return None",
        ]
        names: dict = {
            "KEYS": self.keys,
            "SLOW": _SLOW,
            "unstorable": unstorable,
            "EXPORTED": _EXPORTED_TIME.fullmatch,
            "datetime": datetime,
        }
        out = []
        raw = {}  # the columns whose variable still holds the row's own value
        for index, (key, column, fast, _bind) in enumerate(self.fast):
            v = f"v{index}"
            out.append(v)
            lines.append(f"    {v} = row[{key!r}]")
            none_ok = f"{v} is not None and " if column.nullable else ""
            kind = column.type
            if _is_type(column, sa.DateTime) and fast is not None:
                # a time as export writes it, as `moment` takes it, without a call
                names[f"F{index}"] = fast
                stored = (
                    f"{v}[:10] + ' ' + {v}[11:19] + ({v}[19:26] if len({v}) == 32 else '.000000')"
                    if self.dialect.name == "sqlite"
                    else "at"
                )
                lines += [
                    f"    if type({v}) is str and EXPORTED({v}):",
                    "        try:",
                    f"            at = datetime.fromisoformat({v})",
                    "        except ValueError:",
                    "            return None",
                    f"        if not {MIN_YEAR} <= at.year <= {MAX_YEAR}:",
                    "            return None",
                    f"        {v} = {stored}",
                    "    else:",
                    f"        {v} = F{index}({v})",
                    f"        if {v} is SLOW:",
                    "            return None",
                ]
                continue
            raw[key] = v
            if _is_type(column, sa.Integer) and not isinstance(kind, sa.JSON):
                if key.endswith("_minor"):
                    limit = MAX_MINOR
                elif _is_type(column, sa.BigInteger):
                    limit = 2**53
                else:
                    limit = MAX_ID + 1
                low = 0 if key == "id" else -limit  # ids start at 1
                test = f"type({v}) is not int or not {low} < {v} < {limit}"
                lines.append(f"    if {none_ok}({test}):")
                lines.append("        return None")
            elif fast is not None and fast.__name__ == "text":
                longest = text_limit(self.name, key)
                lines.append(
                    f"    if {none_ok}(type({v}) is not str or len({v}) > {longest} "
                    f"or '\\x00' in {v} or (not {v}.isascii() and unstorable({v}))):"
                )
                lines.append("        return None")
                if not column.nullable:
                    lines.append(f"    if {v} is None:")
                    lines.append("        return None")
            else:
                del raw[key]
                names[f"F{index}"] = fast
                lines.append(f"    {v} = F{index}({v})")
                lines.append(f"    if {v} is SLOW:")
                lines.append("        return None")
        tests = self._value_tests(raw, names)
        self.all_checked = tests is not None
        for test in tests or ():
            lines.append(f"    if {test}:")
            lines.append("        return None")
        lines.append(f"    return [{', '.join(out)}]")
        exec(compile("\n".join(lines), f"<import {self.name}>", "exec"), names)
        return names["fast"]

    def _value_tests(self, raw: dict[str, str], names: dict) -> list[str] | None:
        """`_check_values`' checks of this table as conditions on the row's own
        values (`raw`: column -> variable), each true when `_check_values` would
        refuse the row; None where they are not all written out here."""
        if self.name in ("company", "evidence"):
            return None  # a few rows each: _check_values does it
        tests = []
        for column, _words, allowed in _WORDS.get(self.name, ()):
            if column not in raw:
                return None
            names[f"W_{column}"] = allowed
            tests.append(f"({raw[column]} is not None and {raw[column]} not in W_{column})")
        if "currency" in self.keys:
            if "currency" not in raw:
                return None
            names["is_currency"] = is_currency
            tests.append(f"not is_currency({raw['currency']} or '')")
        if "title" in self.keys:
            if "title" not in raw:
                return None
            tests.append(f"not ({raw['title']} or '').strip()")
        if self.name == "contact":
            if "minutes" not in raw or "rating" not in raw:
                return None
            minutes, rating = raw["minutes"], raw["rating"]
            names["RATINGS"] = RATINGS
            tests.append(f"({minutes} is not None and not 0 <= {minutes} <= {MAX_MINUTES})")
            tests.append(f"({rating} is not None and {rating} not in RATINGS)")
        for column in ("amount_minor", "recovered_minor"):
            if column in self.keys:
                if column not in raw:
                    return None
                tests.append(f"({raw[column]} is not None and {raw[column]} < 0)")
        return tests

    def values(self, row, number: int) -> list:
        """One exported row checked (see `check`), as the list of values to insert."""
        found = self.quick(row)
        if found is None:
            stored = self.check(row, number)
            return [stored[key] for key in self.columns]
        if self.all_checked:
            return found
        self.where.number = number
        _check_values(self.name, row, self.where)
        return found

    def check(self, row, number: int) -> dict:
        """One exported row checked as `_decode` and `_check_values` check it: its
        values as the insert sends them, by column name."""
        where = self.where
        where.number = number
        if type(row) is not dict:
            raise TrackerError(_("{where} is not an object").format(where=where))
        if row.keys() != self.keys:
            for added in ADDED_LATER.get(self.name, ()):
                row = {added: None, **row}  # an export written before the column existed
            missing = sorted(self.keys - set(row))
            if missing:
                raise TrackerError(
                    _("{where} lacks {columns}").format(where=where, columns=", ".join(missing))
                )
            extra = sorted(set(row) - self.keys)
            if extra:
                raise TrackerError(
                    _("{where} has unknown columns: {columns}").format(
                        where=where, columns=", ".join(extra)
                    )
                )
        stored = {}
        for key, column, fast, bind in self.fast:
            value = row[key]
            kept = fast(value) if fast is not None else _SLOW
            if kept is _SLOW:
                decoded = _decode(self.name, column, value, str(where))
                # what SQLAlchemy itself would send for the value
                kept = decoded if bind is None else bind(decoded)
            stored[key] = kept
        _check_values(self.name, row, where)
        row_id = row["id"]
        if row_id is None or row_id <= 0:
            raise TrackerError(_("{where}: bad id {id}").format(where=where, id=repr(row_id)))
        return stored

    def note_ids(self, ids: list[int]) -> None:
        """Keep the inserted ids as runs of consecutive ids (what undo takes back)."""
        runs = self.runs
        for row_id in ids:
            if runs and runs[-1][1] + 1 == row_id:
                runs[-1][1] = row_id
            else:
                runs.append([row_id, row_id])
        self.count += len(ids)

    def flush(self, connection: sa.Connection, batch: list[tuple[int, list]], company_ids) -> None:
        """Check a batch's ids and links against what is already in, then insert it.
        `batch`: (row number, values in column order)."""
        if not batch:
            return
        self.behind.wait()  # the connection is one: the thread's statement first
        table = self.table
        at = self.columns.index("id")
        ids = [values[at] for _, values in batch]
        ordered = ids[0] > self.last_id and all(a < b for a, b in zip(ids, ids[1:], strict=False))
        if not ordered:  # ids out of order may repeat one here or in an earlier batch
            seen: set[int] = set()
            earlier = _present(connection, table, ids)
            for number, values in batch:
                if values[at] in seen or values[at] in earlier:
                    self.where.number = number
                    raise TrackerError(
                        _("{where}: id {id} appears twice").format(where=self.where, id=values[at])
                    )
                seen.add(values[at])
        self.last_id = max(self.last_id, max(ids))
        for index, column, target in self.links:
            if column == "company_id":  # companies are matched by name: their ids move
                for number, values in batch:
                    if values[index] not in company_ids:
                        self._dangling(number, column, values[index], target.name)
                    values[index] = company_ids[values[index]]
                continue
            wanted = {values[index] for _, values in batch} - {None}
            found = _present(connection, target, sorted(wanted))
            if len(found) < len(wanted):
                for number, values in batch:
                    if values[index] is not None and values[index] not in found:
                        self._dangling(number, column, values[index], target.name)
        self.insert(connection, [values for _, values in batch])
        self.note_ids(ids)
        self.after(ids, ordered)

    def after(self, ids: list[int], ordered: bool) -> None:
        """Start filling what is deferred for the rows just inserted (`ids`). Ids in
        order and above every earlier one are the table's rows from the first to
        the last of them: read as that range; other ids are read one by one."""
        if self.batched is None:
            return
        by_range, by_list = self.batched
        if ordered:
            self.behind.start(by_range, {"first": ids[0], "last": ids[-1]})
        elif self.behind.sqlite:
            self.behind.start(by_list, {"ids": json.dumps(ids)})
        else:
            self.behind.start(by_list, {"ids": ids})

    def insert(self, connection: sa.Connection, rows: list) -> None:
        """Insert checked rows (values in column order), in the import's transaction."""
        driver = connection.connection.driver_connection
        assert driver is not None  # a live connection inside the import's transaction
        if self.copy is None:  # sqlite3 takes the lists as they are
            cursor = driver.cursor()
            try:
                cursor.executemany(self.sql, rows)
            finally:
                cursor.close()
            return
        cursor = driver.cursor()  # psycopg 3
        try:
            with cursor.copy(self.copy) as copy:
                for values in rows:
                    copy.write_row(values)
        finally:
            cursor.close()

    def _dangling(self, number: int, column: str, value, target: str):
        raise TrackerError(
            _("{table} row {number}: {column} {value} points at no {target} row").format(
                table=self.name, number=number, column=column, value=value, target=target
            )
        )


class _Behind:
    """One statement at a time run in a thread of its own, on the import's own
    connection, while the import reads and checks the next rows.

    Filling the search index takes longer than reading the rows it indexes, and
    the database does it without Python's lock (sqlite3 and psycopg release it
    while the database works). So each batch's index rows are made while the
    next batch is parsed. The connection is never used by both at once: `wait`
    comes before every other statement of the import, and the import's
    transaction is the same one, so a failed import rolls the index back with
    the rest."""

    def __init__(self, connection: sa.Connection) -> None:
        self.sqlite = connection.dialect.name == "sqlite"
        self.driver = connection.connection.driver_connection
        self.thread: threading.Thread | None = None
        self.done: threading.Event | None = None  # set when the thread's statement has ended
        self.error: BaseException | None = None

    def start(self, statement: str, parameters: dict) -> None:
        self.wait()
        done = threading.Event()

        def run() -> None:
            try:
                cursor = self.driver.cursor()  # type: ignore[union-attr]
                try:
                    cursor.execute(statement, parameters)
                finally:
                    cursor.close()
            except BaseException as exc:  # handed to the import's own thread
                self.error = exc
            finally:
                done.set()

        thread = threading.Thread(target=run, name="tracker-import-index", daemon=True)
        thread.start()
        self.thread, self.done = thread, done

    def wait(self) -> None:
        """Wait for the statement running, and raise what it raised."""
        self.join()
        if self.error is not None:
            error, self.error = self.error, None
            raise error

    def join(self) -> None:
        """Wait until the statement running has ended (on the way out of a failed
        import too). A Ctrl-C meanwhile is held back until it has: the caller
        then rolls back, and the connection must not be in the thread's hands.
        (An interrupted Thread.join marks the thread as ended while it runs.)"""
        if self.done is None:
            return
        interrupted: BaseException | None = None
        while True:
            try:
                self.done.wait()
                break
            except KeyboardInterrupt as exc:
                interrupted = exc
        self.thread = self.done = None
        if interrupted is not None:
            raise interrupted


# Ids looked up this many at a time, the last lookup padded to as many: one
# statement, prepared once (an IN list of every length is a statement each, and
# the driver keeps a hundred of them, thousands of parameters each, in memory).
LOOKUP = 500


def _present(connection: sa.Connection, table: sa.Table, ids: list[int]) -> set[int]:
    """Which of `ids` the table holds.

    Plain SQL on the driver's cursor, not a select() with in_(): SQLAlchemy
    renders an IN list of hundreds of parameters afresh on every call (and
    psycopg parses it again), and reads the rows back one call each; at a million
    links both cost more than the lookups. PostgreSQL takes the ids as one array."""
    if not ids:
        return set()
    name = connection.dialect.identifier_preparer.quote(table.name)
    driver = connection.connection.driver_connection
    assert driver is not None  # a live connection inside the import's transaction
    cursor = driver.cursor()
    try:
        if connection.dialect.name == "postgresql":
            cursor.execute(f"SELECT id FROM {name} WHERE id = ANY(%s)", (ids,))
            return {row_id for (row_id,) in cursor.fetchall()}
        query = f"SELECT id FROM {name} WHERE id IN ({', '.join('?' * LOOKUP)})"
        present: set[int] = set()
        for start in range(0, len(ids), LOOKUP):
            chunk = ids[start : start + LOOKUP]
            chunk += [chunk[-1]] * (LOOKUP - len(chunk))
            cursor.execute(query, chunk)
            present.update(row_id for (row_id,) in cursor.fetchall())
        return present
    finally:
        cursor.close()


def import_data(*, session: Session, data, home: Path | None = None) -> Imported:
    """Load an export into a database that holds no cases or orders yet.

    `data` is an ExportSource (read as it is inserted) or an export already
    parsed (a dict). Rows go in BATCH at a time, each batch checked first (values,
    ids, links to rows already in); anything wrong raises TrackerError and the
    caller's transaction writes nothing. Companies already there (the built-in
    Amazon) are matched by their casefolded name and take the file's details;
    everything else keeps its id.
    """
    connection = session.connection()
    for model, label in ((Case, "cases"), (Order, "orders")):
        table = TABLES[model.__tablename__]
        if connection.execute(sa.select(table.c.id).limit(1)).first() is not None:
            raise TrackerError(
                _(
                    "this database already holds {label}; import into an empty one "
                    "(a new TRACKER_HOME or TRACKER_DATABASE_URL)"
                ).format(label=label)
            )
    deferred = _deferrals(connection)
    behind = _Behind(connection)
    batched = {table: sql for deferral in deferred for table, sql in deferral.batched.items()}
    if isinstance(data, ExportSource):
        events, header = data.events(), data.header
    else:
        events, header = _events_of(data), data
    order = list(TABLES)
    seen: list[str] = []
    company_ids: dict[int, int] = {}
    merged: list[dict] = []
    evidence: list[dict] = []
    done: dict[str, _Table] = {}
    current: _Table | None = None
    batch: list[tuple[int, list]] = []
    companies: list[dict] = []
    number = 0

    def finish() -> None:
        if current is None:
            return
        behind.wait()
        if current.name == "company":
            merged.extend(_put_companies(session, current, companies, company_ids))
        else:
            current.flush(connection, batch, company_ids)
        batch.clear()

    try:
        for kind, value in events:
            if kind == "table":
                finish()
                _check_header(header, final=False)
                name = value
                if name not in TABLES:
                    raise TrackerError(
                        _("the export has unknown tables: {tables}").format(tables=name)
                    )
                if name in seen:
                    raise TrackerError(
                        _("the export has table {table} twice").format(table=repr(name))
                    )
                skipped = [t for t in order[: order.index(name)] if t not in seen]
                if skipped:
                    raise TrackerError(
                        _(
                            "the export has no table {table} before {next} (import reads the "
                            "tables in the order export writes them: {order})"
                        ).format(table=repr(skipped[0]), next=repr(name), order=", ".join(order))
                    )
                seen.append(name)
                current = done[name] = _Table(name, connection, behind, batched.get(name))
                number = 0
                continue
            assert current is not None  # rows come inside a table
            if current.name == "company":
                for row in value:
                    number += 1
                    companies.append(current.check(row, number))
                continue
            values, kept = current.values, current.name == "evidence"
            for row in value:
                number += 1
                batch.append((number, values(row, number)))
                if kept:
                    evidence.append({k: row[k] for k in ("file", "size", "sha256")})
                if len(batch) == BATCH:
                    current.flush(connection, batch, company_ids)
                    batch.clear()
        finish()
        _check_header(header, final=True)
        missing = [name for name in order if name not in seen]
        if missing:
            raise TrackerError(_("the export has no table {table}").format(table=repr(missing[0])))
        behind.wait()
        _finish(connection, deferred)
    finally:
        behind.join()  # the thread is done with the connection before anything else
    for loaded in done.values():
        if loaded.runs:
            # one change with the ids of every table: `tracker undo` takes it all back
            rows = sum(last - first + 1 for first, last in loaded.runs)
            journal.record_bulk_inserted(session, loaded.table, loaded.runs, rows)
    if connection.dialect.name == "postgresql":
        _reset_sequences(connection)
        _analyze(connection)

    result = Imported(
        counts={name: done[name].count for name in TABLES},
        merged_companies=[row["name"] for row in merged],
    )
    if home is not None and evidence:
        result.missing_files = _check_evidence_files(home / "evidence", evidence)
    return result


@dataclass
class _Deferral:
    """Derived data that triggers keep in step row by row (the search index of
    migration 0008, the contact totals of 0007), built once after an import's rows
    instead: for an import of a million contacts the triggers are most of its time.

    `pause` runs before the first row (drops or disables the insert triggers; on
    PostgreSQL also drops the GIN index, which a bulk CREATE INDEX builds far
    faster than a million inserts into it), `fill` after the last one (the
    migration's own statements for existing rows), then `resume` (the triggers and
    index back from their own text). All inside the import's transaction: a
    failed import rolls everything back, triggers and index included. Made only
    when the tables it fills were empty and the live triggers are exactly the
    migration's; otherwise the triggers are left to work."""

    pause: list[str] = field(default_factory=list)
    fill: list[str] = field(default_factory=list)
    resume: list[str] = field(default_factory=list)
    # table -> the statements filling what is deferred for a batch of its rows just
    # inserted, run while the next batch is read: by the range of their ids
    # (parameters `first` and `last`), and by the list of them (`ids`)
    batched: dict[str, tuple[str, str]] = field(default_factory=dict)


def _deferrals(connection: sa.Connection) -> list[_Deferral]:
    """The deferrals that apply to this database, already paused."""
    found = [
        deferral
        for deferral in (
            _index_deferral(connection),  # first: the fills below read through its indexes
            _search_deferral(connection),
            _tally_deferral(connection),
            _touch_deferral(connection),  # after the contact totals: it reads case_tally
            _status_tally_deferral(connection),
            _link_deferral(connection),
        )
        if deferral is not None
    ]
    for deferral in found:
        for statement in deferral.pause:
            _run(connection, statement)
    return found


def _finish(connection: sa.Connection, deferrals: list[_Deferral]) -> None:
    """Fill what was deferred, then put its triggers (and index) back."""
    for deferral in deferrals:
        for statement in (*deferral.fill, *deferral.resume):
            _run(connection, statement)


def _run(connection: sa.Connection, statement: str) -> None:
    """Run a migration's statement as written."""
    if connection.dialect.name == "postgresql":
        statement = _for_psycopg(statement)
    connection.exec_driver_sql(statement)


def _for_psycopg(statement: str, *parameters: str) -> str:
    """A migration's statement as psycopg takes it: psycopg reads `%` as the start
    of a placeholder (0008's ids use the modulo), so it is doubled, and the named
    `parameters` (`:name`) become `%(name)s`."""
    statement = statement.replace("%", "%%")
    for name in parameters:
        statement = re.sub(rf":{name}\b", f"%({name})s", statement)
    return statement


def _empty(connection: sa.Connection, table: str) -> bool:
    return connection.exec_driver_sql(f"SELECT 1 FROM {table} LIMIT 1").first() is None


def _sqlite_trigger(connection: sa.Connection, name: str) -> str | None:
    """The CREATE TRIGGER text of a SQLite trigger, as it was written."""
    return connection.execute(
        sa.text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :name"),
        {"name": name},
    ).scalar()


def _pg_trigger(connection: sa.Connection, table: str, name: str) -> tuple[str, str] | None:
    """A PostgreSQL trigger that is enabled: its definition and its function's body."""
    found = connection.execute(
        sa.text(
            "SELECT pg_get_triggerdef(t.oid), p.prosrc FROM pg_trigger t "
            "JOIN pg_proc p ON p.oid = t.tgfoid "
            "WHERE t.tgrelid = to_regclass(:table) AND t.tgname = :name AND t.tgenabled = 'O'"
        ),
        {"table": table, "name": name},
    ).first()
    return None if found is None else (found[0], found[1])


def _pg_trigger_is(live, name: str, table: str, watched: str, body: str) -> bool:
    """Whether a live PostgreSQL trigger is the migration's: fired for every row on
    insert, delete and update of `watched`, calling its function, whose body
    inserts `body` (the statement the fill runs for all rows at once)."""
    if live is None:
        return False
    definition, source = live
    made = re.fullmatch(
        rf"CREATE TRIGGER {name} AFTER INSERT OR DELETE OR UPDATE OF {re.escape(watched)} "
        rf"ON (?:\S+\.)?{table} FOR EACH ROW EXECUTE FUNCTION (?:\S+\.)?{name}\(\)",
        definition,
    )
    return made is not None and body in source


# The search index's GIN index as migrations 0004 and 0008 make it (pg_indexes' spelling).
_GIN = re.compile(
    r"CREATE INDEX ix_search_index_body ON (?:\S+\.)?search_index "
    r"USING gin \(lower\(body\) (?:\S+\.)?gin_trgm_ops\)"
)


def _search_deferral(connection: sa.Connection) -> _Deferral | None:
    """The search index (migration 0008) filled a batch of rows at a time, not row
    by row: each batch is indexed just after it is inserted, in a thread of its own
    while the next batch is read (`batched`).

    Set aside: the insert triggers of the indexed tables, and those of orders and
    shipments, which refresh the texts they give the cases pointing at them (an
    import inserts them before any case). The company table keeps its trigger:
    Amazon is there already and the file's few other companies are merged with it
    one by one, before any case."""
    migration = _search_migration()
    if migration is None:
        return None
    sqlite = connection.dialect.name == "sqlite"
    columns = migration.INDEX_COLUMNS
    if not sqlite:  # a plain table there, keyed by `id`
        columns = re.sub(r"^rowid\b", "id", columns)
    insert = f"INSERT INTO search_index{'' if sqlite else ' '}({columns}) "
    # the insert triggers set aside: (name, text) on SQLite, (table, name,
    # columns watched, body) on PostgreSQL, each as the migration writes it
    triggers: list[tuple[str, str]] = []
    pg_triggers: list[tuple[str, str, str, str]] = []
    batched = {}
    for table, owner, kind, fields in migration.SOURCES:
        if not _empty(connection, table):
            return None
        name = f"search_{table}"
        new_rows = migration._rows("sqlite", "NEW", owner, kind, fields)
        triggers.append(
            (
                f"{name}_insert",
                f"CREATE TRIGGER {name}_insert AFTER INSERT ON {table} "
                f"BEGIN {insert}{new_rows}; END",
            )
        )
        new_rows = migration._rows("postgresql", "NEW", owner, kind, fields)
        pg_triggers.append((table, name, migration._watched(owner, fields), f"{insert}{new_rows}"))
        batched[table] = _batch_statements(migration, sqlite, insert, table, owner, fields)
    for table, link, key, linked in migration.LINKED:
        if table == "company":
            continue
        if not _empty(connection, table):
            return None
        name = f"search_{table}"
        refresh = migration._refresh("sqlite", table, link, f"NEW.{key}", "rowid")
        triggers.append(
            (
                f"{name}_insert",
                f"CREATE TRIGGER {name}_insert AFTER INSERT ON {table} BEGIN {refresh} END",
            )
        )
        refresh = migration._refresh("postgresql", table, link, f"NEW.{key}", "id")
        watched = ", ".join(linked + (() if key == "id" else (key,)))
        pg_triggers.append((table, name, watched, refresh))
    deferral = _set_aside(connection, [], triggers, pg_triggers)
    if deferral is None:
        return None
    deferral.batched = batched
    if sqlite:
        _fts5_bulk(connection, deferral)
    else:
        index = connection.exec_driver_sql(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "AND tablename = 'search_index' AND indexname = 'ix_search_index_body'"
        ).scalar()
        if index is not None and _GIN.fullmatch(index):
            deferral.pause.append("DROP INDEX ix_search_index_body")
            deferral.resume.append(index)
    return deferral


def _batch_statements(
    migration, sqlite: bool, insert: str, table: str, owner: str, fields
) -> tuple[str, str]:
    """The statements indexing a batch of `table`'s rows (see _Deferral.batched),
    by id range and by id list, with the migration's own SELECT of the index rows."""
    by_range = f" WHERE {table}.id BETWEEN :first AND :last"
    if sqlite:  # FTS5 writes best in rowid order, and the fields' rows interleave
        by_list = f" WHERE {table}.id IN (SELECT value FROM json_each(:ids))"
        made = [
            f"{insert}SELECT * FROM ({migration._select('sqlite', table, owner, fields, where)}) "
            "ORDER BY id"
            for where in (by_range, by_list)
        ]
    else:
        by_list = f" WHERE {table}.id = ANY(:ids)"
        made = [
            _for_psycopg(
                insert + migration._select("postgresql", table, owner, fields, where),
                "first",
                "last",
                "ids",
            )
            for where in (by_range, by_list)
        ]
    return made[0], made[1]


def _index_deferral(connection: sa.Connection) -> _Deferral | None:
    """The plain (not unique) indexes of the empty tables an import fills, dropped
    before the rows and made again after them from their own definitions.

    A row inserted into an indexed table goes into every index of it, most of
    them in another order than the ids (a reference's value, a contact's
    channel): at a million rows, page after page read and written again. Made
    again, each index is built once, from sorted rows. Unique indexes stay: they
    refuse a duplicate as it comes. Inside the import's transaction, like the rest.

    The shipments' indexes stay too: the cases' index rows read each case's
    shipments by their order as the cases go in (a few thousand rows' worth)."""
    quote = connection.dialect.identifier_preparer.quote
    sqlite = connection.dialect.name == "sqlite"
    migration = _search_migration()
    read = {t for t, _link, key, _ in migration.LINKED if key != "id"} if migration else set()
    deferral = _Deferral()
    for name in TABLES:
        if name in read:
            continue
        indexes: list[tuple[str, str]]
        if sqlite:
            found = connection.execute(
                sa.text(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                    "AND tbl_name = :table AND sql IS NOT NULL ORDER BY name"
                ),
                {"table": name},
            ).all()
            indexes = [(n, sql) for n, sql in found if not sql.startswith("CREATE UNIQUE")]
        else:
            found = connection.execute(
                sa.text(
                    "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                    "JOIN pg_class c ON c.oid = i.indexrelid "
                    "WHERE i.indrelid = to_regclass(:table) "
                    "AND NOT i.indisunique AND NOT i.indisprimary "
                    # a partial index's condition, read back, does not make the same
                    # index text again (its casts move): such indexes stay
                    "AND i.indpred IS NULL "
                    "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) "
                    "ORDER BY c.relname"
                ),
                {"table": quote(name)},
            ).all()
            indexes = [(n, definition) for n, definition in found]
        if not indexes or not _empty(connection, quote(name)):
            continue
        for index, definition in indexes:
            deferral.pause.append(f"DROP INDEX {quote(index)}")
            deferral.resume.append(definition)
    return deferral if deferral.pause else None


def _link_deferral(connection: sa.Connection) -> _Deferral | None:
    """PostgreSQL: the foreign keys of the tables an import fills, dropped before
    the rows and added back after them, from their own definitions and names.

    A foreign key checks every inserted row with a trigger of its own, a lookup
    each; added back, it checks all the rows at once with one join. The import
    has already checked every link itself (a row pointing at no row is refused
    with its number), so the constraints only confirm it. Made only while those
    tables are empty; a failed import rolls the drops back with everything else."""
    if connection.dialect.name != "postgresql":
        return None
    quote = connection.dialect.identifier_preparer.quote
    deferral = _Deferral()
    for name in TABLES:
        links = connection.execute(
            sa.text(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE contype = 'f' AND conrelid = to_regclass(:table) ORDER BY conname"
            ),
            {"table": quote(name)},
        ).all()
        if not links:
            continue
        if not _empty(connection, quote(name)):
            return None
        for constraint, definition in links:
            deferral.pause.append(f"ALTER TABLE {quote(name)} DROP CONSTRAINT {quote(constraint)}")
            deferral.resume.append(
                f"ALTER TABLE {quote(name)} ADD CONSTRAINT {quote(constraint)} {definition}"
            )
    return deferral if deferral.pause else None


# SQLite's page cache while the index is merged, in KiB
OPTIMIZE_CACHE_KIB = 32768

# FTS5's merge settings and their defaults (SQLite's fts5_config.c)
_FTS5_MERGES = {"automerge": 4, "crisismerge": 16}


def _fts5_bulk(connection: sa.Connection, deferral: _Deferral) -> None:
    """Fill the FTS5 index without merging as it goes, then merge it once.

    FTS5 writes its index in segments and by default merges them while rows go
    in, level after level: for 5 million rows a quarter of the fill's time. With
    automerge off and crisismerge high, the fill only writes segments (one per
    batch at least: FTS5 writes its pending rows at the end of every statement
    inside a transaction); one 'optimize' then merges them all into a single one
    (the fastest to search), and the settings go back to what they were."""
    before: dict[str, int] = dict(
        connection.exec_driver_sql(
            "SELECT k, v FROM search_index_config WHERE k IN ('automerge', 'crisismerge')"
        ).all()
    )
    setting = "INSERT INTO search_index(search_index, rank) VALUES('{key}', {value})"
    deferral.pause += [
        setting.format(key="automerge", value=0),
        # each statement writes a segment at least, and FTS5 holds at most 2,000:
        # when 1,000 gather on a level they are merged into one on the next
        setting.format(key="crisismerge", value=1000),
    ]
    # The merge reads and writes the whole index: with SQLite's default 2 MB of
    # cache a third of its time is pages read again. The cache is larger only
    # for it (SQLite sizes its sorts by the cache too: they would take as much).
    cache = int(connection.exec_driver_sql("PRAGMA cache_size").scalar() or -2000)
    deferral.fill += [
        f"PRAGMA cache_size = {-OPTIMIZE_CACHE_KIB}",
        "INSERT INTO search_index(search_index) VALUES('optimize')",
        f"PRAGMA cache_size = {cache}",
    ]
    deferral.resume += [
        setting.format(key=key, value=int(before.get(key, default)))
        for key, default in _FTS5_MERGES.items()
    ]


def _set_aside(
    connection: sa.Connection,
    fill: list[str],
    sqlite: list[tuple[str, str]],
    postgres: list[tuple[str, str, str, str]],
) -> _Deferral | None:
    """A deferral of a migration's totals: its insert triggers set aside while the
    rows go in, `fill` after them, the triggers back. SQLite: (trigger name, its
    CREATE TRIGGER text as the migration writes it), dropped and made again.
    PostgreSQL: (table, trigger name, columns watched, body), disabled and enabled.
    None (the triggers are left to work) when a live trigger is not the migration's."""
    pause: list[str] = []
    resume: list[str] = []
    if connection.dialect.name == "sqlite":
        for name, made in sqlite:
            if _sqlite_trigger(connection, name) != made:
                return None
            pause.append(f"DROP TRIGGER {name}")
            resume.append(made)
    else:
        for table, name, watched, body in postgres:
            if not _pg_trigger_is(_pg_trigger(connection, table, name), name, table, watched, body):
                return None
            pause.append(f"ALTER TABLE {table} DISABLE TRIGGER {name}")
            resume.append(f"ALTER TABLE {table} ENABLE TRIGGER {name}")
    return _Deferral(pause, fill, resume)


def _tally_deferral(connection: sa.Connection) -> _Deferral | None:
    """The contact totals (migration 0007) counted once after the rows, with the
    migration's own statements; only while there are no totals yet."""
    migration = _migration("0007", "FILL", "WATCHED", "_add_channel", "_add_case")
    if migration is None:
        return None
    counted = connection.exec_driver_sql(
        "SELECT (SELECT count(*) FROM contact_tally) + (SELECT count(*) FROM case_tally)"
    ).scalar()
    if counted or not _empty(connection, "contact"):
        return None
    name = "tally_contact_insert"
    made = (
        f"CREATE TRIGGER {name} AFTER INSERT ON contact BEGIN "
        f"{migration._add_channel('NEW')} {migration._add_case('max')} END"
    )
    body = f"{migration._add_channel('NEW')} {migration._add_case('greatest')}"
    return _set_aside(
        connection,
        list(migration.FILL),
        [(name, made)],
        [("contact", "tally_contact", migration.WATCHED, body)],
    )


def _status_tally_deferral(connection: sa.Connection) -> _Deferral | None:
    """The cases and promises totals (migration 0009) counted once after the rows,
    with the migration's own statements; only while there are no totals yet."""
    migration = _migration("0009", "FILL", "TRIGGERS", "sqlite_insert_trigger")
    if migration is None:
        return None
    counted = connection.exec_driver_sql(
        "SELECT (SELECT count(*) FROM case_status_tally) + (SELECT count(*) FROM promise_tally)"
    ).scalar()
    if counted or not (_empty(connection, "cases") and _empty(connection, "promise")):
        return None
    return _set_aside(
        connection,
        list(migration.FILL),
        [
            (f"{name}_insert", migration.sqlite_insert_trigger(table, name, add))
            for table, name, _watched, add, _drop in migration.TRIGGERS
        ],
        [
            (table, name, watched, add("NEW"))
            for table, name, watched, add, _drop in migration.TRIGGERS
        ],
    )


def _touch_deferral(connection: sa.Connection) -> _Deferral | None:
    """The active cases by last touch (migration 0011) listed once after the rows,
    with the migration's own statement, instead of a trigger on every case and
    every case total inserted; only while there are none yet."""
    migration = _migration("0011", "FILL", "SQLITE_TRIGGERS", "PG_TRIGGERS")
    if migration is None:
        return None
    if not (_empty(connection, "active_touch") and _empty(connection, "cases")):
        return None
    return _set_aside(
        connection,
        list(migration.FILL),
        [
            (name, migration.SQLITE_TRIGGERS[name])
            for name in ("touch_case_insert", "touch_tally_insert")
        ],
        list(migration.PG_TRIGGERS),
    )


def _search_migration():
    """Migration 0008 (the search index by case) as a module, or None if it is not there."""
    return _migration(
        "0008", "SOURCES", "LINKED", "INDEX_COLUMNS", "_rows", "_select", "_watched", "_refresh"
    )


def _migration(revision: str, *names: str):
    """A migration's module (to reuse its statements), or None if it is not there
    or lacks one of `names`."""
    import importlib.util

    from tracker.migrate import migrations_folder

    found = sorted((migrations_folder() / "versions").glob(f"{revision}_*.py"))
    if len(found) != 1:
        return None
    spec = importlib.util.spec_from_file_location(f"tracker_migration_{revision}", found[0])
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if not all(hasattr(module, name) for name in names):
        return None
    return module


def _check_header(header: dict, *, final: bool) -> None:
    """The format and version keys, as soon as they are read (at the end: there)."""
    if ("format" in header or final) and header.get("format") != FORMAT:
        raise TrackerError(_('not a tracker export (no "format": "tracker-export" key)'))
    if ("version" in header or final) and header.get("version") != VERSION:
        raise TrackerError(
            _(
                "unsupported export version {version}: this tracker reads version {supported}"
            ).format(version=repr(header.get("version")), supported=VERSION)
        )


def _put_companies(
    session: Session, table: _Table, rows: list[dict], company_ids: dict[int, int]
) -> list[dict]:
    """Insert the file's companies (`rows`: checked, as the insert sends them),
    matching those already there by name; fills `company_ids` (file id -> id in
    this database); returns the matched ones, which take the file's details."""
    seen: set[int] = set()
    for index, row in enumerate(rows):
        if row["id"] in seen:
            table.where.number = index + 1
            raise TrackerError(
                _("{where}: id {id} appears twice").format(where=table.where, id=row["id"])
            )
        seen.add(row["id"])
    keys = [row["key"] for row in rows]
    if len(set(keys)) != len(keys):
        raise TrackerError(_("the export holds two companies with the same name"))
    connection = session.connection()
    company = table.table
    existing = {
        row.key: row.id for row in connection.execute(sa.select(company.c.key, company.c.id))
    }
    taken = set(existing.values())
    next_id = max([*taken, *(r["id"] for r in rows), 0]) + 1
    fresh, merged = [], []
    for row in rows:
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
    details = [c for c in table.columns if c != "id"]
    marks = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    quote = connection.dialect.identifier_preparer.quote
    update = (
        f"UPDATE {quote(company.name)} SET {', '.join(f'{quote(c)} = {marks}' for c in details)} "
        f"WHERE id = {marks}"
    )
    for row in merged:
        row_id = company_ids[row["id"]]
        before = journal.row_before(session, company, row_id)
        connection.exec_driver_sql(update, tuple(row[c] for c in details) + (row_id,))
        journal.record_updated(session, company, row_id, before)
    if fresh:
        values = operator.itemgetter(*table.columns)
        connection.exec_driver_sql(table.sql, [values(row) for row in fresh])
        table.note_ids(sorted(row["id"] for row in fresh))
    table.count = len(rows)
    return merged


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


def _analyze(connection: sa.Connection) -> None:
    """Give PostgreSQL's planner the statistics of every table the import filled.

    Without them the first commands after an import plan in the dark until
    autovacuum gets round to the tables: `due` at 100,000 cases took 1.19 s
    instead of 0.72 s. ANALYZE reads a sample (about 1.5 s at 100,000 cases) and
    is transactional: the statistics come with the import's commit."""
    names = connection.execute(
        sa.text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    ).scalars()
    listed = ", ".join(f'"{name}"' for name in sorted(names) if name != "alembic_version")
    if listed:
        connection.exec_driver_sql(f"ANALYZE {listed}")


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
