# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError


class PrmSyncConnection(models.Model):
    """The catalogue and inventory buttons of a connection, and the versions
    of the last whole-state messages applied (older ones are discarded)."""

    _inherit = "prm.sync.connection"

    prm_vmi_share_version = fields.Integer(
        string="Last Shared Inventory Applied",
        readonly=True,
        groups="base.group_system",
    )
    prm_vmi_proposal_version = fields.Integer(
        string="Last Proposals Applied", readonly=True, groups="base.group_system"
    )

    def action_prm_send_catalogue(self):
        """The initial full push of the central catalogue to a partner."""
        partners = self.filtered(lambda c: c.remote_role == "partner")
        if partners != self:
            raise UserError(self.env._("Send Catalogue: only to a partner's database."))
        self.env["prm.sync.catalogue.flow"]._prm_send_catalogue(self.sudo())
        return True

    def action_prm_share_inventory(self):
        """Share this database's inventory figures with the vendor now."""
        if self.filtered(lambda c: c.remote_role != "vendor"):
            raise UserError(
                self.env._("Share Inventory: only with a vendor's database.")
            )
        self.env["prm.sync.vmi.flow"]._prm_share_inventory(self.sudo())
        return True
