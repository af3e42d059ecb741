# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a portal user reaches over JSON-RPC with its own session, beside the
portal pages: the writes on its leads, and every model and public method it
can call, tried by partner B's user against partner A's records.

The list of reachable (model, method) and of the models a portal user may
write is checked against the database: a method or an access right added
later must be added here (and to the readme's security section)."""

import inspect
import json
from datetime import date, timedelta

from odoo.tests import tagged
from odoo.tests.common import JsonRpcException

from .portal_common import PortalCommon

SECRET = "Confidential-A-4410"

# Addons whose public methods are listed: this suite's and the two it
# exposes to partners (Odoo's Resellers portal, OCA's help desk).
SWEPT_ADDONS = frozenset(
    {
        "partner_relationship",
        "partner_relationship_portal",
        "partner_relationship_sync",
        "website_crm_partner_assign",
        "helpdesk_mgmt",
    }
)

# Models a portal user may create, write or delete (access rights) and what
# keeps it to its own records.
PORTAL_WRITABLE = {
    "crm.lead": "record rule (leads assigned to the company) + the partner's "
    "lead gate (_prm_partner_leads)",
    "auth_totp.wizard": "record rule: the user's own",
    "bus.presence": "record rule: the user's own (this suite's)",
    "discuss.channel.member": "record rule: the user's own membership",
    "ir.filters": "record rule: the user's own",
    "mail.message": "mail.message access check (author, document access)",
    "res.partner.autocomplete.sync": "create only; a queue Odoo 18 no longer reads",
    "res.users.apikeys.description": "create only; a key for the caller itself",
    "res.users.identitycheck": "record rule: the user's own",
}

# Methods that act on the context's active_ids, not on their records.
ON_ACTIVE_IDS = {("helpdesk.ticket", "action_duplicate_tickets")}

# How a call is refused (any other error is a crash on the arguments).
REFUSALS = ("AccessError", "MissingError", "UserError", "ValidationError")

# Methods that change nothing and tell nothing of another partner: allowed.
HARMLESS = {
    ("helpdesk.ticket", "action_open_duplicate_wizard"): "a window action of "
    "the ids given; reads and writes nothing",
    ("helpdesk.ticket", "action_view_duplicates"): "a window action of the ids "
    "given; reads and writes nothing",
    ("helpdesk.ticket", "default_get"): "defaults of a new ticket",
    ("res.partner", "default_get"): "defaults of a new contact",
    ("helpdesk.ticket.team", "retrieve_dashboard"): "counts through record rules",
    ("website", "get_suggested_controllers"): "the website's public pages",
    ("crm.lead", "create_opp_portal"): "the caller's own new opportunity",
    ("res.partner.autocomplete.sync", "create"): "a queue Odoo 18 no longer reads",
    ("res.users.apikeys.description", "create"): "a key for the caller itself",
}


@tagged("post_install", "-at_install")
class TestPortalRpc(PortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        today = date.today()
        cls.outsider = env["res.partner"].create(
            {
                "name": f"Outsider {SECRET}",
                "email": "buyer@outsider.example",
                "city": "Outsider City",
                "parent_id": env["res.partner"]
                .create({"name": "Outsider Corp", "is_company": True})
                .id,
            }
        )
        cls.other_company = env["res.company"].create({"name": "Other Vendor Co"})
        cls.program = env.ref("partner_relationship.prm_program_partner")
        cls.budget = env["prm.fund.budget"].create(
            {
                "name": "RPC MDF",
                "program_id": cls.program.id,
                "date_start": today - timedelta(days=10),
                "date_end": today + timedelta(days=100),
                "amount": 10000,
            }
        )
        cls.budget.action_open()
        cls.allocation_a = cls._allocation(cls.partner_a)
        cls.allocation_b = cls._allocation(cls.partner_b)
        cls.request_a = cls._fund_request(cls.allocation_a)
        cls.request_b = cls._fund_request(cls.allocation_b)
        cls.open_stage = env["crm.stage"].create({"name": "RPC Qualified"})
        cls.other_team_stage = env["crm.stage"].create(
            {
                "name": "Other team's stage",
                "team_id": env["crm.team"].create({"name": "Other team"}).id,
            }
        )
        cls.won_stage = env["crm.stage"].search([("is_won", "=", True)], limit=1)

    @classmethod
    def _allocation(cls, partner):
        return cls.env["prm.fund.allocation"].create(
            {"budget_id": cls.budget.id, "partner_id": partner.id, "amount": 1000}
        )

    @classmethod
    def _fund_request(cls, allocation):
        today = date.today()
        request = cls.env["prm.fund.request"]._prm_partner_create(
            allocation,
            {
                "name": f"Booth of {allocation.partner_id.name}",
                "date_start": today,
                "date_end": today + timedelta(days=1),
                "planned_cost": 500,
                "objectives": "Meet buyers",
                "expected_results": "Leads",
            },
        )
        request.action_submit()
        return request

    def setUp(self):
        super().setUp()
        # A's accepted opportunity, and a lead offered to A.
        self.lead = self._lead_for(self.partner_a, name=f"Lead {SECRET}")
        self.lead.with_user(self.user_a).action_prm_accept()
        self.lead.write(
            {
                "partner_name": "Alpha Foods",
                "phone": "+1 555 0100",
                "email_from": "ann@alphafoods.example",
                "expected_revenue": 5000,
            }
        )
        self.offered = self._lead_for(self.partner_a, name=f"Offer {SECRET}")

    # Helpers ------------------------------------------------------------------

    def _rpc(self, model, method, *args, **kwargs):
        """Call `method` over JSON-RPC in the session's user."""
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def _refused(self, model, method, *args, **kwargs):
        """Call and expect an error; return its exception type's name."""
        with self.assertRaises(
            JsonRpcException, msg=f"{model}.{method} is refused"
        ) as caught:
            self._rpc(model, method, *args, **kwargs)
        return str(caught.exception)

    def _rpc_error(self, model, method, *args):
        """The error (name, message) of a JSON-RPC call in the session's
        user, or None. The body is sent as written: "<NaN>" and "<Infinity>"
        become the NaN and Infinity that Odoo's JSON reads."""
        body = json.dumps(
            {
                "jsonrpc": "2.0",
                "method": "call",
                "params": {
                    "model": model,
                    "method": method,
                    "args": list(args),
                    "kwargs": {},
                },
            }
        )
        response = self.url_open(
            "/web/dataset/call_kw",
            data=body.replace('"<NaN>"', "NaN").replace('"<Infinity>"', "Infinity"),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        error = response.json().get("error")
        return error and (error["data"]["name"], error["data"]["message"])

    def _state(self, record):
        """What a call could change: the record's stored fields, its chatter,
        and how many records its model holds."""
        self.env.invalidate_all()
        model = self.env[record._name].sudo().with_context(active_test=False)
        names = [
            name
            for name, field in model._fields.items()
            if field.store and name not in ("write_date", "__last_update")
        ]
        messages = (
            self.env["mail.message"]
            .sudo()
            .search_count([("model", "=", record._name), ("res_id", "in", record.ids)])
        )
        return (
            record.sudo().with_context(active_test=False).read(names),
            messages,
            model.search_count([]),
        )

    def _lead_values(self, lead):
        self.env.invalidate_all()
        return lead.read(
            [
                "partner_id",
                "fund_request_id",
                "company_id",
                "expected_revenue",
                "date_deadline",
                "probability",
                "priority",
                "stage_id",
                "phone",
                "email_from",
                "partner_name",
                "partner_assigned_id",
                "activity_ids",
            ]
        )[0]

    def _good_portal_values(self, **values):
        """What Odoo's "Edit opportunity" dialog posts."""
        return {
            "expected_revenue": 6000.0,
            "probability": 40.0,
            "priority": "2",
            "date_deadline": (date.today() + timedelta(days=30)).isoformat(),
            "activity_type_id": self.env.ref("mail.mail_activity_data_call").id,
            "activity_summary": "Call the buyer",
            "activity_date_deadline": (date.today() + timedelta(days=3)).isoformat(),
            **values,
        }

    # Finding 1: the contact details dialog --------------------------------------

    def test_contact_details_of_another_partners_lead_are_refused(self):
        before = self._lead_values(self.lead)
        self.authenticate("prm_portal_user_b", "prm_portal_user_b")
        error = self._refused(
            "crm.lead",
            "update_contact_details_from_portal",
            [self.lead.id],
            {"phone": "+1 555 6666", "partner_name": "Hijacked Inc"},
        )
        self.assertIn("AccessError", error)
        self.assertEqual(self._lead_values(self.lead), before)

    def test_searching_the_new_lead_flags_finds_only_own_leads(self):
        """Awaiting Partner (and the sync's Vendor's Offer) search through
        the lead's own fields: B learns nothing of A's offers by them."""
        own = self._lead_for(self.partner_b, name="Offer to B")
        self.authenticate("prm_portal_user_b", "prm_portal_user_b")
        domains = [
            [("prm_awaiting_partner", "=", True)],
            [("prm_awaiting_partner", "=", False)],
            [("prm_awaiting_partner", "!=", True)],
        ]
        if "prm_vendor_offer" in self.env["crm.lead"]._fields:
            domains += [
                [("prm_vendor_offer", "=", False)],
                [("prm_vendor_offer", "=", True)],
            ]
        for domain in domains:
            with self.subTest(domain=domain):
                found = self._rpc("crm.lead", "search", domain)
                self.assertFalse({self.lead.id, self.offered.id} & set(found))
                self.assertEqual(
                    self._rpc("crm.lead", "search_count", domain), len(found)
                )
        self.assertIn(
            own.id,
            self._rpc("crm.lead", "search", [("prm_awaiting_partner", "=", True)]),
        )

    def test_revenue_over_rpc_is_capped_as_in_the_form(self):
        """The progress form refuses an expected revenue over 10**12 (a
        typing error, and the vendor's totals would overflow): over JSON-RPC
        too, with the reason (1e308 was a server error, 10**12 + 1 was
        stored); 10**12 is kept."""
        second = self._lead_for(self.partner_a, name="Second of A")
        second.with_user(self.user_a).action_prm_accept()
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        for lead, call in (
            (self.lead, ("write", {"expected_revenue": 1e308})),
            (
                second,
                (
                    "update_lead_portal",
                    self._good_portal_values(expected_revenue=1e308),
                ),
            ),
            (second, ("write", {"expected_revenue": 10**12 + 1})),
        ):
            method, values = call
            self.assertEqual(
                self._rpc_error("crm.lead", method, lead.ids, values),
                (
                    "odoo.exceptions.ValidationError",
                    "Expected Revenue: at most 1000000000000.",
                ),
            )
        self._rpc("crm.lead", "write", second.ids, {"expected_revenue": 10**12})
        [(total,)] = self.env["crm.lead"]._read_group(
            [("partner_assigned_id", "=", self.partner_a.id)],
            aggregates=["expected_revenue:sum"],
        )
        self.assertEqual(total, 10**12 + 5000)

    def test_searching_a_computed_flag_otherwise_than_yes_or_no_is_refused(self):
        """The suite's computed flags a portal user may search (its partner
        record, certifications, reviews, leads) are searched as yes or no:
        another operator or value is refused with the reason, never a server
        error."""
        self.authenticate("prm_portal_user_b", "prm_portal_user_b")
        flags = [
            ("res.partner", "lead_routing_blocked"),
            ("res.partner", "prm_possible_duplicate"),
            ("prm.certification", "is_valid"),
            ("prm.review", "is_overdue"),
            ("crm.lead", "prm_awaiting_partner"),
        ]
        failures = []
        for model, name in flags:
            for domain in (
                [(name, "in", [True])],
                [(name, "ilike", "yes")],
                [(name, "=", "yes")],
            ):
                error = self._rpc_error(model, "search_count", domain)
                if not error or error[0] != "odoo.exceptions.UserError":
                    failures.append(f"{model} {domain}: {error}")
            self.assertIsNone(
                self._rpc_error(model, "search_count", [(name, "=", True)])
            )
        self.assertFalse(failures, "\n".join(failures))
        self.assertEqual(
            self._rpc_error(
                "prm.review", "search_count", [("is_overdue", "in", [True])]
            ),
            ("odoo.exceptions.UserError", "Is Overdue: search it as yes or no."),
        )

    def test_contact_details_stay_on_the_partners_own_lead(self):
        """The customer's contact is the vendor's, shared by other leads: a
        partner's correction changes its own lead only."""
        customer = self.env["res.partner"].create(
            {"name": "Shared Buyer", "email": "buyer@shared.example", "phone": "1"}
        )
        self.lead.partner_id = customer
        lead_b = self._lead_for(self.partner_b, name="B's lead")
        lead_b.partner_id = customer
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        self._rpc(
            "crm.lead",
            "update_contact_details_from_portal",
            [self.lead.id],
            {"email_from": "new@shared.example", "phone": "+1 555 0199"},
        )
        self.env.invalidate_all()
        self.assertEqual(self.lead.email_from, "new@shared.example")
        self.assertEqual(self.lead.phone, "+1 555 0199")
        self.assertEqual(customer.email, "buyer@shared.example")
        self.assertEqual(customer.phone, "1")
        self.assertEqual(lead_b.email_from, "buyer@shared.example")

    def test_customer_change_finds_registration_conflicts_again(self):
        registration = self.env["prm.deal.registration"]._prm_partner_register(
            self.partner_b,
            {"customer_name": "Zeta Robotics", "expected_revenue": 1000},
        )
        self.assertFalse(registration.conflict_ids)
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        self._rpc(
            "crm.lead",
            "update_contact_details_from_portal",
            [self.lead.id],
            {"partner_name": "Zeta Robotics Ltd"},
        )
        self.env.invalidate_all()
        self.assertEqual(registration.sudo().conflict_ids.lead_id, self.lead)
        self._rpc("crm.lead", "write", [self.lead.id], {"partner_name": "Alpha"})
        self.env.invalidate_all()
        self.assertFalse(registration.conflict_ids)

    # Finding 2: the partner's writes on its own lead ------------------------------

    def test_forged_values_on_own_lead_are_refused_whatever_the_way_in(self):
        yesterday = (date.today() - timedelta(days=1)).isoformat()
        before = self._lead_values(self.lead)
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        forged = [
            ({"partner_id": self.outsider.id}, "AccessError"),
            ({"fund_request_id": self.request_b.id}, "AccessError"),
            ({"company_id": self.other_company.id}, "AccessError"),
            ({"user_id": self.env.ref("base.user_admin").id}, "AccessError"),
            ({"expected_revenue": -100}, "ValidationError"),
            ({"date_deadline": yesterday}, "ValidationError"),
            ({"probability": 150}, "ValidationError"),
            ({"stage_id": self.other_team_stage.id}, "ValidationError"),
            ({"stage_id": self.won_stage.id}, "ValidationError"),
            ({"stage_id": False}, "ValidationError"),
            ({"priority": "9"}, "ValidationError"),
            ({"country_id": 2_000_000_000}, "ValidationError"),
            ({"state_id": self.env.ref("base.state_be_1").id}, "ValidationError"),
        ]
        for values, error in forged:
            with self.subTest(way="write", values=values):
                self.assertIn(
                    error, self._refused("crm.lead", "write", [self.lead.id], values)
                )
        for values in (
            {"expected_revenue": -100},
            {"date_deadline": yesterday},
            {"probability": 150},
            {"priority": "9"},
            {"activity_date_deadline": "not a date"},
            {"activity_summary": "x" * 201},
            {
                "activity_type_id": self.env["mail.activity.type"]
                .create({"name": "Invoices only", "res_model": "account.move"})
                .id
            },
        ):
            with self.subTest(way="update_lead_portal", values=values):
                self.assertIn(
                    "ValidationError",
                    self._refused(
                        "crm.lead",
                        "update_lead_portal",
                        [self.lead.id],
                        self._good_portal_values(**values),
                    ),
                )
        with self.subTest(way="update_contact_details_from_portal"):
            self.assertIn(
                "AccessError",
                self._refused(
                    "crm.lead",
                    "update_contact_details_from_portal",
                    [self.lead.id],
                    {"partner_id": self.outsider.id},
                ),
            )
        self.assertEqual(self._lead_values(self.lead), before)

    def test_odoo_portal_dialogs_still_work_on_own_lead(self):
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        self._rpc("crm.lead", "write", [self.lead.id], {"stage_id": self.open_stage.id})
        self._rpc(
            "crm.lead", "update_lead_portal", [self.lead.id], self._good_portal_values()
        )
        self._rpc(
            "crm.lead",
            "update_contact_details_from_portal",
            [self.lead.id],
            {
                "partner_name": "Alpha Foods",
                "city": "Springfield",
                "country_id": self.us.id,
                "state_id": self.env.ref("base.state_us_5").id,
            },
        )
        values = self._lead_values(self.lead)
        self.assertEqual(values["stage_id"][0], self.open_stage.id)
        self.assertEqual(values["expected_revenue"], 6000)
        self.assertEqual(values["priority"], "2")
        self.assertEqual(self.lead.city, "Springfield")
        self.assertEqual(self.lead.activity_ids.summary, "Call the buyer")

    def test_offered_lead_is_answered_before_it_is_written(self):
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        self.assertIn(
            "UserError",
            self._refused(
                "crm.lead", "write", [self.offered.id], {"expected_revenue": 10}
            ),
        )
        self.assertIn(
            "UserError",
            self._refused(
                "crm.lead", "partner_desinterested", [self.lead.id], "no time"
            ),
        )
        self.assertEqual(self.lead.partner_assigned_id, self.partner_a)

    def test_answer_notes_have_a_maximum_length(self):
        """A partner's note on its answer is kept in the vendor's chatter and
        on the offer: over JSON-RPC (the suite's decline, Odoo's Resellers
        dialogs) more than 500 characters are refused, with the reason,
        before anything is written; 500 are kept whole."""
        before = self._state(self.offered)
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        too_long = "x" * 501
        for method in (
            "action_prm_decline",
            "partner_desinterested",
            "partner_interested",
        ):
            with self.subTest(method=method):
                self.assertEqual(
                    self._rpc_error("crm.lead", method, [self.offered.id], too_long),
                    (
                        "odoo.exceptions.ValidationError",
                        "Reason: at most 500 characters (this one has 501).",
                    ),
                )
                self.assertEqual(self._state(self.offered), before)
        self._rpc("crm.lead", "action_prm_decline", [self.offered.id], "y" * 500)
        declined = self.offered.prm_assignment_ids.filtered(
            lambda offer: offer.partner_id == self.partner_a
        )
        self.assertEqual((declined.state, declined.reason), ("declined", "y" * 500))

    def test_malformed_arguments_on_own_leads_are_refused_with_their_reason(self):
        """What a partner's user sends over JSON-RPC to the lead methods it
        may call on its own leads, malformed: refused with its reason (a
        UserError, ValidationError or AccessError), never a server error,
        and nothing written."""
        lead, offered = self.lead.ids, self.offered.ids
        dialog = self._good_portal_values
        without_type = dialog()
        del without_type["activity_type_id"]
        calls = [
            # Not a finite number: Odoo's JSON reads NaN and Infinity.
            ("write", lead, {"expected_revenue": "nan"}),
            ("write", lead, {"expected_revenue": "<NaN>"}),
            ("write", lead, {"expected_revenue": "<Infinity>"}),
            ("write", lead, {"expected_revenue": "1e309"}),
            ("write", lead, {"expected_revenue": 10**400}),
            ("update_lead_portal", lead, dialog(expected_revenue="nan")),
            ("update_lead_portal", lead, dialog(expected_revenue="<NaN>")),
            # A priority that is not a string.
            ("write", lead, {"priority": ["1"]}),
            ("write", lead, {"priority": {"1": 1}}),
            ("update_lead_portal", lead, dialog(priority=["1"])),
            # Not what Odoo's dialogs post.
            ("update_lead_portal", lead, 5),
            ("update_lead_portal", lead, ["priority"]),
            ("update_lead_portal", lead, {"priority": "1"}),
            ("update_lead_portal", lead, without_type),
            ("create_opp_portal", {}),
            ("create_opp_portal", 5),
            # A note that is not a text.
            ("action_prm_decline", offered, 5),
            ("action_prm_decline", offered, ["not mine"]),
            ("action_prm_decline", offered, {"reason": "not mine"}),
            ("partner_desinterested", offered, {"reason": "no"}),
            ("partner_desinterested", offered, 5),
            ("partner_interested", offered, ["yes"]),
            # A contact detail that is not a text.
            (
                "update_contact_details_from_portal",
                lead,
                {"email_from": ["buyer@alpha.example"]},
            ),
            ("write", lead, {"city": {"name": "Springfield"}}),
            ("write", lead, {"partner_name": 5}),
        ]
        before = self._state(self.lead), self._state(self.offered)
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        failures = []
        for method, *args in calls:
            call = f"{method}{json.dumps(args)[:100]}"
            error = self._rpc_error("crm.lead", method, *args)
            if not error or error[0].rpartition(".")[2] not in REFUSALS:
                failures.append(f"{call}: {error}")
            elif (self._state(self.lead), self._state(self.offered)) != before:
                failures.append(f"{call}: written")
        self.assertFalse(failures, "\n".join(failures))
        # The reasons the partner reads.
        for call, message in (
            (
                ("write", lead, {"expected_revenue": "<NaN>"}),
                "Expected Revenue: enter a number.",
            ),
            (("action_prm_decline", offered, ["not mine"]), "Reason: enter a text."),
            (
                ("update_lead_portal", lead, without_type),
                "Missing in the form: activity_type_id.",
            ),
        ):
            self.assertEqual(
                self._rpc_error("crm.lead", *call),
                ("odoo.exceptions.ValidationError", message),
            )
        # Well formed, they still work (the reason without its spaces).
        self.assertIsNone(
            self._rpc_error("crm.lead", "update_lead_portal", lead, dialog())
        )
        self.assertIsNone(
            self._rpc_error("crm.lead", "action_prm_decline", offered, "  not mine ")
        )
        self.assertEqual(self.lead.expected_revenue, 6000)
        declined = self.offered.prm_assignment_ids.filtered(
            lambda offer: offer.partner_id == self.partner_a
        )
        self.assertEqual((declined.state, declined.reason), ("declined", "not mine"))

    def test_own_new_opportunity_is_reported_on(self):
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        result = self._rpc(
            "crm.lead",
            "create_opp_portal",
            {"contact_name": "Bob", "title": "Bob's deal", "description": "Pumps"},
        )
        lead = self.env["crm.lead"].browse(result["id"])
        self.assertEqual(lead.partner_assigned_id, self.partner_a)
        self.assertEqual(lead.prm_offer_state, "accepted")
        self._rpc(
            "crm.lead", "update_lead_portal", lead.ids, self._good_portal_values()
        )
        self.assertEqual(lead.expected_revenue, 6000)

    # Finding 3: every model and method, against another partner ------------------

    def _sweep_records(self):
        """Partner A's records of each model reached over RPC."""
        env = self.env
        product = env["product.product"].create(
            {"name": "RPC Router", "default_code": "RPC-1", "is_storable": True}
        )
        order = env["sale.order"].create(
            {
                "partner_id": self.partner_a.id,
                "client_order_ref": SECRET,
                "order_line": [(0, 0, {"product_id": product.id})],
            }
        )
        request = self.request_a
        request.action_approve(amount=500)
        claim = env["prm.fund.claim"]._prm_partner_create(
            request, {"amount": 100}, proofs=[("proof.pdf", b"%PDF-1.4 proof")]
        )
        registration = env["prm.deal.registration"]._prm_partner_register(
            self.partner_a, {"customer_name": f"Customer {SECRET}"}
        )
        ticket = env["helpdesk.ticket"]._prm_partner_open_request(
            self.partner_a, {"name": f"Ticket {SECRET}", "description": SECRET}
        )
        warranty = env["prm.warranty.claim"]._prm_partner_create(
            self.partner_a, {"product_id": product.id, "problem": SECRET}
        )
        env["prm.vmi.target"].create(
            {
                "partner_id": self.partner_a.id,
                "product_id": product.id,
                "min_qty": 50,
                "max_qty": 80,
            }
        )
        env["prm.vmi.upload"]._prm_partner_upload(
            self.partner_a,
            "stock.csv",
            (
                "type,product_code,location,date_from,date_to,quantity\n"
                f"stock,RPC-1,Main,{date.today().isoformat()},,4\n"
            ).encode(),
        )
        env["prm.vmi.proposal"]._compute_proposals()
        proposal = env["prm.vmi.proposal"].search(
            [("partner_id", "=", self.partner_a.id)], limit=1
        )
        channel = env["discuss.channel"].create(
            {"name": f"Group {SECRET}", "channel_type": "group"}
        )
        channel.add_members(partner_ids=self.user_a.partner_id.ids)
        message = self.lead.with_user(self.user_a).message_post(
            body=SECRET, message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        return {
            "crm.lead": self.lead,
            "offered": self.offered,
            "helpdesk.ticket": ticket,
            "prm.agreement": env["prm.agreement"].create(
                {
                    "name": f"Agreement {SECRET}",
                    "partner_id": self.partner_a.id,
                    "program_id": self.program.id,
                    "date_start": date.today(),
                    "date_end": date.today() + timedelta(days=365),
                }
            ),
            "prm.deal.registration": registration,
            "prm.fund.allocation": self.allocation_a,
            "prm.fund.budget": self.budget,
            "prm.fund.claim": claim,
            "prm.fund.request": request,
            "prm.review": env["prm.review"].create(
                {"partner_id": self.partner_a.id, "date_planned": date.today()}
            ),
            "prm.shared.service.subscription": env[
                "prm.shared.service.subscription"
            ]._prm_partner_subscribe(
                self.partner_a,
                env.ref("partner_relationship.prm_shared_service_helpdesk"),
            ),
            "prm.vmi.proposal": proposal,
            "prm.vmi.target": env["prm.vmi.target"].search(
                [("partner_id", "=", self.partner_a.id)]
            ),
            "prm.warranty.claim": warranty,
            "purchase.order": env["purchase.order"].create(
                {"partner_id": self.partner_a.id, "partner_ref": SECRET}
            )
            if "purchase.order" in env
            else None,
            "res.partner": self.partner_a,
            "res.partner.grade": self.tier,
            "website": env["website"].search([], limit=1),
            "sale.order": order,
            "account.payment.term": env.ref("account.account_payment_term_30days"),
            "auth_totp.wizard": env["auth_totp.wizard"].create(
                {"user_id": self.user_a.id, "secret": SECRET}
            ),
            "bus.presence": env["bus.presence"].create(
                {"user_id": self.user_a.id, "status": "online"}
            ),
            "discuss.channel.member": channel.channel_member_ids.filtered(
                lambda member: member.partner_id == self.user_a.partner_id
            ),
            "ir.filters": env["ir.filters"].create(
                {"name": SECRET, "model_id": "crm.lead", "user_id": self.user_a.id}
            ),
            "mail.message": message,
            "res.users.identitycheck": env["res.users.identitycheck"]
            .with_user(self.user_a)
            .create({"request": "{}"}),
        }

    def _sweep_calls(self):
        """[(model, method, record or None, extra args)]: every public method
        of the swept addons on a model a portal user reads, and every write
        on a model it may write, aimed at partner A's records."""
        today = date.today().isoformat()
        lead_values = self._good_portal_values()
        return [
            ("crm.lead", "action_assign_partner", "crm.lead", ()),
            ("crm.lead", "action_prm_accept", "offered", ()),
            ("crm.lead", "action_prm_decline", "offered", ("not mine",)),
            ("crm.lead", "action_prm_recall", "offered", ("late",)),
            ("crm.lead", "action_prm_register_with_vendor", "crm.lead", ()),
            ("crm.lead", "action_prm_route", "crm.lead", ()),
            ("crm.lead", "action_prm_vendor_accept", "crm.lead", ()),
            ("crm.lead", "action_prm_vendor_decline", "crm.lead", ("no",)),
            ("crm.lead", "action_prm_withdraw_registration", "crm.lead", ()),
            ("crm.lead", "assign_geo_localize", "crm.lead", (10.0, 20.0)),
            ("crm.lead", "assign_partner", "crm.lead", (self.partner_b.id,)),
            ("crm.lead", "assign_salesman_of_assigned_partner", "crm.lead", ()),
            (
                "crm.lead",
                "create",
                None,
                ({"name": "x", "partner_assigned_id": self.partner_a.id},),
            ),
            (
                "crm.lead",
                "create_opp_portal",
                None,
                ({"contact_name": "x", "title": "x", "description": "x"},),
            ),
            ("crm.lead", "partner_desinterested", "offered", ("no", False, True)),
            ("crm.lead", "partner_interested", "offered", ("yes",)),
            ("crm.lead", "search_geo_partner", "crm.lead", ()),
            (
                "crm.lead",
                "update_contact_details_from_portal",
                "crm.lead",
                ({"phone": "+1 555 6666"},),
            ),
            ("crm.lead", "update_lead_portal", "crm.lead", (lead_values,)),
            ("crm.lead", "write", "crm.lead", ({"expected_revenue": 1.0},)),
            ("helpdesk.ticket", "action_duplicate_tickets", "helpdesk.ticket", ()),
            ("helpdesk.ticket", "action_open_duplicate_wizard", "helpdesk.ticket", ()),
            ("helpdesk.ticket", "action_prm_claim_warranty", "helpdesk.ticket", ()),
            ("helpdesk.ticket", "action_prm_escalate", "helpdesk.ticket", ()),
            ("helpdesk.ticket", "action_view_duplicates", "helpdesk.ticket", ()),
            ("helpdesk.ticket", "assign_to_me", "helpdesk.ticket", ()),
            ("helpdesk.ticket", "copy", "helpdesk.ticket", ()),
            (
                "helpdesk.ticket",
                "create",
                None,
                ({"name": "x", "description": "x", "partner_id": self.partner_a.id},),
            ),
            ("helpdesk.ticket", "default_get", None, (["name", "partner_id"],)),
            (
                "helpdesk.ticket",
                "message_new",
                None,
                ({"subject": "x", "body": "x", "from": "x@x.example"},),
            ),
            (
                "helpdesk.ticket",
                "message_update",
                "helpdesk.ticket",
                ({"subject": "x", "body": "x"},),
            ),
            ("helpdesk.ticket", "write", "helpdesk.ticket", ({"name": "x"},)),
            ("helpdesk.ticket.team", "retrieve_dashboard", None, ()),
            ("prm.agreement", "action_cancel", "prm.agreement", ()),
            ("prm.agreement", "action_renew", "prm.agreement", ()),
            ("prm.agreement", "action_sign", "prm.agreement", ("B",)),
            (
                "prm.agreement",
                "create",
                None,
                ({"name": "x", "partner_id": self.partner_a.id},),
            ),
            ("prm.agreement", "write", "prm.agreement", ({"name": "x"},)),
            ("prm.deal.registration", "action_approve", "prm.deal.registration", ()),
            ("prm.deal.registration", "action_extend", "prm.deal.registration", ()),
            ("prm.deal.registration", "action_reject", "prm.deal.registration", ()),
            ("prm.deal.registration", "action_submit", "prm.deal.registration", ()),
            ("prm.deal.registration", "action_withdraw", "prm.deal.registration", ()),
            (
                "prm.deal.registration",
                "create",
                None,
                ({"customer_name": "x", "partner_id": self.partner_a.id},),
            ),
            (
                "prm.deal.registration",
                "write",
                "prm.deal.registration",
                ({"description": "x"},),
            ),
            ("prm.fund.allocation", "action_prm_sync_send", "prm.fund.allocation", ()),
            ("prm.fund.budget", "action_close", "prm.fund.budget", ()),
            ("prm.fund.budget", "action_compute_allocations", "prm.fund.budget", ()),
            ("prm.fund.budget", "action_open", "prm.fund.budget", ()),
            ("prm.fund.budget", "write", "prm.fund.budget", ({"amount": 1.0},)),
            ("prm.fund.claim", "action_approve", "prm.fund.claim", ()),
            ("prm.fund.claim", "action_reject", "prm.fund.claim", ("no",)),
            ("prm.fund.claim", "action_submit", "prm.fund.claim", ()),
            (
                "prm.fund.claim",
                "create",
                None,
                ({"request_id": self.request_a.id, "amount": 1.0},),
            ),
            ("prm.fund.claim", "write", "prm.fund.claim", ({"amount": 1.0},)),
            ("prm.fund.request", "action_approve", "prm.fund.request", (1.0,)),
            ("prm.fund.request", "action_reject", "prm.fund.request", ("no",)),
            ("prm.fund.request", "action_return", "prm.fund.request", ("no",)),
            ("prm.fund.request", "action_submit", "prm.fund.request", ()),
            (
                "prm.fund.request",
                "create",
                None,
                (
                    {
                        "name": "x",
                        "allocation_id": self.allocation_a.id,
                        "date_start": today,
                        "date_end": today,
                        "planned_cost": 1.0,
                    },
                ),
            ),
            ("prm.fund.request", "write", "prm.fund.request", ({"name": "x"},)),
            ("prm.review", "action_cancel", "prm.review", ()),
            ("prm.review", "action_done", "prm.review", ()),
            (
                "prm.shared.service.subscription",
                "action_cancel",
                "prm.shared.service.subscription",
                (),
            ),
            ("prm.vmi.proposal", "action_confirm", "prm.vmi.proposal", ()),
            ("prm.vmi.proposal", "action_reject", "prm.vmi.proposal", ()),
            ("prm.vmi.target", "action_view_history", "prm.vmi.target", ()),
            (
                "prm.warranty.claim",
                "action_approve_credit_note",
                "prm.warranty.claim",
                (),
            ),
            ("prm.warranty.claim", "action_approve_repair", "prm.warranty.claim", ()),
            (
                "prm.warranty.claim",
                "action_approve_replacement",
                "prm.warranty.claim",
                (),
            ),
            ("prm.warranty.claim", "action_done", "prm.warranty.claim", ()),
            (
                "prm.warranty.claim",
                "action_offer_paid_repair",
                "prm.warranty.claim",
                (),
            ),
            ("prm.warranty.claim", "action_reject", "prm.warranty.claim", ()),
            ("prm.warranty.claim", "action_submit", "prm.warranty.claim", ()),
            (
                "prm.warranty.claim",
                "create",
                None,
                ({"partner_id": self.partner_a.id, "problem": "x"},),
            ),
            ("prm.warranty.claim", "write", "prm.warranty.claim", ({"problem": "x"},)),
            ("purchase.order", "button_approve", "purchase.order", ()),
            ("purchase.order", "button_cancel", "purchase.order", ()),
            ("res.partner", "action_mark_operational", "res.partner", ()),
            ("res.partner", "action_onboarding_followup", "res.partner", ()),
            ("res.partner", "action_prm_approve", "res.partner", ()),
            ("res.partner", "action_prm_evaluate_tier", "res.partner", ()),
            ("res.partner", "action_prm_view_duplicates", "res.partner", ()),
            ("res.partner", "action_view_helpdesk_tickets", "res.partner", ()),
            ("res.partner", "action_view_opportunity", "res.partner", ()),
            (
                "res.partner",
                "create",
                None,
                ({"name": "x", "parent_id": self.partner_a.id},),
            ),
            ("res.partner", "default_get", None, (["name"],)),
            ("res.partner", "write", "res.partner", ({"name": "x"},)),
            (
                "res.partner.grade",
                "create",
                None,
                ({"name": "x", "mdf_share": 50.0},),
            ),
            ("res.partner.grade", "write", "res.partner.grade", ({"name": "x"},)),
            (  # a benefit of the tier only: written on its line for the company
                "res.partner.grade",
                "write",
                "res.partner.grade",
                ({"mdf_share": 99.0},),
            ),
            ("sale.order", "action_confirm", "sale.order", ()),
            ("sale.order", "write", "sale.order", ({"client_order_ref": "x"},)),
            ("account.payment.term", "create", None, ({"name": "x"},)),
            ("account.payment.term", "unlink", "account.payment.term", ()),
            ("account.payment.term", "write", "account.payment.term", ({"name": "x"},)),
            ("website", "get_suggested_controllers", "website", ()),
            # Models a portal user may write (access rights).
            ("crm.lead", "unlink", "crm.lead", ()),
            ("auth_totp.wizard", "write", "auth_totp.wizard", ({"code": "1"},)),
            ("auth_totp.wizard", "unlink", "auth_totp.wizard", ()),
            (
                "bus.presence",
                "write",
                "bus.presence",
                ({"last_presence": "2000-01-01 00:00:00"},),
            ),
            ("bus.presence", "unlink", "bus.presence", ()),
            (
                "discuss.channel.member",
                "write",
                "discuss.channel.member",
                ({"custom_channel_name": "x"},),
            ),
            ("discuss.channel.member", "unlink", "discuss.channel.member", ()),
            ("ir.filters", "write", "ir.filters", ({"name": "x"},)),
            ("ir.filters", "unlink", "ir.filters", ()),
            ("mail.message", "write", "mail.message", ({"body": "x"},)),
            ("mail.message", "unlink", "mail.message", ()),
            (
                "res.partner.autocomplete.sync",
                "create",
                None,
                ({"partner_id": self.partner_a.id},),
            ),
            (
                "res.users.apikeys.description",
                "create",
                None,
                ({"name": "x", "duration": "1"},),
            ),
            (
                "res.users.identitycheck",
                "write",
                "res.users.identitycheck",
                ({"request": "{}"},),
            ),
            ("res.users.identitycheck", "unlink", "res.users.identitycheck", ()),
        ]

    def test_every_reachable_method_refuses_another_partners_records(self):
        records = {
            name: record
            for name, record in self._sweep_records().items()
            if record is not None
        }
        for name, record in records.items():
            self.assertEqual(len(record), 1, f"one record of A for {name}")
        self.authenticate("prm_portal_user_b", "prm_portal_user_b")
        failures = []
        for model, method, target, args in self._sweep_calls():
            if model not in self.env:
                continue
            record = records[target] if target else None
            watched = record or records.get(model) or self.partner_a
            before = self._state(watched)
            kwargs = {}
            if (model, method) in ON_ACTIVE_IDS:
                kwargs = {"context": {"active_ids": record.ids}}
            call_args = ([record.id], *args) if record else args
            try:
                if (model, method) in HARMLESS:
                    # The caller's own record may be created: A's unchanged.
                    answer = self._rpc(model, method, *call_args, **kwargs)
                    self.assertNotIn(SECRET, json.dumps(answer, default=str))
                    self.assertEqual(self._state(watched)[:2], before[:2])
                else:
                    kind = self._refused(model, method, *call_args, **kwargs)
                    # Refused by a check, not by a crash on the arguments.
                    self.assertIn(kind.rpartition(".")[2], REFUSALS)
                    self.assertEqual(self._state(watched), before)
            except (AssertionError, JsonRpcException) as error:
                failures.append(f"{model}.{method}: {error}")
        self.assertFalse(failures, "\n".join(failures))

    def test_the_sweep_lists_every_reachable_method_and_writable_model(self):
        """A public method or a portal access right added later fails here
        until it is swept (and listed in the readme)."""
        portal = self.env.ref("base.group_portal")
        groups = portal | portal.trans_implied_ids
        rights = (
            self.env["ir.model.access"]
            .sudo()
            .search(["|", ("group_id", "=", False), ("group_id", "in", groups.ids)])
        )
        writable = {
            right.model_id.model
            for right in rights
            if right.perm_write or right.perm_create or right.perm_unlink
        }
        self.assertEqual(writable, set(PORTAL_WRITABLE))
        readable = {right.model_id.model for right in rights if right.perm_read}
        reachable = set()
        for model in readable & set(self.env.registry):
            cls = type(self.env[model])
            for klass in cls.mro():
                if getattr(klass, "_module", None) not in SWEPT_ADDONS:
                    continue
                for name, value in vars(klass).items():
                    if (
                        not name.startswith("_")
                        and inspect.isfunction(value)
                        and not any(
                            getattr(getattr(k, name, None), "_api_private", False)
                            for k in cls.mro()
                        )
                    ):
                        reachable.add((model, name))
        swept = {(model, method) for model, method, _t, _a in self._sweep_calls()}
        self.assertEqual(reachable - swept, set(), "reachable but not swept")
        for model in writable:
            self.assertTrue(
                {(model, "write"), (model, "create")} & swept,
                f"{model} is writable but not swept",
            )
