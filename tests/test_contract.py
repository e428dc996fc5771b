"""The JSON keys SPEC.md promises to users' scripts, all in one place."""

CASE_KEYS = {
    "id",
    "title",
    "status",
    "company",
    "category",
    "problem",
    "happened_on",
    "expected",
    "received",
    "want",
    "resolution",
    "amount",
    "currency",
    "follow_up_on",
    "opened_at",
    "closed_at",
    "outcome",
    "recovered",
    "order",
    "contacts",
    "promises",
    "references",
    "evidence",
    "history",
}
LIST_ITEM_KEYS = {
    "id",
    "title",
    "status",
    "company",
    "category",
    "problem",
    "happened_on",
    "expected",
    "received",
    "want",
    "resolution",
    "amount",
    "contact_count",
    "last_contact_at",
}
ORDER_KEYS = {"number", "company", "placed_on", "items", "amount", "currency", "shipments"}
SHIPMENT_KEYS = {"carrier", "tracking", "shipped_on", "expected_on", "delivered_on", "status"}
CONTACT_KEYS = {
    "id",
    "at",
    "minutes",
    "channel",
    "with",
    "rep_name",
    "rep_id",
    "reference",
    "asked",
    "answer",
    "result",
    "rating",
    "note",
}
PROMISE_KEYS = {"id", "what", "due_on", "state", "overdue", "contact_id"}
REFERENCE_KEYS = {"kind", "value", "contact_id"}
EVIDENCE_KEYS = {"id", "file", "sha256", "note", "added_at"}
HISTORY_KEYS = {"at", "event", "detail"}


def test_case_show_json_has_the_spec_keys(cli, towel_case, tmp_path):
    photo = tmp_path / "robe.jpg"
    photo.write_bytes(b"robe")
    cli("evidence", "add", "1", str(photo), "--note", "what came")
    case = cli.json("case", "show", "1")
    assert CASE_KEYS <= case.keys()
    assert ORDER_KEYS <= case["order"].keys()
    assert SHIPMENT_KEYS <= case["order"]["shipments"][0].keys()
    assert all(CONTACT_KEYS <= c.keys() for c in case["contacts"])
    assert all(PROMISE_KEYS <= p.keys() for p in case["promises"])
    assert all(REFERENCE_KEYS <= r.keys() for r in case["references"])
    assert all(EVIDENCE_KEYS <= e.keys() for e in case["evidence"])
    assert all(HISTORY_KEYS <= h.keys() for h in case["history"])
    # amounts are decimal strings, dates YYYY-MM-DD, times ISO 8601 with offset
    assert case["amount"] == "24.99"
    assert case["happened_on"] == "2026-11-02"
    assert case["opened_at"].endswith("+00:00")


def test_listings_have_the_spec_keys(cli, towel_case):
    assert all(LIST_ITEM_KEYS <= item.keys() for item in cli.json("case", "list"))
    assert all(LIST_ITEM_KEYS <= item.keys() for item in cli.json("search", "towel"))
    assert all(ORDER_KEYS <= order.keys() for order in cli.json("order", "list"))
    assert all(PROMISE_KEYS <= p.keys() for p in cli.json("promise", "list"))
    assert ORDER_KEYS <= cli.json("order", "show", "112-4455667-0012345").keys()
