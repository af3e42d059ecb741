# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

# Changes a connected partner's database hears about.
SYNCED_FIELDS = {
    "name",
    "program_id",
    "date_start",
    "date_end",
    "state",
    "date_signed",
    "signed_by",
    "terms_document",
    "terms_filename",
}


class PrmAgreement(models.Model):
    """Vendor side: a connected partner's database mirrors its agreements."""

    _inherit = "prm.agreement"

    @api.model_create_multi
    def create(self, vals_list):
        agreements = super().create(vals_list)
        self.env["prm.sync.relationship.flow"]._prm_send_agreements(agreements)
        return agreements

    def write(self, vals):
        result = super().write(vals)
        if SYNCED_FIELDS & set(vals):
            self.env["prm.sync.relationship.flow"]._prm_send_agreements(self)
        return result
