# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class PrmSyncConflict(models.Model):
    """A change that lost to the owner of the field: the value overwritten,
    the value that won, and the message that carried it."""

    _name = "prm.sync.conflict"
    _description = "Partner Relationship Sync Conflict"
    _order = "id desc"

    connection_id = fields.Many2one(
        "prm.sync.connection", required=True, index=True, ondelete="cascade"
    )
    res_model = fields.Char(string="Model", required=True, readonly=True)
    res_id = fields.Integer(string="Record", required=True, readonly=True)
    record_name = fields.Char(compute="_compute_record_name")
    field_name = fields.Char(string="Field", required=True, readonly=True)
    field_description = fields.Char(
        string="Field Label", compute="_compute_field_description"
    )
    local_value = fields.Char(string="Lost Value", readonly=True)
    remote_value = fields.Char(string="Value Kept", readonly=True)
    winner = fields.Selection(
        [("remote", "The Remote Database"), ("local", "This Database")],
        required=True,
        readonly=True,
        help="Whose change was kept: the owner of the field.",
    )
    message_uuid = fields.Char(string="Message ID", readonly=True)

    @api.depends("res_model", "res_id")
    def _compute_record_name(self):
        for model, conflicts in self.grouped("res_model").items():
            records = self.env[model].browse(conflicts.mapped("res_id")).exists()
            names = {record.id: record.display_name for record in records}
            for conflict in conflicts:
                conflict.record_name = names.get(conflict.res_id, False)

    @api.depends("res_model", "field_name")
    def _compute_field_description(self):
        for conflict in self:
            field = self.env[conflict.res_model]._fields.get(conflict.field_name)
            conflict.field_description = field.string if field else conflict.field_name
