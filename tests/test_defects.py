"""Issue 8, "Defects found in the trial": one test per defect, through the CLI.

Each test fails without its fix; defect 12 (search) is tested with search.
"""

from __future__ import annotations

import os

import pytest


def log(cli, case, *args):
    return cli("log", str(case), "--no-prompt", *args)


def open_case(cli, title="Broken kettle", *args):
    return cli("case", "open", title, *args)


# ------------------------------------------------------------------ 3: reference case


def test_3_reference_lookup_ignores_letter_case(cli, now):
    open_case(cli, "Kettle")
    open_case(cli, "Toaster")
    log(cli, 1, "--channel", "chat", "--with", "rep", "--ref", "ABC-1")
    log(cli, 2, "--channel", "chat", "--with", "rep", "--ref", "abc-1")
    for typed in ("abc-1", "ABC-1", "Abc-1"):
        result = cli("case", "show", typed, code=1)
        assert "matches 2 cases" in result.stderr, (typed, result.stderr)
        assert "#1 Kettle" in result.stderr and "#2 Toaster" in result.stderr


# ------------------------------------------------------------------ 10: reopen


def test_10_reopen_clears_recovered_and_stats_count_only_ended_cases(cli, now):
    open_case(cli, "Kettle", "--amount", "40")
    cli("case", "close", "1", "--outcome", "refunded", "--recovered", "40")
    assert cli.json("stats")["money"]["recovered"] == {"USD": "40.00"}
    cli("case", "reopen", "1")
    shown = cli.json("case", "show", "1")
    assert shown["recovered"] is None and shown["outcome"] is None
    assert cli.json("stats")["money"]["recovered"] == {}


def test_10_stats_ignore_recovered_money_on_an_open_case(cli, now):
    """Money recorded on a case still open (an older row, or edited) is not recovered yet."""
    open_case(cli, "Kettle", "--amount", "40")
    open_case(cli, "Toaster", "--amount", "25")
    cli("case", "close", "2", "--outcome", "refunded", "--recovered", "25")
    # Reopened straight after closing: the stats count the closed case only.
    cli("case", "close", "1", "--outcome", "refunded", "--recovered", "40")
    cli("case", "reopen", "1")
    assert cli.json("stats")["money"]["recovered"] == {"USD": "25.00"}


# ------------------------------------------------------------------ 11: list truncation


def test_11_case_list_says_how_many_more(cli, now):
    for n in range(5):
        open_case(cli, f"Case {n}")
    result = cli("case", "list", "--limit", "3")
    assert "2 more not shown; --limit 0 shows all (5 in all)." in result.stderr
    assert "more not shown" not in cli("case", "list", "--limit", "0").stderr


# ------------------------------------------------------------------ 13: backup into a folder


@pytest.mark.sqlite_only
def test_13_backup_into_an_existing_folder_or_a_path_ending_in_slash(cli, now, tmp_path):
    open_case(cli)
    existing = tmp_path / "kept"
    existing.mkdir()
    cli("db", "backup", str(existing))
    assert [p.suffix for p in existing.iterdir()] == [".db"]

    new = tmp_path / "fresh"
    cli("db", "backup", f"{new}/")
    assert new.is_dir() and [p.suffix for p in new.iterdir()] == [".db"]
    assert oct(os.stat(new).st_mode & 0o777) == "0o700"
    copy = next(new.iterdir())
    assert oct(os.stat(copy).st_mode & 0o777) == "0o600"

    result = cli("db", "backup", f"{tmp_path}/no/such/", code=1)
    assert result.stderr.startswith("Error: ") and not (tmp_path / "no").exists()


# ------------------------------------------------------------------ 14: exit codes


def test_14_bad_status_is_a_usage_error_like_a_bad_category(cli, now):
    open_case(cli)
    bad_status = cli("case", "list", "--status", "bogus", code=2)
    bad_category = cli("case", "open", "x", "--category", "bogus", code=2)
    assert "bogus" in bad_status.stderr and "bogus" in bad_category.stderr
    assert "Traceback" not in bad_status.stderr + bad_status.stdout
    assert cli("case", "list", "--status", "ALL").exit_code == 0


def test_14_db_current_json(cli, now):
    from tracker.db import HEAD

    open_case(cli)
    data = cli.json("db", "current")
    assert data == {"revision": HEAD, "head": HEAD, "is_head": True}


# ------------------------------------------------------------------ 15: which company


def test_15_case_open_without_company_says_which_company(cli, now):
    result = open_case(cli, "Kettle")
    assert "Company: Amazon (the default; give --company NAME" in result.stdout
    cli("company", "add", "Lumen & Co")
    given = cli("case", "open", "Lamp", "--company", "Lumen & Co")
    assert "Company:" not in given.stdout
    cli("config", "set", "company", "Lumen & Co")
    chosen = open_case(cli, "Shade")
    assert "Company: Lumen & Co (your default" in chosen.stdout
