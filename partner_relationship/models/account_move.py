# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    prm_fund_claim_id = fields.Many2one(
        "prm.fund.claim",
        string="MDF Claim",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The marketing fund claim this vendor bill pays.",
    )
