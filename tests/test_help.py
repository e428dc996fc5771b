"""Every command explains itself, with an example; start-up stays light."""

import subprocess
import sys

import pytest

from tracker.cli import command_tree


def _commands(group, path=()):
    for name, command in sorted(group.commands.items()):
        if hasattr(command, "commands"):
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name), command


ALL = list(_commands(command_tree()))


def test_the_spec_commands_exist():
    names = {" ".join(path) for path, _ in ALL}
    for expected in (
        "company add",
        "company list",
        "company show",
        "order add",
        "order list",
        "order show",
        "ship add",
        "case open",
        "case list",
        "case show",
        "case edit",
        "case close",
        "case reopen",
        "log",
        "promise list",
        "promise kept",
        "promise broken",
        "evidence add",
        "db upgrade",
        "db current",
        "db backup",
    ):
        assert expected in names


@pytest.mark.parametrize("path", [p for p, _ in ALL], ids=[" ".join(p) for p, _ in ALL])
def test_every_command_has_help_with_an_example(cli, path):
    result = cli(*path, "--help")
    text = result.stdout
    assert "Example" in text, f"tracker {' '.join(path)} --help shows no example"
    assert "tracker " in text.split("Example", 1)[1]


def test_version(cli):
    assert cli("--version").stdout.startswith("tracker ")


def _imported_after(args: list[str]) -> set[str]:
    code = (
        "import sys\n"
        "from tracker.cli import app\n"
        f"sys.argv = ['tracker', *{args!r}]\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        "print('MODULES', ' '.join(sorted(m.split('.')[0] for m in sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return set(out.rsplit("MODULES", 1)[1].split())


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["case", "--help"], ["log", "--help"]])
def test_help_and_version_import_no_database_code(args):
    modules = _imported_after(args)
    assert "sqlalchemy" not in modules
    assert "sqlmodel" not in modules
    assert "alembic" not in modules


def test_an_ordinary_command_does_not_import_alembic(cli):
    cli("company", "list")  # the schema is now current
    modules = _imported_after(["case", "list"])
    assert "sqlalchemy" in modules
    assert "alembic" not in modules


def test_the_list_in_help_is_each_commands_own_help():
    """`tracker --help` lists commands from their help texts without building them;
    those texts are the ones the built commands show."""
    from tracker.cli import COMMANDS, _help_of

    tree = command_tree()
    assert list(tree.commands) == list(COMMANDS)
    for name, command in tree.commands.items():
        assert _help_of(name) == command.help, name


@pytest.mark.parametrize("lang", ["en", "sw"])
def test_help_lists_every_command_in_its_language(cli, lang):
    from tracker.cli import COMMANDS

    shown = cli("--lang", lang, "--help").stdout
    listed = [line.split()[0] for line in shown.split("\n\n")[-1].splitlines()[1:] if line]
    assert listed == list(COMMANDS)
    summary = next(line for line in shown.splitlines() if line.strip().startswith("summary"))
    assert ("Summarise a case" in summary) == (lang == "en")
