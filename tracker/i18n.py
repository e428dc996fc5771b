"""The language of tracker's own text: choosing it and translating through gettext.

The catalogs are `tracker/locale/<lang>/LC_MESSAGES/tracker.mo`, compiled from the
`.po` files beside them by `python tools/i18n.py compile` and committed (a test
checks they match the `.po`). Light on imports: `tracker --help` loads this.

Language, first match wins: `--lang`, `TRACKER_LANG`, `lang` in config.toml, the
locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), English. Only the words change:
option names, JSON keys, vocabulary values and exit codes never do.
"""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from pathlib import Path

DOMAIN = "tracker"
LANGUAGES = ("en", "sw")
LOCALE_DIR = Path(__file__).with_name("locale")

_current: str | None = None  # the language in force, once chosen
_catalogs: dict = {}  # language -> gettext translations, loaded on first use


def _language_of(value: str | None) -> str | None:
    """'sw_KE.UTF-8', 'sw_TZ', 'sw', 'SW' -> 'sw'; 'en_US' -> 'en'; others -> None."""
    if not value:
        return None
    head = re.split(r"[_.@-]", value.strip(), maxsplit=1)[0].lower()
    return head if head in LANGUAGES else None


def _from_config() -> str | None:
    """`lang` in TRACKER_HOME/config.toml, read cheaply: a missing file costs one stat.

    A regular expression, not tomllib: `--help` must not fail on a broken config
    file (the commands that use the settings report it), nor pay for a parser.
    """
    from tracker import config

    try:
        text = (config.home() / "config.toml").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    m = re.search(r"""^\s*lang\s*=\s*["']([A-Za-z_]+)["']\s*(?:#.*)?$""", text, re.MULTILINE)
    return _language_of(m[1]) if m else None


def _from_locale() -> str | None:
    """POSIX order: the first of LC_ALL, LC_MESSAGES, LANG that is set decides."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return _language_of(value) or "en"
    return None


def choose(flag: str | None = None) -> str:
    """The language: `--lang`, TRACKER_LANG, config.toml, the locale, else English."""
    return (
        _language_of(flag)
        or _language_of(os.environ.get("TRACKER_LANG"))
        or _from_config()
        or _from_locale()
        or "en"
    )


def use(language: str | None) -> None:
    """Set the language in force; None chooses again on the next `lang()`."""
    global _current
    _current = _language_of(language) if language else None


def lang() -> str:
    """The language in force: 'en' or 'sw'."""
    global _current
    if _current is None:
        _current = choose()
    return _current


@contextmanager
def using(language: str):
    """Text in `language` for a while: the English message sent to a company."""
    global _current
    saved = _current
    _current = _language_of(language) or "en"
    try:
        yield
    finally:
        _current = saved


_dates: str | None = None  # the language of dates, when not the language in force


def date_lang() -> str:
    """The language month and weekday names are written in."""
    return _dates or lang()


@contextmanager
def dates_in(language: str):
    """Dates in `language` for a while: English text keeps English month names."""
    global _dates
    saved = _dates
    _dates = _language_of(language) or "en"
    try:
        yield
    finally:
        _dates = saved


def catalog(language: str | None = None):
    """The compiled catalog of a language (English: the source strings themselves)."""
    language = language or lang()
    found = _catalogs.get(language)
    if found is None:
        import gettext as _gettext  # only when a catalog is needed: English never pays

        found = _gettext.NullTranslations()
        if language != "en":
            mo = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
            try:
                with mo.open("rb") as stream:
                    found = _gettext.GNUTranslations(stream)
            except OSError:  # an installation without catalogs still works, in English
                pass
        _catalogs[language] = found
    return found


def _(message: str) -> str:
    """`message` in the language in force."""
    if not message or lang() == "en":
        return message
    return catalog().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form for `n`: ngettext("{n} case", "{n} cases", n).format(n=n)."""
    if lang() == "en":
        return singular if n == 1 else plural
    return catalog().ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark a string for the catalog without translating it now (help texts are
    translated when the help is shown, after `--lang` is known)."""
    return message


# What a DATE option takes, in every help text that says {date_help}.
DATE_HELP = N_(
    "2026-10-28, 'Nov 5', 'friday', today, yesterday, tomorrow, '3d ago', '+5d'"
    " or '+5bd' (business days)"
)


# ---------------------------------------------------------------- Typer and Click

# Typer's own words in its help ("Options", "[default: ...]"): typer.core says them
# through gettext's `_`, which install() points at this catalog.
TYPER_WORDS = (
    N_("Arguments"),
    N_("Options"),
    N_("Commands"),
    N_("default: {default}"),
    N_("env var: {var}"),
    N_("required"),
    N_("(dynamic)"),
)
HELP_OPTION = N_("Show this message and exit.")
# the help of Typer's own options, translated like ours when the help is shown
TYPER_OPTION_HELP = (
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
)
USAGE = N_("Usage: ")

# Click's usage errors are plain English f-strings (the Click Typer vendors has no
# gettext): each known shape is matched and said again through the catalog.
_CLICK_ERRORS = [  # (pattern, msgid), compiled on first use
    (r"No such option: (?P<name>\S+)$", N_("No such option: {name}")),
    (r"No such command '(?P<name>.*)'\.$", N_("No such command '{name}'.")),
    (r"Missing argument '(?P<name>.*)'\.$", N_("Missing argument '{name}'.")),
    (r"Missing option '(?P<name>.*)'\.$", N_("Missing option '{name}'.")),
    (
        r"Option '(?P<name>.*)' requires an argument\.$",
        N_("Option '{name}' requires an argument."),
    ),
    (
        r"Got unexpected extra arguments? \((?P<name>.*)\)$",
        N_("Got unexpected extra argument(s) ({name})"),
    ),
    (
        r"Invalid value for (?P<name>'[^']*'(?: / '[^']*')*): (?P<what>.*)$",
        N_("Invalid value for {name}: {what}"),
    ),
    (
        r"(?P<name>'.*') is not one of (?P<what>.*)\.$",
        N_("{name} is not one of {what}."),
    ),
    # Typer checks numbers with pydantic, whose messages are English too
    (
        r"Input should be a valid integer, unable to parse string as an integer$",
        N_("a whole number is needed"),
    ),
    (
        r"Input should be greater than or equal to (?P<n>-?\d+)$",
        N_("it must be {n} or more"),
    ),
    (
        r"Input should be less than or equal to (?P<n>-?\d+)$",
        N_("it must be {n} or less"),
    ),
]
_HINT = r"(?P<body>.*?)(?:\s*\(Possible options: (?P<many>.*)\)|\s*Did you mean (?P<one>.*)\?)$"


def click_message(message: str) -> str:
    """A usage error of Click's, in the language in force."""
    message = message.replace("Value error, ", "")
    if lang() == "en":
        return message
    hint = re.fullmatch(_HINT, message.strip())
    body = hint["body"] if hint else message.strip()
    for pattern, msgid in _CLICK_ERRORS:
        m = re.match(pattern, body)
        if not m:
            continue
        parts = m.groupdict()
        if "what" in parts:
            parts["what"] = click_message(parts["what"])
        text = _(msgid).format(**parts)
        if hint:
            text += " " + _("Did you mean {name}?").format(name=hint["many"] or hint["one"])
        return text
    return message


def help_text(source: str) -> str:
    """A help text in the language in force, with `{date_help}` filled in."""
    return _(source).replace("{date_help}", _(DATE_HELP))


def _swap(thing: object, attribute: str, extra: dict[str, str]) -> None:
    """Set a help text to its translation, keeping the English source to start from."""
    key = f"_tracker_en_{attribute}"
    source = thing.__dict__.get(key, getattr(thing, attribute, None))
    if not isinstance(source, str) or not source:
        return
    thing.__dict__[key] = source
    text = _(source)
    for name, value in extra.items():
        text = text.replace("{" + name + "}", value)
    setattr(thing, attribute, text)


def translate_help(command, ctx) -> None:
    """Put the help of a command, its options and its subcommands in the language in
    force, just before Typer prints it. `{date_help}` in a help text is the DATE help."""
    extra = {"date_help": _(DATE_HELP)}
    things = [command, *command.params]
    help_option = command.get_help_option(ctx)
    if help_option is not None:
        help_option.help = _(HELP_OPTION)
    for sub in getattr(command, "commands", {}).values():
        things.append(sub)
    for thing in things:
        _swap(thing, "help", extra)
        _swap(thing, "short_help", extra)
        _swap(thing, "epilog", extra)


def install() -> None:
    """Route Typer's help and Click's "Usage:" through the catalog (once per process).

    Patches what is already loaded: Click's help formatter, Typer's `_`, and the
    help of Typer's commands and groups, translated just before it is printed.
    """
    import typer.core
    from typer.core import TyperCommand, TyperGroup

    from tracker._click import click

    formatter = click.formatting.HelpFormatter
    if getattr(formatter, "_tracker_i18n", False):
        return
    # patching Click's class on purpose: it has no hook for the "Usage:" word
    formatter._tracker_i18n = True  # type: ignore[attr-defined]
    write_usage = formatter.write_usage

    def translated_usage(self, prog, args="", prefix=None):
        return write_usage(self, prog, args, _(USAGE) if prefix is None else prefix)

    formatter.write_usage = translated_usage  # type: ignore[method-assign]
    typer.core._ = _  # "Options", "default: ..." (TYPER_WORDS)

    for cls in (TyperCommand, TyperGroup):
        cls.format_help = _translated(cls.format_help)  # type: ignore[method-assign]


def _translated(format_help):
    def wrapper(self, ctx, formatter):
        translate_help(self, ctx)
        return format_help(self, ctx, formatter)

    return wrapper
