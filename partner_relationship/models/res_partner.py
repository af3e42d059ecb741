# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression

from ..tools.customer_identity import customer_key, email_domain, vat_key
from ..tools.flag_search import check_flag_search
from ..tools.roles import check_role

RELATIONSHIP_KINDS = [
    ("commodity", "Commodity-based"),
    ("strategic", "Strategic"),
    ("market_facing", "Market-facing"),
]

# Changed by channel managers only (see _prm_check_protected_changes): an
# application's decision too, made by action_prm_approve or the rejection
# wizard, never by writing the partner (Contact Creation lets any salesperson
# write partners).
PROTECTED_FIELDS = (
    "is_channel_partner",
    "partner_manager_id",
    "grade_id",
    "prm_application_state",
    "prm_application_reason",
)

END_CUSTOMER_FIELDS = frozenset(
    {"name", "email", "phone", "street", "city", "zip", "country_id", "vat"}
)

# What a lead's customer identity is computed from on its contact (see
# crm.lead._compute_prm_customer_identity): the company's name and VAT number,
# the contact's e-mail address and whose contact it is.
LEAD_IDENTITY_FIELDS = frozenset(
    {"name", "vat", "email", "is_company", "parent_id", "child_ids"}
)

CONNECTION_MODES = [
    ("portal", "Portal only"),
    ("connected", "Connected instance"),
]

APPLICATION_STATES = [
    ("to_review", "To Review"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    is_channel_partner = fields.Boolean(
        string="Channel Partner",
        tracking=True,
        help="A company of the vendor's partner network (reseller, distributor, "
        "service provider, supplier).",
    )
    partner_type_id = fields.Many2one(
        "prm.partner.type",
        tracking=True,
        index="btree_not_null",
    )
    relationship_kind = fields.Selection(
        RELATIONSHIP_KINDS,
        tracking=True,
        help="Commodity-based: price and availability drive the relationship. "
        "Strategic: shared plans and investments. "
        "Market-facing: the partner sells or serves the vendor's customers.",
    )
    prm_managed_by_user = fields.Boolean(
        string="Managed by Me",
        compute="_compute_prm_managed_by_user",
        help="The current user manages this partner (its partner manager, or a "
        "channel manager).",
    )
    partner_manager_id = fields.Many2one(
        "res.users",
        tracking=True,
        index="btree_not_null",
        domain=[("share", "=", False)],
        help="Vendor user who manages the relationship with this partner.",
    )
    connection_mode = fields.Selection(
        CONNECTION_MODES,
        default="portal",
        tracking=True,
        help="Portal only: the partner works in the vendor's portal. "
        "Connected instance: the partner runs its own Odoo database, "
        "synchronised with the vendor's.",
    )

    # Territory and specializations
    territory_country_ids = fields.Many2many(
        "res.country",
        "res_partner_prm_territory_country_rel",
        "partner_id",
        "country_id",
        string="Territory Countries",
    )
    territory_state_ids = fields.Many2many(
        "res.country.state",
        "res_partner_prm_territory_state_rel",
        "partner_id",
        "state_id",
        string="Territory States",
    )
    territory_zip_prefixes = fields.Char(
        string="Territory ZIP Prefixes",
        help="Comma-separated beginnings of ZIP codes, e.g. 021, 022, 10",
    )
    specialization_ids = fields.Many2many(
        "product.category",
        "res_partner_prm_specialization_rel",
        "partner_id",
        "category_id",
        string="Specializations",
    )
    lead_capacity = fields.Integer(
        help="Number of open leads the partner can work on at once; 0 for no limit.",
    )
    prm_analytic_account_id = fields.Many2one(
        "account.analytic.account",
        string="Partner Analytic Account",
        copy=False,
        help="Where the partner's marketing fund expenses are analysed.",
    )
    fund_allocation_ids = fields.One2many("prm.fund.allocation", "partner_id")
    end_customer_of_id = fields.Many2one(
        "res.partner",
        index="btree_not_null",
        help="The channel partner that brought this customer (indirect orders).",
    )
    # Relationship records
    agreement_ids = fields.One2many("prm.agreement", "partner_id")
    certification_ids = fields.One2many("prm.certification", "partner_id")
    review_ids = fields.One2many("prm.review", "partner_id")
    dispute_ids = fields.One2many("prm.dispute", "partner_id")
    tier_proposal_ids = fields.One2many("prm.tier.proposal", "partner_id")
    review_interval_months = fields.Integer(
        string="Review Every (months)",
        default=3,
        help="Interval between two relationship reviews.",
    )
    agreement_state = fields.Selection(
        [("none", "No Agreement"), ("signed", "Signed"), ("expired", "Expired")],
        compute="_compute_agreement_state",
        help="Signed: an agreement is signed and in force. Expired: the partner "
        "had agreements but none is in force; no new leads are routed to it.",
    )
    lead_routing_blocked = fields.Boolean(
        compute="_compute_agreement_state", search="_search_lead_routing_blocked"
    )
    # Onboarding checklist
    onboarding_agreement_signed = fields.Boolean(
        string="Agreement Signed", compute="_compute_onboarding"
    )
    onboarding_portal_invited = fields.Boolean(
        string="Portal Users Invited", compute="_compute_onboarding"
    )
    onboarding_trained = fields.Boolean(
        string="First Training Held", compute="_compute_onboarding"
    )
    onboarding_pricelist_set = fields.Boolean(
        string="Price List Assigned", compute="_compute_onboarding"
    )
    onboarding_complete = fields.Boolean(compute="_compute_onboarding")
    # Applications
    prm_application_state = fields.Selection(
        APPLICATION_STATES,
        string="Application",
        tracking=True,
        index="btree_not_null",
        copy=False,
        help="Companies that applied through the website: to review, then "
        "approved (onboarding starts, the contact is invited to the portal) "
        "or rejected.",
    )
    prm_application_reason = fields.Text(
        string="Rejection Reason",
        copy=False,
        help="Why the application was rejected, as the applicant was told.",
    )
    # Keys that tell whether two partners are the same company (see
    # tools/customer_identity): searched set-wise for duplicates.
    prm_vat_key = fields.Char(
        compute="_compute_prm_identity_keys", store=True, index="btree_not_null"
    )
    prm_name_key = fields.Char(
        compute="_compute_prm_identity_keys", store=True, index="btree_not_null"
    )
    prm_email_domain = fields.Char(
        compute="_compute_prm_identity_keys", store=True, index="btree_not_null"
    )
    prm_duplicate_ids = fields.Many2many(
        "res.partner",
        string="Possible Duplicates",
        compute="_compute_prm_duplicates",
        help="Other companies with the same VAT number, e-mail address, e-mail "
        "domain or company name.",
    )
    prm_duplicate_count = fields.Integer(
        string="Possible Duplicates Count",
        compute="_compute_prm_duplicates",
    )
    prm_duplicate_reason = fields.Text(
        string="Why a Possible Duplicate", compute="_compute_prm_duplicates"
    )
    prm_possible_duplicate = fields.Boolean(
        string="Possible Duplicate",
        compute="_compute_prm_duplicates",
        search="_search_prm_possible_duplicate",
    )

    @api.model
    def _commercial_fields(self):
        return [
            *super()._commercial_fields(),
            "is_channel_partner",
            "partner_type_id",
            "relationship_kind",
            "partner_manager_id",
            "connection_mode",
            "territory_country_ids",
            "territory_state_ids",
            "territory_zip_prefixes",
            "specialization_ids",
            "lead_capacity",
            "review_interval_months",
        ]

    @api.constrains("is_channel_partner", "is_company", "parent_id")
    def _check_channel_partner_is_company(self):
        for partner in self:
            if partner.is_channel_partner and not (
                partner.is_company or partner.parent_id
            ):
                raise ValidationError(
                    self.env._(
                        "Channel Partner: %(name)s is an individual; only a "
                        "company (or a contact of one) can be a channel partner.",
                        name=partner.display_name,
                    )
                )

    @api.constrains("lead_capacity", "review_interval_months")
    def _check_capacity_and_interval(self):
        for partner in self:
            if partner.lead_capacity < 0:
                raise ValidationError(
                    self.env._(
                        "Lead Capacity: %(partner)s cannot take a negative number "
                        "of leads (0 means no limit).",
                        partner=partner.display_name,
                    )
                )
            if partner.is_channel_partner and partner.review_interval_months <= 0:
                raise ValidationError(
                    self.env._(
                        "Review Every (months): must be at least 1 for %(partner)s.",
                        partner=partner.display_name,
                    )
                )

    # Agreements ----------------------------------------------------------------

    def _in_force_agreement_partners(self, company=None):
        """Commercial partners (among self's) with a signed agreement in force
        (with `company`, when given)."""
        today = fields.Date.context_today(self)
        company_domain = [("company_id", "=", company.id)] if company else []
        return (
            self.env["prm.agreement"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", self.commercial_partner_id.ids),
                    ("state", "=", "signed"),
                    ("date_start", "<=", today),
                    ("date_end", ">=", today),
                    *company_domain,
                ]
            )
            .partner_id
        )

    def _compute_agreement_state(self):
        commercial = self.commercial_partner_id
        with_agreement = (
            self.env["prm.agreement"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", commercial.ids),
                    ("state", "in", ("signed", "expired")),
                ]
            )
            .partner_id
        )
        in_force = self._in_force_agreement_partners()
        for partner in self:
            company = partner.commercial_partner_id
            if company in in_force:
                partner.agreement_state = "signed"
            elif company in with_agreement:
                partner.agreement_state = "expired"
            else:
                partner.agreement_state = "none"
            partner.lead_routing_blocked = partner.agreement_state == "expired"

    def _search_lead_routing_blocked(self, operator, value):
        check_flag_search(self, "lead_routing_blocked", operator, value)
        today = fields.Date.context_today(self)
        Agreement = self.env["prm.agreement"].sudo()
        had_one = Agreement.search([("state", "in", ("signed", "expired"))]).partner_id
        in_force = Agreement.search(
            [
                ("state", "=", "signed"),
                ("date_start", "<=", today),
                ("date_end", ">=", today),
            ]
        ).partner_id
        blocked = (had_one - in_force).ids
        domain = [("commercial_partner_id", "in", blocked)]
        return domain if (operator == "=") == value else ["!", *domain]

    # Tiers -----------------------------------------------------------------------

    def _prm_check_protected_changes(self, vals):
        """Partner managers may not reassign partners, change tiers, make
        channel partners or decide applications: that is the channel
        manager's (tiers change through approved proposals)."""
        protected = [name for name in PROTECTED_FIELDS if name in vals]
        if (
            not protected
            or self.env.su
            or self.env.user.has_group("partner_relationship.group_prm_manager")
        ):
            return
        for partner in self.filtered(lambda p: p.is_company or not p.parent_id):
            for name in protected:
                current = partner[name]
                current = (
                    current.id if isinstance(current, models.BaseModel) else current
                )
                if (current or False) != (vals[name] or False):
                    raise AccessError(
                        self.env._(
                            "%(field)s of %(partner)s: only a channel manager may "
                            "change it.",
                            field=self._fields[name].get_description(self.env)[
                                "string"
                            ],
                            partner=partner.display_name,
                        )
                    )

    def write(self, vals):
        self._prm_check_protected_changes(vals)
        becoming_operational = self._prm_becoming_operational(vals)
        leads = self._prm_identified_leads(vals)
        if leads:
            before = leads._prm_customer_identities()
            # A refused change leaves nothing behind, even for a caller that
            # catches the error and goes on.
            with self.env.cr.savepoint():
                result = super(
                    ResPartner, self.with_context(prm_identity_checked=True)
                ).write(vals)
                leads._prm_check_customer_changes(before)
        else:
            result = super().write(vals)
        if "grade_id" in vals:
            self.filtered("is_company")._apply_tier_benefits()
        if becoming_operational:
            becoming_operational._prm_become_operational()
        return result

    def _prm_identified_leads(self, vals):
        """The open leads given to a partner whose customer these contacts
        are (or become, for contacts linked to them in `vals`), when `vals`
        may change who the customer is: a user's change of the contact is
        checked against the deal protection as a change of the leads is
        (crm.lead.write). Closed leads are left out: protection decides who
        works a customer's open deals. Not for the superuser, as on leads."""
        if (
            self.env.su
            or self.env.context.get("prm_identity_checked")
            or not LEAD_IDENTITY_FIELDS & set(vals)
        ):
            return self.env["crm.lead"]
        contact_ids = set(self.ids)
        for command in vals.get("child_ids") or ():
            if command[0] in (Command.UPDATE, Command.LINK):
                contact_ids.add(command[1])
            elif command[0] == Command.SET:
                contact_ids.update(command[2])
        return (
            self.env["crm.lead"]
            .sudo()
            .search(
                [
                    ("partner_id", "child_of", list(contact_ids)),
                    ("partner_assigned_id", "!=", False),
                    ("probability", "<", 100),
                ]
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and not self.env.user.has_group(
            "partner_relationship.group_prm_manager"
        ):
            for vals in vals_list:
                if not vals.get("parent_id") and any(
                    vals.get(name) for name in PROTECTED_FIELDS
                ):
                    raise AccessError(
                        self.env._(
                            "Only a channel manager may create channel partners "
                            "or give partners a tier or a partner manager."
                        )
                    )
        partners = super().create(vals_list)
        partners.filtered(lambda p: p.is_company and p.grade_id)._apply_tier_benefits()
        return partners

    def _prm_tier_benefits(self, company=None):
        """The benefits of the partner's tier in `company` (default: the
        partner's company, else the one the user works in): a
        prm.tier.benefit line, empty without a tier or a line there."""
        self.ensure_one()
        partner = self.commercial_partner_id
        if not partner.grade_id:
            return self.env["prm.tier.benefit"]
        return partner.grade_id._prm_benefits(
            company or partner.company_id or self.env.company
        )

    def _apply_tier_benefits(self, benefits=None):
        """Give each partner its tier's benefits: the price list goes to the
        company and, being commercial data, to its contacts; the routing weight
        follows the tier through Odoo's own compute.

        Price lists are each company's: a partner of a company gets the price
        list of its tier's line for that company (none when the tier has no
        price list there: the partner keeps its own), a partner shared by
        every company the price list of each company the tier has one in.
        With `benefits`, only those lines are applied (a line changed in one
        company leaves the price lists of the others as they are).
        """
        for grade, partners in self.grouped("grade_id").items():
            if not grade:
                continue
            lines = grade.sudo().benefit_ids
            if benefits is not None:
                lines &= benefits.sudo()
            for benefit in lines.filtered("pricelist_id"):
                company = benefit.company_id
                targets = partners.filtered(
                    lambda p, c=company: not p.company_id or p.company_id == c
                )
                if targets:
                    # The price list of each company the tier has one in,
                    # whichever company the user works in.
                    targets.sudo().with_company(company).write(
                        {"property_product_pricelist": benefit.pricelist_id.id}
                    )

    def _prm_revenue_through_vendor(self, date_from, date_to, company=None):
        """Revenue each partner brought the vendor between two dates (the
        ``revenue`` of prm.partner.figure).

        Posted customer invoices net of credit notes, plus the part of
        confirmed indirect orders not invoiced yet (so that nothing counts
        twice), of ``company`` (by default, of the user's companies), in that
        company's currency (by default, the current company's): each amount
        at the rate of its invoice or order date. Returns {partner: amount};
        a constant number of queries whatever the number of partners.
        """
        sums = self.env["prm.partner.figure"]._prm_sums(
            self, date_from, date_to, company=company
        )
        return defaultdict(
            float,
            {
                partner: sums[partner.id]["revenue"]
                for partner in self
                if partner.id in sums
            },
        )

    def _prm_partner_metrics(self):
        """Figures the tier criteria are measured on, for many partners at once.

        A partner of a company is measured on that company's documents only
        (invoices, orders, leads, agreements), in its currency; a partner
        shared by every company on all of them. Returns {partner id:
        {revenue, won_leads, acceptance_rate, certifications,
        agreement_signed}}; a constant number of queries per company.
        """
        metrics = {}
        for company, partners in self.grouped("company_id").items():
            metrics.update(partners._prm_company_metrics(company or None))
        return metrics

    def _prm_company_metrics(self, company):
        """_prm_partner_metrics of partners of one company (None: of no
        company, measured on every company's documents): the figures of
        prm.partner.figure over the last 12 months, as the scorecard's."""
        Figure = self.env["prm.partner.figure"]
        date_from, date_to = Figure._prm_last_12_months()
        sums = Figure._prm_sums(self, date_from, date_to, company=company)
        ids = self.ids
        certifications = dict(
            self.env["prm.certification"]
            .sudo()
            ._read_group(
                [("partner_id", "in", ids), ("is_valid", "=", True)],
                ["partner_id"],
                ["__count"],
            )
        )
        in_force = self._in_force_agreement_partners(company)
        metrics = {}
        for partner in self:
            figures = sums.get(partner.id, {})
            received = figures.get("leads_received", 0)
            metrics[partner.id] = {
                "revenue": figures.get("revenue", 0.0),
                "won_leads": figures.get("leads_won", 0),
                "acceptance_rate": 100.0 * figures.get("leads_accepted", 0) / received
                if received
                else 0.0,
                "certifications": certifications.get(partner, 0),
                "agreement_signed": partner in in_force,
            }
        return metrics

    def _prm_responsible_user(self):
        """Who follows up this partner: its partner manager, else a channel
        manager (never the public or a portal user who triggered the action)."""
        self.ensure_one()
        manager = self.commercial_partner_id.partner_manager_id
        if manager:
            return manager
        if not self.env.user.share and not self.env.user._is_public():
            return self.env.user
        group = self.env.ref("partner_relationship.group_prm_manager")
        return group.sudo().users.filtered(lambda u: not u.share)[:1] or self.env.ref(
            "base.user_admin"
        )

    def _prm_analytic_account(self, plan=None):
        """The partner's analytic account; in `plan` when one is given (the
        company's setting), else the one kept on the partner or a new one in
        Channel Partners."""
        self.ensure_one()
        partner = self.commercial_partner_id.sudo()
        kept = partner.prm_analytic_account_id
        if kept and (not plan or kept.plan_id == plan):
            return kept
        plan = plan or self.env.ref(
            "partner_relationship.analytic_plan_channel_partners"
        )
        Account = self.env["account.analytic.account"].sudo()
        account = Account.search(
            [("plan_id", "=", plan.id), ("partner_id", "=", partner.id)], limit=1
        ) or Account.create(
            {"name": partner.name, "partner_id": partner.id, "plan_id": plan.id}
        )
        if not kept:
            partner.prm_analytic_account_id = account
        return account

    # Reviews ---------------------------------------------------------------------

    def _schedule_next_review(self, after=None):
        """Plan the next relationship review, unless one is already planned."""
        Review = self.env["prm.review"]
        planned = Review.search(
            [("partner_id", "in", self.ids), ("state", "=", "planned")]
        ).partner_id
        reviews = Review
        for partner in self - planned:
            date = Review._next_date(after, partner.review_interval_months)
            reviews |= Review.create(
                {
                    "partner_id": partner.id,
                    "date_planned": date,
                    "reviewer_id": partner._prm_responsible_user().id,
                }
            )
            partner.date_review_next = date
        return reviews

    # Duplicates ------------------------------------------------------------------

    @api.depends("name", "vat", "email", "is_company", "parent_id")
    def _compute_prm_identity_keys(self):
        for partner in self:
            commercial = partner.is_company or not partner.parent_id
            partner.prm_vat_key = vat_key(partner.vat) if commercial else False
            partner.prm_name_key = (
                customer_key(partner.name) if partner.is_company else False
            )
            partner.prm_email_domain = email_domain(partner.email)

    def _prm_find_duplicates(self):
        """Other companies that may be the same as each of self's: the same
        VAT number, e-mail address, e-mail domain (not a public mailbox
        provider's) or company name with punctuation, case and legal suffixes
        removed. One search whatever the number of partners; only partners
        the user may read. Returns {partner id: {other company: [reasons]}}.
        """
        partners = self.filtered(lambda p: p.id and p.is_company)
        criteria = (
            ("prm_vat_key", self.env._("same VAT number")),
            ("email_normalized", self.env._("same e-mail address")),
            ("prm_email_domain", self.env._("same e-mail domain")),
            ("prm_name_key", self.env._("same company name")),
        )
        domains = []
        for name, _label in criteria:
            values = list(set(partners.mapped(name)) - {False, ""})
            if values:
                domains.append([(name, "in", values)])
        if not domains:
            return {}
        index = defaultdict(lambda: self.browse())
        for candidate in self.search(expression.OR(domains)):
            for name, _label in criteria:
                if candidate[name]:
                    index[name, candidate[name]] |= candidate.commercial_partner_id
        found = {}
        for partner in partners:
            reasons = defaultdict(list)
            for name, label in criteria:
                if partner[name]:
                    for other in index.get((name, partner[name]), ()):
                        if other != partner and label not in reasons[other]:
                            reasons[other].append(label)
            if reasons:
                found[partner.id] = reasons
        return found

    @api.depends("prm_vat_key", "prm_name_key", "prm_email_domain", "email")
    def _compute_prm_duplicates(self):
        found = self._prm_find_duplicates()
        for partner in self:
            reasons = found.get(partner.id, {})
            others = self.browse([other.id for other in reasons])
            partner.prm_duplicate_ids = [Command.set(others.ids)]
            partner.prm_duplicate_count = len(others)
            partner.prm_possible_duplicate = bool(others)
            partner.prm_duplicate_reason = "\n".join(
                self.env._(
                    "%(partner)s: %(reasons)s",
                    partner=other.display_name,
                    reasons=", ".join(labels),
                )
                for other, labels in reasons.items()
            )

    def _search_prm_possible_duplicate(self, operator, value):
        """Applications (companies that applied) with possible duplicates."""
        check_flag_search(self, "prm_possible_duplicate", operator, value)
        applications = self.search([("prm_application_state", "!=", False)])
        ids = list(applications._prm_find_duplicates())
        return [("id", "in" if (operator == "=") == value else "not in", ids)]

    def action_prm_view_duplicates(self):
        """The possible duplicates of the application, side by side."""
        check_role(self, "action_prm_view_duplicates")
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Possible Duplicates of %(name)s", name=self.name),
            "res_model": "res.partner",
            "view_mode": "list,form",
            "domain": [("id", "in", (self | self.prm_duplicate_ids).ids)],
            "context": {"create": False},
        }

    # Applications ----------------------------------------------------------------

    @api.onchange("partner_type_id")
    def _onchange_partner_type_relationship_kind(self):
        for partner in self:
            if partner.partner_type_id.relationship_kind and not (
                partner.relationship_kind
            ):
                partner.relationship_kind = partner.partner_type_id.relationship_kind

    def _prm_check_application_state(self, states, action):
        for partner in self:
            if partner.prm_application_state not in states:
                raise UserError(
                    self.env._(
                        "%(partner)s: only an application to review can be %(action)s.",
                        partner=partner.display_name,
                        action=action,
                    )
                )

    def action_prm_approve(self):
        """Accept the application: onboarding starts (next stage, a partner
        manager, the checklist), the applicant's contacts are invited to the
        portal and welcomed by e-mail."""
        check_role(self, "action_prm_approve")
        self._prm_check_application_state(
            ("to_review", "rejected"), self.env._("approved")
        )
        for partner in self:
            if not partner.partner_type_id:
                raise UserError(
                    self.env._(
                        "Partner Type: choose what kind of partner %(partner)s "
                        "is before approving it.",
                        partner=partner.display_name,
                    )
                )
        stage = self.env["res.partner.activation"].search(
            [("is_application", "=", False), ("is_operational", "=", False)],
            order="sequence, id",
            limit=1,
        )
        for partner in self:
            partner.write(
                {
                    "prm_application_state": "approved",
                    "prm_application_reason": False,
                    "is_channel_partner": True,
                    "activation": stage.id or partner.activation.id,
                    "partner_manager_id": partner.partner_manager_id.id
                    or self.env.user.id,
                    "relationship_kind": partner.relationship_kind
                    or partner.partner_type_id.relationship_kind,
                }
            )
            invited = partner._prm_invite_to_portal()
            partner.message_post(
                body=self.env._(
                    "Application approved by %(user)s. Welcome e-mail with the "
                    "portal invitation sent to: %(contacts)s.",
                    user=self.env.user.name,
                    contacts=", ".join(invited.mapped("email")) or "-",
                ),
                subtype_xmlid="mail.mt_note",
            )
        self.action_onboarding_followup()
        return True

    def _prm_invite_to_portal(self):
        """Give the applicant's contacts portal access through Odoo's portal
        wizard, the invitation being the network's welcome e-mail. A contact
        already a user is not given a second one: a portal user is sent the
        welcome again, an internal user or an address already the login of
        someone else is left as it is (noted on the partner). Returns the
        contacts welcomed."""
        self.ensure_one()
        contacts = self.child_ids.filtered(
            lambda c: c.type == "contact" and c.email
        ) or self.filtered("email")
        if not contacts:
            return contacts
        # The caller's role is checked (action_prm_approve): the wizard is
        # Odoo's, its rights the Settings'.
        wizard = (
            self.env["portal.wizard"]
            .sudo()
            .create({"partner_ids": [Command.set(contacts.ids)]})
        )
        welcomed = self.browse()
        for line in wizard.user_ids.with_context(prm_application_welcome=True):
            if line.is_internal or line.email_state != "ok":
                self.message_post(
                    body=self.env._(
                        "%(contact)s was not invited to the portal: %(email)s "
                        "is already the login of another user.",
                        contact=line.partner_id.name,
                        email=line.email,
                    )
                    if line.email_state == "exist"
                    else self.env._(
                        "%(contact)s was not invited to the portal: already an "
                        "internal user, or no valid e-mail address.",
                        contact=line.partner_id.name,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
                continue
            if line.is_portal:
                line.action_invite_again()
            else:
                line.action_grant_access()
            welcomed |= line.partner_id
        return welcomed

    def _prm_reject_application(self, reason):
        """Refuse the application: the reason is kept, posted in the chatter
        and e-mailed to the applicant; its onboarding to-dos are dropped."""
        reason = (reason or "").strip()
        if not reason:
            raise UserError(
                self.env._("Rejection Reason: say why the application is rejected.")
            )
        self._prm_check_application_state(("to_review",), self.env._("rejected"))
        self.write(
            {
                "prm_application_state": "rejected",
                "prm_application_reason": reason,
                "is_channel_partner": False,
            }
        )
        self._prm_onboarding_activities().unlink()
        template = self.env.ref(
            "partner_relationship.mail_template_application_rejected"
        )
        for partner in self:
            partner.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
        return True

    def _prm_confirm_application(self):
        """Tell the applicant its application was received (in its language)."""
        template = self.env.ref(
            "partner_relationship.mail_template_application_received"
        )
        for partner in self:
            partner.message_post_with_source(
                template,
                subtype_xmlid="mail.mt_comment",
                author_id=(partner.company_id or self.env.company).partner_id.id,
            )

    # Onboarding ------------------------------------------------------------------

    def _prm_onboarding_activities(self):
        """The open onboarding to-dos of the partners."""
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", self.ids),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref(
                        "partner_relationship.mail_activity_type_prm_onboarding"
                    ).id,
                ),
            ]
        )

    def _prm_becoming_operational(self, vals):
        """The channel partners of self the change `vals` makes operational."""
        if not vals.get("activation"):
            return self.browse()
        stage = self.env["res.partner.activation"].browse(vals["activation"])
        if not stage.is_operational:
            return self.browse()
        return self.filtered(
            lambda p: (
                p.is_channel_partner
                and p.is_company
                and not p.activation.is_operational
            )
        )

    def _prm_become_operational(self):
        """Onboarding is over: its open to-dos are done, the first
        relationship review is planned with the partner manager."""
        self._prm_onboarding_activities().action_feedback(
            feedback=self.env._("The partner is operational.")
        )
        self._schedule_next_review()

    def _compute_onboarding(self):
        commercial = self.commercial_partner_id
        signed = (
            self.env["prm.agreement"]
            .sudo()
            .search([("partner_id", "in", commercial.ids), ("state", "=", "signed")])
            .partner_id
        )
        invited = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("partner_id.commercial_partner_id", "in", commercial.ids),
                    ("share", "=", True),
                ]
            )
            .partner_id.commercial_partner_id
        )
        trained = (
            self.env["prm.certification"]
            .sudo()
            .search([("partner_id", "in", commercial.ids)])
            .partner_id
        )
        for partner in self:
            company = partner.commercial_partner_id
            tier_pricelist = company._prm_tier_benefits().pricelist_id
            partner.onboarding_agreement_signed = company in signed
            partner.onboarding_portal_invited = company in invited
            partner.onboarding_trained = company in trained
            partner.onboarding_pricelist_set = bool(
                company.specific_property_product_pricelist
                and (
                    not tier_pricelist
                    or company.property_product_pricelist == tier_pricelist
                )
            )
            partner.onboarding_complete = (
                partner.onboarding_agreement_signed
                and partner.onboarding_portal_invited
                and partner.onboarding_trained
                and partner.onboarding_pricelist_set
            )

    def _onboarding_missing(self):
        """Labels of the checklist items the partner has not done yet."""
        self.ensure_one()
        names = (
            "onboarding_agreement_signed",
            "onboarding_portal_invited",
            "onboarding_trained",
            "onboarding_pricelist_set",
        )
        return [
            self._fields[name].get_description(self.env)["string"]
            for name in names
            if not self[name]
        ]

    def action_onboarding_followup(self):
        """Schedule an activity for each missing checklist item (once)."""
        check_role(self, "action_onboarding_followup")
        existing = {
            (activity.res_id, activity.summary)
            for activity in self._prm_onboarding_activities()
        }
        for partner in self:
            for label in partner._onboarding_missing():
                summary = self.env._("Onboarding: %(item)s", item=label)
                if (partner.id, summary) in existing:
                    continue
                partner.activity_schedule(
                    "partner_relationship.mail_activity_type_prm_onboarding",
                    summary=summary,
                    user_id=partner._prm_responsible_user().id,
                )
        return True

    def action_mark_operational(self):
        check_role(self, "action_mark_operational")
        stage = self.env["res.partner.activation"].search(
            [("is_operational", "=", True)], limit=1
        )
        for partner in self:
            missing = partner._onboarding_missing()
            if missing:
                raise UserError(
                    self.env._(
                        "%(partner)s cannot be operational yet; missing: %(missing)s.",
                        partner=partner.name,
                        missing=", ".join(missing),
                    )
                )
        self.activation = stage
        return True

    @api.model
    def _prm_accepted_channel_partners(self):
        """Channel partner companies past the application stage."""
        return self.search(
            [
                ("is_channel_partner", "=", True),
                ("is_company", "=", True),
                "|",
                ("activation", "=", False),
                ("activation.is_application", "=", False),
            ]
        )

    def action_prm_evaluate_tier(self):
        """Evaluate these partners' tiers at once: open the tier change
        proposed (or pending), else say that the tier stays."""
        check_role(self, "action_prm_evaluate_tier")
        self.check_access("read")
        self._prm_check_managed_by_user()
        partners = self.filtered(
            lambda p: p.is_channel_partner and p.is_company and not p.parent_id
        )
        if not partners:
            raise UserError(
                self.env._("Only channel partner companies have a tier to evaluate.")
            )
        Proposal = self.env["prm.tier.proposal"]
        Proposal.sudo()._prm_evaluate(partners)
        proposals = Proposal.search(
            [("partner_id", "in", partners.ids), ("state", "=", "pending")]
        )
        if proposals:
            action = self.env["ir.actions.act_window"]._for_xml_id(
                "partner_relationship.prm_tier_proposal_action"
            )
            action["domain"] = [("id", "in", proposals.ids)]
            if len(proposals) == 1:
                action.update(view_mode="form", views=[(False, "form")])
                action["res_id"] = proposals.id
            return action
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": self.env._(
                    "No tier change: the figures of %(partners)s fit their "
                    "current tier.",
                    partners=", ".join(partners.mapped("name")),
                ),
            },
        }

    def _prm_not_managed_by_user(self):
        """Those of these partners the user may not act on as superuser: a
        partner manager acts on the partners he manages (their proposals and
        criteria are his, as the record rules say), a channel manager on
        any."""
        user = self.env.user
        if user.has_group("partner_relationship.group_prm_manager"):
            return self.browse()
        return self.filtered(
            lambda p: p.commercial_partner_id.partner_manager_id != user
        )

    @api.depends_context("uid")
    @api.depends("partner_manager_id", "commercial_partner_id.partner_manager_id")
    def _compute_prm_managed_by_user(self):
        others = self._prm_not_managed_by_user()
        for partner in self:
            partner.prm_managed_by_user = partner not in others

    def _prm_check_managed_by_user(self):
        """Refuse (AccessError) acting on partners the user does not manage
        (see _prm_not_managed_by_user)."""
        others = not self.env.su and self._prm_not_managed_by_user()
        if others:
            raise AccessError(
                self.env._(
                    "%(partners)s: only their partner manager or a channel "
                    "manager may do this.",
                    partners=", ".join(others.mapped("display_name")),
                )
            )

    def _prm_tier_notice_recipients(self):
        """Who hears of the partner's tier changes: the company (when it has
        an e-mail address) and those of its contacts with an e-mail address
        who use the portal."""
        self.ensure_one()
        contacts = self.child_ids.filtered(lambda c: c.email and c.user_ids)
        return contacts | self.filtered("email")

    def _prm_check_customer_of(self, partner, itself=False):
        """Refuse (AccessError) unless this contact, when there is one, belongs
        to one of `partner`'s end customers, or to `partner` itself when
        `itself`: whom a channel partner may name as its customer. Read as
        superuser only to compare owners; the message names no one, so that
        an id of someone else's customer tells nothing."""
        if not self:
            return
        customer = self.sudo().commercial_partner_id
        company = partner.commercial_partner_id
        if customer.end_customer_of_id != company and not (
            itself and customer == company
        ):
            raise AccessError(
                self.env._("End Customer: choose one of your own customers.")
            )

    @api.model
    def _prm_partner_create_end_customer(self, partner, values):
        """A channel partner records one of its customers (portal and sync).

        Only END_CUSTOMER_FIELDS are taken; a customer of the same partner
        with the same VAT number is reused rather than duplicated.
        """
        env, partner = self.env.user._prm_acting_for(partner)
        vals = {k: v for k, v in values.items() if k in END_CUSTOMER_FIELDS}
        vals["name"] = (vals.get("name") or "").strip()
        if not vals["name"]:
            raise ValidationError(self.env._("Customer: give the company's name."))
        Partner = self.with_env(env)
        if vals.get("vat"):
            existing = Partner.search(
                [("end_customer_of_id", "=", partner.id), ("vat", "=", vals["vat"])],
                limit=1,
            )
            if existing:
                return existing
        return Partner.create(
            {**vals, "is_company": True, "end_customer_of_id": partner.id}
        )

    @api.model
    def _prm_create_application(self, values):
        """A company applying to the partner network, in the application stage.

        Called by the public form with validated values: company_name,
        contact_name, email, phone, website, vat, country_id, partner_type_id,
        message, lang (the applicant's). The applicant is sent a confirmation.
        """
        stage = self.env["res.partner.activation"].search(
            [("is_application", "=", True)], limit=1
        )
        partner_type = self.env["prm.partner.type"].browse(
            values.get("partner_type_id")
        )
        lang = {"lang": values["lang"]} if values.get("lang") else {}
        company = self.create(
            {
                "name": values["company_name"],
                "is_company": True,
                "is_channel_partner": True,
                "prm_application_state": "to_review",
                "partner_type_id": partner_type.id,
                "relationship_kind": partner_type.relationship_kind,
                "activation": stage.id,
                "email": values["email"],
                "phone": values.get("phone"),
                "website": values.get("website"),
                "vat": values.get("vat") or False,
                "country_id": values.get("country_id"),
                **lang,
            }
        )
        self.create(
            {
                "name": values["contact_name"],
                "parent_id": company.id,
                "email": values["email"],
                "phone": values.get("phone"),
                **lang,
            }
        )
        company.message_post(
            body=self.env._(
                "Applied through the website: %(message)s",
                message=values.get("message") or "-",
            )
        )
        company.action_onboarding_followup()
        company._prm_confirm_application()
        return company

    @api.model
    def _cron_onboarding_followup(self):
        self.search(
            [
                ("is_channel_partner", "=", True),
                ("is_company", "=", True),
                "|",
                ("activation", "=", False),
                ("activation.is_operational", "=", False),
            ]
        ).action_onboarding_followup()
