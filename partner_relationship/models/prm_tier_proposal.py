# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.roles import check_role
from .res_partner_grade import TIER_CRITERIA


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
        [
            ("pending", "To Decide"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("withdrawn", "Withdrawn"),
        ],
        default="pending",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    check_ids = fields.One2many("prm.tier.check", "proposal_id", readonly=True)
    proposed_check_ids = fields.One2many(
        "prm.tier.check",
        "proposal_id",
        string="Criteria of the Proposed Tier",
        domain=[("kind", "=", "proposed")],
        readonly=True,
    )
    current_check_ids = fields.One2many(
        "prm.tier.check",
        "proposal_id",
        string="Criteria of the Current Tier",
        domain=[("kind", "=", "current")],
        readonly=True,
    )
    failed_criteria = fields.Char(
        compute="_compute_failed_criteria",
        help="The criteria of the current tier the partner no longer meets.",
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

    @api.depends("current_check_ids.met", "current_check_ids.criterion")
    def _compute_failed_criteria(self):
        labels = dict(
            self.env["prm.tier.check"]
            ._fields["criterion"]
            ._description_selection(self.env)
        )
        for proposal in self:
            proposal.failed_criteria = ", ".join(
                labels[check.criterion]
                for check in proposal.current_check_ids
                if not check.met
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
        self._notify_partner()
        return True

    def _notify_partner(self):
        """E-mail the partner's new tier to its contacts (in their language),
        recorded in the proposal's chatter; the portal's partner page shows
        the tier and its last change."""
        template = self.env.ref("partner_relationship.mail_template_tier_changed")
        for proposal in self:
            recipients = proposal.partner_id._prm_tier_notice_recipients()
            if recipients:
                proposal.message_post_with_source(
                    template,
                    subtype_xmlid="mail.mt_comment",
                    partner_ids=recipients.ids,
                )

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

    def action_evaluate_now(self):
        """Evaluate at once, as the scheduled action does, the channel
        partners of the companies the user works in. (Not a model method:
        the list's header button passes the selected ids, none or some,
        which are not used.)"""
        check_role(self, "action_evaluate_now")
        partners = self.env["res.partner"]._prm_accepted_channel_partners()
        proposals = self.browse().sudo()._prm_evaluate(partners.sudo())
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if proposals else "info",
                "message": self.env._(
                    "Tiers evaluated: %(count)s new proposal(s).",
                    count=len(proposals),
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _cron_evaluate_tiers(self):
        """Propose a tier change for every channel partner whose figures fit
        another evaluated tier, and list those close to their next tier."""
        return self._prm_evaluate(
            self.env["res.partner"]._prm_accepted_channel_partners()
        )

    @api.model
    def _prm_evaluate(self, partners):
        """Measure `partners` against the evaluated tiers.

        Proposes a change for each whose figures fit another tier; a pending
        proposal (one per partner) is brought up to date instead: its figures
        and criteria are today's, its tier the one they fit, and it is
        withdrawn when they fit the partner's tier again. Keeps, for the
        Close to Next Tier list, the checks of the partners whose figures
        reach their company's share of their next tier's thresholds
        (replacing their previous ones). Returns the new proposals."""
        Check = self.env["prm.tier.check"]
        tiers = self.env["res.partner.grade"].search(
            [("evaluated", "=", True)], order="sequence, id"
        )
        Check.search(
            [("partner_id", "in", partners.ids), ("kind", "=", "next")]
        ).unlink()
        if not tiers:
            return self.browse()
        pending = {
            proposal.partner_id: proposal
            for proposal in self.search(
                [("state", "=", "pending"), ("partner_id", "in", partners.ids)]
            )
        }
        metrics = partners._prm_partner_metrics()
        changes, close_checks = [], []
        withdrawn = self.browse()
        for partner in partners:
            figures = metrics[partner.id]
            target = next(
                (tier for tier in tiers if tier._partner_qualifies(figures)),
                None,
            )
            proposal = pending.get(partner, self.browse())
            if target and target != partner.grade_id:
                changes.append((partner, target, figures, proposal))
                continue
            withdrawn |= proposal
            next_tier = tiers._prm_next_tier(partner.grade_id, tiers)
            ratio = (partner.company_id or self.env.company).prm_tier_close_ratio
            if next_tier and next_tier._prm_is_close(figures, ratio / 100.0):
                close_checks += Check._prm_values(partner, next_tier, figures, "next")
        Check.create(close_checks)
        withdrawn._withdraw()
        new_values, refreshed = [], self.browse()
        for partner, target, figures, proposal in changes:
            values = {
                "current_grade_id": partner.grade_id.id,
                "proposed_grade_id": target.id,
                # The figures the proposal is based on, kept as history.
                **{figure: figures[figure] for _field, figure in TIER_CRITERIA},
            }
            if proposal:
                proposal.write(values)
                refreshed |= proposal
            else:
                new_values.append({"partner_id": partner.id, **values})
        proposals = self.create(new_values)
        refreshed.check_ids.unlink()
        refreshed.activity_unlink(["mail.mail_activity_data_todo"])
        by_partner = {p.partner_id: p for p in proposals | refreshed}
        check_values = []
        for partner, target, figures, _proposal in changes:
            proposal = by_partner[partner]
            check_values += Check._prm_values(
                partner, target, figures, "proposed", proposal_id=proposal.id
            )
            if proposal.direction == "downgrade" and partner.grade_id:
                check_values += Check._prm_values(
                    partner,
                    partner.grade_id,
                    figures,
                    "current",
                    proposal_id=proposal.id,
                )
        Check.create(check_values)
        for proposal in proposals | refreshed:
            proposal._schedule_decision()
        return proposals

    def _withdraw(self):
        """Pending proposals the partners' figures no longer support."""
        for proposal in self:
            proposal.message_post(
                body=self.env._(
                    "Withdrawn by the tier evaluation: the figures of %(partner)s "
                    "fit its tier %(tier)s again.",
                    partner=proposal.partner_id.name,
                    tier=proposal.partner_id.grade_id.name or "-",
                )
            )
        self.write({"state": "withdrawn", "date_decided": fields.Datetime.now()})
        self.activity_unlink(["mail.mail_activity_data_todo"])

    def _schedule_decision(self):
        """The partner's responsible user decides: a to-do saying the change
        and, for a downgrade, the criteria failed."""
        self.ensure_one()
        target_name = self.proposed_grade_id.name
        if self.direction == "upgrade":
            summary = self.env._("Tier upgrade proposed: %(tier)s", tier=target_name)
            note = False
        else:
            summary = self.env._("Tier downgrade proposed: %(tier)s", tier=target_name)
            note = self.failed_criteria and self.env._(
                "Criteria of %(tier)s not met: %(criteria)s",
                tier=self.current_grade_id.name,
                criteria=self.failed_criteria,
            )
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=summary,
            note=note,
            user_id=self.partner_id._prm_responsible_user().id,
        )
