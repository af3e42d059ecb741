# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tools import mute_logger

from .common import PartnerRelationshipCommon


class TestPartnerProfile(PartnerRelationshipCommon):
    def test_six_partner_types_ship_as_data(self):
        codes = set(self.env["prm.partner.type"].search([]).mapped("code"))
        self.assertLessEqual(
            {
                "strategic_service",
                "non_strategic_service",
                "value_added_supplier",
                "commodity_supplier",
                "network_operations",
                "application_service_provider",
            },
            codes,
        )

    def test_channel_manager_marks_company_as_channel_partner(self):
        company = (
            self.env["res.partner"]
            .with_user(self.channel_manager)
            .create({"name": "Granite Supply", "is_company": True})
        )
        contact = self.env["res.partner"].create(
            {"name": "Gina", "parent_id": company.id}
        )
        company.write(
            {
                "is_channel_partner": True,
                "partner_type_id": self.type_commodity.id,
                "relationship_kind": "commodity",
                "connection_mode": "connected",
            }
        )
        # The profile is commercial data: the company's contacts share it.
        self.assertTrue(contact.is_channel_partner)
        self.assertEqual(contact.partner_type_id, self.type_commodity)
        self.assertEqual(contact.connection_mode, "connected")
        self.assertEqual(self.type_commodity.partner_count, 1)

    def test_individual_cannot_be_channel_partner(self):
        with self.assertRaisesRegex(ValidationError, "Channel Partner: Jo Solo"):
            self.env["res.partner"].create(
                {"name": "Jo Solo", "is_channel_partner": True}
            )

    def test_negative_capacity_and_review_interval_are_refused(self):
        with self.assertRaisesRegex(ValidationError, "Lead Capacity"):
            self.partner_a.lead_capacity = -3
        with self.assertRaisesRegex(ValidationError, "Review Every"):
            self.env["res.partner"].create(
                {
                    "name": "Never reviewed",
                    "is_company": True,
                    "is_channel_partner": True,
                    "review_interval_months": 0,
                }
            )

    def test_partner_type_code_is_unique(self):
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self.env["prm.partner.type"].create(
                {"name": "Duplicate", "code": "commodity_supplier"}
            )

    def test_portal_user_cannot_change_partner_types(self):
        partner_type = self.type_strategic.with_user(self.portal_user_a)
        self.assertEqual(partner_type.name, "Strategic Service Partner")
        with self.assertRaises(AccessError):
            partner_type.write({"name": "Hacked"})

    def test_partner_manager_cannot_change_partner_types(self):
        with self.assertRaises(AccessError):
            self.env["prm.partner.type"].with_user(self.partner_manager).create(
                {"name": "Shadow type", "code": "shadow"}
            )
