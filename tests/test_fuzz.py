"""Bad input, broadly: hypothesis drives the CLI with arbitrary text, dates,
amounts, ids and option combinations.

Whatever comes in: no traceback, exit code 0, 1 or 2, `Error: ...` on stderr
when it fails, the database unchanged when it fails, and no terminal control
character (ESC, BEL, C1 CSI...) from the input ever printed raw.
"""

from __future__ import annotations

import re
import shutil
import time
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.cli import command_tree
from tracker.db import make_engine
from tracker.parse import TEXT_LIMITS
from tracker.vocab import Category, Channel, ReferenceKind, Resolution, Result, Status, Who

EXAMPLES = 60
PER_COMMAND = 15  # for each of some twenty commands
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
        HealthCheck.filter_too_much,
    ],
)
MEGABYTE = "x" * 1_000_000

# What people paste: markup, terminal escapes, NUL, right-to-left and combining marks...
SPECIAL = [
    "[red]x[/red]",
    "[bold",
    "[/]",
    "[link=http://evil]click[/link]",
    ":smile:",
    "\x1b[31mred\x1b[0m",
    "\x1b]0;title\x07",
    "\x1b[2J",
    "\x9b31m",
    "\x07",
    "\r",
    "\x00",
    "a\x00b",
    "\u202eevil\u202c",
    "e\u0301\u0302\u0303",
    "\u200b",
    "\ufeff",
    "\udcff",
    "-",
    "",
    " ",
    "\n",
    "\t",
    "%s%n",
    "{0}",
    "'; DROP TABLE cases; --",
    "Grüße 你好 🙂",
    "#1",
    "1",
    "C-0042",
    "112-4455667-0012345",
    "Amazon",
    MEGABYTE,
]
# Text at each length limit the commands and import share (tracker.parse.TEXT_LIMITS):
# one under, at and one over.
at_a_limit = (
    st.sampled_from(sorted(set(TEXT_LIMITS.values())))
    .flatmap(lambda n: st.sampled_from([n - 1, n, n + 1]))
    .map(lambda n: ("Kettle lid " * (n // 11 + 1))[:n].replace(" ", "x", 1))
)
text = st.one_of(
    st.sampled_from(SPECIAL),
    at_a_limit,
    st.text(max_size=40),
    st.lists(
        st.one_of(st.sampled_from(SPECIAL[:-1]), st.text(max_size=8)), min_size=2, max_size=5
    ).map("".join),
)
# Any moment of the whole `datetime` range (year 1 to 9999), in any UTC offset or
# none, written the ways people and exports write it.
offsets = st.integers(-(24 * 60 - 1), 24 * 60 - 1).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
any_moment = st.datetimes(
    min_value=datetime.min, max_value=datetime.max, timezones=st.none() | offsets
)
whole_range_dates = st.one_of(
    st.dates(min_value=date.min, max_value=date.max).map(str),
    st.dates(min_value=date.min, max_value=date.max).map(lambda d: f"{d:%b} {d.day}, {d.year}"),
    any_moment.map(str),
    any_moment.map(lambda m: m.isoformat()),
    any_moment.map(lambda m: m.strftime("%Y-%m-%d %H:%M")),
    st.sampled_from(["0001-01-01", "9999-12-31", "1969-12-31", "2201-01-01", "feb 29"]),
)
# The options that take a DATE or DATETIME: (command line before the value)
DATE_OPTIONS = [
    ["case", "open", "Dated", "--happened"],
    ["case", "open", "Dated", "--follow-up"],
    ["case", "edit", "1", "--happened"],
    ["case", "edit", "1", "--follow-up"],
    ["log", "1", "--channel", "chat", "--at"],
    ["log", "1", "--channel", "chat", "--promise", "refund", "--due"],
    ["order", "add", "D-1", "--placed"],
    ["ship", "add", "112-4455667-0012345", "--company", "Amazon", "--shipped"],
    ["ship", "add", "112-4455667-0012345", "--company", "Amazon", "--expected"],
    ["ship", "add", "112-4455667-0012345", "--company", "Amazon", "--delivered"],
]
dates = st.one_of(
    st.sampled_from(
        [
            "today",
            "yesterday",
            "tomorrow",
            "+5d",
            "3d ago",
            "in 2 weeks",
            "-2w",
            "+99999d",
            "2026-02-30",
            "0001-01-01",
            "9999-12-31",
            "2026-10-28",
            "2026-10-28 14:30",
            "2026-10-28T14:30:00+05:00",
            "2026-11-10 25:00",
            "2026-10-28 14:30 Z",
        ]
    ),
    st.dates().map(str),
    st.datetimes().map(str),
    whole_range_dates,
    text,
)
amounts = st.one_of(
    st.sampled_from(
        [
            "24.99",
            "$1,000.00",
            "€5",
            "0",
            ".5",
            "5.",
            "1e5",
            "-1",
            "1.001",
            "NaN",
            "Infinity",
            "999999999999999",
            "1" * 40,
            "0x10",
            "٣",
        ]
    ),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    text,
)
numbers = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.sampled_from([0, -1, 2**31, 2**63 - 1, 2**63, 10**20]).map(str),
    text,
)
ids = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.integers(0, 5).map(lambda i: f"#{i}"),
    st.sampled_from(["#99999999999", "1", "#1", "C-0042", "112-4455667-0012345"]),
    text,
)


def choice(enum) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from([m.value for m in enum]), text)


CASE_OPTIONS = {
    "--company": st.one_of(st.just("Amazon"), text),
    "--order": ids,
    "--category": choice(Category),
    "--problem": text,
    "--happened": dates,
    "--expected": text,
    "--received": text,
    "--want": text,
    "--resolution": choice(Resolution),
    "--amount": amounts,
    "--currency": st.one_of(st.sampled_from(["USD", "JPY", "KWD", "usd", "EURO"]), text),
    "--follow-up": dates,
}
COMMANDS = {
    "log": (
        ["log"],
        [ids],
        {
            "--channel": choice(Channel),
            "--with": choice(Who),
            "--rep": text,
            "--rep-id": text,
            "--ref": text,
            "--ref-kind": choice(ReferenceKind),
            "--at": dates,
            "--minutes": numbers,
            "--asked": text,
            "--answer": text,
            "--result": choice(Result),
            "--promise": text,
            "--due": dates,
            "--rating": numbers,
            "--note": text,
            "--no-prompt": None,
            "--bogus": None,
        },
    ),
    "case open": (["case", "open"], [text], CASE_OPTIONS),
    "case edit": (
        ["case", "edit"],
        [ids],
        {**CASE_OPTIONS, "--title": text, "--status": choice(Status)},
    ),
    "case close": (
        ["case", "close"],
        [ids],
        {"--outcome": text, "--recovered": amounts, "--abandoned": None},
    ),
    "case reopen": (["case", "reopen"], [ids], {}),
    "case show": (["case", "show"], [ids], {"--json": None}),
    "case list": (
        ["case", "list"],
        [],
        {
            "--status": st.one_of(st.sampled_from(["active", "all"]), choice(Status)),
            "--company": text,
            "--limit": numbers,
            "--json": None,
        },
    ),
    "order add": (
        ["order", "add"],
        [text],
        {
            "--company": st.one_of(st.just("Amazon"), text),
            "--placed": dates,
            "--item": text,
            "--amount": amounts,
            "--currency": text,
            "--note": text,
        },
    ),
    "ship add": (
        ["ship", "add"],
        [ids],
        {
            "--carrier": text,
            "--tracking": text,
            "--shipped": dates,
            "--expected": dates,
            "--delivered": dates,
            "--status": text,
        },
    ),
    "company add": (
        ["company", "add"],
        [text],
        {"--phone": text, "--url": text, "--email": text, "--note": text},
    ),
    "contact edit": (
        ["contact", "edit"],
        [numbers],
        {
            "--channel": choice(Channel),
            "--with": text,
            "--rep": text,
            "--rep-id": text,
            "--ref": text,
            "--at": dates,
            "--minutes": numbers,
            "--answer": text,
            "--result": text,
            "--promise": text,
            "--due": dates,
            "--rating": numbers,
            "--note": text,
        },
    ),
    "contact delete": (["contact", "delete"], [numbers], {}),
    "contact move": (["contact", "move"], [numbers, ids], {}),
    "ref add": (["ref", "add"], [ids, text], {"--kind": choice(ReferenceKind), "--note": text}),
    "ref remove": (["ref", "remove"], [ids, text], {}),
    "promise add": (["promise", "add"], [ids, text, st.just("--due"), dates], {"--by": text}),
    "promise edit": (["promise", "edit"], [numbers], {"--what": text, "--due": dates}),
    "company edit": (
        ["company", "edit"],
        [text],
        {"--name": text, "--phone": text, "--url": text, "--email": text, "--note": text},
    ),
    "evidence list": (["evidence", "list"], [], {"--json": None}),
    "evidence remove": (["evidence", "remove"], [numbers], {}),
    "case delete": (["case", "delete"], [ids], {"--yes": None}),
    "undo": (["undo"], [], {"--list": None, "--json": None}),
    "promise kept": (["promise", "kept"], [numbers], {}),
    "promise broken": (["promise", "broken"], [numbers], {}),
    "promise list": (["promise", "list"], [], {"--overdue": None, "--json": None}),
    "order show": (["order", "show"], [ids], {"--json": None}),
    "order list": (["order", "list"], [], {"--company": text, "--json": None}),
    "company show": (["company", "show"], [text], {"--json": None}),
    "company list": (["company", "list"], [], {"--json": None}),
    "summary": (
        ["summary"],
        [ids],
        {
            "--for": st.one_of(st.sampled_from(["chat", "manager"]), text),
            "--format": st.one_of(st.sampled_from(["text", "markdown", "json"]), text),
        },
    ),
    "next": (["next"], [ids], {}),
    "escalate": (["escalate"], [ids], {}),
    "search": (["search"], [text], {"--json": None}),
    "due": (["due"], [], {"--json": None, "--within": numbers}),
    "order edit": (
        ["order", "edit"],
        [ids],
        {"--placed": dates, "--item": text, "--amount": amounts, "--currency": text},
    ),
    "ship edit": (
        ["ship", "edit"],
        [ids],
        {"--tracking": text, "--carrier": text, "--delivered": dates, "--status": text},
    ),
    "config set": (["config", "set"], [text, text], {}),
    "config show": (["config", "show"], [], {"--json": None}),
    "rules list": (["rules", "list"], [], {"--json": None}),
    "stats": (["stats"], [], {"--json": None}),
}
# Every other command, and why arbitrary text is not thrown at it here.
NOT_FUZZED = {
    "demo": "takes no input; tests/test_summary.py runs it",
    "export": "takes only a path and a format; tests/test_transfer.py",
    "import": "reads a file; tests/test_transfer.py feeds it broken and hostile files",
    "order import": "reads files; tests/test_ingest.py feeds it broken exports and emails",
    "evidence add": "copies a file from disk; tests/test_records.py",
    "db upgrade": "no free input; tests/test_migrations.py",
    "db current": "no input",
    "db backup": "takes only a path; tests/test_privacy.py",
}


def leaf_commands(command, prefix=()) -> set[str]:
    """'case open', 'log'...: every command line tracker answers, from its command tree."""
    children = getattr(command, "commands", None)
    if not children:
        return {" ".join(prefix)}
    return set().union(*(leaf_commands(sub, (*prefix, name)) for name, sub in children.items()))


def test_every_command_is_fuzzed_or_says_why_not():
    """A command renamed or removed fails here instead of being skipped quietly, and a
    new command must be added to COMMANDS (or NOT_FUZZED, with the reason)."""
    registered = leaf_commands(command_tree())
    assert set(COMMANDS) - registered == set(), "fuzzed but not a tracker command"
    assert set(NOT_FUZZED) - registered == set(), "listed but not a tracker command"
    assert registered - set(COMMANDS) - set(NOT_FUZZED) == set(), "neither fuzzed nor listed"
    assert set(COMMANDS) & set(NOT_FUZZED) == set()


@st.composite
def command_lines(draw, names: list[str]) -> tuple[list[str], str | None]:
    """(argv, stdin) for one of the commands `names`, with any of its options."""
    prefix, positionals, options = COMMANDS[draw(st.sampled_from(names))]
    argv = list(prefix) + [draw(s) for s in positionals]
    chosen = draw(
        st.lists(st.sampled_from(sorted(options)), max_size=6, unique=True)
        if options
        else st.just([])
    )
    for name in chosen:
        argv.append(name)
        if options[name] is not None:
            argv.append(draw(options[name]))
    # stdin arrives as bytes: a lone surrogate (possible in argv) cannot be piped in
    stdin = (
        draw(text.filter(lambda t: not any("\ud800" <= c <= "\udfff" for c in t)))
        if "-" in argv
        else None
    )
    return argv, stdin


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
RAN = {"examples": 0, "ok": 0, "error": 0, "usage": 0}


@pytest.fixture(scope="module", autouse=True)
def _count_examples(figures):
    yield
    if RAN["examples"]:
        figures(
            "hypothesis: {examples} examples run through the CLI ({ok} succeeded, "
            "{error} refused with exit 1, {usage} usage errors), no traceback, "
            "no change on failure",
            **RAN,
        )
    RAN.update(dict.fromkeys(RAN, 0))


class Checker:
    """Runs one command line and checks the promises about its output and the database."""

    def __init__(self, cli, dump):
        self.cli, self.dump = cli, dump
        self.before = None  # the dump, kept while nothing changes the database

    def __call__(self, argv: list[str], stdin: str | None = None):
        if self.before is None:
            self.before = self.dump()
        result = self.cli(*argv, input=stdin, code=None)
        RAN["examples"] += 1
        shown = f"tracker {argv!r}"[:300]
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            f"{shown} raised {result.exception!r}"
        )
        assert result.exit_code in (0, 1, 2), (
            f"{shown} exited {result.exit_code}: {result.stderr[:500]}"
        )
        for stream in (result.stdout, result.stderr):
            assert "Traceback" not in stream, shown
            raw = CONTROL.search(stream.replace("\r\n", "\n"))
            assert raw is None, f"{shown} printed a raw control {raw.group()!r}"
        if result.exit_code == 0:
            RAN["ok"] += 1
            self.before = None  # it may have written
        else:
            RAN["error" if result.exit_code == 1 else "usage"] += 1
            assert result.stderr.startswith("Error: "), f"{shown}: {result.stderr[:300]!r}"
            assert "No such command" not in result.stderr, f"{shown}: not a tracker command"
            if result.exit_code == 1:
                assert len(result.stderr.splitlines()) == 1, f"{shown}: {result.stderr[:500]!r}"
            assert self.dump() == self.before, f"{shown} failed but changed the database"
        return result


# The data folder every `check` starts from, on SQLite: made through the CLI by the
# first test in this process, then copied for the others (the same file, without
# running its eight commands again for each of some fifty tests).
_STARTING_FOLDER: list = []


@pytest.fixture
def check(request, cli, dump, now, home, backend, tmp_path_factory):
    if backend == "sqlite" and _STARTING_FOLDER:
        shutil.copytree(_STARTING_FOLDER[0], home)
    else:
        request.getfixturevalue("towel_case")
        cli("company", "add", "Other Shop")
        cli("order", "add", "112-4455667-0012345", "--company", "Other Shop")  # same number
        if backend == "sqlite":
            kept = tmp_path_factory.mktemp("fuzz-start") / "home"
            _STARTING_FOLDER.append(shutil.copytree(home, kept))
    engine = make_engine()  # one for all the examples' dumps
    yield Checker(cli, lambda: dump(engine))
    engine.dispose()


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_with_arbitrary_input(check, name):
    @settings(SETTINGS, max_examples=PER_COMMAND)
    @given(command_lines([name]))
    def run(line):
        check(*line)

    run()


@pytest.mark.slow
def test_stored_text_is_shown_as_text(check, cli):
    """Whatever text is kept comes back the same in JSON and harmless on a terminal."""

    @settings(SETTINGS, max_examples=EXAMPLES // 2)
    @given(st.one_of(text, st.sampled_from(SPECIAL)).filter(lambda s: s != MEGABYTE))
    def run(value):
        opened = check(["case", "open", value, "--problem", value, "--want", value])
        if opened.exit_code != 0:
            return
        case = cli.json("case", "list", "--limit", "0")[-1]["id"]
        if (
            check(
                [
                    "log",
                    str(case),
                    "--channel",
                    "chat",
                    "--rep",
                    value,
                    "--note",
                    value,
                    "--answer",
                    value,
                ]
            ).exit_code
            != 0
        ):
            return
        data = cli.json("case", "show", str(case))
        kept = value.strip()
        assert (data["title"], data["problem"], data["want"]) == (kept, kept, kept)
        contact = data["contacts"][-1]
        assert (contact["rep_name"], contact["note"], contact["answer"]) == (kept, kept, kept)
        for argv in (
            ["case", "show", str(case)],
            ["case", "list"],
            ["summary", str(case)],
            ["summary", str(case), "--for", "manager"],
            ["next", str(case)],
            ["search", kept[:20] or "x"],
        ):
            check(argv)

    run()


@pytest.mark.slow
def test_a_one_megabyte_note_is_kept_whole(cli, towel_case):
    transcript = (
        "Chat transcript line with [bold]markup[/bold] and \x1b[31mcolour\x1b[0m.\n" * 20_000
    )[:1_000_000]
    cli("log", "1", "--channel", "chat", "--note", "-", "--answer", MEGABYTE, input=transcript)
    contact = cli.json("case", "show", "1")["contacts"][-1]
    assert contact["note"] == transcript.strip() and contact["answer"] == MEGABYTE
    shown = cli("case", "show", "1").stdout
    assert "\x1b" not in shown


@pytest.mark.parametrize("zone", ["Etc/GMT+12", "Pacific/Kiritimati"])
def test_dates_from_the_whole_datetime_range(check, monkeypatch, zone):
    """Every date option with any moment from year 1 to 9999: accepted from 1970 to
    2200 or refused with an Error line, and what was accepted shows in the zones
    furthest from UTC."""
    monkeypatch.setenv("TZ", zone)
    time.tzset()

    @settings(SETTINGS, max_examples=EXAMPLES)
    @given(st.sampled_from(DATE_OPTIONS), whole_range_dates)
    def run(option, value):
        check([*option, value])

    run()
    for argv in (
        ["case", "list"],
        ["case", "show", "1"],
        ["due"],
        ["next", "1"],
        ["summary", "1"],
        ["search", "refund"],
    ):
        assert check(argv).exit_code == 0
