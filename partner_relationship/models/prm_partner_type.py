# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .res_partner import RELATIONSHIP_KINDS


class PrmPartnerType(models.Model):
    """What a channel partner does for the vendor (data, extendable)."""

    _name = "prm.partner.type"
    _description = "Channel Partner Type"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Stable technical key, used by the sync between databases.",
    )
    sequence = fields.Integer(default=10)
    description = fields.Text(
        translate=True,
        help="Shown to companies applying through the website, under the list "
        "of partner types.",
    )
    relationship_kind = fields.Selection(
        RELATIONSHIP_KINDS,
        help="The relationship a partner of this type usually has with the "
        "vendor: given to its applicants and to partners given this type.",
    )
    active = fields.Boolean(default=True)
    partner_count = fields.Integer(string="Partners", compute="_compute_partner_count")

    _sql_constraints = [
        ("code_unique", "UNIQUE(code)", "The code of a partner type must be unique."),
    ]

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("partner_type_id", "in", self.ids), ("is_company", "=", True)],
                ["partner_type_id"],
                ["__count"],
            )
        )
        for partner_type in self:
            partner_type.partner_count = counts.get(partner_type, 0)
