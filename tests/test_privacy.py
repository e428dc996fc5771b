"""What tracker keeps is private to the user, and errors do not repeat it.

The permission tests run with umask 000, so that only tracker's own care (not a
friendly umask) can make the files private.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
import sqlalchemy as sa

from tracker import cli as cli_module
from tracker.db import make_engine

SECRET = "Card 4111-1111-1111-1111, 12 Elm Street"


@pytest.fixture
def open_umask():
    previous = os.umask(0)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.sqlite_only
def test_data_folder_database_and_backups_are_private(cli, home, open_umask, tmp_path):
    cli("case", "open", "Private matters", "--problem", SECRET)
    cli("log", "1", "--channel", "chat", "--note", SECRET)
    assert mode(home) == 0o700
    database = home / "tracker.db"
    assert mode(database) == 0o600
    for side in ("tracker.db-wal", "tracker.db-shm"):  # SQLite's journal holds data too
        if (home / side).exists():
            assert mode(home / side) == 0o600, side

    cli("db", "backup")
    [backup] = (home / "backups").iterdir()
    assert (mode(home / "backups"), mode(backup)) == (0o700, 0o600)
    cli("db", "backup", tmp_path / "elsewhere.db")
    assert mode(tmp_path / "elsewhere.db") == 0o600


@pytest.mark.sqlite_only
def test_permissions_the_user_chose_are_kept(cli, home):
    """tracker sets permissions on what it creates, when it creates it; a mode the
    user chose later is theirs (issue 13, item 1)."""
    cli("case", "open", "Private matters")
    os.chmod(home, 0o755)
    os.chmod(home / "tracker.db", 0o644)
    cli("case", "list")
    cli("case", "open", "More")
    assert (mode(home), mode(home / "tracker.db")) == (0o755, 0o644)


def test_evidence_is_private(cli, home, open_umask, tmp_path):
    cli("case", "open", "Wrong item")
    photo = tmp_path / "robe.jpg"
    photo.write_bytes(b"\xff\xd8 not really a jpeg")
    os.chmod(photo, 0o644)
    cli("evidence", "add", "1", photo, "--note", "the robe")
    folder = home / "evidence"
    [case_folder] = folder.iterdir()
    [kept] = case_folder.iterdir()
    assert (mode(home), mode(folder), mode(case_folder), mode(kept)) == (0o700, 0o700, 0o700, 0o600)


def test_exports_are_private(cli, open_umask, tmp_path):
    cli("case", "open", "Exported", "--problem", SECRET)
    cli("export", "--out", tmp_path / "all.json")
    assert mode(tmp_path / "all.json") == 0o600
    cli("export", "--format", "csv", "--out", tmp_path / "tables")
    files = list((tmp_path / "tables").iterdir())
    assert files and {mode(f) for f in files} == {0o600}
    assert mode(tmp_path / "tables") == 0o700


def test_an_internal_error_prints_one_line_without_the_users_data(cli, monkeypatch):
    cli("case", "open", "Crash me")

    def broken(*, session, case, given):
        raise ValueError(f"could not handle {given.note!r}")

    monkeypatch.setattr("tracker.services.contacts.log_contact", broken)
    result = cli("log", "1", "--channel", "chat", "--note", SECRET, code=70)
    assert result.stderr.startswith("Error: unexpected internal error (ValueError)")
    assert len(result.stderr.splitlines()) == 1
    assert SECRET not in result.output and "Traceback" not in result.output
    assert result.stdout == ""


def test_a_database_error_does_not_repeat_the_users_data(cli, monkeypatch):
    """The driver's message can quote the offending row (PostgreSQL's DETAIL line)
    and SQLAlchemy's the statement's parameters: neither reaches the user."""
    cli("case", "open", "Duplicate")

    def duplicate(*, session, case, given):
        statement = sa.text(
            "INSERT INTO reference (case_id, kind, value, created_at)"
            " VALUES (1, 'complaint', :value, CURRENT_TIMESTAMP)"
        )
        session.execute(statement, {"value": given.note})
        session.execute(statement, {"value": given.note})

    monkeypatch.setattr("tracker.services.contacts.log_contact", duplicate)
    result = cli("log", "1", "--channel", "chat", "--note", SECRET, code=1)
    assert result.stderr.startswith("Error: database error: ")
    assert len(result.stderr.splitlines()) == 1
    assert SECRET not in result.output and "Traceback" not in result.output
    assert cli.json("case", "show", "1")["references"] == []  # and nothing was written


def test_nothing_personal_is_logged_or_shown_with_locals():
    engine = make_engine()
    try:
        assert engine.hide_parameters and not engine.echo
    finally:
        engine.dispose()
    assert cli_module.app.pretty_exceptions_show_locals is False


def test_a_data_folder_that_is_a_file_is_a_clear_error(cli, home, monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("TRACKER_HOME", str(blocker))
    monkeypatch.delenv("TRACKER_DATABASE_URL", raising=False)
    result = cli("case", "list", code=1)
    assert result.stderr == f"Error: the data folder {blocker} is a file (check TRACKER_HOME)\n"


def test_files_that_cannot_be_written_are_user_errors(cli, tmp_path):
    cli("case", "open", "Anything")
    result = cli("export", "--out", "/proc/tracker-export.json", code=1)
    assert result.stderr.startswith("Error: ") and "/proc/" in result.stderr
    assert "internal" not in result.stderr


@pytest.mark.sqlite_only
def test_a_database_path_that_is_a_folder_is_refused_untouched(cli, tmp_path, monkeypatch):
    folder = tmp_path / "a-folder"
    folder.mkdir(mode=0o755)
    monkeypatch.setenv("TRACKER_DATABASE_URL", f"sqlite:///{folder}")
    assert "is not a file" in cli("case", "list", code=1).stderr
    assert folder.stat().st_mode & 0o777 == 0o755


@pytest.mark.sqlite_only
def test_db_backup_copies_the_database_as_it_is(cli, home):
    cli("company", "list")
    import sqlite3

    with sqlite3.connect(home / "tracker.db") as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffff9999'")
    # a database from a newer tracker: refused for use, but it can be backed up
    out = cli("db", "backup").stdout
    [copy] = (home / "backups").glob("*.db")
    assert str(copy) in out
    with sqlite3.connect(copy) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (
            "ffff9999",
        )
