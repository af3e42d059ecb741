# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        # An invoice of an order a connected partner placed: tell the partner.
        posted.invoice_line_ids.sale_line_ids.order_id._prm_report_to_partner()
        return posted

    def _invoice_paid_hook(self):
        result = super()._invoice_paid_hook()
        self.invoice_line_ids.sale_line_ids.order_id._prm_report_to_partner()
        return result
