# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The portal home of a channel partner: one tile per area with its own
count of the partner's own records, and what waits for the partner, each
with a link to it; the suite's list pages with breadcrumbs and table
headers; the progress form's stages in the pipeline's order."""

from datetime import date, timedelta

import lxml.html

from odoo.tests import tagged

from .portal_common import PortalCommon

COUNTERS = [
    "prm_waiting_count",
    "prm_registration_count",
    "prm_fund_count",
    "prm_agreement_count",
    "prm_service_count",
    "prm_warranty_count",
    "prm_inventory_count",
    "prm_colleague_count",
    "prm_order_count",
]


@tagged("post_install", "-at_install")
class TestPortalHome(PortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = date.today()
        cls.program = cls.env.ref("partner_relationship.prm_program_partner")
        budget = cls.env["prm.fund.budget"].create(
            {
                "name": "Home MDF",
                "program_id": cls.program.id,
                "date_start": today - timedelta(days=10),
                "date_end": today + timedelta(days=100),
                "amount": 10000,
            }
        )
        budget.action_open()
        cls.helpdesk = cls.env.ref("partner_relationship.prm_shared_service_helpdesk")
        # Partner A: one record of each kind; partner B: two of each.
        cls.records = {
            partner: cls._records_of(partner, budget, count)
            for partner, count in ((cls.partner_a, 1), (cls.partner_b, 2))
        }
        cls.env["prm.shared.service.subscription"]._prm_partner_subscribe(
            cls.partner_a, cls.helpdesk
        )
        cls.customer = cls.env["res.partner"].create({"name": "Home Retail Customer"})
        cls._portal_user(cls.customer, "prm_portal_home_customer")
        # B has two colleagues on the portal, A one; a contact without
        # portal access is no colleague there.
        cls._portal_user(cls.partner_b, "prm_portal_home_b2")
        cls.env["res.partner"].create(
            {"name": "No portal of B", "parent_id": cls.partner_b.id}
        )

    @classmethod
    def _records_of(cls, partner, budget, count):
        today = date.today()
        allocation = cls.env["prm.fund.allocation"].create(
            {"budget_id": budget.id, "partner_id": partner.id, "amount": 5000}
        )
        records = {"agreements": [], "reviews": [], "requests": [], "orders": []}
        for index in range(count):
            records["agreements"].append(
                cls.env["prm.agreement"].create(
                    {
                        "name": f"Home agreement {partner.name} {index}",
                        "partner_id": partner.id,
                        "program_id": cls.program.id,
                        "date_start": today,
                        "date_end": today + timedelta(days=365),
                    }
                )
            )
            records["reviews"].append(
                cls.env["prm.review"].create(
                    {"partner_id": partner.id, "date_planned": today + timedelta(index)}
                )
            )
            fund_request = cls.env["prm.fund.request"]._prm_partner_create(
                allocation,
                {
                    "name": f"Home booth {partner.name} {index}",
                    "date_start": today,
                    "date_end": today + timedelta(days=2),
                    "planned_cost": 100,
                    "objectives": "Meet buyers",
                    "expected_results": "Leads",
                },
            )
            fund_request.action_submit()
            fund_request.action_return("Add the booth's size")
            records["requests"].append(fund_request)
            records["orders"].append(cls._order_of(partner))
        # Neither a cancelled indirect order nor a direct one is counted.
        cls._order_of(partner).state = "cancel"
        cls._order_of(partner, end_customer=False)
        return records

    @classmethod
    def _order_of(cls, partner, end_customer=True):
        """An order of `partner` (for one of its customers: indirect), which
        the partner follows, as a confirmed order."""
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "end_customer_id": end_customer
                and cls.env["res.partner"]
                .create({"name": f"Customer of {partner.name}"})
                .id,
            }
        )
        order.message_subscribe(partner_ids=partner.ids)
        return order

    def _counters(self, login):
        self.authenticate(login, login)
        return self.make_jsonrpc_request("/my/counters", {"counters": COUNTERS})

    def test_each_tile_counts_the_partners_own_records(self):
        lead = self._lead_for(self.partner_a, name="Home lead")
        self.assertEqual(lead.prm_offer_state, "offered")
        self.assertEqual(
            self._counters("prm_portal_user_a"),
            {
                # an offered lead, an agreement to sign, a request sent back,
                # a review to score
                "prm_waiting_count": 4,
                "prm_registration_count": 0,
                "prm_fund_count": 1,
                # the agreement and the planned review
                "prm_agreement_count": 2,
                "prm_service_count": 1,
                "prm_warranty_count": 0,
                "prm_inventory_count": 0,
                "prm_colleague_count": 1,
                "prm_order_count": 1,
            },
        )
        self.assertEqual(
            self._counters("prm_portal_user_b"),
            {
                "prm_waiting_count": 6,
                "prm_registration_count": 0,
                "prm_fund_count": 2,
                "prm_agreement_count": 4,
                "prm_service_count": 0,
                "prm_warranty_count": 0,
                "prm_inventory_count": 0,
                "prm_colleague_count": 2,
                "prm_order_count": 2,
            },
        )
        self.assertEqual(
            self._counters("prm_portal_home_customer"), dict.fromkeys(COUNTERS, 0)
        )
        # The Colleagues tile counts the colleagues its page lists.
        self.authenticate("prm_portal_user_b", "prm_portal_user_b")
        page = self.url_open("/my/colleagues").text
        self.assertEqual(page.count('class="prm_colleague"'), 2)

    def test_counters_take_as_many_queries_for_more_records(self):
        """Counted set-wise: B's twice as many records cost no query more."""
        queries = {}
        for login in ("prm_portal_user_a", "prm_portal_user_b"):
            self._counters(login)  # warm-up: caches of the user
            before = self.cr.sql_log_count
            self.make_jsonrpc_request("/my/counters", {"counters": COUNTERS})
            queries[login] = self.cr.sql_log_count - before
        self.assertGreater(queries["prm_portal_user_a"], 0, "the request is counted")
        self.assertEqual(queries["prm_portal_user_a"], queries["prm_portal_user_b"])

    def test_every_area_has_its_own_tile_and_counter(self):
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        home = lxml.html.fromstring(self.url_open("/my").text)
        tiles = {
            tile.get("href"): tile.xpath(".//*[@data-placeholder_count]")
            for tile in home.xpath("//div[hasclass('o_portal_index_card')]/a")
        }
        for url, counter in (
            ("/my/partner", "prm_waiting_count"),
            ("/my/registrations", "prm_registration_count"),
            ("/my/funds", "prm_fund_count"),
            ("/my/relationship", "prm_agreement_count"),
            ("/my/services", "prm_service_count"),
            ("/my/warranty", "prm_warranty_count"),
            ("/my/inventory", "prm_inventory_count"),
            ("/my/colleagues", "prm_colleague_count"),
            ("/my/catalog", "prm_order_count"),
        ):
            with self.subTest(url=url):
                self.assertIn(url, tiles)
                self.assertEqual(
                    [span.get("data-placeholder_count") for span in tiles[url]],
                    [counter],
                )
        self.authenticate("prm_portal_home_customer", "prm_portal_home_customer")
        home = self.url_open("/my").text
        self.assertNotIn('href="/my/partner"', home)
        self.assertNotIn("prm_action_items", home)

    def test_waiting_for_you_links_each_pending_item(self):
        lead = self._lead_for(self.partner_a, name="Home lead")
        mine, theirs = self.records[self.partner_a], self.records[self.partner_b]
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        home = lxml.html.fromstring(self.url_open("/my").text)
        (waiting,) = home.xpath("//div[hasclass('prm_action_items')]")
        links = waiting.xpath(".//a/@href")
        self.assertEqual(
            links,
            [
                f"/my/lead/{lead.id}",
                f"/my/relationship#prm_agreement_{mine['agreements'][0].id}",
                f"/my/funds/request/{mine['requests'][0].id}/edit",
                f"/my/relationship#prm_review_{mine['reviews'][0].id}",
            ],
        )
        text = waiting.text_content()
        self.assertIn("Add the booth's size", text)
        for agreement in theirs["agreements"]:
            self.assertNotIn(agreement.name, text)
        # Each link leads to the item: the anchors exist on their page.
        page = lxml.html.fromstring(self.url_open("/my/relationship").text)
        for anchor in (
            f"prm_agreement_{mine['agreements'][0].id}",
            f"prm_review_{mine['reviews'][0].id}",
        ):
            self.assertIsNotNone(page.get_element_by_id(anchor, None), anchor)
        edit = self.url_open(f"/my/funds/request/{mine['requests'][0].id}/edit")
        self.assertEqual(edit.status_code, 200)

    def test_list_pages_have_breadcrumbs_and_table_headers(self):
        self.env["prm.vmi.upload"]._prm_partner_upload(
            self.partner_a,
            "stock.csv",
            b"type,product_code,location,date_from,date_to,quantity\n"
            b"stock,NOPE,Main,2026-01-05,,12\n",
        )
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        for url, crumb in (
            ("/my/partner", "Partner Programme"),
            ("/my/registrations", "Deal Registrations"),
            ("/my/funds", "Marketing Funds"),
            ("/my/relationship", "Agreements and Reviews"),
            ("/my/services", "Shared Services"),
            ("/my/warranty", "Warranty Claims"),
            ("/my/warranty/new", "New claim"),
            ("/my/inventory", "Inventory Sharing"),
            ("/my/colleagues", "Colleagues"),
            ("/my/catalog", "Catalog"),
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200)
                page = lxml.html.fromstring(response.text)
                crumbs = [
                    item.text_content().strip()
                    for item in page.xpath("//ol[hasclass('breadcrumb')]/li")
                ]
                self.assertEqual(crumbs[-1], crumb)
                for table in page.xpath("//table"):
                    self.assertTrue(
                        table.xpath("./thead/tr/th"), f"a table of {url} has no header"
                    )
        tables = lxml.html.fromstring(self.url_open("/my/funds").text).xpath("//table")
        self.assertTrue(tables, "the requests are listed in a table")
        tables = lxml.html.fromstring(self.url_open("/my/inventory").text).xpath(
            "//table"
        )
        self.assertTrue(tables, "the uploads are listed in a table")

    def test_progress_form_lists_stages_in_pipeline_order(self):
        lead = self._lead_for(self.partner_a, name="Home opportunity")
        lead.with_user(self.user_a).action_prm_accept()
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        page = lxml.html.fromstring(self.url_open(f"/my/opportunity/{lead.id}").text)
        shown = [
            int(value)
            for value in page.xpath("//select[@id='prm_stage']/option/@value")
        ]
        stages = self.env["crm.stage"].search(
            [
                ("is_won", "!=", True),
                "|",
                ("team_id", "=", False),
                ("team_id", "=", lead.team_id.id),
            ]
        )
        self.assertGreater(len(stages), 1)
        self.assertEqual(shown, stages.ids, "crm.stage's order: its sequence")
