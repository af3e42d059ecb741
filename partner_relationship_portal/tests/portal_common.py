# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo.tests import HttpCase

from odoo.addons.base.tests.common import new_test_user

CSRF_PATTERN = re.compile(r'name="csrf_token" value="([^"]+)"')


class PortalCommon(HttpCase):
    """Channel partners A and B, each with a portal user (password = login),
    and a routing rule for the United States."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.us = cls.env.ref("base.us")
        cls.tier = cls.env["res.partner.grade"].create(
            {"name": "Portal Gold", "partner_weight": 10}
        )
        cls.partner_a = cls._channel_partner("Portal Partner A")
        cls.partner_b = cls._channel_partner("Portal Partner B")
        cls.user_a = cls._portal_user(cls.partner_a, "prm_portal_user_a")
        cls.user_b = cls._portal_user(cls.partner_b, "prm_portal_user_b")
        cls.env["prm.routing.rule"].create(
            {"name": "Portal US", "country_ids": cls.us.ids}
        )

    @classmethod
    def _channel_partner(cls, name):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "is_channel_partner": True,
                "grade_id": cls.tier.id,
                "territory_country_ids": [(6, 0, cls.us.ids)],
            }
        )

    @classmethod
    def _portal_user(cls, company, login):
        return new_test_user(
            cls.env,
            login=login,
            password=login,
            groups="base.group_portal",
            partner_id=cls.env["res.partner"]
            .create({"name": f"Contact of {company.name}", "parent_id": company.id})
            .id,
        )

    def _lead_for(self, partner, name="Portal lead"):
        """A lead offered to `partner` by the router."""
        other = self.partner_b if partner == self.partner_a else self.partner_a
        lead = self.env["crm.lead"].create(
            {
                "name": name,
                "type": "lead",
                "country_id": self.us.id,
                "partner_declined_ids": [(6, 0, other.ids)],
            }
        )
        self.env["prm.lead.router"]._route(lead)
        self.assertEqual(lead.partner_assigned_id, partner)
        return lead

    def _csrf(self, url):
        match = CSRF_PATTERN.search(self.url_open(url).text)
        self.assertTrue(match, f"no form on {url}")
        return match.group(1)

    def _post(self, url, data, allow_redirects=False):
        return self.url_open(url, data=data, allow_redirects=allow_redirects)
