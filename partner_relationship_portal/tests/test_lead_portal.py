# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from odoo.tests import tagged

from .portal_common import PortalCommon


@tagged("post_install", "-at_install")
class TestLeadPortal(PortalCommon):
    def test_accept_from_the_lead_page(self):
        lead = self._lead_for(self.partner_a)
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        page = self.url_open(f"/my/lead/{lead.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("prm_offer_deadline", page.text)
        self.assertIn(f"/my/lead/{lead.id}/accept", page.text)
        token = self._csrf(f"/my/lead/{lead.id}")
        response = self._post(f"/my/lead/{lead.id}/accept", {"csrf_token": token})
        self.assertEqual(response.status_code, 303)
        self.assertTrue(
            response.headers["Location"].endswith(
                f"/my/opportunity/{lead.id}?message=accepted"
            )
        )
        self.assertEqual(lead.prm_offer_state, "accepted")
        self.assertEqual(lead.type, "opportunity")
        page = self.url_open(response.headers["Location"])
        self.assertIn("is now your opportunity", page.text)
        self.assertIn("prm_progress_form", page.text)

    def test_decline_needs_a_reason(self):
        lead = self._lead_for(self.partner_a)
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        token = self._csrf(f"/my/lead/{lead.id}")
        page = self._post(
            f"/my/lead/{lead.id}/decline", {"csrf_token": token, "reason": " "}
        )
        self.assertEqual(lead.partner_assigned_id, self.partner_a)
        self.assertEqual(page.status_code, 400)
        self.assertIn("prm_portal_error", page.text)
        self.assertIn("tell the vendor why", page.text)
        response = self._post(
            f"/my/lead/{lead.id}/decline",
            {"csrf_token": token, "reason": "Outside our region"},
        )
        self.assertEqual(response.status_code, 303)
        self.assertNotEqual(lead.partner_assigned_id, self.partner_a)
        self.assertIn(self.partner_a, lead.partner_declined_ids)

    def test_an_answer_is_shown_once_where_it_was_given(self):
        """The result of an answer comes with its redirect (?message=), not
        through the session: the next page does not repeat it."""
        first = self._lead_for(self.partner_a, name="First lead")
        second = self._lead_for(self.partner_a, name="Second lead")
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        token = self._csrf(f"/my/lead/{first.id}")
        response = self._post(
            f"/my/lead/{first.id}/decline",
            {"csrf_token": token, "reason": "Outside our region"},
        )
        self.assertEqual(response.status_code, 303)
        self.assertIn(
            "Declined: the lead goes to another partner.",
            self.url_open(response.headers["Location"]).text,
        )
        self.assertNotIn("Declined", self.url_open(f"/my/lead/{second.id}").text)
        self.assertNotIn("Declined", self.url_open("/my/leads").text)

    def test_other_partner_and_missing_leads_look_the_same(self):
        lead = self._lead_for(self.partner_a)
        self.authenticate("prm_portal_user_b", "prm_portal_user_b")
        token = self._csrf("/my/registrations/new")
        missing = self.env["crm.lead"].search([], order="id desc", limit=1).id + 1000
        for lead_id in (lead.id, missing):
            for action, data in (
                ("accept", {}),
                ("decline", {"reason": "mine"}),
            ):
                with self.subTest(lead=lead_id, action=action):
                    response = self._post(
                        f"/my/lead/{lead_id}/{action}", {"csrf_token": token, **data}
                    )
                    self.assertEqual(response.status_code, 404)
            response = self._post(
                f"/my/opportunity/{lead_id}/progress",
                {"csrf_token": token, "probability": "90"},
            )
            self.assertEqual(response.status_code, 404)
        self.assertEqual(lead.partner_assigned_id, self.partner_a)
        self.assertEqual(lead.prm_offer_state, "offered")

    def test_missing_csrf_token_is_refused(self):
        lead = self._lead_for(self.partner_a)
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        response = self._post(f"/my/lead/{lead.id}/accept", {"reason": "no token"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(lead.prm_offer_state, "offered")

    def test_progress_form_ignores_forged_fields(self):
        lead = self._lead_for(self.partner_a)
        lead.with_user(self.user_a).action_prm_accept()
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        token = self._csrf(f"/my/opportunity/{lead.id}")
        close = (date.today() + timedelta(days=30)).isoformat()
        response = self._post(
            f"/my/opportunity/{lead.id}/progress",
            {
                "csrf_token": token,
                "probability": "70",
                "expected_revenue": "12000",
                "date_deadline": close,
                "partner_assigned_id": str(self.partner_b.id),
                "prm_offer_state": "offered",
                "user_id": "1",
            },
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(lead.probability, 70)
        self.assertEqual(lead.expected_revenue, 12000)
        self.assertEqual(lead.partner_assigned_id, self.partner_a)
        self.assertEqual(lead.prm_offer_state, "accepted")
        # A bad value is refused with the reason, nothing saved.
        page = self._post(
            f"/my/opportunity/{lead.id}/progress",
            {"csrf_token": token, "probability": "150"},
        )
        self.assertEqual(lead.probability, 70)
        self.assertEqual(page.status_code, 400)
        self.assertIn("between 0 and 100", page.text)
        self.assertIn('value="150"', page.text, "the form shows what was posted")
        self._post(
            f"/my/opportunity/{lead.id}/progress",
            {"csrf_token": token, "outcome": "won"},
        )
        self.assertTrue(lead.stage_id.is_won)

    def test_partner_home_lists_what_waits(self):
        lead = self._lead_for(self.partner_a, name="Clinic Wi-Fi")
        self.env["res.partner.grade"].create(
            {
                "name": "Portal Platinum",
                "sequence": self.tier.sequence - 1,
                "evaluated": True,
                "min_won_leads": 3,
                "partner_weight": 20,
            }
        )
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        page = self.url_open("/my/partner")
        self.assertEqual(page.status_code, 200)
        self.assertIn(f'href="/my/lead/{lead.id}"', page.text)
        self.assertIn("Clinic Wi-Fi", page.text)
        self.assertIn("To reach Portal Platinum", page.text)
        self.assertIn("Won leads", page.text)
        self.assertIn("prm_scorecard", page.text)
        self.authenticate("prm_portal_user_b", "prm_portal_user_b")
        page = self.url_open("/my/partner")
        self.assertNotIn("Clinic Wi-Fi", page.text)
        self.assertIn("Nothing waits for you.", page.text)

    def test_lead_list_search_filter_and_pages(self):
        offered = self._lead_for(self.partner_a, name="Alpha clinic lead")
        self.env["crm.lead"].create(
            [
                {
                    "name": f"Beta school lead {number}",
                    "type": "lead",
                    "partner_assigned_id": self.partner_a.id,
                }
                for number in range(85)
            ]
        )
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        found = self.url_open("/my/leads?search=alpha").text
        self.assertIn(offered.name, found)
        self.assertNotIn("Beta school lead", found)
        awaiting = self.url_open("/my/leads?filterby=awaiting").text
        self.assertIn(offered.name, awaiting)
        self.assertNotIn("Beta school lead", awaiting)
        first_page = self.url_open("/my/leads?search=beta&sortby=name").text
        self.assertIn("/my/leads/page/2?", first_page)
        self.assertRegex(first_page, r"/my/leads/page/2\?[^\"]*search=beta")
        second_page = self.url_open("/my/leads/page/2?search=beta&sortby=name").text
        self.assertIn("Beta school lead", second_page)
        self.assertNotIn(offered.name, second_page)
        opportunities = self.url_open("/my/opportunities?search=nothing-matches").text
        self.assertNotIn("Beta school lead", opportunities)

    def test_partner_home_lists_ten_and_counts_the_rest(self):
        leads = self.env["crm.lead"].create(
            [
                {
                    "name": f"Waiting lead {number:02d}",
                    "type": "lead",
                    "country_id": self.us.id,
                    "partner_declined_ids": [(6, 0, self.partner_b.ids)],
                }
                for number in range(12)
            ]
        )
        self.env["prm.lead.router"]._route(leads)
        self.assertEqual(set(leads.mapped("prm_offer_state")), {"offered"})
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        page = self.url_open("/my/partner").text
        self.assertEqual(page.count('class="list-group-item prm_offered_lead"'), 10)
        self.assertIn("and 2 more leads to answer", page)
        self.assertRegex(
            page, r"Hours left:\s*4[78]<", "a countdown to the 48 h deadline"
        )
        self.assertIn('href="/my/leads?filterby=awaiting"', page)
