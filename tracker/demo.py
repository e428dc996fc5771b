"""`tracker demo`: the guide's red-towel case, step by step, on a throw-away database.

Each step is a real `tracker` command line, shown and then run in this
process against a temporary SQLite file. The environment (TRACKER_HOME,
TRACKER_DATABASE_URL, TRACKER_NOW...) points at the temporary folder only
while the demo runs and is restored afterwards, so the user's own database
is never opened.
"""

from __future__ import annotations

import os
import shlex
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tracker.errors import TrackerError
from tracker.i18n import N_, _

ORDER = "112-4455667-0012345"
TODAY = "2026-11-10T12:00:00"  # a few days after the promised date

STEPS: list[tuple[str, str, list[list[str]]]] = [
    (
        N_("Record the order and its delivery"),
        N_("Order number, date, item and amount; the tracking number from the shipping email."),
        [
            [
                "order",
                "add",
                ORDER,
                "--placed",
                "2026-10-28",
                "--item",
                "Red bath towel",
                "--amount",
                "24.99",
            ],
            [
                "ship",
                "add",
                ORDER,
                "--carrier",
                "UPS",
                "--tracking",
                "1Z999AA10123456784",
                "--delivered",
                "2026-11-02",
            ],
        ],
    ),
    (
        N_("Open a case: what went wrong and what would be fair"),
        N_("The package held a gray bathrobe instead of the red towel."),
        [
            [
                "case",
                "open",
                "Gray bathrobe instead of red towel",
                "--order",
                ORDER,
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
            ]
        ],
    ),
    (
        N_("Log every contact, right after it"),
        N_(
            "The chat bot could not help; a representative, Priya, gave a complaint number and "
            "promised to ship the towel by November 5; a phone call on November 8 went nowhere."
        ),
        [
            [
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
                "The assistant could only offer a refund, not the towel.",
            ],
            [
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
                "--rating",
                "4",
                "--answer",
                "She will ship the towel and email a return label for the robe.",
            ],
            [
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
                "disconnected",
                "--answer",
                "He said the towel is on its way; the call dropped before he gave "
                "a reference number.",
            ],
        ],
    ),
    (
        N_("The case file"),
        N_("Everything in one place (today is {today} in this demo: the promise is overdue)."),
        [["case", "show", "1"]],
    ),
    (
        N_("The message to paste into the next chat"),
        N_("First person, under 1,000 characters, ending with a question."),
        [["summary", "1"]],
    ),
    (
        N_("What to do next"),
        N_("The guide's advice for this case, with the words to use."),
        [["next", "1"]],
    ),
    (
        N_("Asking for a manager"),
        N_("The case is marked escalated and the brief prints, ready to read out."),
        [["escalate", "1"]],
    ),
]


@contextmanager
def throwaway_environment() -> Iterator[Path]:
    """Point tracker at a temporary folder and database; restore everything after."""
    names = (
        "TRACKER_HOME",
        "TRACKER_DATABASE_URL",
        "TRACKER_NOW",
        "TRACKER_PROMPT",
        "TRACKER_USER",
    )
    saved = {name: os.environ.get(name) for name in names}
    with tempfile.TemporaryDirectory(prefix="tracker-demo-") as folder:
        home = Path(folder) / "home"
        try:
            os.environ["TRACKER_HOME"] = str(home)
            os.environ["TRACKER_DATABASE_URL"] = f"sqlite:///{home / 'tracker.db'}"
            os.environ["TRACKER_NOW"] = TODAY
            os.environ["TRACKER_PROMPT"] = "never"
            os.environ["TRACKER_USER"] = "demo"
            yield home
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


def run(command) -> None:
    """Run the walk-through with `command`, the root Click command (passed in, so
    that this module does not import the CLI that imports it)."""
    from rich.rule import Rule
    from rich.text import Text

    from tracker.i18n import lang
    from tracker.output import line, out

    line(
        _("A walk-through of tracker on a throw-away database: your own data is not touched."),
        style="bold",
    )
    line(_("It is the guide's example: a red bath towel ordered, a gray bathrobe delivered."))
    language = ["--lang", lang()]  # each step parses its own command line: keep the language
    with throwaway_environment():
        for number, (heading, explanation, commands) in enumerate(STEPS, 1):
            out.print()
            out.print(Rule(Text(f"{number}. {_(heading)}", style="bold"), align="left"))
            line(_(explanation).format(today=TODAY[:10]), style="italic")
            for args in commands:
                line(f"$ tracker {shlex.join(args)}", style="cyan")
                code = command.main(
                    args=[*language, *args], prog_name="tracker", standalone_mode=False
                )
                if code not in (None, 0):
                    raise TrackerError(
                        _("the demo failed at: tracker {command}").format(command=shlex.join(args))
                    )
    out.print()
    out.print(Rule(Text(_("Your turn"), style="bold"), align="left"))
    line(_("The demo database is gone. Start your own case with:"))
    line(
        _('  tracker order add ORDER-NUMBER --placed DATE --item "WHAT YOU ORDERED"'), style="cyan"
    )
    line(
        _('  tracker case open "WHAT WENT WRONG" --order ORDER-NUMBER --want "WHAT IS FAIR"'),
        style="cyan",
    )
    line("  tracker next 1", style="cyan")
