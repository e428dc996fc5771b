"""Correcting the record (issue 8): contacts edited, deleted and moved; references and
promises without a contact; company edit; ship add on a known tracking number;
evidence list and remove; case open --opened and case delete. Through the CLI."""

from __future__ import annotations

import json

import pytest

from tracker.errors import TrackerError
from tracker.services.contacts import ContactInput
from tracker.services.corrections import edit_contact


def _case(cli, case="1") -> dict:
    return cli.json("case", "show", case)


def _contact(case: dict, contact_id: int) -> dict:
    return next(c for c in case["contacts"] if c["id"] == contact_id)


# ------------------------------------------------------------------ contacts


def test_contact_edit_changes_the_fields_given_and_keeps_the_rest(cli, towel_case):
    result = cli("contact", "edit", "2", "--rep", "Priyanka", "--at", "2026-11-02 10:15")
    assert "Updated contact 2 on case #1: at, rep" in result.stdout
    contact = _contact(_case(cli), 2)
    assert contact["rep_name"] == "Priyanka"
    assert contact["at"].startswith("2026-11-02")
    assert contact["reference"] == "C-0042"  # untouched
    assert contact["minutes"] == 20 and contact["rating"] == 4


def test_contact_edit_reference_moves_the_cases_reference(cli, towel_case):
    cli("contact", "edit", "2", "--ref", "C-0043")
    case = _case(cli)
    assert [r["value"] for r in case["references"]] == ["C-0043"]
    assert case["references"][0]["contact_id"] == 2
    assert cli("case", "show", "C-0043").exit_code == 0


@pytest.mark.parametrize(
    "options, message",
    [
        (["--at", "2099-01-01"], "in the future"),
        (["--minutes", "5000"], "--minutes must be between 0 and 1440"),
        (["--rating", "9"], "--rating must be between 1 and 5"),
        (["--due", "+3d"], "--due needs --promise"),
        (["--promise", "x", "--due", "2026-10-01"], "before the contact"),
        (["--with", "martian"], "--with"),
    ],
)
def test_contact_edit_is_checked_as_log_checks(cli, towel_case, dump, options, message):
    before = dump()
    result = cli("contact", "edit", "2", *options, code=1)
    assert result.stderr.startswith("Error:") and message in result.stderr
    assert dump() == before


def test_contact_edit_service_reuses_logs_checks(cli, towel_case):
    from tracker.store import Store

    store = Store()
    try:
        with pytest.raises(TrackerError, match="between 1 and 5"):
            with store.session(write=True) as s:
                edit_contact(session=s, contact_id=2, given=ContactInput(rating=0))
    finally:
        store.dispose()


def test_contact_edit_of_no_contact_is_an_error(cli, towel_case):
    result = cli("contact", "edit", "99", "--rep", "x", code=1)
    assert "no contact 99" in result.stderr


def test_contact_delete_takes_its_promises_and_references(cli, towel_case):
    result = cli("contact", "delete", "2")
    assert "Deleted contact 2 from case #1" in result.stdout
    case = _case(cli)
    assert [c["id"] for c in case["contacts"]] == [1, 3]
    assert case["promises"] == [] and case["references"] == []


def test_contact_move_takes_its_promises_and_references(cli, towel_case):
    cli("case", "open", "Second problem")
    assert "Moved contact 2 to case #2" in cli("contact", "move", "2", "2").stdout
    first, second = _case(cli, "1"), _case(cli, "2")
    assert [c["id"] for c in first["contacts"]] == [1, 3]
    assert [c["id"] for c in second["contacts"]] == [2]
    assert [p["what"] for p in second["promises"]] == ["ship the red towel"]
    assert [r["value"] for r in second["references"]] == ["C-0042"]
    assert first["promises"] == [] and first["references"] == []
    # the reference number now finds the case it moved to
    assert cli.json("case", "show", "C-0042")["id"] == 2


def test_contact_ids_are_shown_in_case_show(cli, towel_case):
    text = cli("case", "show", "1").stdout
    assert "  2  2026-11-02" in text


# ------------------------------------------------------------------ references


def test_ref_add_is_shown_as_yours_and_never_given_by_nobody(cli, towel_case):
    cli("ref", "add", "1", "RMA-55821", "--kind", "return", "--note", "from the return email")
    ref = next(r for r in _case(cli)["references"] if r["value"] == "RMA-55821")
    assert ref["kind"] == "return" and ref["contact_id"] is None
    assert ref["added_by"] == "tester" and ref["note"] == "from the return email"
    assert "RMA-55821  return, added by tester" in cli("case", "show", "1").stdout
    brief = cli("summary", "1", "--for", "manager").stdout
    assert "RMA-55821 (return)" in brief
    assert "given by None" not in brief and "given by nobody" not in brief
    assert cli.json("case", "show", "RMA-55821")["id"] == 1


def test_ref_add_twice_and_remove(cli, towel_case, dump):
    cli("ref", "add", "1", "RMA-1")
    before = dump()
    assert "already has reference RMA-1" in cli("ref", "add", "1", "RMA-1", code=1).stderr
    assert dump() == before
    assert "Removed reference RMA-1" in cli("ref", "remove", "1", "RMA-1").stdout
    assert "RMA-1" not in [r["value"] for r in _case(cli)["references"]]
    assert "no reference" in cli("ref", "remove", "1", "RMA-1", code=1).stderr


def test_ref_add_bad_kind_is_a_usage_error(cli, towel_case):
    cli("ref", "add", "1", "X-1", "--kind", "bogus", code=2)


# ------------------------------------------------------------------ promises


def test_promise_add_without_a_contact(cli, towel_case):
    out = cli("promise", "add", "1", "refund to the card", "--due", "2026-11-20", "--by", "Amazon")
    assert "due 2026-11-20: refund to the card" in out.stdout
    promise = _case(cli)["promises"][-1]
    assert promise["contact_id"] is None and promise["made_by"] == "Amazon"
    assert "promised by Amazon" in cli("summary", "1", "--for", "manager").stdout


def test_promise_add_needs_a_due_date(cli, towel_case):
    cli("promise", "add", "1", "refund", code=2)  # --due is required


def test_promise_edit_new_due_date_and_wording(cli, towel_case):
    cli("promise", "edit", "1", "--due", "2026-11-12", "--what", "ship the red bath towel")
    promise = _case(cli)["promises"][0]
    assert promise["due_on"] == "2026-11-12" and promise["what"] == "ship the red bath towel"
    result = cli("promise", "edit", "1", "--due", "2026-10-01", code=1)
    assert "before the promise was made" in result.stderr
    assert "nothing to change" in cli("promise", "edit", "1", code=1).stderr


# ------------------------------------------------------------------ other records


def test_company_edit(cli):
    cli("company", "add", "Acme Home", "--phone", "1-800-555-0100")
    out = cli("company", "edit", "acme home", "--phone", "1-800-555-0199", "--email", "a@b.c")
    assert "Updated company Acme Home: phone, email" in out.stdout
    shown = cli.json("company", "show", "Acme Home")
    assert shown["phone"] == "1-800-555-0199" and shown["email"] == "a@b.c"
    assert (
        "already exists" in cli("company", "edit", "acme home", "--name", "amazon", code=1).stderr
    )


def test_ship_add_with_a_known_tracking_number_updates_that_shipment(cli, towel_case):
    out = cli("ship", "add", "112-4455667-0012345", "--tracking", "1Z999AA10123456784",
              "--shipped", "2026-10-30")  # fmt: skip
    assert "Updated the shipment 1Z999AA10123456784" in out.stdout
    shipments = _case(cli)["order"]["shipments"]
    assert len(shipments) == 1
    assert shipments[0]["shipped_on"] == "2026-10-30"
    assert shipments[0]["delivered_on"] == "2026-11-02"  # kept
    # the same number typed another way: the same parcel, not a second shipment
    cli("ship", "add", "112-4455667-0012345", "--tracking", "1z999aa1 0123-456784",
        "--expected", "2026-11-01")  # fmt: skip
    shipments = _case(cli)["order"]["shipments"]
    assert len(shipments) == 1
    assert (shipments[0]["tracking"], shipments[0]["expected_on"]) == (
        "1Z999AA10123456784",  # as it was first written
        "2026-11-01",
    )
    cli("ship", "add", "112-4455667-0012345", "--tracking", "1Z999AA1\t0123456784")
    assert len(_case(cli)["order"]["shipments"]) == 1  # a tab typed in it too
    cli("ship", "edit", "112-4455667-0012345", "--tracking", "1z999aa10123456784",
        "--carrier", "UPS Ground")  # fmt: skip
    assert _case(cli)["order"]["shipments"][0]["carrier"] == "UPS Ground"


def test_evidence_list_remove_and_where_the_file_is(cli, towel_case, tmp_path, home):
    photo = tmp_path / "robe.jpg"
    photo.write_bytes(b"\xff\xd8 a photo")
    cli("evidence", "add", "1", str(photo), "--note", "what came")
    items = json.loads(cli("evidence", "list", "1", "--json").stdout)
    assert len(items) == 1
    kept = items[0]["path"]
    assert "evidence" in kept and open(kept, "rb").read() == b"\xff\xd8 a photo"
    assert kept in cli("case", "show", "1").stdout.replace("\n", "")
    assert "robe.jpg" in cli("evidence", "list").stdout
    cli("evidence", "remove", str(items[0]["id"]))
    assert _case(cli)["evidence"] == []
    import os

    assert not os.path.exists(kept)
    assert "No evidence kept." in cli("evidence", "list").stdout


def test_evidence_remove_keeps_the_file_when_the_commit_fails(
    cli, towel_case, tmp_path, monkeypatch
):
    import os

    from tracker.services.corrections import remove_evidence
    from tracker.store import Store

    photo = tmp_path / "robe.jpg"
    photo.write_bytes(b"photo")
    cli("evidence", "add", "1", str(photo))
    kept = json.loads(cli("evidence", "list", "--json").stdout)[0]["path"]
    store = Store()
    try:
        with pytest.raises(RuntimeError):
            with store.session(write=True) as s:
                remove_evidence(session=s, evidence_id=1)
                raise RuntimeError("the commit fails")
    finally:
        store.dispose()
    assert os.path.exists(kept)
    assert len(_case(cli)["evidence"]) == 1


# ------------------------------------------------------------------ cases


def test_case_open_opened_dates_the_case(cli, now):
    now("2026-11-20T12:00:00")
    cli("case", "open", "Old problem", "--opened", "2026-10-01")
    assert _case(cli)["opened_at"].startswith("2026-10-01")
    assert "in the future" in cli("case", "open", "x", "--opened", "2026-12-25", code=1).stderr


def test_case_delete_refused_without_a_terminal(cli, towel_case, dump):
    before = dump()
    result = cli("case", "delete", "1", code=1)
    assert result.stderr.startswith("Error:") and "--yes" in result.stderr
    assert dump() == before


def test_case_delete_asks_at_a_terminal(cli, towel_case, dump, monkeypatch):
    monkeypatch.setenv("TRACKER_PROMPT", "always")
    before = dump()
    assert "Nothing was deleted" in cli("case", "delete", "1", input="n\n").stdout
    assert dump() == before
    cli("case", "delete", "1", input="y\n")
    cli("case", "show", "1", code=1)


def test_case_delete_yes(cli, towel_case):
    out = cli("case", "delete", "1", "--yes").stdout
    assert "Deleted case #1" in out and "3 contacts" in out
    assert "no case" in cli("case", "show", "1", code=1).stderr
    # the order stays, for another case
    assert cli("order", "show", "112-4455667-0012345").exit_code == 0


def test_case_delete_speaks_kiswahili(cli, towel_case):
    refused = cli("--lang", "sw", "case", "delete", "1", code=1).stderr
    assert refused.startswith("Hitilafu: case delete huuliza") and "--yes" in refused
    out = cli("--lang", "sw", "case", "delete", "1", "--yes").stdout
    assert "Kesi #1 imefutwa" in out and "mawasiliano 3" in out
    assert "tracker undo" in out and "Deleted" not in out and "contacts" not in out


def test_who_wrote_is_shown_when_several_people_did(cli, towel_case, monkeypatch):
    assert "Logged by" not in cli("case", "show", "1").stdout
    monkeypatch.setenv("TRACKER_USER", "sam")
    cli("log", "1", "--channel", "email", "--with", "nobody", "--note", "sent the photos")
    text = cli("case", "show", "1").stdout
    assert "Logged by sam" in text and "Logged by tester" in text


@pytest.mark.parametrize(
    "command",
    [
        ["contact", "edit"],
        ["contact", "delete"],
        ["contact", "move"],
        ["ref", "add"],
        ["ref", "remove"],
        ["promise", "add"],
        ["promise", "edit"],
        ["company", "edit"],
        ["evidence", "list"],
        ["evidence", "remove"],
        ["case", "delete"],
        ["undo"],
    ],
)
def test_each_command_has_help_with_an_example(cli, command):
    assert "Example: tracker" in cli(*command, "--help").stdout


def test_contact_edit_promise_due_counts_from_the_contact(cli, towel_case):
    cli("contact", "edit", "2", "--promise", "send a return label", "--due", "+3bd")
    promise = _case(cli)["promises"][-1]
    assert promise["what"] == "send a return label" and promise["contact_id"] == 2
    assert promise["due_on"] == "2026-11-05"  # three business days after the chat of Mon Nov 2
