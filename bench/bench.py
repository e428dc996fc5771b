"""Wall-time benchmark of the tracker commands people run most, on a large database.

    python bench/bench.py [--cases N | --sizes A,B,C] [--contacts-per-case M] [--runs R]
                          [--backend sqlite|postgres] [--no-probe] [--no-taskwarrior]
                          [--save FILE] [--keep] [--seed S] [--import-runs N]
    python bench/bench.py --compare A.json B.json

1. Builds each size's case file in a temporary TRACKER_HOME (or, with
   `--backend postgres`, in a fresh schema of the server named by
   TRACKER_BENCH_PG_URL or started by `bash .ci/pg-start`): the schema through
   `tracker.store.Store` (the real migrations), then SQLAlchemy Core bulk inserts
   (COPY on PostgreSQL). The same cases also become taskwarrior tasks, the contacts
   their annotations, in a private TASKRC/TASKDATA, when `task` is installed.
2. Times each command as a user runs it: a subprocess of
   `sys.executable -m tracker ...` (and `task next limit:50`), R runs each,
   interleaved (run 1 of every command at every size, then run 2, ...) so that
   machine noise spreads evenly. Prints one table per size: median, minimum, peak
   memory, the ratio its budget uses and pass/FAIL; then the budgets of issue 9, and
   with several sizes the growth from the smallest to the largest.
3. Runs each command once more in-process (in a subprocess) to count its SQL
   statements and the time spent in them, and to report which heavy modules
   got imported (`tracker --help` should load neither SQLAlchemy nor Alembic;
   no ordinary command should load Alembic).

Nothing here changes the product; the databases are thrown away unless --keep.
bench/README.md says how to read the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

COMPANIES = [
    # (name, phone, url, email) -- Amazon comes with the initial migration
    ("Acme Home", "+1-800-555-0100", "https://acme.example/help", "help@acme.example"),
    ("Northwind Electronics", "+1-800-555-0101", "https://northwind.example/support", None),
    ("Contoso Outfitters", None, "https://contoso.example/contact", "care@contoso.example"),
    ("Fabrikam Furniture", "+1-800-555-0103", None, "service@fabrikam.example"),
]
ITEMS = [
    "Red bath towel",
    "USB-C charger",
    "Wool socks (3 pairs)",
    "Kindle Paperwhite",
    "Cast iron skillet",
    "Garden hose 50 ft",
    "Desk lamp",
    "Running shoes, size 10",
    "Bluetooth speaker",
    "Coffee grinder",
    "Yoga mat",
    "Phone case",
    "Winter jacket",
    "Board game",
    "Stand mixer",
]
WRONG = [
    "gray bathrobe",
    "USB-A cable",
    "cotton socks",
    "empty box",
    "a used item",
    "the wrong size",
    "a different color",
]
REPS = [
    "Priya",
    "Daniel",
    "Maria",
    "Ahmed",
    "Chen",
    "Olga",
    "Samuel",
    "Fatima",
    "Lucas",
    "Aisha",
    "Kenji",
    "Sofia",
    "Tom",
    "Ines",
    "Ravi",
    "Grace",
]
CARRIERS = ["UPS", "USPS", "FedEx", "DHL", "Amazon Logistics"]
ASKED = [
    "Where is my package? It was due three days ago.",
    "I received the wrong item and would like an exchange.",
    "The item arrived damaged; can I get a replacement?",
    "I was charged twice for this order.",
    "Can you connect me with an associate?",
    "Could you transfer me to your manager?",
]
ANSWERS = [
    "The bot could only offer a refund.",
    "She will ship the right item and send a return label.",
    "He said the package is on its way and will arrive tomorrow.",
    "They opened an investigation with the carrier.",
    "The refund will be issued within 3-5 business days.",
    "I was transferred to another department and the chat ended.",
    "The manager approved a store credit for the inconvenience.",
]
PROMISES = [
    "ship the replacement",
    "refund the order",
    "call me back",
    "email a return label",
    "issue a store credit",
    "escalate to the carrier",
]
FLOOR = 'python -c "import sqlmodel, typer, rich.table"'
PY_ONLY = {"python -c pass", 'python -c "import typer"', FLOOR}


# --------------------------------------------------------------------------- data


def generate(n_cases: int, per_case: int, company_ids: list[int], seed: int) -> dict:
    """Rows for every table, with explicit ids, as lists of dicts."""
    rng = random.Random(seed)
    now = datetime.now(UTC).replace(microsecond=0)  # the model's datetimes are aware
    today = now.date()
    rows: dict[str, list[dict]] = {
        k: []
        for k in (
            "orders",
            "shipment",
            "cases",
            "contact",
            "promise",
            "reference",
            "evidence",
            "history",
        )
    }
    contact_id = promise_id = ref_id = 0
    weights = [60] + [10] * (len(company_ids) - 1)
    for case_id in range(1, n_cases + 1):
        company_id = rng.choices(company_ids, weights=weights)[0]
        roll = rng.random()
        # most cases are over; about one in five is still active
        status = (
            "closed"
            if roll < 0.70
            else "resolved"
            if roll < 0.80
            else "open"
            if roll < 0.88
            else "waiting"
            if roll < 0.96
            else "escalated"
        )
        active = status in ("open", "waiting", "escalated")
        age = rng.randint(1, 60) if active else rng.randint(30, 730)
        opened = now - timedelta(days=age, minutes=rng.randint(0, 1439))
        if active:
            closed_at = None
            end = now - timedelta(minutes=30)
        else:
            closed_at = opened + timedelta(days=rng.randint(2, 25), minutes=rng.randint(0, 999))
            closed_at = min(closed_at, now - timedelta(hours=1))
            end = closed_at
        item = rng.choice(ITEMS)
        amount = rng.randint(500, 50_000)
        order_id = None
        if rng.random() < 0.9:
            order_id = case_id
            placed = (opened - timedelta(days=rng.randint(2, 20))).date()
            rows["orders"].append(
                {
                    "id": order_id,
                    "company_id": company_id,
                    "number": f"112-{rng.randrange(10**7):07d}-{case_id:07d}",
                    "placed_on": placed,
                    "items": [item],
                    "amount_minor": amount,
                    "currency": "USD",
                    "notes": None,
                    "created_at": opened,
                }
            )
            for _ in range(rng.choice((1, 1, 1, 2))):
                shipped = placed + timedelta(days=rng.randint(0, 3))
                delivered = shipped + timedelta(days=rng.randint(1, 7))
                rows["shipment"].append(
                    {
                        "order_id": order_id,
                        "carrier": rng.choice(CARRIERS),
                        "tracking": f"1Z{rng.randrange(16**16):016X}",
                        "shipped_on": shipped,
                        "expected_on": delivered,
                        "delivered_on": delivered if rng.random() < 0.8 else None,
                        "status": "delivered",
                        "created_at": opened,
                    }
                )
        category = rng.choice(
            ["wrong-item", "damaged", "not-delivered", "late", "refund", "billing", "other"]
        )
        received = rng.choice(WRONG) if category == "wrong-item" else None
        rows["cases"].append(
            {
                "id": case_id,
                "title": f"{category.replace('-', ' ').capitalize()}: {item.lower()}",
                "company_id": company_id,
                "order_id": order_id,
                "category": category,
                "problem": f"On {opened.date():%B %d} my order of a {item.lower()} went wrong "
                f"({category}). " + rng.choice(ASKED),
                "happened_on": opened.date(),
                "expected": item.lower() if received else None,
                "received": received,
                "want": "return it and get what I ordered",
                "resolution": rng.choice(["refund", "replacement", "exchange", "store-credit"]),
                "amount_minor": amount,
                "currency": "USD",
                "status": status,
                "follow_up_on": (
                    today + timedelta(days=rng.randint(-5, 10))
                    if active and rng.random() < 0.5
                    else None
                ),
                "opened_at": opened,
                "updated_at": end,
                "closed_at": closed_at,
                "outcome": "refunded" if status in ("closed", "resolved") else None,
                "recovered_minor": amount if status == "closed" and rng.random() < 0.6 else None,
            }
        )
        history = [
            {
                "case_id": case_id,
                "at": opened,
                "event": "opened",
                "detail": rows["cases"][-1]["title"],
                "actor": "bench",
            }
        ]

        span = max((end - opened).total_seconds(), 60)
        offsets = sorted(rng.uniform(0, span) for _ in range(per_case))
        refs_seen: set[str] = set()
        case_contacts = []
        for k, offset in enumerate(offsets):
            contact_id += 1
            at = opened + timedelta(seconds=offset)
            who = rng.choices(["bot", "rep", "manager", "nobody"], weights=[25, 60, 8, 7])[0]
            human = who in ("rep", "manager")
            result = rng.choices(
                [
                    "promised",
                    "transferred",
                    "info",
                    "no-answer",
                    "escalated",
                    "refused",
                    "disconnected",
                ],
                weights=[15, 20, 35, 8, 7, 8, 7],
            )[0]
            reference = (
                f"{rng.choice('CDR')}-{rng.randrange(10**8):08d}"
                if human and rng.random() < 0.7
                else None
            )
            contact = {
                "id": contact_id,
                "case_id": case_id,
                "at": at,
                "minutes": rng.randint(2, 60),
                "channel": rng.choices(
                    ["chat", "phone", "email", "social"], weights=[55, 30, 12, 3]
                )[0],
                "answered_by": who,
                "rep_name": rng.choice(REPS) if human else None,
                "rep_id": f"ID{rng.randrange(10**5):05d}" if human and rng.random() < 0.3 else None,
                "reference": reference,
                "asked": rng.choice(ASKED),
                "answer": rng.choice(ANSWERS),
                "result": result,
                "rating": rng.randint(1, 5) if rng.random() < 0.5 else None,
                "note": None if rng.random() < 0.8 else "Polite but could not help.",
                "logged_by": "bench",
                "created_at": at,
            }
            rows["contact"].append(contact)
            case_contacts.append(contact)
            if reference and reference not in refs_seen:
                refs_seen.add(reference)
                ref_id += 1
                rows["reference"].append(
                    {
                        "id": ref_id,
                        "case_id": case_id,
                        "contact_id": contact_id,
                        "kind": rng.choices(
                            ["complaint", "return", "refund", "ticket"], weights=[70, 10, 10, 10]
                        )[0],
                        "value": reference,
                        "created_at": at,
                    }
                )
            if result == "promised":
                promise_id += 1
                due = at.date() + timedelta(days=rng.randint(2, 10))
                last = k >= per_case - 3
                if active and last:
                    state, settled = "pending", None  # some of these are overdue
                else:
                    state = "kept" if rng.random() < 0.6 else "broken"
                    settled = min(datetime.combine(due, datetime.min.time(), UTC), end)
                rows["promise"].append(
                    {
                        "id": promise_id,
                        "case_id": case_id,
                        "contact_id": contact_id,
                        "what": rng.choice(PROMISES),
                        "due_on": due,
                        "state": state,
                        "settled_at": settled,
                        "created_at": at,
                    }
                )
                history.append(
                    {
                        "case_id": case_id,
                        "at": at,
                        "event": "status",
                        "detail": "open → waiting",
                        "actor": "bench",
                    }
                )
            if result == "escalated":
                history.append(
                    {
                        "case_id": case_id,
                        "at": at,
                        "event": "escalated",
                        "detail": "waiting → escalated",
                        "actor": "bench",
                    }
                )
        if closed_at:
            history.append(
                {
                    "case_id": case_id,
                    "at": closed_at,
                    "event": "closed",
                    "detail": f"→ {status}",
                    "actor": "bench",
                }
            )
        if rng.random() < 0.1:
            rows["evidence"].append(
                {
                    "case_id": case_id,
                    "file": f"{case_id}/abcdef012345-photo.jpg",
                    "original_name": "photo.jpg",
                    "sha256": f"{rng.randrange(16**64):064x}",
                    "size": rng.randint(10_000, 3_000_000),
                    "note": "what arrived",
                    "added_at": opened + timedelta(hours=1),
                }
            )
        rows["history"].extend(history)
    return rows


def build(store, n_cases: int, per_case: int, seed: int, tasks: Path | None = None) -> dict:
    """Fill the (migrated, empty) database; returns facts the timings need. With `tasks`,
    also writes the same cases there as taskwarrior tasks (see write_tasks)."""
    import sqlalchemy as sa

    from tracker import models

    engine = store.engine
    tables = {
        "company": models.Company.__table__,
        "orders": models.Order.__table__,
        "shipment": models.Shipment.__table__,
        "cases": models.Case.__table__,
        "contact": models.Contact.__table__,
        "promise": models.Promise.__table__,
        "reference": models.Reference.__table__,
        "evidence": models.Evidence.__table__,
        "history": models.History.__table__,
    }
    moment = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(
            sa.insert(tables["company"]),
            [
                {
                    "name": n,
                    "key": n.casefold(),
                    "phone": p,
                    "url": u,
                    "email": e,
                    "created_at": moment,
                }
                for n, p, u, e in COMPANIES
            ],
        )
        company = tables["company"]
        ids = dict(conn.execute(sa.select(company.c.key, company.c.id)).all())
    company_ids = [ids["amazon"]] + [ids[n.casefold()] for n, *_ in COMPANIES]
    rows = generate(n_cases, per_case, company_ids, seed)
    counts = {}
    # The search index (migration 0004: triggers fed row by row) and the listing
    # indexes are built once, after the rows are in, by the real migrations: down to
    # the revision before the search index, the rows, then up to head again.
    from tracker import migrate

    before_index = migrate.script().get_revision("0004").down_revision
    migrate.downgrade(engine, before_index)
    with engine.begin() as conn:
        for name in (
            "orders",
            "shipment",
            "cases",
            "contact",
            "promise",
            "reference",
            "evidence",
            "history",
        ):
            data = rows[name]
            counts[name] = len(data)
            if conn.dialect.name == "postgresql":
                copy_rows(conn, tables[name], data)
                continue
            for start in range(0, len(data), 20_000):
                conn.execute(sa.insert(tables[name]), data[start : start + 20_000])
        if conn.dialect.name == "postgresql":
            # explicit ids leave the serial sequences behind; a later INSERT must not collide
            for table in tables.values():
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table.name}), false)"
                )
    migrate.upgrade(engine)  # builds the search index from the rows, then the indexes
    if engine.dialect.name == "postgresql":
        # Autovacuum vacuums and analyzes freshly loaded tables within a minute (inserts
        # alone start it since PostgreSQL 13): measure that state, not the minutes while
        # it is still vacuuming millions of rows beside the timed commands.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    # The case to show and log to: an active case with an overdue promise, and a tracking
    # number and a representative's name to search for.
    today = date.today()
    pending = [p for p in rows["promise"] if p["state"] == "pending" and p["due_on"] < today]
    case_id = pending[0]["case_id"] if pending else rows["cases"][-1]["id"]
    tracking = rows["shipment"][len(rows["shipment"]) // 2]["tracking"]
    reference = rows["reference"][len(rows["reference"]) // 2]["value"]
    counts["overdue promises"] = len(pending)
    counts["active cases"] = sum(
        c["status"] in ("open", "waiting", "escalated") for c in rows["cases"]
    )
    if tasks is not None:
        write_tasks(rows, {v: k for k, v in ids.items()}, tasks)
    return {"case": case_id, "tracking": tracking, "reference": reference, "counts": counts}


def copy_rows(conn, table, data: list[dict]) -> None:
    """PostgreSQL: the rows through COPY, in the connection's transaction; ten times
    faster than INSERTs (psycopg 3's executemany) at 1,000,000 contacts."""
    import sqlalchemy as sa

    if not data:
        return
    columns = list(data[0])
    as_json = {c.name for c in table.columns if isinstance(c.type, sa.JSON)}
    names = ", ".join(f'"{c}"' for c in columns)
    driver = conn.connection.driver_connection  # psycopg's own connection
    with (
        driver.cursor() as cursor,
        cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy,
    ):
        for row in data:
            copy.write_row(
                [
                    json.dumps(row[c]) if c in as_json and row[c] is not None else row[c]
                    for c in columns
                ]
            )


# --------------------------------------------------------------------------- taskwarrior


def tw_time(moment: datetime | date) -> str:
    """Taskwarrior's date format (ISO basic, UTC)."""
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, datetime.min.time(), UTC)
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def write_tasks(rows: dict, company_keys: dict[int, str], path: Path) -> int:
    """The same cases as taskwarrior tasks, one JSON object a line (`task import`
    reads that): active cases pending, the others completed at their closing time;
    project = company, a tag for the category, the follow-up date as `due`, escalated
    cases at priority H, and every contact as an annotation. Returns the tasks written."""
    contacts: dict[int, list[dict]] = {}
    for contact in rows["contact"]:
        contacts.setdefault(contact["case_id"], []).append(contact)
    written = 0
    with path.open("w") as out:
        for case in rows["cases"]:
            active = case["closed_at"] is None
            task = {
                "uuid": f"{case['id']:08x}-0000-4000-8000-{case['id']:012x}",
                "description": case["title"],
                "status": "pending" if active else "completed",
                "entry": tw_time(case["opened_at"]),
                "modified": tw_time(case["updated_at"]),
                "project": company_keys[case["company_id"]].replace(" ", "-"),
                "tags": [case["category"]],
            }
            if not active:
                task["end"] = tw_time(case["closed_at"])
            if case["follow_up_on"]:
                task["due"] = tw_time(case["follow_up_on"])
            if case["status"] == "escalated":
                task["priority"] = "H"
            notes = []
            last = None
            for c in contacts.get(case["id"], ()):
                # an annotation is keyed by its second: two in one second would be one
                at = c["at"].replace(microsecond=0)
                if last is not None and at <= last:
                    at = last + timedelta(seconds=1)
                last = at
                who = c["rep_name"] or c["answered_by"]
                ref = f" (ref {c['reference']})" if c["reference"] else ""
                notes.append(
                    {
                        "entry": tw_time(at),
                        "description": f"{c['channel']} with {who}: {c['asked']} "
                        f"{c['answer']} [{c['result']}]{ref}",
                    }
                )
            if notes:
                task["annotations"] = notes
            out.write(json.dumps(task) + "\n")
            written += 1
    return written


# --------------------------------------------------------------------------- backends


def pg_base_url() -> str:
    url = os.environ.get("TRACKER_BENCH_PG_URL")
    if url:
        return url
    print("starting PostgreSQL with .ci/pg-start ...", file=sys.stderr)
    out = subprocess.run(
        ["bash", str(ROOT / ".ci" / "pg-start")], check=True, capture_output=True, text=True
    ).stdout
    return out.strip().splitlines()[-1]


def pg_schema_url(base: str, schema: str) -> str:
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"


# --------------------------------------------------------------------------- timing


def tracker(*args: str) -> list[str]:
    return [sys.executable, "-m", "tracker", *args]


IMPORT_LABEL = "tracker import (the export above)"
TASK_LABEL = "task next limit:50  (taskwarrior)"
# (size, label) -> peak resident memory of each run, KiB; size 0: the floors
PEAK_KB: dict[tuple[int, str], list[int]] = {}

# Linux counts a child's peak memory from before its exec: a child forked by this
# (large) process would report this process's size. So the commands are started
# by a small launcher, started first, while this process is still small.
LAUNCHER = r"""
import json, os, subprocess, sys, time
for line in sys.stdin:
    job = json.loads(line)
    with open(job["out"], "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(job["argv"], env=job["env"], stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
    print(json.dumps([elapsed, os.waitstatus_to_exitcode(status), usage.ru_maxrss]), flush=True)
"""
_launcher: subprocess.Popen | None = None


def launcher() -> subprocess.Popen:
    global _launcher
    if _launcher is None:
        _launcher = subprocess.Popen(
            [sys.executable, "-S", "-c", LAUNCHER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
    return _launcher


def run_once(
    argv: list[str], env: dict, key: tuple[int, str] | None = None
) -> tuple[float, int, bytes]:
    """Run one command as a user would; its wall time, exit code and output. The
    child's own peak memory (ru_maxrss of os.wait4) is noted under `key`."""
    proc = launcher()
    with tempfile.NamedTemporaryFile() as out:
        proc.stdin.write(json.dumps({"argv": argv, "env": env, "out": out.name}) + "\n")
        proc.stdin.flush()
        elapsed, code, peak = json.loads(proc.stdout.readline())
        output = Path(out.name).read_bytes()
    if key is not None:
        PEAK_KB.setdefault(key, []).append(peak)
    return elapsed, code, output


def available(command: str, env: dict) -> bool:
    """A command exists when `tracker COMMAND --help` succeeds (others may still be writing it)."""
    proc = subprocess.run(
        tracker(command, "--help"), env=env, capture_output=True, stdin=subprocess.DEVNULL
    )
    return proc.returncode == 0


@dataclass
class Job:
    """One command to time: at one size (0: the floors, the same at every size)."""

    size: int
    label: str  # the same at every size (case numbers are named N, REF...), so sizes compare
    argv: list[str]
    env: dict
    cleanup: Path | None = None  # a file the command creates, removed before each run


def floors(env: dict) -> list[Job]:
    """The Python start-up floors, measured once for every size."""
    return [
        Job(0, "python -c pass", [sys.executable, "-c", "pass"], env),
        Job(0, 'python -c "import typer"', [sys.executable, "-c", "import typer"], env),
        Job(0, FLOOR, [sys.executable, "-c", "import sqlmodel, typer, rich.table"], env),
    ]


def commands(size: dict) -> list[Job]:
    """Every command issue 9 times, at one size; labels name the case as N, the reference
    number as REF and the tracking number as TRACKING (printed above the table)."""
    facts, env, cases = size["facts"], size["env"], size["cases"]
    n, ref, tracking = str(facts["case"]), facts["reference"], facts["tracking"]
    export = Path(size["dir"]) / "export.json"
    listed = [
        ("tracker --version", tracker("--version")),
        ("tracker --help", tracker("--help")),
        ("tracker case list", tracker("case", "list")),
        ("tracker case list --json", tracker("case", "list", "--json")),
        (
            "tracker case list --status all --limit 0 --json",
            tracker("case", "list", "--status", "all", "--limit", "0", "--json"),
        ),
        ("tracker case show N", tracker("case", "show", n)),
        ("tracker case show N --json", tracker("case", "show", n, "--json")),
        ("tracker case show REF --json", tracker("case", "show", ref, "--json")),
        (
            "tracker log N --with rep ... (adds a contact)",
            tracker(
                "log",
                n,
                *("--channel", "chat", "--with", "rep", "--rep", "Priya"),
                *("--ref", "BENCH-1", "--result", "info"),
            ),
        ),
        ("tracker promise list --overdue", tracker("promise", "list", "--overdue")),
        ("tracker promise list", tracker("promise", "list")),
    ]
    optional = [
        (
            "search",
            [
                ("tracker search TRACKING", tracker("search", tracking)),
                ("tracker search Priya", tracker("search", "Priya")),
                ("tracker search towel", tracker("search", "towel")),
                ("tracker search towel --json", tracker("search", "towel", "--json")),
                ("tracker search REF", tracker("search", ref)),
            ],
        ),
        (
            "summary",
            [
                ("tracker summary N", tracker("summary", n)),
                ("tracker summary N --for manager", tracker("summary", n, "--for", "manager")),
            ],
        ),
        ("due", [("tracker due", tracker("due"))]),
        ("next", [("tracker next N", tracker("next", n))]),
        ("stats", [("tracker stats", tracker("stats"))]),
        ("export", [("tracker export --out FILE", tracker("export", "--out", str(export)))]),
    ]
    missing = []
    for name, entries in optional:
        if available(name, env):
            listed.extend(entries)
        else:
            missing.append(name)
    if missing:
        print(f"not present yet (skipped): {', '.join(missing)}", file=sys.stderr)
    jobs = [
        Job(cases, label, argv, env, export if "export" in label else None)
        for label, argv in listed
    ]
    if (size.get("taskwarrior") or {}).get("env"):
        jobs.append(
            Job(cases, TASK_LABEL, ["task", "next", "limit:50"], size["taskwarrior"]["env"])
        )
    return jobs


def time_all(jobs: list[Job], runs: int) -> dict[tuple[int, str], list[float]]:
    """Wall times of every job, R runs each, interleaved (run 1 of every job at every
    size, then run 2...) after an untimed warm-up run that also checks exit codes."""
    times: dict[tuple[int, str], list[float]] = {(j.size, j.label): [] for j in jobs}
    failed: dict[tuple[int, str], list[str]] = {}
    for run in range(runs + 1):  # run 0 warms the OS cache and checks exit codes
        for job in jobs:
            key = (job.size, job.label)
            if key in failed:
                continue
            if job.cleanup and job.cleanup.exists():
                job.cleanup.unlink()
            elapsed, code, output = run_once(job.argv, job.env, key if run else None)
            if code != 0:
                failed[key] = output.decode(errors="replace").strip().splitlines()[-1:]
                at = f" at {job.size:,} cases" if job.size else ""
                print(f"FAILED (exit {code}){at}: {job.label}: {failed[key]}", file=sys.stderr)
                continue
            if run:
                times[key].append(elapsed)
        print(f"  run {run}/{runs} done", file=sys.stderr)
    return {k: v for k, v in times.items() if v}


# --------------------------------------------------------------------------- in-process facts


def probe(argv_tail: list[str], env: dict, workdir: Path) -> dict:
    """Count SQL statements and note heavy imports for one command, in a fresh interpreter.

    Imports are checked in one process (nothing pre-imported); statements are counted in
    another, which has to import SQLAlchemy first to hook it.
    """
    out = workdir / "probe.json"
    imports = (
        "import atexit, json, runpy, sys\n"
        "out = sys.argv[1]; sys.argv = ['tracker'] + sys.argv[2:]\n"
        "def report():\n"
        "    m = sys.modules\n"
        "    json.dump({'sqlalchemy': 'sqlalchemy' in m, 'alembic': 'alembic' in m,\n"
        "               'rich': 'rich.console' in m, 'modules': len(m)}, open(out, 'w'))\n"
        "atexit.register(report)\n"
        "runpy.run_module('tracker', run_name='__main__')\n"
    )
    counting = (
        "import atexit, json, runpy, sys, time\n"
        "import sqlalchemy as sa\n"
        "out = sys.argv[1]; sys.argv = ['tracker'] + sys.argv[2:]\n"
        "facts = {'queries': 0, 'sql_s': 0.0, 'statements': {}}\n"
        "@sa.event.listens_for(sa.engine.Engine, 'before_cursor_execute')\n"
        "def before(conn, cursor, statement, params, context, many):\n"
        "    conn.info['t0'] = time.perf_counter()\n"
        "@sa.event.listens_for(sa.engine.Engine, 'after_cursor_execute')\n"
        "def after(conn, cursor, statement, params, context, many):\n"
        "    facts['queries'] += 1\n"
        "    facts['sql_s'] += time.perf_counter() - conn.info.pop('t0')\n"
        "    key = ' '.join(statement.split())[:70]\n"
        "    facts['statements'][key] = facts['statements'].get(key, 0) + 1\n"
        "from sqlalchemy.engine import cursor as _c\n"
        "def timed(fn):\n"
        "    def wrapper(*a, **k):\n"
        "        t0 = time.perf_counter()\n"
        "        try:\n"
        "            return fn(*a, **k)\n"
        "        finally:\n"
        "            facts['sql_s'] += time.perf_counter() - t0\n"
        "    return wrapper\n"
        "for cls in (_c.CursorFetchStrategy, _c.BufferedRowCursorFetchStrategy):\n"
        "    for name in ('fetchone', 'fetchmany', 'fetchall'):\n"
        "        if name in vars(cls):\n"
        "            setattr(cls, name, timed(vars(cls)[name]))\n"
        "atexit.register(lambda: json.dump(facts, open(out, 'w')))\n"
        "runpy.run_module('tracker', run_name='__main__')\n"
    )
    result = {}
    for script in (imports, counting):
        if out.exists():
            out.unlink()
        subprocess.run(
            [sys.executable, "-c", script, str(out), *argv_tail],
            env=env,
            capture_output=True,
            stdin=subprocess.DEVNULL,
        )
        if out.exists():
            result.update(json.loads(out.read_text()))
    return result


def import_times(argv_tail: list[str], env: dict) -> dict[str, float]:
    """Import time (ms) per heavy package, from -X importtime: the self time of all its
    modules, whoever imported them; `total` is every import of the run."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "tracker", *argv_tail],
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    wanted = (
        "typer",
        "click",
        "rich",
        "pygments",
        "sqlalchemy",
        "sqlmodel",
        "pydantic",
        "pydantic_core",
        "alembic",
        "psycopg",
        "tracker",
    )
    found = dict.fromkeys(wanted, 0.0)
    total = 0.0
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|\s*(\S+)", line)
        if not m:
            continue
        total += int(m.group(1)) / 1000
        top = m.group(3).split(".")[0]
        if top in found:
            found[top] += int(m.group(1)) / 1000
    found = {k: v for k, v in found.items() if v >= 1}
    found["total"] = total
    return found


# --------------------------------------------------------------------------- report

# The budgets of issue 9. Commands reading or writing one case or a page of cases: at
# most 1.25x the floor, and growing by at most 20% from the smallest size to the largest.
ONE_CASE_OR_A_PAGE = (
    "tracker case list",
    "tracker case show",
    "tracker log",
    "tracker summary",
    "tracker next",
    "tracker search",
    "tracker due",
    "tracker promise list",
)
MAX_PEAK_MB = 150
MAX_GROWTH = 1.20


def has_page_budget(label: str) -> bool:
    return label.startswith(ONE_CASE_OR_A_PAGE) and "--limit 0" not in label


def has_growth_budget(label: str) -> bool:
    return has_page_budget(label) or label == "tracker stats"


@dataclass
class Verdict:
    """A command's ratio (its column in the table) and, if it has one, its budget."""

    ratio: str
    budget: str = ""  # e.g. "<= 1.25x"; empty: no budget, the ratio is for reading
    met: bool = True
    what: str = ""  # the budget as a sentence, for the budgets block


def judge(label: str, results: dict) -> Verdict | None:
    """The time budget of one command at one size."""
    med = {k: v["median"] for k, v in results.items()}
    value, floor, typer_ = med[label], med.get(FLOOR), med.get('python -c "import typer"')
    if label == "tracker --help" and typer_:
        r = value / typer_
        return Verdict(
            f"{r:.2f}x typer", "<= 2.0x", within(r, 2.0), f"{label} <= 2.0x import typer"
        )
    if label == TASK_LABEL and "tracker case list" in med:
        r = value / med["tracker case list"]
        return Verdict(
            f"{r:.2f}x case list",
            ">= 2.0x",
            round(r, 2) >= 2.0,
            "tracker case list >= 2.0x faster than task next limit:50",
        )
    if label.startswith("tracker export"):
        return Verdict("", "< 30 s", value < 30, f"{label} < 30 s")
    if label == IMPORT_LABEL:
        return Verdict("", "< 60 s", value < 60, f"{label} < 60 s")
    if not floor or label in PY_ONLY:
        return None
    r = value / floor
    if has_page_budget(label):
        return Verdict(f"{r:.2f}x floor", "<= 1.25x", within(r, 1.25), f"{label} <= 1.25x floor")
    if label == "tracker stats":
        return Verdict(f"{r:.2f}x floor", "<= 2.0x", within(r, 2.0), f"{label} <= 2.0x floor")
    return Verdict(f"{r:.2f}x floor")


def within(ratio: float, limit: float) -> bool:
    """A ratio meets its limit as printed (two decimals): 1.204x meets 1.20x."""
    return round(ratio, 2) <= limit


def seconds(value: float) -> str:
    return f"{value * 1000:6.0f}ms" if value < 10 else f"{value:7.1f}s"


def has_peak_budget(label: str) -> bool:
    return label not in PY_ONLY and label != TASK_LABEL


def report(size: dict, backend: str) -> list[tuple[str, str, bool]]:
    """Print one size's table; returns its budgets as (what, measured, met)."""
    results, probes = size["results"], size.get("probes", {})
    width = max(len(k) for k in results)
    head = (
        f"{'command':<{width}}  {'median':>8}  {'min':>8}  {'peak MB':>7}  {'ratio':>16}"
        f"  {'budget':<16}" + (f"  {'SQL':>5}  {'in DB':>8}" if probes else "")
    )
    facts = size["facts"]
    print(
        f"\n{backend}, {size['cases']:,} cases x {size['contacts_per_case']} contacts:"
        f" N = case #{facts['case']}, REF = {facts['reference']},"
        f" TRACKING = {facts['tracking']}"
    )
    print(head)
    print("-" * len(head))
    found = []
    for label, r in results.items():
        verdict = judge(label, results) or Verdict("")
        budget = f"{verdict.budget} {'pass' if verdict.met else 'FAIL'}" if verdict.budget else ""
        if verdict.budget:
            found.append((verdict.what, verdict.ratio or seconds(r["median"]).strip(), verdict.met))
        peak = r.get("peak_mb")
        if peak is not None and has_peak_budget(label) and peak >= MAX_PEAK_MB:
            budget += " peak FAIL"
        line = (
            f"{label:<{width}}  {seconds(r['median'])}  {seconds(r['min'])}"
            f"  {'' if peak is None else f'{peak:.0f}':>7}  {verdict.ratio:>16}  {budget:<16}"
        )
        if probes:
            p = probes.get(label, {})
            queries = str(p.get("queries", "")) if label not in PY_ONLY else ""
            sql = f"{p['sql_s'] * 1000:.0f} ms" if p.get("queries") else ""
            line += f"  {queries:>5}  {sql:>8}"
        print(line.rstrip())
    # memory: one line for every command under the budget, one line each above it
    peaks = {
        k: r["peak_mb"]
        for k, r in results.items()
        if r.get("peak_mb") is not None and has_peak_budget(k)
    }
    over = {k: v for k, v in peaks.items() if v >= MAX_PEAK_MB}
    for label, mb in over.items():
        found.append((f"{label} peak < {MAX_PEAK_MB} MB", f"{mb:.0f} MB", False))
    if peaks and not over:
        top = max(peaks, key=peaks.get)
        found.append(
            (
                f"every command's peak < {MAX_PEAK_MB} MB (largest: {top})",
                f"{peaks[top]:.0f} MB",
                True,
            )
        )
    if size.get("taskwarrior", {}).get("skipped"):
        print(f"(taskwarrior comparison skipped: {size['taskwarrior']['skipped']})")
    return found


def growth(sizes: list[dict]) -> list[tuple[str, str, bool]]:
    """Print the medians of every size side by side and the growth from the smallest size
    to the largest; returns the growth budgets. The growth is of the ratio to the floor
    measured beside each (the same floor when the sizes ran together, with --sizes)."""
    sizes = sorted(sizes, key=lambda s: s["cases"])
    small, large = sizes[0], sizes[-1]
    labels = [k for k in large["results"] if k in small["results"] and k not in PY_ONLY]
    width = max(len(k) for k in labels)
    cols = "".join(f"  {s['cases']:>9,}" for s in sizes)
    head = f"{'command':<{width}}{cols}  {'growth':>7}  budget"
    print(
        f"\ngrowth, {small['cases']:,} -> {large['cases']:,} cases"
        " (medians; growth of the ratio to the floor):"
    )
    print(head)
    print("-" * len(head))
    found = []
    for label in labels:
        row = "".join(
            f"  {seconds(s['results'][label]['median']) if label in s['results'] else '-':>9}"
            for s in sizes
        )
        verdict = ""
        a, b = small["results"][label]["median"], large["results"][label]["median"]
        fa = small["results"].get(FLOOR, {}).get("median")
        fb = large["results"].get(FLOOR, {}).get("median")
        g = (b / fb) / (a / fa) if fa and fb else b / a
        if has_growth_budget(label):
            met = within(g, MAX_GROWTH)
            verdict = f"<= {MAX_GROWTH:.2f}x {'pass' if met else 'FAIL'}"
            found.append(
                (
                    f"{label}: grows <= 20% ({small['cases']:,} -> {large['cases']:,})",
                    f"{g:.2f}x",
                    met,
                )
            )
        print(f"{label:<{width}}{row}  {g:6.2f}x  {verdict}".rstrip())
    return found


def print_budgets(title: str, found: list[tuple[str, str, bool]]) -> None:
    print(f"\n{title}")
    width = max((len(w) for w, _, _ in found), default=0)
    for what, measured, met in found:
        print(f"  {'pass' if met else 'FAIL'}  {what:<{width}}  {measured}")
    failed = sum(not met for _, _, met in found)
    print(f"  {len(found) - failed} pass, {failed} FAIL")


def time_import(
    export: Path, size: dict, runs: int, backend: str, base: str | None
) -> float | None:
    """Median wall time of `tracker import` of `export` into an empty case file."""
    times = []
    env = size["env"]
    for run in range(runs):
        run_env = dict(env, TRACKER_HOME=str(export.parent / f"import-{run}"))
        schema = None
        if backend == "postgres":
            import sqlalchemy as sa

            schema = f"bench_{uuid.uuid4().hex[:10]}"
            admin = sa.create_engine(base)
            with admin.begin() as conn:
                conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
            run_env["TRACKER_DATABASE_URL"] = pg_schema_url(base, schema)
        elapsed, code, output = run_once(
            tracker("import", str(export)), run_env, (size["cases"], IMPORT_LABEL)
        )
        if schema:
            with admin.begin() as conn:
                conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
            admin.dispose()
        shutil.rmtree(run_env["TRACKER_HOME"], ignore_errors=True)
        if code != 0:
            print(f"FAILED import: {output.decode(errors='replace')[-300:]}", file=sys.stderr)
            return None
        times.append(elapsed)
    return statistics.median(times)


# --------------------------------------------------------------------------- one size


def base_env() -> dict:
    """The environment of every tracker command: no pinned clock, no debug, no prompts,
    and Python's bytecode caches in use (see `compile_tracker`)."""
    env = dict(os.environ, TRACKER_PROMPT="never", TRACKER_USER="bench", COLUMNS="120")
    names = ("TRACKER_NOW", "TRACKER_DEBUG", "TRACKER_DATABASE_URL", "TRACKER_HOME")
    for name in (*names, "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
        os.environ.pop(name, None)
    return env


def compile_tracker() -> str:
    """Compile tracker's modules to bytecode first, as `pip install` does for users.

    Otherwise, where PYTHONDONTWRITEBYTECODE is set (some CI images and sandboxes)
    or the source tree is read-only, every timed run of an editable install compiles
    tracker's ~60 modules from source again, about 50 ms that no installed copy
    pays, while the floor's libraries have their caches."""
    import compileall

    import tracker

    folder = Path(tracker.__file__).resolve().parent
    ok = compileall.compile_dir(str(folder), quiet=1)
    return f"bytecode: {folder} compiled" + ("" if ok else " (with errors)")


def build_taskwarrior(tasks: Path, folder: Path) -> dict:
    """Import the tasks into a private taskwarrior data folder (its own TASKRC and
    TASKDATA); returns the environment that reaches it and the time the import took."""
    data = folder / "data"
    data.mkdir(parents=True)
    rc = folder / "taskrc"
    rc.write_text(f"data.location={data}\nconfirmation=off\nhooks=off\nnews.version=2.6.0\n")
    env = dict(base_env(), TASKRC=str(rc), TASKDATA=str(data))
    started = time.perf_counter()
    proc = subprocess.run(
        ["task", "rc.verbose=nothing", "import", str(tasks)],
        env=env,
        capture_output=True,
        stdin=subprocess.DEVNULL,
    )
    imported = time.perf_counter()
    if proc.returncode != 0:
        tail = proc.stderr.decode(errors="replace").strip().splitlines()[-1:]
        return {"skipped": f"task import failed (exit {proc.returncode}): {tail}"}
    # the first report moves the completed tasks to completed.data (garbage collection)
    subprocess.run(
        ["task", "next", "limit:50"], env=env, capture_output=True, stdin=subprocess.DEVNULL
    )
    return {
        "env": env,
        "import_s": imported - started,
        "gc_s": time.perf_counter() - imported,
        "tasks": sum(1 for _ in tasks.open()),
    }


def prepare(cases: int, args, workdir: Path, base: str | None, schemas: list[str]) -> dict:
    """Build one size's case file (and taskwarrior data); facts about it."""
    folder = workdir / f"{cases}-cases"
    home = folder / "home"
    folder.mkdir(parents=True)  # on PostgreSQL tracker makes no home folder of its own
    env = dict(base_env(), TRACKER_HOME=str(home))
    os.environ["TRACKER_HOME"] = str(home)
    if args.backend == "postgres":
        import sqlalchemy as sa

        schema = f"bench_{uuid.uuid4().hex[:10]}"
        admin = sa.create_engine(base)
        with admin.begin() as conn:
            conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
        admin.dispose()
        schemas.append(schema)
        env["TRACKER_DATABASE_URL"] = os.environ["TRACKER_DATABASE_URL"] = pg_schema_url(
            base, schema
        )
    task = None if args.no_taskwarrior else shutil.which("task")
    tasks = folder / "tasks.json" if task else None
    print(f"building {cases:,} cases ...", file=sys.stderr)

    from tracker.store import Store

    started = time.perf_counter()
    store = Store()
    _ = store.engine  # the real migrations make the schema
    migrated = time.perf_counter()
    facts = build(store, cases, args.contacts_per_case, args.seed, tasks)
    store.dispose()
    built = time.perf_counter()
    size = {
        "cases": cases,
        "contacts_per_case": args.contacts_per_case,
        "dir": str(folder),
        "env": env,
        "facts": facts,
        "build_s": {"schema": migrated - started, "rows": built - migrated},
    }
    if args.no_taskwarrior:
        size["taskwarrior"] = {"skipped": "--no-taskwarrior"}
    elif not task:
        size["taskwarrior"] = {"skipped": "`task` is not installed (apt-get install taskwarrior)"}
    else:
        print(f"building {cases:,} taskwarrior tasks ...", file=sys.stderr)
        size["taskwarrior"] = build_taskwarrior(tasks, folder / "taskwarrior")
        tasks.unlink()
    return size


def describe(size: dict) -> None:
    counts = ", ".join(f"{v:,} {k}" for k, v in size["facts"]["counts"].items())
    b = size["build_s"]
    print(f"\n{size['cases']:,} cases: {counts}")
    print(
        f"  built in {b['schema'] + b['rows']:.1f} s (schema {b['schema']:.1f} s,"
        f" rows {b['rows']:.1f} s)"
    )
    tw = size.get("taskwarrior") or {}
    if tw.get("skipped"):
        print(f"  taskwarrior: skipped ({tw['skipped']})")
    elif tw:
        print(
            f"  taskwarrior: {tw['tasks']:,} tasks imported in {tw['import_s']:.1f} s"
            f" (the first `task next` after it, which files the completed ones:"
            f" {tw['gc_s']:.1f} s)"
        )


def saved(size: dict) -> dict:
    """What --save keeps of a size: no environment, no paths."""
    kept = {k: v for k, v in size.items() if k not in ("env", "dir")}
    tw = kept.get("taskwarrior")
    if tw:
        kept["taskwarrior"] = {k: v for k, v in tw.items() if k != "env"}
    return kept


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=5000, help="cases in the case file (5000)")
    parser.add_argument(
        "--sizes",
        help="several case counts, e.g. 1000,10000,100000: each its own database, timed"
        " together (interleaved), with a growth table (overrides --cases)",
    )
    parser.add_argument("--contacts-per-case", type=int, default=20)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--import-runs", type=int, default=1, help="times to import the export (0: skip)"
    )
    parser.add_argument("--no-probe", action="store_true", help="skip the in-process SQL count run")
    parser.add_argument(
        "--no-taskwarrior", action="store_true", help="skip the taskwarrior comparison"
    )
    parser.add_argument("--save", metavar="FILE", help="write the figures to FILE (JSON)")
    parser.add_argument(
        "--compare",
        nargs="+",
        metavar="FILE",
        help="print the growth table of figures saved by --save (no benchmark run)",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the database (and, on PostgreSQL, the schema) and print "
        "how to reach it, for profiling",
    )
    args = parser.parse_args()
    if args.compare:
        # a size given twice: the later file's figures
        by_cases = {
            s["cases"]: s for f in args.compare for s in json.loads(Path(f).read_text())["sizes"]
        }
        sizes = list(by_cases.values())
        if len(sizes) < 2:
            parser.error("--compare needs figures of at least two sizes")
        print_budgets("budgets (issue 9), growth:", growth(sizes))
        return 0
    try:
        counts = (
            [int(c.replace("_", "")) for c in args.sizes.split(",")] if args.sizes else [args.cases]
        )
    except ValueError:
        parser.error("--sizes takes case counts separated by commas, e.g. 1000,10000")
    launcher()  # while this process is small (see LAUNCHER)

    base = pg_base_url() if args.backend == "postgres" else None
    workdir = Path(tempfile.mkdtemp(prefix="tracker-bench-"))
    schemas: list[str] = []
    try:
        sizes = [prepare(c, args, workdir, base, schemas) for c in counts]
        print(f"backend: {args.backend}   python {sys.version.split()[0]}   cpus: {os.cpu_count()}")
        print(compile_tracker())
        for size in sizes:
            describe(size)

        jobs = floors(sizes[0]["env"])
        by_size = {s["cases"]: commands(s) for s in sizes}
        for size in sizes:
            jobs.extend(by_size[size["cases"]])
            size["probes"] = {}
            if not args.no_probe:
                for job in by_size[size["cases"]]:
                    if job.label != TASK_LABEL:
                        size["probes"][job.label] = probe(job.argv[3:], job.env, Path(size["dir"]))
        times = time_all(jobs, args.runs)
        for size in sizes:
            if args.import_runs:
                export = Path(size["dir"]) / "bench-export.json"
                code = run_once(tracker("export", "--out", str(export)), size["env"])[1]
                took = (
                    time_import(export, size, args.import_runs, args.backend, base)
                    if code == 0
                    else None
                )
                if took is not None:
                    times[(size["cases"], IMPORT_LABEL)] = [took]
            size["results"] = {}
            for (at, label), values in times.items():
                if at in (0, size["cases"]):
                    peaks = PEAK_KB.get((at, label))
                    size["results"][label] = {
                        "median": statistics.median(values),
                        "min": min(values),
                        "runs": values,
                        "peak_mb": max(peaks) / 1024 if peaks else None,
                    }

        together = " across sizes" if len(sizes) > 1 else ""
        print(f"\nwall time of a fresh process, {args.runs} runs each (interleaved{together});")
        print(
            '  ratio: median / the floor (python -c "import sqlmodel, typer, rich.table"),'
            " --help / python -c \"import typer\", taskwarrior's / tracker case list's"
        )
        print("  peak MB: the command's own peak resident memory (ru_maxrss)")
        if not args.no_probe:
            print(
                "  SQL = statements run, in DB = time executing and fetching them"
                " (one extra run, in-process)"
            )
        for size in sizes:
            size["budgets"] = report(size, args.backend)
            print_budgets(f"budgets (issue 9), {size['cases']:,} cases:", size["budgets"])
        growth_budgets = []
        if len(sizes) > 1:
            growth_budgets = growth(sizes)
            print_budgets("budgets (issue 9), growth:", growth_budgets)

        largest = sizes[-1]
        probes = largest["probes"]
        if probes:
            print(f"\nimports ({largest['cases']:,} cases):")
            for label in ("tracker --version", "tracker --help", "tracker case list"):
                p = probes.get(label, {})
                print(
                    f"  {label:<20} sqlalchemy: {'yes' if p.get('sqlalchemy') else 'no ':<3}  "
                    f"alembic: {'yes' if p.get('alembic') else 'no ':<3}  "
                    f"rich: {'yes' if p.get('rich') else 'no ':<3}  modules: {p.get('modules')}"
                )
            loaded_alembic = [k for k, p in probes.items() if p.get("alembic")]
            print("  commands that imported alembic: " + (", ".join(loaded_alembic) or "none"))
            for label, tail in (
                ("tracker --help", ["--help"]),
                ("tracker case list", ["case", "list"]),
            ):
                found = import_times(tail, largest["env"])
                print(
                    f"  -X importtime, {label}: "
                    + ", ".join(f"{k} {v:.0f} ms" for k, v in found.items())
                )
            suspects = [
                f"  {size['cases']:,} cases, {label}: {count} x {statement}"
                for size in sizes
                for label, p in size["probes"].items()
                for statement, count in p.get("statements", {}).items()
                if count >= 10
            ]
            print("\nmost repeated statements (N+1 suspects):")
            print("\n".join(suspects) or "  none (no statement run 10 times by one command)")
        if args.save:
            document = {
                "backend": args.backend,
                "runs": args.runs,
                "python": sys.version.split()[0],
                "cpus": os.cpu_count(),
                "at": datetime.now(UTC).isoformat(timespec="seconds"),
                "sizes": [saved(s) for s in sizes],
                "growth_budgets": growth_budgets,
            }
            Path(args.save).write_text(json.dumps(document, indent=1, default=str) + "\n")
            print(f"\nfigures saved to {args.save}")
        if args.keep:
            for size in sizes:
                env = size["env"]
                print(
                    f"\nkept ({size['cases']:,} cases): TRACKER_HOME={env['TRACKER_HOME']}"
                    + (
                        f" TRACKER_DATABASE_URL='{env['TRACKER_DATABASE_URL']}'"
                        if "TRACKER_DATABASE_URL" in env
                        else ""
                    )
                )
                tw = size.get("taskwarrior", {}).get("env")
                if tw:
                    print(f"  taskwarrior: TASKRC={tw['TASKRC']} TASKDATA={tw['TASKDATA']}")
    finally:
        if not args.keep:
            if schemas:
                import sqlalchemy as sa

                admin = sa.create_engine(base)
                with admin.begin() as conn:
                    for schema in schemas:
                        conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
                admin.dispose()
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
