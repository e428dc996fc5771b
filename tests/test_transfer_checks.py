"""Every value check of an import, on the quick path that reads rows as export
writes them: each bad value is refused with its own message, and nothing is
written. (The quick path checks a row in one compiled function; any doubt sends
the row to the full check, which words the refusal.)"""

from __future__ import annotations

import json

import pytest

from tests.test_transfer import _broken, fresh_home, rich_file  # noqa: F401  (fixtures)
from tracker.services import transfer


def _last(table: str, **values):
    """A change to the file: the table's last row takes `values`."""
    return lambda d: d["tables"][table][-1].update(values)


@pytest.mark.parametrize(
    "change, message",
    [
        (_last("contact", minutes=24 * 60 + 1), "minutes 1441 is more than a day"),
        (_last("contact", minutes=-1), "minutes -1 is negative"),
        (_last("contact", rating=0), "rating 0 is not between 1 and 5"),
        (_last("contact", answered_by="ghost"), "answered_by 'ghost' is not one of"),
        (_last("contact", result="maybe"), "result 'maybe' is not one of"),
        (_last("contact", channel="fax"), "channel 'fax' is not one of"),
        (_last("promise", state="forgotten"), "state 'forgotten' is not one of"),
        (_last("reference", kind="rumour"), "kind 'rumour' is not one of"),
        (_last("cases", category="weird"), "category 'weird' is not one of"),
        (_last("cases", resolution="magic"), "resolution 'magic' is not one of"),
        (_last("cases", paid_with="beads"), "paid_with 'beads' is not one of"),
        (_last("cases", amount_minor=-5), "amount_minor -5 is negative"),
        (_last("cases", recovered_minor=-5), "recovered_minor -5 is negative"),
        (_last("cases", currency="usd"), "currency 'usd' is not a code"),
        (_last("cases", title=""), "the title is empty"),
        (_last("orders", amount_minor=-1), "amount_minor -1 is negative"),
        (_last("orders", currency="EURO"), "currency 'EURO' is not a code"),
        # times in export's own shape that are no time, or outside 1970..2200
        (_last("history", at="2026-02-30T10:00:00+00:00"), "bad at"),
        (_last("history", at="2026-11-10T25:00:00+00:00"), "bad at"),
        (_last("history", at="1969-12-31T23:59:59.000001+00:00"), "from 1970 to 2200"),
        (_last("contact", at="2201-01-01T00:00:00+00:00"), "from 1970 to 2200"),
        (_last("contact", created_at=None), "created_at is missing (null)"),
    ],
)
def test_each_bad_value_is_refused_in_a_late_batch(
    cli,
    rich_file,  # noqa: F811
    fresh_home,  # noqa: F811
    tmp_path,
    monkeypatch,
    dump,
    change,
    message,
):
    monkeypatch.setattr(transfer, "BATCH", 2)  # the bad row comes after others went in
    bad = _broken(rich_file, tmp_path, change)
    fresh_home()
    cli("case", "list")
    before = dump()
    result = cli("import", bad, code=1)
    assert result.stderr.startswith("Error: ") and message in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1
    assert dump() == before


def test_rows_written_one_a_line_or_all_on_one_line_import_alike(
    cli,
    rich_file,  # noqa: F811
    fresh_home,  # noqa: F811
    tmp_path,
    dump,
):
    """Export's layout (read row after row off the buffer) and json.dumps' one line
    (read the careful way) give the same database."""
    one_line = tmp_path / "one-line.json"
    one_line.write_text(json.dumps(json.loads(rich_file.read_text())))
    assert ",\n   " in rich_file.read_text()
    fresh_home("a")
    cli("import", rich_file)
    first = dump()
    fresh_home("b")
    cli("import", one_line)
    again = dump()
    # the undo journal's own record of the import (its time, the Amazon row it
    # merged) differs between two imports; the data does not
    for journal in ("change", "change_row"):
        first.pop(journal), again.pop(journal)
    assert again == first
