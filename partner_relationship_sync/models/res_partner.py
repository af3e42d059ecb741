# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _apply_tier_benefits(self):
        """A connected partner's database receives its (new) tier price list."""
        result = super()._apply_tier_benefits()
        Flow = self.env["prm.sync.catalogue.flow"]
        connections = Flow._prm_partner_connections().filtered(
            lambda c: c.partner_id in self
        )
        if connections:
            Flow._prm_send_pricelists(connections=connections)
        return result
