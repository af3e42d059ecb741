# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.base.tests.common import BaseCommon, new_test_user


class PartnerRelationshipCommon(BaseCommon):
    """A vendor with a channel manager, a partner manager and a partner company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.channel_manager = new_test_user(
            cls.env,
            login="prm_channel_manager",
            groups="base.group_user,partner_relationship.group_prm_manager",
        )
        cls.partner_manager = new_test_user(
            cls.env,
            login="prm_partner_manager",
            groups="base.group_user,partner_relationship.group_prm_user",
        )
        cls.type_strategic = cls.env.ref(
            "partner_relationship.partner_type_strategic_service"
        )
        cls.type_commodity = cls.env.ref(
            "partner_relationship.partner_type_commodity_supplier"
        )
        cls.partner_a = cls.env["res.partner"].create(
            {
                "name": "Partner A Ltd",
                "is_company": True,
                "is_channel_partner": True,
                "partner_type_id": cls.type_strategic.id,
                "relationship_kind": "strategic",
                "partner_manager_id": cls.partner_manager.id,
            }
        )
        cls.partner_a_contact = cls.env["res.partner"].create(
            {"name": "Ann of A", "parent_id": cls.partner_a.id}
        )
        cls.portal_user_a = new_test_user(
            cls.env,
            login="prm_portal_a",
            groups="base.group_portal",
            partner_id=cls.partner_a_contact.id,
        )
