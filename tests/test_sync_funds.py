# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Marketing development funds between a vendor's and a connected partner's
databases, on a real Odoo server over XML-RPC: allocations mirrored at the
partner, requests and claims with proof submitted from the partner's Odoo,
the vendor's decisions, bill and payment coming back; and the delivery
guarantees (stale versions discarded, one apply per message, refusals kept
with the vendor's message and nothing half-written, a partner's key confined
to its own records)."""

import base64
import uuid
from datetime import date, timedelta

import pytest
from sync_network import messages as _messages
from sync_network import receive as _receive

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/"
    "PchI7wAAAABJRU5ErkJggg=="
)
TODAY = date.today()
START = (TODAY - timedelta(days=30)).isoformat()
END = (TODAY + timedelta(days=60)).isoformat()
IN_START = TODAY.isoformat()
IN_END = (TODAY + timedelta(days=10)).isoformat()


def _b64(content):
    return base64.b64encode(content).decode()


def _budget(vendor, name, allocations):
    """An open fund budget with allocations {partner id: amount}; their ids."""
    program_ids = vendor.env["prm.program"].search([], limit=1)
    assert program_ids, "the suite's programmes"
    Budget = vendor.env["prm.fund.budget"]
    budget_id = Budget.create(
        {
            "name": name,
            "program_id": program_ids[0],
            "date_start": START,
            "date_end": END,
            "amount": 100000,
        }
    )
    Budget.browse(budget_id).action_open()
    Allocation = vendor.env["prm.fund.allocation"]
    return budget_id, {
        partner_id: Allocation.create(
            {"budget_id": budget_id, "partner_id": partner_id, "amount": amount}
        )
        for partner_id, amount in allocations.items()
    }


def _funds(partner, name):
    return partner.env["prm.vendor.fund"].search_read(
        [("name", "=", name)],
        [
            "program",
            "date_start",
            "date_end",
            "fund_state",
            "amount",
            "requested",
            "approved",
            "claimed",
            "paid",
            "remaining",
            "vendor_id",
        ],
    )


def _figures(fund):
    return {
        name: fund[name]
        for name in ("amount", "requested", "approved", "claimed", "paid", "remaining")
    }


def _vendor_requests(vendor, allocation_id):
    return vendor.env["prm.fund.request"].search_read(
        [("allocation_id", "=", allocation_id)],
        ["name", "planned_cost", "date_start", "state", "approved_amount"],
    )


def _request(partner, fund_id, name, planned_cost=2000):
    Request = partner.env["prm.vendor.fund.request"]
    return Request.browse(
        Request.create(
            {
                "name": name,
                "fund_id": fund_id,
                "date_start": IN_START,
                "date_end": IN_END,
                "planned_cost": planned_cost,
                "objectives": "Meet 300 installers",
                "expected_results": "30 leads, 8 orders",
                "expected_leads": 12,
            }
        )
    )


def _approved_request(vendor, partner, network, fund_id, name, approved):
    """A request submitted at the partner and approved at the vendor."""
    request = _request(partner, fund_id, name)
    request.action_submit()
    network["to_vendor"].action_send_now()
    (vendor_request_id,) = vendor.env["prm.fund.request"].search([("name", "=", name)])
    vendor.env["prm.fund.request"].browse(vendor_request_id).action_approve(approved)
    network["to_partner"].action_send_now()
    return request.id, vendor_request_id


def _claim(partner, request_id, amount, proofs, ref="NW-INV-001"):
    Claim = partner.env["prm.vendor.fund.claim"]
    return Claim.browse(
        Claim.create(
            {
                "request_id": request_id,
                "amount": amount,
                "partner_invoice_ref": ref,
                "proof_attachment_ids": [
                    (0, 0, {"name": name, "datas": _b64(content)})
                    for name, content in proofs
                ],
            }
        )
    )


def _vendor_claim(vendor, claim_id):
    return vendor.env["prm.fund.claim"].read(
        [claim_id],
        ["state", "amount", "partner_invoice_ref", "proof_attachment_ids", "bill_id"],
    )[0]


def _wire(kind, payload, version):
    return {
        "uuid": str(uuid.uuid4()),
        "kind": kind,
        "version": version,
        "payload": payload,
    }


@pytest.fixture(scope="module")
def funds(vendor, partner, network):
    """An open fund with allocations to Harbor (connected) and to another
    reseller (not connected), mirrored in Harbor's database."""
    budget_id, allocation_of = _budget(
        vendor,
        "Sync MDF H1",
        {network["harbor_id"]: 5000, network["other_id"]: 3000},
    )
    pending = _messages(vendor, "fund_allocation", "pending")
    assert [m["res_id"] for m in pending] == [allocation_of[network["harbor_id"]]], (
        "only the connected partner's allocation goes across"
    )
    network["to_partner"].action_send_now()
    (fund,) = _funds(partner, "Sync MDF H1")
    return {
        "budget_id": budget_id,
        "allocation_id": allocation_of[network["harbor_id"]],
        "other_allocation_id": allocation_of[network["other_id"]],
        "fund_id": fund["id"],
    }


@pytest.fixture(scope="module")
def salesman(odoo_server, partner, partner_db):
    """A salesman of the partner, without any sync or accounting rights."""
    login = f"sync-sales-{uuid.uuid4().hex[:6]}"
    group_id = partner.env.ref("sales_team.group_sale_salesman").id
    partner.env["res.users"].create(
        {
            "name": "Sync Salesman",
            "login": login,
            "password": login,
            "groups_id": [(6, 0, [group_id])],
        }
    )
    return odoo_server.client(partner_db, login, login)


def test_allocation_is_mirrored_read_only_at_the_partner(
    vendor, partner, network, funds, salesman
):
    (fund,) = _funds(partner, "Sync MDF H1")
    assert fund["date_start"] == START and fund["date_end"] == END
    assert fund["fund_state"] == "open"
    assert fund["vendor_id"][0] == network["to_vendor"].partner_id.id
    assert _figures(fund) == {
        "amount": 5000,
        "requested": 0,
        "approved": 0,
        "claimed": 0,
        "paid": 0,
        "remaining": 5000,
    }
    program = vendor.env["prm.fund.budget"].browse(funds["budget_id"]).program_id.name
    assert fund["program"] == program
    assert not _funds(partner, "Sync MDF H1 other"), "no other partner's allocation"
    # The vendor raises the allocation: the mirror follows, once.
    vendor.env["prm.fund.allocation"].browse(funds["allocation_id"]).write(
        {"amount": 6000}
    )
    network["to_partner"].action_send_now()
    (fund,) = _funds(partner, "Sync MDF H1")
    assert (fund["amount"], fund["remaining"]) == (6000, 6000)
    # (Other tests of the session connect the partner to other vendor
    # companies: this connection's funds only.)
    mirrors = partner.env["prm.vendor.fund"].search(
        [("connection_id", "=", network["to_vendor"].id)]
    )
    assert len(mirrors) == 1
    # An unchanged allocation is not sent again.
    vendor.env["prm.fund.allocation"].browse(funds["allocation_id"]).write(
        {"amount": 6000}
    )
    assert not _messages(vendor, "fund_allocation", "pending")
    assert not _messages(vendor, "fund_allocation", "failed")
    # Read-only at the partner: its salespeople read it, cannot change it.
    assert _funds(salesman, "Sync MDF H1")[0]["amount"] == 6000
    with pytest.raises(Exception, match="(?i)not allowed to modify"):
        salesman.env["prm.vendor.fund"].browse(fund["id"]).write({"amount": 99999})
    assert _funds(partner, "Sync MDF H1")[0]["amount"] == 6000


def test_request_returned_corrected_and_approved(vendor, partner, network, funds):
    request = _request(partner, funds["fund_id"], "Sync trade show booth")
    request.action_submit()
    assert partner.env["prm.vendor.fund.request"].browse(request.id).state == (
        "submitted"
    )
    network["to_vendor"].action_send_now()
    assert not _messages(partner, "fund_request", "failed")
    (vendor_request,) = _vendor_requests(vendor, funds["allocation_id"])
    assert vendor_request["name"] == "Sync trade show booth"
    assert vendor_request["planned_cost"] == 2000
    assert vendor_request["date_start"] == IN_START
    assert vendor_request["state"] == "submitted"
    Request = vendor.env["prm.fund.request"]
    assert (
        Request.browse(vendor_request["id"]).objectives,
        Request.browse(vendor_request["id"]).expected_results,
    ) == ("Meet 300 installers", "30 leads, 8 orders")
    Request.browse(vendor_request["id"]).action_return("Add the venue and audience")
    network["to_partner"].action_send_now()
    request = partner.env["prm.vendor.fund.request"].browse(request.id)
    assert request.state == "returned"
    assert request.decision_reason == "Add the venue and audience"
    assert request.activity_ids, "the requester is asked to correct it"
    # The mirror shows what the vendor counts as requested (nothing now).
    (fund,) = _funds(partner, "Sync MDF H1")
    assert fund["requested"] == 0

    request.write(
        {
            "planned_cost": 1500,
            "description": "Hall B, 400 visitors",
            "expected_results": "40 leads",
        }
    )
    request.action_submit()
    network["to_vendor"].action_send_now()
    (vendor_request,) = _vendor_requests(vendor, funds["allocation_id"])
    assert (vendor_request["state"], vendor_request["planned_cost"]) == (
        "submitted",
        1500,
    )
    assert Request.browse(vendor_request["id"]).description == "Hall B, 400 visitors"
    assert Request.browse(vendor_request["id"]).expected_results == "40 leads"
    Request.browse(vendor_request["id"]).action_approve(1200)
    network["to_partner"].action_send_now()
    request = partner.env["prm.vendor.fund.request"].browse(request.id)
    assert (request.state, request.approved_amount) == ("approved", 1200)
    assert request.claimable == 1200
    (fund,) = _funds(partner, "Sync MDF H1")
    assert (fund["requested"], fund["approved"]) == (1500, 1200)
    # Approved: no more changes at the partner.
    with pytest.raises(Exception, match="cannot be changed"):
        request.write({"planned_cost": 900})


def test_rejection_comes_back_with_the_reason(
    vendor, partner, network, funds, salesman
):
    """A plain salesman of the partner requests; the vendor rejects."""
    request = _request(salesman, funds["fund_id"], "Sync billboard")
    request.action_submit()
    network["to_vendor"].action_send_now()
    (vendor_request_id,) = vendor.env["prm.fund.request"].search(
        [("name", "=", "Sync billboard")]
    )
    vendor.env["prm.fund.request"].browse(vendor_request_id).action_reject(
        "Not an eligible activity"
    )
    network["to_partner"].action_send_now()
    request = partner.env["prm.vendor.fund.request"].browse(request.id)
    assert (request.state, request.decision_reason, request.approved_amount) == (
        "rejected",
        "Not an eligible activity",
        0,
    )
    with pytest.raises(Exception, match="already submitted"):
        request.action_submit()


def test_claim_with_proof_approved_billed_and_paid(vendor, partner, network, funds):
    request_id, vendor_request_id = _approved_request(
        vendor, partner, network, funds["fund_id"], "Sync webinar series", 800
    )
    claim = _claim(
        partner, request_id, 650, [("invoice.pdf", PDF), ("attendees.png", PNG)]
    )
    claim.action_submit()
    network["to_vendor"].action_send_now()
    assert not _messages(partner, "fund_claim", "failed")
    Claim = vendor.env["prm.fund.claim"]
    claim_ids = Claim.search([("request_id", "=", vendor_request_id)])
    assert len(claim_ids) == 1
    vendor_claim = _vendor_claim(vendor, claim_ids[0])
    assert (vendor_claim["state"], vendor_claim["amount"]) == ("submitted", 650)
    assert vendor_claim["partner_invoice_ref"] == "NW-INV-001"
    assert len(vendor_claim["proof_attachment_ids"]) == 2
    proofs = {
        a["name"]: base64.b64decode(a["datas"])
        for a in vendor.env["ir.attachment"].search_read(
            [("id", "in", vendor_claim["proof_attachment_ids"])], ["name", "datas"]
        )
    }
    assert proofs == {"invoice.pdf": PDF, "attendees.png": PNG}

    vendor.execute("prm.fund.claim", "action_approve", claim_ids)
    network["to_partner"].action_send_now()
    claim = partner.env["prm.vendor.fund.claim"].browse(claim.id)
    assert claim.state == "approved"
    assert claim.vendor_bill_state == "draft"
    (fund,) = _funds(partner, "Sync MDF H1")
    assert fund["claimed"] == 650 and fund["paid"] == 0

    bill_id = _vendor_claim(vendor, claim_ids[0])["bill_id"][0]
    vendor.execute("account.move", "action_post", [bill_id])
    network["to_partner"].action_send_now()
    claim = partner.env["prm.vendor.fund.claim"].browse(claim.id)
    assert (claim.state, claim.vendor_bill_state) == ("approved", "posted")
    (bill,) = vendor.env["account.move"].read([bill_id], ["name"])
    assert claim.vendor_bill == bill["name"]
    Register = vendor.env["account.payment.register"].with_context(
        active_model="account.move", active_ids=[bill_id]
    )
    Register.browse(Register.create({})).action_create_payments()
    assert _vendor_claim(vendor, claim_ids[0])["state"] == "paid"
    network["to_partner"].action_send_now()
    claim = partner.env["prm.vendor.fund.claim"].browse(claim.id)
    assert claim.state == "paid"
    assert claim.vendor_payment_state in ("paid", "in_payment")
    (fund,) = _funds(partner, "Sync MDF H1")
    allocation = vendor.env["prm.fund.allocation"].read(
        [funds["allocation_id"]],
        ["amount", "requested", "approved", "claimed", "paid", "remaining"],
    )[0]
    allocation.pop("id")
    assert _figures(fund) == allocation, "the mirror shows the vendor's figures"
    assert fund["paid"] == 650
    # Our own invoice to the vendor, referring to its bill.
    partner.execute("prm.vendor.fund.claim", "action_create_invoice", [claim.id])
    (claim_read,) = partner.env["prm.vendor.fund.claim"].read(
        [claim.id], ["invoice_id"]
    )
    (invoice,) = partner.env["account.move"].read(
        [claim_read["invoice_id"][0]],
        ["move_type", "partner_id", "amount_total", "ref", "state"],
    )
    assert invoice["move_type"] == "out_invoice"
    assert invoice["partner_id"][0] == network["to_vendor"].partner_id.id
    assert (invoice["amount_total"], invoice["ref"], invoice["state"]) == (
        650,
        bill["name"],
        "draft",
    )
    with pytest.raises(Exception, match="already invoiced"):
        partner.execute("prm.vendor.fund.claim", "action_create_invoice", [claim.id])
    assert not _messages(vendor, "fund_claim_state", "failed")
    assert not _messages(vendor, "fund_allocation", "failed")


def test_claim_rejected_comes_back_with_the_reason(vendor, partner, network, funds):
    request_id, vendor_request_id = _approved_request(
        vendor, partner, network, funds["fund_id"], "Sync newsletter", 300
    )
    claim = _claim(partner, request_id, 300, [("newsletter.pdf", PDF)])
    claim.action_submit()
    network["to_vendor"].action_send_now()
    Claim = vendor.env["prm.fund.claim"]
    (vendor_claim_id,) = Claim.search([("request_id", "=", vendor_request_id)])
    vendor.execute(
        "prm.fund.claim",
        "action_reject",
        [vendor_claim_id],
        "The proof shows another brand",
    )
    network["to_partner"].action_send_now()
    claim = partner.env["prm.vendor.fund.claim"].browse(claim.id)
    assert (claim.state, claim.rejection_reason) == (
        "rejected",
        "The proof shows another brand",
    )
    assert not claim.vendor_bill
    with pytest.raises(Exception, match="not approved"):
        partner.execute("prm.vendor.fund.claim", "action_create_invoice", [claim.id])


def test_claim_proof_limits_at_the_partner(vendor, partner, network, funds):
    request_id, _vendor_request_id = _approved_request(
        vendor, partner, network, funds["fund_id"], "Sync flyers", 200
    )
    no_proof = _claim(partner, request_id, 100, [])
    with pytest.raises(Exception, match="attach at least one document"):
        no_proof.action_submit()
    program = _claim(partner, request_id, 100, [("setup.exe", b"MZ\x90\x00" * 40)])
    with pytest.raises(Exception, match="not accepted as proof"):
        program.action_submit()
    too_many = _claim(partner, request_id, 100, [(f"p{n}.pdf", PDF) for n in range(6)])
    with pytest.raises(Exception, match="at most 5 files"):
        too_many.action_submit()
    over = _claim(partner, request_id, 250, [("flyer.pdf", PDF)])
    with pytest.raises(Exception, match="exceeds what is left"):
        over.action_submit()
    assert not _messages(partner, "fund_claim", "pending"), "nothing sent"
    states = partner.env["prm.vendor.fund.claim"].search_read(
        [("request_id", "=", request_id)], ["state"]
    )
    assert [c["state"] for c in states] == ["draft"] * 4


# Faults ---------------------------------------------------------------------------


def test_vendor_refusal_fails_the_message_and_nothing_is_half_written(
    vendor, partner, network
):
    """The vendor closed the fund while the partner's request was on its way:
    the message fails with the vendor's reason, the vendor has no request, and
    the partner takes it back to correct it."""
    budget_id, allocation_of = _budget(
        vendor, "Sync MDF closing", {network["harbor_id"]: 1000}
    )
    network["to_partner"].action_send_now()
    ((fund),) = _funds(partner, "Sync MDF closing")
    vendor.env["prm.fund.budget"].browse(budget_id).action_close()
    request = _request(partner, fund["id"], "Sync late request", 400)
    request.action_submit()
    network["to_vendor"].action_send_now()
    failed = [
        m
        for m in _messages(partner, "fund_request", "failed")
        if m["res_id"] == request.id
    ]
    assert len(failed) == 1
    assert "is not open for requests" in failed[0]["last_error"]
    assert not _vendor_requests(vendor, allocation_of[network["harbor_id"]])
    request = partner.env["prm.vendor.fund.request"].browse(request.id)
    assert "is not open for requests" in request.sync_error
    request.action_back_to_draft()
    request = partner.env["prm.vendor.fund.request"].browse(request.id)
    assert request.state == "draft" and not request.sync_error
    # The closing reaches the partner: no new request against that fund.
    network["to_partner"].action_send_now()
    ((fund),) = _funds(partner, "Sync MDF closing")
    assert fund["fund_state"] == "closed"
    with pytest.raises(Exception, match="is not open for requests"):
        request.action_submit()


def test_stale_and_out_of_order_allocation_updates_are_discarded(
    odoo_server, partner, partner_db, network
):
    args = (odoo_server, partner_db, network["vendor_login"], network["vendor_key"])
    base = {
        "allocation_id": 990001,
        "name": "Sync MDF ordered",
        "date_start": START,
        "date_end": END,
        "fund_state": "open",
        "currency": "USD",
    }
    newer = _wire(
        "fund_allocation", {**base, "amount": 900, "remaining": 900}, 10**9 + 20
    )
    older = _wire(
        "fund_allocation", {**base, "amount": 100, "remaining": 100}, 10**9 + 10
    )
    assert _receive(*args, [newer])[newer["uuid"]]["status"] == "done"
    assert _receive(*args, [older])[older["uuid"]]["status"] == "stale"
    (fund,) = _funds(partner, "Sync MDF ordered")
    assert (fund["amount"], fund["remaining"]) == (900, 900)
    # Both in one batch, the older last: the newer wins too.
    newest = _wire(
        "fund_allocation", {**base, "amount": 700, "remaining": 650}, 10**9 + 40
    )
    late = _wire("fund_allocation", {**base, "amount": 1}, 10**9 + 30)
    answers = _receive(*args, [newest, late])
    assert [answers[w["uuid"]]["status"] for w in (newest, late)] == ["done", "stale"]
    (fund,) = _funds(partner, "Sync MDF ordered")
    assert (fund["amount"], fund["remaining"]) == (700, 650)


def test_a_request_delivered_twice_is_applied_once(
    odoo_server, vendor, vendor_db, network, funds
):
    wire = _wire(
        "fund_request",
        {
            "partner_request_id": 880001,
            "partner_fund_id": funds["fund_id"],
            "values": {
                "name": "Sync duplicate request",
                "date_start": IN_START,
                "date_end": IN_END,
                "planned_cost": 700,
                "objectives": "Meet buyers",
                "expected_results": "Leads",
            },
        },
        10**9,
    )
    args = (odoo_server, vendor_db, network["harbor_login"], network["harbor_key"])
    first = _receive(*args, [wire])[wire["uuid"]]
    again = _receive(*args, [wire])[wire["uuid"]]
    assert first["status"] == "done"
    assert again["status"] == "duplicate"
    assert again["remote_id"] == first["remote_id"]
    found = vendor.env["prm.fund.request"].search_read(
        [("name", "=", "Sync duplicate request")], ["state", "partner_id"]
    )
    assert [(r["id"], r["state"], r["partner_id"][0]) for r in found] == [
        (first["remote_id"], "submitted", network["harbor_id"])
    ]


def test_a_partner_key_cannot_touch_another_partners_funds(
    odoo_server, vendor, vendor_db, network, funds
):
    Request = vendor.env["prm.fund.request"]
    # The other reseller's approved request, made at the vendor.
    other_request_id = Request.create(
        {
            "name": "Sync other reseller's event",
            "allocation_id": funds["other_allocation_id"],
            "date_start": IN_START,
            "date_end": IN_END,
            "planned_cost": 500,
            "objectives": "Meet buyers",
            "expected_results": "Leads",
        }
    )
    Request.browse(other_request_id).action_submit()
    Request.browse(other_request_id).action_approve(500)
    request_wire = _wire(
        "fund_request",
        {
            "partner_request_id": 880002,
            # Only Harbor's own ids travel; another's is known to no binding.
            "partner_fund_id": funds["other_allocation_id"],
            "values": {
                "name": "Sync forged request",
                "date_start": IN_START,
                "date_end": IN_END,
                "planned_cost": 700,
                "objectives": "Meet buyers",
                "expected_results": "Leads",
            },
        },
        10**9 + 1,
    )
    claim_wire = _wire(
        "fund_claim",
        {
            "partner_claim_id": 880003,
            "partner_request_id": other_request_id,
            "amount": 400,
            "proofs": [{"name": "forged.pdf", "datas": _b64(PDF)}],
        },
        10**9 + 2,
    )
    answers = _receive(
        odoo_server,
        vendor_db,
        network["harbor_login"],
        network["harbor_key"],
        [request_wire, claim_wire],
    )
    # Another partner's ids are known to no binding of Harbor's: refused,
    # as not known (yet), never applied.
    assert {answers[w["uuid"]]["status"] for w in (request_wire, claim_wire)} <= {
        "retry",
        "error",
    }
    assert not Request.search([("name", "=", "Sync forged request")])
    assert not vendor.env["prm.fund.claim"].search(
        [("request_id", "=", other_request_id)]
    )
    assert not vendor.env["ir.attachment"].search([("name", "=", "forged.pdf")])
    assert Request.browse(other_request_id).state == "approved"


def test_forged_proof_is_refused_at_the_vendor(
    odoo_server, vendor, partner, vendor_db, network, funds
):
    request_id, vendor_request_id = _approved_request(
        vendor, partner, network, funds["fund_id"], "Sync forged proof", 100
    )
    args = (odoo_server, vendor_db, network["harbor_login"], network["harbor_key"])
    bad = {
        "partner_claim_id": 880004,
        "partner_request_id": request_id,
        "amount": 50,
    }
    wires = [
        _wire(
            "fund_claim",
            {
                **bad,
                "proofs": [
                    {
                        "name": "x.html",
                        "datas": _b64(b"<html><script>alert(1)</script></html>"),
                    }
                ],
            },
            10**9 + 3,
        ),
        _wire(
            "fund_claim",
            {**bad, "proofs": [{"name": "x.pdf", "datas": "%%%"}]},
            10**9 + 4,
        ),
        _wire("fund_claim", {**bad, "proofs": []}, 10**9 + 5),
    ]
    answers = _receive(*args, wires)
    errors = [answers[w["uuid"]] for w in wires]
    assert [a["status"] for a in errors] == ["error"] * 3
    assert "not accepted as proof" in errors[0]["message"]
    assert "not base64" in errors[1]["message"]
    assert "at least one document" in errors[2]["message"]
    assert not vendor.env["prm.fund.claim"].search(
        [("request_id", "=", vendor_request_id)]
    )


def test_a_late_decision_is_discarded_and_a_foreign_one_refused(
    odoo_server, vendor, partner, partner_db, network, funds
):
    request_id, vendor_request_id = _approved_request(
        vendor, partner, network, funds["fund_id"], "Sync late decision", 500
    )
    args = (odoo_server, partner_db, network["vendor_login"], network["vendor_key"])
    late = _wire(
        "fund_request_decision",
        {
            "vendor_request_id": vendor_request_id,
            "partner_request_id": request_id,
            "state": "returned",
            "decision_reason": "An older decision",
        },
        1,
    )
    assert _receive(*args, [late])[late["uuid"]]["status"] == "stale"
    (request,) = partner.env["prm.vendor.fund.request"].read(
        [request_id], ["state", "approved_amount", "decision_reason"]
    )
    assert (request["state"], request["approved_amount"]) == ("approved", 500)
    assert not request["decision_reason"]
    # A decision on a request the vendor never received is refused.
    foreign = _wire(
        "fund_request_decision",
        {
            "vendor_request_id": 990099,
            "partner_request_id": 990099,
            "state": "approved",
            "approved_amount": 1,
        },
        10**9 + 50,
    )
    answer = _receive(*args, [foreign])[foreign["uuid"]]
    assert answer["status"] == "retry", "not known here (yet): never applied"
    assert "is not known here" in answer["message"]


def test_the_fund_counts_the_requests_it_lists(vendor, partner, network, funds):
    """The vendor enters requests itself, for Harbor and for the other
    reseller: its allocation to Harbor counts Harbor's; the fund mirrored at
    Harbor counts the requests it lists (it showed $7,200 requested beside
    one $1,200 request)."""
    Request = vendor.env["prm.fund.request"]
    for allocation_id, cost in (
        (funds["allocation_id"], 600),
        (funds["other_allocation_id"], 900),
    ):
        request_id = Request.create(
            {
                "name": "Sync entered by the vendor",
                "allocation_id": allocation_id,
                "date_start": IN_START,
                "date_end": IN_END,
                "planned_cost": cost,
                "objectives": "Regional webinar",
                "expected_results": "10 leads",
            }
        )
        Request.browse(request_id).action_submit()
    network["to_partner"].action_send_now()
    (allocation,) = vendor.env["prm.fund.allocation"].read(
        [funds["allocation_id"]], ["requested", "remaining"]
    )
    (fund,) = _funds(partner, "Sync MDF H1")
    listed = partner.env["prm.vendor.fund.request"].search_read(
        [
            ("fund_id", "=", funds["fund_id"]),
            ("state", "in", ("submitted", "approved")),
        ],
        ["planned_cost"],
    )
    assert fund["requested"] == sum(request["planned_cost"] for request in listed)
    assert allocation["requested"] >= fund["requested"] + 600
    assert fund["remaining"] == allocation["remaining"], "the vendor's count"
