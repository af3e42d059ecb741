# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import ast
import logging

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import plaintext2html

from ..models.prm_central_mixin import PRM_CENTRAL_RELEASE_KEY
from ..tools.roles import check_role

_logger = logging.getLogger(__name__)


class PrmCentralRelease(models.TransientModel):
    """Let a system administrator correct or remove centrally maintained
    records, e.g. ones received from a connected database, with a reason that
    is logged."""

    _name = "prm.central.release"
    _description = "Correct or Remove Central Record"

    res_model = fields.Char(string="Model", required=True)
    res_ids = fields.Text(
        string="Record IDs", required=True, help="The ids, as a list: [1, 2]."
    )
    record_names = fields.Text(string="Records", compute="_compute_record_names")
    action = fields.Selection(
        [("release", "Release and edit here"), ("delete", "Delete")],
        required=True,
        default="release",
        help="Release: the records stop being maintained centrally in this "
        "database and you edit them as your own. Delete: the records are "
        "removed from this database.",
    )
    reason = fields.Text(
        required=True,
        help="Why the records must be corrected or removed; logged, and noted "
        "in each record's chatter.",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        model = self.env.context.get("active_model")
        ids = self.env.context.get("active_ids") or (
            [self.env.context["active_id"]] if self.env.context.get("active_id") else []
        )
        if model and ids:
            values.setdefault("res_model", model)
            values.setdefault("res_ids", repr([int(i) for i in ids]))
        return values

    @api.depends("res_model", "res_ids")
    def _compute_record_names(self):
        for wizard in self:
            try:
                records = wizard._prm_target_records()
            except UserError:
                records = None
            wizard.record_names = (
                "\n".join(records.mapped("display_name")) if records else False
            )

    @api.constrains("reason")
    def _check_reason(self):
        for wizard in self:
            if not (wizard.reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Reason: say why the centrally maintained records must "
                        "be corrected or removed; it is logged."
                    )
                )

    def _prm_target_records(self):
        """The existing records the wizard acts on, of a centrally
        maintainable model."""
        self.ensure_one()
        if (
            self.res_model not in self.env
            or self.res_model
            not in self.env.registry["prm.central.mixin"]._inherit_children
        ):
            raise UserError(
                self.env._(
                    "%(model)s records are not maintained centrally.",
                    model=self.res_model or "?",
                )
            )
        try:
            ids = ast.literal_eval(self.res_ids or "[]")
            ids = [int(i) for i in (ids if isinstance(ids, list | tuple) else [ids])]
        except (ValueError, TypeError, SyntaxError) as error:
            raise UserError(
                self.env._("Record IDs: give a list of ids, such as [1, 2].")
            ) from error
        return self.env[self.res_model].browse(ids).exists()

    def action_apply(self):
        check_role(self, "action_apply")
        self.ensure_one()
        self._check_reason()
        reason = self.reason.strip()
        records = self._prm_target_records()
        if not records:
            raise UserError(self.env._("The selected records no longer exist."))
        not_central = records.filtered(lambda r: not r.is_central)
        if not_central:
            raise UserError(
                self.env._(
                    "%(records)s: not maintained centrally; change or delete "
                    "them as usual.",
                    records=", ".join(not_central.mapped("display_name")),
                )
            )
        if self.action == "release":
            return self._prm_release(records, reason)
        return self._prm_delete(records, reason)

    def _prm_owner_name(self, record):
        return record._prm_central_owner().sudo().name

    def _prm_release(self, records, reason):
        owners = {record.id: self._prm_owner_name(record) for record in records}
        records.with_context(**{PRM_CENTRAL_RELEASE_KEY: True}).write(
            {"is_central": False, "central_owner_id": False}
        )
        is_thread = isinstance(records, self.env.registry["mail.thread"])
        for record in records:
            _logger.warning(
                "%s %s (%s) released by %s (user %s), no longer maintained "
                "centrally by %s. Reason: %s",
                record._name,
                record.id,
                record.display_name,
                self.env.user.login,
                self.env.uid,
                owners[record.id],
                reason,
            )
            if is_thread:
                headline = self.env._(
                    "%(admin)s released this record: it is no longer maintained "
                    "centrally by %(owner)s and may be edited here. Reason:",
                    admin=self.env.user.name,
                    owner=owners[record.id],
                )
                record.message_post(
                    body=Markup("<p>%s</p>%s") % (headline, plaintext2html(reason)),
                    message_type="comment",
                    subtype_xmlid="mail.mt_note",
                )
        records._prm_on_central_release(reason)
        return {"type": "ir.actions.act_window_close"}

    def _prm_delete(self, records, reason):
        described = [
            (record.id, record.display_name, self._prm_owner_name(record))
            for record in records
        ]
        model = records._name
        description = self.env["ir.model"]._get(model).name
        records._prm_on_central_release(reason)
        records.with_context(**{PRM_CENTRAL_RELEASE_KEY: True}).unlink()
        for record_id, name, owner in described:
            _logger.warning(
                "%s %s (%s), maintained centrally by %s, deleted by %s (user %s). "
                "Reason: %s",
                model,
                record_id,
                name,
                owner,
                self.env.user.login,
                self.env.uid,
                reason,
            )
        return {
            "type": "ir.actions.act_window",
            "name": description,
            "res_model": model,
            "views": [(False, "list"), (False, "form")],
            "target": "main",
        }
