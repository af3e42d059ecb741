# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import PartnerRelationshipCommon, prm_in_taiwan


@tagged("post_install", "-at_install")
class TestServiceRequests(PartnerRelationshipCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tier_gold.service_resolution_hours = 8
        cls.partner_a.grade_id = cls.tier_gold
        cls.partner_b.grade_id = cls.tier_silver
        Team = cls.env["helpdesk.ticket.team"]
        cls.team_hardware = Team.create({"name": "Hardware"})
        cls.team_premium = Team.create({"name": "Premium hardware"})
        cls.category_hardware = cls.env["helpdesk.ticket.category"].create(
            {"name": "Hardware fault"}
        )
        Route = cls.env["prm.service.route"]
        Route.create(
            {
                "sequence": 1,
                "category_id": cls.category_hardware.id,
                "grade_ids": cls.tier_gold.ids,
                "team_id": cls.team_premium.id,
            }
        )
        Route.create(
            {
                "sequence": 2,
                "category_id": cls.category_hardware.id,
                "team_id": cls.team_hardware.id,
            }
        )
        if cls.prm_company != cls.company_main:
            # The main company routes the same category to its own team first.
            Route.create(
                {
                    "sequence": 0,
                    "category_id": cls.category_hardware.id,
                    "team_id": Team.create(
                        {"name": "Main hardware", "company_id": cls.company_main.id}
                    ).id,
                }
            )
        cls.end_customer = cls.env["res.partner"].create(
            {"name": "Dental Clinic", "end_customer_of_id": cls.partner_a.id}
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "B's customer", "end_customer_of_id": cls.partner_b.id}
        )
        cls.portal_user_b = cls.env["res.users"].create(
            {
                "name": "Bob of B",
                "login": "prm_portal_b_service",
                "groups_id": [(6, 0, cls.env.ref("base.group_portal").ids)],
                "partner_id": cls.env["res.partner"]
                .create({"name": "Bob of B", "parent_id": cls.partner_b.id})
                .id,
            }
        )
        cls.Ticket = cls.env["helpdesk.ticket"]

    def _open(self, user, partner, **values):
        return self.Ticket.with_user(user)._prm_partner_open_request(
            partner,
            {
                "name": "Router reboots",
                "description": "<p>The router reboots every hour.</p>",
                "category_id": self.category_hardware.id,
                **values,
            },
        )

    @freeze_time("2027-03-01 09:00:00")
    def test_request_for_end_customer_routed_by_category_and_tier(self):
        ticket = self._open(
            self.portal_user_a, self.partner_a, end_customer_id=self.end_customer.id
        )
        self.assertEqual(ticket.prm_partner_id, self.partner_a)
        self.assertEqual(ticket.end_customer_id, self.end_customer)
        self.assertEqual(ticket.partner_id, self.partner_a_contact)
        self.assertEqual(ticket.team_id, self.team_premium)
        self.assertEqual(ticket.prm_grade_id, self.tier_gold)
        self.assertEqual(ticket.prm_sla_deadline, datetime(2027, 3, 1, 17, 0))
        # Silver partners go to the general hardware team, 72 hours SLA.
        silver = self._open(self.portal_user_b, self.partner_b)
        self.assertEqual(silver.team_id, self.team_hardware)
        self.assertEqual(silver.prm_sla_deadline, datetime(2027, 3, 4, 9, 0))
        # A team chosen by the vendor is kept; the SLA still applies.
        by_vendor = self.Ticket.create(
            {
                "name": "Phoned in",
                "description": "<p>Call</p>",
                "partner_id": self.partner_a_contact.id,
                "category_id": self.category_hardware.id,
                "team_id": self.team_hardware.id,
            }
        )
        self.assertEqual(by_vendor.team_id, self.team_hardware)
        self.assertEqual(by_vendor.prm_sla_deadline, datetime(2027, 3, 1, 17, 0))

    def test_partner_follows_and_replies(self):
        ticket = self._open(self.portal_user_a, self.partner_a)
        # The partner's user reads its request through Odoo's portal rules.
        self.assertEqual(ticket.with_user(self.portal_user_a).stage_id, ticket.stage_id)
        ticket.with_user(self.portal_user_a)._prm_partner_reply("Still rebooting.")
        self.assertEqual(ticket.message_ids[0].author_id, self.partner_a_contact)
        with self.assertRaises(AccessError):
            ticket.with_user(self.portal_user_b).read(["name"])
        with self.assertRaises(AccessError):
            ticket.with_user(self.portal_user_b)._prm_partner_reply("Hello")

    def test_bad_requests(self):
        count = self.Ticket.search_count([])
        with self.assertRaisesRegex(UserError, "choose one of your own customers"):
            self._open(
                self.portal_user_a,
                self.partner_a,
                end_customer_id=self.other_customer.id,
            )
        with self.assertRaisesRegex(ValidationError, "Title"):
            self._open(self.portal_user_a, self.partner_a, name=" ")
        with self.assertRaises(AccessError):
            self._open(self.portal_user_a, self.partner_b)
        product = self.env["product.product"].create({"name": "Switch"})
        other = self.env["product.product"].create({"name": "Other"})
        lot = self.env["stock.lot"].create({"name": "SN-1", "product_id": other.id})
        with self.assertRaisesRegex(ValidationError, "not a serial of"):
            with self.env.cr.savepoint():
                self._open(
                    self.portal_user_a,
                    self.partner_a,
                    product_id=product.id,
                    lot_id=lot.id,
                )
        # Forged fields are ignored.
        ticket = self._open(
            self.portal_user_a,
            self.partner_a,
            team_id=self.team_hardware.id,
            prm_sla_deadline="2099-01-01 00:00:00",
            user_id=self.env.user.id,
        )
        self.assertEqual(ticket.team_id, self.team_premium)
        self.assertFalse(ticket.user_id)
        self.assertEqual(self.Ticket.search_count([]), count + 1)

    def test_sla_compliance(self):
        closed_stage = self.env["helpdesk.ticket.stage"].search(
            [("closed", "=", True)], limit=1
        )
        with freeze_time("2027-03-01 09:00:00"):
            on_time = self._open(self.portal_user_a, self.partner_a)
            late = self._open(self.portal_user_a, self.partner_a)
        with freeze_time("2027-03-01 15:00:00"):
            on_time.stage_id = closed_stage
        with freeze_time("2027-03-02 09:00:00"):
            late.stage_id = closed_stage
        self.assertTrue(on_time.prm_sla_met)
        self.assertFalse(late.prm_sla_met)
        groups = self.Ticket._read_group(
            [("id", "in", (on_time | late).ids)], ["prm_sla_met"], ["__count"]
        )
        self.assertEqual(dict(groups), {True: 1, False: 1})


TestServiceRequestsTaiwan = prm_in_taiwan(TestServiceRequests)
