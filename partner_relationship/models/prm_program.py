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

    def _prm_analytic_account(self, plan=None):
        """The programme's analytic account; in `plan` when one is given (the
        company's setting; a programme is in one company), else the one it
        has or a new one in Partner Programmes."""
        self.ensure_one()
        program = self.sudo()
        account = program.analytic_account_id
        if not account or (plan and account.plan_id != plan):
            plan = plan or self.env.ref("partner_relationship.analytic_plan_programmes")
            program.analytic_account_id = (
                self.env["account.analytic.account"]
                .sudo()
                .create({"name": program.name, "plan_id": plan.id})
            )
        return program.analytic_account_id
