# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger

from .common import PartnerRelationshipCommon, prm_in_taiwan


class TestFunds(PartnerRelationshipCommon):
    """Walks the funds against today's date: the scorecard's 12-month window
    is computed by PostgreSQL, which frozen time does not reach."""

    prm_accounting = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = cls._prm_vendor_user(
            "prm_accountant", "base.group_user,account.group_account_invoice"
        )
        cls.today = fields.Date.context_today(cls.env["prm.fund.budget"])
        cls.budget = cls.env["prm.fund.budget"].create(
            {
                "name": "MDF Test Half",
                "program_id": cls.program.id,
                "date_start": cls.today - timedelta(days=30),
                "date_end": cls.today + timedelta(days=150),
                "amount": 10000,
            }
        )
        cls.budget.action_open()
        cls.allocation = cls.env["prm.fund.allocation"].create(
            {"budget_id": cls.budget.id, "partner_id": cls.partner_a.id, "amount": 1000}
        )

    def _request(self, **values):
        return (
            self.env["prm.fund.request"]
            .with_user(self.partner_manager)
            .create(
                {
                    "name": "Trade show booth",
                    "allocation_id": self.allocation.id,
                    "date_start": self.today,
                    "date_end": self.today + timedelta(days=2),
                    "planned_cost": 800,
                    "expected_leads": 20,
                    **values,
                }
            )
        )

    def _approved_request(self, amount=None):
        request = self._request()
        request.action_submit()
        request.with_user(self.channel_manager).action_approve(amount)
        return request

    def _proof(self):
        return self.env["ir.attachment"].create(
            {"name": "booth.jpg", "datas": base64.b64encode(b"photo of the booth")}
        )

    def _claim(self, request, amount, proof=True):
        return (
            self.env["prm.fund.claim"]
            .with_user(self.partner_manager)
            .create(
                {
                    "request_id": request.id,
                    "amount": amount,
                    "partner_invoice_ref": "A-2027-0042",
                    "proof_attachment_ids": [Command.set(self._proof().ids)]
                    if proof
                    else [],
                }
            )
        )

    def test_claim_to_posted_and_paid_bill(self):
        request = self._approved_request(amount=700)
        self.assertEqual(request.state, "approved")
        self.assertEqual(self.allocation.approved, 700)
        claim = self._claim(request, 650)
        claim.action_submit()
        self.assertEqual(self.allocation.remaining, 350)
        claim.with_user(self.channel_manager).action_approve()
        claim = claim.with_env(self.env)
        bill = claim.bill_id
        self.assertEqual(claim.state, "approved")
        self.assertEqual(bill.move_type, "in_invoice")
        self.assertEqual(bill.state, "draft")
        self.assertEqual(bill.partner_id, self.partner_a)
        self.assertEqual(bill.ref, "A-2027-0042")
        self.assertEqual(bill.amount_total, 650)
        self.assertEqual(bill.prm_fund_claim_id, claim)
        line = bill.invoice_line_ids
        self.assertEqual(line.account_id, self.env.company._prm_mdf_expense_account())
        self.assertEqual(
            set(line.analytic_distribution),
            {
                str(self.partner_a.prm_analytic_account_id.id),
                str(self.program.analytic_account_id.id),
            },
        )
        self.assertEqual(self.allocation.paid, 0, "not paid before the bill is")

        bill = bill.with_user(self.accountant)
        bill.action_post()
        self.assertEqual(claim.state, "approved", "posted but not paid yet")
        expense = bill.line_ids.filtered(lambda aml: aml.account_id == line.account_id)
        payable = bill.line_ids.filtered(
            lambda aml: aml.account_id.account_type == "liability_payable"
        )
        self.assertEqual((expense.debit, payable.credit), (650, 650))
        self.assertEqual(payable.partner_id, self.partner_a)
        self.env["account.payment.register"].with_user(self.accountant).with_context(
            active_model="account.move", active_ids=bill.ids
        ).create({})._create_payments()
        self.assertIn(bill.payment_state, ("paid", "in_payment"))
        self.assertEqual(claim.state, "paid")
        self.assertEqual(self.allocation.paid, 650)
        self.assertEqual(self.allocation.remaining, 350)
        card = self.env["prm.partner.scorecard"].search(
            [("partner_id", "=", self.partner_a.id)]
        )
        self.assertEqual((card.mdf_allocated, card.mdf_used), (1000, 650))

    def test_request_decisions(self):
        request = self._request()
        request.action_submit()
        self.assertEqual(self.allocation.requested, 800)
        self.assertEqual(request.activity_ids.user_id, self.partner_manager)
        with self.assertRaisesRegex(UserError, "Reason"):
            request.action_return()
        request.action_return(reason="Add the expected attendance.")
        self.assertEqual(request.state, "returned")
        request.action_submit()
        request.action_reject(reason="Outside the programme's focus.")
        self.assertEqual(request.state, "rejected")
        self.assertEqual(self.allocation.requested, 0)
        with self.assertRaisesRegex(UserError, "cannot be approved"):
            request.action_approve()

    def test_bad_requests(self):
        with self.assertRaisesRegex(
            ValidationError, "Planned Cost: cannot be negative"
        ):
            self._request(planned_cost=-5)
        with self.assertRaisesRegex(ValidationError, "fund period of MDF Test Half"):
            self._request(
                date_start=self.today + timedelta(days=140),
                date_end=self.today + timedelta(days=160),
            )
        with self.assertRaisesRegex(UserError, "starts as a draft"):
            self._request(approved_amount=900)
        request = self._request()
        request.action_submit()
        with self.assertRaisesRegex(ValidationError, "more than the planned cost"):
            request.with_user(self.channel_manager).action_approve(900)

    def test_bad_claims_leave_nothing_behind(self):
        request = self._approved_request(amount=700)
        claim = self._claim(request, 200, proof=False)
        with self.assertRaisesRegex(UserError, "Proof of Performance"):
            claim.action_submit()
        self.assertEqual(claim.state, "draft")
        over_request = self._claim(request, 750)
        with self.assertRaisesRegex(UserError, "700.0 of 700.0"):
            over_request.action_submit()
        with self.assertRaisesRegex(ValidationError, "Actual Cost: cannot be negative"):
            self._claim(request, -1)
        pending = self._request(name="Webinar")
        pending.action_submit()
        with self.assertRaisesRegex(ValidationError, "is not approved"):
            self._claim(pending, 10)
        self.assertFalse(
            self.env["account.move"].search([("prm_fund_claim_id", "!=", False)]),
            "no bill without an approved claim",
        )

    def test_claim_above_remaining_allocation(self):
        first = self._approved_request(amount=800)
        self._claim(first, 800).action_submit()
        second = self._approved_request(amount=300)
        with self.assertRaisesRegex(
            UserError, "remaining allocation of Partner A Ltd: 200.0 of 1000.0"
        ):
            self._claim(second, 300).action_submit()

    def test_partner_contact_requests_and_claims_from_its_side(self):
        """The portal and the sync act through these methods, as the partner."""
        Request = self.env["prm.fund.request"].with_user(self.portal_user_a)
        request = Request._prm_partner_create(
            self.allocation,
            {
                "name": "Local seminar",
                "date_start": self.today,
                "date_end": self.today,
                "planned_cost": 400,
                # Not the partner's to set: ignored.
                "approved_amount": 400,
                "state": "approved",
            },
        )
        self.assertEqual(request.state, "draft")
        self.assertEqual(request.approved_amount, 0)
        request.with_user(self.portal_user_a).action_submit()
        self.assertEqual(request.state, "submitted")
        request.with_user(self.channel_manager).action_approve()
        claim = (
            self.env["prm.fund.claim"]
            .with_user(self.portal_user_a)
            ._prm_partner_create(
                request,
                {"amount": 380, "partner_invoice_ref": "A-77", "bill_id": 1},
                proofs=[("seminar.pdf", b"%PDF-1.4 attendance list")],
            )
        )
        claim.with_user(self.portal_user_a).action_submit()
        claim = claim.with_env(self.env)
        self.assertEqual(claim.state, "submitted")
        self.assertFalse(claim.bill_id)
        self.assertEqual(claim.proof_attachment_ids.name, "seminar.pdf")

    def test_partner_contact_cannot_act_for_another_partner(self):
        other_allocation = self.env["prm.fund.allocation"].create(
            {
                "budget_id": self.budget.id,
                "partner_id": self.partner_b.id,
                "amount": 500,
            }
        )
        before = self.env["prm.fund.request"].search_count([])
        with self.assertRaises(AccessError):
            self.env["prm.fund.request"].with_user(
                self.portal_user_a
            )._prm_partner_create(
                other_allocation,
                {
                    "name": "Sneaky",
                    "date_start": self.today,
                    "date_end": self.today,
                    "planned_cost": 10,
                },
            )
        self.assertEqual(self.env["prm.fund.request"].search_count([]), before)
        request_b = self.env["prm.fund.request"].create(
            {
                "name": "B's event",
                "allocation_id": other_allocation.id,
                "date_start": self.today,
                "date_end": self.today,
                "planned_cost": 100,
            }
        )
        request_b.action_submit()
        request_b.action_approve()
        with self.assertRaises(AccessError):
            self.env["prm.fund.claim"].with_user(
                self.portal_user_a
            )._prm_partner_create(request_b, {"amount": 50}, proofs=[("x.pdf", b"x")])
        with self.assertRaises(AccessError):
            request_b.with_user(self.portal_user_a).action_submit()

    def test_workflow_fields_cannot_be_forged(self):
        request = self._approved_request(amount=500)
        with self.assertRaisesRegex(UserError, "starts as a draft"):
            self.env["prm.fund.claim"].with_user(self.partner_manager).create(
                {"request_id": request.id, "amount": 5000, "decision": "approved"}
            )
        with self.assertRaisesRegex(UserError, "use the request's buttons"):
            request.write({"state": "draft"})
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            request.write({"planned_cost": 50000})
        claim = self._claim(request, 300)
        claim.action_submit()
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            claim.write({"amount": 5000})
        with self.assertRaisesRegex(UserError, "use the claim's buttons"):
            claim.write({"decision": "approved"})
        self.assertEqual(self.allocation.remaining, 700)

    def test_cancelled_bill_can_be_drafted_again(self):
        claim = self._claim(self._approved_request(amount=500), 300)
        claim.action_submit()
        claim.with_user(self.channel_manager).action_approve()
        claim = claim.with_env(self.env)
        first_bill = claim.bill_id
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            first_bill.unlink()
        first_bill.button_cancel()
        claim.with_user(self.channel_manager).action_approve()
        self.assertNotEqual(claim.bill_id, first_bill)
        self.assertEqual(claim.bill_id.state, "draft")
        with self.assertRaisesRegex(UserError, "cannot be approved"):
            claim.action_approve()

    def test_other_partners_records_are_out_of_reach(self):
        request = self._approved_request()
        with self.assertRaises(AccessError):
            request.with_user(self.other_partner_manager).read(["name"])
        with self.assertRaises(AccessError):
            self.env["prm.fund.claim"].with_user(self.portal_user_a).create(
                {"request_id": request.id, "amount": 10}
            )
        visible = self.env["prm.fund.request"].with_user(self.portal_user_a).search([])
        self.assertEqual(visible, request, "the partner's own request only")

    def test_allocations_computed_from_tier_share(self):
        self.tier_gold.mdf_share = 10
        (self.partner_a | self.partner_b).grade_id = self.tier_gold
        for partner, amount in ((self.partner_a, 5000), (self.partner_b, 2000)):
            invoice = self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": self.budget.date_start - timedelta(days=20),
                    "invoice_line_ids": [
                        Command.create(
                            {"name": "Sales", "quantity": 1, "price_unit": amount}
                        )
                    ],
                }
            )
            invoice.action_post()
        self.allocation.amount = 1234  # set by hand: kept
        self.budget.action_compute_allocations()
        allocations = {a.partner_id: a for a in self.budget.allocation_ids}
        self.assertEqual(allocations[self.partner_a].amount, 1234)
        self.assertEqual(allocations[self.partner_b].amount, 200)
        self.assertEqual(allocations[self.partner_b].mode, "computed")

    def test_roi_of_funded_activities(self):
        request = self._approved_request()
        won_stage = self.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        self.env["crm.lead"].create(
            [
                {"name": "Booth visitor 1", "fund_request_id": request.id},
                {
                    "name": "Booth visitor 2",
                    "fund_request_id": request.id,
                    "type": "opportunity",
                    "expected_revenue": 12000,
                    "stage_id": won_stage.id,
                },
            ]
        )
        self.assertEqual(self.allocation.funded_leads, 2)
        self.assertEqual(self.allocation.funded_won_revenue, 12000)


TestFundsTaiwan = prm_in_taiwan(TestFunds)
