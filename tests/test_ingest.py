"""Bringing records in: Amazon's order export, order emails, chat transcripts, tracking numbers.

The fixtures in tests/fixtures/ingest are synthetic, in the real layouts.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from tracker.errors import TrackerError
from tracker.ingest import read_order_sources
from tracker.ingest.amazon_csv import orders_from_texts, parse_amount, parse_carrier_cell
from tracker.ingest.emails import order_mail, read_mail
from tracker.ingest.tracking import check, check_warning
from tracker.ingest.transcript import parse_transcript

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
OLD = [FIXTURES / "Retail.OrderHistory.1.csv", FIXTURES / "Retail.OrderHistory.2.csv"]
NEW = FIXTURES / "Order History.csv"
ZIP = FIXTURES / "Your Orders.zip"
MAILS = FIXTURES / "emails"
CHATS = FIXTURES / "transcripts"


def _orders(paths) -> dict:
    return {r.number: r for r in read_order_sources(list(paths)).records}


# ------------------------------------------------------------------ tracking numbers


def test_tracking_numbers_name_their_carrier_and_check_digit():
    assert check("1Z999AA10123456784").carrier == "UPS"
    assert check("1Z999AA10123456784").valid
    assert check("TBA306151649688").carrier == "Amazon Logistics"
    assert check("9400111899223344556677").carrier == "USPS"
    assert check("EE123456785US").carrier == "USPS"
    wrong = check("1Z999AA10123456785")
    assert (wrong.carrier, wrong.valid) == ("UPS", False)
    # a plain digit string that fits no check says nothing about its carrier
    assert check("1234567890") == check("1234567890").__class__("1234567890", None, True)
    assert "fails the UPS check digit" in check_warning("1Z999AA10123456785")
    assert check_warning("1Z999AA10123456784", "ups") is None


def test_ship_add_takes_the_carrier_from_the_number(cli):
    cli("order", "add", "112-0000000-0000001")
    result = cli("ship", "add", "112-0000000-0000001", "--tracking", "1Z999AA10123456784")
    assert result.stderr == ""
    assert cli.json("order", "show", "112-0000000-0000001")["shipments"][0]["carrier"] == "UPS"


def test_ship_add_keeps_a_number_failing_its_check_digit_with_a_warning(cli):
    cli("order", "add", "112-0000000-0000001")
    result = cli("ship", "add", "112-0000000-0000001", "--tracking", "1Z999AA10123456785")
    assert "1Z999AA10123456785 fails the UPS check digit" in result.stderr
    shipment = cli.json("order", "show", "112-0000000-0000001")["shipments"][0]
    assert (shipment["carrier"], shipment["tracking"]) == ("UPS", "1Z999AA10123456785")
    # the carrier given is the one checked
    result = cli(
        "ship", "add", "112-0000000-0000001", "--carrier", "UPS", "--tracking", "1Z999AA10123456786"
    )
    assert "fails the UPS check digit" in result.stderr


# ------------------------------------------------------------------ the export, parsed


def test_older_export_one_row_per_item_and_the_shipment_subtotal_counted_once():
    orders = _orders(OLD)
    mat = orders["112-0000001-0000001"]
    assert mat.items == ["Blue cotton bath mat", "Shower curtain hooks"]
    # Total Owed summed (13.50 + 16.50), not the subtotal repeated on both rows
    assert (mat.amount_minor, mat.currency) == (3000, "USD")
    assert mat.placed_on == date(2024, 3, 4)  # ISO 8601 with Z
    [shipment] = mat.shipments
    assert (shipment.carrier, shipment.tracking, shipment.shipped_on, shipment.status) == (
        "UPS",
        "1Z999AA10123456784",
        date(2024, 3, 5),
        "shipped",
    )


def test_an_item_split_across_shipments_gives_one_shipment_each():
    containers = _orders(OLD)["113-0000002-0000002"]
    assert containers.items == ["Glass food containers (x2)"]
    assert [(s.carrier, s.tracking, s.shipped_on, s.status) for s in containers.shipments] == [
        ("Amazon Logistics", "TBA306151649688", date(2024, 7, 19), "shipped"),
        ("Amazon Logistics", "TBA123456789000", date(2024, 7, 19), "shipped"),
    ]


def test_placeholders_fall_back_and_are_never_values():
    timer = _orders(OLD)["114-0000003-0000003"]
    # Total Owed "Not Available": the shipment subtotal (once) plus its tax
    assert timer.amount_minor == 1079
    [shipment] = timer.shipments  # carrier "Not Available", but it shipped
    assert (shipment.carrier, shipment.tracking, shipment.shipped_on) == (
        None,
        None,
        date(2024, 9, 2),
    )


def test_carrier_cells():
    assert parse_carrier_cell("AMZN_US(TBA306151649688)") == [
        ("Amazon Logistics", "TBA306151649688")
    ]
    assert parse_carrier_cell("UPS(1Z999AA10123456784)") == [("UPS", "1Z999AA10123456784")]
    assert parse_carrier_cell("AMZN_UK(Q22207405383)") == [("Amazon Logistics", "Q22207405383")]
    assert parse_carrier_cell("Not Available") == []
    uk = _orders(OLD)["202-0000005-0000005"]  # from the second file of the export
    assert (uk.currency, uk.amount_minor, uk.shipments[0].tracking) == ("GBP", 900, "Q22207405383")


def test_quoted_negative_amounts():
    assert parse_amount("'-0.6'", "USD") == -60
    assert parse_amount("1,234.50", "USD") == 123450
    assert parse_amount("Not Applicable", "USD") is None
    # 19.44 + 5.39 (the coasters' row carries the quoted '-0.6' discount)
    assert _orders([NEW])["113-7654321-7654321"].amount_minor == 2483


def test_the_notice_row_is_not_an_order():
    sources = read_order_sources(OLD)
    assert sources.notices == 1
    assert all(" " not in r.number for r in sources.records)


def test_digital_orders_are_kept_without_shipments():
    book = _orders(OLD)["D01-0000004-0000004"]
    assert book.digital and book.shipments == [] and book.amount_minor == 499


def test_byte_order_mark_and_both_header_versions_read_alike():
    plain = "Order ID,Order Date,Total Owed\n112-1111111-1111111,2024-01-02T03:04:05Z,5.00\n"
    [order] = orders_from_texts([("bom.csv", "\ufeff" + plain)]).orders
    assert (order.number, order.placed_on, order.amount_minor) == (
        "112-1111111-1111111",
        date(2024, 1, 2),
        500,
    )
    newer = _orders([ZIP])
    assert set(newer) == {"112-4455667-0012345", "113-7654321-7654321", "111-2223334-4445556"}
    mugs = newer["113-7654321-7654321"]
    assert mugs.items == ["Stoneware mug (x2)", "Mug coasters"]  # Original Quantity
    assert len(mugs.shipments) == 2
    assert newer["111-2223334-4445556"].shipments == []  # not shipped yet


def test_private_columns_are_never_read():
    for record in read_order_sources(OLD + [ZIP]).records:
        text = repr(record)
        for private in ("Test Street", "Visa", "Happy birthday", "Sam Sender", "Gift Road"):
            assert private not in text


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("truncated.zip", "not a readable zip file"),
        ("unknown-headers.csv", "not an Amazon order history"),
        ("emails/no-order-number.eml", "no Amazon order number"),
        ("emails/not-amazon.eml", "not an Amazon order or shipping email"),
    ],
)
def test_malformed_sources_are_refused(path, message):
    with pytest.raises(TrackerError, match=message):
        read_order_sources([FIXTURES / path])


# ------------------------------------------------------------------ emails, parsed


def _mail(name):
    return order_mail((MAILS / name).read_bytes(), name)


def test_older_has_shipped_email():
    mail = _mail("old-shipped.eml")
    [shipment] = mail.order.shipments
    assert (mail.kind, mail.order.number) == ("shipped", "112-4455667-0012345")
    assert (shipment.carrier, shipment.tracking) == ("UPS", "1Z999AA10123456784")
    assert (shipment.shipped_on, shipment.expected_on) == (date(2026, 10, 29), date(2026, 11, 2))


def test_newer_subjects():
    ordered = _mail("ordered.eml")
    assert ordered.kind == "ordered"
    assert ordered.order.placed_on == date(2026, 10, 20)
    assert ordered.order.items == ["Stoneware mug, 12 oz..."]  # "and 1 more item" dropped
    assert (ordered.order.amount_minor, ordered.order.currency) == (2483, "USD")
    assert ordered.order.shipments[0].expected_on == date(2026, 10, 23)  # "Arriving Friday, ..."

    shipped = _mail("shipped.eml").order.shipments[0]
    assert (shipped.tracking, shipped.carrier) == ("TBA306151649688", "Amazon Logistics")
    assert (shipped.shipped_on, shipped.expected_on) == (date(2026, 10, 21), date(2026, 10, 23))

    out = _mail("out-for-delivery.eml").order.shipments[0]
    assert (out.status, out.expected_on) == ("out for delivery", date(2026, 10, 23))

    delivered = _mail("delivered.eml").order.shipments[0]
    assert (delivered.status, delivered.delivered_on) == ("delivered", date(2026, 10, 23))

    late = _mail("delivery-update.eml")
    assert late.order.number == "111-2223334-4445556"
    assert (late.order.shipments[0].status, late.order.shipments[0].expected_on) == (
        "delayed",
        date(2026, 11, 5),
    )


def test_html_only_email_is_read_without_its_markup():
    mail = read_mail((MAILS / "html-only.eml").read_bytes(), "html-only.eml")
    assert "<" not in mail.text and "color" not in mail.text
    assert "998-0000000-0000000" not in mail.text  # scripts are not text
    order = _mail("html-only.eml").order
    assert (order.number, order.amount_minor, order.shipments[0].expected_on) == (
        "111-2223334-4445556",
        3200,
        date(2026, 11, 4),
    )


# ------------------------------------------------------------------ transcripts, parsed

DAY = date(2026, 11, 10)


def _chat(name, **kw):
    return parse_transcript((CHATS / name).read_text(), day=DAY, zone=UTC, **kw)


def test_transcript_email_layout():
    found = _chat("transcript-email.txt")
    assert found.layout == "email"
    assert found.asked.startswith("Wrong item received")
    [rep] = found.contacts
    pst = timezone(timedelta(hours=-8))
    assert (rep.who, rep.name, rep.started, rep.minutes) == (
        "rep",
        "Sarvesh",
        datetime(2026, 11, 10, 18, 27, tzinfo=pst),
        7,
    )
    assert [(r.value, r.kind) for r in rep.references] == [("12345678901", "complaint")]
    [promise] = rep.promises
    assert "within 3-5 business days" in promise.what
    assert promise.due_on == date(2026, 11, 17)  # five business days after Tuesday the 10th
    assert rep.result == "promised"


def test_chat_page_layout_with_a_lost_connection():
    found = _chat("chat-page.txt")
    [rep] = found.contacts
    assert found.layout == "page"
    assert (rep.name, rep.started, rep.minutes) == (
        "Amandeep",
        datetime(2026, 11, 10, 16, 27, tzinfo=UTC),
        9,
    )
    assert rep.result == "disconnected"
    assert [r.value for r in rep.references] == ["R-556677"]


def test_24_hour_chat_page_with_idle_warning():
    found = _chat("chat-24h.txt")
    [rep] = found.contacts
    assert found.layout == "page-24h"
    assert (rep.name, rep.started.hour, rep.minutes) == ("Rob", 6, 13)
    assert [(r.value, r.kind) for r in rep.references] == [
        ("T-20261103", "ticket"),
        ("1Z999AA10123456784", "other"),  # a tracking number, kept to be searchable
    ]
    assert [p.due_on for p in rep.promises] == [date(2026, 11, 13)]  # "by Friday"
    assert rep.result == "promised"  # idle is not a disconnection


def test_messaging_assistant_with_hand_off():
    found = _chat("messaging-assistant.txt")
    bot, rep = found.contacts
    assert found.layout == "assistant"
    assert (bot.who, bot.name, bot.result, bot.minutes) == ("bot", None, "transferred", 3)
    assert (rep.who, rep.name, rep.started.strftime("%H:%M")) == ("rep", "Rahul", "02:34")
    assert [r.value for r in rep.references] == ["98765432"]
    assert [p.due_on for p in rep.promises] == [date(2026, 11, 14)]


def test_unrecognised_layout_names_the_known_ones():
    with pytest.raises(TrackerError, match="messaging assistant"):
        _chat("unknown-layout.txt")


def test_a_chat_later_than_now_was_yesterday():
    found = _chat("chat-page.txt", now=datetime(2026, 11, 10, 9, 0, tzinfo=UTC))
    assert found.contacts[0].started.date() == date(2026, 11, 9)


# ------------------------------------------------------------------ order import, CLI


def test_import_zip_then_again_changes_nothing(cli, dump, now):
    result = cli("order", "import", ZIP)
    assert "3 added, 0 updated, 0 unchanged" in result.stdout
    mugs = cli.json("order", "show", "113-7654321-7654321")
    assert mugs["amount"] == "24.83"
    assert [(s["carrier"], s["tracking"]) for s in mugs["shipments"]] == [
        ("Amazon Logistics", "TBA306151649688"),
        ("Amazon Logistics", "TBA123456789000"),
    ]
    before = dump()
    again = cli("order", "import", ZIP)
    assert "0 added, 0 updated, 3 unchanged" in again.stdout
    assert dump() == before


def test_a_newer_export_updates_what_changed(cli, now):
    cli("order", "import", ZIP)
    result = cli("order", "import", FIXTURES / "later")
    assert "0 added, 1 updated, 2 unchanged" in result.stdout
    lamp = cli.json("order", "show", "111-2223334-4445556")
    assert [(s["carrier"], s["tracking"], s["shipped_on"]) for s in lamp["shipments"]] == [
        ("UPS", "1Z12345E0205271686", "2026-11-03")
    ]


def test_older_export_files_and_their_folder(cli, now):
    result = cli("order", "import", *OLD)
    assert "5 added" in result.stdout and "Skipped 1 row" in result.stdout
    assert cli.json("order", "show", "112-0000001-0000001")["amount"] == "30.00"
    assert cli.json("order", "show", "D01-0000004-0000004")["shipments"] == []


def test_dry_run_writes_nothing(cli, dump, now):
    cli("order", "list")  # the database exists before
    before = dump()
    result = cli("order", "import", ZIP, "--dry-run")
    assert "Would import 3 orders" in result.stdout and "3 added" in result.stdout
    assert dump() == before


def test_addresses_payment_and_gifts_are_never_stored(cli, dump, now):
    cli("order", "import", *OLD, ZIP)
    stored = repr(dump())
    for private in (
        "Test Street",
        "Visa",
        "Mastercard",
        "Happy birthday",
        "Sam Sender",
        "Gift Road",
    ):
        assert private not in stored


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("truncated.zip", "truncated or damaged"),
        ("unknown-headers.csv", "not an Amazon order history"),
        ("emails/no-order-number.eml", "no Amazon order number"),
    ],
)
def test_a_malformed_file_writes_nothing(cli, dump, now, bad, message):
    cli("order", "list")
    before = dump()
    result = cli("order", "import", ZIP, FIXTURES / bad, code=1)
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert dump() == before


def test_emails_build_up_an_order_and_its_shipment(cli, dump, now):
    mails = ["ordered.eml", "shipped.eml", "out-for-delivery.eml", "delivered.eml"]
    result = cli("order", "import", *[MAILS / m for m in mails])
    assert "1 added" in result.stdout
    mugs = cli.json("order", "show", "113-7654321-7654321")
    assert (mugs["placed_on"], mugs["amount"], mugs["items"]) == (
        "2026-10-20",
        "24.83",
        ["Stoneware mug, 12 oz..."],
    )
    [shipment] = mugs["shipments"]
    assert shipment == {
        "carrier": "Amazon Logistics",
        "tracking": "TBA306151649688",
        "shipped_on": "2026-10-21",
        "expected_on": "2026-10-23",
        "delivered_on": "2026-10-23",
        "status": "delivered",
    }
    before = dump()
    assert "0 added, 0 updated, 1 unchanged" in cli("order", "import", MAILS / "shipped.eml").stdout
    assert dump() == before  # an older mail does not move the package back


def test_delivery_update_and_html_only_mail(cli, now):
    cli("order", "import", MAILS / "html-only.eml", MAILS / "delivery-update.eml")
    lamp = cli.json("order", "show", "111-2223334-4445556")
    assert lamp["amount"] == "32.00"
    [shipment] = lamp["shipments"]
    assert (shipment["status"], shipment["expected_on"]) == ("delayed", "2026-11-05")


def test_export_then_emails_enrich_the_same_orders(cli, now):
    cli("order", "import", ZIP)
    result = cli("order", "import", MAILS / "old-shipped.eml", MAILS / "delivered.eml")
    assert "0 added, 2 updated" in result.stdout
    towel = cli.json("order", "show", "112-4455667-0012345")["shipments"]
    assert [(s["tracking"], s["expected_on"]) for s in towel] == [
        ("1Z999AA10123456784", "2026-11-02")
    ]
    mugs = cli.json("order", "show", "113-7654321-7654321")
    assert mugs["items"] == ["Stoneware mug (x2)", "Mug coasters"]  # the export's list stays


def test_ten_thousand_rows_import_in_seconds(cli, tmp_path, now, figures):
    header = ",".join(
        [
            "Order ID",
            "Order Date",
            "Currency",
            "Total Owed",
            "Quantity",
            "Product Name",
            "Shipment Status",
            "Ship Date",
            "Carrier Name & Tracking Number",
        ]
    )
    rows = [
        f"112-{i:07d}-0000001,2025-01-{1 + i % 28:02d}T10:00:00Z,USD,{i % 90 + 10}.99,1,"
        f"Item {i},Shipped,2025-02-01T10:00:00Z,AMZN_US(TBA{i:012d})"
        for i in range(10_000)
    ]
    big = tmp_path / "Order History.csv"
    big.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    cli("order", "list")
    started = time.perf_counter()
    result = cli("order", "import", big)
    elapsed = time.perf_counter() - started
    assert "10000 added" in result.stdout
    again = time.perf_counter()
    assert "10000 unchanged" in cli("order", "import", big).stdout
    elapsed_again = time.perf_counter() - again
    figures(
        f"order import: 10,000 rows in {elapsed:.1f} s, again (unchanged) {elapsed_again:.1f} s"
    )
    assert elapsed < 30 and elapsed_again < 30


# ------------------------------------------------------------------ log --transcript, CLI


@pytest.fixture
def chat_case(cli, now):
    cli("case", "open", "Gray bathrobe instead of red towel")
    return "1"


def test_messaging_assistant_transcript_logs_bot_then_rep(cli, chat_case):
    result = cli("log", chat_case, "--transcript", CHATS / "messaging-assistant.txt", "--yes")
    assert "Logged 2 contacts on case #1" in result.stdout
    case = cli.json("case", "show", chat_case)
    bot, rep = case["contacts"]
    assert (bot["with"], bot["rep_name"], bot["result"], bot["minutes"]) == (
        "bot",
        None,
        "transferred",
        3,
    )
    assert (rep["with"], rep["rep_name"], rep["reference"], rep["minutes"], rep["at"]) == (
        "rep",
        "Rahul",
        "98765432",
        12,
        "2026-11-10T02:34:00+00:00",
    )
    [promise] = case["promises"]
    assert (promise["due_on"], promise["contact_id"]) == ("2026-11-14", rep["id"])
    assert [r["value"] for r in case["references"]] == ["98765432"]
    [kept] = case["evidence"]
    assert kept["file"].endswith("messaging-assistant.txt")
    assert case["status"] == "waiting"


@pytest.mark.parametrize(
    ("name", "rep", "result"),
    [
        ("transcript-email.eml", "Sarvesh", "promised"),
        ("chat-page.txt", "Amandeep", "disconnected"),
        ("chat-24h.txt", "Rob", "promised"),
    ],
)
def test_each_layout_logs_its_representative(cli, chat_case, name, rep, result):
    cli("log", chat_case, "--transcript", CHATS / name, "--yes")
    [contact] = cli.json("case", "show", chat_case)["contacts"]
    assert (contact["rep_name"], contact["result"], contact["channel"]) == (rep, result, "chat")


def test_transcript_email_takes_its_day_from_the_mail(cli, chat_case):
    cli("log", chat_case, "--transcript", CHATS / "transcript-email.eml", "--yes")
    [contact] = cli.json("case", "show", chat_case)["contacts"]
    assert contact["at"] == "2026-11-09T02:27:00+00:00"  # Nov 8, 6:27 PM PST


def test_transcript_from_stdin_is_kept_as_evidence(cli, chat_case):
    text = (CHATS / "chat-24h.txt").read_text()
    cli("log", chat_case, "--transcript", "-", "--yes", input=text)
    case = cli.json("case", "show", chat_case)
    assert case["contacts"][0]["reference"] == "T-20261103"
    assert [(r["value"], r["kind"]) for r in case["references"]] == [
        ("T-20261103", "ticket"),
        ("1Z999AA10123456784", "other"),
    ]
    assert [c["id"] for c in cli.json("search", "1Z999AA10123456784")] == [1]
    assert case["evidence"][0]["file"].endswith(".txt")


def test_transcript_dry_run_and_no_terminal_write_nothing(cli, chat_case, dump):
    before = dump()
    result = cli("log", chat_case, "--transcript", CHATS / "chat-page.txt", "--dry-run")
    assert "Amandeep" in result.stdout and "R-556677" in result.stdout
    assert "Nothing was written" in result.stdout
    refused = cli("log", chat_case, "--transcript", CHATS / "chat-page.txt", code=1)
    assert refused.stderr.startswith("Error: ") and "--yes" in refused.stderr
    assert dump() == before


def test_at_a_terminal_it_asks_first(cli, chat_case, dump, monkeypatch):
    monkeypatch.setenv("TRACKER_PROMPT", "always")
    before = dump()
    result = cli("log", chat_case, "--transcript", CHATS / "chat-page.txt", input="n\n")
    assert "Nothing was written" in result.stdout
    assert dump() == before
    cli("log", chat_case, "--transcript", CHATS / "chat-page.txt", input="y\n")
    assert len(cli.json("case", "show", chat_case)["contacts"]) == 1


def test_the_same_transcript_twice_is_refused(cli, chat_case, dump):
    cli("log", chat_case, "--transcript", CHATS / "chat-24h.txt", "--yes")
    before = dump()
    result = cli("log", chat_case, "--transcript", CHATS / "chat-24h.txt", "--yes", code=1)
    assert "already keeps this transcript" in result.stderr
    assert dump() == before


def test_unknown_layout_is_one_error_and_nothing_written(cli, chat_case, dump):
    before = dump()
    result = cli("log", chat_case, "--transcript", CHATS / "unknown-layout.txt", "--yes", code=1)
    assert result.stderr.startswith("Error: ") and "known layouts" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert dump() == before


def test_transcript_with_contact_options_is_refused(cli, chat_case):
    result = cli(
        "log", chat_case, "--transcript", CHATS / "chat-24h.txt", "--rep", "Rob", "--yes", code=1
    )
    assert "leave out --rep" in result.stderr


# ------------------------------------------------------------------ the service


def test_service_counts_and_dry_run_rolls_back(cli, now):
    from sqlmodel import select

    from tracker.models import Order
    from tracker.services.ingest import import_orders
    from tracker.store import Store

    records = read_order_sources([ZIP]).records
    store = Store()
    try:
        with store.session(write=True) as s:
            dry = import_orders(session=s, records=records, dry_run=True)
            assert (len(dry.added), dry.shipments_added, dry.dry_run) == (3, 3, True)
            assert s.exec(select(Order)).all() == []
        with store.session(write=True) as s:
            done = import_orders(session=s, records=records)
        with store.session(write=True) as s:
            again = import_orders(session=s, records=records)
    finally:
        store.dispose()
    assert (len(done.added), done.unchanged, done.shipments_added) == (3, 0, 3)
    assert (again.added, again.updated, again.unchanged, again.shipments_added) == ([], [], 3, 0)


# ------------------------------------------------------------------ any input


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_LINES = st.lists(
    st.one_of(
        st.text(max_size=60),
        st.sampled_from(
            [
                "06:27 PM PST Sarvesh(Amazon): case ID 123456 within 3 days",
                "4:27 PM Amandeep (CSA) : by Friday",
                "06:28 Rob has accepted the chat.",
                "Messaging Assistant | Customer Service",
                "Rahul has joined & will be ready to chat in just a minute.",
                "02:32",
                "99:99",
                "13:75 PM",
                "Customer lost connection with the network.",
            ]
        ),
    ),
    max_size=30,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_LINES)
def test_any_transcript_is_read_or_refused(lines):
    try:
        parse_transcript("\n".join(lines), day=DAY, zone=UTC)
    except TrackerError:
        pass


_CELLS = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        ["Not Available", "'-0.6'", "2024-07-19T19:52:49Z and 2024-07-19", "UPS(1Z) and X", "1e999"]
    ),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_CELLS, min_size=0, max_size=10), max_size=8))
def test_any_export_rows_are_read_or_refused(rows):
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        ["Order ID", "Order Date", "Currency", "Total Owed", "Quantity", "Product Name",
         "Shipment Status", "Ship Date", "Carrier Name & Tracking Number", "Shipment Item Subtotal"]
    )  # fmt: skip
    writer.writerows(rows)
    try:
        orders_from_texts([("x.csv", buffer.getvalue())])
    except TrackerError:
        pass


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(["Shipped: x", "Delivered: y", "Ordered: z"]))
def test_any_email_is_read_or_refused(body, subject):
    data = f"Subject: {subject}\r\nDate: nonsense\r\n\r\n".encode() + body
    try:
        order_mail(data, "x.eml")
    except TrackerError:
        pass


def test_undo_takes_a_transcript_back_with_its_case_counted_once(cli, chat_case, home):
    """Each agent's contact writes the case's row (Core, in log_contact), and the
    evidence touches it again (ORM): `undo` puts the case file back as it was, and
    the transcript's kept copy goes with its evidence row."""
    before = cli.json("case", "show", chat_case)
    cli("log", chat_case, "--transcript", CHATS / "messaging-assistant.txt", "--yes")
    assert [p for p in (home / "evidence").rglob("*") if p.is_file()]
    newest = cli("undo", "--list").stdout.splitlines()[0]
    assert newest.endswith("; edited 1 case"), newest
    cli("undo")
    assert cli.json("case", "show", chat_case) == before
    assert not [p for p in (home / "evidence").rglob("*") if p.is_file()]


def test_a_case_written_twice_in_one_command_is_one_journal_entry(cli, chat_case):
    """Two contacts logged in one transaction, each moving the case (escalated, then
    resolved): the journal keeps the case once, from before the first to after the
    last, and `undo` reverts that one entry."""
    from tracker.services.contacts import ContactInput, log_contact
    from tracker.store import Store

    before = cli.json("case", "show", chat_case)
    store = Store()
    try:
        with store.session(write=True) as session:
            for result in ("escalated", "resolved"):
                given = ContactInput(channel="phone", with_="manager", result=result)
                log_contact(session=session, case=chat_case, given=given)
    finally:
        store.dispose()
    assert cli.json("case", "show", chat_case)["status"] == "resolved"
    [entry] = cli.json("undo", "--list")[:1]
    assert entry["summary"].endswith("; edited 1 case"), entry  # not "edited 2 cases"
    cli("undo")
    assert cli.json("case", "show", chat_case) == before
