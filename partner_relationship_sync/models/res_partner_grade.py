# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from .prm_sync_relationship_flow import TIER_BENEFITS

# Changes of a tier its connected partners' databases hear about: its name,
# and its benefits in a company (prm.tier.benefit; the tier's own benefit
# fields write them).
SYNCED_FIELDS = {"name"}
SYNCED_BENEFITS = {"pricelist_id", *TIER_BENEFITS}


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


class PrmTierBenefit(models.Model):
    """Vendor side: a tier's changed benefits in a company are told to the
    connected partners of that tier."""

    _inherit = "prm.tier.benefit"

    @api.model_create_multi
    def create(self, vals_list):
        benefits = super().create(vals_list)
        benefits._prm_send_tiers()
        return benefits

    def write(self, vals):
        result = super().write(vals)
        if SYNCED_BENEFITS & set(vals) or "company_id" in vals:
            self._prm_send_tiers()
        return result

    def _prm_send_tiers(self):
        self.env["prm.sync.relationship.flow"]._prm_send_tiers(
            self.env["res.partner"]
            .sudo()
            .search([("grade_id", "in", self.tier_id.ids), ("is_company", "=", True)])
        )
