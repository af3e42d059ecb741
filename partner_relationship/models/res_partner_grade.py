# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .prm_tier_benefit import TIER_BENEFIT_DEFAULTS

# The criteria a partner must meet to hold a tier: (field of the tier, the
# figure of res.partner._prm_partner_metrics it is measured on). Each
# criterion's label is its field's.
TIER_CRITERIA = [
    ("min_revenue", "revenue"),
    ("min_won_leads", "won_leads"),
    ("min_acceptance_rate", "acceptance_rate"),
    ("min_certifications", "certifications"),
    ("requires_agreement", "agreement_signed"),
]


class ResPartnerGrade(models.Model):
    """Odoo's partner levels are the tiers: benefits and criteria in one place."""

    _inherit = "res.partner.grade"

    # Benefits: each company's own (prm.tier.benefit).
    benefit_ids = fields.One2many(
        "prm.tier.benefit",
        "tier_id",
        string="Benefits by Company",
        help="What the tier gives its partners in each company: its price list "
        "(in the company's currency), funds and terms.",
    )
    # The benefits of the company the user works in, read and written
    # through its line (created when first set: see create and write).
    pricelist_id = fields.Many2one(
        "product.pricelist",
        string="Price List",
        compute="_compute_company_benefits",
        readonly=False,
        help="Price list of the tier's partners (and their contacts) for "
        "indirect orders, in the current company.",
    )
    mdf_share = fields.Float(
        string="MDF Share (%)",
        digits=(5, 2),
        compute="_compute_company_benefits",
        readonly=False,
    )
    acceptance_deadline_hours = fields.Integer(
        string="Lead Acceptance Deadline (hours)",
        compute="_compute_company_benefits",
        readonly=False,
    )
    deal_protection_days = fields.Integer(
        string="Deal Protection (days)",
        compute="_compute_company_benefits",
        readonly=False,
    )
    service_resolution_hours = fields.Integer(
        string="Service Resolution Time (hours)",
        compute="_compute_company_benefits",
        readonly=False,
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

    @api.depends_context("company")
    @api.depends(
        "benefit_ids.company_id",
        *(f"benefit_ids.{name}" for name in TIER_BENEFIT_DEFAULTS),
    )
    def _compute_company_benefits(self):
        company = self.env.company
        for grade in self:
            benefits = grade._prm_benefits(company)
            for name, default in TIER_BENEFIT_DEFAULTS.items():
                grade[name] = benefits[name] if benefits else default

    @api.model_create_multi
    def create(self, vals_list):
        benefits = [self._pop_company_benefits(vals) for vals in vals_list]
        grades = super().create(vals_list)
        for grade, vals in zip(grades, benefits, strict=True):
            grade._set_company_benefits(vals)
        return grades

    def write(self, vals):
        benefits = self._pop_company_benefits(vals)
        # Even with benefits only: the tier's own access is checked.
        result = super().write(vals)
        for grade in self:
            grade._set_company_benefits(benefits)
        return result

    @api.model
    def _pop_company_benefits(self, vals):
        return {name: vals.pop(name) for name in TIER_BENEFIT_DEFAULTS if name in vals}

    def _set_company_benefits(self, vals):
        """Write benefit values given on the tier into its line for the
        company the user works in."""
        if not vals:
            return
        company = self.env.company
        line = self.benefit_ids.filtered(lambda b: b.company_id == company)
        if line:
            line.write(vals)
        else:
            self.env["prm.tier.benefit"].create(
                {**vals, "tier_id": self.id, "company_id": company.id}
            )

    def _prm_benefits(self, company):
        """The tier's benefits in `company` (a prm.tier.benefit line, read as
        superuser), else in its closest parent company with a line; empty
        when the tier gives nothing particular there (each benefit's
        default then applies: see TIER_BENEFIT_DEFAULTS)."""
        self.ensure_one()
        lines = self.sudo().benefit_ids
        for candidate in reversed(company.sudo().parent_ids):
            line = lines.filtered(lambda b, c=candidate: b.company_id == c)
            if line:
                return line
        return lines.browse()

    @api.constrains(
        "partner_weight",
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
            if not 0 <= grade.min_acceptance_rate <= 100:
                raise ValidationError(
                    self.env._(
                        "Minimum Acceptance Rate (%%): must be between 0 and 100 "
                        "for %(tier)s.",
                        tier=grade.name,
                    )
                )
            for field_name in (
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
        return tuple(float(self[field_name]) for field_name, _figure in TIER_CRITERIA)

    @api.model
    def _prm_criterion_label(self, field_name):
        """The criterion's label, in the user's language."""
        return self._fields[field_name].get_description(self.env)["string"]

    @api.constrains("evaluated", "sequence", *(name for name, _figure in TIER_CRITERIA))
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
            for (field_name, _figure), high, low in zip(
                TIER_CRITERIA, higher_vector, lower_vector, strict=True
            ):
                if high < low:
                    raise ValidationError(
                        self.env._(
                            "%(label)s: overlapping tier criteria: %(higher)s "
                            "ranks above %(lower)s but asks less (%(high)s < "
                            "%(low)s).",
                            label=self._prm_criterion_label(field_name),
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

    def _prm_criteria_checks(self, figures):
        """Each criterion this tier sets (a threshold above zero, or a signed
        agreement required), measured on a partner's figures (its entry of
        res.partner._prm_partner_metrics): a list of {criterion (the tier's
        field), value, threshold, met}; a yes/no criterion counts 1 for yes."""
        self.ensure_one()
        checks = []
        for field_name, figure in TIER_CRITERIA:
            threshold = float(self[field_name])
            if not threshold:
                continue
            value = float(figures[figure])
            checks.append(
                {
                    "criterion": field_name,
                    "value": value,
                    "threshold": threshold,
                    "met": value >= threshold,
                }
            )
        return checks

    def _partner_qualifies(self, metrics):
        """Does a partner with these metrics meet every criterion of this tier?"""
        return all(check["met"] for check in self._prm_criteria_checks(metrics))

    def _prm_is_close(self, metrics, ratio):
        """Is a partner with these metrics close to this tier without
        qualifying: each of its figures at least `ratio` (0.8: 80 %) of the
        tier's threshold? A yes/no criterion (the signed agreement) does not
        count: one signature meets it."""
        checks = self._prm_criteria_checks(metrics)
        return not all(check["met"] for check in checks) and all(
            check["value"] >= ratio * check["threshold"]
            for check in checks
            if self._fields[check["criterion"]].type != "boolean"
        )

    @api.model
    def _prm_next_tier(self, current, tiers=None):
        """The evaluated tier just above `current` (the lowest evaluated one
        for a partner without a tier); `tiers`: the evaluated tiers, when
        already read (by sequence)."""
        if tiers is None:
            tiers = self.search([("evaluated", "=", True)], order="sequence, id")
        above = tiers.filtered(
            lambda tier: not current or tier.sequence < current.sequence
        )
        return above[-1:]
