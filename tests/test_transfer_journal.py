"""SQLite: an import into an empty case file writes its pages once, through a
rollback journal instead of WAL, and the file is back in WAL afterwards. A
process killed in the middle leaves a hot journal: the next command, even one
that only reads, finds the file as it was before."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys

import pytest

from tests.test_transfer import fresh_home, rich_file  # noqa: F401  (fixtures)
from tracker.services import transfer

pytestmark = pytest.mark.sqlite_only


def _mode(path) -> str:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        connection.close()


def test_an_import_goes_through_a_rollback_journal_and_back_to_wal(
    cli,
    rich_file,  # noqa: F811
    fresh_home,  # noqa: F811
    monkeypatch,
):
    home = fresh_home()
    cli("case", "list")
    database = home / "tracker.db"
    assert _mode(database) == "wal"
    seen = {}
    real = transfer.import_data

    def spy(*, session, **kwargs):
        run = session.connection().exec_driver_sql
        seen["journal"] = run("PRAGMA journal_mode").scalar()
        seen["synchronous"] = run("PRAGMA synchronous").scalar()
        return real(session=session, **kwargs)

    monkeypatch.setattr(transfer, "import_data", spy)
    cli("import", rich_file)
    assert seen == {"journal": "delete", "synchronous": 2}  # 2: FULL
    assert _mode(database) == "wal"
    assert not (home / "tracker.db-journal").exists()
    assert len(cli.json("case", "list", "--status", "all")) == 3
    # a second import is refused, and the file, not empty, was not switched
    seen.clear()
    cli("import", rich_file, code=1)
    assert seen["journal"] == "wal"
    assert _mode(database) == "wal"


def test_a_killed_import_leaves_a_journal_that_the_next_command_rolls_back(
    cli,
    rich_file,  # noqa: F811
    fresh_home,  # noqa: F811
    dump,
):
    """A writer killed halfway through its transaction in rollback-journal mode,
    its pages already in the file: the next command, a reading one (which opens
    the file read-only first), sees the file as the last commit left it."""
    home = fresh_home()
    cli("case", "list")
    before = dump()
    database = home / "tracker.db"
    writer = (
        "import os, signal, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "assert c.execute('PRAGMA journal_mode = delete').fetchone()[0] == 'delete'\n"
        "c.execute('PRAGMA cache_size = 10')  # pages go to the file before the commit\n"
        "c.execute('BEGIN IMMEDIATE')\n"
        "c.executemany('INSERT INTO history (case_id, at, event, detail, actor) "
        "VALUES (1, ?, ?, ?, ?)', [('2026-11-10 12:00:00.000000', 'note', 'x' * 500, 'a')] "
        "* 5000)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    killed = subprocess.run([sys.executable, "-c", writer, str(database)])
    assert killed.returncode == -signal.SIGKILL
    assert (home / "tracker.db-journal").stat().st_size > 0  # a hot journal
    assert cli.json("case", "list", "--status", "all") == []
    assert dump() == before
    connection = sqlite3.connect(database)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        connection.close()
    # and an import then goes through, back in WAL mode
    cli("import", rich_file)
    assert len(cli.json("case", "list", "--status", "all")) == 3
    assert _mode(database) == "wal"
