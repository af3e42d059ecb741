# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a portal user reaches over JSON-RPC with its own session, beside the
portal pages: the writes on its leads."""

from datetime import date, timedelta

from odoo.tests import tagged
from odoo.tests.common import JsonRpcException

from .portal_common import PortalCommon

SECRET = "Confidential-A-4410"


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
