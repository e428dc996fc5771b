"""Every test runs in its own TRACKER_HOME; the backend is SQLite or PostgreSQL.

PostgreSQL: `pytest --backend postgres` (or TRACKER_TEST_BACKEND=postgres) with
TRACKER_TEST_PG_URL pointing at a server (`.ci/pg-start` starts one and
prints it). Each test then gets a schema of its own on that server.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid

import pytest
import typer.main
import typer.testing
from typer._click import Command
from typer.testing import CliRunner

from tracker import i18n
from tracker.cli import app

DEFAULT_PG_URL = "postgresql+psycopg://postgres@/tracker_test?host=/tmp/tracker-pg&port=54329"


def pytest_addoption(parser):
    parser.addoption(
        "--backend",
        choices=("sqlite", "postgres"),
        default=os.environ.get("TRACKER_TEST_BACKEND", "sqlite"),
        help="database backend to run the suite against",
    )
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=bool(os.environ.get("TRACKER_UPDATE_GOLDENS")),
        help="rewrite tests/golden/ from what tracker prints now (read the diff after)",
    )


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only: the test is about the SQLite file itself")
    config.addinivalue_line("markers", "postgres_only: the test needs PostgreSQL")
    config.addinivalue_line(
        "markers",
        "slow: crash, concurrency and fuzz tests (run by default and in CI; "
        "skip locally with -m 'not slow')",
    )


def pytest_collection_modifyitems(config, items):
    """Under pytest -n, the slow tests are handed out first: a long one started last would
    leave the other workers idle while it runs (every worker sorts the same way)."""
    if _is_xdist_worker(config):
        items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def pytest_report_header(config):
    return f"tracker backend: {config.getoption('--backend')}"


# The figures the robustness tests measure (writers and contacts kept, kills
# survived, hypothesis examples run), printed at the end of the run and, when
# TRACKER_FIGURES_DIR is set, written there for .ci/run to print. Under pytest-xdist
# each worker records its own and hands them to the controller, which prints them.
# A figure is (text, counts): a tally (counts given) is one line whatever the number of
# workers that counted a share of it; its text is a format string for the summed counts.
_FIGURES: list[tuple[str, dict[str, int]]] = []


@pytest.fixture(scope="session")
def figures(backend):
    """figures("2 writers, 400 of 400 contacts kept") records one line for this backend;
    figures("{examples} examples run", examples=12) records a share of a tally: the
    shares with the same text are added up into one line."""

    def add(text: str, **counts: int) -> None:
        _FIGURES.append((f"{backend}: {text}", counts))

    return add


def figure_lines(recorded: list[tuple[str, dict[str, int]]]) -> list[str]:
    """The lines to print, sorted: each tally summed over its shares."""
    lines: list[str] = []
    tallies: dict[str, dict[str, int]] = {}
    for text, counts in recorded:
        if not counts:
            lines.append(text)
            continue
        total = tallies.setdefault(text, dict.fromkeys(counts, 0))
        for name, value in counts.items():
            total[name] = total.get(name, 0) + value
    lines += [text.format(**counts) for text, counts in tallies.items()]
    return sorted(lines)


def _is_xdist_worker(config) -> bool:
    return hasattr(config, "workerinput")


def pytest_sessionfinish(session):
    if _is_xdist_worker(session.config):  # sent to the controller when the worker ends
        session.config.workeroutput["tracker_figures"] = _FIGURES


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """(pytest-xdist, in the controller) A worker ended: keep the figures it recorded."""
    _FIGURES.extend(
        (text, dict(counts))
        for text, counts in getattr(node, "workeroutput", {}).get("tracker_figures", [])
    )


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    lines = figure_lines(_FIGURES)
    if not lines or _is_xdist_worker(config):
        return
    terminalreporter.write_sep("-", "tracker figures")
    for text in lines:
        terminalreporter.write_line(text)
    folder = os.environ.get("TRACKER_FIGURES_DIR")
    if folder:
        path = os.path.join(folder, f"figures-{config.getoption('--backend')}.txt")
        with open(path, "a", encoding="utf-8") as handle:
            handle.writelines(text + "\n" for text in lines)


@pytest.fixture(scope="session")
def backend(pytestconfig) -> str:
    return pytestconfig.getoption("--backend")


@pytest.fixture(autouse=True)
def _skip_by_backend(request, backend):
    if backend != "sqlite" and request.node.get_closest_marker("sqlite_only"):
        pytest.skip("SQLite only")
    if backend != "postgres" and request.node.get_closest_marker("postgres_only"):
        pytest.skip("PostgreSQL only")


def new_pg_schema() -> tuple[str, str]:
    """A fresh, empty schema on the test server: (server URL, schema name)."""
    import sqlalchemy as sa

    base = os.environ.get("TRACKER_TEST_PG_URL", DEFAULT_PG_URL)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(base)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    engine.dispose()
    return base, schema


def drop_pg_schemas(schemas: list[tuple[str, str]]) -> None:
    import sqlalchemy as sa

    for base, schema in schemas:
        engine = sa.create_engine(base)
        with engine.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        engine.dispose()


def _pg_schema_url(base: str, schema: str) -> str:
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch, backend, request):
    """A private TRACKER_HOME (and, on PostgreSQL, a private schema) per test."""
    folder = tmp_path / "home"
    monkeypatch.setenv("TRACKER_HOME", str(folder))
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.setenv("TRACKER_PROMPT", "never")
    monkeypatch.setenv("TRACKER_USER", "tester")
    monkeypatch.delenv("TRACKER_NOW", raising=False)
    monkeypatch.delenv("TRACKER_DEBUG", raising=False)
    monkeypatch.delenv("TRACKER_DATABASE_URL", raising=False)
    # English unless a test chooses: the machine's locale must not change the wording
    for name in ("TRACKER_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    i18n.use(None)
    schema = None
    if backend == "postgres" and not request.node.get_closest_marker("sqlite_only"):
        base, schema = new_pg_schema()
        monkeypatch.setenv("TRACKER_DATABASE_URL", _pg_schema_url(base, schema))
    yield folder
    if schema:
        drop_pg_schemas([(base, schema)])
    time.tzset()


@pytest.fixture
def now(monkeypatch):
    """Pin the clock: now('2026-11-10 12:00')."""

    def pin(moment: str) -> None:
        monkeypatch.setenv("TRACKER_NOW", moment)

    pin("2026-11-10T12:00:00")
    return pin


# Typer turns `app` into a Click command tree each time CliRunner is handed the Typer app
# (most of a typical test's time); the tree holds no state of its own (every command
# reads the environment and the clock when it runs), so it is built once per session.
_COMMAND: Command | None = None


def tracker_command() -> Command:
    """The Click command for `app`, built on first use."""
    global _COMMAND
    if _COMMAND is None:
        _COMMAND = typer.main.get_command(app)
    return _COMMAND


@pytest.fixture(autouse=True, scope="session")
def _invoke_built_commands():
    """Lets CliRunner.invoke take a command already built: Typer's invoke always calls
    typer.main.get_command on what it is given, which only accepts a Typer app."""
    build = typer.testing._get_command

    def built_or_build(target):
        return target if isinstance(target, Command) else build(target)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typer.testing, "_get_command", built_or_build)
        yield


class Cli:
    """Runs tracker in-process, the way a user would from a shell."""

    def __init__(self) -> None:
        self.runner = CliRunner()
        self.command = tracker_command()

    def __call__(self, *args: str, input: str | None = None, code: int | None = 0):
        result = self.runner.invoke(
            self.command, [str(a) for a in args], input=input, prog_name="tracker"
        )
        if code is not None:
            assert result.exit_code == code, (
                f"tracker {' '.join(map(str, args))} exited {result.exit_code}, expected {code}\n"
                f"stdout: {result.stdout}\nstderr: {result.stderr}\n"
                f"exception: {result.exception!r}"
            )
        return result

    def json(self, *args: str):
        return json.loads(self(*args, "--json").stdout)


@pytest.fixture
def cli() -> Cli:
    return Cli()


@pytest.fixture
def towel_case(cli, now):
    """The guide's example: a red bath towel ordered, a gray bathrobe received.

    A variant of tests/stories.py's `towel` (the demo's case): here Daniel's call ends
    with information, not a dropped line, and the answers are worded differently."""
    now("2026-11-10T12:00:00")
    cli(
        "order",
        "add",
        "112-4455667-0012345",
        "--placed",
        "2026-10-28",
        "--item",
        "Red bath towel",
        "--amount",
        "24.99",
    )
    cli(
        "ship",
        "add",
        "112-4455667-0012345",
        "--carrier",
        "UPS",
        "--tracking",
        "1Z999AA10123456784",
        "--delivered",
        "2026-11-02",
    )
    cli(
        "case",
        "open",
        "Gray bathrobe instead of red towel",
        "--order",
        "112-4455667-0012345",
        "--category",
        "wrong-item",
        "--happened",
        "2026-11-02",
        "--expected",
        "red bath towel",
        "--received",
        "gray bathrobe",
        "--want",
        "return the bathrobe and get the towel I ordered",
        "--resolution",
        "exchange",
    )
    cli(
        "log",
        "1",
        "--channel",
        "chat",
        "--with",
        "bot",
        "--at",
        "2026-11-02 10:00",
        "--minutes",
        "5",
        "--result",
        "transferred",
        "--answer",
        "The bot could only offer a refund.",
    )
    cli(
        "log",
        "1",
        "--channel",
        "chat",
        "--with",
        "rep",
        "--rep",
        "Priya",
        "--ref",
        "C-0042",
        "--at",
        "2026-11-02 10:10",
        "--minutes",
        "20",
        "--result",
        "promised",
        "--promise",
        "ship the red towel",
        "--due",
        "2026-11-05",
        "--answer",
        "She will ship the towel and send a return label for the robe.",
        "--rating",
        "4",
    )
    cli(
        "log",
        "1",
        "--channel",
        "phone",
        "--with",
        "rep",
        "--rep",
        "Daniel",
        "--at",
        "2026-11-08 09:00",
        "--minutes",
        "35",
        "--result",
        "info",
        "--answer",
        "He said the towel is on its way.",
    )
    return 1


WORKER = os.path.join(os.path.dirname(__file__), "worker.py")


@pytest.fixture
def start_worker():
    """Starts tests/worker.py in a process of its own; returns the Popen, once it is ready.

    Write a line to its stdin to let it start logging.
    """
    started: list[subprocess.Popen] = []

    def start(
        case: str,
        count: int,
        tag: str,
        prefix: str,
        *,
        note_chars: int = 0,
        user: str | None = None,
    ) -> subprocess.Popen:
        env = dict(os.environ, TRACKER_USER=user or tag, PYTHONUNBUFFERED="1")
        args = [sys.executable, WORKER, case, str(count), tag, prefix]
        if note_chars:
            args.append(str(note_chars))
        process = subprocess.Popen(
            args,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        started.append(process)
        first = process.stdout.readline()
        assert first == "ready\n", first + process.stderr.read()
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait()
        for stream in (process.stdin, process.stdout, process.stderr):
            stream.close()


def dump_database(engine=None) -> dict[str, list[tuple]]:
    """Every row of every table (sorted), to compare a database before and after.

    Opens the database tracker would open, unless given an engine.
    """
    import sqlalchemy as sa

    from tracker.db import make_engine

    own = engine is None
    engine = make_engine() if own else engine
    try:
        with engine.connect() as connection:
            names = sorted(sa.inspect(connection).get_table_names())
            return {
                name: sorted(
                    (tuple(row) for row in connection.exec_driver_sql(f'SELECT * FROM "{name}"')),
                    key=repr,
                )
                for name in names
            }
    finally:
        if own:
            engine.dispose()


@pytest.fixture
def dump():
    """dump() -> {table: sorted rows} of the database the test's tracker uses."""
    return dump_database


@pytest.fixture
def new_database(backend, tmp_path):
    """new_database() -> the URL of another empty database on the suite's backend
    (a SQLite file, or a PostgreSQL schema dropped after the test)."""
    schemas: list[tuple[str, str]] = []

    def make() -> str:
        if backend != "postgres":
            return f"sqlite:///{tmp_path / f'other-{uuid.uuid4().hex[:8]}' / 'tracker.db'}"
        schemas.append(new_pg_schema())
        return _pg_schema_url(*schemas[-1])

    yield make
    drop_pg_schemas(schemas)
