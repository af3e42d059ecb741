# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import prm_in_taiwan
from .lead_routing_common import LeadRoutingCommon


@tagged("post_install", "-at_install")
class TestLeadRouting(LeadRoutingCommon):
    def test_rule_without_criteria_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "has no criteria"):
            self.env["prm.routing.rule"].create({"name": "Everything"})
        with self.assertRaisesRegex(ValidationError, "below the lower limit"):
            self.env["prm.routing.rule"].create(
                {"name": "Band", "revenue_min": 5000, "revenue_max": 1000}
            )

    @freeze_time("2027-01-04 09:00:00")
    def test_lead_goes_to_best_partner_with_reasons(self):
        lead = self._lead()
        result = self.Router._route(lead)
        self.assertEqual(result, {"routed": 1, "unassigned": 0, "skipped": 0})
        self.assertEqual(lead.partner_assigned_id, self.partner_a)
        self.assertEqual(lead.prm_offer_state, "offered")
        # Gold tier: 24 hours to answer.
        self.assertEqual(
            lead.prm_acceptance_deadline,
            fields.Datetime.now() + timedelta(hours=24),
        )
        offer = lead.prm_assignment_ids
        self.assertEqual(offer.rule_id, self.rule_us)
        self.assertEqual(offer.score, 30.0)
        self.assertIn("Partner B GmbH (10.00)", offer.alternatives)
        self.assertNotIn("Partner C", offer.alternatives)
        # Routing a lead already held by a partner does nothing.
        self.assertEqual(self.Router._route(lead)["skipped"], 1)
        self.assertEqual(len(lead.prm_assignment_ids), 1)

    def test_weighted_round_robin(self):
        """Gold (weight 30) gets three leads for every Silver (weight 10)."""
        leads = self._leads(8)
        self.Router._route(leads)
        counts = {
            partner: len(
                leads.filtered(lambda lead, p=partner: lead.partner_assigned_id == p)
            )
            for partner in (self.partner_a, self.partner_b)
        }
        self.assertEqual(counts, {self.partner_a: 6, self.partner_b: 2})

    def test_fairness_window(self):
        """Offers in the rule's fairness window count in the load; older do not."""
        Assignment = self.env["prm.lead.assignment"]
        old = self._lead("Old offer")
        Assignment.create(
            [
                {
                    "lead_id": old.id,
                    "partner_id": self.partner_a.id,
                    "state": "accepted",
                    "date_offered": fields.Datetime.now() - timedelta(days=days),
                }
                for days in (1, 2, 3, 4, 40)
            ]
        )
        # A: 30 / (1 + 4 recent offers) = 6 < B: 10.
        lead = self._lead()
        self.Router._route(lead)
        self.assertEqual(lead.partner_assigned_id, self.partner_b)
        self.rule_us.fairness_days = 1
        # The window now holds 1 offer of A (30 / 2) and 1 of B (10 / 2).
        lead = self._lead()
        self.Router._route(lead)
        self.assertEqual(lead.partner_assigned_id, self.partner_a)

    def test_capacity(self):
        self.partner_a.lead_capacity = 2
        self._lead("Already held", partner_assigned_id=self.partner_a.id)
        leads = self._leads(3)
        self.Router._route(leads)
        self.assertEqual(
            len(
                leads.filtered(lambda lead: lead.partner_assigned_id == self.partner_a)
            ),
            1,
        )
        self.assertEqual(
            len(
                leads.filtered(lambda lead: lead.partner_assigned_id == self.partner_b)
            ),
            2,
        )

    def test_declined_partner_never_gets_the_lead_again(self):
        lead = self._lead()
        self.Router._route(lead)
        self.assertEqual(lead.partner_assigned_id, self.partner_a)
        lead.with_user(self.portal_user_a).action_prm_decline("Not our market")
        self.assertEqual(lead.partner_assigned_id, self.partner_b)
        lead.with_user(self.portal_user_b).action_prm_decline("Too small")
        self.assertFalse(lead.partner_assigned_id)
        self.assertIn("2 declined it", lead.prm_routing_note)
        self.assertIn(self.unavailable_tag, lead.tag_ids)
        self.assertEqual(lead.partner_declined_ids, self.partner_a | self.partner_b)

    def test_specialization_and_territory(self):
        networking = self._lead(
            "Taipei switches",
            country=self.tw,
            prm_product_category_ids=[(6, 0, self.networking.ids)],
        )
        storage = self._lead(
            "Taipei storage",
            country=self.tw,
            prm_product_category_ids=[(6, 0, self.storage.ids)],
        )
        german = self._lead("Berlin", country=self.de)
        self.Router._route(networking | storage | german)
        self.assertEqual(networking.partner_assigned_id, self.partner_c)
        self.assertFalse(storage.partner_assigned_id)
        self.assertIn(
            "Taiwan networking: no eligible partner", storage.prm_routing_note
        )
        self.assertFalse(german.partner_assigned_id)
        self.assertEqual(german.prm_routing_note, "No routing rule matches this lead.")
        self.assertIn(self.unavailable_tag, german.tag_ids)

    def test_each_lead_criterion(self):
        """Rules on state, ZIP, category, tag, revenue, language and team."""
        Rule = self.env["prm.routing.rule"]
        self.rule_us.active = False
        california = self.env.ref("base.state_us_5")
        tag = self.env["crm.tag"].create({"name": "Hot"})
        team = self.env["crm.team"].create({"name": "Channel team"})
        french = self.env["res.lang"]._activate_lang("fr_FR")
        criteria = {
            "state": ({"state_ids": california.ids}, {"state_id": california.id}),
            "zip": ({"zip_prefixes": "021, 022"}, {"zip": "02111"}),
            "category": (
                {"category_ids": self.storage.ids},
                {"prm_product_category_ids": [(6, 0, self.storage.ids)]},
            ),
            "tag": ({"tag_ids": tag.ids}, {"tag_ids": [(6, 0, tag.ids)]}),
            "revenue": (
                {"revenue_min": 10000, "revenue_max": 50000},
                {"expected_revenue": 20000},
            ),
            "lang": ({"lang_ids": french.ids}, {"lang_id": french.id}),
            "team": ({"team_id": team.id}, {"team_id": team.id}),
        }
        for name, (rule_vals, lead_vals) in criteria.items():
            with self.subTest(criterion=name):
                rule = Rule.create(
                    {"name": name, "grade_ids": self.tier_silver.ids, **rule_vals}
                )
                matching = self._lead(f"{name} match", **lead_vals)
                other = self._lead(f"{name} other", zip="99999", expected_revenue=90000)
                self.Router._route(matching | other)
                self.assertEqual(matching.partner_assigned_id, self.partner_b)
                self.assertEqual(matching.prm_assignment_ids.rule_id, rule)
                self.assertFalse(other.partner_assigned_id)
                rule.active = False

    def test_distance_and_maximum_distance(self):
        self.rule_us.write({"max_distance_km": 500})
        self.partner_b.grade_id = self.tier_gold
        # A in Boston, B in New York; the lead is in Providence.
        self.partner_a.write({"partner_latitude": 42.36, "partner_longitude": -71.06})
        self.partner_b.write({"partner_latitude": 40.71, "partner_longitude": -74.01})
        near_boston = self._lead(partner_latitude=41.82, partner_longitude=-71.41)
        self.Router._route(near_boston)
        self.assertEqual(near_boston.partner_assigned_id, self.partner_a)
        # In Los Angeles, both are more than 500 km away.
        far = self._lead(partner_latitude=34.05, partner_longitude=-118.24)
        self.Router._route(far)
        self.assertFalse(far.partner_assigned_id)
        self.assertIn("2 too far", far.prm_routing_note)

    def test_expired_agreement_blocks_routing(self):
        self._create_agreement(
            self.partner_a, "2020-01-01", "2020-12-31", state="expired"
        )
        lead = self._lead()
        self.Router._route(lead)
        self.assertEqual(lead.partner_assigned_id, self.partner_b)

    def test_queries_do_not_grow_with_leads(self):
        def queries_to_route(count):
            leads = self._leads(count)
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.Router._route(leads)
            return self.env.cr.sql_log_count - before

        few, many = queries_to_route(5), queries_to_route(60)
        self.assertLessEqual(many, few + 2)

    def test_schedule_and_wizard_route_only_unassigned_leads(self):
        waiting = self._lead("Waiting")
        own = self._lead("Worked by our sales", type="opportunity")
        held = self._lead("Held", partner_assigned_id=self.partner_b.id)
        wizard = (
            self.env["prm.lead.routing.wizard"]
            .with_user(self.channel_manager)
            .create({})
        )
        self.assertEqual(wizard.lead_count, 1)
        wizard.action_route()
        self.assertEqual(waiting.partner_assigned_id, self.partner_a)
        self.assertFalse(own.partner_assigned_id)
        self.assertFalse(held.prm_assignment_ids)

    def test_manual_forward(self):
        lead = self._lead()
        Wizard = self.env["prm.lead.forward.wizard"].with_user(self.channel_manager)
        wizard = Wizard.with_context(
            active_model="crm.lead", active_ids=lead.ids
        ).create({"partner_id": self.partner_b.id})
        wizard.deadline = fields.Datetime.now() - timedelta(hours=1)
        with self.assertRaisesRegex(ValidationError, "in the past"):
            wizard.action_forward()
        self.assertFalse(lead.partner_assigned_id)
        wizard.deadline = fields.Datetime.now() + timedelta(hours=5)
        wizard.action_forward()
        self.assertEqual(lead.partner_assigned_id, self.partner_b)
        self.assertEqual(lead.prm_assignment_ids.origin, "manual")
        with self.assertRaisesRegex(UserError, "recall them first"):
            lead._prm_offer(self.partner_a, fields.Datetime.now() + timedelta(hours=5))

    def test_offers_are_notified_once_per_partner(self):
        leads = self._leads(4)
        self.Router._route(leads)
        mails = self.env["mail.mail"].search([("subject", "like", "New leads for")])
        self._prm_cron("prm.lead.assignment")._cron_notify_offers()
        new = (
            self.env["mail.mail"].search([("subject", "like", "New leads for")]) - mails
        )
        self.assertEqual(
            sorted(new.mapped("subject")),
            ["New leads for Partner A Ltd", "New leads for Partner B GmbH"],
        )
        self.assertIn(
            f"/my/lead/{leads[0].id}",
            new.filtered(lambda m: "Partner A" in m.subject).body_html,
        )
        self._prm_cron("prm.lead.assignment")._cron_notify_offers()
        self.assertFalse(
            self.env["mail.mail"].search([("subject", "like", "New leads for")])
            - mails
            - new
        )


TestLeadRoutingTaiwan = prm_in_taiwan(TestLeadRouting)
