# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.base.tests.common import new_test_user

from ..models.prm_lead_assignment import SCORE_FACTORS
from .lead_routing_common import LeadRoutingCommon


@tagged("post_install", "-at_install")
class TestRoutingFactors(LeadRoutingCommon):
    """Spare capacity and a specialization in the lead's products are points
    of the routing score, by the rule's percentages; a lead whose customer
    another partner protects goes to no one else, whatever the way in."""

    prm_freeze_time = "2027-05-03 09:00:00"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Two Gold partners with nothing else between them: without the new
        # factors the one recorded first (`first`) wins the tie.
        cls.partner_b.grade_id = cls.tier_gold
        cls.first, cls.second = sorted(
            cls.partner_a | cls.partner_b, key=lambda partner: partner.id
        )

    def _route(self, **values):
        lead = self._lead(**values)
        self.Router._route(lead)
        offer = lead.prm_assignment_ids
        return (
            lead,
            offer,
            {
                candidate["partner_id"]: candidate
                for candidate in offer.score_factors["candidates"]
            },
        )

    def _assert_points_add_up(self, candidates):
        for candidate in candidates.values():
            self.assertEqual(set(candidate["points"]), set(SCORE_FACTORS))
            self.assertAlmostEqual(
                sum(candidate["points"].values()), candidate["total"], places=9
            )

    def test_new_rules_prefer_capacity_and_specialists(self):
        rule = self.env["prm.routing.rule"].create(
            {"name": "Germany", "country_ids": self.de.ids}
        )
        self.assertEqual((rule.capacity_weight, rule.specialization_bonus), (20, 20))

    def test_specialist_beats_an_equal_partner_by_the_bonus(self):
        self.second.specialization_ids = self.networking
        self.assertEqual(self.rule_us.specialization_bonus, 20)
        lead, offer, candidates = self._route(
            prm_product_category_ids=[(6, 0, self.networking.ids)]
        )
        self.assertEqual(lead.partner_assigned_id, self.second)
        chosen, other = candidates[self.second.id], candidates[self.first.id]
        self.assertAlmostEqual(offer.score, 36.0)
        self.assertAlmostEqual(chosen["points"]["specialization"], 6.0)
        self.assertEqual(other["points"]["specialization"], 0.0)
        self.assertAlmostEqual(other["total"], 30.0)
        self.assertFalse(offer.score_factors["tied"])
        self._assert_points_add_up(candidates)
        html = offer.score_explanation
        self.assertIn("specialized (+20 %)", html)
        self.assertIn("+6.00", html)
        self.assertIn("36.00", html)
        # A lead of another category: no bonus.
        lead, offer, candidates = self._route(
            prm_product_category_ids=[(6, 0, self.storage.ids)]
        )
        for candidate in candidates.values():
            self.assertFalse(candidate["specialized"])
            self.assertEqual(candidate["points"]["specialization"], 0.0)

    def test_no_bonus_when_the_rule_requires_the_specialization(self):
        """Every candidate of such a rule is specialized: no bonus, the tie
        is broken as before."""
        (self.first | self.second).specialization_ids = self.networking
        self.rule_us.require_specialization = True
        lead, offer, candidates = self._route(
            prm_product_category_ids=[(6, 0, self.networking.ids)]
        )
        self.assertEqual(lead.partner_assigned_id, self.first)
        self.assertAlmostEqual(offer.score, 30.0)
        self.assertIn("specialized (required)", offer.score_explanation)
        self.assertIn("Tie:", offer.score_explanation)

    def test_more_spare_capacity_beats_an_equal_partner(self):
        """Both can hold 10 leads; the first holds 5 already (not offered
        recently: fairness is the same for both)."""
        (self.first | self.second).lead_capacity = 10
        self._leads(5, partner_assigned_id=self.first.id)
        lead, offer, candidates = self._route()
        self.assertEqual(lead.partner_assigned_id, self.second)
        chosen, other = candidates[self.second.id], candidates[self.first.id]
        # 30 x (1 + 20 % x 10/10) against 30 x (1 + 20 % x 5/10).
        self.assertAlmostEqual(chosen["total"], 36.0)
        self.assertAlmostEqual(other["total"], 33.0)
        self.assertAlmostEqual(chosen["points"]["capacity"], 6.0)
        self.assertAlmostEqual(other["points"]["capacity"], 3.0)
        self._assert_points_add_up(candidates)
        html = offer.score_explanation
        self.assertIn("0 of 10 leads, 100 % free", html)
        self.assertIn("5 of 10 leads, 50 % free", html)
        # A partner without a capacity gets no capacity points.
        self.second.lead_capacity = 0
        lead, offer, candidates = self._route()
        self.assertEqual(lead.partner_assigned_id, self.first)
        self.assertEqual(candidates[self.second.id]["points"]["capacity"], 0.0)

    def test_points_of_every_factor_add_up_to_the_score(self):
        """Distance, capacity, specialization and fairness all count for
        both partners; each factor's points and the total are shown."""
        self.rule_us.write({"capacity_weight": 50, "specialization_bonus": 35})
        self.first.write(
            {
                "partner_latitude": 40.71,
                "partner_longitude": -74.01,
                "lead_capacity": 4,
                "specialization_ids": [(6, 0, self.networking.ids)],
            }
        )
        self.second.write(
            {
                "partner_latitude": 42.36,
                "partner_longitude": -71.06,
                "lead_capacity": 8,
                "specialization_ids": [(6, 0, self.networking.ids)],
            }
        )
        self._leads(1, partner_assigned_id=self.first.id)
        self.env["prm.lead.assignment"].create(
            {
                "lead_id": self._lead("Earlier").id,
                "partner_id": self.second.id,
                "state": "declined",
                "date_offered": fields.Datetime.now() - timedelta(days=3),
            }
        )
        lead, offer, candidates = self._route(
            partner_latitude=41.82,
            partner_longitude=-71.41,
            prm_product_category_ids=[(6, 0, self.networking.ids)],
        )
        self._assert_points_add_up(candidates)
        for candidate in candidates.values():
            points = candidate["points"]
            self.assertEqual(points["weight"], 30)
            self.assertLess(points["distance"], 0)
            self.assertGreater(points["capacity"], 0)
            self.assertGreater(points["specialization"], 0)
            near = points["weight"] + points["distance"]
            spare = (candidate["capacity"] - candidate["held"]) / candidate["capacity"]
            self.assertAlmostEqual(points["capacity"], near * 0.5 * spare)
            self.assertAlmostEqual(
                points["specialization"], (near + points["capacity"]) * 0.35
            )
        self.assertLess(candidates[self.second.id]["points"]["fairness"], 0)
        self.assertEqual(candidates[self.first.id]["points"]["fairness"], 0)
        chosen = offer.score_factors["candidates"][0]
        self.assertEqual(lead.partner_assigned_id.id, chosen["partner_id"])
        self.assertAlmostEqual(offer.score, chosen["total"], places=9)
        html = lead.with_user(self.channel_manager).prm_routing_explanation
        for candidate in candidates.values():
            for factor in SCORE_FACTORS:
                self.assertIn(f"{candidate['points'][factor]:+.2f}", html)
        self.assertIn("specialized (+35 %)", html)
        self.assertIn("raised for spare capacity", html)

    def test_zero_percentages_score_as_before(self):
        """A rule at 0 % (an existing rule after the upgrade) scores the tier
        weight alone, whatever the capacity and specializations."""
        self.rule_us.write({"capacity_weight": 0, "specialization_bonus": 0})
        self.second.write(
            {"lead_capacity": 10, "specialization_ids": [(6, 0, self.networking.ids)]}
        )
        lead, offer, candidates = self._route(
            prm_product_category_ids=[(6, 0, self.networking.ids)]
        )
        self.assertEqual(lead.partner_assigned_id, self.first)
        self.assertEqual(offer.score, 30.0)
        for candidate in candidates.values():
            self.assertEqual(candidate["points"]["capacity"], 0.0)
            self.assertEqual(candidate["points"]["specialization"], 0.0)
        self.assertEqual(len(offer.score_factors["tied"]), 2)
        self.assertIn("0 of 10 leads<", offer.score_explanation)
        self.assertIn("specialized<", offer.score_explanation)

    def test_percentages_are_checked(self):
        for field, label in (
            ("capacity_weight", "Capacity Preference"),
            ("specialization_bonus", "Specialization Bonus"),
        ):
            for value in (-1, 1000.5):
                with self.subTest(field=field, value=value):
                    with self.assertRaises(ValidationError) as caught:
                        self.rule_us.write({field: value})
                    self.assertIn(
                        f"{label} (%): {value:.1f} is outside 0 to 1000 in "
                        "United States.",
                        str(caught.exception),
                    )
            self.rule_us.write({field: 1000})
            self.assertEqual(self.rule_us[field], 1000)

    def test_upgrade_keeps_existing_rules_as_they_were(self):
        self.assertEqual(self.rule_us.capacity_weight, 20)
        self._prm_migrate("18.0.1.7.0", "18.0.1.6.0", script="post-routing.py")
        for rule in self.rule_us | self.rule_tw:
            self.assertEqual((rule.capacity_weight, rule.specialization_bonus), (0, 0))

    # Deal protection, whatever the way in -------------------------------------------

    def test_assigned_partner_by_hand_respects_deal_protection(self):
        """Partner A's approved registration protects Harbor Freight: setting
        the Assigned Partner of the customer's new lead to B (form or RPC:
        a write) is refused with the registration, as the forward is; A is
        accepted. A salesperson may not set the field at all."""
        self.tier_gold.deal_protection_days = 60
        registration = self._register(self.portal_user_a, self.partner_a)
        registration.with_user(self.channel_manager).action_approve()
        self.assertEqual(registration.state, "approved")
        salesperson = new_test_user(
            self.env,
            login="prm_factors_salesperson",
            groups="base.group_user,sales_team.group_sale_salesman_all_leads",
        )
        lead = self._lead(
            "Second site",
            email_from="cfo@harborfreight.example.com",
            user_id=self.partner_manager.id,
        )
        with self.assertRaisesRegex(AccessError, "Forward leads to a partner"):
            lead.with_user(salesperson).write(
                {"partner_assigned_id": self.partner_b.id}
            )
        for user in (self.partner_manager, self.channel_manager):
            with self.subTest(user=user.login):
                with self.assertRaises(UserError) as caught:
                    lead.with_user(user).write(
                        {"partner_assigned_id": self.partner_b.id}
                    )
                message = str(caught.exception)
                self.assertIn("protected by another partner", message)
                self.assertIn(registration.name, message)
                self.assertIn(self.partner_a.name, message)
                self.assertFalse(lead.partner_assigned_id)
        # A new lead naming the customer, created with B: refused too.
        with self.assertRaises(UserError) as caught:
            self.env["crm.lead"].with_user(self.channel_manager).create(
                {
                    "name": "Third site",
                    "email_from": "ops@harborfreight.example.com",
                    "partner_assigned_id": self.partner_b.id,
                }
            )
        self.assertIn(registration.name, str(caught.exception))
        lead.with_user(self.partner_manager).write(
            {"partner_assigned_id": self.partner_a.id}
        )
        self.assertEqual(lead.partner_assigned_id, self.partner_a)
        # Another customer's lead goes to B as before.
        other = self._lead(
            "Other", email_from="it@other.example.com", user_id=self.partner_manager.id
        )
        other.with_user(self.partner_manager).write(
            {"partner_assigned_id": self.partner_b.id}
        )
        self.assertEqual(other.partner_assigned_id, self.partner_b)

    def test_assigned_partner_with_the_customer_respects_deal_protection(self):
        """Naming the protected customer in the same write as the Assigned
        Partner (or on a lead B already holds) is no way around A's
        protection: the check sees the customer the lead will have."""
        self.tier_gold.deal_protection_days = 60
        registration = self._register(self.portal_user_a, self.partner_a)
        registration.with_user(self.channel_manager).action_approve()
        lead = self._lead("Second site", user_id=self.partner_manager.id)
        with self.assertRaises(UserError) as caught:
            lead.with_user(self.partner_manager).write(
                {
                    "partner_assigned_id": self.partner_b.id,
                    "email_from": "cfo@harborfreight.example.com",
                }
            )
        self.assertIn(registration.name, str(caught.exception))
        self.assertFalse(lead.partner_assigned_id)
        # B's lead of another customer renamed to the protected one.
        lead.with_user(self.partner_manager).write(
            {"partner_assigned_id": self.partner_b.id}
        )
        with self.assertRaises(UserError) as caught:
            lead.with_user(self.partner_manager).write(
                {"email_from": "cfo@harborfreight.example.com"}
            )
        self.assertIn(registration.name, str(caught.exception))
        self.assertFalse(lead.email_from)
        # Giving it to A with the customer: allowed.
        lead.with_user(self.partner_manager).write(
            {
                "partner_assigned_id": self.partner_a.id,
                "email_from": "cfo@harborfreight.example.com",
            }
        )
        self.assertEqual(lead.partner_assigned_id, self.partner_a)

    def test_customer_changed_on_its_contact_respects_deal_protection(self):
        """B's manager cannot make B's lead one of A's protected customer by
        editing the lead's contact rather than the lead (a res.partner write
        over RPC: Contact Creation lets any partner manager write contacts,
        B's portal user may not): its company's VAT number or the contact's
        e-mail address turned into the protected customer's is refused with
        the lead's error, in the user's language, and nothing is changed.
        The same change is allowed when A holds the lead."""
        self.tier_gold.deal_protection_days = 60
        registration = self._register(
            self.portal_user_a, self.partner_a, customer_vat="US123456789"
        )
        registration.with_user(self.channel_manager).action_approve()
        self.assertEqual(registration.state, "approved")
        company = self.env["res.partner"].create(
            {"name": "Nimbus Logistics", "is_company": True, "vat": "US987654321"}
        )
        contact = self.env["res.partner"].create(
            {
                "name": "Nia of Nimbus",
                "parent_id": company.id,
                "email": "nia@nimbus.example.com",
            }
        )
        lead = self._lead(
            "Nimbus fleet",
            type="opportunity",
            partner_id=contact.id,
            user_id=self.other_partner_manager.id,
        )
        lead.write({"partner_assigned_id": self.partner_b.id})
        lead.sudo().prm_offer_state = "accepted"
        identity = lead._prm_customer_identities()
        manager = self.other_partner_manager

        def unchanged():
            self.env.invalidate_all()
            self.assertEqual(company.vat, "US987654321")
            self.assertEqual(contact.email, "nia@nimbus.example.com")
            self.assertEqual(lead._prm_customer_identities(), identity)

        with self.assertRaises(AccessError):
            company.with_user(self.portal_user_b).write({"vat": "US123456789"})
        unchanged()
        self.env["res.lang"]._activate_lang("zh_TW")
        self.env["ir.module.module"].search(
            [("name", "=", "partner_relationship")]
        )._update_translations(["zh_TW"])
        with self.assertRaises(UserError) as caught:
            company.with_user(manager).with_context(lang="zh_TW").write(
                {"vat": "US123456789"}
            )
        message = str(caught.exception)
        self.assertIn("此客戶受另一夥伴的交易登記保護", message)
        self.assertIn(lead.name, message)
        self.assertIn(registration.name, message)
        self.assertIn(self.partner_a.name, message)
        unchanged()
        with self.assertRaisesRegex(UserError, "protected by another partner"):
            contact.with_user(manager).write({"email": "nia@harborfreight.example.com"})
        unchanged()
        # Another customer's VAT number: allowed.
        company.with_user(manager).write({"vat": "US555555555"})
        self.assertEqual(lead.prm_customer_vat, "US555555555")
        # A's lead may become the protected customer's.
        lead.write({"partner_assigned_id": self.partner_a.id})
        company.with_user(manager).write({"vat": "US123456789"})
        self.assertEqual(lead.prm_customer_vat, "US123456789")

    def test_partners_own_opportunity_on_a_protected_customer_is_flagged(self):
        """B cannot be refused its own opportunity without learning who
        protects the customer: B's new opportunity on A's protected customer,
        and B's lead whose customer it changes to A's, are flagged to the
        vendor on A's registration (a note and a to-do for A's manager);
        B's opportunity on another customer is not."""
        self.tier_gold.deal_protection_days = 60
        registration = self._register(self.portal_user_a, self.partner_a)
        registration.with_user(self.channel_manager).action_approve()
        Lead = self.env["crm.lead"].with_user(self.portal_user_b)

        def flags():
            return registration.activity_ids.filtered(
                lambda activity: self.partner_b.name in (activity.summary or "")
            )

        Lead.create_opp_portal(
            {"contact_name": "Someone", "title": "Elsewhere", "description": "x"}
        )
        self.assertFalse(flags())
        created = Lead.create_opp_portal(
            {"contact_name": "Fleet manager", "title": "Fleet", "description": "x"}
        )
        lead = self.env["crm.lead"].browse(created["id"])
        self.assertFalse(flags())
        lead.with_user(self.portal_user_b).update_contact_details_from_portal(
            {"email_from": "cfo@harborfreight.example.com"}
        )
        flag = flags()
        self.assertEqual(len(flag), 1)
        self.assertIn(lead.name, flag.summary)
        self.assertEqual(flag.user_id, self.partner_manager)
        self.assertIn(
            lead.name, registration.message_ids[:1].body, "the note on the registration"
        )
        # B keeps its opportunity and is told nothing.
        self.assertEqual(lead.partner_assigned_id, self.partner_b)
        self.assertFalse(
            lead.with_user(self.portal_user_b).message_ids.filtered(
                lambda message: registration.name in (message.body or "")
            )
        )

    def test_odoo_automatic_assignment_skips_another_partners_protected_lead(self):
        """Odoo's geographic search finds B, in New York, for two New York
        leads: it keeps B for the lead of another customer, not for the
        customer A's registration protects."""
        self.tier_gold.deal_protection_days = 60
        registration = self._register(self.portal_user_a, self.partner_a)
        registration.with_user(self.channel_manager).action_approve()
        self.partner_a.write(
            {
                "country_id": self.us.id,
                "partner_latitude": 34.05,
                "partner_longitude": -118.24,
            }
        )
        self.partner_b.write(
            {
                "country_id": self.us.id,
                "partner_latitude": 40.71,
                "partner_longitude": -74.01,
            }
        )
        near_b = {"partner_latitude": 40.7, "partner_longitude": -74.0}
        protected = self._lead(
            "Second site", email_from="cfo@harborfreight.example.com", **near_b
        )
        free = self._lead("Other", email_from="it@other.example.com", **near_b)
        choices = (protected | free).search_geo_partner()
        self.assertEqual(choices, {free.id: self.partner_b.id})
