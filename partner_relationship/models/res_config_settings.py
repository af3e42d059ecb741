# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    group_prm_network = fields.Boolean(
        string="Partner Network App",
        implied_group="partner_relationship.group_prm_network",
        group="partner_relationship.group_prm_user",
    )
    prm_fund_over_allocation = fields.Selection(
        related="company_id.prm_fund_over_allocation", readonly=False
    )
    prm_mdf_expense_account_id = fields.Many2one(
        related="company_id.prm_mdf_expense_account_id",
        readonly=False,
        check_company=True,
    )
    prm_mdf_journal_id = fields.Many2one(
        related="company_id.prm_mdf_journal_id", readonly=False, check_company=True
    )
    prm_mdf_partner_plan_id = fields.Many2one(
        related="company_id.prm_mdf_partner_plan_id", readonly=False
    )
    prm_mdf_program_plan_id = fields.Many2one(
        related="company_id.prm_mdf_program_plan_id", readonly=False
    )
    prm_tier_close_ratio = fields.Float(
        related="company_id.prm_tier_close_ratio", readonly=False
    )
