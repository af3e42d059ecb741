# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError

CONFLICT_REASONS = [
    ("vat", "Same VAT Number"),
    ("email_domain", "Same E-mail Domain"),
    ("name", "Very Similar Company Name"),
]

# What the channel manager decides, approving the registration, for the
# competing deal.
CONFLICT_DECISIONS = [
    ("keep", "Keep Both"),
    ("reassign", "Reassign to This Partner"),
    ("lost", "Close as Lost"),
]

# The conflict's fields only the vendor's users read: who else holds the
# customer, how close, and what was decided and why.
VENDOR_ONLY = "partner_relationship.group_prm_user"


class PrmDealConflict(models.Model):
    """An open lead or registration for the same customer, found when a deal
    registration is submitted. Approving the registration, the channel
    manager decides what happens to the competing deal; the decision, its
    reason, who and when are kept here (vendor only, tracked)."""

    _name = "prm.deal.conflict"
    _description = "Deal Registration Conflict"
    _inherit = ["mail.thread"]
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
    reason = fields.Selection(CONFLICT_REASONS, required=True, groups=VENDOR_ONLY)
    similarity = fields.Float(
        string="Name Similarity (%)",
        digits=(5, 1),
        groups=VENDOR_ONLY,
        help="How close the company names are, for a name match.",
    )
    lead_id = fields.Many2one(
        "crm.lead",
        string="Conflicting Lead",
        ondelete="cascade",
        groups=VENDOR_ONLY,
    )
    other_registration_id = fields.Many2one(
        "prm.deal.registration",
        string="Conflicting Registration",
        ondelete="cascade",
        groups=VENDOR_ONLY,
    )
    owner = fields.Char(
        string="Held By",
        groups=VENDOR_ONLY,
        help="The partner, or the vendor's direct sales, holding the customer.",
    )
    blocking = fields.Boolean(
        groups=VENDOR_ONLY,
        help="Another partner's registration protects the customer: this one "
        "cannot be approved while the protection lasts.",
    )
    decision = fields.Selection(
        CONFLICT_DECISIONS,
        readonly=True,
        copy=False,
        tracking=True,
        groups=VENDOR_ONLY,
        help="What happened to the competing deal when the registration was approved.",
    )
    decision_reason = fields.Text(
        readonly=True,
        copy=False,
        tracking=True,
        groups=VENDOR_ONLY,
        help="Why: internal, never shown nor sent to either partner.",
    )
    lost_reason_id = fields.Many2one(
        "crm.lost.reason",
        readonly=True,
        copy=False,
        tracking=True,
        groups=VENDOR_ONLY,
    )
    decided_by_id = fields.Many2one(
        "res.users", readonly=True, copy=False, tracking=True, groups=VENDOR_ONLY
    )
    date_decided = fields.Datetime(
        readonly=True, copy=False, tracking=True, groups=VENDOR_ONLY
    )
    description = fields.Char(
        compute="_compute_description",
        groups=VENDOR_ONLY,
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

    def _prm_key(self):
        """The competing deal: (lead id, registration id)."""
        self.ensure_one()
        return (self.lead_id.id or False, self.other_registration_id.id or False)

    def _prm_decide(self, decision, reason=False, lost_reason=None):
        """Record the channel manager's decision on these conflicts (runs as
        superuser once the caller's role is checked)."""
        deals = ", ".join(
            (conflict.lead_id or conflict.other_registration_id).display_name
            for conflict in self
        )
        if decision not in dict(CONFLICT_DECISIONS):
            raise UserError(
                self.env._(
                    "%(deals)s: decide what happens to the competing deal: keep "
                    "both, reassign it to this partner or close it as lost.",
                    deals=deals,
                )
            )
        if decision == "keep" and not (reason or "").strip():
            raise UserError(
                self.env._(
                    "Reason: say why both deals are kept (%(deals)s).", deals=deals
                )
            )
        if decision == "lost" and not lost_reason:
            raise UserError(
                self.env._(
                    "Lost Reason: say why the competing deal is lost (%(deals)s).",
                    deals=deals,
                )
            )
        if decision == "reassign" and self.filtered("other_registration_id"):
            raise UserError(
                self.env._(
                    "%(deals)s: another partner's registration cannot be "
                    "reassigned; keep both or close it as lost.",
                    deals=deals,
                )
            )
        self.write(
            {
                "decision": decision,
                "decision_reason": reason or False,
                "lost_reason_id": lost_reason.id if lost_reason else False,
                "decided_by_id": self.env.uid,
                "date_decided": fields.Datetime.now(),
            }
        )

    def _prm_decision_text(self):
        """The decision and its reason, for the vendor's notes."""
        self.ensure_one()
        labels = dict(self._fields["decision"]._description_selection(self.env))
        text = labels.get(self.decision, "-")
        if self.lost_reason_id:
            text = f"{text} ({self.lost_reason_id.name})"
        if self.decision_reason:
            text = f"{text}: {self.decision_reason}"
        return text

    def _prm_carry_out(self):
        """Do what was decided, the registration being approved: the
        competing lead is reassigned to the registration's partner or lost,
        the competing registration rejected. Returns the leads reassigned.
        Runs as superuser; internal notes only (the partners are told
        nothing of each other)."""
        reassigned = self.env["crm.lead"]
        for conflict in self:
            registration = conflict.registration_id
            lead = conflict.lead_id
            partner = registration.partner_id
            if conflict.decision == "reassign" and lead:
                lead._prm_reassign(partner, registration)
                reassigned |= lead
                body = self.env._(
                    "Reassigned to %(partner)s on the approval of deal "
                    "registration %(registration)s (was %(holder)s): %(reason)s",
                    partner=partner.name,
                    registration=registration.name,
                    holder=conflict.owner or "-",
                    reason=conflict.decision_reason or "-",
                )
            elif conflict.decision == "lost" and lead:
                lead._prm_end_assignments()
                lead.action_set_lost(lost_reason_id=conflict.lost_reason_id.id)
                body = self.env._(
                    "Closed as lost (%(lost_reason)s) on the approval of deal "
                    "registration %(registration)s of %(partner)s: %(reason)s",
                    lost_reason=conflict.lost_reason_id.name,
                    registration=registration.name,
                    partner=partner.name,
                    reason=conflict.decision_reason or "-",
                )
            elif conflict.decision == "lost":
                conflict.other_registration_id._prm_close_as_competing()
                body = self.env._(
                    "Rejected (%(lost_reason)s) on the approval of deal "
                    "registration %(registration)s of %(partner)s: %(reason)s",
                    lost_reason=conflict.lost_reason_id.name,
                    registration=registration.name,
                    partner=partner.name,
                    reason=conflict.decision_reason or "-",
                )
            else:
                body = self.env._(
                    "Kept beside deal registration %(registration)s of "
                    "%(partner)s: %(reason)s",
                    registration=registration.name,
                    partner=partner.name,
                    reason=conflict.decision_reason or "-",
                )
            deal = lead or conflict.other_registration_id
            deal.message_post(body=body, subtype_xmlid="mail.mt_note")
        return reassigned
