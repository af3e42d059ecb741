# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class PrmProgram(models.Model):
    """A partner programme: what agreements are signed for and funds budgeted on."""

    _name = "prm.program"
    _description = "Partner Programme"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Html(translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    analytic_account_id = fields.Many2one(
        "account.analytic.account",
        copy=False,
        help="Where the programme's marketing fund expenses are analysed.",
    )

    def _prm_analytic_account(self):
        """The programme's analytic account in the Partner Programmes plan."""
        self.ensure_one()
        program = self.sudo()
        if not program.analytic_account_id:
            program.analytic_account_id = (
                self.env["account.analytic.account"]
                .sudo()
                .create(
                    {
                        "name": program.name,
                        "plan_id": self.env.ref(
                            "partner_relationship.analytic_plan_programmes"
                        ).id,
                    }
                )
            )
        return program.analytic_account_id
