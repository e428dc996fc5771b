"""The guide's example, end to end through the CLI."""


def test_case_show_json_holds_everything(cli, towel_case):
    data = cli.json("case", "show", "#1")
    assert data["title"] == "Gray bathrobe instead of red towel"
    assert data["company"] == "Amazon"
    assert data["category"] == "wrong-item"
    assert data["expected"] == "red bath towel"
    assert data["received"] == "gray bathrobe"
    assert data["resolution"] == "exchange"
    assert data["amount"] == "24.99" and data["currency"] == "USD"
    assert data["happened_on"] == "2026-11-02"
    assert data["status"] == "waiting"
    order = data["order"]
    assert order["number"] == "112-4455667-0012345"
    assert order["placed_on"] == "2026-10-28"
    assert order["items"] == ["Red bath towel"]
    assert order["shipments"][0]["delivered_on"] == "2026-11-02"
    assert order["shipments"][0]["tracking"] == "1Z999AA10123456784"

    contacts = data["contacts"]
    assert [c["with"] for c in contacts] == ["bot", "rep", "rep"]
    assert [c["channel"] for c in contacts] == ["chat", "chat", "phone"]
    priya = contacts[1]
    assert priya["rep_name"] == "Priya" and priya["reference"] == "C-0042"
    assert priya["at"] == "2026-11-02T10:10:00+00:00"
    assert priya["rating"] == 4 and priya["minutes"] == 20
    assert contacts[2]["rep_name"] == "Daniel"

    [promise] = data["promises"]
    assert promise["what"] == "ship the red towel"
    assert promise["due_on"] == "2026-11-05"
    assert promise["state"] == "pending"
    assert promise["overdue"] is True
    assert promise["contact_id"] == priya["id"]

    assert data["references"] == [
        {
            "kind": "complaint",
            "value": "C-0042",
            "contact_id": priya["id"],
            "note": None,
            "added_by": None,  # given in a contact, not added by hand (ref add)
        }
    ]
    events = [h["event"] for h in data["history"]]
    assert events[0] == "opened" and "status" in events
    for key in (
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
    ):
        assert key in data


def test_case_found_by_order_and_reference(cli, towel_case):
    assert cli.json("case", "show", "112-4455667-0012345")["id"] == 1
    assert cli.json("case", "show", "C-0042")["id"] == 1


def test_case_list_puts_overdue_first(cli, towel_case):
    cli("case", "open", "Late parcel", "--category", "late", "--follow-up", "2026-11-11")
    rows = cli.json("case", "list")
    assert [r["id"] for r in rows] == [1, 2]
    assert rows[0]["contact_count"] == 3
    assert rows[0]["last_contact_at"] == "2026-11-08T09:00:00+00:00"
    assert rows[1]["contact_count"] == 0
