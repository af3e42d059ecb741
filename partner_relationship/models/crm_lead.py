# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmLead(models.Model):
    _inherit = "crm.lead"

    fund_request_id = fields.Many2one(
        "prm.fund.request",
        string="Funded Activity",
        index="btree_not_null",
        help="The marketing activity, paid with development funds, that "
        "brought this lead (for the fund's return on investment).",
    )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_routing_allowed(
            {vals.get("partner_assigned_id") for vals in vals_list}
        )
        return super().create(vals_list)

    def write(self, vals):
        partner_id = vals.get("partner_assigned_id")
        if partner_id and self.filtered(
            lambda lead: lead.partner_assigned_id.id != partner_id
        ):
            self._check_routing_allowed({partner_id})
        return super().write(vals)

    @api.model
    def _check_routing_allowed(self, partner_ids):
        """New leads go to no partner whose agreement has expired."""
        partners = self.env["res.partner"].browse(filter(None, partner_ids)).exists()
        blocked = partners.filtered("lead_routing_blocked")
        if blocked:
            raise UserError(
                self.env._(
                    "Assigned Partner: the agreement of %(partners)s has expired; "
                    "no new leads go to them until a renewed agreement is signed.",
                    partners=", ".join(blocked.mapped("name")),
                )
            )

    def search_geo_partner(self):
        """Odoo's geographic assignment, minus partners whose agreement expired."""
        choices = super().search_geo_partner()
        partners = self.env["res.partner"].browse(set(choices.values()))
        blocked = partners.filtered("lead_routing_blocked").ids
        return {
            lead_id: partner_id
            for lead_id, partner_id in choices.items()
            if partner_id not in blocked
        }
