# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

RELATIONSHIP_KINDS = [
    ("commodity", "Commodity-based"),
    ("strategic", "Strategic"),
    ("market_facing", "Market-facing"),
]

CONNECTION_MODES = [
    ("portal", "Portal only"),
    ("connected", "Connected instance"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    is_channel_partner = fields.Boolean(
        string="Channel Partner",
        tracking=True,
        help="A company of the vendor's partner network (reseller, distributor, "
        "service provider, supplier).",
    )
    partner_type_id = fields.Many2one(
        "prm.partner.type",
        tracking=True,
        index="btree_not_null",
    )
    relationship_kind = fields.Selection(
        RELATIONSHIP_KINDS,
        tracking=True,
        help="Commodity-based: price and availability drive the relationship. "
        "Strategic: shared plans and investments. "
        "Market-facing: the partner sells or serves the vendor's customers.",
    )
    partner_manager_id = fields.Many2one(
        "res.users",
        tracking=True,
        index="btree_not_null",
        domain=[("share", "=", False)],
        help="Vendor user who manages the relationship with this partner.",
    )
    connection_mode = fields.Selection(
        CONNECTION_MODES,
        default="portal",
        tracking=True,
        help="Portal only: the partner works in the vendor's portal. "
        "Connected instance: the partner runs its own Odoo database, "
        "synchronised with the vendor's.",
    )

    @api.model
    def _commercial_fields(self):
        return [
            *super()._commercial_fields(),
            "is_channel_partner",
            "partner_type_id",
            "relationship_kind",
            "partner_manager_id",
            "connection_mode",
        ]

    @api.constrains("is_channel_partner", "is_company", "parent_id")
    def _check_channel_partner_is_company(self):
        for partner in self:
            if partner.is_channel_partner and not (
                partner.is_company or partner.parent_id
            ):
                raise ValidationError(
                    self.env._(
                        "Channel Partner: %(name)s is an individual; only a "
                        "company (or a contact of one) can be a channel partner.",
                        name=partner.display_name,
                    )
                )
