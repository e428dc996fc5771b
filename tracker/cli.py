"""The `tracker` command: a thin layer over tracker.services.

Start-up stays light: nothing here imports SQLAlchemy or Alembic. Commands
import the services they call inside their bodies.
"""

from __future__ import annotations

import contextlib
import enum
import io
import os
import shlex
import sys

import typer
from typer.core import TyperGroup

from tracker import __version__, i18n
from tracker._click import click
from tracker.errors import TrackerError
from tracker.i18n import N_, _

i18n.install()

INTERNAL_ERROR = 70  # EX_SOFTWARE: a bug, not the user's doing

# Commands whose printed text is in the chosen language, dates included. The words
# of the others are still English: their dates stay English too, so that no line mixes
# "on November 2" with "Novemba". The English the company hears (the chat message, the
# brief's statement and request) is built with English dates whatever this says.
DATES_IN_LANGUAGE: frozenset[str] = frozenset(
    {
        "summary",
        "escalate",
        "next",
        "case show",
        "case list",
        "due",
        "stats",
        "search",
        "promise list",
        "demo",
    }
)


def _fail(message: str, code: int, hint: str | None = None) -> None:
    from tracker.parse import safe

    click.echo(_("Error: {message}").format(message=safe(message)), err=True)
    if hint:
        click.echo(hint, err=True)
    raise typer.Exit(code)


def _unexpected(exc: Exception) -> None:
    """A bug or a database failure: one line, never the user's data."""
    if os.environ.get("TRACKER_DEBUG"):
        raise
    if type(exc).__module__.split(".")[0] in ("sqlalchemy", "psycopg", "sqlite3"):
        orig = getattr(exc, "orig", None) or exc
        first = (str(orig).strip().splitlines() or [type(orig).__name__])[0]
        if "locked" in first or "busy" in first:
            _fail(_("the database is busy (another tracker is writing); try again"), 1)
        _fail(_("database error: {detail}").format(detail=first), 1)
    _fail(
        _(
            "unexpected internal error ({kind}); nothing was saved."
            " Run again with TRACKER_DEBUG=1 to see the traceback."
        ).format(kind=type(exc).__name__),
        INTERNAL_ERROR,
    )


class TrackerGroup(TyperGroup):
    """Turns every error into one `Error: ...` line and an exit code, in one place."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """The root chooses the language first, so that everything after it, help
        included, is in that language: `--lang` wherever it is, else the defaults."""
        if ctx.parent is None:
            i18n.use(i18n.choose(_lang_flag(args)))
            ctx.meta["tracker.words"] = _command_words(args)
        return super().parse_args(ctx, args)

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.exceptions.UsageError as exc:
            if exc.__class__.__name__ == "NoArgsIsHelpError":
                raise
            # a root option wrong (`tracker --bogus`): one line, as inside a command
            command = exc.ctx.command_path if exc.ctx else "tracker"
            hint = _("Try '{command} --help' for help.").format(command=command)
            _fail(i18n.click_message(exc.format_message()), 2, hint)
            raise  # _fail raised typer.Exit; for the type checker

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(dict.fromkeys([*COMMANDS, *self.commands]))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.commands.update(_load(COMMANDS[cmd_name]))
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter) -> None:
        """`tracker --help`'s list of commands, from each command's help text alone:
        building all of them (their options) would cost more than the help itself."""
        from typer._click.utils import make_default_short_help

        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [
            (name, make_default_short_help(i18n.help_text(_help_of(name)), limit))
            for name in COMMANDS
        ]
        with formatter.section(_("Commands")):
            formatter.write_dl(rows)

    def load_all(self) -> TrackerGroup:
        """Every command loaded (the whole tree, for help and for tests)."""
        for name in COMMANDS:
            self.get_command(click.Context(self), name)
        return self

    def invoke(self, ctx: click.Context):
        from tracker.config import COMMAND

        # what `undo --list` shows as the command that made a change
        first = getattr(ctx, "_protected_args", None) or getattr(ctx, "protected_args", [])
        COMMAND.set(shlex.join(["tracker", *first, *ctx.args]))
        words = ctx.meta.get("tracker.words", [])
        in_language = {" ".join(words[:1]), " ".join(words[:2])} & DATES_IN_LANGUAGE
        try:
            with contextlib.nullcontext() if in_language else i18n.dates_in("en"):
                return super().invoke(ctx)
        except typer.Exit:
            raise
        except typer.Abort:
            # Ctrl-C or the end of input at a question: nothing was written
            click.echo("", err=True)  # off the question's line
            _fail(_("stopped before the end; nothing was saved"), 1)
        except TrackerError as exc:
            _fail(str(exc), 1)
        except click.exceptions.UsageError as exc:
            if exc.__class__.__name__ == "NoArgsIsHelpError":
                raise
            command = exc.ctx.command_path if exc.ctx else "tracker"
            message = i18n.click_message(exc.format_message().replace("Value error, ", ""))
            _fail(message, 2, _("Try '{command} --help' for help.").format(command=command))
        except click.exceptions.ClickException:
            raise
        except BrokenPipeError:
            sys.stderr.close()
            raise typer.Exit(1) from None
        except UnicodeEncodeError:
            # Bytes on the command line that are not UTF-8 reach Python as lone
            # surrogates, which no database driver (or terminal) can encode.
            _fail(_("some text given is not valid UTF-8; nothing was saved"), 1)
        except OSError as exc:
            if exc.filename is None:
                _unexpected(exc)
            # a file the user named (or the data folder) can't be read or written
            _fail(f"{exc.strerror or type(exc).__name__}: {exc.filename}", 1)
        except Exception as exc:  # noqa: BLE001 - the one place errors become exit codes
            _unexpected(exc)


app = typer.Typer(
    cls=TrackerGroup,
    name="tracker",
    help=N_(
        "A case file for fighting a customer-service problem: orders, every contact, "
        "representatives' names, complaint numbers and promises, turned into a message "
        "for the next chat or a brief for a manager.\n\n"
        "Start with: tracker demo    (a walk-through on a throw-away database)"
    ),
    no_args_is_help=True,
    # Click's plain help: rich's help panels would cost `tracker --help` more than
    # Typer's whole import
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Language(enum.StrEnum):
    """The languages of `--lang` (i18n.LANGUAGES)."""

    en = "en"
    sw = "sw"


def _lang_flag(args: list[str]) -> str | None:
    """The value of a root `--lang` among the arguments, before Click parses them."""
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
        if not arg.startswith("-"):  # the command's name: its arguments are its own
            break
    return None


def _command_words(args: list[str]) -> list[str]:
    """The command's name and its subcommand's ('case', 'show'), skipping root options."""
    words, skip = [], False
    for arg in args:
        if skip or arg.startswith("-"):
            skip = arg == "--lang"
            continue
        words.append(arg)
        if len(words) == 2:
            break
    return words


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tracker {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    version: bool = typer.Option(
        False,
        "--version",
        "-V",
        callback=_version,
        is_eager=True,
        help=N_("Show the version and exit."),
    ),
    lang: Language | None = typer.Option(
        None,
        "--lang",
        case_sensitive=False,
        help=N_(
            "The language of tracker's own text: en (English) or sw (Kiswahili). "
            "Default: TRACKER_LANG, else lang in config.toml, else the locale."
        ),
    ),
) -> None:
    """tracker: the case file for customer-service problems."""
    from tracker.commands.common import Handle

    ctx.obj = Handle()
    ctx.call_on_close(ctx.obj.close)


# Every command's module, imported when the command is used: `tracker case list`
# loads commands/case.py and builds the `case` group only, not the other forty
# commands (Typer builds a command's options from its signature, which costs). The
# order is the order `tracker --help` lists them in.
COMMANDS: dict[str, str] = {
    "case": "case",
    "log": "log",
    "summary": "summary",
    "escalate": "summary",
    "next": "next",
    "due": "due",
    "search": "search",
    "export": "transfer",
    "import": "transfer",
    "stats": "stats",
    "demo": "demo",
    "undo": "undo",
    "order": "order",
    "ship": "ship",
    "company": "company",
    "promise": "promise",
    "contact": "contact",
    "ref": "ref",
    "evidence": "evidence",
    "db": "db",
    "config": "config",
    "rules": "rules",
}


def _holder(module_name: str) -> typer.Typer:
    """A Typer holding what one module of tracker/commands defines: a group named
    after the module (its `app`) or the top-level commands its `register` adds."""
    import importlib

    module = importlib.import_module(f"tracker.commands.{module_name}")
    holder = typer.Typer(rich_markup_mode=None)
    if hasattr(module, "register"):
        module.register(holder)
    else:
        holder.add_typer(module.app, name=module_name)
    return holder


def _help_of(name: str) -> str:
    """A command's help text (English, as written), without building the command."""
    import inspect

    holder = _holder(COMMANDS[name])
    for info in holder.registered_commands:
        if info.name == name:
            return info.help or inspect.getdoc(info.callback) or ""
    for group in holder.registered_groups:
        given = group.typer_instance.info.help if group.typer_instance else None
        return given if isinstance(given, str) else ""
    return ""


def _load(module_name: str) -> dict[str, click.Command]:
    """The Click commands one module of tracker/commands defines, by name."""
    from typer.main import get_group

    return dict(get_group(_holder(module_name)).commands)


def command_tree() -> TrackerGroup:
    """The whole command tree, every command built (for tests and documentation)."""
    from typer.main import get_command

    group = get_command(app)
    assert isinstance(group, TrackerGroup)
    return group.load_all()


class _ClosedOutput(io.TextIOBase):
    """Standard output when the shell closed it (`tracker export >&-`): Python
    leaves sys.stdout None, and rich would then drop everything silently."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise TrackerError(
            _(
                "standard output is closed, so there is nowhere to print"
                " (redirect it to a file, or use --out where a command has it)"
            )
        )


def main() -> None:
    if sys.stdout is None:
        sys.stdout = _ClosedOutput()
    try:
        app()
    except TrackerError as exc:  # outside a command: --help with standard output closed
        from tracker.parse import safe

        sys.stderr.write(_("Error: {message}").format(message=safe(str(exc))) + "\n")
        sys.exit(1)
