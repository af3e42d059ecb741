# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Benefit fields of a tier, each company's own (see prm.tier.benefit), and
# what a tier without a line for a company gives there.
TIER_BENEFIT_DEFAULTS = {
    "pricelist_id": False,
    "mdf_share": 0.0,
    "acceptance_deadline_hours": 48,
    "deal_protection_days": 90,
    "service_resolution_hours": 72,
}


class PrmTierBenefit(models.Model):
    """What a tier gives its partners in one company: each company of a
    multinational vendor has its own price lists, currency and terms."""

    _name = "prm.tier.benefit"
    _description = "Tier Benefits in a Company"
    _order = "tier_id, company_id"
    _check_company_auto = True

    tier_id = fields.Many2one(
        "res.partner.grade",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    pricelist_id = fields.Many2one(
        "product.pricelist",
        string="Price List",
        check_company=True,
        help="Price list of the tier's partners (and their contacts) in this "
        "company, for indirect orders.",
    )
    currency_id = fields.Many2one(related="pricelist_id.currency_id")
    mdf_share = fields.Float(
        string="MDF Share (%)",
        digits=(5, 2),
        help="Share of the partner's revenue of the previous period with this "
        "company that is allocated to it as marketing development funds.",
    )
    acceptance_deadline_hours = fields.Integer(
        string="Lead Acceptance Deadline (hours)",
        default=TIER_BENEFIT_DEFAULTS["acceptance_deadline_hours"],
        help="Time a partner of this tier has to accept a lead of this company.",
    )
    deal_protection_days = fields.Integer(
        string="Deal Protection (days)",
        default=TIER_BENEFIT_DEFAULTS["deal_protection_days"],
        help="How long an approved deal registration of this company protects "
        "the customer for the partner.",
    )
    service_resolution_hours = fields.Integer(
        string="Service Resolution Time (hours)",
        default=TIER_BENEFIT_DEFAULTS["service_resolution_hours"],
        help="Service requests of the tier's partners to this company are due "
        "within this time (the SLA deadline of their tickets).",
    )

    _sql_constraints = [
        (
            "tier_company_unique",
            "UNIQUE(tier_id, company_id)",
            "A tier has one line of benefits per company.",
        )
    ]

    @api.constrains(
        "mdf_share",
        "acceptance_deadline_hours",
        "deal_protection_days",
        "service_resolution_hours",
    )
    def _check_ranges(self):
        for benefit in self:
            tier = f"{benefit.tier_id.name} ({benefit.company_id.name})"
            if not 0 <= benefit.mdf_share <= 100:
                raise ValidationError(
                    self.env._(
                        "MDF Share (%%): must be between 0 and 100 for %(tier)s.",
                        tier=tier,
                    )
                )
            if benefit.service_resolution_hours <= 0:
                raise ValidationError(
                    self.env._(
                        "Service Resolution Time (hours): must be positive for "
                        "%(tier)s.",
                        tier=tier,
                    )
                )
            if benefit.acceptance_deadline_hours <= 0:
                raise ValidationError(
                    self.env._(
                        "Lead Acceptance Deadline (hours): must be positive for "
                        "%(tier)s.",
                        tier=tier,
                    )
                )
            if benefit.deal_protection_days < 0:
                raise ValidationError(
                    self.env._(
                        "Deal Protection (days): cannot be negative for %(tier)s.",
                        tier=tier,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        benefits = super().create(vals_list)
        benefits.filtered("pricelist_id")._apply_to_partners()
        return benefits

    def write(self, vals):
        result = super().write(vals)
        if "pricelist_id" in vals or "company_id" in vals:
            # A changed benefit applies to every partner of the tier in its
            # company.
            self._apply_to_partners()
        return result

    def _apply_to_partners(self):
        """These lines' price lists to the partners of their tiers, in their
        companies only."""
        self.env["res.partner"].sudo().search(
            [("grade_id", "in", self.tier_id.ids), ("is_company", "=", True)]
        )._apply_tier_benefits(self)
