# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from odoo.addons.partner_relationship.tools.roles import check_role


class PrmSyncVendorDecline(models.TransientModel):
    """Decline a lead the vendor offered, with the reason the vendor reads."""

    _name = "prm.sync.vendor.decline"
    _description = "Decline a Vendor's Lead"

    lead_ids = fields.Many2many(
        "crm.lead", default=lambda self: self.env.context.get("active_ids")
    )
    reason = fields.Text(required=True)

    def action_decline(self):
        check_role(self, "action_decline")
        self.ensure_one()
        return self.lead_ids.action_prm_vendor_decline(self.reason)
