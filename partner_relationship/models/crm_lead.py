# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, format_date

from ..tools.customer_identity import customer_key, email_domain, vat_key
from ..tools.roles import check_role

OFFER_STATES = [("offered", "Awaiting Partner"), ("accepted", "Accepted by Partner")]

# Fields only the routing workflow sets; partner users never write them.
ROUTING_FIELDS = frozenset(
    {
        "partner_assigned_id",
        "partner_declined_ids",
        "prm_offer_state",
        "prm_acceptance_deadline",
        "prm_routing_note",
        "prm_registration_id",
    }
)

# What a partner may report on a lead it accepted.
PROGRESS_FIELDS = frozenset(
    {"stage_id", "probability", "expected_revenue", "date_deadline"}
)

# The customer's contact details a partner may correct on a lead it accepted
# (Odoo's "Edit contact" dialog on /my/opportunity).
CONTACT_FIELDS = frozenset(
    {
        "partner_name",
        "phone",
        "mobile",
        "email_from",
        "street",
        "street2",
        "city",
        "zip",
        "state_id",
        "country_id",
    }
)

# All a partner user may write on a lead, whatever the way in (the progress
# form, Odoo's portal dialogs and stage buttons, a write over RPC); the rest
# (customer, company, funded activity, salesperson...) is the vendor's.
PARTNER_FIELDS = PROGRESS_FIELDS | CONTACT_FIELDS | {"priority"}

# The longest note a user gives with a recall or a partner's answer (as the
# portal's decline field): it is kept in the chatter and on the offer, and
# sent to a partner's database.
NOTE_MAX_LENGTH = 500
# The longest summary of a next step a partner plans on a lead (the portal's
# field).
ACTIVITY_SUMMARY_MAX_LENGTH = 200

# The largest expected revenue a partner reports (as the portal's form): more
# is a typing error, and the vendor's totals would overflow.
MAX_REVENUE = 10**12

# What Odoo's Resellers dialogs post, each read by Odoo's method: "Edit
# opportunity" (update_lead_portal; the activity's type and summary with its
# due date) and "New opportunity" (create_opp_portal).
LEAD_DIALOG_KEYS = frozenset(
    {
        "expected_revenue",
        "probability",
        "priority",
        "date_deadline",
        "activity_date_deadline",
    }
)
ACTIVITY_DIALOG_KEYS = frozenset({"activity_type_id", "activity_summary"})
NEW_OPPORTUNITY_KEYS = frozenset({"contact_name", "title", "description"})

# What deal registration conflicts compare a lead's customer on.
IDENTITY_FIELDS = ("prm_customer_key", "prm_customer_vat", "prm_email_domain")
# The fields of a lead its customer's identity is computed from.
CUSTOMER_FIELDS = frozenset({"partner_id", "partner_name", "email_from"})


class CrmLead(models.Model):
    _inherit = "crm.lead"

    fund_request_id = fields.Many2one(
        "prm.fund.request",
        string="Funded Activity",
        index="btree_not_null",
        help="The marketing activity, paid with development funds, that "
        "brought this lead (for the fund's return on investment).",
    )
    # Progress reported by partners is followed in the chatter.
    probability = fields.Float(tracking=True)
    date_deadline = fields.Date(tracking=True)
    prm_product_category_ids = fields.Many2many(
        "product.category",
        "crm_lead_prm_product_category_rel",
        "lead_id",
        "category_id",
        string="Product Interest",
        help="Product categories the customer is interested in; routing rules "
        "and partner specializations match on them.",
    )
    prm_offer_state = fields.Selection(
        OFFER_STATES,
        string="Partner Answer",
        readonly=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
    )
    prm_awaiting_partner = fields.Boolean(
        string="Awaiting Partner",
        compute="_compute_prm_awaiting_partner",
        search="_search_prm_awaiting_partner",
        help="Offered to one of our channel partners, who has not answered yet.",
    )
    prm_acceptance_deadline = fields.Datetime(
        string="Accept By",
        readonly=True,
        copy=False,
        tracking=True,
        help="The assigned partner must accept the lead by then, else it is "
        "recalled and routed to the next partner.",
    )
    prm_routing_note = fields.Char(
        string="Routing Note",
        readonly=True,
        copy=False,
        help="Why the last routing run left this lead with the vendor.",
    )
    prm_assignment_ids = fields.One2many(
        "prm.lead.assignment", "lead_id", string="Routing History", readonly=True
    )
    # Shown in the chatter of routed leads (the router writes its tracking
    # values); vendor users only, like the explanation.
    prm_routing_rule_id = fields.Many2one(
        "prm.routing.rule",
        string="Routing Rule",
        compute="_compute_prm_routing_origin",
        groups="partner_relationship.group_prm_user",
        help="The routing rule that chose the partner of the open offer.",
    )
    prm_routing_registration_id = fields.Many2one(
        "prm.deal.registration",
        string="Protecting Registration",
        compute="_compute_prm_routing_origin",
        groups="partner_relationship.group_prm_user",
        help="The approved deal registration that gave the open offer to the "
        "partner protecting the customer.",
    )
    prm_routing_explanation = fields.Html(
        string="Routing Explanation",
        compute="_compute_prm_routing_explanation",
        sanitize=False,
        groups="partner_relationship.group_prm_user",
        help="How the last offer of this lead was decided.",
    )
    prm_registration_id = fields.Many2one(
        "prm.deal.registration",
        string="Deal Registration",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    # Not indexed: they are searched once per deal registration, and every
    # index of crm_lead is written again for each lead a routing run updates.
    prm_customer_key = fields.Char(compute="_compute_prm_customer_identity", store=True)
    prm_customer_vat = fields.Char(compute="_compute_prm_customer_identity", store=True)
    prm_email_domain = fields.Char(compute="_compute_prm_customer_identity", store=True)

    @api.depends(
        "partner_name",
        "email_from",
        "partner_id.commercial_partner_id.name",
        "partner_id.commercial_partner_id.vat",
    )
    def _compute_prm_customer_identity(self):
        for lead in self:
            customer = lead.partner_id.commercial_partner_id
            lead.prm_customer_key = customer_key(
                lead.partner_name or (customer.is_company and customer.name)
            )
            lead.prm_customer_vat = vat_key(customer.vat)
            lead.prm_email_domain = email_domain(lead.email_from)

    @api.model
    def _prm_awaiting_partner_domain(self):
        """The leads we offered to a channel partner that wait for its answer
        (the "Awaiting Partner" list; the sync addon leaves a vendor's offers
        to us out of it)."""
        return [("prm_offer_state", "=", "offered")]

    @api.depends("prm_offer_state")
    def _compute_prm_awaiting_partner(self):
        awaiting = self.filtered_domain(self._prm_awaiting_partner_domain())
        for lead in self:
            lead.prm_awaiting_partner = lead in awaiting

    def _search_prm_awaiting_partner(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Awaiting Partner: search it as yes or no."))
        domain = self._prm_awaiting_partner_domain()
        if (operator == "=") == value:
            return domain
        return ["!", *expression.normalize_domain(domain)]

    @api.depends(
        "prm_assignment_ids.state",
        "prm_assignment_ids.rule_id",
        "prm_assignment_ids.registration_id",
    )
    def _compute_prm_routing_origin(self):
        for lead in self:
            offer = lead.sudo().prm_assignment_ids.filtered(
                lambda offer: offer.state in ("offered", "accepted")
            )[:1]
            lead.prm_routing_rule_id = offer.rule_id
            lead.prm_routing_registration_id = offer.registration_id

    @api.depends("prm_assignment_ids")
    def _compute_prm_routing_explanation(self):
        for lead in self:
            # The latest offer first (the assignments' order), when the user
            # may read it (a partner manager reads his partners' offers only).
            last = lead.sudo().prm_assignment_ids[:1]
            if not self.env.su:
                last = last.with_env(self.env)._filtered_access("read").sudo()
            lead.prm_routing_explanation = last.score_explanation or False

    # Guards ----------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and self.env.user.share:
            for vals in vals_list:
                forged = (ROUTING_FIELDS - {"partner_assigned_id"}) & set(vals)
                if forged:
                    raise AccessError(
                        self.env._(
                            "Leads: %(fields)s are set by the vendor's routing.",
                            fields=", ".join(sorted(forged)),
                        )
                    )
        elif any(vals.get("partner_assigned_id") for vals in vals_list):
            self._prm_check_assign_role()
        self._check_routing_allowed(
            {vals.get("partner_assigned_id") for vals in vals_list}
        )
        leads = super().create(vals_list)
        leads._prm_check_assigned_company()
        if not self.env.su and not self.env.user.share:
            # (A partner's own new lead on a protected customer is flagged to
            # the vendor: _prm_flag_protected_customers.)
            leads._prm_check_assigned_protection()
        return leads

    def write(self, vals):
        if not self.env.su and self.env.user.share:
            forged = ROUTING_FIELDS & set(vals)
            if forged:
                raise AccessError(
                    self.env._(
                        "Leads: %(fields)s are set by the vendor's routing; "
                        "accept or decline the lead instead.",
                        fields=", ".join(sorted(forged)),
                    )
                )
            # A partner user: the gate of the progress form, whatever the
            # way in, then written as superuser (the customer's contact
            # record is the vendor's: see _inverse_email_from).
            leads = self._prm_partner_leads(vals, PARTNER_FIELDS)
            before = leads._prm_customer_identities()
            result = super(CrmLead, leads.with_context(prm_partner_write=True)).write(
                vals
            )
            leads._prm_check_conflicts_again(before)
            return result
        partner_id = vals.get("partner_assigned_id")
        if "partner_assigned_id" in vals and self.filtered(
            lambda lead: lead.partner_assigned_id.id != (partner_id or False)
        ):
            self._prm_check_assign_role()
        given = (
            self.filtered(lambda lead: lead.partner_assigned_id.id != partner_id)
            if partner_id
            else self.browse()
        )
        if given:
            given._prm_check_assignable(self.env["res.partner"].browse(partner_id))
        # The protection of the customer the leads will have, not only of
        # the one they had (one write naming the customer and the partner,
        # or a partner's lead renamed to a protected customer).
        before = (
            self._prm_customer_identities()
            if not self.env.su and CUSTOMER_FIELDS & set(vals)
            else None
        )
        result = super().write(vals)
        if before is not None:
            self._prm_check_customer_changes(before)
        if {"partner_assigned_id", "company_id"} & set(vals):
            self._prm_check_assigned_company()
        return result

    @api.model
    def _prm_check_assign_role(self):
        """Setting or clearing the Assigned Partner by hand (or by Odoo's
        Automatic Assignment) hands a lead to a partner or takes it back: the
        role of the forward, whatever context the caller sends."""
        check_role(self.env["prm.lead.forward.wizard"], "action_forward")

    @api.model
    def _check_routing_allowed(self, partner_ids):
        """New leads go to no partner whose agreement has expired."""
        partners = self.env["res.partner"].browse(filter(None, partner_ids)).exists()
        blocked = partners.filtered("lead_routing_blocked")
        if blocked:
            raise UserError(
                self.env._(
                    "Assigned Partner: the agreement of %(partners)s has expired; "
                    "no new leads go to them until a renewed agreement is signed.",
                    partners=", ".join(blocked.mapped("name")),
                )
            )

    def _prm_check_partner_company(self, partner):
        """A lead goes only to a partner of its company (or to a partner
        shared by every company)."""
        partner = partner.sudo().commercial_partner_id
        if not partner.company_id:
            return
        stray = self.filtered(lambda lead: lead.company_id != partner.company_id)
        if stray:
            raise UserError(
                self.env._(
                    "%(partner)s works with %(company)s: it cannot be offered "
                    "leads of another company (%(leads)s).",
                    partner=partner.name,
                    company=partner.company_id.name,
                    leads=", ".join(stray.mapped("name")),
                )
            )

    def _prm_check_assigned_company(self):
        """Whatever the way in (the Assigned Partner field, Odoo's automatic
        assignment, RPC), each lead's partner works with its company."""
        for partner, leads in self.grouped("partner_assigned_id").items():
            if partner:
                leads._prm_check_partner_company(partner)

    def _prm_check_assignable(self, partner):
        """May these leads be given to `partner`? Its agreement is in force,
        no other partner's deal registration protects their customers, it
        works with their company. The checks of the Assigned Partner,
        whatever the way in (a forward, the field, RPC), before anything is
        written. The protection binds users, not the suite's own decisions
        as superuser (the opportunity of a registration the vendor approved
        beside another one)."""
        self._check_routing_allowed({partner.id})
        if not self.env.su:
            self._prm_check_protection(partner)
        self._prm_check_partner_company(partner)

    def _prm_check_assigned_protection(self):
        """The deal protection of _prm_check_assignable for leads created
        with their Assigned Partner, or whose customer changed (their
        customer is known once written)."""
        for partner, leads in self.grouped("partner_assigned_id").items():
            if partner:
                leads._prm_check_protection(partner)

    def _prm_check_customer_changes(self, before):
        """The deal protection of _prm_check_assigned_protection for those
        of these leads whose customer changed since `before`
        (_prm_customer_identities): by a write on the leads or on their
        customer's contact (res.partner.write)."""
        after = self._prm_customer_identities()
        self.filtered(
            lambda lead: after[lead.id] != before[lead.id]
        )._prm_check_assigned_protection()

    def search_geo_partner(self):
        """Odoo's geographic assignment, minus partners whose agreement expired,
        partners of another company than the lead's, and partners other than
        the one a deal registration protects the lead's customer for."""
        choices = super().search_geo_partner()
        partners = self.env["res.partner"].browse(set(choices.values()))
        blocked = partners.filtered("lead_routing_blocked").ids
        commercial = {
            partner.id: partner.sudo().commercial_partner_id for partner in partners
        }
        protected = self.env["prm.lead.router"]._protecting_registrations(
            self.browse(choices)
        )
        return {
            lead.id: partner_id
            for lead, partner_id in zip(
                self.browse(choices), choices.values(), strict=True
            )
            if partner_id not in blocked
            and commercial[partner_id].company_id
            in (lead.company_id, lead.company_id.browse())
            and protected.get(lead, {}).get("partner_id", commercial[partner_id].id)
            == commercial[partner_id].id
        }

    def _prm_lock(self):
        """Lock the leads' rows: an answer and a recall never cross."""
        if self.ids:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM crm_lead WHERE id IN %s FOR UPDATE",
                    tuple(self.ids),
                )
            )
        self.invalidate_recordset()

    # Routing (vendor side) ---------------------------------------------------------

    def action_prm_route(self):
        """Route the selected leads with the routing rules."""
        check_role(self, "action_prm_route")
        result = self.env["prm.lead.router"]._route(self)
        return self.env["prm.lead.router"]._notification(result)

    def action_prm_recall(self, reason=None):
        """The vendor takes leads back from the partner they were offered to,
        saying why (the chatter, the offer and the partner's database keep
        the reason)."""
        check_role(self, "action_prm_recall")
        reason = self._prm_text(reason, self.env._("Reason")).strip()
        if not reason:
            raise UserError(
                self.env._("Reason: say why the lead is taken back from the partner.")
            )
        self._prm_check_note(reason)
        offered = self.filtered(lambda lead: lead.prm_offer_state == "offered")
        if offered != self:
            raise UserError(
                self.env._(
                    "Only leads awaiting a partner's answer can be recalled: "
                    "%(leads)s.",
                    leads=", ".join((self - offered).mapped("name")),
                )
            )
        self.check_access("write")
        self.sudo()._prm_recall("recalled", note=reason)
        return True

    @api.model
    def _prm_check_note(self, note):
        """Refuse a note of a recall or of a partner's answer longer than
        NOTE_MAX_LENGTH, whatever the way in (wizard, portal, RPC, sync),
        before anything is written."""
        self._prm_check_length(note, self.env._("Reason"), NOTE_MAX_LENGTH)

    @api.model
    def _prm_text(self, text, label):
        """`text` a user gives (`label`: the field as the user sees it): a
        string, "" for nothing; anything else (a number, a list, a dict sent
        over RPC) is refused."""
        if not text:
            return ""
        if not isinstance(text, str):
            raise ValidationError(self.env._("%(field)s: enter a text.", field=label))
        return text

    @api.model
    def _prm_check_length(self, text, label, maximum):
        """Refuse a text a user gives (`label`: the field as the user sees
        it) that is not one (_prm_text) or is longer than `maximum`
        characters, before anything is written."""
        length = len(self._prm_text(text, label))
        if length > maximum:
            raise ValidationError(
                self.env._(
                    "%(field)s: at most %(max)s characters (this one has %(length)s).",
                    field=label,
                    max=maximum,
                    length=length,
                )
            )

    def _prm_forward(self, partner, deadline, note=None):
        """Offer leads by hand to a partner: the one way in for every forward
        action (the suite's and Odoo's), with the suite's checks: the forward
        role, leads the user may change, the partner's company and agreement,
        and the customers' deal protection (the last three: those of the
        Assigned Partner, _prm_check_assignable)."""
        check_role(self.env["prm.lead.forward.wizard"], "action_forward")
        self.check_access("write")
        self._prm_offer(
            partner, deadline, assignment_vals={"origin": "manual"}, note=note
        )

    def _prm_check_protection(self, partner):
        """A customer protected by another partner's approved registration
        goes to no one else, as in routing."""
        protected = {
            lead: registration
            for lead, registration in self.env["prm.lead.router"]
            ._protecting_registrations(self)
            .items()
            if registration["partner_id"] != partner.sudo().commercial_partner_id.id
        }
        if protected:
            holders = (
                self.env["res.partner"]
                .sudo()
                .browse(
                    {registration["partner_id"] for registration in protected.values()}
                )
            )
            raise UserError(
                self.env._(
                    "%(leads)s: the customer is protected by another partner's "
                    "deal registration (%(registrations)s, %(partners)s, until "
                    "%(end)s); give the lead to that partner or to no one.",
                    leads=", ".join(lead.name for lead in protected),
                    registrations=", ".join(
                        sorted({reg["name"] for reg in protected.values()})
                    ),
                    partners=", ".join(sorted(holders.mapped("name"))),
                    end=format_date(
                        self.env,
                        max(reg["protection_end"] for reg in protected.values()),
                    ),
                )
            )

    def _prm_offer(self, partner, deadline, assignment_vals=None, note=None):
        """Offer leads to a partner until a deadline (manual forward)."""
        if deadline <= fields.Datetime.now():
            raise ValidationError(
                self.env._(
                    "Accept By: the deadline %(deadline)s is in the past.",
                    deadline=deadline,
                )
            )
        taken = self.filtered("partner_assigned_id")
        if taken:
            raise UserError(
                self.env._(
                    "%(leads)s already belong to a partner; recall them first.",
                    leads=", ".join(taken.mapped("name")),
                )
            )
        # The Assigned Partner's checks (see write), with the user's rights.
        self.write(
            {
                "partner_assigned_id": partner.id,
                "prm_offer_state": "offered",
                "prm_acceptance_deadline": deadline,
                "prm_routing_note": False,
            }
        )
        self.env["prm.lead.assignment"].sudo().create(
            [
                {
                    "lead_id": lead.id,
                    "partner_id": partner.id,
                    "deadline": deadline,
                    "note": note,
                    "user_id": self.env.user.id,
                    **(assignment_vals or {}),
                }
                for lead in self
            ]
        )
        self.env["prm.lead.assignment"]._prm_offers_made()

    def _prm_current_offer(self):
        """The open offer of each lead: {lead: assignment}."""
        offers = (
            self.env["prm.lead.assignment"]
            .sudo()
            .search([("lead_id", "in", self.ids), ("state", "=", "offered")])
        )
        return {offer.lead_id: offer for offer in offers}

    def _prm_recall(self, reason, note=None):
        """Take offered leads back (`reason`: "expired", the deadline passed,
        or "recalled", the vendor's decision, why in `note`), bar the partner
        from them and route them again. Runs as superuser."""
        self._prm_lock()
        leads = self.filtered(lambda lead: lead.prm_offer_state == "offered")
        offers = leads._prm_current_offer()
        now = fields.Datetime.now()
        for lead in leads:
            offer = offers.get(lead)
            if offer:
                offer.write(
                    {"state": reason, "date_answered": now, "reason": note or False}
                )
            partner = lead.partner_assigned_id
            lead.write(
                {
                    "partner_assigned_id": False,
                    "partner_declined_ids": [fields.Command.link(partner.id)],
                    "prm_offer_state": False,
                    "prm_acceptance_deadline": False,
                }
            )
            body = (
                self.env._(
                    "Recalled from %(partner)s: no answer by the deadline.",
                    partner=partner.display_name,
                )
                if reason == "expired"
                else self.env._(
                    "Recalled from %(partner)s by %(user)s: %(reason)s",
                    partner=partner.display_name,
                    user=self.env.user.name,
                    reason=note or "-",
                )
            )
            lead.message_post(body=body, subtype_xmlid="mail.mt_note")
            if reason == "expired":
                manager = partner._prm_responsible_user()
                lead.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._(
                        "Lead recalled from %(partner)s (no answer)",
                        partner=partner.name,
                    ),
                    note=self.env._(
                        "The partner did not answer by the deadline; the lead "
                        "was routed again. Follow up with the partner."
                    ),
                    user_id=manager.id,
                )
        leads._prm_clear_chase_activities()
        self.env["prm.lead.router"]._route(leads)
        return leads

    def _prm_clear_chase_activities(self):
        self.activity_unlink(["partner_relationship.mail_activity_type_prm_offer"])

    @api.model
    def _cron_lead_offer_deadlines(self):
        """Remind partners before their deadline, recall leads after it."""
        now = fields.Datetime.now()
        Assignment = self.env["prm.lead.assignment"]
        Assignment.search(
            [
                ("state", "=", "offered"),
                ("reminder_sent", "=", False),
                ("reminder_date", "<=", now),
                ("deadline", ">", now),
            ]
        )._send_reminders()
        expired = Assignment.search(
            [("state", "=", "offered"), ("deadline", "<=", now)]
        ).lead_id
        expired._prm_recall("expired")

    # Partner's answer ---------------------------------------------------------------

    def _prm_answering_partner(self):
        """The partner company answering for these leads: the caller's company
        for a partner user, else the partner the lead was offered to."""
        if self.env.user.share:
            return self.env.user.commercial_partner_id
        return self.partner_assigned_id.commercial_partner_id

    def _prm_check_offered_to(self, partner):
        """Raise a clear error unless each lead awaits `partner`'s answer."""
        latest = {}
        for assignment in (
            self.env["prm.lead.assignment"]
            .sudo()
            .search(
                [("lead_id", "in", self.ids), ("partner_id", "=", partner.id)],
                order="id",
            )
        ):
            latest[assignment.lead_id] = assignment
        for lead in self:
            assignment = latest.get(lead)
            if (
                assignment
                and assignment.state == "offered"
                and lead.partner_assigned_id == partner
            ):
                continue
            if not assignment:
                raise UserError(
                    self.env._("This lead is not offered to %(partner)s.")
                    % {"partner": partner.name}
                )
            messages = {
                "accepted": self.env._(
                    "%(lead)s: you already accepted this lead on %(date)s."
                ),
                "declined": self.env._(
                    "%(lead)s: you already declined this lead on %(date)s."
                ),
                "expired": self.env._(
                    "%(lead)s: this lead was recalled on %(date)s because the "
                    "deadline passed; it is no longer offered to you."
                ),
                "recalled": self.env._(
                    "%(lead)s: the vendor recalled this lead on %(date)s; it is "
                    "no longer offered to you."
                ),
            }
            raise UserError(
                messages.get(assignment.state, messages["recalled"])
                % {"lead": lead.name, "date": assignment.date_answered}
            )

    def _prm_open_answer(self):
        """Start a partner's answer: the answering partner, the leads in its
        environment, locked and checked to await its answer, and their open
        offers."""
        partner = self._prm_answering_partner()
        if len(partner) != 1:
            raise UserError(
                self.env._("Answer for the leads of one partner at a time.")
            )
        leads = self.with_env(self.env.user._prm_partner_env(partner))
        leads._prm_lock()
        leads._prm_check_offered_to(partner)
        return partner, leads, leads._prm_current_offer()

    def action_prm_accept(self):
        """The partner accepts leads offered to it: they become its
        opportunities (portal and sync call this as the partner's user)."""
        check_role(self, "action_prm_accept")
        partner, leads, offers = self._prm_open_answer()
        self.env["prm.lead.assignment"].sudo().union(*offers.values()).write(
            {"state": "accepted", "date_answered": fields.Datetime.now()}
        )
        leads.write({"prm_offer_state": "accepted", "prm_acceptance_deadline": False})
        for customer, to_convert in (
            leads.filtered(lambda lead: lead.type == "lead")
            .grouped("partner_id")
            .items()
        ):
            to_convert.convert_opportunity(customer)
        body = self.env._(
            "Accepted by %(partner)s (%(user)s).",
            partner=partner.name,
            user=self.env.user.name,
        )
        leads._message_log_batch(bodies=dict.fromkeys(leads.ids, body))
        leads._prm_clear_chase_activities()
        return True

    def action_prm_decline(self, reason):
        """The partner declines leads offered to it, with a reason; they go to
        the next partner and never come back to this one."""
        check_role(self, "action_prm_decline")
        reason = self._prm_text(reason, self.env._("Reason")).strip()
        if not reason:
            raise UserError(
                self.env._("Reason: tell the vendor why you decline the lead.")
            )
        self._prm_check_note(reason)
        partner, leads, offers = self._prm_open_answer()
        now = fields.Datetime.now()
        for lead in leads:
            offers[lead].write(
                {"state": "declined", "date_answered": now, "reason": reason}
            )
            lead.write(
                {
                    "partner_assigned_id": False,
                    "partner_declined_ids": [fields.Command.link(partner.id)],
                    "prm_offer_state": False,
                    "prm_acceptance_deadline": False,
                }
            )
            lead.message_post(
                body=Markup("%s<br/>%s")
                % (
                    self.env._(
                        "Declined by %(partner)s (%(user)s).",
                        partner=partner.name,
                        user=self.env.user.name,
                    ),
                    reason,
                ),
                subtype_xmlid="mail.mt_note",
            )
        leads._prm_clear_chase_activities()
        leads.env["prm.lead.router"]._route(leads)
        return True

    # Odoo's Resellers portal (/my/leads, /my/opportunity) ----------------------------
    # Its buttons and dialogs call these over RPC: the records are checked
    # first, and whatever they write goes through the partner's gate.

    def partner_interested(self, comment=False):
        self.check_access("write")
        self._prm_check_note(comment)
        offered = self.filtered(lambda lead: lead.prm_offer_state == "offered")
        if offered:
            offered.action_prm_accept()
        return super().partner_interested(comment=comment)

    def partner_desinterested(self, comment=False, contacted=False, spam=False):
        self.check_access("write")
        self._prm_check_note(comment)
        accepted = self.filtered(lambda lead: lead.prm_offer_state == "accepted")
        if accepted:
            raise UserError(
                self.env._(
                    "%(leads)s: you accepted it; report it lost instead.",
                    leads=", ".join(accepted.mapped("name")),
                )
            )
        offered = self.filtered(lambda lead: lead.prm_offer_state == "offered")
        if offered:
            offered.action_prm_decline(
                comment
                or (
                    self.env._("Not interested (customer contacted).")
                    if contacted
                    else self.env._("Not interested.")
                )
            )
        others = self - offered
        if others:
            return super(CrmLead, others).partner_desinterested(
                comment=comment, contacted=contacted, spam=spam
            )
        return True

    def update_lead_portal(self, values):
        """Odoo's "Edit opportunity" dialog: the lead's values and the next
        activity are checked like the progress form's before anything is
        written (Odoo writes the activity as superuser first)."""
        self.check_access("write")
        required = LEAD_DIALOG_KEYS
        if isinstance(values, dict) and values.get("activity_date_deadline"):
            required |= ACTIVITY_DIALOG_KEYS
        self._prm_check_dialog_values(values, required)
        if not self.env.su and self.env.user.share:
            lead_values = {
                name: values.get(name)
                for name in ("expected_revenue", "probability", "priority")
            }
            lead_values["date_deadline"] = values.get("date_deadline") or False
            if values.get("activity_date_deadline"):
                lead_values["next_activity"] = {
                    "activity_type_id": values.get("activity_type_id"),
                    "summary": values.get("activity_summary"),
                    "date_deadline": values["activity_date_deadline"],
                }
            self._prm_partner_leads(lead_values, PARTNER_FIELDS | {"next_activity"})
        return super().update_lead_portal(values)

    def update_contact_details_from_portal(self, values):
        """Odoo's "Edit contact" dialog, written with the caller's rights
        (Odoo writes as superuser after a model-level check only): a partner
        user's change goes through its gate like any other write."""
        self._prm_check_fields(values, CONTACT_FIELDS)
        return self.write(values)

    @api.model
    def create_opp_portal(self, values):
        """Odoo's "New opportunity" dialog: the partner's own opportunity
        counts as accepted by it (it reports progress on it as on the others)."""
        self._prm_check_dialog_values(values, NEW_OPPORTUNITY_KEYS)
        result = super().create_opp_portal(values)
        if result.get("id"):
            lead = self.browse(result["id"])
            lead.sudo().write({"prm_offer_state": "accepted"})
            lead._prm_flag_protected_customers()
        return result

    @api.model
    def _prm_check_dialog_values(self, values, required):
        """Refuse what a dialog of Odoo's Resellers portal posts (over RPC)
        unless it is a dict with the `required` keys: Odoo's method reads each
        of them."""
        missing = set(required) - set(values if isinstance(values, dict) else ())
        if missing:
            raise ValidationError(
                self.env._(
                    "Missing in the form: %(fields)s.",
                    fields=", ".join(sorted(missing)),
                )
            )

    def _inverse_email_from(self):
        # The customer's contact is the vendor's record, shared by its other
        # leads: a partner's correction stays on the partner's lead.
        if self.env.context.get("prm_partner_write"):
            return None
        return super()._inverse_email_from()

    def _inverse_phone(self):
        if self.env.context.get("prm_partner_write"):
            return None
        return super()._inverse_phone()

    # What a partner writes ------------------------------------------------------------

    def _prm_partner_leads(self, values, allowed):
        """The one gate of what a partner writes on leads, whatever the way
        in (progress form, Odoo's portal dialogs, a write over RPC, the sync):
        only `allowed` fields, only leads the partner accepted, the values
        checked by _prm_check_progress_values. Returns the leads in the
        environment to write them in (superuser for a partner user)."""
        self._prm_check_fields(values, allowed)
        # Before anything is read as superuser: another company's lead and a
        # missing one give the same error.
        self.check_access("write")
        partner = self._prm_answering_partner()
        leads = self.with_env(self.env.user._prm_partner_env(partner))
        not_accepted = leads.filtered(
            lambda lead: (
                lead.prm_offer_state != "accepted"
                or lead.partner_assigned_id.commercial_partner_id not in partner
            )
        )
        if not_accepted:
            raise UserError(
                self.env._(
                    "Accept %(leads)s before reporting progress on it.",
                    leads=", ".join(not_accepted.mapped("name")),
                )
            )
        leads._prm_check_progress_values(values)
        return leads

    def _prm_check_fields(self, values, allowed):
        unknown = set(values) - allowed
        if unknown:
            raise AccessError(
                self.env._(
                    "A partner cannot update %(fields)s of a lead.",
                    fields=", ".join(sorted(unknown)),
                )
            )

    def _prm_partner_update_progress(self, values):
        """The partner reports progress on leads it accepted.

        `values` may hold stage_id, probability, expected_revenue,
        date_deadline (expected closing), next_activity ({activity_type_id,
        summary, date_deadline}), won (True) or lost ({lost_reason_id,
        feedback}); anything else is refused.
        """
        leads = self._prm_partner_leads(
            values, PROGRESS_FIELDS | {"next_activity", "won", "lost"}
        )
        vals = {key: values[key] for key in PROGRESS_FIELDS if key in values}
        if vals:
            leads.write(vals)
        if values.get("next_activity"):
            activity = values["next_activity"]
            for lead in leads:
                lead.activity_schedule(
                    activity_type_id=activity.get("activity_type_id"),
                    summary=activity.get("summary"),
                    date_deadline=activity["date_deadline"],
                    user_id=self.env.user.id,
                )
        if values.get("won"):
            leads.action_set_won()
        elif "lost" in values:
            lost = values["lost"] or {}
            leads.action_set_lost(lost_reason_id=lost.get("lost_reason_id"))
            if lost.get("feedback"):
                for lead in leads:
                    lead.message_post(
                        body=self.env._(
                            "Lost: %(feedback)s", feedback=lost["feedback"]
                        ),
                        subtype_xmlid="mail.mt_note",
                    )
        return True

    def _prm_check_progress_values(self, values):
        """What a partner writes on these leads, checked before any write:
        numbers in range, no closing date in the past, and the records it
        names are the vendor's reference data (a stage of the lead's team, a
        lost reason, an activity type of leads, a country and its state)."""
        if (
            "probability" in values
            and not 0 <= self._prm_number(values, "probability") <= 100
        ):
            raise ValidationError(self.env._("Probability: must be between 0 and 100."))
        revenue = self._prm_number(values, "expected_revenue")
        if revenue < 0:
            raise ValidationError(self.env._("Expected Revenue: cannot be negative."))
        if revenue > MAX_REVENUE:
            raise ValidationError(
                self.env._("Expected Revenue: at most %(max)s.", max=MAX_REVENUE)
            )
        today = fields.Date.context_today(self)
        close = self._prm_date(values.get("date_deadline"))
        if close and close < today:
            raise ValidationError(
                self.env._("Expected Closing: %(date)s is in the past.", date=close)
            )
        if "stage_id" in values:
            stage = self._prm_reference("crm.stage", values["stage_id"])
            if not stage or stage.is_won:
                raise ValidationError(
                    self.env._("Stage: choose an open stage; report a won deal as won.")
                )
            for lead in self:
                if stage.team_id and stage.team_id != lead.team_id:
                    raise ValidationError(
                        self.env._(
                            "Stage: %(stage)s is not a stage of %(lead)s's team.",
                            stage=stage.name,
                            lead=lead.name,
                        )
                    )
        priorities = dict(self._fields["priority"]._description_selection(self.env))
        if "priority" in values and not (
            isinstance(values["priority"], str) and values["priority"] in priorities
        ):
            raise ValidationError(
                self.env._(
                    "Priority: choose one of %(priorities)s.",
                    priorities=", ".join(priorities.values()),
                )
            )
        self._prm_check_address(values)
        for name in values.keys() & CONTACT_FIELDS:
            field = self._fields[name]
            if field.type in ("char", "text"):
                self._prm_text(values[name], field._description_string(self.env))
        activity = values.get("next_activity")
        if activity is not None and not (
            isinstance(activity, dict) and self._prm_date(activity.get("date_deadline"))
        ):
            raise ValidationError(
                self.env._("Next Activity: give at least its due date.")
            )
        if activity:
            self._prm_check_length(
                activity.get("summary"),
                self.env._("Next Step"),
                ACTIVITY_SUMMARY_MAX_LENGTH,
            )
        if activity and activity.get("activity_type_id"):
            kind = self._prm_reference(
                "mail.activity.type", activity["activity_type_id"]
            )
            if not kind or kind.res_model not in (False, self._name):
                raise ValidationError(
                    self.env._("Next Activity: choose an activity type of leads.")
                )
        lost = values.get("lost") or {}
        if not isinstance(lost, dict):
            raise ValidationError(
                self.env._("Lost: give the lost reason and the feedback, or nothing.")
            )
        self._prm_check_length(
            lost.get("feedback"), self.env._("Lost Feedback"), NOTE_MAX_LENGTH
        )
        if lost.get("lost_reason_id"):
            if not self._prm_reference("crm.lost.reason", lost["lost_reason_id"]):
                raise ValidationError(
                    self.env._("Lost Reason: choose one of the vendor's reasons.")
                )
        if values.get("won") and "lost" in values:
            raise ValidationError(
                self.env._("A lead cannot be reported both won and lost.")
            )

    def _prm_check_address(self, values):
        """The customer's country and state: existing ones, the state in the
        country."""
        country = self.env["res.country"]
        if values.get("country_id"):
            country = self._prm_reference("res.country", values["country_id"])
            if not country:
                raise ValidationError(self.env._("Country: choose a country."))
        if values.get("state_id"):
            state = self._prm_reference("res.country.state", values["state_id"])
            for lead in self:
                lead_country = country if "country_id" in values else lead.country_id
                if not state or (lead_country and state.country_id != lead_country):
                    raise ValidationError(
                        self.env._(
                            "State: choose a state of %(country)s.",
                            country=lead_country.name or "-",
                        )
                    )

    def _prm_reference(self, model, record_id):
        """The vendor's reference record of that id (active), or nothing."""
        if not isinstance(record_id, int) or isinstance(record_id, bool):
            return self.env[model]
        return self.env[model].sudo().search([("id", "=", record_id)])

    def _prm_number(self, values, name):
        """The number of `name` in `values` (0 when not given); refused
        unless it is a finite number (nan, inf and 1e309, which Odoo's JSON
        reads, included)."""
        try:
            number = float(values.get(name) or 0)
        except (TypeError, ValueError, OverflowError):
            number = math.nan
        if not math.isfinite(number):
            raise ValidationError(
                self.env._(
                    "%(field)s: enter a number.",
                    field=self._fields[name]._description_string(self.env),
                )
            )
        return number

    def _prm_date(self, value):
        try:
            return fields.Date.to_date(value) if value else False
        except (TypeError, ValueError):
            raise ValidationError(
                self.env._("%(value)s is not a date.", value=value)
            ) from None

    # Deal registration conflicts --------------------------------------------------

    def _prm_customer_identities(self):
        """{lead id: (customer key, VAT key, e-mail domain)} of these leads."""
        return {
            lead.id: tuple(lead[name] for name in IDENTITY_FIELDS)
            for lead in self.sudo()
        }

    def _prm_check_conflicts_again(self, before):
        """A partner changed who the customer of these leads is (company
        name, e-mail domain): the submitted deal registrations about the
        customer they were or now are about find their conflicts again, so
        that the vendor decides on the current ones; a lead now about a
        customer another partner's approved registration protects is flagged
        to the vendor (_prm_flag_protected_customers)."""
        changed = set()
        renamed = []
        for lead_id, identity in self._prm_customer_identities().items():
            if identity != before[lead_id]:
                changed |= {identity, before[lead_id]}
                renamed.append(lead_id)
        self.browse(renamed)._prm_flag_protected_customers()
        criteria = []
        for key, vat, domain in changed:
            if vat:
                criteria.append([("customer_vat_key", "=", vat)])
            if domain:
                criteria.append([("customer_domain_key", "=", domain)])
            if key:
                # As _matching compares names: same first letters, then
                # similarity.
                criteria.append([("customer_key", "=like", key[:3] + "%")])
        if not criteria:
            return
        # A lead conflicts with the registrations of its company (with all,
        # for a lead shared by every company).
        company_domain = (
            [("company_id", "in", self.company_id.ids)]
            if all(lead.company_id for lead in self)
            else []
        )
        registrations = (
            self.env["prm.deal.registration"]
            .sudo()
            .search(
                [
                    ("state", "=", "submitted"),
                    *company_domain,
                    *expression.OR(criteria),
                ]
            )
        )
        for registration in registrations:
            registration._detect_conflicts()

    def _prm_flag_protected_customers(self):
        """A partner's own lead (created on the portal, or its customer
        changed by the partner) about a customer another partner's approved
        registration protects: the vendor is told, with a note and a to-do
        on the registration for its partner's manager; the partner is not
        (that would tell it who protects the customer)."""
        Registration = self.env["prm.deal.registration"].sudo()
        protecting = self.env["prm.lead.router"]._protecting_registrations(self.sudo())
        for lead, found in protecting.items():
            holder = lead.sudo().partner_assigned_id.commercial_partner_id
            if not holder or found["partner_id"] == holder.id:
                continue
            registration = Registration.browse(found["id"])
            summary = self.env._(
                "%(partner)s works its own opportunity %(lead)s on this "
                "protected customer",
                partner=holder.name,
                lead=lead.sudo().name,
            )
            registration.message_post(body=summary, subtype_xmlid="mail.mt_note")
            registration.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=summary,
                user_id=registration.partner_id._prm_responsible_user().id,
            )

    def _prm_end_assignments(self):
        """The vendor takes these leads from their partners (another
        partner's deal registration is approved): open offers are recalled,
        accepted assignments ended. Runs as superuser."""
        assignments = (
            self.env["prm.lead.assignment"]
            .sudo()
            .search(
                [("lead_id", "in", self.ids), ("state", "in", ("offered", "accepted"))]
            )
        )
        now = fields.Datetime.now()
        offered = assignments.filtered(lambda assignment: assignment.state == "offered")
        offered.write({"state": "recalled", "date_answered": now})
        (assignments - offered).write({"state": "ended", "date_ended": now})
        self._prm_clear_chase_activities()

    def _prm_reassign(self, partner, registration):
        """Give these leads to the partner whose deal registration is
        approved, as accepted by it. Runs as superuser."""
        self._prm_check_assignable(partner)
        self._prm_end_assignments()
        self.with_context(prm_routing_checked=True).write(
            {
                "partner_assigned_id": partner.id,
                "prm_offer_state": "accepted",
                "prm_acceptance_deadline": False,
                "prm_registration_id": registration.id,
            }
        )
        now = fields.Datetime.now()
        self.env["prm.lead.assignment"].sudo().create(
            [
                {
                    "lead_id": lead.id,
                    "partner_id": partner.id,
                    "origin": "registration",
                    "registration_id": registration.id,
                    "state": "accepted",
                    "date_offered": now,
                    "date_answered": now,
                    "notified": True,
                    "user_id": self.env.uid,
                }
                for lead in self
            ]
        )

    @api.model
    def _prm_offer_deadline(self, partner, now=None):
        hours = partner._prm_tier_benefits().acceptance_deadline_hours or 48
        return (now or fields.Datetime.now()) + timedelta(hours=hours)
