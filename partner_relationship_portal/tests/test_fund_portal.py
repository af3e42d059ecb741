# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from odoo.tests import tagged

from .portal_common import PortalCommon


@tagged("post_install", "-at_install")
class TestFundPortal(PortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = date.today()
        cls.budget = cls.env["prm.fund.budget"].create(
            {
                "name": "Portal MDF",
                "program_id": cls.env.ref(
                    "partner_relationship.prm_program_partner"
                ).id,
                "date_start": today - timedelta(days=10),
                "date_end": today + timedelta(days=100),
                "amount": 10000,
            }
        )
        cls.budget.action_open()
        cls.allocation = cls.env["prm.fund.allocation"].create(
            {"budget_id": cls.budget.id, "partner_id": cls.partner_a.id, "amount": 1000}
        )

    def _request_form(self, token, **values):
        today = date.today()
        return {
            "csrf_token": token,
            "name": "Trade show booth",
            "date_start": today.isoformat(),
            "date_end": (today + timedelta(days=2)).isoformat(),
            "planned_cost": "600",
            "objectives": "Meet 200 retail buyers",
            "expected_results": "20 qualified leads",
            **values,
        }

    def test_request_then_claim_with_proof(self):
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        page = self.url_open("/my/funds")
        self.assertIn("Portal MDF", page.text)
        token = self._csrf("/my/funds")
        url = f"/my/funds/allocation/{self.allocation.id}/request"
        page = self._post(url, self._request_form(token, planned_cost="0"))
        self.assertEqual(page.status_code, 400)
        self.assertIn("Planned Cost", page.text)
        self.assertIn('value="Trade show booth"', page.text, "what was posted")
        self.assertFalse(self.allocation.request_ids)
        response = self._post(
            url, self._request_form(token, state="approved", approved_amount="999")
        )
        fund_request = self.allocation.request_ids
        self.assertIn(
            "Request Trade show booth submitted.",
            self.url_open(response.headers["Location"]).text,
        )
        self.assertEqual(fund_request.state, "submitted")
        self.assertFalse(fund_request.approved_amount)
        self.assertEqual(fund_request.objectives, "Meet 200 retail buyers")
        self.assertEqual(fund_request.expected_results, "20 qualified leads")
        self.assertIn("Meet 200 retail buyers", self.url_open("/my/funds").text)
        fund_request.action_approve(500)
        claim_url = f"/my/funds/request/{fund_request.id}/claim"
        page = self.url_open(
            claim_url,
            data={"csrf_token": token, "amount": "450", "partner_invoice_ref": "INV-7"},
            allow_redirects=False,
        )
        self.assertFalse(fund_request.claim_ids, "no proof, no claim")
        self.assertEqual(page.status_code, 400)
        self.assertIn("proof", page.text.lower())
        self.assertIn('value="INV-7"', page.text, "what was posted")
        self.url_open(
            claim_url,
            data={"csrf_token": token, "amount": "450", "partner_invoice_ref": "INV-7"},
            files={"proofs": ("booth.jpg", b"photo", "image/jpeg")},
            allow_redirects=False,
        )
        claim = fund_request.claim_ids
        self.assertEqual(claim.state, "submitted")
        self.assertEqual(claim.amount, 450)
        self.assertEqual(claim.proof_attachment_ids.raw, b"photo")
        self.assertIn("prm_fund_claim", self.url_open("/my/funds").text)

    def test_other_company_gets_not_found(self):
        self.authenticate("prm_portal_user_b", "prm_portal_user_b")
        token = self._csrf("/my/registrations/new")
        self.assertNotIn("Portal MDF", self.url_open("/my/funds").text)
        for allocation_id in (self.allocation.id, self.allocation.id + 1000):
            response = self._post(
                f"/my/funds/allocation/{allocation_id}/request",
                self._request_form(token),
            )
            self.assertEqual(response.status_code, 404)
        self.assertFalse(self.allocation.request_ids)

    def test_objectives_required_on_the_form(self):
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        token = self._csrf("/my/funds")
        page = self._post(
            f"/my/funds/allocation/{self.allocation.id}/request",
            self._request_form(token, expected_results=""),
        )
        self.assertEqual(page.status_code, 400)
        self.assertIn("Expected Results", page.text)
        self.assertIn("Meet 200 retail buyers", page.text, "what was posted")
        self.assertFalse(self.allocation.request_ids)

    def _returned_request(self):
        today = date.today()
        fund_request = self.env["prm.fund.request"]._prm_partner_create(
            self.allocation,
            {
                "name": "Roadshow",
                "date_start": today,
                "date_end": today + timedelta(days=1),
                "planned_cost": 900,
                "objectives": "Visit 10 shops",
                "expected_results": "10 orders",
            },
        )
        fund_request.action_submit()
        fund_request.action_return(reason="Split the cost per city.")
        return fund_request

    def test_sent_back_request_corrected_and_resubmitted(self):
        fund_request = self._returned_request()
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        url = f"/my/funds/request/{fund_request.id}/edit"
        self.assertIn(url, self.url_open("/my/funds").text)
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        for shown in ("Split the cost per city.", 'value="Roadshow"', "Visit 10 shops"):
            self.assertIn(shown, page.text)
        token = self._csrf(url)
        form = self._request_form(
            token, name="Roadshow North", planned_cost="400", objectives=""
        )
        page = self._post(url, form)
        self.assertEqual(page.status_code, 400, "objectives are required")
        self.assertIn('value="Roadshow North"', page.text, "what was posted")
        self.assertEqual(fund_request.state, "returned")
        response = self._post(url, {**form, "objectives": "Visit 5 northern shops"})
        self.assertEqual(response.status_code, 303)
        self.assertEqual(fund_request.state, "submitted")
        self.assertEqual(
            (fund_request.name, fund_request.planned_cost, fund_request.objectives),
            ("Roadshow North", 400, "Visit 5 northern shops"),
        )
        # Submitted again: no longer editable from the portal.
        self.assertEqual(self.url_open(url).status_code, 404)
        page = self._post(url, {**form, "planned_cost": "999"})
        self.assertEqual(page.status_code, 404)
        self.assertEqual(fund_request.planned_cost, 400)

    def test_sent_back_request_not_for_another_partner(self):
        fund_request = self._returned_request()
        self.authenticate("prm_portal_user_b", "prm_portal_user_b")
        url = f"/my/funds/request/{fund_request.id}/edit"
        self.assertEqual(self.url_open(url).status_code, 404)
        token = self._csrf("/my/registrations/new")
        response = self._post(url, self._request_form(token, planned_cost="1"))
        self.assertEqual(response.status_code, 404)
        self.assertEqual(
            (fund_request.state, fund_request.planned_cost), ("returned", 900)
        )
