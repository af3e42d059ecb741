# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    prm_mdf_expense_account_id = fields.Many2one(
        "account.account",
        string="MDF Expense Account",
        check_company=True,
        domain="[('deprecated', '=', False), ('account_type', 'in', "
        "('expense', 'expense_direct_cost'))]",
        help="Account of the vendor bills created from approved marketing fund "
        "claims. When empty, the expense account of the All products category.",
    )
    prm_mdf_journal_id = fields.Many2one(
        "account.journal",
        string="MDF Journal",
        check_company=True,
        domain="[('type', '=', 'purchase')]",
        help="Purchase journal of the vendor bills created from approved "
        "marketing fund claims. When empty, the company's first purchase journal.",
    )
    prm_mdf_partner_plan_id = fields.Many2one(
        "account.analytic.plan",
        string="MDF Partner Analytic Plan",
        help="Plan of the partners' analytic accounts on marketing fund bills. "
        "When empty, the partner's analytic account (in Channel Partners).",
    )
    prm_mdf_program_plan_id = fields.Many2one(
        "account.analytic.plan",
        string="MDF Programme Analytic Plan",
        help="Plan of the programmes' analytic accounts on marketing fund "
        "bills. When empty, the programme's analytic account (in Partner "
        "Programmes).",
    )
    prm_fund_over_allocation = fields.Selection(
        [
            ("refuse", "Refuse the request"),
            ("warn", "Submit it with a warning"),
        ],
        string="Requests Over the Allocation",
        default="warn",
        required=True,
        help="What happens to a fund request whose planned cost is more than "
        "its allocation's available amount (allocated, minus approved amounts "
        "not yet claimed, minus claims).",
    )

    prm_tier_close_ratio = fields.Float(
        string="Close to Next Tier (%)",
        default=80.0,
        digits=(5, 1),
        help="A partner is listed as close to its next tier when each of its "
        "figures reaches this share of the tier's threshold (a signed "
        "agreement, when required, aside).",
    )

    prm_repair_product_id = fields.Many2one(
        "product.product",
        string="Paid Repair Service",
        domain="[('type', '=', 'service')]",
        help="Service product quoted to partners for repairs out of warranty.",
    )

    @api.constrains("prm_tier_close_ratio")
    def _check_tier_close_ratio(self):
        for company in self:
            if not 0 < company.prm_tier_close_ratio <= 100:
                raise ValidationError(
                    self.env._(
                        "Close to Next Tier (%%): must be above 0 and at most 100 "
                        "for %(company)s.",
                        company=company.name,
                    )
                )

    def _prm_mdf_expense_account(self):
        """The account of a marketing fund bill line: the MDF Expense Account
        setting, else the expense account of the All products category (what
        a bill line of an uncategorised product takes)."""
        self.ensure_one()
        category = self.env.ref(
            "product.product_category_all", raise_if_not_found=False
        )
        account = self.prm_mdf_expense_account_id or (
            category
            and category.sudo().with_company(self).property_account_expense_categ_id
        )
        if not account:
            raise UserError(
                self.env._(
                    "%(company)s has no expense account for marketing funds: set "
                    "the MDF Expense Account in Settings > Partner Network.",
                    company=self.name,
                )
            )
        return account

    def _prm_mdf_analytic_plans(self):
        """(partner plan, programme plan) set for the marketing fund bills,
        each possibly empty (then the accounts the partner and the programme
        have, or new ones in Channel Partners and Partner Programmes)."""
        self.ensure_one()
        return self.prm_mdf_partner_plan_id, self.prm_mdf_program_plan_id
