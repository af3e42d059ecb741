# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# (field, label) of the criteria a partner must meet to hold a tier.
TIER_CRITERIA = [
    ("min_revenue", "Minimum 12-month Revenue"),
    ("min_won_leads", "Minimum Won Leads"),
    ("min_acceptance_rate", "Minimum Acceptance Rate (%)"),
    ("min_certifications", "Minimum Certifications"),
    ("requires_agreement", "Signed Agreement Required"),
]


class ResPartnerGrade(models.Model):
    """Odoo's partner levels are the tiers: benefits and criteria in one place."""

    _inherit = "res.partner.grade"

    # Benefits
    pricelist_id = fields.Many2one(
        "product.pricelist",
        string="Price List",
        help="Price list of the tier's partners (and their contacts) for "
        "indirect orders.",
    )
    mdf_share = fields.Float(
        string="MDF Share (%)",
        digits=(5, 2),
        help="Share of the partner's revenue of the previous period that is "
        "allocated to it as marketing development funds.",
    )
    acceptance_deadline_hours = fields.Integer(
        string="Lead Acceptance Deadline (hours)",
        default=48,
        help="Time a partner of this tier has to accept a lead routed to it.",
    )
    deal_protection_days = fields.Integer(
        string="Deal Protection (days)",
        default=90,
        help="How long an approved deal registration protects the customer "
        "for the partner.",
    )
    service_resolution_hours = fields.Integer(
        string="Service Resolution Time (hours)",
        default=72,
        help="Service requests of the tier's partners are due within this time "
        "(the SLA deadline of their tickets).",
    )
    # Criteria
    evaluated = fields.Boolean(
        string="Evaluate Automatically",
        help="Include this tier in the scheduled tier evaluation.",
    )
    min_revenue = fields.Float(string="Minimum 12-month Revenue")
    min_won_leads = fields.Integer(string="Minimum Won Leads")
    min_acceptance_rate = fields.Float(
        string="Minimum Acceptance Rate (%)", digits=(5, 2)
    )
    min_certifications = fields.Integer(string="Minimum Certifications")
    requires_agreement = fields.Boolean(string="Signed Agreement Required")
    partner_count = fields.Integer(string="Partners", compute="_compute_partner_count")

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("grade_id", "in", self.ids), ("is_company", "=", True)],
                ["grade_id"],
                ["__count"],
            )
        )
        for grade in self:
            grade.partner_count = counts.get(grade, 0)

    @api.constrains(
        "partner_weight",
        "mdf_share",
        "acceptance_deadline_hours",
        "deal_protection_days",
        "service_resolution_hours",
        "min_revenue",
        "min_won_leads",
        "min_acceptance_rate",
        "min_certifications",
    )
    def _check_benefit_ranges(self):
        for grade in self:
            if grade.partner_weight < 0:
                raise ValidationError(
                    self.env._(
                        "Level Weight: the routing weight of %(tier)s cannot be "
                        "negative.",
                        tier=grade.name,
                    )
                )
            if not 0 <= grade.mdf_share <= 100:
                raise ValidationError(
                    self.env._(
                        "MDF Share (%%): must be between 0 and 100 for %(tier)s.",
                        tier=grade.name,
                    )
                )
            if not 0 <= grade.min_acceptance_rate <= 100:
                raise ValidationError(
                    self.env._(
                        "Minimum Acceptance Rate (%%): must be between 0 and 100 "
                        "for %(tier)s.",
                        tier=grade.name,
                    )
                )
            if grade.service_resolution_hours <= 0:
                raise ValidationError(
                    self.env._(
                        "Service Resolution Time (hours): must be positive for "
                        "%(tier)s.",
                        tier=grade.name,
                    )
                )
            if grade.acceptance_deadline_hours <= 0:
                raise ValidationError(
                    self.env._(
                        "Lead Acceptance Deadline (hours): must be positive for "
                        "%(tier)s.",
                        tier=grade.name,
                    )
                )
            for field_name in (
                "deal_protection_days",
                "min_revenue",
                "min_won_leads",
                "min_certifications",
            ):
                if grade[field_name] < 0:
                    raise ValidationError(
                        self.env._(
                            "%(field)s: cannot be negative for %(tier)s.",
                            field=grade._fields[field_name].get_description(self.env)[
                                "string"
                            ],
                            tier=grade.name,
                        )
                    )

    def _criteria_vector(self):
        self.ensure_one()
        return tuple(float(self[field_name]) for field_name, _label in TIER_CRITERIA)

    @api.constrains("evaluated", "sequence", *(name for name, _label in TIER_CRITERIA))
    def _check_criteria_do_not_overlap(self):
        """A higher tier (lower sequence) must ask at least as much in every
        criterion as a lower one, and more in one: else a partner could hold
        both."""
        tiers = self.search([("evaluated", "=", True)], order="sequence, id")
        for higher, lower in zip(tiers, tiers[1:], strict=False):
            higher_vector, lower_vector = (
                higher._criteria_vector(),
                lower._criteria_vector(),
            )
            for (field_name, label), high, low in zip(
                TIER_CRITERIA, higher_vector, lower_vector, strict=True
            ):
                if high < low:
                    raise ValidationError(
                        self.env._(
                            "%(label)s: overlapping tier criteria: %(higher)s "
                            "ranks above %(lower)s but asks less (%(high)s < "
                            "%(low)s).",
                            label=self.env._(label),
                            higher=higher.name,
                            lower=lower.name,
                            high=higher[field_name],
                            low=lower[field_name],
                        )
                    )
            if higher_vector == lower_vector:
                raise ValidationError(
                    self.env._(
                        "Overlapping tier criteria: %(higher)s and %(lower)s ask "
                        "exactly the same; a partner would qualify for both.",
                        higher=higher.name,
                        lower=lower.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_use(self):
        counts = dict(
            self.env["res.partner"]
            .with_context(active_test=False)
            ._read_group(
                [("grade_id", "in", self.ids), ("is_company", "=", True)],
                ["grade_id"],
                ["__count"],
            )
        )
        for grade, count in counts.items():
            raise UserError(
                self.env._(
                    "The tier %(tier)s is used by %(count)s partner(s): move them "
                    "to another tier before deleting it.",
                    tier=grade.name,
                    count=count,
                )
            )

    def _partner_qualifies(self, metrics):
        """Does a partner with these metrics meet every criterion of this tier?"""
        self.ensure_one()
        return (
            metrics["revenue"] >= self.min_revenue
            and metrics["won_leads"] >= self.min_won_leads
            and metrics["acceptance_rate"] >= self.min_acceptance_rate
            and metrics["certifications"] >= self.min_certifications
            and (metrics["agreement_signed"] or not self.requires_agreement)
        )

    def write(self, vals):
        result = super().write(vals)
        if "pricelist_id" in vals:
            # A changed benefit applies to every partner of the tier.
            self.env["res.partner"].search(
                [("grade_id", "in", self.ids), ("is_company", "=", True)]
            )._apply_tier_benefits()
        return result
