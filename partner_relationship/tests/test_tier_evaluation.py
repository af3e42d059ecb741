# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from ast import literal_eval
from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.base.tests.common import new_test_user

from .common import PartnerRelationshipCommon, prm_in_taiwan


@tagged("post_install", "-at_install")
class TestTierEvaluation(PartnerRelationshipCommon):
    """Evaluate now, the partners close to their next tier, the criteria a
    proposal is based on, and the partner told of its new tier."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Grade = cls.env["res.partner.grade"]
        Grade.search([("id", "not in", (cls.tier_gold | cls.tier_silver).ids)]).write(
            {"evaluated": False}
        )
        cls.tier_silver.write({"evaluated": True, "min_certifications": 1})
        cls.tier_gold.write(
            {"evaluated": True, "min_certifications": 5, "requires_agreement": True}
        )
        # A: Silver, 4 of Gold's 5 certifications, no agreement: close to Gold.
        cls.partner_a.grade_id = cls.tier_silver
        cls._certify(cls.partner_a, 4)
        # B: Gold with one certification and no agreement: down to Silver.
        cls.partner_b.write({"grade_id": cls.tier_gold.id, "email": "b@b.example"})
        cls._certify(cls.partner_b, 1)
        cls.partner_b_contact = cls.env["res.partner"].create(
            {
                "name": "Bert of B",
                "parent_id": cls.partner_b.id,
                "email": "bert@b.example",
                "lang": "en_US",
            }
        )
        new_test_user(
            cls.env,
            login="prm_portal_b",
            groups="base.group_portal",
            partner_id=cls.partner_b_contact.id,
        )
        cls.partner_b_accounting = cls.env["res.partner"].create(
            {"name": "B's accounts", "parent_id": cls.partner_b.id, "type": "invoice"}
        )
        # C: Silver with 3 certifications: not close to Gold (3 < 80 % of 5).
        cls.partner_c = cls._create_channel_partner(
            "Partner C BV", cls.other_partner_manager, grade_id=cls.tier_silver.id
        )
        cls._certify(cls.partner_c, 3)

    @classmethod
    def _certify(cls, partner, count):
        cls.env["prm.certification"].create(
            [
                {"name": f"Cert {n}", "partner_id": partner.id}
                for n in range(1, count + 1)
            ]
        )

    def _proposal(self, partner):
        return self.env["prm.tier.proposal"].search(
            [("partner_id", "=", partner.id), ("state", "=", "pending")]
        )

    def _close_list(self, user):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "partner_relationship.prm_tier_check_action_close"
        )
        return (
            self.env["prm.tier.check"]
            .with_user(user)
            .search(literal_eval(action["domain"]))
        )

    def test_evaluate_now_creates_the_proposals(self):
        Proposal = self.env["prm.tier.proposal"]
        self.assertFalse(self._proposal(self.partner_b))
        result = Proposal.with_user(self.channel_manager).action_evaluate_now()
        proposal = self._proposal(self.partner_b)
        self.assertEqual(proposal.proposed_grade_id, self.tier_silver)
        self.assertEqual(proposal.direction, "downgrade")
        self.assertIn("new proposal", result["params"]["message"])
        self.assertFalse(self._proposal(self.partner_a), "A keeps Silver")
        # From the partner: its proposal opens (the pending one, not a second).
        action = self.partner_b.with_user(
            self.other_partner_manager
        ).action_prm_evaluate_tier()
        self.assertEqual(action["res_model"], "prm.tier.proposal")
        self.assertEqual(action["res_id"], proposal.id)
        self.assertEqual(self._proposal(self.partner_b), proposal)
        # A partner whose figures fit its tier: nothing to decide.
        result = self.partner_a.with_user(
            self.partner_manager
        ).action_prm_evaluate_tier()
        self.assertIn("No tier change", result["params"]["message"])

    def test_evaluate_now_stays_in_the_users_companies(self):
        elsewhere = self.env["res.company"].create({"name": "Elsewhere Inc"})
        stray = self._create_channel_partner(
            "Elsewhere Partner",
            self.env["res.users"],
            company_id=elsewhere.id,
            grade_id=self.tier_gold.id,
        )
        self._certify(stray, 1)  # down to Silver, as B
        self.env["prm.tier.proposal"].with_user(
            self.channel_manager
        ).action_evaluate_now()
        self.assertTrue(self._proposal(self.partner_b))
        self.assertFalse(self._proposal(stray), "not a company of the user")
        self._prm_cron("prm.tier.proposal")._cron_evaluate_tiers()
        self.assertTrue(self._proposal(stray), "the scheduled action: every one")

    def test_evaluation_brings_a_pending_proposal_up_to_date(self):
        self._prm_cron("prm.tier.proposal")._cron_evaluate_tiers()
        proposal = self._proposal(self.partner_b)
        self.assertEqual(proposal.certifications, 1)
        self._certify(self.partner_b, 4)
        self._create_agreement(
            self.partner_b, date(2020, 1, 1), date(2099, 1, 1)
        ).action_sign()
        self.partner_b.with_user(self.other_partner_manager).action_prm_evaluate_tier()
        self.assertEqual(proposal.state, "withdrawn", "B meets Gold again")
        self.assertFalse(self._proposal(self.partner_b))

    def test_close_to_next_tier_lists_partners_and_criteria(self):
        self.env["prm.tier.proposal"].with_user(
            self.channel_manager
        ).action_evaluate_now()
        checks = self._close_list(self.channel_manager)
        self.assertEqual(checks.partner_id, self.partner_a, "not B (proposal), not C")
        self.assertEqual(checks.tier_id, self.tier_gold)
        self.assertEqual(
            {
                (c.criterion, c.value_display, c.threshold_display, c.met)
                for c in checks
            },
            {
                ("min_certifications", "4", "5", False),
                ("requires_agreement", "No", "Yes", False),
            },
        )
        # Their partner managers see their own partners only.
        self.assertEqual(self._close_list(self.partner_manager), checks)
        self.assertFalse(self._close_list(self.other_partner_manager))
        # At 60 %, C is close too; the list is today's, not piled up.
        self.partner_c.company_id.sudo().prm_tier_close_ratio = 60
        self.env.company.prm_tier_close_ratio = 60
        self.env["prm.tier.proposal"].with_user(
            self.channel_manager
        ).action_evaluate_now()
        checks = self._close_list(self.channel_manager)
        self.assertEqual(checks.partner_id, self.partner_a | self.partner_c)
        self.assertEqual(len(checks), 4)

    def test_proposal_shows_the_failed_criteria(self):
        self._prm_cron("prm.tier.proposal")._cron_evaluate_tiers()
        proposal = self._proposal(self.partner_b).with_user(self.other_partner_manager)
        self.assertEqual(
            [
                (c.criterion, c.value, c.threshold, c.met)
                for c in proposal.proposed_check_ids
            ],
            [("min_certifications", 1, 1, True)],
        )
        failed = proposal.current_check_ids.filtered(lambda c: not c.met)
        self.assertEqual(
            {(c.criterion, c.value, c.threshold) for c in failed},
            {("min_certifications", 1, 5), ("requires_agreement", 0, 1)},
        )
        self.assertEqual(
            proposal.failed_criteria,
            "Minimum Certifications, Signed Agreement Required",
        )
        self.assertIn("Minimum Certifications", str(proposal.activity_ids.note))

    def test_approval_mails_the_partners_contacts(self):
        self._prm_cron("prm.tier.proposal")._cron_evaluate_tiers()
        proposal = self._proposal(self.partner_b)
        template = self.env.ref("partner_relationship.mail_template_tier_changed")
        self.partner_b.lang = "en_US"
        self.assertEqual(template._render_lang(proposal.ids)[proposal.id], "en_US")
        proposal.with_user(self.other_partner_manager).action_approve()
        self.assertEqual(self.partner_b.grade_id, self.tier_silver)
        message = proposal.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref("mail.mt_comment")
        )
        self.assertEqual(len(message), 1)
        self.assertIn("Test Silver", message.subject)
        self.assertIn("Minimum Certifications", message.body)
        mailed = message.notification_ids.filtered(
            lambda n: n.notification_type == "email"
        ).res_partner_id
        # The company and its portal contact, not its invoicing address.
        self.assertLessEqual(self.partner_b | self.partner_b_contact, mailed)
        self.assertNotIn(self.partner_b_accounting, mailed)

    def test_portal_users_can_neither_evaluate_nor_approve(self):
        self._prm_cron("prm.tier.proposal")._cron_evaluate_tiers()
        proposal = self._proposal(self.partner_b)
        portal = self.portal_user_a
        with self.assertRaises(AccessError):
            self.env["prm.tier.proposal"].with_user(portal).action_evaluate_now()
        with self.assertRaises(AccessError):
            self.env["prm.tier.check"].with_user(portal).action_evaluate_now()
        with self.assertRaises(AccessError):
            self.partner_a.with_user(portal).action_prm_evaluate_tier()
        with self.assertRaises(AccessError):
            proposal.with_user(portal).action_approve()
        with self.assertRaises(AccessError):
            self.env["prm.tier.check"].with_user(portal).search([])
        # Evaluating every partner is a channel manager's, whatever records
        # the call names (the list's button passes the selected ones).
        with self.assertRaises(AccessError):
            self.env["prm.tier.proposal"].with_user(
                self.partner_manager
            ).action_evaluate_now()
        for records in (proposal, self.env["prm.tier.check"].search([])):
            with self.assertRaises(AccessError):
                records.with_user(self.partner_manager).action_evaluate_now()
        self.assertEqual(proposal.state, "pending")
        self.assertEqual(self.partner_b.grade_id, self.tier_gold)

    def test_partner_managers_evaluate_only_their_partners(self):
        """Evaluating works as superuser: a partner manager may not use it on
        a partner he does not manage (it would withdraw or rewrite that
        partner's pending proposal, which he cannot even read)."""
        self._prm_cron("prm.tier.proposal")._cron_evaluate_tiers()
        proposal = self._proposal(self.partner_b)
        self._certify(self.partner_b, 4)
        self._create_agreement(
            self.partner_b, date(2020, 1, 1), date(2099, 1, 1)
        ).action_sign()
        with self.assertRaises(AccessError):
            self.partner_b.with_user(self.partner_manager).action_prm_evaluate_tier()
        with self.assertRaises(AccessError):
            (self.partner_a | self.partner_b).with_user(
                self.partner_manager
            ).action_prm_evaluate_tier()
        self.assertEqual(proposal.state, "pending")
        # The button shows only where it works.
        self.assertFalse(
            self.partner_b.with_user(self.partner_manager).prm_managed_by_user
        )
        self.assertTrue(
            self.partner_a.with_user(self.partner_manager).prm_managed_by_user
        )
        self.assertTrue(
            self.partner_b.with_user(self.channel_manager).prm_managed_by_user
        )
        # His own partner, and any for the channel manager.
        self.partner_a.with_user(self.partner_manager).action_prm_evaluate_tier()
        self.partner_b.with_user(self.channel_manager).action_prm_evaluate_tier()
        self.assertEqual(proposal.state, "withdrawn")


TestTierEvaluationTaiwan = prm_in_taiwan(TestTierEvaluation)
