# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.exceptions import AccessError


class ResUsers(models.Model):
    _inherit = "res.users"

    def _prm_partner_env(self, partners):
        """The environment a partner-facing action runs in.

        Vendor users act with their own rights. A portal or integration user
        may only act for its own company: once that is checked, the action
        runs as superuser, the caller having no create or write rights of its
        own. Raises AccessError otherwise.
        """
        self.ensure_one()
        if not self.share:
            return self.env
        own = self.commercial_partner_id
        if any(partner.commercial_partner_id != own for partner in partners):
            raise AccessError(
                self.env._("You can only act for your own company's records.")
            )
        return self.env(su=True)

    def _prm_acting_for(self, partner):
        """(environment, partner company) of a partner-facing action.

        `partner` is a record, or an id when the action is called over RPC or
        from a data file. See _prm_partner_env for the rights.
        """
        if not isinstance(partner, models.BaseModel):
            partner = self.env["res.partner"].browse(partner)
        env = self._prm_partner_env(partner)
        return env, partner.commercial_partner_id.with_env(env)
