"""A tracker user in a process of its own, for the concurrency and crash tests.

    python tests/worker.py CASE COUNT TAG REF_PREFIX [NOTE_CHARS]

Logs COUNT contacts to CASE, each through the whole CLI (`tracker log ...`,
run in-process the way `tracker` runs it, so the run is not dominated by
interpreter start-up), the i-th
with the reference number REF_PREFIX-i (workers given the same prefix log the
same numbers at about the same time) and a promise of its own. It prints `ready`, waits for a line
on stdin (so that several workers start together), then for each contact
`begin I` before the command and `done I` (or `fail I CODE STDERR`) after it,
flushed at once: a test that kills the worker knows which logs were confirmed.
The environment (TRACKER_HOME, TRACKER_DATABASE_URL, TRACKER_USER) says where
and who.
"""

from __future__ import annotations

import io
import json
import sys
import traceback
from contextlib import redirect_stderr, redirect_stdout

import typer

from tracker.cli import app

# Built once: Typer builds its Click command on every `app()` call, which would
# make the loop measure that rather than the database.
COMMAND = typer.main.get_command(app)


def tracker(args: list[str]) -> tuple[int, str]:
    """Runs `tracker ARGS` as the console script does: (exit code, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            COMMAND.main(args, prog_name="tracker")
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException:  # noqa: BLE001 - what would reach the user as a traceback
            code, err = 99, io.StringIO(traceback.format_exc())
    return code, err.getvalue()


def main() -> int:
    case, count, tag, prefix = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    note = "n" * int(sys.argv[5]) if len(sys.argv) > 5 else None
    print("ready", flush=True)
    sys.stdin.readline()
    failures = 0
    for i in range(count):
        args = [
            "log",
            case,
            "--channel",
            "chat",
            "--with",
            "rep",
            "--rep",
            f"Rep {tag}",
            "--ref",
            f"{prefix}-{i}",
            "--result",
            "promised",
            "--promise",
            f"{tag} promise {i}",
            "--due",
            "+5d",
            "--minutes",
            "3",
        ]
        if note:
            args += ["--note", note]
        print(f"begin {i}", flush=True)
        code, err = tracker(args)
        if code == 0:
            print(f"done {i}", flush=True)
        else:
            failures += 1
            print(f"fail {i} {code} {json.dumps(err)}", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
