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
    _check_company_auto = True

    registration_id = fields.Many2one(
        "prm.deal.registration",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="registration_id.company_id", store=True, index=True
    )
    partner_id = fields.Many2one(related="registration_id.partner_id", store=True)
    partner_manager_id = fields.Many2one(
        related="registration_id.partner_manager_id", store=True
    )
    # Why, how close and who else holds the customer: only the vendor's users
    # see it. The registering partner is only told that a conflict was found
    # and that the vendor will decide (the registration's Conflict Notice):
    # anything more would make the form a lookup of who sells to whom.
    reason = fields.Selection(
        CONFLICT_REASONS, required=True, groups="partner_relationship.group_prm_user"
    )
    similarity = fields.Float(
        string="Name Similarity (%)",
        digits=(5, 1),
        groups="partner_relationship.group_prm_user",
        help="How close the company names are, for a name match.",
    )
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
        groups="partner_relationship.group_prm_user",
        help="Another partner's registration protects the customer: this one "
        "cannot be approved while the protection lasts.",
    )
    description = fields.Char(
        compute="_compute_description",
        groups="partner_relationship.group_prm_user",
        help="The conflict in full, for the vendor: why, how close, and who "
        "holds the customer.",
    )

    def _compute_description(self):
        labels = dict(self._fields["reason"]._description_selection(self.env))
        for conflict in self:
            reason = labels.get(conflict.reason, "")
            if conflict.reason == "name":
                reason = self.env._(
                    "%(reason)s (%(similarity)s %%)",
                    reason=reason,
                    similarity=conflict.similarity,
                )
            holder = conflict.owner or "-"
            if conflict.other_registration_id:
                conflict.description = self.env._(
                    "%(reason)s: registration %(registration)s of %(holder)s "
                    "(%(state)s).",
                    reason=reason,
                    registration=conflict.other_registration_id.name,
                    holder=holder,
                    state=self.env._("approved: protects the customer")
                    if conflict.blocking
                    else self.env._("not decided yet"),
                )
            else:
                conflict.description = self.env._(
                    "%(reason)s: open lead %(lead)s, held by %(holder)s.",
                    reason=reason,
                    lead=conflict.lead_id.name,
                    holder=holder,
                )
