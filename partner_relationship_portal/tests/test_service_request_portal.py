# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

import lxml.html

from odoo.tests import tagged

from .portal_common import PortalCommon


@tagged("post_install", "-at_install")
class TestServiceRequestPortal(PortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tier.service_resolution_hours = 8
        cls.category = cls.env["helpdesk.ticket.category"].create(
            {"name": "Portal hardware fault", "show_in_portal": True}
        )
        cls.env.company.helpdesk_mgmt_portal_select_category = True
        cls.scanner = cls.env["product.product"].create(
            {
                "name": "Portal Scanner X2",
                "is_storable": True,
                "tracking": "serial",
                "list_price": 90,
            }
        )
        cls.serial = cls.env["stock.lot"].create(
            {"name": "X2-0001", "product_id": cls.scanner.id}
        )
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.partner_a.id,
                "order_line": [(0, 0, {"product_id": cls.scanner.id})],
            }
        )
        order.action_confirm()
        cls.customer_a = cls.env["res.partner"].create(
            {"name": "Portal Bakery", "end_customer_of_id": cls.partner_a.id}
        )
        cls.customer_b = cls.env["res.partner"].create(
            {"name": "Portal Brewery", "end_customer_of_id": cls.partner_b.id}
        )

    def _submit(self, data, files=None):
        data = {"csrf_token": self._csrf("/new/ticket"), **data}
        return self.url_open(
            "/submitted/ticket", data=data, files=files, allow_redirects=False
        )

    def test_request_for_an_end_customer_with_serial_and_attachment(self):
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        form = self.url_open("/new/ticket").text
        self.assertIn("Portal Bakery", form)
        self.assertNotIn("Portal Brewery", form)
        self.assertIn("Portal Scanner X2", form)
        response = self._submit(
            {
                "subject": "Scanner does not start",
                "description": "Dead after the update.",
                "category": self.category.id,
                "end_customer_id": self.customer_a.id,
                "product_id": self.scanner.id,
                "serial": "X2-0001",
                "stage_id": "999",
            },
            files={"attachment": ("photo.jpg", b"\xff\xd8 picture", "image/jpeg")},
        )
        self.assertEqual(response.status_code, 303, response.text[:300])
        ticket = self.env["helpdesk.ticket"].search(
            [("name", "=", "Scanner does not start")]
        )
        self.assertIn(f"/my/ticket/{ticket.id}", response.headers["Location"])
        self.assertEqual(ticket.prm_partner_id, self.partner_a)
        self.assertEqual(ticket.end_customer_id, self.customer_a)
        self.assertEqual(ticket.lot_id, self.serial)
        self.assertEqual(ticket.prm_grade_id, self.tier)
        self.assertTrue(ticket.prm_sla_deadline)
        self.assertEqual(ticket.attachment_ids.mapped("name"), ["photo.jpg"])
        page = self.url_open(f"/my/ticket/{ticket.id}").text
        self.assertIn("Scanner does not start", page)
        # A colleague of the same company follows the same request.
        self._portal_user(self.partner_a, "prm_portal_colleague_a")
        self.authenticate("prm_portal_colleague_a", "prm_portal_colleague_a")
        self.assertIn(
            "Scanner does not start", self.url_open(f"/my/ticket/{ticket.id}").text
        )
        # And replies in the chatter.
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "helpdesk.ticket",
                "thread_id": ticket.id,
                "post_data": {
                    "body": "Serial photo attached",
                    "message_type": "comment",
                },
            },
        )
        self.assertIn("Serial photo attached", ticket.message_ids.mapped("body")[0])

    def test_bad_requests_create_nothing(self):
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        tickets = self.env["helpdesk.ticket"].search_count([])
        cases = [
            (
                {"end_customer_id": self.customer_b.id},
                "choose one of your own customers",
            ),
            ({"product_id": self.scanner.id, "serial": "NOPE"}, "is not a serial of"),
            ({"serial": "X2-0001"}, "choose the product first"),
            ({"description": ""}, "explain what the customer needs"),
        ]
        for data, message in cases:
            response = self._submit(
                {"subject": "Broken", "description": "Broken.", **data}
            )
            self.assertEqual(response.status_code, 400, data)
            self.assertIn(message, response.text)
        self.assertEqual(self.env["helpdesk.ticket"].search_count([]), tickets)

    def test_refused_serial_keeps_the_choices_and_names_the_files(self):
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        response = self._submit(
            {
                "subject": "Broken",
                "description": "Broken.",
                "category": str(self.category.id),
                "end_customer_id": str(self.customer_a.id),
                "product_id": str(self.scanner.id),
                "serial": "NOPE",
            },
            files={"attachment": ("photo.jpg", b"\xff\xd8 picture", "image/jpeg")},
        )
        self.assertEqual(response.status_code, 400)
        page = lxml.html.fromstring(response.text)
        for select, value in (
            ("category", self.category.id),
            ("end_customer_id", self.customer_a.id),
            ("product_id", self.scanner.id),
        ):
            self.assertEqual(
                page.xpath(f"//select[@name='{select}']/option[@selected]/@value"),
                [str(value)],
                select,
            )
        self.assertEqual(page.xpath("//input[@name='serial']/@value"), ["NOPE"])
        self.assertIn(
            "photo.jpg", page.xpath("string(//*[hasclass('prm_request_files')])")
        )

    def test_other_company_cannot_read_or_close_a_request(self):
        ticket = self.env["helpdesk.ticket"]._prm_partner_open_request(
            self.partner_a, {"name": "A's request", "description": "Private"}
        )
        closing = self.env["helpdesk.ticket.stage"].search(
            [("close_from_portal", "=", True)], limit=1
        ) or self.env["helpdesk.ticket.stage"].create(
            {"name": "Closed by partner", "close_from_portal": True, "closed": True}
        )
        stage = ticket.stage_id
        self.authenticate("prm_portal_user_b", "prm_portal_user_b")
        response = self.url_open(f"/my/ticket/{ticket.id}", allow_redirects=False)
        self.assertEqual(response.headers.get("Location", "").rstrip("/")[-3:], "/my")
        response = self._post(
            "/ticket/close",
            {
                "ticket_id": ticket.id,
                "stage_id": closing.id,
                "csrf_token": self._csrf("/new/ticket"),
            },
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(ticket.stage_id, stage)

    def test_closing_a_request_takes_the_form_with_its_token(self):
        ticket = self.env["helpdesk.ticket"]._prm_partner_open_request(
            self.partner_a, {"name": "A's request", "description": "Done"}
        )
        closing = self.env["helpdesk.ticket.stage"].create(
            {"name": "Solved by partner", "close_from_portal": True, "closed": True}
        )
        not_closing = self.env["helpdesk.ticket.stage"].create(
            {"name": "Escalated", "closed": False}
        )
        stage = ticket.stage_id
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        page = self.url_open(f"/my/ticket/{ticket.id}").text
        form = re.search(r'(?s)<form[^>]*action="/ticket/close".*?</form>', page)
        self.assertTrue(form, "the page offers to close the ticket")
        self.assertIn('method="post"', form.group(0))
        self.assertIn('name="csrf_token"', form.group(0))
        query = f"ticket_id={ticket.id}&stage_id={closing.id}"
        # A link (a GET, without token) changes nothing.
        response = self.url_open(f"/ticket/close?{query}", allow_redirects=False)
        self.assertEqual(response.status_code, 405)
        self.assertEqual(ticket.stage_id, stage)
        data = {"ticket_id": ticket.id, "stage_id": closing.id}
        self.assertEqual(self._post("/ticket/close", data).status_code, 400)
        self.assertEqual(ticket.stage_id, stage, "no CSRF token, no change")
        token = self._csrf(f"/my/ticket/{ticket.id}")
        response = self._post(
            "/ticket/close",
            {**data, "stage_id": not_closing.id, "csrf_token": token},
        )
        # Not a closing stage: nothing changes, back to the ticket's page.
        self.assertEqual(response.status_code, 302)
        self.assertTrue(
            response.headers["Location"].endswith(f"/my/ticket/{ticket.id}")
        )
        self.assertEqual(ticket.stage_id, stage)
        response = self._post("/ticket/close", {**data, "csrf_token": token})
        self.assertEqual(response.status_code, 302)
        self.assertTrue(
            response.headers["Location"].endswith(f"/my/ticket/{ticket.id}")
        )
        self.assertEqual(ticket.stage_id, closing)

    def test_the_form_is_taken_by_post_only(self):
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        tickets = self.env["helpdesk.ticket"].search_count([])
        response = self.url_open(
            "/submitted/ticket?subject=Link&description=Opened+by+a+link",
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 405)
        self.assertEqual(self.env["helpdesk.ticket"].search_count([]), tickets)
