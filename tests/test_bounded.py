"""Work stays bounded on hostile or huge input (issue 13, item 13)."""

import re
from datetime import UTC, datetime, timedelta


def _many_contacts(count: int) -> None:
    from tracker.models import Contact
    from tracker.store import Store

    store = Store()
    base = datetime(2026, 1, 1, tzinfo=UTC)
    with store.session(write=True) as s:
        for i in range(count):
            s.add(
                Contact(
                    case_id=1,
                    at=base + timedelta(minutes=i),
                    channel="chat",
                    answered_by="rep",
                    rep_name=f"Rep{i}",
                    created_at=base,
                )
            )
    store.dispose()


def test_case_show_prints_the_latest_contacts_unless_all(cli, now):
    cli("case", "open", "Many contacts")
    _many_contacts(120)
    shown = cli("case", "show", "1").stdout
    assert "Contacts (120)" in shown
    names = set(re.findall(r"Rep\d+", shown))
    assert names == {f"Rep{i}" for i in range(70, 120)}
    assert "70 earlier contacts not shown; tracker case show 1 --all" in shown
    every = cli("case", "show", "1", "--all").stdout
    assert len(set(re.findall(r"Rep\d+", every))) == 120 and "not shown" not in every
    assert len(cli.json("case", "show", "1")["contacts"]) == 120  # JSON has everything


def test_a_long_case_list_prints_row_by_row(cli, now):
    from tracker.models import Case
    from tracker.render.text import TABLE_ROWS
    from tracker.store import Store

    store = Store()
    moment = datetime(2026, 11, 1, tzinfo=UTC)
    with store.session(write=True) as s:
        for i in range(TABLE_ROWS + 5):
            s.add(Case(title=f"Case {i}", company_id=1, opened_at=moment, updated_at=moment))
    store.dispose()
    out = cli("case", "list", "--limit", "0").stdout
    assert len(out.splitlines()) == TABLE_ROWS + 5 and "Case 504" in out
    assert "│" not in out  # no table: nothing to measure before the first row prints
    assert "┃" in cli("case", "list", "--limit", "3").stdout  # a page is still a table


def test_search_query_length_is_capped(cli, now):
    cli("case", "open", "Kettle")
    result = cli("search", "a" * 999 + "b", code=1)
    assert result.stderr.startswith("Error: the search text is too long")


def test_end_of_input_at_a_question_is_an_error_line(cli, monkeypatch, now):
    """Issue 13, item 14: no bare 'Aborted.'; one Error line, nothing written."""
    cli("case", "open", "Kettle")
    monkeypatch.setenv("TRACKER_PROMPT", "always")
    result = cli("log", "1", input="chat\n", code=1)  # input ends at the next question
    assert result.stderr.strip().splitlines()[-1].startswith("Error: stopped before the end")
    assert "Aborted" not in result.stderr
    assert cli.json("case", "show", "1")["contacts"] == []


def test_a_dash_with_nothing_piped_is_an_error_not_a_wait(home, now):
    """Issue 13, item 14: `search -` at a terminal said nothing and waited."""
    import os
    import subprocess
    import sys

    primary, secondary = os.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "tracker", "search", "-"],
            stdin=secondary,
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "TRACKER_HOME": str(home)},
        )
    finally:
        os.close(primary)
        os.close(secondary)
    assert done.returncode == 1
    assert done.stderr.startswith("Error: the search text '-' reads standard input")
