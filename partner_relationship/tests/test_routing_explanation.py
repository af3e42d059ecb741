# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.base.tests.common import new_test_user

from ..models.prm_lead_assignment import SCORE_FACTORS
from .common import prm_in_taiwan
from .lead_routing_common import LeadRoutingCommon


@tagged("post_install", "-at_install")
class TestRoutingExplanation(LeadRoutingCommon):
    """The channel manager sees why a lead went to a partner, takes it back
    with a reason, and forwards it by hand through one set of checks."""

    prm_freeze_time = "2027-05-03 09:00:00"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = new_test_user(
            cls.env,
            login="prm_routing_salesperson",
            groups="base.group_user,sales_team.group_sale_salesman",
        )

    def _explained(self, lead):
        offer = lead.prm_assignment_ids[:1]
        return offer, offer.score_factors

    # The score, factor by factor ------------------------------------------------

    def test_breakdown_adds_up_to_the_score_of_the_chosen_partner(self):
        """A (Gold, weight 30) is in New York and had a lead this week; B
        (Silver, weight 10) is in Boston. For a lead in Providence, distance
        and fairness outweigh A's tier: B wins, and the explanation says so
        factor by factor."""
        self.partner_a.write(
            {
                "partner_latitude": 40.71,
                "partner_longitude": -74.01,
                "lead_capacity": 5,
            }
        )
        self.partner_b.write({"partner_latitude": 42.36, "partner_longitude": -71.06})
        earlier = self._lead("Earlier lead")
        self.env["prm.lead.assignment"].create(
            {
                "lead_id": earlier.id,
                "partner_id": self.partner_a.id,
                "state": "declined",
                "date_offered": fields.Datetime.now() - timedelta(days=2),
            }
        )
        lead = self._lead(partner_latitude=41.82, partner_longitude=-71.41)
        self.Router._route(lead)
        offer, factors = self._explained(lead)
        self.assertEqual(lead.partner_assigned_id, self.partner_b)
        chosen, other = factors["candidates"]
        self.assertEqual(chosen["partner_id"], self.partner_b.id)
        self.assertEqual(other["partner_id"], self.partner_a.id)
        self.assertAlmostEqual(chosen["total"], offer.score, places=9)
        self.assertGreater(chosen["total"], other["total"])
        for candidate in factors["candidates"]:
            self.assertEqual(set(candidate["points"]), set(SCORE_FACTORS))
            self.assertAlmostEqual(
                sum(candidate["points"].values()), candidate["total"], places=9
            )
        # Distinct factors: A's tier gives it more points, distance and its
        # recent offer take more away.
        self.assertEqual(other["points"]["weight"], 30)
        self.assertEqual(chosen["points"]["weight"], 10)
        self.assertLess(other["points"]["distance"], chosen["points"]["distance"])
        self.assertLess(other["points"]["fairness"], chosen["points"]["fairness"])
        self.assertEqual(other["offered"], 1)
        self.assertEqual((other["held"], other["capacity"]), (0, 5))
        self.assertGreater(other["km"], chosen["km"])
        self.assertFalse(factors["tied"])
        # Shown on the offer and on the lead, the chosen partner first.
        html = lead.with_user(self.channel_manager).prm_routing_explanation
        self.assertEqual(html, offer.score_explanation)
        for header in (
            "Tier Weight",
            "Distance",
            "Capacity",
            "Specialization",
            "Fairness",
            "Score",
        ):
            self.assertIn(f"<th>{header}</th>", html)
        self.assertLess(html.index("Partner B GmbH"), html.index("Partner A Ltd"))
        self.assertIn(f"{chosen['total']:.2f}", html)
        self.assertIn("0 of 5 leads", html)
        self.assertIn("1 recent offer(s)", html)
        self.assertNotIn("Tie:", html)

    def test_tie_explains_the_tie_break(self):
        """A and B are both Gold with nothing else between them: the router
        gives the lead to the partner recorded first and says so."""
        self.partner_b.grade_id = self.tier_gold
        lead = self._lead()
        self.Router._route(lead)
        first = min(self.partner_a, self.partner_b, key=lambda partner: partner.id)
        self.assertEqual(lead.partner_assigned_id, first)
        offer, factors = self._explained(lead)
        self.assertEqual(factors["tied"], sorted((self.partner_a | self.partner_b).ids))
        self.assertEqual(
            factors["candidates"][0]["total"], factors["candidates"][1]["total"]
        )
        self.assertIn(
            "Ties go to the partner recorded first in the partner network "
            f"(the lowest ID): {first.name}.",
            offer.score_explanation,
        )

    def test_protected_and_manual_offers_explain_themselves(self):
        lead = self._lead()
        lead.with_user(self.channel_manager)._prm_forward(
            self.partner_b, fields.Datetime.now() + timedelta(hours=4), "Met at fair"
        )
        explanation = lead.prm_assignment_ids.score_explanation
        self.assertIn("Forwarded by hand by", explanation)
        self.assertIn("Met at fair", explanation)

    def test_explanation_of_another_partners_offer_is_not_shown(self):
        """The lead's explanation is its last offer's: a partner manager who
        may not read that offer (to a partner he does not manage) does not
        read it through the lead either."""
        lead = self._lead()
        lead.with_user(self.channel_manager)._prm_forward(
            self.partner_b, fields.Datetime.now() + timedelta(hours=4), "Met at fair"
        )
        self.assertIn(
            "Met at fair", lead.with_user(self.channel_manager).prm_routing_explanation
        )
        self.assertIn(
            "Met at fair",
            lead.with_user(self.other_partner_manager).prm_routing_explanation,
        )
        lead.invalidate_recordset()
        self.assertFalse(lead.with_user(self.partner_manager).prm_routing_explanation)

    # Recall with a reason ---------------------------------------------------------

    def test_recall_needs_a_reason_recorded_on_the_offer_and_in_the_chatter(self):
        lead = self._lead()
        self.Router._route(lead)
        partner = lead.partner_assigned_id
        Wizard = self.env["prm.lead.recall.wizard"].with_user(self.channel_manager)
        for empty in (None, "", "   "):
            with self.assertRaisesRegex(UserError, "Reason: say why"):
                lead.with_user(self.channel_manager).action_prm_recall(empty)
        self.assertEqual(lead.partner_assigned_id, partner)
        self.assertEqual(lead.prm_offer_state, "offered")
        wizard = Wizard.with_context(
            active_model="crm.lead", active_ids=lead.ids
        ).create({"reason": "The customer asked for a local installer."})
        self.assertEqual(wizard.lead_ids, lead)
        with self.assertRaisesRegex(AccessError, "Recall leads from a partner"):
            wizard.with_user(self.salesperson).action_recall()
        self.assertEqual(lead.partner_assigned_id, partner)
        wizard.action_recall()
        recalled = lead.prm_assignment_ids.filtered(
            lambda offer: offer.partner_id == partner
        )
        self.assertEqual(recalled.state, "recalled")
        self.assertEqual(recalled.reason, "The customer asked for a local installer.")
        self.assertIn(partner, lead.partner_declined_ids)
        self.assertIn(
            f"Recalled from {partner.name} by {self.channel_manager.name}: "
            "The customer asked for a local installer.",
            " ".join(lead.message_ids.mapped("body")),
        )

    def test_recall_reason_has_a_maximum_length(self):
        """The reason, kept in the chatter and on the offer and sent to a
        connected partner, is at most 500 characters (as the portal's
        decline), whatever the way in: the method (a button or RPC) and the
        wizard of a partner manager are refused before anything is
        written."""
        lead = self._lead(user_id=self.partner_manager.id)
        self.Router._route(lead)
        partner = lead.partner_assigned_id
        messages = lead.message_ids
        too_long = "x" * 501
        manager_lead = lead.with_user(self.partner_manager)
        with self.assertRaisesRegex(
            ValidationError, r"at most 500 characters \(this one has 501\)"
        ):
            manager_lead.action_prm_recall(too_long)
        wizard = (
            self.env["prm.lead.recall.wizard"]
            .with_user(self.partner_manager)
            .with_context(active_model="crm.lead", active_ids=lead.ids)
            .create({"reason": too_long})
        )
        with self.assertRaisesRegex(ValidationError, "at most 500 characters"):
            wizard.action_recall()
        self.assertEqual(lead.partner_assigned_id, partner)
        self.assertEqual(lead.prm_offer_state, "offered")
        self.assertEqual(lead.prm_assignment_ids.mapped("state"), ["offered"])
        self.assertEqual(lead.message_ids, messages)
        # 500 characters (the spaces around them not counted) are kept whole.
        manager_lead.action_prm_recall(f"  {'y' * 500}  ")
        recalled = lead.prm_assignment_ids.filtered(
            lambda offer: offer.partner_id == partner
        )
        self.assertEqual((recalled.state, recalled.reason), ("recalled", "y" * 500))

    # One forward action ---------------------------------------------------------

    def _odoo_forward(self, user, leads, partner):
        return (
            self.env["crm.lead.forward.to.partner"]
            .with_user(user)
            .with_context(active_ids=leads.ids, active_model="crm.lead")
            .create({"forward_type": "single", "partner_id": partner.id})
        )

    def test_odoo_forward_goes_through_the_suites_checks(self):
        """Odoo's "Forward to partner" is not offered on leads any more, and
        called anyway it obeys the suite's forward: its role, the deal
        protection, and it makes an offer with the tier's deadline."""
        mass_forward = self.env.ref(
            "website_crm_partner_assign.action_crm_send_mass_forward"
        )
        self.assertFalse(mass_forward.binding_model_id)
        self.assertTrue(
            self.env.ref(
                "partner_relationship.prm_lead_forward_wizard_action"
            ).binding_model_id
        )
        lead = self._lead(user_id=False, company_id=self.env.company.id)
        self.partner_b.email = "sales@partner-b.example.com"
        with self.assertRaisesRegex(AccessError, "Forward leads to a partner"):
            self._odoo_forward(self.salesperson, lead, self.partner_b).action_forward()
        self.assertFalse(lead.partner_assigned_id)
        self._odoo_forward(self.channel_manager, lead, self.partner_b).action_forward()
        self.assertEqual(lead.partner_assigned_id, self.partner_b)
        self.assertEqual(lead.prm_offer_state, "offered")
        offer = lead.prm_assignment_ids
        self.assertEqual((offer.origin, offer.state), ("manual", "offered"))
        self.assertEqual(offer.deadline, lead.prm_acceptance_deadline)

    def test_forward_respects_deal_protection(self):
        self.tier_gold.deal_protection_days = 60
        registration = self._register(self.portal_user_a, self.partner_a)
        registration.with_user(self.channel_manager).action_approve()
        self.assertEqual(registration.state, "approved")
        lead = self._lead("Second site", email_from="cfo@harborfreight.example.com")
        deadline = fields.Datetime.now() + timedelta(hours=8)
        suite = (
            self.env["prm.lead.forward.wizard"]
            .with_user(self.channel_manager)
            .with_context(active_model="crm.lead", active_ids=lead.ids)
            .create({"partner_id": self.partner_b.id, "deadline": deadline})
        )
        with self.assertRaisesRegex(UserError, registration.name):
            suite.action_forward()
        self.partner_b.email = "sales@partner-b.example.com"
        with self.assertRaisesRegex(UserError, "protected by another partner"):
            self._odoo_forward(
                self.channel_manager, lead, self.partner_b
            ).action_forward()
        self.assertFalse(lead.partner_assigned_id)
        suite.partner_id = self.partner_a
        suite.deadline = deadline
        suite.action_forward()
        self.assertEqual(lead.partner_assigned_id, self.partner_a)

    # The lists --------------------------------------------------------------------

    def test_lists_show_partner_and_deadline(self):
        Lead = self.env["crm.lead"].with_user(self.channel_manager)
        for view in (
            "crm.crm_case_tree_view_leads",
            "crm.crm_case_tree_view_oppor",
        ):
            arch = Lead.get_view(self.env.ref(view).id, "list")["arch"]
            columns = [
                field.get("name")
                for field in etree.fromstring(arch).iter("field")
                if field.get("column_invisible") not in ("True", "1")
                and field.get("optional") != "hide"
            ]
            with self.subTest(view=view):
                self.assertIn("partner_assigned_id", columns)
                self.assertIn("prm_acceptance_deadline", columns)
        action = self.env.ref("partner_relationship.crm_lead_action_partner_pipeline")
        list_view = action.view_ids.filtered(
            lambda view: view.view_mode == "list"
        ).view_id
        arch = etree.fromstring(Lead.get_view(list_view.id, "list")["arch"])
        self.assertEqual(
            arch.xpath("//field[@name='partner_assigned_id']")[0].get("string"),
            "Partner",
        )


TestRoutingExplanationTaiwan = prm_in_taiwan(TestRoutingExplanation)
