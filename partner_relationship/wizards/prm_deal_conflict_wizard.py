# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

from ..models.prm_deal_conflict import CONFLICT_DECISIONS
from ..tools.roles import check_role


class PrmDealConflictWizard(models.TransientModel):
    """Approve a deal registration with conflicts: for each competing deal,
    keep both (with a reason), reassign it to the registering partner or
    close it as lost. What the partner is told and the internal note are
    apart."""

    _name = "prm.deal.conflict.wizard"
    _description = "Approve a Deal Registration with Conflicts"
    _check_company_auto = True

    registration_id = fields.Many2one(
        "prm.deal.registration",
        required=True,
        readonly=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(related="registration_id.company_id")
    partner_id = fields.Many2one(related="registration_id.partner_id")
    line_ids = fields.One2many(
        "prm.deal.conflict.wizard.line", "wizard_id", string="Competing Deals"
    )
    partner_message = fields.Text(
        string="Message to the Partner",
        help="E-mailed to the partner and shown on its portal. Never name the "
        "competing partner nor give internal reasons here.",
    )
    internal_note = fields.Text(
        help="Kept in the registration's internal notes, with the decisions; "
        "never sent to a partner."
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        registration = self.env["prm.deal.registration"].browse(
            values.get("registration_id")
        )
        if registration and "line_ids" in fields_list:
            values["line_ids"] = [
                Command.create({"conflict_id": conflict.id})
                for conflict in registration.conflict_ids
                if not conflict.decision
            ]
        if registration and "partner_message" in fields_list:
            values["partner_message"] = registration.decision_reason
        return values

    def action_approve(self):
        check_role(self, "action_approve")
        self.ensure_one()
        registration = self.registration_id
        registration.check_access("write")
        registration._check_state(("submitted",), self.env._("approved"))
        registration.sudo()._detect_conflicts()
        lines = self.line_ids.filtered(
            lambda line: (
                line.conflict_id.exists()
                and line.conflict_id.registration_id == registration
            )
        )
        for line in lines:
            line.conflict_id.sudo()._prm_decide(
                line.decision, line.reason, line.lost_reason_id
            )
        undecided = registration.sudo().conflict_ids.filtered(
            lambda conflict: not conflict.decision
        )
        if undecided:
            raise UserError(
                self.env._(
                    "%(registration)s: %(count)s competing deal(s) not decided "
                    "(found since this window was opened?): close it and approve "
                    "again.",
                    registration=registration.name,
                    count=len(undecided),
                )
            )
        registration._prm_approve(
            partner_message=self.partner_message or "",
            internal_note=self.internal_note,
        )
        return {"type": "ir.actions.act_window_close"}


class PrmDealConflictWizardLine(models.TransientModel):
    _name = "prm.deal.conflict.wizard.line"
    _description = "Decision on a Competing Deal"

    wizard_id = fields.Many2one(
        "prm.deal.conflict.wizard", required=True, ondelete="cascade"
    )
    conflict_id = fields.Many2one(
        "prm.deal.conflict", required=True, readonly=True, ondelete="cascade"
    )
    description = fields.Char(related="conflict_id.description")
    lead_id = fields.Many2one(related="conflict_id.lead_id")
    other_registration_id = fields.Many2one(related="conflict_id.other_registration_id")
    decision = fields.Selection(CONFLICT_DECISIONS)
    reason = fields.Text(help="Why: internal, never sent to a partner.")
    lost_reason_id = fields.Many2one("crm.lost.reason")
