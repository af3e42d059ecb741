# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError


class PrmSyncConnection(models.Model):
    """Our standing with a vendor (partner side), as the vendor tells it;
    and, vendor side, sending it all again to a partner's database."""

    _inherit = "prm.sync.connection"

    prm_vendor_tier = fields.Char(string="Our Tier", readonly=True, tracking=True)
    prm_vendor_tier_pricelist = fields.Char(string="Tier Price List", readonly=True)
    prm_vendor_tier_acceptance_hours = fields.Integer(
        string="Lead Acceptance Deadline (hours)", readonly=True
    )
    prm_vendor_tier_protection_days = fields.Integer(
        string="Deal Protection (days)", readonly=True
    )
    prm_vendor_tier_resolution_hours = fields.Integer(
        string="Service Resolution Time (hours)", readonly=True
    )
    prm_vendor_tier_mdf_share = fields.Float(
        string="MDF Share (%)", digits=(5, 2), readonly=True
    )
    prm_vendor_tier_date = fields.Datetime(string="Tier Received On", readonly=True)
    prm_agreement_ids = fields.One2many(
        "prm.sync.agreement", "connection_id", string="Vendor Agreements"
    )

    def action_prm_send_relationship(self):
        """Vendor side: send the partner its current tier and agreements
        (e.g. right after connecting)."""
        Flow = self.env["prm.sync.relationship.flow"]
        for connection in self:
            if connection.remote_role != "partner":
                raise UserError(
                    self.env._(
                        "%(connection)s: only a partner's database is told its "
                        "tier and agreements.",
                        connection=connection.display_name,
                    )
                )
            partner = connection.partner_id.commercial_partner_id
            Flow._prm_send_tiers(partner)
            Flow._prm_send_agreements(
                self.env["prm.agreement"]
                .sudo()
                .search([("partner_id", "=", partner.id)])
            )
        return True
