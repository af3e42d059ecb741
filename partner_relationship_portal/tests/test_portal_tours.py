# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The main paths of a partner in headless Chromium (Odoo's tours), each
checked afterwards in the database."""

from datetime import date, timedelta

from odoo.tests import tagged

from .portal_common import PortalCommon


@tagged("post_install", "-at_install")
class TestPortalTours(PortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.scanner = (
            cls.env["product.template"]
            .create(
                {
                    "name": "Tour Scanner",
                    "default_code": "TOUR-SC",
                    "is_central": True,
                    "type": "consu",
                    "list_price": 120,
                    "prm_warranty_months": 24,
                }
            )
            .product_variant_id
        )
        cls.router = (
            cls.env["product.template"]
            .create(
                {
                    "name": "Tour Router",
                    "is_central": True,
                    "type": "consu",
                    "list_price": 500,
                }
            )
            .product_variant_id
        )
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.partner_a.id,
                "order_line": [(0, 0, {"product_id": cls.scanner.id})],
            }
        )
        order.action_confirm()
        cls.clinic = cls.env["res.partner"].create(
            {
                "name": "Tour Clinic",
                "is_company": True,
                "end_customer_of_id": cls.partner_a.id,
            }
        )

    def test_accept_a_lead_and_report_it_won(self):
        lead = self._lead_for(self.partner_a, name="Tour lead")
        self.start_tour(
            f"/my/lead/{lead.id}",
            "prm_portal_accept_lead_won",
            login="prm_portal_user_a",
        )
        self.assertEqual(lead.prm_offer_state, "accepted")
        self.assertEqual(lead.type, "opportunity")
        self.assertTrue(lead.stage_id.is_won)
        self.assertEqual(lead.probability, 100)

    def test_register_a_conflicting_deal(self):
        self.env["crm.lead"].create(
            {
                "name": "B's freight deal",
                "email_from": "buyer@harborfreight-tour.example.com",
                "partner_assigned_id": self.partner_b.id,
            }
        )
        self.start_tour(
            "/my/registrations/new",
            "prm_portal_register_conflicting_deal",
            login="prm_portal_user_a",
        )
        registration = self.env["prm.deal.registration"].search(
            [("partner_id", "=", self.partner_a.id)]
        )
        self.assertEqual(registration.customer_name, "Tour Harbor Freight")
        self.assertEqual(registration.state, "submitted")
        self.assertTrue(registration.conflict_ids)

    def test_order_for_an_end_customer(self):
        self.start_tour(
            "/my/catalog?search=Tour",
            "prm_portal_order_for_end_customer",
            login="prm_portal_user_a",
        )
        order = self.env["sale.order"].search(
            [("end_customer_id.name", "=", "Tour Lighthouse Clinic")]
        )
        self.assertEqual(order.partner_id, self.partner_a)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.partner_shipping_id, order.end_customer_id)
        self.assertEqual(order.order_line.product_id, self.router)

    def test_order_on_a_phone(self):
        """The same order on a phone-sized screen with touch."""
        self.browser_size = "375x667"
        self.touch_enabled = True
        self.test_order_for_an_end_customer()

    def _fund_allocation(self):
        """Partner A's allocation of an open marketing fund budget."""
        today = date.today()
        budget = self.env["prm.fund.budget"].create(
            {
                "name": "Tour MDF",
                "program_id": self.env.ref(
                    "partner_relationship.prm_program_partner"
                ).id,
                "date_start": today - timedelta(days=10),
                "date_end": today + timedelta(days=100),
                "amount": 10000,
            }
        )
        budget.action_open()
        return self.env["prm.fund.allocation"].create(
            {"budget_id": budget.id, "partner_id": self.partner_a.id, "amount": 1000}
        )

    def test_mdf_claim_with_proof(self):
        today = date.today()
        allocation = self._fund_allocation()
        fund_request = self.env["prm.fund.request"]._prm_partner_create(
            allocation,
            {
                "name": "Tour trade show",
                "date_start": today - timedelta(days=5),
                "date_end": today - timedelta(days=4),
                "planned_cost": 500,
                "objectives": "Meet buyers",
                "expected_results": "Leads",
            },
        )
        fund_request.action_submit()
        fund_request.action_approve()
        self.start_tour(
            "/my/funds", "prm_portal_mdf_claim_with_proof", login="prm_portal_user_a"
        )
        claim = fund_request.claim_ids
        self.assertEqual(claim.state, "submitted")
        self.assertEqual(claim.amount, 450)
        self.assertEqual(claim.partner_invoice_ref, "TOUR-INV-1")
        proofs = self.env["ir.attachment"].search(
            [("res_model", "=", "prm.fund.claim"), ("res_id", "=", claim.id)]
        )
        self.assertEqual(proofs.mapped("name"), ["booth-invoice.pdf"])

    def test_sent_back_fund_request_corrected_and_resubmitted(self):
        today = date.today()
        fund_request = self.env["prm.fund.request"]._prm_partner_create(
            self._fund_allocation(),
            {
                "name": "Tour roadshow",
                "date_start": today + timedelta(days=5),
                "date_end": today + timedelta(days=6),
                "planned_cost": 900,
                "objectives": "Visit 10 shops",
                "expected_results": "10 orders",
            },
        )
        fund_request.action_submit()
        fund_request.action_return(reason="Split the cost per city.")
        self.start_tour(
            "/my/funds", "prm_portal_fund_request_resubmit", login="prm_portal_user_a"
        )
        self.assertEqual(fund_request.state, "submitted")
        self.assertEqual(fund_request.objectives, "Visit 5 northern shops")
        self.assertEqual(
            (fund_request.name, fund_request.planned_cost), ("Tour roadshow", 900)
        )

    def test_open_a_warranty_claim(self):
        self.start_tour(
            "/my/warranty/new", "prm_portal_warranty_claim", login="prm_portal_user_a"
        )
        claim = self.env["prm.warranty.claim"].search(
            [("partner_id", "=", self.partner_a.id)]
        )
        self.assertEqual(claim.product_id, self.scanner)
        self.assertEqual(claim.state, "submitted")
        self.assertTrue(claim.in_warranty, "delivered today, 24 months of warranty")
        photos = self.env["ir.attachment"].search(
            [("res_model", "=", claim._name), ("res_id", "=", claim.id)]
        )
        self.assertEqual(photos.mapped("name"), ["photo.jpg"])

    def test_upload_an_inventory_file(self):
        self.start_tour(
            "/my/inventory", "prm_portal_inventory_upload", login="prm_portal_user_a"
        )
        figures = self.env["prm.vmi.report"].search(
            [("partner_id", "=", self.partner_a.id)], order="kind"
        )
        self.assertEqual(figures.mapped("kind"), ["sales", "stock"])
        self.assertEqual(figures.mapped("quantity"), [3.0, 12.0])

    def test_home_tiles_and_what_waits(self):
        """Each area's tile shows its own count; each thing waiting links to
        its page."""
        today = date.today()
        program = self.env.ref("partner_relationship.prm_program_partner")
        self.env["prm.agreement"].create(
            {
                "name": "Tour agreement",
                "partner_id": self.partner_a.id,
                "program_id": program.id,
                "date_start": today,
                "date_end": today + timedelta(days=365),
            }
        )
        self.env["prm.review"].create(
            {"partner_id": self.partner_a.id, "date_planned": today}
        )
        budget = self.env["prm.fund.budget"].create(
            {
                "name": "Tour MDF",
                "program_id": program.id,
                "date_start": today - timedelta(days=10),
                "date_end": today + timedelta(days=100),
                "amount": 10000,
            }
        )
        budget.action_open()
        for partner in (self.partner_a, self.partner_b):
            allocation = self.env["prm.fund.allocation"].create(
                {"budget_id": budget.id, "partner_id": partner.id, "amount": 1000}
            )
            fund_request = self.env["prm.fund.request"]._prm_partner_create(
                allocation,
                {
                    "name": "Tour booth",
                    "date_start": today,
                    "date_end": today + timedelta(days=1),
                    "planned_cost": 500,
                    "objectives": "Meet buyers",
                    "expected_results": "Leads",
                },
            )
            fund_request.action_submit()
            fund_request.action_return("Say the booth's size")
        self.start_tour("/my", "prm_portal_home_tiles", login="prm_portal_user_a")

    def test_warranty_form_keeps_input_after_a_refused_serial(self):
        self.start_tour(
            "/my/warranty/new",
            "prm_portal_warranty_refused_serial",
            login="prm_portal_user_a",
        )
        claim = self.env["prm.warranty.claim"].search(
            [("partner_id", "=", self.partner_a.id)]
        )
        self.assertEqual(claim.state, "submitted")
        self.assertEqual(claim.purchase_date, date(2025, 12, 1))
        self.assertEqual(claim.end_customer_id, self.clinic)
        self.assertEqual(claim.problem, "Does not power on")

    def test_order_form_prefilled_from_the_opportunity(self):
        opportunity = self.env["crm.lead"].create(
            {
                "name": "Tour clinic network",
                "type": "opportunity",
                "partner_name": "Tour Clinic",
                "partner_assigned_id": self.partner_a.id,
            }
        )
        self.start_tour(
            "/my/catalog?search=Tour",
            "prm_portal_order_from_opportunity",
            login="prm_portal_user_a",
        )
        order = self.env["sale.order"].search([("opportunity_id", "=", opportunity.id)])
        self.assertEqual(order.end_customer_id, self.clinic)
        self.assertEqual(order.partner_id, self.partner_a)
