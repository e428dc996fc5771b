"""Issue 13, the data items: dates, value ranges, what leaves the tool and what import takes in.

Every date that enters is from 1970 to 2200; every stored time shows in any zone;
commands and import accept the same ranges and lengths, so whatever can be written
exports and imports again; CSV cells are not formulas; bidirectional controls are
shown as escapes; import refuses files that do not agree with themselves.
"""

from __future__ import annotations

import csv
import json
import os
import resource
import subprocess
import sys
import time
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from tests.conftest import _pg_schema_url, drop_pg_schemas, new_pg_schema
from tracker.parse import MAX_DAYS, MAX_ID, MAX_MINOR, text_limit

HOSTILE = {"inputs": 0}


def refused(cli, *args, says: str | None = None, code: int = 1):
    """Run a command that must fail with one `Error:` line."""
    result = cli(*args, code=code)
    HOSTILE["inputs"] += 1
    assert result.stderr.startswith("Error: "), result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    if code == 1:
        assert len(result.stderr.splitlines()) == 1, result.stderr
    if says:
        assert says in result.stderr, result.stderr
    return result


@pytest.fixture
def fresh_home(tmp_path, monkeypatch, backend):
    """Switch to a second, empty data folder (and PostgreSQL schema): a new machine."""
    schemas = []

    def switch(name: str = "other"):
        folder = tmp_path / name
        monkeypatch.setenv("TRACKER_HOME", str(folder))
        if backend == "postgres":
            schemas.append(new_pg_schema())
            monkeypatch.setenv("TRACKER_DATABASE_URL", _pg_schema_url(*schemas[-1]))
        return folder

    yield switch
    drop_pg_schemas(schemas)


@pytest.fixture(scope="module", autouse=True)
def _count(figures):
    yield
    figures("test_hardening_data: {inputs} hostile inputs, each one Error line", **HOSTILE)
    HOSTILE["inputs"] = 0  # counted once, though pytest -n may set this module up again


def _zone(monkeypatch, name: str) -> None:
    monkeypatch.setenv("TZ", name)
    time.tzset()


def _write(statement) -> None:
    """Write straight into the database, past every check (what a hand edit does)."""
    from tracker.db import make_engine

    engine = make_engine()
    try:
        with engine.begin() as connection:
            connection.execute(statement)
    finally:
        engine.dispose()


# ---------------------------------------------------------------- 2. edge dates

OUT_OF_RANGE = [
    "0001-01-01",
    "9999-12-31",
    "1969-12-31",
    "2201-01-01",
    "0001-01-01 05:00+00:00",
    "9999-12-31T23:59:59+00:00",
    "1970-01-01T00:30:00+01:00",  # 1969 in UTC
]
DATE_OPTIONS = [
    ("case", "open", "Towel", "--happened"),
    ("case", "open", "Towel", "--follow-up"),
    ("case", "edit", "1", "--follow-up"),
    ("log", "1", "--channel", "chat", "--at"),
    ("log", "1", "--channel", "chat", "--promise", "refund", "--due"),
    ("order", "add", "A-1", "--placed"),
    ("ship", "add", "A-0", "--shipped"),
    ("ship", "add", "A-0", "--expected"),
    ("ship", "add", "A-0", "--delivered"),
]


@pytest.mark.parametrize("option", DATE_OPTIONS, ids=lambda o: " ".join(o[::2]))
def test_every_date_option_takes_only_1970_to_2200(cli, now, dump, option):
    now("2026-11-10T12:00:00")
    cli("case", "open", "Existing")
    cli("order", "add", "A-0")
    before = dump()
    for value in OUT_OF_RANGE:
        if option[-1] not in ("--at",) and ("T" in value or ":" in value):
            continue  # a time where only a date goes is refused for its form already
        refused(cli, *option, value)
    assert dump() == before


def test_the_edges_of_the_range_are_accepted(cli, now):
    now("2026-11-10T12:00:00")
    cli("case", "open", "Old and far", "--happened", "1970-01-01", "--follow-up", "2200-12-31")
    cli("log", "1", "--channel", "chat", "--at", "1970-01-01 00:00+00:00")
    case = cli.json("case", "show", "1")
    assert (case["happened_on"], case["follow_up_on"]) == ("1970-01-01", "2200-12-31")
    assert case["contacts"][0]["at"].startswith("1970-01-01T00:00:00")
    cli("case", "open", "Promise", "--happened", "2026-11-01")
    cli("log", "2", "--channel", "chat", "--promise", "refund", "--due", "2200-12-31")
    for command in (["case", "list"], ["due"], ["next", "2"], ["summary", "2"], ["stats"]):
        cli(*command)


def test_due_days_is_bounded(cli):
    refused(cli, "due", "--days", "1000000", says=f"at most {MAX_DAYS:,}")
    cli("due", "--days", str(MAX_DAYS))


READING = [
    ["case", "list"],
    ["case", "list", "--json"],
    ["case", "show", "1"],
    ["case", "show", "1", "--json"],
    ["due"],
    ["due", "--json"],
    ["next", "1"],
    ["summary", "1"],
    ["summary", "1", "--for", "manager"],
    ["search", "refund"],
    ["stats"],
]


@pytest.mark.parametrize(
    "zone, moment",
    [
        ("Etc/GMT+12", datetime(1, 1, 1, 5, 0, tzinfo=UTC)),
        ("Pacific/Kiritimati", datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)),
        ("Etc/GMT-14", datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)),
        ("Etc/GMT+12", datetime(1, 1, 1, 0, 0, tzinfo=UTC)),
    ],
)
def test_stored_times_at_the_ends_of_the_calendar_still_show(cli, now, monkeypatch, zone, moment):
    """A time no command accepts (written by hand into the database) never stops a
    reading command, in the zones where converting it overflows."""
    from tracker.models import Case, Contact, History, Promise

    now("2026-11-10T12:00:00")
    cli("case", "open", "Edge", "--happened", "2026-11-01")
    cli("log", "1", "--channel", "chat", "--note", "refund", "--promise", "refund", "--due", "+3d")
    _write(sa.update(Contact.__table__).values(at=moment, created_at=moment))
    _write(sa.update(History.__table__).values(at=moment))
    _write(sa.update(Case.__table__).values(opened_at=moment, updated_at=moment))
    _write(
        sa.update(Case.__table__).values(
            happened_on=date(moment.year, 1, 1), follow_up_on=moment.date()
        )
    )
    _write(sa.update(Promise.__table__).values(due_on=moment.date(), created_at=moment))
    _zone(monkeypatch, zone)
    for argv in READING:
        result = cli(*argv)
        HOSTILE["inputs"] += 1
        assert "Traceback" not in result.stdout + result.stderr


def test_import_takes_only_1970_to_2200(cli, tmp_path, fresh_home):
    cli("case", "open", "Towel", "--follow-up", "2026-12-01")
    cli("log", "1", "--channel", "chat")
    out = tmp_path / "export.json"
    cli("export", "--out", out)
    fresh_home()
    for table, column, value in [
        ("contact", "at", "0001-01-01T05:00:00+00:00"),
        ("contact", "at", "9999-12-31T23:59:59+00:00"),
        ("cases", "opened_at", "1969-12-31T23:59:59+00:00"),
        ("cases", "follow_up_on", "9999-12-31"),
        ("cases", "follow_up_on", "1969-12-31"),
        ("history", "at", "2201-01-01T00:00:00+00:00"),
    ]:
        data = json.loads(out.read_text())
        data["tables"][table][0][column] = value
        bad = tmp_path / "bad.json"
        bad.write_text(json.dumps(data))
        refused(cli, "import", bad, says="from 1970 to 2200")
    assert cli.json("case", "list") == []


# ---------------------------------------------------------------- 5. ranges and lengths


def test_an_amount_is_below_the_bound(cli):
    biggest = str(MAX_MINOR - 1)  # JPY has no decimals
    cli("case", "open", "Most yen", "--currency", "JPY", "--amount", biggest)
    refused(cli, "case", "open", "x", "--currency", "JPY", "--amount", str(MAX_MINOR), says="large")
    refused(cli, "case", "open", "x", "--currency", "JPY", "--amount", "999999999999999")
    # to KWD (3 decimals) the same amount is 1000 times as many minor units
    refused(cli, "case", "edit", "1", "--currency", "KWD", says="too large")
    assert cli.json("case", "show", "1")["currency"] == "JPY"
    cli("case", "open", "Some yen", "--currency", "JPY", "--amount", "5000")
    cli("case", "edit", "2", "--currency", "KWD")
    assert cli.json("case", "show", "2")["amount"] == "5000.000"


def test_ten_of_the_largest_amounts_add_up(cli):
    """The issue's way to overflow `stats` on SQLite: ten cases of 999,999,999,999,999
    yen turned into dinars. Each step is refused or fits; the sums stay exact."""
    for n in range(10):
        opened = cli(
            "case", "open", f"Yen {n}", "--currency", "JPY", "--amount", "9" * 15, code=None
        )
        if opened.exit_code == 0:
            listed = cli.json("case", "list", "--limit", "0")
            case = next(c["id"] for c in listed if c["title"] == f"Yen {n}")
            cli("case", "edit", str(case), "--currency", "KWD", code=None)
        cli("case", "open", f"Big {n}", "--currency", "KWD", "--amount", "9999999999.999")
    stats = cli.json("stats")
    amounts = [c for c in cli.json("case", "list", "--limit", "0") if c["currency"] == "KWD"]
    assert len(amounts) >= 10
    total = sum(int(c["amount"].replace(".", "")) for c in amounts)
    assert stats["money"]["at_stake"]["KWD"] == f"{total // 1000}.{total % 1000:03d}"


@pytest.mark.parametrize(
    "command, table, column",
    [
        (("log", "1", "--channel", "chat", "--ref"), "reference", "value"),
        (("log", "1", "--channel", "chat", "--rep"), "contact", "rep_name"),
        (("case", "open"), "cases", "title"),
        (("company", "add"), "company", "name"),
        (("order", "add"), "orders", "number"),
        (("ship", "add", "A-0", "--tracking"), "shipment", "tracking"),
    ],
)
def test_commands_and_import_share_each_length(cli, tmp_path, fresh_home, command, table, column):
    """One more character than the limit: the command refuses it, and so does import."""
    cli("case", "open", "Towel")
    cli("order", "add", "A-0")
    cli("ship", "add", "A-0", "--tracking", "T-1")
    cli("log", "1", "--channel", "chat", "--ref", "R-1", "--rep", "Ann")
    limit = text_limit(table, column)
    refused(cli, *command, "é" * (limit + 1), says="too long")
    cli(*command, "é" * limit)
    out = tmp_path / "export.json"
    cli("export", "--out", out)
    data = json.loads(out.read_text())
    row = data["tables"][table][0]
    row[column] = "é" * (limit + 1)
    if table == "company":
        row["key"] = row[column].casefold()
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    fresh_home()
    refused(cli, "import", bad, says="too long")
    refused(cli, "import", bad.with_name("missing.json"), says="no such file")


def _export(cli, tmp_path, name: str = "export.json"):
    out = tmp_path / name
    cli("export", "--out", out)
    return out


def test_the_extremes_round_trip(cli, now, tmp_path, fresh_home):
    """The longest fields, the largest amounts and the earliest and latest dates
    are written by the commands, exported, imported and exported again unchanged."""
    now("2026-11-10T12:00:00")
    long = {key: "ß" * n for key, n in _LIMITS.items()}
    cli(
        "company",
        "add",
        long["company"],
        "--phone",
        long["phone"],
        "--url",
        long["url"],
        "--email",
        long["email"],
    )
    company = long["company"]
    cli(
        "order",
        "add",
        long["order"],
        "--company",
        company,
        "--item",
        long["item"],
        "--amount",
        "99999999999.99",
        "--placed",
        "1970-01-01",
    )
    cli(
        "ship",
        "add",
        long["order"],
        "--carrier",
        long["carrier"],
        "--tracking",
        long["tracking"],
        "--status",
        long["status"],
        "--shipped",
        "1970-01-01",
        "--expected",
        "2200-12-31",
    )
    cli(
        "case",
        "open",
        long["title"],
        "--order",
        long["order"],
        "--happened",
        "1970-01-01",
        "--follow-up",
        "2200-12-31",
        "--currency",
        "KWD",
        "--amount",
        "9999999999.999",
    )
    cli(
        "log",
        "1",
        "--channel",
        "phone",
        "--at",
        "1970-01-01 00:00+00:00",
        "--rep",
        long["rep"],
        "--rep-id",
        long["rep_id"],
        "--ref",
        long["ref"],
        "--promise",
        long["promise"],
        "--due",
        "2200-12-31",
        "--minutes",
        "1440",
    )
    cli("case", "close", "1", "--recovered", "9999999999.999")
    first = _export(cli, tmp_path)
    for zone in ("Etc/GMT+12", "Pacific/Kiritimati"):
        os.environ["TZ"] = zone
        time.tzset()
        for argv in READING[:-3]:
            cli(*argv)
    os.environ["TZ"] = "UTC"
    time.tzset()

    fresh_home()
    cli("import", first)
    again = _export(cli, tmp_path, "again.json")
    assert json.loads(again.read_text())["tables"] == json.loads(first.read_text())["tables"]
    case = cli.json("case", "show", "1")
    assert case["title"] == long["title"] and case["amount"] == "9999999999.999"
    assert cli.json("stats")["money"]["recovered"]["KWD"] == "9999999999.999"


_LIMITS = {
    "company": text_limit("company", "name"),
    "phone": text_limit("company", "phone"),
    "url": text_limit("company", "url"),
    "email": text_limit("company", "email"),
    "order": text_limit("orders", "number"),
    "item": text_limit("orders", "items"),
    "carrier": text_limit("shipment", "carrier"),
    "tracking": text_limit("shipment", "tracking"),
    "status": text_limit("shipment", "status"),
    "title": text_limit("cases", "title"),
    "rep": text_limit("contact", "rep_name"),
    "rep_id": text_limit("contact", "rep_id"),
    "ref": text_limit("reference", "value"),
    "promise": text_limit("promise", "what"),
}


# ---------------------------------------------------------------- 5, 6. ids


def test_the_largest_ids_import_and_are_addressed(cli, tmp_path, fresh_home):
    """Case #1234567890 and #2147483647 (the most a PostgreSQL sequence holds) import,
    answer to their numbers, and the sequence is reset without overflowing."""
    cli("case", "open", "Ten digits")
    cli("case", "open", "Largest")
    cli("log", "2", "--channel", "chat", "--ref", "R-9")
    data = json.loads(_export(cli, tmp_path).read_text())
    ids = {1: 1_234_567_890, 2: MAX_ID}
    for row in data["tables"]["cases"]:
        row["id"] = ids[row["id"]]
    for table in ("contact", "reference", "history", "promise", "evidence"):
        for row in data["tables"][table]:
            row["case_id"] = ids[row["case_id"]]
    data["tables"]["contact"][0]["id"] = MAX_ID - 1
    data["tables"]["reference"][0]["contact_id"] = MAX_ID - 1
    fine = tmp_path / "large-ids.json"
    fine.write_text(json.dumps(data))
    fresh_home()
    cli("import", fine)
    assert cli.json("case", "show", "1234567890")["title"] == "Ten digits"
    assert cli.json("case", "show", "#1234567890")["title"] == "Ten digits"
    assert cli.json("case", "show", str(MAX_ID))["title"] == "Largest"
    assert cli.json("case", "show", "R-9")["id"] == MAX_ID
    refused(cli, "case", "show", f"#{MAX_ID + 1}", says="no case")
    refused(cli, "case", "show", "99999999999", says="no case matches")
    cli("log", "1234567890", "--channel", "email")  # the sequences continue after the ids
    assert [c["id"] for c in cli.json("case", "show", "1234567890")["contacts"]] == [MAX_ID]


def test_an_id_past_the_bound_is_refused_by_import(cli, tmp_path, fresh_home):
    cli("case", "open", "Towel")
    data = json.loads(_export(cli, tmp_path).read_text())
    data["tables"]["cases"][0]["id"] = MAX_ID + 1
    for row in data["tables"]["history"]:
        row["case_id"] = MAX_ID + 1
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    fresh_home()
    refused(cli, "import", bad, says="out of range")


# ---------------------------------------------------------------- 8. import input


def _run_import(path, tmp_path) -> subprocess.CompletedProcess:
    """`tracker import PATH` in its own process, with 1 GB of memory and 60 seconds."""

    def limit_memory():
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run(
        [sys.executable, "-m", "tracker", "import", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=limit_memory,
        env=os.environ.copy(),
    )


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_import_of_what_is_not_a_file(cli, tmp_path, kind):
    if kind == "fifo":
        path = tmp_path / "pipe"
        os.mkfifo(path)
    else:
        path = "/dev/zero"
    cli("case", "list")  # the database exists before the import runs
    result = _run_import(path, tmp_path)
    HOSTILE["inputs"] += 1
    assert result.returncode == 1, result.stderr[-500:]
    assert result.stderr.startswith("Error: ") and "not a regular file" in result.stderr
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    "content, says",
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deep"),
        ('{"format": "tracker-export", "version": ' + "9" * 5000 + "}", "digits"),
        ("\udcff", "UTF-8"),
    ],
    ids=["nested", "huge-integer", "not-utf8"],
)
def test_import_of_hostile_json(cli, tmp_path, content, says):
    path = tmp_path / "hostile.json"
    path.write_bytes(content.encode("utf-8", "surrogateescape"))
    refused(cli, "import", path, says=says)


# ---------------------------------------------------------------- 6. case numbers


def test_ten_digit_case_numbers_are_not_mistaken(cli):
    """A ten-digit reference that is no case number is still found as a reference."""
    cli("case", "open", "Towel")
    cli("log", "1", "--channel", "chat", "--ref", "4000000000")
    assert cli.json("case", "show", "4000000000")["id"] == 1
    cli("log", "1", "--channel", "chat", "--ref", "2000000000")
    assert cli.json("case", "show", "2000000000")["id"] == 1


# ---------------------------------------------------------------- 10. the right day


def test_a_bare_at_date_means_that_day(cli, now):
    now("2026-11-29T09:00:00")  # a Sunday morning
    cli("case", "open", "Towel")
    for value in ("2026-11-29", "nov 29", "sunday", "today"):
        cli("log", "1", "--channel", "chat", "--at", value)
    cli("log", "1", "--channel", "chat", "--at", "2026-11-27")
    cli("log", "1", "--channel", "chat", "--at", "nov 28")
    times = [c["at"] for c in cli.json("case", "show", "1")["contacts"]]
    assert times.count("2026-11-29T09:00:00+00:00") == 4
    assert "2026-11-27T00:00:00+00:00" in times and "2026-11-28T00:00:00+00:00" in times
    refused(cli, "log", "1", "--channel", "chat", "--at", "2026-11-30", says="future")


def test_a_bare_at_date_starts_the_day_in_the_users_zone(cli, now, monkeypatch):
    _zone(monkeypatch, "America/New_York")
    now("2026-11-29T09:00:00")  # local
    cli("case", "open", "Towel")
    cli("log", "1", "--channel", "chat", "--at", "2026-11-28")
    assert cli.json("case", "show", "1")["contacts"][0]["at"] == "2026-11-28T00:00:00-05:00"


def test_a_promise_due_before_its_contact_is_refused(cli, now, dump):
    now("2026-11-10T12:00:00")
    cli("case", "open", "Towel")
    before = dump()
    refused(
        cli,
        *("log", "1", "--channel", "chat", "--at", "2026-11-01", "--promise", "refund"),
        *("--due", "2020-01-01"),
        says="before the contact",
    )
    assert dump() == before
    cli("log", "1", "--channel", "chat", "--at", "2026-11-01", "--promise", "x", "--due", "nov 1")
    cli("log", "1", "--channel", "chat", "--at", "2026-11-01", "--promise", "y", "--due", "nov 3")


def test_february_29_in_a_year_without_it(cli, now):
    now("2027-03-10T12:00:00")
    cli("case", "open", "Leap", "--happened", "feb 29", "--follow-up", "29 feb")
    case = cli.json("case", "show", "1")
    assert case["happened_on"] == "2024-02-29"  # the last one that has been
    assert case["follow_up_on"] == "2028-02-29"  # the next one
    cli("log", "1", "--channel", "chat", "--at", "feb 29")
    assert cli.json("case", "show", "1")["contacts"][0]["at"] == "2024-02-29T00:00:00+00:00"
    refused(cli, "case", "open", "x", "--happened", "feb 30", says="bad --happened")
    refused(cli, "case", "open", "x", "--happened", "feb 29, 2027", says="bad --happened")


# ---------------------------------------------------------------- 11. what leaves the tool

FORMULAS = ['=HYPERLINK("http://evil","x")', "+1+2", "-2+3", "@SUM(A1)", "=1\tx"]


def test_csv_cells_are_not_formulas(cli, tmp_path):
    for text in FORMULAS:
        cli("case", "open", f"--problem={text}", "--", f"{text} title")
    folder = tmp_path / "csv"
    cli("export", "--format", "csv", "--out", folder)
    with open(folder / "cases.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["problem"] for r in rows] == ["'" + t for t in FORMULAS]
    assert [r["title"] for r in rows] == ["'" + t + " title" for t in FORMULAS]
    assert rows[0]["amount_minor"] == ""  # numbers and empty cells untouched
    # JSON stays exactly as typed
    problems = [r["problem"] for r in json.loads(cli("export").stdout)["tables"]["cases"]]
    assert problems == FORMULAS
    # typed text loses its leading blanks; an imported cell may still start with them
    from tracker.services.transfer import _csv_cell

    assert [_csv_cell(v) for v in ("\tx", "\rx", "a=b", 12, None)] == [
        "'\tx",
        "'\rx",
        "a=b",
        "12",
        "",
    ]


BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def test_bidirectional_controls_are_shown_as_escapes(cli, tmp_path):
    cli("company", "add", "\u202eenozamA")
    cli("case", "open", "Invoice \u202ecod.exe", "--company", "\u202eenozamA")
    cli("log", "1", "--channel", "chat", "--rep", "Ann\u2066x\u2069")
    photo = tmp_path / "photo\u202egpj.exe"
    photo.write_bytes(b"MZ not a photo")
    cli("evidence", "add", "1", str(photo))
    for text in BIDI:
        cli("case", "open", f"t{text}t")
    for argv in (["case", "list"], ["case", "show", "1"], ["summary", "1"], ["company", "list"]):
        shown = cli(*argv).stdout
        assert not any(c in shown for c in BIDI), argv
    shown = cli("case", "show", "1").stdout
    assert "Invoice \\u202ecod.exe" in shown and "photo\\u202egpj.exe" in shown
    assert "Ann\\u2066x\\u2069" in shown
    listed = cli("case", "list", "--limit", "0").stdout
    for text in BIDI:
        assert f"t\\u{ord(text):04x}t" in listed
    assert cli.json("case", "show", "1")["title"] == "Invoice \u202ecod.exe"  # JSON: as typed


# ---------------------------------------------------------------- 12. consistent imports


def _with_evidence(cli, tmp_path):
    cli("case", "open", "Towel")
    photo = tmp_path / "robe.jpg"
    photo.write_bytes(b"\xff\xd8 a gray bathrobe")
    cli("evidence", "add", "1", str(photo))
    return json.loads(_export(cli, tmp_path).read_text())


@pytest.mark.parametrize(
    "change, says",
    [
        (lambda d: d["tables"]["company"][0].update(key="amazon2"), "key 'amazon2'"),
        (lambda d: d["tables"]["company"][0].update(name="Other"), "not the company name"),
        (lambda d: d["tables"]["evidence"][0].update(file="../../../../etc/passwd"), "evidence"),
        (lambda d: d["tables"]["evidence"][0].update(file="/etc/passwd"), "evidence folder"),
        (lambda d: d["tables"]["evidence"][0].update(file="1/./x"), "evidence folder"),
        (lambda d: d["tables"]["evidence"][0].update(file="1//x"), "evidence folder"),
        (lambda d: d["tables"]["evidence"][0].update(file="1\\..\\..\\x"), "evidence folder"),
        (lambda d: d["tables"]["evidence"][0].update(file=""), "evidence folder"),
        (lambda d: d["tables"]["evidence"][0].update(size=-1), "size -1 is negative"),
        (lambda d: d["tables"]["evidence"][0].update(sha256="abc"), "not a SHA-256"),
        (lambda d: d["tables"]["evidence"][0].update(size=2**53), "out of range"),
    ],
)
def test_import_refuses_rows_that_disagree(cli, tmp_path, fresh_home, dump, change, says):
    data = _with_evidence(cli, tmp_path)
    change(data)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    fresh_home()
    cli("case", "list")
    before = dump()
    refused(cli, "import", bad, says=says)
    assert dump() == before


def test_import_checks_the_evidence_files_it_finds(cli, home, tmp_path, fresh_home):
    data = _with_evidence(cli, tmp_path)
    kept = home / "evidence" / data["tables"]["evidence"][0]["file"]
    good = tmp_path / "good.json"
    good.write_text(json.dumps(data))

    new_home = fresh_home("second")
    copy = new_home / "evidence" / data["tables"]["evidence"][0]["file"]
    copy.parent.mkdir(parents=True)
    copy.write_bytes(kept.read_bytes()[:-1] + b"!")  # same size, other bytes
    refused(cli, "import", good, says="does not match")
    assert cli.json("case", "list") == []
    copy.write_bytes(kept.read_bytes())
    result = cli("import", good)
    assert "not in" not in result.stderr  # the file is there, and it matches

    fresh_home("third")
    assert "1 evidence file(s) are not in" in cli("import", good).stderr


def test_import_does_not_follow_a_link_out_of_the_evidence_folder(cli, tmp_path, fresh_home):
    data = _with_evidence(cli, tmp_path)
    good = tmp_path / "good.json"
    good.write_text(json.dumps(data))
    new_home = fresh_home("second")
    (new_home / "evidence").mkdir(parents=True)
    os.symlink(tmp_path, new_home / "evidence" / "1")
    refused(cli, "import", good, says="leads out of")
