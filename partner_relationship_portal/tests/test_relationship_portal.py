# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import date, timedelta

from odoo.tests import tagged

from .portal_common import PortalCommon


@tagged("post_install", "-at_install")
class TestRelationshipPortal(PortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = date.today()
        cls.agreement = cls.env["prm.agreement"].create(
            {
                "name": "Reseller Agreement A",
                "partner_id": cls.partner_a.id,
                "program_id": cls.env.ref(
                    "partner_relationship.prm_program_partner"
                ).id,
                "date_start": today,
                "date_end": today + timedelta(days=365),
                "terms_document": base64.b64encode(b"%PDF terms"),
                "terms_filename": "terms.pdf",
            }
        )
        cls.review = cls.env["prm.review"].create(
            {"partner_id": cls.partner_a.id, "date_planned": today}
        )

    def test_download_and_sign(self):
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        page = self.url_open("/my/relationship")
        self.assertIn("Reseller Agreement A", page.text)
        terms = self.url_open(f"/my/relationship/agreement/{self.agreement.id}/terms")
        self.assertEqual(terms.content, b"%PDF terms")
        token = self._csrf("/my/relationship")
        url = f"/my/relationship/agreement/{self.agreement.id}/sign"
        page = self._post(url, {"csrf_token": token})
        self.assertEqual(self.agreement.state, "draft")
        self.assertEqual(page.status_code, 400)
        self.assertIn("Tick the box", page.text)
        signed = self._post(
            url, {"csrf_token": token, "agree": "on", "signed_by": "Forged"}
        )
        self.assertEqual(self.agreement.state, "signed")
        self.assertEqual(self.agreement.signed_by, self.user_a.name)
        self.assertIn(
            "Reseller Agreement A is signed.",
            self.url_open(signed.headers["Location"]).text,
        )
        page = self._post(url, {"csrf_token": token, "agree": "on"})
        self.assertIn("not waiting for a signature", page.text)

    def test_score_a_review(self):
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        token = self._csrf("/my/relationship")
        page = self.url_open("/my/relationship").text
        self.assertIn('name="partner_comment"', page, "an empty textarea is shown")
        url = f"/my/relationship/review/{self.review.id}"
        scores = {
            "csrf_token": token,
            "partner_score_mutual_benefit": "4",
            "partner_score_fairness": "5",
            "partner_score_trust": "3",
            "partner_comment": "Faster answers, please.",
            "score_trust": "1",
            "state": "done",
        }
        page = self._post(url, {**scores, "partner_score_trust": "9"})
        self.assertFalse(self.review.partner_score_trust)
        self.assertEqual(page.status_code, 400)
        self.assertIn("from 1 to 5", page.text)
        self.assertIn("Faster answers, please.", page.text, "what was posted")
        saved = self._post(url, scores)
        self.assertIn(
            "your scores are saved", self.url_open(saved.headers["Location"]).text
        )
        self.assertEqual(self.review.partner_score_mutual_benefit, 4)
        self.assertEqual(self.review.partner_comment, "Faster answers, please.")
        self.assertFalse(
            self.review.score_trust, "the vendor's side is not the partner's"
        )
        self.assertEqual(self.review.state, "planned")

    def test_other_company_gets_not_found(self):
        self.authenticate("prm_portal_user_b", "prm_portal_user_b")
        token = self._csrf("/my/registrations/new")
        self.assertNotIn("Reseller Agreement A", self.url_open("/my/relationship").text)
        missing = self.agreement.id + 1000
        for agreement_id in (self.agreement.id, missing):
            self.assertEqual(
                self.url_open(
                    f"/my/relationship/agreement/{agreement_id}/terms"
                ).status_code,
                404,
            )
            response = self._post(
                f"/my/relationship/agreement/{agreement_id}/sign",
                {"csrf_token": token, "agree": "on"},
            )
            self.assertEqual(response.status_code, 404)
        for review_id in (self.review.id, self.review.id + 1000):
            response = self._post(
                f"/my/relationship/review/{review_id}",
                {"csrf_token": token, "partner_score_trust": "1"},
            )
            self.assertEqual(response.status_code, 404)
        self.assertEqual(self.agreement.state, "draft")
        self.assertFalse(self.review.partner_score_trust)
