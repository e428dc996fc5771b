"""tracker/tables.py, the Core twin of the models that reading commands select from,
and what it is for: a command that only reads never builds the SQLModel classes."""

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

_SPEC = importlib.util.spec_from_file_location(
    "gen_tables", Path(__file__).resolve().parent.parent / "tools" / "gen_tables.py"
)
assert _SPEC is not None and _SPEC.loader is not None
gen_tables = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(gen_tables)


def test_tables_module_is_what_the_models_generate():
    """Changing tracker/models.py without regenerating tracker/tables.py fails here,
    before a reading command selects a column the database no longer has."""
    assert gen_tables.TARGET.read_text(encoding="utf-8") == gen_tables.render(), (
        "tracker/tables.py is out of date: run python tools/gen_tables.py"
    )


def test_tables_have_the_models_columns_and_types():
    """The same check by meaning, for a reader of a failure: each table's columns,
    their types and primary keys."""
    import sqlmodel

    import tracker.models  # noqa: F401
    from tracker import tables

    models = sqlmodel.SQLModel.metadata.tables
    assert set(tables.metadata.tables) == set(models)
    for name, table in tables.metadata.tables.items():
        model = models[name]
        assert [c.name for c in table.columns] == [c.name for c in model.columns], name
        for column in table.columns:
            twin = model.columns[column.name]
            assert type(column.type) is type(twin.type), (name, column.name)
            assert column.primary_key == twin.primary_key, (name, column.name)


READING = [
    ("case", "show", "1"),
    ("case", "show", "C-0042", "--json"),
    ("case", "list"),
    ("case", "list", "--json"),
    ("case", "list", "--company", "amazon"),
    ("summary", "1"),
    ("summary", "1", "--for", "manager"),
    ("next", "1"),
    ("search", "towel"),
    ("due",),
    ("promise", "list"),
    ("stats",),
    ("company", "show", "Amazon"),
    ("company", "list"),
    ("order", "list"),
    ("order", "list", "--json"),
]

_RUN = """
import sys
from tracker.cli import main
sys.argv = ["tracker", *sys.argv[1:]]
try:
    main()
except SystemExit as end:
    code = end.code or 0
built = "tracker.models" in sys.modules
print("MODELS-BUILT" if built else "MODELS-NOT-BUILT", code, file=sys.stderr)
"""


@pytest.mark.parametrize("command", READING, ids=" ".join)
def test_reading_commands_never_build_the_models(cli, towel_case, command):
    """Reading commands select from tracker.tables; the models (about 30 ms of
    start-up) are imported only where a command writes."""
    cli("log", "1", "--channel", "chat", "--ref", "C-0042", "--promise", "refund", "--due", "+2d")
    done = subprocess.run(
        [sys.executable, "-c", _RUN, *command],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=120,
    )
    assert "MODELS-NOT-BUILT 0" in done.stderr, done.stderr
    assert "towel" in done.stdout.lower() or command[0] in ("due", "stats", "company"), done.stdout


def _run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", _RUN, *command],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=120,
    )


def test_log_writes_without_the_models_and_undo_takes_it_back(cli, towel_case):
    """`log`, run several times a day, writes with Core statements: no models are
    built, the case file shows what it wrote, and `undo` takes all of it back."""
    before = json.loads(cli("case", "show", "1", "--json").stdout)
    done = _run(
        *("log", "1", "--channel", "phone", "--rep", "Asha", "--ref", "ZX-77"),
        *("--promise", "a refund", "--due", "+3d"),
    )
    assert "MODELS-NOT-BUILT 0" in done.stderr, done.stderr
    shown = json.loads(cli("case", "show", "1", "--json").stdout)
    assert shown["status"] == "waiting"  # a promise moves an open case to waiting
    assert [c["rep_name"] for c in shown["contacts"]][-1] == "Asha"
    assert "ZX-77" in [r["value"] for r in shown["references"]]
    assert "a refund" in [p["what"] for p in shown["promises"]]
    cli("undo")
    assert json.loads(cli("case", "show", "1", "--json").stdout) == before


def test_other_writing_commands_still_write_through_the_models(cli, towel_case):
    """The other side: `case edit` builds the models where it writes, and the case
    file read back through the tables shows what it wrote."""
    done = _run("case", "edit", "1", "--title", "Bath towel, wrong colour")
    assert "MODELS-BUILT 0" in done.stderr, done.stderr
    assert "wrong colour" in cli("case", "show", "1").stdout
