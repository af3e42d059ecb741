# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo import api, fields, models

from ..tools.roles import check_role


class PrmVmiImportWizard(models.TransientModel):
    """Import a partner's stock, sell-through and forecast file."""

    _name = "prm.vmi.import.wizard"
    _description = "Import Shared Inventory Figures"

    partner_id = fields.Many2one(
        "res.partner",
        required=True,
        domain=[("is_channel_partner", "=", True), ("is_company", "=", True)],
    )
    file = fields.Binary(required=True)
    filename = fields.Char()
    import_valid_rows = fields.Boolean(
        help="Import the valid rows of a file that has errors (else nothing is "
        "imported until the file is corrected)."
    )
    upload_id = fields.Many2one("prm.vmi.upload", readonly=True)
    error_text = fields.Text(related="upload_id.error_text")
    state = fields.Selection(related="upload_id.state")

    def action_import(self):
        check_role(self, "action_import")
        self.ensure_one()
        self.upload_id = self.env["prm.vmi.upload"]._prm_partner_upload(
            self.partner_id,
            self.filename,
            base64.b64decode(self.file),
            import_valid_rows=self.import_valid_rows,
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    @api.model
    def action_download_template(self):
        check_role(self, "action_download_template")
        attachment = self.env["ir.attachment"].create(
            {
                "name": "inventory_template.csv",
                "raw": self.env["prm.vmi.upload"]._template_csv().encode(),
                "mimetype": "text/csv",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }
