# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.roles import check_role


class PrmAgreement(models.Model):
    """A partner agreement for a programme, valid between two dates once signed."""

    _name = "prm.agreement"
    _description = "Partner Agreement"
    _inherit = [
        "prm.agreement.mixin",
        "prm.partner.record.mixin",
        "prm.partner.company.mixin",
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date_end desc, id desc"

    name = fields.Char(tracking=True)
    program_id = fields.Many2one(
        "prm.program",
        string="Programme",
        required=True,
        tracking=True,
        check_company=True,
    )
    date_start = fields.Date(required=True, tracking=True)
    date_end = fields.Date(required=True, tracking=True)
    date_signed = fields.Date(tracking=True)
    signed_by = fields.Char(tracking=True)
    renewal_reminder_days = fields.Integer(
        string="Renewal Reminder (days)",
        default=30,
        help="Days before the end date at which the partner manager is reminded "
        "to renew.",
    )
    renewal_reminder_sent = fields.Boolean(readonly=True, copy=False)
    state = fields.Selection(copy=False, tracking=True, index=True)
    renewed_by_id = fields.Many2one("prm.agreement", readonly=True, copy=False)
    partner_id = fields.Many2one(tracking=True)

    def _compute_access_url(self):
        for agreement in self:
            agreement.access_url = "/my/relationship"

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for agreement in self:
            if agreement.date_end < agreement.date_start:
                raise ValidationError(
                    self.env._(
                        "Valid Until: %(agreement)s ends (%(end)s) before it "
                        "starts (%(start)s).",
                        agreement=agreement.name,
                        end=agreement.date_end,
                        start=agreement.date_start,
                    )
                )

    @api.constrains("renewal_reminder_days")
    def _check_reminder(self):
        for agreement in self:
            if agreement.renewal_reminder_days < 0:
                raise ValidationError(
                    self.env._("Renewal Reminder (days): cannot be negative.")
                )

    def action_sign(self, signed_by=None):
        """Record the partner's signature (also called by the portal and the sync)."""
        check_role(self, "action_sign")
        today = self._prm_check_signable()
        self.write(
            {
                "state": "signed",
                "date_signed": today,
                "signed_by": signed_by or self.env.user.name,
            }
        )
        self._close_renewal_reminders()
        return True

    def _prm_ended_error(self):
        return self.env._(
            "%(agreement)s ended on %(end)s: renew it instead of signing it.",
            agreement=self.name,
            end=self.date_end,
        )

    def _prm_partner_sign(self, signed_by=None):
        """A partner user signs its company's agreement (portal; the sync
        passes the name of the signatory in the partner's own database)."""
        env = self.env.user._prm_partner_env(self.partner_id)
        return self.with_env(env).action_sign(signed_by=signed_by or self.env.user.name)

    def _close_renewal_reminders(self):
        """A signed renewal closes the reminders of the agreement it renews."""
        renewed = self.search([("renewed_by_id", "in", self.ids)])
        renewed.activity_unlink(["mail.mail_activity_data_todo"])

    def action_cancel(self):
        check_role(self, "action_cancel")
        self.write({"state": "cancelled"})

    def action_renew(self):
        """Draft the next agreement, same duration, starting after this one."""
        check_role(self, "action_renew")
        self.ensure_one()
        if self.renewed_by_id:
            raise UserError(
                self.env._(
                    "%(agreement)s was already renewed by %(renewal)s.",
                    agreement=self.name,
                    renewal=self.renewed_by_id.name,
                )
            )
        duration = relativedelta(self.date_end, self.date_start)
        start = self.date_end + relativedelta(days=1)
        renewal = self.copy(
            {
                "name": self.env._("%(name)s (renewal)", name=self.name),
                "date_start": start,
                "date_end": start + duration,
            }
        )
        self.renewed_by_id = renewal
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": renewal.id,
            "view_mode": "form",
        }

    @api.model
    def _cron_agreement_lifecycle(self):
        """Expire ended agreements and remind partner managers of renewals."""
        today = fields.Date.context_today(self)
        expired = self.search([("state", "=", "signed"), ("date_end", "<", today)])
        expired.write({"state": "expired"})
        for agreement in expired:
            agreement.message_post(
                body=self.env._(
                    "Expired: new leads are no longer routed to %(partner)s until "
                    "a renewed agreement is signed.",
                    partner=agreement.partner_id.name,
                )
            )
        to_remind = self.search(
            [("state", "=", "signed"), ("renewal_reminder_sent", "=", False)]
        ).filtered(
            lambda a: a.date_end - relativedelta(days=a.renewal_reminder_days) <= today
        )
        for agreement in to_remind:
            agreement.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=agreement.date_end,
                summary=self.env._("Renew the agreement"),
                note=self.env._(
                    "%(agreement)s with %(partner)s ends on %(end)s.",
                    agreement=agreement.name,
                    partner=agreement.partner_id.name,
                    end=agreement.date_end,
                ),
                user_id=agreement.partner_id._prm_responsible_user().id,
            )
        to_remind.renewal_reminder_sent = True
