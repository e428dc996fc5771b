"""Issue 13: files and databases tracker must never damage.

tracker runs as root on many machines, and so do these tests: permission bits
don't stop root, so read-only data is made by chmod'ing and tracker is expected
to respect the bits as the user set them.
"""

from __future__ import annotations

import errno
import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

import tracker.services.evidence as evidence_service

MiB = 1 << 20


def names(folder: Path) -> list[str]:
    """What is in a test's folder, but for the data folder (made on SQLite only)."""
    return sorted(p.name for p in folder.iterdir() if p.name != "home")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask():
    previous = os.umask(0)
    yield
    os.umask(previous)


@pytest.fixture
def one_case(cli, now):
    cli("case", "open", "Gray bathrobe instead of red towel", "--problem", "wrong item")
    return "1"


def null_device(folder: Path) -> Path:
    """A character device like /dev/null, of the test's own: a broken tracker run
    as root would replace the real /dev/null with a file, for every program."""
    path = folder / "null"
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")
    return path


def _sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


# ------------------------------------------------------- item 1: not ours, not touched


@pytest.mark.sqlite_only
def test_a_database_url_at_a_file_that_is_not_a_database_leaves_it_untouched(
    cli, tmp_path, monkeypatch
):
    system_file = tmp_path / "passwd"
    system_file.write_text("root:x:0:0:root:/root:/bin/bash\n")
    os.chmod(system_file, 0o644)
    before = system_file.read_bytes()
    monkeypatch.setenv("TRACKER_DATABASE_URL", _sqlite_url(system_file))
    for args in (("case", "list"), ("case", "open", "x"), ("db", "backup")):
        result = cli(*args, code=1)
        assert result.stderr.startswith("Error: ") and "not a SQLite database" in result.stderr
    assert mode(system_file) == 0o644
    assert system_file.read_bytes() == before
    assert names(tmp_path) == ["passwd"]


@pytest.mark.sqlite_only
def test_an_existing_data_folder_keeps_its_mode(cli, tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    monkeypatch.setenv("TRACKER_HOME", str(shared))
    cli("case", "open", "In a shared folder")
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"photo")
    cli("evidence", "add", "1", photo)
    cli("db", "backup")
    assert mode(shared) == 0o1777
    # what tracker created in it is private
    assert mode(shared / "tracker.db") == 0o600
    assert mode(shared / "evidence") == mode(shared / "backups") == 0o700


def test_a_new_data_folder_is_private(cli, home, open_umask):
    cli("case", "open", "First use")
    cli("evidence", "add", "1", __file__)
    assert mode(home) == 0o700 and mode(home / "evidence") == 0o700


def test_export_csv_into_an_existing_folder_keeps_its_mode(cli, one_case, tmp_path):
    folder = tmp_path / "shared-exports"
    folder.mkdir()
    os.chmod(folder, 0o755)
    (folder / "notes.txt").write_text("someone else's file")
    assert "not empty" in cli("export", "--format", "csv", "--out", folder, code=1).stderr
    cli("export", "--format", "csv", "--out", folder, "--force")
    assert mode(folder) == 0o755
    assert (folder / "notes.txt").read_text() == "someone else's file"
    assert mode(folder / "cases.csv") == 0o600


# Every command that writes a file, as (arguments before the path, after it).
WRITERS = {
    "summary --out": (["summary", "1", "--out"], []),
    "escalate --out": (["escalate", "1", "--out"], []),
    "export --out": (["export", "--out"], []),
    "db backup": (["db", "backup"], []),
}


def _writer(name, backend):
    if name == "db backup" and backend != "sqlite":
        pytest.skip("db backup copies a SQLite file")
    return WRITERS[name]


def _escalated(cli) -> bool:
    return cli.json("case", "show", "1")["status"] == "escalated"


@pytest.mark.parametrize("writer", WRITERS)
def test_writers_replace_an_existing_file_only_with_force(cli, one_case, tmp_path, backend, writer):
    before, after = _writer(writer, backend)
    target = tmp_path / "kept.txt"
    target.write_bytes(b"the user's own file")
    result = cli(*before, target, *after, code=1)
    assert result.stderr == (f"Error: {target} already exists; choose another path (or --force)\n")
    assert target.read_bytes() == b"the user's own file"
    assert not _escalated(cli)  # escalate refused before marking anything
    cli(*before, target, *after, "--force")
    assert target.read_bytes() != b"the user's own file" and mode(target) == 0o600
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


@pytest.mark.parametrize("writer", WRITERS)
def test_writers_replace_links_instead_of_writing_through_them(
    cli, one_case, tmp_path, backend, writer
):
    before, after = _writer(writer, backend)
    original = tmp_path / "original.txt"
    original.write_text("another file")
    hard = tmp_path / "hard-link.txt"
    os.link(original, hard)
    cli(*before, hard, *after, "--force")
    assert original.read_text() == "another file"  # the other name still holds it
    assert os.stat(hard).st_ino != os.stat(original).st_ino
    symbolic = tmp_path / "symbolic-link.txt"
    symbolic.symlink_to(original)
    cli(*before, symbolic, *after, "--force")
    assert original.read_text() == "another file"
    assert not symbolic.is_symlink() and mode(symbolic) == 0o600


@pytest.mark.parametrize("writer", WRITERS)
def test_writers_refuse_devices_fifos_and_dangling_links(cli, one_case, tmp_path, backend, writer):
    before, after = _writer(writer, backend)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    device = null_device(tmp_path)
    for target in (device, fifo):
        result = cli(*before, target, *after, "--force", code=1)
        assert result.stderr.startswith(f"Error: {target} is not a regular file")
    assert stat.S_ISCHR(os.stat(device).st_mode)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "missing" if writer != "db backup" else tmp_path / "gone.db")
    for force in ([], ["--force"]):
        result = cli(*before, dangling, *after, *force, code=1)
        assert "symbolic link to a missing file" in result.stderr
    assert not (tmp_path / "gone.db").exists() and not (tmp_path / "missing").exists()
    assert not _escalated(cli)
    assert names(tmp_path) == ["dangling", "fifo", "null"]


def test_export_to_a_null_device_leaves_it_a_device(cli, one_case, tmp_path):
    device = null_device(tmp_path)
    result = cli("export", "--out", device, "--force", code=1)
    assert result.stderr.startswith(f"Error: {device} is not a regular file")
    assert stat.S_ISCHR(os.stat(device).st_mode)


def test_export_to_a_folder_or_an_empty_path_is_refused(cli, one_case, tmp_path, monkeypatch):
    assert "is a folder" in cli("export", "--out", tmp_path, "--force", code=1).stderr
    monkeypatch.chdir(tmp_path)
    cli("export", "--out", "", code=1)
    assert names(tmp_path) == []


@pytest.mark.sqlite_only
def test_db_backup_of_an_empty_path_is_an_error(cli, one_case, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("db", "backup", "", code=1)
    assert result.stderr.startswith("Error: an empty path was given")
    assert names(tmp_path) == []


@pytest.mark.sqlite_only
def test_db_backup_into_a_folder_and_with_force(cli, one_case, tmp_path):
    written = cli("db", "backup", tmp_path).stdout.removeprefix("Backed up to ").strip()
    copy = Path(written)
    assert copy.parent == tmp_path and mode(copy) == 0o600
    with sqlite3.connect(copy) as connection:
        assert connection.execute("SELECT count(*) FROM cases").fetchone() == (1,)


# ---------------------------------------------- items 3, 4, 14: evidence, whole or not at all


def _kept(home: Path, cli) -> list[dict]:
    return cli.json("case", "show", "1")["evidence"]


def _evidence_files(home: Path) -> list[Path]:
    folder = home / "evidence"
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_evidence_hash_and_size_describe_the_kept_copy(cli, one_case, home):
    # /proc/self/status reports size 0 and reads differently every time
    cli("evidence", "add", "1", "/proc/self/status")
    [item] = _kept(home, cli)
    kept = (home / "evidence" / item["file"]).read_bytes()
    assert item["size"] == len(kept) > 0
    assert item["sha256"] == hashlib.sha256(kept).hexdigest()


def _fail_writes_after(monkeypatch, exc: BaseException, modes: list[int]):
    """os.write into a new file fails after its first chunk (a disk that fills
    up, or Ctrl-C); records the mode each such file had while being written."""
    real_write = os.write
    calls = {"n": 0}

    def write(fd, data):
        if fd > 2 and stat.S_ISREG(os.fstat(fd).st_mode):
            modes.append(stat.S_IMODE(os.fstat(fd).st_mode))
            calls["n"] += 1
            if calls["n"] > 1:
                raise exc
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write)
    return real_write


def test_a_full_disk_during_evidence_add_leaves_nothing_and_names_the_folder(
    cli, one_case, home, tmp_path, monkeypatch, open_umask
):
    big = tmp_path / "scan.pdf"
    big.write_bytes(os.urandom(3 * MiB))
    cli("case", "list")  # the database exists before the disk "fills"
    modes: list[int] = []
    real_write = _fail_writes_after(
        monkeypatch, OSError(errno.ENOSPC, "No space left on device"), modes
    )
    result = cli("evidence", "add", "1", big, code=1)
    monkeypatch.setattr(os, "write", real_write)
    assert result.stderr == (
        f"Error: cannot write in {home / 'evidence' / '1'}: No space left on device\n"
    )
    assert str(big) not in result.stderr
    assert modes and set(modes) == {0o600}  # the temporary copy was private from the start
    assert _evidence_files(home) == []
    assert _kept(home, cli) == []


def test_ctrl_c_during_evidence_add_leaves_nothing(cli, one_case, home, tmp_path, monkeypatch):
    big = tmp_path / "scan.pdf"
    big.write_bytes(os.urandom(3 * MiB))
    cli("case", "list")
    real_write = _fail_writes_after(monkeypatch, KeyboardInterrupt(), [])
    cli("evidence", "add", "1", big, code=130)
    monkeypatch.setattr(os, "write", real_write)
    assert _evidence_files(home) == []
    assert _kept(home, cli) == []


def test_ctrl_c_after_the_copy_leaves_nothing(cli, one_case, home, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    record = evidence_service.record
    monkeypatch.setattr(evidence_service, "record", interrupted)
    cli("evidence", "add", "1", __file__, code=130)
    monkeypatch.setattr(evidence_service, "record", record)
    assert _evidence_files(home) == []
    assert _kept(home, cli) == []


def test_a_failed_commit_after_the_copy_leaves_no_file(cli, one_case, home):
    from sqlalchemy.orm import Session

    def refuse(session):
        if session.new:
            raise sa.exc.OperationalError("COMMIT", {}, Exception("disk I/O error"))

    sa.event.listen(Session, "before_commit", refuse)
    try:
        result = cli("evidence", "add", "1", __file__, code=1)
    finally:
        sa.event.remove(Session, "before_commit", refuse)
    assert result.stderr == "Error: database error: disk I/O error\n"
    assert _evidence_files(home) == []
    assert _kept(home, cli) == []
    cli("evidence", "add", "1", __file__)  # and it can be added again
    assert len(_evidence_files(home)) == 1


def test_evidence_add_refuses_what_is_not_a_regular_file(cli, one_case, home, tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)  # opening it to read would block until a writer came
    for source in (Path("/dev/zero"), fifo):  # read only: never damaged
        result = cli("evidence", "add", "1", source, code=1)
        assert (
            result.stderr == f"Error: {source} is not a regular file (a device, FIFO or socket)\n"
        )
    assert "no such file" in cli("evidence", "add", "1", tmp_path / "missing", code=1).stderr
    assert _evidence_files(home) == []


# ---------------------------------------- item 7: refused untouched; reading without writing


def _newer_tracker_database(cli, home) -> Path:
    cli("case", "open", "Written by a newer tracker")
    cli("case", "list")
    database = home / "tracker.db"
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffff9999'")
    connection.close()
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA journal_mode = DELETE")  # as an older program left it
    connection.close()
    os.chmod(database, 0o644)
    return database


def _another_applications_database(tmp_path) -> Path:
    path = tmp_path / "other-app.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT)")
        connection.execute("INSERT INTO settings VALUES ('theme', 'dark')")
    connection.close()
    os.chmod(path, 0o644)
    return path


@pytest.mark.sqlite_only
def test_a_refused_database_is_left_byte_for_byte(cli, home, tmp_path, monkeypatch):
    newer = _newer_tracker_database(cli, home)
    other = _another_applications_database(tmp_path)
    for database, message in ((newer, "does not know"), (other, "not a tracker database")):
        before = database.read_bytes()
        assert before[18:20] == b"\x01\x01"  # rollback journal, not WAL
        monkeypatch.setenv("TRACKER_DATABASE_URL", _sqlite_url(database))
        for args in (("case", "list"), ("case", "open", "x"), ("db", "upgrade")):
            assert message in cli(*args, code=1).stderr
        assert database.read_bytes() == before
        assert mode(database) == 0o644
        assert not database.with_name(database.name + "-wal").exists()


def _read_only_case_file(cli, home, how: str) -> Path:
    cli("case", "open", "Read-only matters", "--problem", "kept safe")
    cli("log", "1", "--channel", "chat", "--note", "first contact")
    database = home / "tracker.db"
    if how == "database 0400":
        os.chmod(database, 0o400)
    else:
        os.chmod(home, 0o500)
    return database


@pytest.mark.sqlite_only
@pytest.mark.parametrize("how", ["database 0400", "folder 0500"])
def test_read_only_data_refuses_writes_and_still_reads(cli, home, tmp_path, how):
    database = _read_only_case_file(cli, home, how)
    before = database.read_bytes()
    try:
        for args in (
            ("case", "open", "Another"),
            ("log", "1", "--channel", "phone"),
            ("evidence", "add", "1", __file__),
        ):
            result = cli(*args, code=1)
            assert result.stderr.startswith("Error: ") and "is read-only" in result.stderr
            assert "reading commands" in result.stderr
        assert "Read-only matters" in cli("case", "list").stdout
        assert cli.json("case", "show", "1")["title"] == "Read-only matters"
        cli("export", "--out", tmp_path / "rescued.json")
        assert "Read-only matters" in (tmp_path / "rescued.json").read_text()
        assert database.read_bytes() == before
        assert mode(database) == (0o400 if how == "database 0400" else 0o600)
        assert mode(home) == (0o500 if how == "folder 0500" else 0o700)
    finally:
        os.chmod(home, 0o700)
        os.chmod(database, 0o600)
    assert [c["title"] for c in cli.json("case", "list")] == ["Read-only matters"]


@pytest.mark.sqlite_only
def test_a_read_only_folder_without_a_database_says_so(cli, home):
    home.mkdir()
    os.chmod(home, 0o500)
    try:
        result = cli("case", "list", code=1)
    finally:
        os.chmod(home, 0o700)
    assert result.stderr == (
        f"Error: the folder {home} is read-only: cannot create the database there\n"
    )
    assert list(home.iterdir()) == []


# ---------------------------------------------- item 8: an Error line, never exit 70


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://u@localhost:99999/db",
        "postgresql+psycopg://u@[::1/db",
        "postgresql+psycopg://u@[::1:5432/db",
    ],
)
def test_a_malformed_database_url_is_one_error_line(cli, monkeypatch, url):
    monkeypatch.setenv("TRACKER_DATABASE_URL", url)
    result = cli("case", "list", code=1)
    assert result.stderr.startswith("Error: ") and len(result.stderr.splitlines()) == 1


def test_closed_standard_output_is_an_error_line(cli, one_case):
    for command in ("export", "case list", "--help"):
        done = subprocess.run(
            ["sh", "-c", f'"$0" -m tracker {command} >&-', sys.executable],
            capture_output=False,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
        assert done.returncode == 1, (command, done.stderr)
        assert done.stderr == (
            "Error: standard output is closed, so there is nowhere to print"
            " (redirect it to a file, or use --out where a command has it)\n"
        )


@pytest.mark.sqlite_only
def test_a_read_only_mount_is_read(cli, home, tmp_path, monkeypatch):
    """On a read-only mount access(2) says EROFS whatever the mode bits; a root
    test can't mount one, so access(2) is made to say it for the data folder."""
    cli("case", "open", "On a read-only mount")
    database = home / "tracker.db"
    before = database.read_bytes()
    real_access = os.access

    def access(path, how, *args, **kwargs):
        if how & os.W_OK and Path(path).resolve().is_relative_to(home.resolve()):
            return False
        return real_access(path, how, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)
    assert "is read-only" in cli("case", "open", "Another", code=1).stderr
    assert cli.json("case", "show", "1")["title"] == "On a read-only mount"
    cli("export", "--out", tmp_path / "rescued.json")
    assert database.read_bytes() == before
