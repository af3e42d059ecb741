# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import float_repr, format_amount

from ..tools.roles import check_role
from .res_partner_grade import TIER_CRITERIA


class PrmTierCheck(models.Model):
    """One criterion of a tier measured on a partner's figures by the tier
    evaluation: the figure, the tier's threshold, met or not.

    A proposal keeps those of its proposed tier (and, for a downgrade, of the
    tier the partner fails); the partners close to their next tier have
    theirs, replaced at each evaluation (the Close to Next Tier list).
    """

    _name = "prm.tier.check"
    _description = "Tier Criterion Check"
    _inherit = ["prm.partner.record.mixin", "prm.partner.company.mixin"]
    _order = "partner_id, id"

    kind = fields.Selection(
        [
            ("next", "Next Tier"),
            ("proposed", "Proposed Tier"),
            ("current", "Current Tier"),
        ],
        required=True,
        readonly=True,
        index=True,
    )
    proposal_id = fields.Many2one(
        "prm.tier.proposal", ondelete="cascade", index=True, readonly=True
    )
    current_grade_id = fields.Many2one(
        "res.partner.grade", string="Current Tier", readonly=True
    )
    tier_id = fields.Many2one("res.partner.grade", required=True, readonly=True)
    criterion = fields.Selection(
        # The labels are the tier's fields' (and their translations).
        lambda self: [
            (name, self.env["res.partner.grade"]._prm_criterion_label(name))
            for name, _figure in TIER_CRITERIA
        ],
        required=True,
        readonly=True,
    )
    value = fields.Float(string="Partner's Figure", readonly=True)
    threshold = fields.Float(string="Tier's Threshold", readonly=True)
    met = fields.Boolean(readonly=True)
    value_display = fields.Char(string="Figure", compute="_compute_display")
    threshold_display = fields.Char(string="Threshold", compute="_compute_display")
    progress = fields.Float(
        string="Progress (%)",
        compute="_compute_display",
        help="The figure as a share of the threshold (100 when met).",
    )

    @api.depends("criterion", "value", "threshold", "company_id")
    def _compute_display(self):
        for check in self:
            check.value_display = check._format(check.value)
            check.threshold_display = check._format(check.threshold)
            check.progress = (
                min(100.0, 100.0 * check.value / check.threshold)
                if check.threshold
                else 100.0
            )

    def _format(self, amount):
        self.ensure_one()
        criterion = self.criterion
        if criterion == "min_revenue":
            return format_amount(self.env, amount, self.company_id.currency_id)
        if criterion == "requires_agreement":
            return self.env._("Yes") if amount else self.env._("No")
        if criterion == "min_acceptance_rate":
            return f"{float_repr(amount, 1)} %"
        return str(int(amount))

    def action_evaluate_now(self):
        """Evaluate every partner's tier at once (see the proposals'; the
        list's header button passes the selected ids, not used)."""
        check_role(self, "action_evaluate_now")
        return self.env["prm.tier.proposal"].action_evaluate_now()

    @api.model
    def _prm_values(self, partner, tier, figures, kind, **values):
        """Values of the checks of `tier` on a partner's figures."""
        return [
            {
                "partner_id": partner.id,
                "current_grade_id": partner.grade_id.id,
                "tier_id": tier.id,
                "kind": kind,
                **check,
                **values,
            }
            for check in tier._prm_criteria_checks(figures)
        ]
