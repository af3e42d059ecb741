# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import format_amount, mute_logger

from .common import PartnerRelationshipCommon, prm_in_taiwan


@tagged("post_install", "-at_install")
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
                    "objectives": "Meet 200 retail buyers at the show",
                    "expected_results": "20 qualified leads, 5 demos",
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
        # No MDF Expense Account set: the All category's expense account,
        # never an unrelated expense account (it was Cash Discount Loss).
        category_account = (
            self.env.ref("product.product_category_all")
            .with_company(self.prm_company)
            .property_account_expense_categ_id
        )
        self.assertTrue(category_account)
        self.assertEqual(line.account_id, category_account)
        self.assertEqual(bill.journal_id.type, "purchase")
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
                "objectives": "Train 30 installers",
                "expected_results": "10 leads",
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
                "objectives": "Launch",
                "expected_results": "Leads",
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

    # Requests over the allocation, objectives, accounting settings ----------------

    def _over_allocation(self, mode):
        """The allocation (1000) with 700 approved of which 300 claimed: 300
        available; a new request asks 400."""
        self.prm_company.prm_fund_over_allocation = mode
        first = self._approved_request(amount=700)
        self._claim(first, 300).action_submit()
        self.assertEqual(self.allocation.available, 300)
        return self._request(name="Roadshow", planned_cost=400)

    def test_request_over_available_refused(self):
        request = self._over_allocation("refuse")
        with self.assertRaises(ValidationError) as caught:
            request.action_submit()
        message = str(caught.exception)
        self.assertIn("Roadshow", message)
        for value in (400, 300):
            # In the allocation's currency (USD or TWD), as it is shown.
            self.assertIn(
                format_amount(self.env, value, self.allocation.currency_id), message
            )
        self.assertEqual(request.state, "draft")
        # Within what is available: submitted.
        request.planned_cost = 300
        request.action_submit()
        self.assertEqual(request.state, "submitted")
        self.assertFalse(request.over_allocation_warning)

    def test_request_over_available_warned(self):
        request = self._over_allocation("warn")
        request.action_submit()
        self.assertEqual(request.state, "submitted")
        self.assertIn(
            format_amount(self.env, 300, self.allocation.currency_id),
            request.over_allocation_warning,
        )
        activity = request.activity_ids
        self.assertEqual(activity.user_id, self.partner_manager)
        self.assertIn("Roadshow asks", activity.note)
        self.assertTrue(
            request.message_ids.filtered(
                lambda m: (
                    m.subtype_id == self.env.ref("mail.mt_note")
                    and "Roadshow asks" in m.body
                )
            )
        )
        with self.assertRaisesRegex(UserError, "Status"):
            request.write({"over_allocation_warning": False})
        # Sent back and corrected within the allocation: no warning left.
        request.with_user(self.channel_manager).action_return(reason="Too much")
        request.planned_cost = 250
        request.action_submit()
        self.assertFalse(request.over_allocation_warning)

    def test_objectives_and_expected_results_required(self):
        for name in ("objectives", "expected_results"):
            request = self._request(**{name: "  "})
            with self.assertRaisesRegex(UserError, "say it before submitting"):
                request.action_submit()
            self.assertEqual(request.state, "draft")

    def test_bill_uses_the_accounting_settings(self):
        company = self.prm_company
        Account = self.env["account.account"].with_company(company)
        account = Account.create(
            {"name": "MDF Expense", "code": "617100", "account_type": "expense"}
        )
        journal = self.env["account.journal"].create(
            {
                "name": "MDF Bills",
                "code": "MDFB",
                "type": "purchase",
                "company_id": company.id,
            }
        )
        Plan = self.env["account.analytic.plan"]
        partner_plan = Plan.create({"name": "Channel (MDF)"})
        program_plan = Plan.create({"name": "Programmes (MDF)"})
        settings = self.env["res.config.settings"].with_company(company).create({})
        settings.write(
            {
                "prm_mdf_expense_account_id": account.id,
                "prm_mdf_journal_id": journal.id,
                "prm_mdf_partner_plan_id": partner_plan.id,
                "prm_mdf_program_plan_id": program_plan.id,
            }
        )
        settings.execute()
        claim = self._claim(self._approved_request(amount=500), 500)
        claim.action_submit()
        claim.with_user(self.channel_manager).action_approve()
        bill = claim.with_env(self.env).bill_id
        self.assertEqual(bill.journal_id, journal)
        self.assertEqual(bill.invoice_line_ids.account_id, account)
        keys = ",".join(bill.invoice_line_ids.analytic_distribution)
        analytic = self.env["account.analytic.account"].browse(
            int(key) for key in keys.split(",")
        )
        self.assertEqual(analytic.plan_id, partner_plan | program_plan)
        self.assertEqual(
            analytic.filtered(lambda a: a.plan_id == partner_plan).partner_id,
            self.partner_a,
        )

    def test_settings_saved_per_company(self):
        other = self.env["res.company"].create({"name": "PRM Other Company"})
        self.env.user.company_ids |= other
        form = self.env["res.config.settings"].get_views([(False, "form")])
        arch = form["views"]["form"]["arch"]
        for name in (
            "prm_fund_over_allocation",
            "prm_mdf_expense_account_id",
            "prm_mdf_journal_id",
            "prm_mdf_partner_plan_id",
            "prm_mdf_program_plan_id",
        ):
            self.assertIn(f'name="{name}"', arch)
        plan = self.env["account.analytic.plan"].create({"name": "Other plan"})
        Settings = self.env["res.config.settings"]
        Settings.with_company(other).create(
            {"prm_fund_over_allocation": "warn", "prm_mdf_partner_plan_id": plan.id}
        ).execute()
        Settings.with_company(self.prm_company).create(
            {"prm_fund_over_allocation": "refuse"}
        ).execute()
        self.assertEqual(
            (other.prm_fund_over_allocation, other.prm_mdf_partner_plan_id),
            ("warn", plan),
        )
        self.assertEqual(
            (
                self.prm_company.prm_fund_over_allocation,
                self.prm_company.prm_mdf_partner_plan_id,
            ),
            ("refuse", self.env["account.analytic.plan"]),
        )
        self.assertEqual(
            Settings.with_company(other).create({}).prm_fund_over_allocation, "warn"
        )

    def test_without_expense_account_a_clear_error(self):
        category = self.env.ref("product.product_category_all").with_company(
            self.prm_company
        )
        category.property_account_expense_categ_id = False
        claim = self._claim(self._approved_request(amount=500), 500)
        claim.action_submit()
        with self.assertRaisesRegex(UserError, "MDF Expense Account in Settings"):
            claim.with_user(self.channel_manager).action_approve()
        self.assertFalse(claim.bill_id)

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
