# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models, tools


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
    remote_model = fields.Char(
        required=True,
        help="The remote's model of the record (by default the counterpart the "
        "flows bind this model to, see `_prm_counterpart`); for a whole state "
        "sent in one message (shared inventory, proposals), the message's kind.",
    )
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
            "UNIQUE(connection_id, res_model, remote_model, remote_id)",
            "A remote record is bound to one local record per connection.",
        ),
    ]

    @api.model
    @tools.ormcache("model")
    def _prm_counterpart(self, model):
        """The remote model the flows bind records of `model` to, unless they
        name another (the vendor's sale order is the partner's purchase
        order, etc.); the same model when no flow says otherwise."""
        return self.env["prm.sync.flow"]._prm_all_counterparts().get(model, model)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("remote_model"):
                vals["remote_model"] = self._prm_counterpart(vals["res_model"])
        return super().create(vals_list)

    @api.model
    def _prm_find(self, connection, model, remote_id, remote_model=None):
        return self.search(
            [
                ("connection_id", "=", connection.id),
                ("res_model", "=", model),
                ("remote_model", "=", remote_model or self._prm_counterpart(model)),
                ("remote_id", "=", remote_id),
            ],
            limit=1,
        )

    @api.model
    def _prm_find_many(self, connection, model, remote_ids, remote_model=None):
        """{remote id: binding} of `remote_ids` on a connection."""
        bindings = self.search(
            [
                ("connection_id", "=", connection.id),
                ("res_model", "=", model),
                ("remote_model", "=", remote_model or self._prm_counterpart(model)),
                ("remote_id", "in", list(remote_ids)),
            ]
        )
        return {binding.remote_id: binding for binding in bindings}

    @api.model
    def _prm_of_records(self, records, remote_model=None):
        """{local id: binding} of records, over every connection."""
        bindings = self.search(
            [
                ("res_model", "=", records._name),
                (
                    "remote_model",
                    "=",
                    remote_model or self._prm_counterpart(records._name),
                ),
                ("res_id", "in", records.ids),
            ]
        )
        return {binding.res_id: binding for binding in bindings}

    @api.model
    def _prm_bind_many(self, connection, model, pairs, version=None):
        """Bind local records to remote ones, [(local id, remote id)]; with a
        `version`, at that version (else a binding keeps its own)."""
        local_of = {remote_id: res_id for res_id, remote_id in pairs}
        existing = self._prm_find_many(connection, model, local_of)
        for remote_id, binding in existing.items():
            values = {"res_id": local_of[remote_id]}
            if version is not None:
                values["version"] = version
            if any(binding[name] != value for name, value in values.items()):
                binding.write(values)
        return self.create(
            [
                {
                    "connection_id": connection.id,
                    "res_model": model,
                    "res_id": res_id,
                    "remote_id": remote_id,
                    "version": version or 0,
                }
                for remote_id, res_id in local_of.items()
                if remote_id not in existing
            ]
        )

    @api.model
    def _prm_bind(self, connection, record, remote_id, version=0, remote_model=None):
        remote_model = remote_model or self._prm_counterpart(record._name)
        binding = self._prm_find(connection, record._name, remote_id, remote_model)
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
                "remote_model": remote_model,
                "remote_id": remote_id,
                "version": version,
            }
        )
