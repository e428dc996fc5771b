"""tracker search: any text, case-insensitive, the query taken literally."""

from __future__ import annotations

import pytest


def ids(cli, query: str, *more: str) -> list[int]:
    return [row["id"] for row in cli.json("search", query, *more)]


@pytest.fixture
def cases(cli, towel_case):
    cli(
        "case",
        "open",
        "Broken kettle: 100% refund_wanted",
        "--category",
        "damaged",
        "--problem",
        "Arrived with a cracked lid.\nSecond line of the problem.",
    )
    cli(
        "log",
        "2",
        "--channel",
        "email",
        "--with",
        "rep",
        "--rep",
        "Zoë Müller",
        "--ref",
        "RMA_5%OFF",
        "--ref-kind",
        "return",
        "--note",
        "asked for photos",
    )
    cli("case", "open", "Plain case 1000 refund wanted")
    return towel_case


@pytest.mark.parametrize(
    "query, expected",
    [
        ("priya", [1]),  # representative's name, any case
        ("DANIEL", [1]),
        ("c-0042", [1]),  # complaint number from a contact
        ("1Z999AA10123456784", [1]),  # tracking number
        ("4455667", [1]),  # part of the order number
        ("red bath TOWEL", [1]),  # order item
        ("bathrobe", [1]),  # title / received
        ("return label", [1]),  # what a representative said
        ("cracked lid", [2]),  # problem text
        ("asked for photos", [2]),  # contact note
        ("zoë", [2]),  # non-ASCII, case-insensitive
        ("MÜLLER", [2]),
        ("rma_5%off", [2]),  # reference number with % and _
        ("SHIP THE RED", [1]),  # what was promised
        ("delivered", [1]),  # shipment status
    ],
)
def test_finds_by_any_text(cli, cases, query, expected):
    assert ids(cli, query) == expected


def test_percent_and_underscore_are_literal(cli, cases):
    assert ids(cli, "100%") == [2]
    assert ids(cli, "%") == [2]
    assert ids(cli, "_") == [2]  # only case 2 holds an underscore
    assert ids(cli, "refund_wanted") == [2]  # not case 3's "refund wanted"
    assert ids(cli, "100% refund") == [2]
    assert ids(cli, "1000") == [3]
    assert ids(cli, "/") == []  # the escape character is literal too


def test_json_items_are_case_list_items_with_matches(cli, cases):
    [row] = cli.json("search", "priya")
    listed = {r["id"]: r for r in cli.json("case", "list")}[1]
    for key, value in listed.items():
        assert row[key] == value
    assert {"field": "rep", "text": "Priya"} in row["matches"]


def test_text_output_says_where_it_matched(cli, cases):
    out = cli("search", "1z999").stdout
    assert "Gray bathrobe" in out and "tracking" in out
    assert "No case matches" in cli("search", "no such thing").stdout


def test_active_cases_first_and_limit(cli, cases):
    cli("case", "close", "1")
    assert ids(cli, "e")[-1] == 1
    assert len(ids(cli, "e", "--limit", "1")) == 1
    assert len(ids(cli, "e", "--limit", "0")) == 3


def test_text_output_says_how_many_were_left_out(cli, cases):
    result = cli("search", "e", "--limit", "2")
    assert "Showing 2 of 3 matching cases; --limit 0 shows all." in result.stderr
    assert "Showing" not in cli("search", "e").stderr
    assert "Showing" not in cli("search", "e", "--limit", "0").stderr


def test_service_counts_all_matches(cli, cases):
    from tracker.services.search import find_cases
    from tracker.store import Store

    store = Store()
    with store.session() as s:
        shown = find_cases(session=s, query="e", limit=2)
        everything = find_cases(session=s, query="e", limit=0)
    store.dispose()
    assert shown.total == 3 and shown.more == 1
    assert [r.id for r in shown.items] == [r.id for r in everything.items][:2]


def test_ascii_query_finds_text_whose_letters_fold_to_ascii(cli, backend, now):
    # the Kelvin sign folds to "k" (casefold on SQLite, lower() on PostgreSQL);
    # on SQLite a plain LIKE would miss it
    cli("case", "open", "Heater set to 300 \u212aelvin")
    if backend == "sqlite":  # PostgreSQL's lower() keeps it in the C collation
        assert ids(cli, "kelvin") == [1]
    # the index folds case letter by letter (FTS5 trigram, PostgreSQL lower()):
    # "ß" is found as "ß", not as "ss"
    cli("case", "open", "Lost on Hauptstraße")
    assert ids(cli, "HAUPTSTRAßE") == [2]


def test_markup_and_controls_are_shown_as_text(cli, now):
    cli("case", "open", "[bold]loud[/bold] \x1b[2J title")
    out = cli("search", "loud").stdout
    assert "[bold]loud[/bold]" in out and "\x1b" not in out


def test_empty_query_is_an_error(cli):
    assert cli("search", "  ", code=1).stderr.startswith("Error: ")


def test_service_search(cli, cases):
    from tracker.services.search import find_cases
    from tracker.store import Store

    store = Store()
    with store.session() as s:
        rows = find_cases(session=s, query="Kettle", limit=10).items
    store.dispose()
    assert [r.id for r in rows] == [2]
    assert rows[0].matches[0].field == "title"


def test_text_no_database_can_hold_is_refused(cli, cases):
    for query in ("a\x00b", "\ud800"):
        result = cli("search", query, code=1)
        assert result.stderr.startswith("Error: the search text")
