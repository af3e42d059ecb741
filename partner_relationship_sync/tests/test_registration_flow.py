# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The vendor's side of the deal registration flow, in one database: what a
partner's registration names (the exchanges themselves are tested between
two databases in the repository's tests/test_sync_registrations.py)."""

from odoo.tests import tagged

from odoo.addons.partner_relationship.tests.common import PartnerRelationshipCommon

from .common import unreachable_connection


@tagged("post_install", "-at_install")
class TestRegistrationFlow(PartnerRelationshipCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._prm_taiwan_company()
        cls.partner_tw = cls._create_channel_partner(
            "Formosa Networks", cls.partner_manager, company_id=cls.company_tw.id
        )
        cls.connection = unreachable_connection(
            cls.env, cls.partner_tw, "partner", company_id=cls.company_tw.id
        )
        # Each company sells its own router under the same reference.
        cls.router_us, cls.router_tw = cls.env["product.product"].create(
            [
                {"name": "Router R1", "default_code": "R1", "company_id": company.id}
                for company in (cls.company_main, cls.company_tw)
            ]
        )

    def test_products_named_by_reference_are_the_connection_company(self):
        """The Taiwan partner's registration names router R1 by its internal
        reference: it is the Taiwan company's R1, never the US company's
        namesake (which the registration, a Taiwan one, could not hold)."""
        Flow = self.env["prm.sync.registration.flow"].with_company(self.company_tw)
        registration = Flow._prm_register(
            self.connection.with_company(self.company_tw),
            {
                "payload": {
                    "partner_lead_id": 7,
                    "customer_name": "Taipei Metro",
                    "products": [{"partner_product_id": 70, "default_code": "R1"}],
                }
            },
        )
        self.assertEqual(registration.company_id, self.company_tw)
        self.assertEqual(registration.product_ids, self.router_tw)
