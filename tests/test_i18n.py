"""Kiswahili (issue 10): choosing the language, the catalog's coverage, dates and money."""

from __future__ import annotations

import importlib.util
import json
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from tracker import i18n
from tracker.errors import TrackerError
from tracker.parse import long_date, money_display, parse_date, parse_datetime, today
from tracker.prose.words import say_date, say_money, say_time

ROOT = Path(__file__).resolve().parent.parent


def _tools():
    spec = importlib.util.spec_from_file_location("i18n_tools", ROOT / "tools" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["i18n_tools"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


tools = _tools()


@pytest.fixture
def sw():
    with i18n.using("sw"):
        yield


# ---------------------------------------------------------------- choosing the language


def test_english_when_nothing_says_otherwise():
    assert i18n.choose() == "en"


@pytest.mark.parametrize("value", ["sw_KE.UTF-8", "sw_TZ", "sw"])
def test_the_locale_chooses_kiswahili(monkeypatch, value):
    monkeypatch.setenv("LANG", value)
    assert i18n.choose() == "sw"


def test_lc_all_comes_before_lang(monkeypatch):
    monkeypatch.setenv("LANG", "sw_KE.UTF-8")
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    assert i18n.choose() == "en"
    monkeypatch.setenv("LC_ALL", "sw_TZ.UTF-8")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert i18n.choose() == "sw"


def test_order_flag_env_config_locale(monkeypatch, cli):
    monkeypatch.setenv("LANG", "sw_KE.UTF-8")
    assert i18n.choose() == "sw"  # the locale
    cli("config", "set", "lang", "en")
    assert i18n.choose() == "en"  # the config file over the locale
    monkeypatch.setenv("TRACKER_LANG", "sw")
    assert i18n.choose() == "sw"  # the environment over the config file
    assert i18n.choose("en") == "en"  # the flag over everything


def test_the_flag_over_the_environment_through_the_cli(monkeypatch, cli):
    monkeypatch.setenv("TRACKER_LANG", "sw")
    assert "Hakuna kesi" in cli("case", "list").stdout
    assert "No active cases" in cli("--lang", "en", "case", "list").stdout
    monkeypatch.delenv("TRACKER_LANG")
    cli("config", "set", "lang", "sw")
    assert "Hakuna kesi" in cli("case", "list").stdout


def test_a_bad_lang_is_a_usage_error(cli):
    result = cli("--lang", "fr", "case", "list", code=2)
    assert "fr" in result.stderr


# ---------------------------------------------------------------- the CLI in Kiswahili


def test_case_help_in_kiswahili(cli):
    out = cli("--lang", "sw", "case", "--help").stdout
    assert "Matumizi:" in out and "Usage:" not in out
    assert "Amri" in out and "Commands" not in out
    assert "Fungua kesi na uchapishe nambari yake." in out
    assert "Onyesha ujumbe huu kisha uondoke." in out
    out = cli("--lang", "sw", "case", "open", "--help").stdout
    assert "Chaguo" in out and "Options" not in out
    assert "--company" in out  # option names never change
    assert "kesho" in out  # the date help, in Kiswahili, inside an option's help


def test_help_goes_back_to_english_in_the_same_process(cli):
    cli("--lang", "sw", "log", "--help")
    out = cli("--lang", "en", "log", "--help").stdout
    assert "Log one contact with the company" in out and "Matumizi" not in out


def test_usage_errors_in_kiswahili(cli):
    result = cli("--lang", "sw", "case", "show", code=2)
    assert result.stderr.startswith("Hitilafu: Hoja 'CASE' inakosekana.")
    assert "Jaribu 'tracker case show --help' kupata msaada." in result.stderr


def test_messages_in_kiswahili_and_json_the_same(cli):
    opened = cli("--lang", "sw", "case", "open", "Taulo", "--want", "taulo").stdout
    assert "Kesi #1 imefunguliwa: Taulo" in opened
    logged = cli("--lang", "sw", "log", "1", "--channel", "chat", "--with", "rep", "--rep", "Amina")
    assert "Mawasiliano 1 yameandikwa kwenye kesi #1: chat na Amina" in logged.stdout
    english = cli("case", "list", "--json").stdout
    kiswahili = cli("--lang", "sw", "case", "list", "--json").stdout
    assert json.loads(english) == json.loads(kiswahili)
    assert english == kiswahili
    assert (
        cli("--lang", "sw", "case", "show", "1", "--json").stdout
        == cli("case", "show", "1", "--json").stdout
    )


# ---------------------------------------------------------------- the catalog


def test_every_wrapped_string_has_a_kiswahili_entry():
    """Fails on a `_()`, `N_()` or `ngettext()` string with no Kiswahili, a fuzzy one,
    a dropped or renamed {placeholder}, or an f-string inside `_()`. Covers every
    file under tracker/, so strings wrapped later are checked too."""
    assert tools.problems("sw") == []


def test_the_check_catches_a_renamed_placeholder(tmp_path, monkeypatch):
    po = tmp_path / "sw" / "LC_MESSAGES" / "tracker.po"
    po.parent.mkdir(parents=True)
    header, entries = tools.read_po(tools.po_path("sw"))
    for e in entries:
        if e.msgid == "Closed case #{id}":
            e.msgstr = ["Kesi #{nambari} imefungwa"]
        if e.msgid == "No cases.":
            e.flags.add("fuzzy")
    tools.write_po(po, header, entries)
    monkeypatch.setattr(tools, "LOCALE", tmp_path)
    found = "\n".join(tools.problems("sw"))
    assert "placeholders ['nambari']" in found
    assert "fuzzy: 'No cases.'" in found


def test_the_shipped_mo_matches_the_po():
    """The .mo is committed: `python tools/i18n.py compile` after editing the .po."""
    header, entries = tools.read_po(tools.po_path("sw"))
    mo = tools.po_path("sw").with_suffix(".mo")
    assert mo.read_bytes() == tools.compile_mo(header, entries)


def test_the_po_reads_back_as_written(tmp_path):
    header, entries = tools.read_po(tools.po_path("sw"))
    copy = tmp_path / "copy.po"
    tools.write_po(copy, header, entries)
    assert tools.read_po(copy) == (header, entries)


def test_plural_forms(sw):
    one = i18n.ngettext(
        "Logged {n} contact on case #{case}: {ids}", "Logged {n} contacts on case #{case}: {ids}", 1
    )
    assert one.format(n=1, case=2, ids="5") == "Mawasiliano 1 yameandikwa kwenye kesi #2: 5"
    more = i18n.ngettext(
        "{more} more not shown; --limit 0 shows all ({total} in all).",
        "{more} more not shown; --limit 0 shows all ({total} in all).",
        3,
    )
    assert more.format(more=3, total=53).startswith("3 nyingine hazijaonyeshwa")
    with i18n.using("en"):
        assert i18n.ngettext("{n} case", "{n} cases", 1).format(n=1) == "1 case"
        assert i18n.ngettext("{n} case", "{n} cases", 3).format(n=3) == "3 cases"


# ---------------------------------------------------------------- dates and money


def test_month_names_in_kiswahili(sw):
    year = today().year
    assert long_date(date(year, 11, 2)) == "2 Novemba"
    assert say_date(date(year, 1, 15)) == "15 Januari"
    assert say_date(date(2020, 12, 31)) == "31 Desemba 2020"
    assert say_time(datetime(year, 11, 2, 10, 10)) == "2 Novemba, 10:10"
    months = [long_date(date(2020, m, 1)).split()[1] for m in range(1, 13)]
    assert months == tools_months()


def tools_months():
    return (
        "Januari Februari Machi Aprili Mei Juni Julai Agosti Septemba Oktoba Novemba Desemba"
    ).split()


def test_english_dates_unchanged():
    with i18n.using("en"):
        assert long_date(date(today().year, 10, 28)) == "October 28"
        assert long_date(date(2020, 10, 28)) == "October 28, 2020"


def test_money_with_the_currency_symbol(sw):
    assert money_display(249900, "KES") == "KSh 2,499.00"
    assert money_display(1500000, "TZS") == "TSh 15,000.00"
    assert money_display(2499, "USD") == "$24.99"
    from tracker.casefile import Money

    assert say_money(Money(minor=2499, currency="USD")) == "$24.99"


@pytest.mark.parametrize(
    ("words", "days"),
    [
        ("leo", 0),
        ("jana", -1),
        ("kesho", 1),
        ("juzi", -2),
        ("keshokutwa", 2),
        ("siku 3 zilizopita", -3),
        ("baada ya siku 5", 5),
        ("wiki 2 zilizopita", -14),
        ("Baada ya wiki 1", 7),
    ],
)
def test_kiswahili_date_words_in_every_language(now, words, days):
    for language in ("en", "sw"):
        with i18n.using(language):
            assert parse_date(words) == today() + timedelta(days=days)


def test_kiswahili_month_names_in_input(now):
    assert parse_date("5 Novemba 2026") == date(2026, 11, 5)
    assert parse_date("Novemba 5, 2026") == date(2026, 11, 5)
    assert parse_date("1 mei 2025") == date(2025, 5, 1)
    assert parse_datetime("jana") is not None
    with pytest.raises(TrackerError):
        parse_date("siku tatu zilizopita")


def test_a_date_typed_in_kiswahili_through_the_cli(cli, now):
    cli("case", "open", "Taulo", "--follow-up", "keshokutwa")
    shown = cli.json("case", "show", "1")
    assert shown["follow_up_on"] == (today() + timedelta(days=2)).isoformat()


def test_english_text_keeps_english_dates(cli, towel_case):
    """The message for the company is English: its dates too, whatever the language
    (cli.DATES_IN_LANGUAGE lists the commands whose whole text is translated)."""
    english = cli("summary", "1").stdout
    assert "November" in english
    # the English message first, unchanged; its Kiswahili meaning after it
    assert cli("--lang", "sw", "summary", "1").stdout.startswith(english)
    # the case file is in Kiswahili, its dates too (the deadlines' last safe day)
    shown = cli("--lang", "sw", "case", "show", "1").stdout
    assert "Desemba" in shown and "December" not in shown


# ---------------------------------------------------------------- sentinels

# English words that must not appear in Kiswahili output, outside user data and the
# message meant for the company (option names such as --overdue are not words).
SENTINELS = (
    "Contacts",
    "Promises",
    "Next step",
    "overdue",
    "Options",
    "Commands",
    "Show this message",
)
GROUPS = ("order", "ship", "rules", "config", "company", "evidence", "promise", "db", "contact")
WRAPPED = [
    *((noun,) for noun in GROUPS),
    *(("order", verb) for verb in ("add", "edit", "list", "show", "import")),
    *(("ship", verb) for verb in ("add", "edit")),
    ("rules", "list"),
    *(("config", verb) for verb in ("show", "set")),
    *(("company", verb) for verb in ("add", "edit", "list", "show")),
    *(("evidence", verb) for verb in ("add", "list", "remove")),
    *(("promise", verb) for verb in ("list", "kept", "broken", "add", "edit")),
    *(("db", verb) for verb in ("upgrade", "current", "backup")),
    *(("contact", verb) for verb in ("edit", "delete", "move")),
    ("search",),
    ("due",),
    ("stats",),
    ("next",),
    ("summary",),
    ("escalate",),
    ("demo",),
]


def english_sentinels(text: str) -> list[str]:
    """The sentinel words in `text`, option names (--overdue) left out."""
    import re

    words = re.sub(r"--[\w-]+", "", text)
    return [w for w in SENTINELS if w in words]


@pytest.mark.parametrize("words", WRAPPED, ids=" ".join)
def test_help_of_wrapped_commands_in_kiswahili(cli, words):
    shown = cli("--lang", "sw", *words, "--help").stdout
    assert "Matumizi:" in shown
    assert english_sentinels(shown) == []
    # the help option and the example too
    assert "Onyesha ujumbe huu" in shown
    if len(words) > 1 or words[0] not in GROUPS:  # a command, not a group: its example
        assert "Mfano:" in shown
    # and English again without --lang
    assert english_sentinels(cli(*words, "--help").stdout) != []


@pytest.mark.parametrize(
    "words",
    [
        ("rules", "list"),
        ("config", "show"),
        ("due",),
        ("stats",),
    ],
    ids=" ".join,
)
def test_reports_in_kiswahili_have_no_english_sentinel(cli, towel_case, words):
    shown = cli("--lang", "sw", *words)
    assert english_sentinels(shown.stdout + shown.stderr) == []


def test_messages_of_order_ship_promise_in_kiswahili(cli, now):
    now("2026-11-10T12:00:00")
    added = cli("--lang", "sw", "order", "add", "112-1", "--placed", "2026-10-28").stdout
    assert added.strip() == "Agizo 112-1 limeongezwa"
    shipped = cli("--lang", "sw", "ship", "add", "112-1", "--delivered", "jana").stdout
    assert shipped.strip() == "Usafirishaji umeongezwa kwenye agizo 112-1 (delivered)"
    assert cli("--lang", "sw", "promise", "list").stdout.strip() == "Hakuna ahadi."
    # the JSON is the same in both languages; vocabulary values stay English
    assert cli("--lang", "sw", "order", "show", "112-1", "--json").stdout == (
        cli("order", "show", "112-1", "--json").stdout
    )


def test_order_and_company_listings_in_kiswahili(cli, now):
    """The headings of `order list` and `company list` and the labels of `company
    show` are the reader's language; the values stay as typed."""
    now("2026-11-10T12:00:00")
    cli("order", "add", "112-1", "--placed", "2026-10-28", "--item", "Red towel")
    cli("company", "add", "Acme Home", "--phone", "+1-800-555-0100", "--email", "help@acme.example")
    orders = cli("--lang", "sw", "order", "list").stdout
    assert "Agizo" in orders and "Bidhaa" in orders and "Red towel" in orders
    assert "Items" not in orders
    listed = cli("--lang", "sw", "company", "list").stdout
    assert "Simu" in listed and "Barua pepe" in listed and "Phone" not in listed
    shown = cli("--lang", "sw", "company", "show", "Acme Home").stdout
    assert "Simu: +1-800-555-0100" in shown and "Barua pepe: help@acme.example" in shown
    assert "Phone" in cli("company", "show", "Acme Home").stdout  # English by default


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ("order", "add", "X1", "--placed", "nonsense"),
            "Hitilafu: --placed date 'nonsense' si sahihi: tumia 2026-10-28, '5 Novemba'",
        ),
        (
            ("order", "add", "X2", "--amount", "12.345"),
            "Hitilafu: amount '12.345' si sahihi: USD ina nafasi 2 za desimali",
        ),
        (
            ("config", "set", "stale_days", "0"),
            "Hitilafu: stale_days lazima iwe idadi kamili ya siku, kuanzia 1 hadi 3660",
        ),
        (("config", "set", "colour", "red"), "Hitilafu: mpangilio usiojulikana 'colour'"),
        (("order", "import", "/nonexistent/x.csv"), "Hitilafu: faili hili halipo: "),
    ],
)
def test_errors_in_kiswahili_one_line_exit_1(cli, args, said):
    result = cli("--lang", "sw", *args, code=1)
    assert result.stderr.startswith(said)
    assert result.stderr.count("\n") == 1 and result.stdout == ""
    english = cli(*args, code=1).stderr
    assert english.startswith("Error: ") and "si sahihi" not in english


def test_order_import_report_in_kiswahili(cli):
    fixture = ROOT / "tests" / "fixtures" / "ingest"
    csvs = sorted(fixture.rglob("*.csv"))
    assert csvs
    shown = cli("--lang", "sw", "order", "import", str(csvs[0]), "--dry-run").stdout
    assert "Nothing was written" not in shown and "Imported" not in shown
    assert "(--dry-run)" in shown


def test_tracking_warning_in_kiswahili(cli):
    cli("order", "add", "112-9")
    result = cli("--lang", "sw", "ship", "add", "112-9", "--tracking", "1Z999AA10123456785")
    assert result.stderr.startswith("Onyo: nambari ya kufuatilia 1Z999AA10123456785 haipiti")
    assert "check digit" not in result.stderr


@pytest.mark.sqlite_only
def test_db_backup_message_in_kiswahili(cli, tmp_path):
    cli("case", "list")
    backup = cli("--lang", "sw", "db", "backup", str(tmp_path / "copy.db")).stdout
    assert backup.strip() == f"Nakala rudufu imeandikwa kwenye {tmp_path / 'copy.db'}"


# ---------------------------------------------------------------- contact, search, the database


def _flat(text: str) -> str:
    return " ".join(text.split())


# the help texts each command has at least (its own, its arguments' and options')
HELP_TEXTS = {("contact", "delete"): 2, ("evidence", "remove"): 2, ("import",): 2}


@pytest.mark.parametrize(
    "words",
    [
        ("contact",),
        ("contact", "edit"),
        ("contact", "delete"),
        ("search",),
        ("company",),
        ("company", "edit"),
        ("evidence",),
        ("evidence", "list"),
        ("evidence", "remove"),
        ("promise",),
        ("promise", "add"),
        ("promise", "edit"),
        ("export",),
        ("import",),
        ("case", "delete"),
        ("case", "open"),
    ],
    ids=" ".join,
)
def test_no_english_help_sentence_left(cli, words):
    """Each help text of the command (its own, its options' and arguments', its
    subcommands') is shown in Kiswahili: none of their English openings is left."""
    from tracker.cli import command_tree

    command = command_tree()
    for word in words:
        command = command.commands[word]
    things = [command, *command.params, *getattr(command, "commands", {}).values()]
    # the English source, kept by i18n when the help was last shown in Kiswahili
    english = [t.__dict__.get("_tracker_en_help", getattr(t, "help", None)) for t in things]
    english = [text for text in english if text]
    shown = _flat(cli("--lang", "sw", *words, "--help").stdout)
    assert len(english) >= HELP_TEXTS.get(words, 3)
    for text in english:
        # up to a {date_help}, in the first paragraph (a group lists only that)
        opening = _flat(text.split("{")[0].split("\n\n")[0])[:24]
        assert opening not in shown, opening
        assert opening in _flat(cli(*words, "--help").stdout)  # and English without --lang


def test_contact_and_search_help_in_kiswahili(cli):
    edit = _flat(cli("--lang", "sw", "contact", "edit", "--help").stdout)
    assert "Badilisha mawasiliano yaliyoandikwa" in edit
    assert "Aliyejibu ('' hufuta sehemu hii)." in edit
    assert "Ilipoanza: 2026-10-28, '5 Novemba'" in edit  # the DATE help inside, in Kiswahili
    assert "Mfano: tracker contact edit 7 --rep Priya" in edit
    assert "When it started" not in edit and "yesterday" not in edit
    search = _flat(cli("--lang", "sw", "search", "--help").stdout)
    assert "Tafuta kesi kwa maandishi yoyote" in search
    assert "Kesi zisizozidi idadi hii; 0 kwa zote." in search
    # the one-line help in tracker --help's list of commands
    assert "Tafuta kesi kwa maandishi yoyote" in cli("--lang", "sw", "--help").stdout


def _case_with_a_promise_and_a_reference(cli):
    cli("case", "open", "Taulo", "--want", "taulo nyekundu")
    cli("case", "open", "Nyingine")
    cli(
        "log", "1", "--channel", "chat", "--with", "rep", "--rep", "Amina", "--ref", "C-1",
        "--result", "promised", "--promise", "ship it", "--due", "+3d",
    )  # fmt: skip
    cli("log", "1", "--channel", "phone", "--with", "rep", "--rep", "Baraka")


def test_contact_corrections_in_kiswahili(cli, now):
    _case_with_a_promise_and_a_reference(cli)
    edited = cli("--lang", "sw", "contact", "edit", "2", "--rep", "Neema", "--minutes", "5")
    assert edited.stdout == "Mawasiliano 2 kwenye kesi #1 yamesasishwa: rep, minutes\n"
    moved = cli("--lang", "sw", "contact", "move", "2", "2").stdout
    assert moved == "Mawasiliano 2 yamehamishiwa kwenye kesi #2\n"
    deleted = _flat(cli("--lang", "sw", "contact", "delete", "1").stdout)  # wraps at 80
    assert deleted == (
        "Mawasiliano 1 yamefutwa kwenye kesi #1, pamoja na ahadi 1 na nambari 1 ya kumbukumbu"
    )
    assert cli("--lang", "sw", "contact", "delete", "2").stdout == (
        "Mawasiliano 2 yamefutwa kwenye kesi #2\n"
    )
    # English, with its plurals
    logged = cli("log", "1", "--channel", "chat", "--with", "rep", "--rep", "Amina", "--ref", "C-2")
    contact = logged.stdout.split()[2]  # "Logged contact N on case #1"
    assert cli("contact", "delete", contact).stdout == (
        f"Deleted contact {contact} from case #1, with its 1 reference\n"
    )


def test_search_messages_in_kiswahili(cli, now):
    _case_with_a_promise_and_a_reference(cli)
    none = cli("--lang", "sw", "search", "hakuna-kitu")
    assert none.stdout == "Hakuna kesi inayolingana na 'hakuna-kitu'.\n"
    cli("case", "open", "Amina tena")
    some = cli("--lang", "sw", "search", "amina", "-n", "1")
    assert "Kichwa" in some.stdout and "Title" not in some.stdout
    assert some.stderr == "Inaonyesha 1 kati ya kesi 2 zinazolingana; --limit 0 huonyesha zote.\n"
    english = cli("search", "amina", "-n", "1").stderr
    assert english == "Showing 1 of 2 matching cases; --limit 0 shows all.\n"


def _one_error_line(result) -> str:
    assert result.stdout == "" and result.stderr.count("\n") == 1
    assert result.stderr.startswith("Hitilafu: ")
    return result.stderr


@pytest.mark.sqlite_only
def test_refused_databases_in_kiswahili(cli, home, tmp_path, monkeypatch):
    import sqlite3

    not_sqlite = tmp_path / "notes.txt"
    not_sqlite.write_text("not a database\n")
    monkeypatch.setenv("TRACKER_DATABASE_URL", f"sqlite:///{not_sqlite}")
    said = _one_error_line(cli("--lang", "sw", "case", "list", code=1))
    assert "si hifadhidata ya SQLite; imeachwa bila kuguswa" in said

    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE settings (key TEXT)")
    connection.close()
    monkeypatch.setenv("TRACKER_DATABASE_URL", f"sqlite:///{other}")
    said = _one_error_line(cli("--lang", "sw", "case", "list", code=1))
    assert said.startswith(f"Hitilafu: {other} ina majedwali lakini haina muundo wa tracker")

    monkeypatch.delenv("TRACKER_DATABASE_URL")
    cli("case", "list")
    with sqlite3.connect(home / "tracker.db") as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffff9999'")
    connection.close()
    said = _one_error_line(cli("--lang", "sw", "db", "upgrade", code=1))
    assert "toleo ffff9999 la muundo, ambalo toleo hili la tracker halilijui" in said
    assert "does not know" in cli("db", "upgrade", code=1).stderr


@pytest.mark.sqlite_only
def test_read_only_data_in_kiswahili(cli, home, monkeypatch):
    import os

    cli("case", "open", "Kusoma tu")
    real_access = os.access

    def access(path, how, *args, **kwargs):  # a read-only mount, as root sees it too
        if how & os.W_OK and Path(path).resolve().is_relative_to(home.resolve()):
            return False
        return real_access(path, how, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)
    said = _one_error_line(cli("--lang", "sw", "case", "open", "Nyingine", code=1))
    assert "ni ya kusoma tu" in said and "amri hii huandika, kwa hiyo hakuna kilichofanyika" in said
    assert "read-only" not in said
    assert "Kusoma tu" in cli("--lang", "sw", "case", "list").stdout


# ---------------------------------------------------------------- company, evidence, promise, files


def test_company_edit_and_promise_help_in_kiswahili(cli):
    edit = _flat(cli("--lang", "sw", "company", "edit", "--help").stdout)
    assert "Badilisha maelezo ya kampuni" in edit
    assert "Nambari ya simu ya huduma kwa wateja ('' hufuta sehemu hii)." in edit
    assert "Mfano: tracker company edit" in edit
    for verb in ("add", "edit"):
        due = _flat(cli("--lang", "sw", "promise", verb, "--help").stdout)
        assert "Kilichoahidiwa." in due
        # the DATE help inside --due's help is the Kiswahili one, not the English f-string
        assert "'5 Novemba', 'ijumaa', leo, jana, kesho" in due
        assert "yesterday" not in due and "business days" not in due
    assert "'Nov 5', 'friday', today, yesterday" in cli("promise", "add", "--help").stdout


def test_company_evidence_promise_corrections_in_kiswahili(cli, now, tmp_path):
    now("2026-11-10T12:00:00")
    cli("case", "open", "Taulo")
    cli("company", "add", "Acme")
    edited = cli("--lang", "sw", "company", "edit", "acme", "--phone", "+255-700-000")
    assert edited.stdout == "Kampuni Acme imesasishwa: phone\n"

    assert cli("--lang", "sw", "evidence", "list").stdout == "Hakuna ushahidi uliohifadhiwa.\n"
    receipt = tmp_path / "risiti.txt"
    receipt.write_text("Amount: 24.99\n")
    cli("evidence", "add", "1", str(receipt), "--note", "risiti")
    listed = cli("--lang", "sw", "evidence", "list").stdout
    assert listed.startswith("1  kesi #1  risiti.txt (risiti)")
    assert cli("evidence", "list").stdout.startswith("1  case #1  risiti.txt (risiti)")
    removed = cli("--lang", "sw", "evidence", "remove", "1").stdout
    assert removed == "Ushahidi 1 risiti.txt umeondolewa kwenye kesi #1\n"

    added = cli("--lang", "sw", "promise", "add", "1", "refund to the card", "--due", "kesho")
    assert added.stdout == "Ahadi 1 ya kesi #1, mwisho 2026-11-11: refund to the card\n"
    edited = cli("--lang", "sw", "promise", "edit", "1", "--due", "+5d", "--what", "refund")
    assert edited.stdout == "Ahadi 1 ya kesi #1 imesasishwa: what, due\n"
    # English unchanged
    assert cli("promise", "edit", "1", "--due", "+6d").stdout == (
        "Updated promise 1 on case #1: due\n"
    )
    assert cli("company", "edit", "acme", "--phone", "").stdout == "Updated company Acme: phone\n"


def test_a_refused_path_is_described_in_kiswahili(cli, tmp_path):
    """files.py's default hint ('a file name') is said in the language in force."""
    cli("case", "open", "Taulo")
    dangling = tmp_path / "link.txt"
    dangling.symlink_to(tmp_path / "missing.txt")
    said = _one_error_line(cli("--lang", "sw", "summary", "1", "--out", str(dangling), code=1))
    assert said == (
        f"Hitilafu: {dangling} ni kiungo (symbolic link) cha faili lisilokuwepo;"
        " toa jina la faili (kiungo hakifuatwi)\n"
    )
    assert "give a file name" in cli("summary", "1", "--out", str(dangling), code=1).stderr


def test_export_and_import_confirmations_in_kiswahili(cli, tmp_path, monkeypatch):
    cli("case", "open", "Kettle")
    export = tmp_path / "export.json"
    said = " ".join(cli("--lang", "sw", "export", "--out", str(export)).stderr.split())
    assert said.startswith("Kesi 1 zimehamishiwa")
    monkeypatch.setenv("TRACKER_HOME", str(tmp_path / "new-home"))
    monkeypatch.delenv("TRACKER_DATABASE_URL", raising=False)
    said = " ".join(cli("--lang", "sw", "import", str(export)).stdout.split())
    assert said.startswith("Zimeletwa kesi 1, maagizo 0")
    assert "Imported" not in said


def test_a_file_written_by_out_is_announced_in_the_readers_language(cli, towel_case, tmp_path):
    english = cli("summary", "1", "--for", "manager", "--out", str(tmp_path / "brief.txt"))
    assert f"Wrote {tmp_path / 'brief.txt'}" in " ".join((english.stderr + english.stdout).split())
    swahili = cli(
        "--lang", "sw", "summary", "1", "--for", "manager", "--out", str(tmp_path / "brief-sw.txt")
    )
    said = " ".join((swahili.stderr + swahili.stdout).split())  # a long line is wrapped
    assert f"Imeandikwa kwenye {tmp_path / 'brief-sw.txt'}" in said
    assert "Wrote" not in said


def test_history_details_are_said_in_the_readers_language(cli, tmp_path):
    """Every shape of history detail the commands write is known to the prose
    layer: `case show` says it in Kiswahili, in English exactly as stored (the
    JSON `detail`, the same in every language)."""
    from tracker.prose.history import known

    photo = tmp_path / "box.jpg"
    photo.write_bytes(b"\xff\xd8 a photo of the box")
    cli("case", "open", "Gray bathrobe instead of red towel")
    cli("case", "open", "Kettle")
    cli("log", "1", "--channel", "chat", "--rep", "Priya", "--promise", "refund", "--due", "+3d")
    contact = cli.json("case", "show", "1")["contacts"][-1]["id"]
    cli("contact", "edit", str(contact), "--minutes", "5")
    cli("case", "edit", "1", "--want", "a refund")
    cli("escalate", "1")
    cli("ref", "add", "1", "D01-123")
    cli("ref", "remove", "1", "D01-123")
    cli("promise", "add", "1", "a call back", "--due", "+1d")
    promise = cli.json("case", "show", "1")["promises"][-1]["id"]
    cli("promise", "edit", str(promise), "--what", "a call back today")
    cli("promise", "kept", str(promise))
    cli("evidence", "add", "1", str(photo))
    evidence = cli.json("case", "show", "1")["evidence"][-1]["id"]
    cli("evidence", "remove", str(evidence))
    cli("log", "1", "--channel", "phone")
    moved = cli.json("case", "show", "1")["contacts"][-1]["id"]
    cli("contact", "move", str(moved), "2")
    cli("contact", "delete", str(moved))
    cli("case", "close", "1", "--abandoned", "--recovered", "5.00")
    cli("case", "reopen", "1")
    entries = [*cli.json("case", "show", "1")["history"], *cli.json("case", "show", "2")["history"]]
    assert {e["event"] for e in entries} >= {
        "opened", "status", "edited", "escalated", "promise", "contact", "evidence", "closed",
        "reopened",
    }  # fmt: skip
    unknown = [e for e in entries if e["detail"] and not known(e["event"], e["detail"])]
    assert unknown == []
    english = " ".join(cli("case", "show", "1").stdout.split())
    for entry in entries[:5]:
        assert " ".join(entry["detail"].split()) in english
    swahili = " ".join(cli("--lang", "sw", "case", "show", "1").stdout.split())
    for said in (
        "open → waiting (mawasiliano #",
        "(aliomba kuzungumza na meneja)",
        "imebadilishwa: want",
        "nambari ya kumbukumbu D01-123 imeongezwa (other)",
        "nambari ya kumbukumbu D01-123 imeondolewa",
        "imeongezwa: a call back",
        "imehaririwa: what",
        "box.jpg imeongezwa",
        "box.jpg imeondolewa",
        f"mawasiliano {moved} yamehamishiwa kesi #2",
        "(imeachwa); kilichorejeshwa 5.00",
        "Gray bathrobe instead of red towel",  # the title: as typed
    ):
        assert said in swahili, said
    for english_word in (
        "asked for a manager",
        "changed want",
        "moved to case",
        " added",
        "removed",
    ):
        assert english_word not in swahili, english_word
    case2 = " ".join(cli("--lang", "sw", "case", "show", "2").stdout.split())
    assert f"mawasiliano {moved} yamehamishwa kutoka kesi #1" in case2
    assert f"mawasiliano {moved} yamefutwa" in case2


def test_deadline_bases_are_said_in_kiswahili_and_stay_english_in_json(cli, now):
    """What a deadline counts from ('90 days from the latest estimated delivery (no
    order recorded)') is JSON in English; `case show --lang sw` says it in Kiswahili."""
    cli("case", "open", "Robe, no order yet")
    cli("order", "add", "112-1", "--placed", "2026-10-28", "--item", "Towel")
    cli("ship", "add", "112-1", "--tracking", "1Z1", "--delivered", "2026-11-02")
    cli("case", "open", "Robe instead of towel", "--order", "112-1", "--paid-with", "card")
    undated = {d["rule"]: d for d in cli.json("case", "show", "1")["deadlines"]}
    dated = {d["rule"]: d for d in cli.json("case", "show", "2")["deadlines"]}
    assert any(d["basis"].endswith("(no order recorded)") for d in undated.values())
    assert any(d["basis"].endswith("(2026-11-02)") for d in dated.values())
    english = " ".join(cli("case", "show", "1").stdout.split())
    assert all(" ".join(d["basis"].split()) in english for d in undated.values())
    for case in ("1", "2"):
        swahili = " ".join(cli("--lang", "sw", "case", "show", case).stdout.split())
        assert "tangu" in swahili
        for english_words in ("days from", "no order recorded", "delivery (", "the order"):
            assert english_words not in swahili, english_words
    swahili = " ".join(cli("--lang", "sw", "case", "show", "1").stdout.split())
    assert "(bila agizo kwenye rekodi)" in swahili
    swahili = " ".join(cli("--lang", "sw", "case", "show", "2").stdout.split())
    assert "tangu ufikishaji (2026-11-02)" in swahili


def test_notes_rules_config_and_warnings_in_kiswahili(cli, towel_case):
    """Lines that were put together in English inside Kiswahili output: the notes
    after `log`, `rules list`, `config show`, a usage error of an option with a
    short name, `next` on a closed case and a refused --format."""
    logged = cli(
        "--lang", "sw", "log", "1", "--channel", "phone", "--with", "rep", "--promise", "a refund"
    )  # fmt: skip
    said = " ".join((logged.stderr + logged.stdout).split())
    assert "hakuna jina la mwakilishi: liulize wakati ujao" in said
    assert "ahadi haina tarehe ya mwisho" in said
    assert "ask for" not in said and "next time" not in said
    rules = " ".join(cli("--lang", "sw", "rules", "list").stdout.split())
    assert "inahusu" in rules and "Sheria zako:" in rules and "Chanzo:" in rules
    for english in (
        "applies to",
        "Your rules",
        "Source:",
        "(shipped",
        "Your country",
        "No country",
    ):
        assert english not in rules, english
    assert "(built in)" in cli("rules", "list").stdout  # the English of it
    config = cli("--lang", "sw", "config", "show").stdout
    assert "Faili:" in config and "(not set)" not in config and "File:" not in config
    refused = cli("--lang", "sw", "log", "1", "--channel", "fax", code=2)
    assert "Thamani batili kwa '--channel'" in refused.stderr
    assert "Invalid value" not in refused.stderr
    markdown = cli("--lang", "sw", "case", "show", "1", "--format", "markdown", code=None)
    if markdown.exit_code == 1:  # the option exists but the record has no markdown
        assert "haipatikani hapa" in markdown.stderr
    cli("case", "close", "1", "--outcome", "refunded")
    calm = " ".join(cli("--lang", "sw", "next", "1").stdout.split())
    assert "Kaa utulivu:" in calm
    english_calm = " ".join(cli("next", "1").stdout.split())
    calm_line = english_calm.split("Stay calm:")[1].split("“")[1].split("”")[0]
    assert calm_line in calm  # said to the company in English, then its meaning
    assert calm.split(calm_line)[1].lstrip("” ").startswith("(")


def test_the_brief_gives_the_meaning_of_what_is_read_out(cli, tmp_path):
    """The manager hears English; in Kiswahili the brief follows the statement of
    the problem and the evidence sentence with their meaning, as it does the request."""
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8 a photo")
    cli(
        "case", "open", "Gray bathrobe instead of red towel", "--category", "wrong-item",
        "--expected", "red bath towel", "--received", "gray bathrobe",
    )  # fmt: skip
    cli("evidence", "add", "1", str(photo))
    english = " ".join(cli("summary", "1", "--for", "manager").stdout.split())
    assert "I found a gray bathrobe instead." in english and "Its meaning" not in english
    swahili = " ".join(cli("--lang", "sw", "summary", "1", "--for", "manager").stdout.split())
    said = "I found a gray bathrobe instead. Maana yake: Niliagiza red bath towel."
    assert said in swahili
    assert "I have photos of what I received. (Nina picha za nilichopokea.)" in swahili


def test_search_says_where_it_matched_in_the_readers_language(cli, towel_case):
    hits = cli.json("search", "towel")
    assert "title" in {m["field"] for hit in hits for m in hit["matches"]}  # JSON: English
    swahili = " ".join(cli("--lang", "sw", "search", "towel").stdout.split())
    assert "kichwa:" in swahili and "title:" not in swahili


def test_number_checks_of_usage_errors_in_kiswahili(cli):
    """Typer checks numbers with pydantic, in English: said again in Kiswahili."""
    for args, said in (
        (("log", "1", "--rating", "x"), "Thamani batili kwa '--rating': inahitaji nambari kamili"),
        (("due", "--days", "0"), "Thamani batili kwa '--days' / '-d': lazima iwe 1 au zaidi"),
        (("promise", "kept", "abc"), "Thamani batili kwa 'ID': inahitaji nambari kamili"),
    ):
        refused = cli("--lang", "sw", *args, code=2)
        assert said in refused.stderr
        assert "Input should" not in refused.stderr
        assert "Input should" in cli(*args, code=2).stderr  # English as Typer says it
