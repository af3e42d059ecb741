# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.base.tests.common import BaseCommon, new_test_user


class PartnerRelationshipCommon(BaseCommon):
    """A vendor with a channel manager, two partner managers and partners A and B."""

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
        cls.other_partner_manager = new_test_user(
            cls.env,
            login="prm_other_partner_manager",
            groups="base.group_user,partner_relationship.group_prm_user",
        )
        cls.type_strategic = cls.env.ref(
            "partner_relationship.partner_type_strategic_service"
        )
        cls.type_commodity = cls.env.ref(
            "partner_relationship.partner_type_commodity_supplier"
        )
        cls.program = cls.env.ref("partner_relationship.prm_program_partner")
        Grade = cls.env["res.partner.grade"]
        cls.pricelist_gold = cls.env["product.pricelist"].create({"name": "Gold PL"})
        cls.pricelist_silver = cls.env["product.pricelist"].create(
            {"name": "Silver PL"}
        )
        cls.tier_gold = Grade.create(
            {
                "name": "Test Gold",
                "sequence": 101,
                "partner_weight": 30,
                "pricelist_id": cls.pricelist_gold.id,
                "acceptance_deadline_hours": 24,
            }
        )
        cls.tier_silver = Grade.create(
            {
                "name": "Test Silver",
                "sequence": 102,
                "partner_weight": 10,
                "pricelist_id": cls.pricelist_silver.id,
            }
        )
        cls.partner_a = cls._create_channel_partner(
            "Partner A Ltd", cls.partner_manager
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
        cls.partner_b = cls._create_channel_partner(
            "Partner B GmbH", cls.other_partner_manager
        )

    @classmethod
    def _create_channel_partner(cls, name, manager, **values):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "is_channel_partner": True,
                "partner_type_id": cls.type_strategic.id,
                "relationship_kind": "strategic",
                "partner_manager_id": manager.id,
                **values,
            }
        )

    @classmethod
    def _create_agreement(cls, partner, start, end, **values):
        return cls.env["prm.agreement"].create(
            {
                "name": f"Agreement {partner.name}",
                "partner_id": partner.id,
                "program_id": cls.program.id,
                "date_start": start,
                "date_end": end,
                **values,
            }
        )

    @classmethod
    def _prm_second_company(cls):
        """A second company of the vendor: Aurora Devices Taiwan, in TWD at 30
        TWD to the dollar since 2020 (a rate shared by every company), with a
        channel partner bound to it and a programme of its own. The test's
        user and channel manager work in both companies.

        Sets cls.company_tw, cls.twd, cls.partner_tw and cls.program_tw;
        returns the company."""
        cls.twd = cls.env.ref("base.TWD")
        cls.twd.active = True
        cls.env["res.currency.rate"].create(
            {
                "currency_id": cls.twd.id,
                "name": "2020-01-01",
                "rate": 30.0,
                "company_id": False,
            }
        )
        cls.company_tw = cls.env["res.company"].create(
            {
                "name": "Aurora Devices Taiwan",
                "currency_id": cls.twd.id,
                "country_id": cls.env.ref("base.tw").id,
            }
        )
        (cls.env.user | cls.channel_manager).company_ids |= cls.company_tw
        cls.partner_tw = cls._create_channel_partner(
            "Formosa Networks", cls.partner_manager, company_id=cls.company_tw.id
        )
        cls.program_tw = cls.env["prm.program"].create(
            {"name": "Taiwan Partner Programme", "company_id": cls.company_tw.id}
        )
        return cls.company_tw
