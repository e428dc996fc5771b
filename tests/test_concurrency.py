"""Several people, one database: concurrent writers lose nothing and see no errors.

Each writer is an operating-system process of its own (tests/worker.py) that
runs `tracker log` through the whole CLI 200 times, as fast as it can, against
the same case, on the backend the suite runs on.
"""

from __future__ import annotations

import getpass
from collections import Counter

import pytest

from tracker.db import make_engine

WRITERS = ("alice", "bob")
LOGS_EACH = 200


def _run_writers(start_worker, case: str, prefix: str) -> list[tuple[int, str, str]]:
    processes = [start_worker(case, LOGS_EACH, name, prefix, user=name) for name in WRITERS]
    for process in processes:  # go, all together
        process.stdin.write("go\n")
        process.stdin.flush()
    return [(p.wait(timeout=300), p.stdout.read(), p.stderr.read()) for p in processes]


@pytest.mark.slow
def test_concurrent_writers_lose_nothing(cli, start_worker, figures):
    cli("case", "open", "Shared by the family", "--category", "late")
    # Both writers give the same reference numbers (C-0, C-1, ...) at about the
    # same time: the case keeps each number once, every contact keeps its own.
    results = _run_writers(start_worker, "1", "C")

    confirmed = 0
    for (code, out, err), name in zip(results, WRITERS, strict=True):
        lines = out.splitlines()
        failures = [line for line in lines if line.startswith("fail")]
        assert failures == [], f"{name}: {failures[:3]}"
        assert "locked" not in out + err and "Traceback" not in err, err[-2000:]
        assert code == 0, err[-2000:]
        confirmed += sum(line.startswith("done") for line in lines)
    assert confirmed == len(WRITERS) * LOGS_EACH

    data = cli.json("case", "show", "1")
    contacts = data["contacts"]
    assert len(contacts) == len({c["id"] for c in contacts}) == confirmed
    assert Counter(c["logged_by"] for c in contacts) == {name: LOGS_EACH for name in WRITERS}
    # and the writers did take turns, rather than one finishing before the other began
    by_id = [c["logged_by"] for c in sorted(contacts, key=lambda c: c["id"])]
    turns = sum(a != b for a, b in zip(by_id, by_id[1:], strict=False))
    assert turns >= 10, by_id
    assert Counter(c["reference"] for c in contacts) == {f"C-{i}": 2 for i in range(LOGS_EACH)}
    assert sorted(r["value"] for r in data["references"]) == sorted(
        f"C-{i}" for i in range(LOGS_EACH)
    )
    promises = Counter(p["contact_id"] for p in data["promises"])
    assert promises == {c["id"]: 1 for c in contacts}
    # the first promise moved the case to waiting, once
    assert [h["detail"].split(" (")[0] for h in data["history"] if h["event"] == "status"] == [
        "open → waiting"
    ]

    engine = make_engine()
    try:
        with engine.connect() as connection:
            count = connection.exec_driver_sql("SELECT count(*) FROM contact").scalar()
    finally:
        engine.dispose()
    assert count == confirmed
    figures(
        f"concurrency: {len(WRITERS)} writer processes x {LOGS_EACH} logs on one case, "
        f"{count} of {len(WRITERS) * LOGS_EACH} contacts kept, 0 errors, {turns} interleavings"
    )


def test_contacts_and_history_say_who_logged_them(cli, monkeypatch):
    cli("case", "open", "Who did what")
    cli("log", "1", "--channel", "phone", "--with", "rep", "--rep", "Ann")
    monkeypatch.setenv("TRACKER_USER", "grandma")
    cli("case", "edit", "1", "--want", "a refund")
    cli("log", "1", "--channel", "chat", "--with", "bot")
    monkeypatch.delenv("TRACKER_USER")
    cli("case", "close", "1", "--outcome", "refunded")

    data = cli.json("case", "show", "1")
    assert [c["logged_by"] for c in data["contacts"]] == ["tester", "grandma"]
    actors = [(h["event"], h["actor"]) for h in data["history"]]
    assert actors[0] == ("opened", "tester")
    assert ("edited", "grandma") in actors
    assert actors[-1] == ("closed", getpass.getuser())
