# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.addons.base.tests.common import new_test_user

from .common import PartnerRelationshipCommon


class LeadRoutingCommon(PartnerRelationshipCommon):
    """Partners A (Gold) and B (Silver) cover the United States; C (Gold)
    covers Taiwan and specializes in networking. One rule per country."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.us = cls.env.ref("base.us")
        cls.tw = cls.env.ref("base.tw")
        cls.de = cls.env.ref("base.de")
        cls.networking = cls.env["product.category"].create({"name": "Networking"})
        cls.storage = cls.env["product.category"].create({"name": "Storage"})
        cls.partner_a.write(
            {
                "grade_id": cls.tier_gold.id,
                "territory_country_ids": [(6, 0, cls.us.ids)],
            }
        )
        cls.partner_b.write(
            {
                "grade_id": cls.tier_silver.id,
                "territory_country_ids": [(6, 0, cls.us.ids)],
            }
        )
        cls.partner_c = cls._create_channel_partner(
            "Partner C Taipei",
            cls.partner_manager,
            grade_id=cls.tier_gold.id,
            territory_country_ids=[(6, 0, cls.tw.ids)],
            specialization_ids=[(6, 0, cls.networking.ids)],
        )
        cls.portal_user_b = cls._create_portal_user(cls.partner_b, "prm_portal_b")
        Rule = cls.env["prm.routing.rule"]
        cls.rule_us = Rule.create(
            {"name": "United States", "sequence": 10, "country_ids": cls.us.ids}
        )
        cls.rule_tw = Rule.create(
            {
                "name": "Taiwan networking",
                "sequence": 20,
                "country_ids": cls.tw.ids,
                "require_specialization": True,
            }
        )
        if cls.prm_company != cls.company_main:
            # The main company's own partner and rule for the same countries:
            # the test company's leads must never reach them.
            cls.partner_main = cls._create_channel_partner(
                "Partner M Boston",
                cls.partner_manager,
                company_id=cls.company_main.id,
                grade_id=cls.tier_gold.id,
                territory_country_ids=[(6, 0, (cls.us | cls.tw).ids)],
                specialization_ids=[(6, 0, cls.networking.ids)],
            )
            Rule.create(
                {
                    "name": "Main company, everywhere",
                    "sequence": 1,
                    "country_ids": (cls.us | cls.tw).ids,
                    "company_id": cls.company_main.id,
                }
            )
        cls.Router = cls.env["prm.lead.router"]
        cls.unavailable_tag = cls.env.ref(
            "website_crm_partner_assign.tag_portal_lead_partner_unavailable"
        )

    @classmethod
    def _create_portal_user(cls, partner, login):
        contact = cls.env["res.partner"].create(
            {"name": f"Contact of {partner.name}", "parent_id": partner.id}
        )
        return new_test_user(
            cls.env, login=login, groups="base.group_portal", partner_id=contact.id
        )

    def _lead(self, name="Lead", country=None, **values):
        return self.env["crm.lead"].create(
            {
                "name": name,
                "type": "lead",
                "country_id": (country or self.us).id,
                **values,
            }
        )

    def _register(self, user, partner, **values):
        """`user` registers a deal for Harbor Freight Lines for `partner`."""
        return (
            self.env["prm.deal.registration"]
            .with_user(user)
            ._prm_partner_register(
                partner,
                {
                    "customer_name": "Harbor Freight Lines Inc.",
                    "customer_email_domain": "harborfreight.example.com",
                    "expected_revenue": 40000,
                    "date_close": date(2027, 7, 1),
                    **values,
                },
            )
        )

    def _leads(self, count, **values):
        return self.env["crm.lead"].create(
            [
                {
                    "name": f"Lead {index}",
                    "type": "lead",
                    "country_id": self.us.id,
                    **values,
                }
                for index in range(count)
            ]
        )
