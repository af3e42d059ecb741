# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.roles import check_role


class PrmTierProposal(models.Model):
    """A tier change proposed by the evaluation, decided by the partner manager.

    Nothing changes a tier silently: the proposal keeps the figures it was
    based on, and who approved or rejected it, as history.
    """

    _name = "prm.tier.proposal"
    _description = "Tier Change Proposal"
    _inherit = [
        "prm.partner.record.mixin",
        "prm.partner.company.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "create_date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", required=True, index=True, readonly=True
    )
    partner_manager_id = fields.Many2one(
        related="partner_id.partner_manager_id", store=True
    )
    current_grade_id = fields.Many2one(
        "res.partner.grade", string="Current Tier", readonly=True
    )
    proposed_grade_id = fields.Many2one(
        "res.partner.grade", string="Proposed Tier", required=True, readonly=True
    )
    direction = fields.Selection(
        [("upgrade", "Upgrade"), ("downgrade", "Downgrade")],
        compute="_compute_direction",
        store=True,
    )
    revenue = fields.Float(string="12-month Revenue", readonly=True)
    won_leads = fields.Integer(readonly=True)
    acceptance_rate = fields.Float(
        string="Acceptance Rate (%)", readonly=True, digits=(5, 1)
    )
    certifications = fields.Integer(readonly=True)
    agreement_signed = fields.Boolean(readonly=True)
    state = fields.Selection(
        [("pending", "To Decide"), ("approved", "Approved"), ("rejected", "Rejected")],
        default="pending",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    decided_by_id = fields.Many2one("res.users", readonly=True)
    date_decided = fields.Datetime(readonly=True)
    rejection_reason = fields.Text()

    @api.depends("current_grade_id.sequence", "proposed_grade_id.sequence")
    def _compute_direction(self):
        for proposal in self:
            current = proposal.current_grade_id
            # A lower sequence is a higher tier; no tier at all is the lowest.
            proposal.direction = (
                "upgrade"
                if not current or proposal.proposed_grade_id.sequence < current.sequence
                else "downgrade"
            )

    def _check_pending(self):
        for proposal in self:
            if proposal.state != "pending":
                raise UserError(
                    self.env._(
                        "The proposal for %(partner)s was already %(state)s.",
                        partner=proposal.partner_id.name,
                        state=dict(
                            self._fields["state"]._description_selection(self.env)
                        )[proposal.state],
                    )
                )

    def action_approve(self):
        check_role(self, "action_approve")
        self._check_pending()
        # Partner managers may not set tiers by hand; approving a proposal on
        # a partner they manage (record rules) is how they change one.
        self.check_access("write")
        for proposal in self:
            proposal.partner_id.sudo().grade_id = proposal.proposed_grade_id
            proposal.partner_id.message_post(
                body=self.env._(
                    "Tier changed from %(old)s to %(new)s (proposal approved by "
                    "%(user)s).",
                    old=proposal.current_grade_id.name or "-",
                    new=proposal.proposed_grade_id.name,
                    user=self.env.user.name,
                )
            )
        self._close("approved")
        return True

    def action_reject(self):
        check_role(self, "action_reject")
        self._check_pending()
        for proposal in self:
            if not proposal.rejection_reason:
                raise UserError(
                    self.env._(
                        "Rejection Reason: say why the tier of %(partner)s stays "
                        "as it is.",
                        partner=proposal.partner_id.name,
                    )
                )
        self._close("rejected")
        return True

    def _close(self, state):
        self.write(
            {
                "state": state,
                "decided_by_id": self.env.user.id,
                "date_decided": fields.Datetime.now(),
            }
        )
        self.activity_unlink(["mail.mail_activity_data_todo"])

    @api.model
    def _cron_evaluate_tiers(self):
        """Propose a tier change for every channel partner whose figures fit
        another evaluated tier. One proposal at a time per partner."""
        tiers = self.env["res.partner.grade"].search(
            [("evaluated", "=", True)], order="sequence, id"
        )
        if not tiers:
            return self.browse()
        partners = self.env["res.partner"]._prm_accepted_channel_partners()
        pending = self.search([("state", "=", "pending")]).partner_id
        partners -= pending
        metrics = partners._prm_partner_metrics()
        values = []
        for partner in partners:
            figures = metrics[partner.id]
            target = next(
                (tier for tier in tiers if tier._partner_qualifies(figures)),
                None,
            )
            if target and target != partner.grade_id:
                values.append(
                    {
                        "partner_id": partner.id,
                        "current_grade_id": partner.grade_id.id,
                        "proposed_grade_id": target.id,
                        **figures,
                    }
                )
        proposals = self.create(values)
        for proposal in proposals:
            target_name = proposal.proposed_grade_id.name
            proposal.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=(
                    self.env._("Tier upgrade proposed: %(tier)s", tier=target_name)
                    if proposal.direction == "upgrade"
                    else self.env._(
                        "Tier downgrade proposed: %(tier)s", tier=target_name
                    )
                ),
                user_id=proposal.partner_id._prm_responsible_user().id,
            )
        return proposals
