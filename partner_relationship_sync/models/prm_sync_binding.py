# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class PrmSyncBinding(models.Model):
    """A local record and its counterpart in a connected database, with the
    version of the last change applied (older changes are discarded)."""

    _name = "prm.sync.binding"
    _description = "Partner Relationship Sync Binding"
    _log_access = False

    connection_id = fields.Many2one(
        "prm.sync.connection", required=True, index=True, ondelete="cascade"
    )
    res_model = fields.Char(string="Model", required=True)
    res_id = fields.Integer(string="Local Record", required=True, index=True)
    remote_id = fields.Integer(string="Remote Record", required=True)
    version = fields.Integer(
        help="Version of the last change applied from the remote; 0 when the "
        "record was created here.",
    )
    synced_values = fields.Json(
        help="The remote-owned values last written from the remote, to tell "
        "a local change (which loses, and is logged) from the remote's.",
    )

    _sql_constraints = [
        (
            "remote_unique",
            "UNIQUE(connection_id, res_model, remote_id)",
            "A remote record is bound to one local record per connection.",
        ),
    ]

    @api.model
    def _prm_find(self, connection, model, remote_id):
        return self.search(
            [
                ("connection_id", "=", connection.id),
                ("res_model", "=", model),
                ("remote_id", "=", remote_id),
            ],
            limit=1,
        )

    @api.model
    def _prm_find_many(self, connection, model, remote_ids):
        """{remote id: binding} of `remote_ids` on a connection."""
        bindings = self.search(
            [
                ("connection_id", "=", connection.id),
                ("res_model", "=", model),
                ("remote_id", "in", list(remote_ids)),
            ]
        )
        return {binding.remote_id: binding for binding in bindings}

    @api.model
    def _prm_of_records(self, records):
        """{local id: binding} of records, over every connection."""
        bindings = self.search(
            [("res_model", "=", records._name), ("res_id", "in", records.ids)]
        )
        return {binding.res_id: binding for binding in bindings}

    @api.model
    def _prm_bind_many(self, connection, model, pairs):
        """Bind local records to remote ones, [(local id, remote id)]."""
        local_of = {remote_id: res_id for res_id, remote_id in pairs}
        existing = self._prm_find_many(connection, model, local_of)
        for remote_id, binding in existing.items():
            if binding.res_id != local_of[remote_id]:
                binding.res_id = local_of[remote_id]
        return self.create(
            [
                {
                    "connection_id": connection.id,
                    "res_model": model,
                    "res_id": res_id,
                    "remote_id": remote_id,
                }
                for remote_id, res_id in local_of.items()
                if remote_id not in existing
            ]
        )

    @api.model
    def _prm_bind(self, connection, record, remote_id, version=0):
        binding = self._prm_find(connection, record._name, remote_id)
        if binding:
            binding.write(
                {"res_id": record.id, "version": max(version, binding.version)}
            )
            return binding
        return self.create(
            {
                "connection_id": connection.id,
                "res_model": record._name,
                "res_id": record.id,
                "remote_id": remote_id,
                "version": version,
            }
        )
