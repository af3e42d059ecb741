# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class ResPartner(models.Model):
    """Vendor side: a connected partner's database hears of its tier and its
    tier price list."""

    _inherit = "res.partner"

    def write(self, vals):
        if "grade_id" not in vals:
            return super().write(vals)
        old_grade = {partner.id: partner.grade_id for partner in self}
        result = super().write(vals)
        changed = self.filtered(
            lambda partner: (
                partner.is_company and partner.grade_id != old_grade[partner.id]
            )
        )
        if changed:
            self.env["prm.sync.relationship.flow"]._prm_send_tiers(changed)
        return result

    def _apply_tier_benefits(self, benefits=None):
        """A connected partner's database receives its (new) tier price list."""
        result = super()._apply_tier_benefits(benefits=benefits)
        Flow = self.env["prm.sync.catalogue.flow"]
        connections = Flow._prm_partner_connections().filtered(
            lambda c: c.partner_id in self
        )
        if connections:
            Flow._prm_send_pricelists(connections=connections)
        return result
