# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    fund_request_id = fields.Many2one(
        "prm.fund.request",
        string="Funded Activity",
        index="btree_not_null",
        help="The marketing activity, paid with development funds, that "
        "brought this lead (for the fund's return on investment).",
    )
