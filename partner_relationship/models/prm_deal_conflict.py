# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

CONFLICT_REASONS = [
    ("vat", "Same VAT Number"),
    ("email_domain", "Same E-mail Domain"),
    ("name", "Very Similar Company Name"),
]


class PrmDealConflict(models.Model):
    """An open lead or registration for the same customer, found when a deal
    registration is submitted."""

    _name = "prm.deal.conflict"
    _description = "Deal Registration Conflict"
    _order = "registration_id, id"

    registration_id = fields.Many2one(
        "prm.deal.registration", required=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(related="registration_id.partner_id", store=True)
    partner_manager_id = fields.Many2one(
        related="registration_id.partner_manager_id", store=True
    )
    reason = fields.Selection(CONFLICT_REASONS, required=True)
    similarity = fields.Float(
        string="Name Similarity (%)",
        digits=(5, 1),
        help="How close the company names are, for a name match.",
    )
    # Who else holds the customer: only the vendor's users see it.
    lead_id = fields.Many2one(
        "crm.lead",
        string="Conflicting Lead",
        ondelete="cascade",
        groups="partner_relationship.group_prm_user",
    )
    other_registration_id = fields.Many2one(
        "prm.deal.registration",
        string="Conflicting Registration",
        ondelete="cascade",
        groups="partner_relationship.group_prm_user",
    )
    owner = fields.Char(
        string="Held By",
        groups="partner_relationship.group_prm_user",
        help="The partner, or the vendor's direct sales, holding the customer.",
    )
    blocking = fields.Boolean(
        help="Another partner's registration protects the customer: this one "
        "cannot be approved while the protection lasts.",
    )
    description = fields.Char(
        compute="_compute_description",
        help="The conflict as the registering partner sees it (no names).",
    )

    def _compute_description(self):
        labels = dict(self._fields["reason"]._description_selection(self.env))
        for conflict in self:
            label = labels.get(conflict.reason, "")
            if conflict.blocking:
                conflict.description = self.env._(
                    "%(reason)s: this customer is protected by another partner's "
                    "approved registration.",
                    reason=label,
                )
            else:
                conflict.description = self.env._(
                    "%(reason)s: an open deal for this customer already exists.",
                    reason=label,
                )
