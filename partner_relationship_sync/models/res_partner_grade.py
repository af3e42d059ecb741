# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from .prm_sync_relationship_flow import TIER_BENEFITS

# Changes of a tier its connected partners' databases hear about.
SYNCED_FIELDS = {"name", "pricelist_id", *TIER_BENEFITS}


class ResPartnerGrade(models.Model):
    """Vendor side: a changed tier is told to its connected partners."""

    _inherit = "res.partner.grade"

    def write(self, vals):
        result = super().write(vals)
        if SYNCED_FIELDS & set(vals):
            self.env["prm.sync.relationship.flow"]._prm_send_tiers(
                self.env["res.partner"]
                .sudo()
                .search([("grade_id", "in", self.ids), ("is_company", "=", True)])
            )
        return result
