"""import read as a stream: rows inserted a batch at a time in one transaction,
checked as they come, any layout of the document, and undone as one change."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from tests.test_transfer import fresh_home, rich_file  # noqa: F401  (fixtures)
from tracker.services import transfer


def tables_of(text: str) -> dict:
    return json.loads(text)["tables"]


def refused(cli, *args, says: str):
    result = cli(*args, code=1)
    assert result.stderr.startswith("Error: ") and says in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    return result


def search_triggers() -> int:
    """How many of the search index's triggers the database holds (any backend)."""
    from tracker.db import make_engine

    engine = make_engine()
    try:
        with engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                query = "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
            else:
                query = (
                    "SELECT count(*) FROM information_schema.triggers "
                    "WHERE trigger_schema = current_schema()"
                )
            return connection.exec_driver_sql(query).scalar()
    finally:
        engine.dispose()


def test_a_file_read_in_tiny_pieces_imports_the_same(
    cli,
    rich_file,  # noqa: F811
    fresh_home,  # noqa: F811
    monkeypatch,
):
    """Chunks of 7 bytes cut rows, strings, escapes, multi-byte characters and
    numbers in two; batches of 2 rows make every table several inserts."""
    monkeypatch.setattr(transfer, "CHUNK", 7)
    monkeypatch.setattr(transfer, "BATCH", 2)
    before = tables_of(rich_file.read_text())
    fresh_home()
    cli("import", rich_file)
    assert tables_of(cli("export").stdout) == before


def test_any_layout_and_key_order_imports(cli, rich_file, fresh_home, tmp_path):  # noqa: F811
    """One line, the top keys sorted ("tables" before "version"), indented: the same data."""
    data = json.loads(rich_file.read_text())
    for n, text in enumerate(
        [
            json.dumps(data, separators=(",", ":")),
            json.dumps({key: data[key] for key in sorted(data)}),
            json.dumps(data, indent=4, ensure_ascii=False),
        ]
    ):
        path = tmp_path / f"layout-{n}.json"
        path.write_text(text)
        fresh_home(f"layout-{n}")
        cli("import", path)
        assert tables_of(cli("export").stdout) == data["tables"]


def test_a_version_after_the_tables_is_still_checked(
    cli,
    rich_file,  # noqa: F811
    fresh_home,  # noqa: F811
    tmp_path,
    dump,
):
    data = json.loads(rich_file.read_text())
    data["version"] = 2
    bad = tmp_path / "sorted.json"
    bad.write_text(json.dumps({key: data[key] for key in sorted(data)}))  # "version" last
    fresh_home()
    cli("case", "list")
    before = dump()
    refused(cli, "import", bad, says="unsupported export version 2")
    assert dump() == before


def test_tables_out_of_order_are_refused_whole(
    cli,
    rich_file,  # noqa: F811
    fresh_home,  # noqa: F811
    tmp_path,
    dump,
):
    """Contacts before their cases: refused with one line, nothing written."""
    data = json.loads(rich_file.read_text())
    tables = data["tables"]
    order = ["company", "orders", "shipment", "contact", "cases"]
    order += [name for name in tables if name not in order]
    data["tables"] = {name: tables[name] for name in order}
    bad = tmp_path / "reordered.json"
    bad.write_text(json.dumps(data))
    fresh_home()
    cli("case", "list")
    before = dump()
    triggers = search_triggers()
    refused(cli, "import", bad, says="no table 'cases' before 'contact'")
    assert dump() == before
    assert search_triggers() == triggers


@pytest.mark.parametrize(
    "change, says",
    [
        # the repeated id is in a later batch than the first one
        (lambda t: t["contact"].append(dict(t["contact"][0])), "contact row 6: id 1 appears twice"),
        # the link points at no row, found in the third batch
        (lambda t: t["history"][-1].update(case_id=77), "points at no cases row"),
        (lambda t: t["orders"][-1].update(company_id=99), "company_id 99 points at no company"),
        (lambda t: t["reference"][-1].update(contact_id=99), "points at no contact row"),
    ],
)
def test_rows_are_checked_across_batches(
    cli,
    rich_file,  # noqa: F811
    fresh_home,  # noqa: F811
    tmp_path,
    monkeypatch,
    dump,
    change,
    says,
):
    monkeypatch.setattr(transfer, "BATCH", 2)
    data = json.loads(rich_file.read_text())
    change(data["tables"])
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    fresh_home()
    cli("case", "list")
    before = dump()
    refused(cli, "import", bad, says=says)
    assert dump() == before


def test_ids_out_of_order_import(cli, rich_file, fresh_home, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.setattr(transfer, "BATCH", 2)
    data = json.loads(rich_file.read_text())
    data["tables"]["contact"].reverse()
    data["tables"]["history"].reverse()
    path = tmp_path / "reversed.json"
    path.write_text(json.dumps(data))
    fresh_home()
    cli("import", path)
    exported = tables_of(cli("export").stdout)
    assert exported["contact"] == sorted(data["tables"]["contact"], key=lambda r: r["id"])
    assert len(exported["history"]) == len(data["tables"]["history"])


@pytest.mark.parametrize(
    "cut, says",
    [
        (lambda text: text[: len(text) // 2], "is not valid JSON"),
        (lambda text: text + "{}", "is not valid JSON (line"),
        (lambda text: text.replace('"id": 2,', '"id": 2 "x",', 1), "Expecting ',' delimiter"),
    ],
    ids=["truncated", "extra-data", "broken-row"],
)
def test_a_broken_stream_writes_nothing(
    cli,
    rich_file,  # noqa: F811
    fresh_home,  # noqa: F811
    tmp_path,
    dump,
    cut,
    says,
):
    bad = tmp_path / "broken.json"
    bad.write_text(cut(rich_file.read_text()))
    fresh_home()
    cli("case", "list")
    before = dump()
    refused(cli, "import", bad, says=says)
    assert dump() == before


def test_the_search_index_after_an_import_and_a_failed_one(
    cli,
    rich_file,  # noqa: F811
    fresh_home,  # noqa: F811
    tmp_path,
):
    """Imported rows are found; the index's triggers are back afterwards, whether
    the import worked or not, so later writes are found too."""
    data = json.loads(rich_file.read_text())
    data["tables"]["history"][-1]["at"] = "yesterday"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    fresh_home()
    cli("case", "list")
    triggers = search_triggers()
    refused(cli, "import", bad, says="bad at")
    assert search_triggers() == triggers
    cli("import", rich_file)
    assert search_triggers() == triggers
    assert [hit["id"] for hit in cli.json("search", "multi")] == [2]
    cli("log", "3", "--channel", "chat", "--rep", "Wilhelmina")
    assert [hit["id"] for hit in cli.json("search", "Wilhelmina")] == [3]
    cli("case", "edit", "2", "--title", "Bicycle broken in transit")
    assert [hit["id"] for hit in cli.json("search", "transit")] == [2]


def test_undo_of_an_import_keeps_ids_not_rows(cli, rich_file, fresh_home, dump):  # noqa: F811
    """The journal holds each table's ids as runs, not a copy of every row;
    `undo --list` still counts the rows and `undo` takes them all back."""
    from tracker.db import make_engine

    fresh_home()
    cli("case", "list")
    empty = dump()
    cli("import", rich_file)
    engine = make_engine()
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT table_name, row_id, after_row FROM change_row ORDER BY seq")
        ).all()
    engine.dispose()
    bulk = {
        name: json.loads(after) if isinstance(after, str) else after
        for name, i, after in rows
        if i == 0
    }
    assert bulk["contact"] == {"ids": [[1, 5]], "rows": 5}
    assert len(rows) <= 10  # a row per table, and Amazon's details
    [change] = cli.json("undo", "--list", "--limit", "1")
    assert "added 3 cases" in change["summary"] and "5 contacts" in change["summary"]
    assert change["rows"] > 10
    cli("undo")
    after = dump()
    assert {name: after[name] for name in transfer.TABLES} == {
        name: empty[name] for name in transfer.TABLES
    }
    assert cli.json("search", "multi") == []


def test_undo_of_an_import_refuses_when_rows_went_outside_tracker(
    cli,
    rich_file,  # noqa: F811
    fresh_home,  # noqa: F811
    dump,
):
    from tracker.db import make_engine

    fresh_home()
    cli("import", rich_file)
    engine = make_engine()
    with engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM history WHERE id = 1"))
    engine.dispose()
    before = dump()
    refused(cli, "undo", says="1 of the 9 history rows it added are gone")
    assert dump() == before


def test_import_prints_no_progress_when_piped(cli, rich_file, fresh_home):  # noqa: F811
    fresh_home()
    result = cli("import", rich_file)
    assert result.stderr == "" or "Importing" not in result.stderr


def test_times_written_in_other_iso_shapes_import_as_the_same_moment(
    cli,
    rich_file,  # noqa: F811
    fresh_home,  # noqa: F811
    tmp_path,
):
    """Only a time written as export writes it skips the full check; any other
    ISO 8601 spelling of the same moment is stored as that moment."""
    from datetime import datetime, timedelta, timezone

    data = json.loads(rich_file.read_text())
    contacts = data["tables"]["contact"]
    assert len(contacts) >= 5
    shapes = [
        lambda at: at.isoformat(timespec="microseconds"),  # ".000000" spelled out
        lambda at: at.astimezone(timezone(timedelta(hours=2))).isoformat(),
        lambda at: at.isoformat(" "),
        lambda at: at.isoformat().replace("+00:00", "Z"),
        lambda at: f"{at:%G-W%V-%u}T{at:%H:%M:%S}+00:00",  # an ISO week date
    ]
    for row, shape in zip(contacts, shapes, strict=False):
        row["at"] = shape(datetime.fromisoformat(row["at"]))
    changed = tmp_path / "shapes.json"
    changed.write_text(json.dumps(data))
    fresh_home()
    cli("import", changed)
    assert tables_of(cli("export").stdout)["contact"] == tables_of(rich_file.read_text())["contact"]


def test_exported_times_are_written_as_isoformat_writes_them(
    cli,
    rich_file,  # noqa: F811
    fresh_home,  # noqa: F811
    tmp_path,
):
    """Each backend writes times its own fast way (SQLite's stored text, PostgreSQL's
    to_char in UTC); both give exactly datetime.isoformat(): microseconds when there
    are some, none when they are zero, "+00:00" for UTC, at either end of the range."""
    from datetime import datetime

    data = json.loads(rich_file.read_text())
    contacts = data["tables"]["contact"]
    moments = [
        "2026-03-01T09:15:00.120000+00:00",
        "2026-03-01T09:15:07+00:00",
        "2199-12-31T23:59:59.999999+00:00",
        "1970-01-01T00:00:00.000001+00:00",
        "2026-03-29T01:30:00+00:00",
    ]
    assert len(contacts) >= len(moments)
    for row, moment in zip(contacts, moments, strict=False):
        assert datetime.fromisoformat(moment).isoformat() == moment
        row["at"] = moment
    changed = tmp_path / "moments.json"
    changed.write_text(json.dumps(data))
    fresh_home()
    cli("import", changed)
    exported = tables_of(cli("export").stdout)["contact"]
    assert [row["at"] for row in exported[: len(moments)]] == moments
    for row in exported:  # and every other time of the file, by the same rule
        assert datetime.fromisoformat(row["at"]).isoformat() == row["at"]
        assert datetime.fromisoformat(row["created_at"]).isoformat() == row["created_at"]
