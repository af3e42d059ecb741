# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The Vendor app of a partner's database in headless Chromium (Odoo's
tour), as a user of the partner sees it."""

from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from odoo.addons.base.tests.common import new_test_user
from odoo.addons.partner_relationship.tests.common import PartnerRelationshipCommon

from .common import unreachable_connection


@tagged("post_install", "-at_install")
class TestVendorAppTour(PartnerRelationshipCommon, HttpCase):
    """A database that is only a vendor's partner: connected to its vendor
    (no server behind the connection), no partner of its own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.partner"].search([("is_channel_partner", "=", True)]).write(
            {"is_channel_partner": False}
        )
        cls.env["prm.sync.connection"].search([]).unlink()
        # The partner's manager: its sales, purchases, service and the
        # connection's status (Tier and Sync Status are for channel managers).
        cls.owner = new_test_user(
            cls.env,
            login="prm_partner_owner",
            groups="base.group_user,sales_team.group_sale_salesman,"
            "purchase.group_purchase_user,helpdesk_mgmt.group_helpdesk_user_own,"
            "partner_relationship.group_prm_manager",
        )
        cls.vendor = cls.env["res.partner"].create(
            {"name": "Aurora Devices", "is_company": True, "supplier_rank": 1}
        )
        cls.to_vendor = unreachable_connection(
            cls.env, cls.vendor, "vendor", name="Aurora's database"
        )
        # What the vendor sent: our tier, an agreement, a fund, a product.
        cls.to_vendor.sudo().write(
            {"prm_vendor_tier": "Gold", "prm_vendor_tier_pricelist": "Gold PL"}
        )
        company = cls.to_vendor.company_id
        cls.env["prm.sync.agreement"].create(
            {
                "connection_id": cls.to_vendor.id,
                "name": "Aurora Reseller Agreement",
                "program_name": "Aurora Partner Programme",
                "date_start": fields.Date.today(),
                "date_end": fields.Date.today() + timedelta(days=365),
            }
        )
        cls.env["prm.vendor.fund"].create(
            {
                "name": "Aurora MDF",
                "connection_id": cls.to_vendor.id,
                "fund_state": "open",
                "amount": 5000,
            }
        )
        product = cls.env["product.template"].create(
            {"name": "Aurora Router", "default_code": "AR-200"}
        )
        cls.env["prm.sync.binding"]._prm_bind(cls.to_vendor, product, 200)
        Lead = cls.env["crm.lead"]
        for name, state in (
            ("Offered by Aurora", "offered"),
            ("Accepted from Aurora", "accepted"),
        ):
            Lead.create(
                {
                    "name": name,
                    "type": "lead",
                    "user_id": False,
                    "company_id": company.id,
                    "prm_vendor_connection_id": cls.to_vendor.id,
                    "prm_vendor_offer_state": state,
                }
            )
        cls.env["purchase.order"].create(
            {
                "partner_id": cls.vendor.id,
                "company_id": company.id,
                "prm_vendor_connection_id": cls.to_vendor.id,
                "prm_vendor_order": "S00042",
            }
        )

    def test_vendor_app_shows_what_the_vendor_shares(self):
        # Only a vendor's partner: the Partner Network app is hidden.
        self.assertNotIn(
            self.env.ref("partner_relationship.group_prm_network"),
            self.owner.groups_id,
        )
        self.env.cr.precommit.run()
        self.start_tour("/odoo", "prm_vendor_app", login=self.owner.login)
