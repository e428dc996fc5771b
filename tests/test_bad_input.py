"""Bad input: one `Error:` line, exit 1 (or 2 for usage), nothing written."""

import pytest
import sqlalchemy as sa

from tracker.db import make_engine


def snapshot() -> dict:
    engine = make_engine()
    try:
        with engine.connect() as connection:
            tables = sa.inspect(connection).get_table_names()
            return {
                table: sorted(map(repr, connection.exec_driver_sql(f"SELECT * FROM {table}")))
                for table in tables
            }
    finally:
        engine.dispose()


BAD = [
    (["case", "show", "99"], "no case"),
    (["case", "show", "#99"], "no case #99"),
    (["log", "99", "--channel", "chat"], "no case"),
    (["log", "1", "--channel", "chat", "--at", "someday"], "bad --at time"),
    (["case", "edit", "1", "--happened", "31/12/2026"], "bad --happened date"),
    (["case", "edit", "1", "--follow-up", "2026-02-30"], "bad --follow-up date"),
    (["log", "1", "--channel", "chat", "--rating", "7"], "rating"),
    (["log", "1", "--channel", "chat", "--rating", "0"], "rating"),
    (["log", "1", "--channel", "pigeon"], "pigeon"),
    (["log", "1", "--channel", "chat", "--with", "alien"], "alien"),
    (["log", "1", "--channel", "chat", "--minutes", "-5"], "minutes"),
    (["log", "1", "--channel", "chat", "--minutes", "ten"], "minutes"),
    (
        ["log", "1", "--channel", "chat", "--promise", "refund", "--due", "whenever"],
        "bad --due date",
    ),
    (["log", "1", "--channel", "chat", "--due", "+5d"], "--due needs --promise"),
    (["log", "1", "--channel", "chat", "--at", "+3d"], "future"),
    (["log", "1"], "--channel is required"),
    (["order", "add", "112-1", "--amount", "12,50.3x"], "bad amount"),
    (["order", "add", "112-1", "--amount", "NaN"], "bad amount"),
    (["order", "add", "112-1", "--amount", "-3"], "bad amount"),
    (["order", "add", "112-1", "--amount", "inf"], "bad amount"),
    (["order", "add", "112-1", "--amount", "1.234"], "decimal places"),
    (["order", "add", "112-1", "--currency", "dollars"], "bad currency"),
    (["order", "add", "112-4455667-0012345"], "already exists"),
    (["order", "add", "112-2", "--company", "Nowhere Inc"], "unknown company"),
    (["case", "open", "x", "--order", "000-nothing"], "unknown order"),
    (["case", "open", "   "], "title is empty"),
    (["case", "open", "x", "--category", "weird"], "weird"),
    (["case", "close", "1", "--recovered", "lots"], "bad --recovered amount"),
    (["case", "reopen", "1"], "not closed"),
    (["case", "edit", "1"], "nothing to change"),
    (["promise", "kept", "42"], "no promise 42"),
    (["company", "add", "AMAZON"], "already exists"),
    (["company", "add", "Bad\x00Name"], "NUL"),
    (["case", "list", "--status", "sleeping"], "sleeping"),
    (["case", "list", "--limit", "-1"], "--limit"),
    (["evidence", "add", "1", "/no/such/file.jpg"], "no such file"),
    (["ship", "add", "000-nothing"], "unknown order"),
]


@pytest.mark.parametrize("args,message", BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_is_refused_and_nothing_written(cli, towel_case, args, message):
    before = snapshot()
    result = cli(*args, code=None)
    assert result.exit_code in (1, 2), result.output
    assert result.stderr.startswith("Error: "), result.stderr
    assert message.lower() in result.stderr.lower()
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert snapshot() == before


def test_user_errors_are_exit_1_and_usage_errors_exit_2(cli, towel_case):
    assert cli("case", "show", "99", code=1).stderr.count("\n") == 1
    usage = cli("log", "1", "--channel", "pigeon", code=2)
    assert usage.stderr.splitlines()[0].startswith("Error: ")
    assert "--help" in usage.stderr


def test_ambiguous_case_lists_the_matches(cli, towel_case):
    cli("case", "open", "Second problem with the same order", "--order", "112-4455667-0012345")
    result = cli("case", "show", "112-4455667-0012345", code=1)
    assert "#1" in result.stderr and "#2" in result.stderr
    assert "matches 2 cases" in result.stderr


def test_an_internal_error_prints_no_traceback_and_no_data(cli, towel_case, monkeypatch):
    import tracker.services.cases as cases

    def explode(*, session, case):
        raise ValueError("secret customer text 112-4455667")

    monkeypatch.setattr(cases, "show_case", explode)
    result = cli("case", "show", "1", code=70)
    assert result.stderr.startswith("Error: unexpected internal error (ValueError)")
    assert "secret" not in result.output and "112-4455667" not in result.output
    assert "Traceback" not in result.output
