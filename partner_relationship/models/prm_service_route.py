# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class PrmServiceRoute(models.Model):
    """Which vendor team handles a partner's service requests, by category
    and partner tier. The first matching route (by sequence) wins."""

    _name = "prm.service.route"
    _description = "Service Request Route"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    category_id = fields.Many2one(
        "helpdesk.ticket.category",
        help="Requests of this category; empty for every category.",
    )
    grade_ids = fields.Many2many(
        "res.partner.grade",
        string="Tiers",
        help="Requests of partners of these tiers; empty for every tier.",
    )
    team_id = fields.Many2one("helpdesk.ticket.team", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="team_id.company_id", store=True)

    @api.model
    def _team_for(self, category, grade, company=None):
        """The team of the first route for the category and tier, among the
        teams of `company` (and those of no company) when given."""
        domain = [("company_id", "in", [company.id, False])] if company else []
        for route in self.search(domain):
            if route.category_id and route.category_id != category:
                continue
            if route.grade_ids and grade not in route.grade_ids:
                continue
            return route.team_id
        return self.env["helpdesk.ticket.team"]
