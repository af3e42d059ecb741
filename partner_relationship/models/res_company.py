# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError


class ResCompany(models.Model):
    _inherit = "res.company"

    prm_mdf_expense_account_id = fields.Many2one(
        "account.account",
        string="MDF Expense Account",
        domain="[('account_type', '=', 'expense')]",
        help="Account of the vendor bills created from approved marketing fund "
        "claims. When empty, the first expense account is used.",
    )

    prm_repair_product_id = fields.Many2one(
        "product.product",
        string="Paid Repair Service",
        domain="[('type', '=', 'service')]",
        help="Service product quoted to partners for repairs out of warranty.",
    )

    def _prm_mdf_expense_account(self):
        self.ensure_one()
        account = self.prm_mdf_expense_account_id or self.env[
            "account.account"
        ].with_company(self).search(
            [
                *self.env["account.account"]._check_company_domain(self),
                ("account_type", "=", "expense"),
            ],
            limit=1,
        )
        if not account:
            raise UserError(
                self.env._(
                    "%(company)s has no expense account for marketing funds: set "
                    "the MDF Expense Account on the company.",
                    company=self.name,
                )
            )
        return account
