"""export and import: everything out and back in, losslessly, or nothing at all."""

from __future__ import annotations

import csv
import json
import stat
import uuid

import pytest

from tests.conftest import _pg_schema_url, drop_pg_schemas, new_pg_schema


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


@pytest.fixture
def rich_file(cli, towel_case, tmp_path):
    """The towel case plus what round trips get wrong: unicode, newlines, odd
    amounts, every promise state, a closed case, another company, evidence."""
    cli("company", "add", "Bücher & Co", "--phone", "+49 30 1234", "--note", "Zeile 1\nZeile 2")
    cli(
        "order",
        "add",
        "B-77",
        "--company",
        "bücher & co",
        "--item",
        "Straße 🚲 «vélo»",
        "--item",
        "second\nline",
        "--amount",
        "1234567.05",
        "--currency",
        "EUR",
    )
    cli("order", "add", "JP-1", "--amount", "5000", "--currency", "JPY", "--placed", "2026-01-02")
    cli(
        "case",
        "open",
        "Vélo cassé — 100% _broken_",
        "--order",
        "B-77",
        "--category",
        "damaged",
        "--problem",
        "Line one\nLine two\ttabbed [red]not markup[/red]",
        "--want",
        "a refund",
        "--resolution",
        "refund",
        "--follow-up",
        "2026-11-12",
    )
    cli(
        "log",
        "2",
        "--channel",
        "email",
        "--with",
        "rep",
        "--rep",
        "José Ñúñez",
        "--ref",
        "RMA-ß-9",
        "--ref-kind",
        "return",
        "--at",
        "2026-11-09 08:15",
        "--minutes",
        "12",
        "--promise",
        "refund in 3 days",
        "--due",
        "2026-11-12",
        "--note",
        "multi\nline note",
    )
    cli(
        "log",
        "2",
        "--channel",
        "phone",
        "--with",
        "manager",
        "--rep",
        "Ann",
        "--promise",
        "call back",
        "--due",
        "2026-11-09",
        "--at",
        "2026-11-09 09:00",
    )
    cli("promise", "kept", "2")
    cli("promise", "broken", "3")
    photo = tmp_path / "robe.jpg"
    photo.write_bytes(b"\xff\xd8 not really a jpeg")
    cli("evidence", "add", "1", str(photo), "--note", "the gray bathrobe")
    cli("case", "open", "JPY thing", "--order", "JP-1")
    cli("case", "close", "3", "--outcome", "refunded", "--recovered", "5000")
    out = tmp_path / "export.json"
    cli("export", "--out", out)
    return out


def _tables(path_or_text) -> dict:
    text = path_or_text.read_text() if hasattr(path_or_text, "read_text") else path_or_text
    data = json.loads(text)
    assert data["format"] == "tracker-export" and data["version"] == 1
    return data["tables"]


def test_round_trip_is_lossless(cli, rich_file, fresh_home):
    first = _tables(rich_file)
    fresh_home()
    result = cli("import", rich_file)
    assert "Imported 3 case(s)" in result.stdout
    again = _tables(cli("export").stdout)
    assert again == first

    # what a user would check, in the imported database
    case = cli.json("case", "show", "#2")
    assert case["title"] == "Vélo cassé — 100% _broken_"
    assert case["problem"] == "Line one\nLine two\ttabbed [red]not markup[/red]"
    assert case["amount"] == "1234567.05" and case["currency"] == "EUR"
    assert case["order"]["items"] == ["Straße 🚲 «vélo»", "second\nline"]
    assert [p["state"] for p in case["promises"]] == ["kept", "broken"]
    assert case["contacts"][0]["rep_name"] == "José Ñúñez"
    assert case["contacts"][0]["at"] == "2026-11-09T08:15:00+00:00"
    assert case["references"] == [
        {
            "kind": "return",
            "value": "RMA-ß-9",
            "contact_id": case["contacts"][0]["id"],
            "note": None,
            "added_by": None,
        }
    ]
    towel = cli.json("case", "show", "#1")
    assert towel["promises"][0]["state"] == "pending" and towel["promises"][0]["overdue"]
    assert towel["evidence"][0]["note"] == "the gray bathrobe"
    assert [h["event"] for h in towel["history"]][0] == "opened"
    closed = cli.json("case", "show", "#3")
    assert closed["status"] == "closed" and closed["recovered"] == "5000"
    assert closed["closed_at"] is not None
    companies = {c["name"]: c for c in cli.json("company", "list")}
    assert companies["Bücher & Co"]["notes"] == "Zeile 1\nZeile 2"


def test_new_rows_after_import_get_fresh_ids(cli, rich_file, fresh_home):
    fresh_home()
    cli("import", rich_file)
    assert "Opened case #4" in cli("case", "open", "After the move").stdout
    cli("log", "4", "--channel", "chat", "--promise", "later", "--due", "+2d")
    data = cli.json("case", "show", "4")
    assert data["contacts"][0]["id"] == 6 and data["promises"][0]["id"] == 4
    cli("company", "add", "Newco")
    cli("order", "add", "N-1", "--company", "Newco")


def test_import_keeps_ids_and_reports_missing_evidence_files(cli, rich_file, fresh_home):
    fresh_home()
    result = cli("import", rich_file)
    assert "evidence file(s) are not in" in result.stderr
    assert cli.json("case", "show", "C-0042")["id"] == 1


def test_import_refuses_a_database_with_cases(cli, rich_file):
    result = cli("import", rich_file, code=1)
    assert result.stderr.startswith("Error: this database already holds cases")


def _broken(path, tmp_path, change) -> str:
    data = json.loads(path.read_text())
    change(data)
    target = tmp_path / f"broken-{uuid.uuid4().hex[:6]}.json"
    target.write_text(json.dumps(data) if not isinstance(data, str) else data)
    return str(target)


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d.update(version=99), "unsupported export version 99"),
        (lambda d: d.pop("format"), "not a tracker export"),
        (lambda d: d["tables"].pop("promise"), "no table 'promise'"),
        (lambda d: d["tables"]["history"][-1].pop("event"), "lacks event"),
        (lambda d: d["tables"]["history"][-1].update(at="yesterday"), "bad at"),
        (
            lambda d: d["tables"]["history"][-1].update(at="2026-11-10T12:00:00"),
            "needs its UTC offset",
        ),
        (lambda d: d["tables"]["cases"][0].update(amount_minor="24.99"), "expected a whole number"),
        (lambda d: d["tables"]["promise"][0].update(case_id=99), "points at no cases row"),
        (
            lambda d: d["tables"]["contact"][0].update(channel="carrier-pigeon"),
            "channel 'carrier-pigeon' is not one of",
        ),
        (lambda d: d["tables"]["contact"][0].update(rating=7), "rating 7 is not between 1 and 5"),
        (lambda d: d["tables"]["contact"][0].update(id=10**19), "out of range"),
        (lambda d: d["tables"]["orders"][0].update(amount_minor=10**16), "out of range"),
        (lambda d: d["tables"]["orders"][0].update(currency="dollars"), "is not a code"),
        (lambda d: d["tables"]["cases"][0].update(title="  "), "the title is empty"),
        (lambda d: d["tables"]["cases"][0].update(status="sleeping"), "status 'sleeping'"),
        (lambda d: d["tables"]["contact"].append(dict(d["tables"]["contact"][0])), "appears twice"),
    ],
)
def test_a_broken_file_writes_nothing(cli, rich_file, fresh_home, tmp_path, change, message):
    bad = _broken(rich_file, tmp_path, change)
    fresh_home()
    result = cli("import", bad, code=1)
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert "Traceback" not in result.stderr
    assert cli.json("case", "list", "--status", "all") == []
    assert cli.json("order", "list") == []


def test_a_file_the_database_refuses_writes_nothing(cli, rich_file, fresh_home, tmp_path):
    # Valid row by row, but two references with the same value on one case:
    # the database refuses the last insert, and the whole import is rolled back.
    def duplicate(data):
        ref = dict(data["tables"]["reference"][0])
        ref["id"] = 999
        data["tables"]["reference"].append(ref)

    bad = _broken(rich_file, tmp_path, duplicate)
    fresh_home()
    result = cli("import", bad, code=1)
    assert result.stderr.startswith("Error: database error")
    assert cli.json("case", "list", "--status", "all") == []
    assert [c["name"] for c in cli.json("company", "list")] == ["Amazon"]


@pytest.mark.parametrize(
    "text, message",
    [
        ("not json", "is not valid JSON"),
        ("[1, 2]", "not a tracker export"),
        ("", "is not valid JSON"),
    ],
)
def test_garbage_is_refused(cli, tmp_path, text, message):
    bad = tmp_path / "bad.json"
    bad.write_text(text)
    result = cli("import", bad, code=1)
    assert message in result.stderr


def test_import_of_a_missing_file(cli, tmp_path):
    assert "no such file" in cli("import", tmp_path / "nope.json", code=1).stderr


def test_export_files_are_private(cli, towel_case, tmp_path):
    out = tmp_path / "e.json"
    cli("export", "--out", out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert cli("export", "--out", out, code=1).stderr.startswith("Error: ")
    assert "is a folder" in cli("export", "--out", tmp_path, code=1).stderr
    cli("export", "--out", out, "--force")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600

    folder = tmp_path / "csv"
    cli("export", "--format", "csv", "--out", folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = sorted(p.name for p in folder.iterdir())
    assert "cases.csv" in files and "contact.csv" in files and len(files) == 9
    for path in folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_csv_export_is_useful(cli, towel_case, tmp_path):
    folder = tmp_path / "csv"
    cli("export", "--format", "csv", "--out", folder)
    with (folder / "contact.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["rep_name"] for r in rows] == ["", "Priya", "Daniel"]
    assert rows[1]["reference"] == "C-0042" and rows[1]["at"].endswith("+00:00")
    with (folder / "orders.csv").open(newline="", encoding="utf-8") as handle:
        [order] = list(csv.DictReader(handle))
    assert order["amount_minor"] == "2499" and json.loads(order["items"]) == ["Red bath towel"]


def test_csv_needs_a_folder(cli, towel_case):
    assert "--out FOLDER" in cli("export", "--format", "csv", code=1).stderr


def test_export_to_stdout_is_json_only(cli, towel_case):
    tables = _tables(cli("export").stdout)
    assert [c["rep_name"] for c in tables["contact"]] == [None, "Priya", "Daniel"]
    assert tables["cases"][0]["amount_minor"] == 2499


def test_service_round_trip(cli, towel_case, fresh_home):
    from tracker.services.transfer import export_data, import_data
    from tracker.store import Store

    store = Store()
    with store.session() as s:
        data = json.loads(json.dumps(export_data(session=s)))
    store.dispose()
    fresh_home()
    store = Store()
    with store.session(write=True) as s:
        result = import_data(session=s, data=data)
    assert result.counts["contact"] == 3 and result.merged_companies == ["Amazon"]
    with store.session() as s:
        assert export_data(session=s)["tables"] == data["tables"]
    store.dispose()


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["tables"]["cases"][0].update(title="nul\x00inside"),
        lambda d: d["tables"]["cases"][0].update(title="\ud800 lone surrogate"),
        lambda d: d["tables"]["orders"][0].update(items=["ok", "\ud800"]),
    ],
)
def test_text_no_database_can_hold_is_refused(cli, rich_file, fresh_home, tmp_path, change):
    bad = _broken(rich_file, tmp_path, change)
    fresh_home()
    result = cli("import", bad, code=1)
    assert result.stderr.startswith("Error: ")
    assert cli.json("case", "list", "--status", "all") == []


def test_companies_are_matched_by_name_not_id(cli, rich_file, fresh_home, tmp_path):
    def swap(data):
        new = {1: 7, 2: 1}  # Amazon becomes 7, Bücher & Co takes Amazon's id 1
        for row in data["tables"]["company"]:
            row["id"] = new[row["id"]]
        for table in ("orders", "cases"):
            for row in data["tables"][table]:
                row["company_id"] = new[row["company_id"]]
        data["tables"]["company"][0]["name"] = "AMAZON"  # same casefolded key

    moved = _broken(rich_file, tmp_path, swap)
    fresh_home()
    cli("import", moved)
    assert cli.json("case", "show", "#1")["company"] == "AMAZON"
    assert cli.json("case", "show", "#2")["company"] == "Bücher & Co"
    assert sorted(c["name"] for c in cli.json("company", "list")) == ["AMAZON", "Bücher & Co"]
    cli("company", "add", "Third")


def test_import_reads_stdin(cli, rich_file, fresh_home):
    fresh_home()
    cli("import", "-", input=rich_file.read_text())
    assert len(cli.json("case", "list", "--status", "all")) == 3


def test_export_is_one_row_per_line_with_c1_controls_escaped(cli, towel_case):
    import re

    title = "CSI \x9b31m, NEL \x85, DEL \x7f, line sep \u2028 — kept"
    cli("case", "open", title)
    text = cli("export").stdout
    assert not re.search(r"[\x7f-\x9f\u2028\u2029]", text)  # escaped: harmless in a terminal
    tables = _tables(text)
    assert tables["cases"][1]["title"] == title  # still lossless
    rows = [
        json.loads(line.strip().rstrip(","))
        for line in text.splitlines()
        if line.strip().startswith('{"id": ')
    ]
    assert rows == [row for name in tables for row in tables[name]]


def test_streamed_export_is_the_document_dumps_writes(cli, rich_file, now):
    """`export` writes row by row; the text is byte for byte what the whole-document
    serializer writes for the same rows."""
    from tracker.services.transfer import document_chunks, dumps, export_data, export_rows
    from tracker.store import Store

    now("2026-11-20T10:00:00")
    store = Store()
    with store.session() as s:
        whole = dumps(export_data(session=s))
        header, tables = export_rows(session=s, batch=2)  # several batches per table
        seen = []
        streamed = "".join(document_chunks(header, tables, seen.append))
    store.dispose()
    assert streamed == whole
    assert sum(seen) == sum(len(rows) for rows in json.loads(whole)["tables"].values())
    assert cli("export").stdout == whole


def test_importing_a_folder_is_one_clear_error(cli, tmp_path):
    refused = cli("import", str(tmp_path), code=1)
    assert refused.stderr == f"Error: {tmp_path} is a folder; import reads a JSON export file\n"
    assert cli.json("case", "list") == []
