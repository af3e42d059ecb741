# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.osv import expression
from odoo.tools import SQL

from ..tools.config_parameter import int_param
from ..tools.customer_identity import (
    NAME_SIMILARITY_THRESHOLD,
    customer_key,
    email_domain,
    name_similarity,
    vat_key,
)
from ..tools.roles import check_role

# Protection length when the partner has no tier.
DEFAULT_PROTECTION_DAYS = 90
# The partner is told this many days before its protection ends.
EXPIRY_NOTICE_DAYS = 14
# How many deals a partner may register in an hour (portal and sync); 0 or
# less for no limit.
REGISTRATION_LIMIT_PARAM = "partner_relationship.registration_limit_per_hour"
DEFAULT_REGISTRATION_LIMIT = 20


class PrmDealRegistration(models.Model):
    """A partner claims a deal; once approved, the customer is protected for
    the partner for its tier's protection period."""

    _name = "prm.deal.registration"
    _description = "Deal Registration"
    _inherit = [
        "prm.partner.record.mixin",
        "prm.partner.company.mixin",
        "prm.workflow.mixin",
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _workflow_fields = (
        "state",
        "decided_by_id",
        "date_decided",
        "protection_end",
        "lead_id",
        "expiry_notice_sent",
    )
    _order = "id desc"

    # What a partner user may fill in.
    PARTNER_FIELDS = frozenset(
        {
            "customer_name",
            "customer_vat",
            "customer_email_domain",
            "contact_name",
            "contact_email",
            "contact_phone",
            "country_id",
            "product_ids",
            "expected_revenue",
            "date_close",
            "description",
        }
    )
    partner_id = fields.Many2one(tracking=True)

    name = fields.Char(
        string="Reference", readonly=True, copy=False, default="/", index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    customer_name = fields.Char(string="Customer Company", tracking=True)
    customer_vat = fields.Char(string="Customer VAT", tracking=True)
    customer_email_domain = fields.Char(
        string="Customer E-mail Domain",
        tracking=True,
        help="e.g. harborfreight.com; public mailbox domains are ignored.",
    )
    contact_name = fields.Char(string="Contact")
    contact_email = fields.Char()
    contact_phone = fields.Char()
    country_id = fields.Many2one("res.country")
    product_ids = fields.Many2many(
        "product.product", string="Products", check_company=True
    )
    expected_revenue = fields.Monetary(tracking=True)
    date_close = fields.Date(string="Expected Closing", tracking=True)
    description = fields.Text()
    customer_key = fields.Char(compute="_compute_keys", store=True, index=True)
    customer_vat_key = fields.Char(
        compute="_compute_keys", store=True, index="btree_not_null"
    )
    customer_domain_key = fields.Char(
        compute="_compute_keys", store=True, index="btree_not_null"
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("expired", "Expired"),
            ("cancelled", "Withdrawn"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    conflict_ids = fields.One2many(
        "prm.deal.conflict", "registration_id", string="Conflicts", readonly=True
    )
    conflict_count = fields.Integer(
        compute="_compute_conflict_count", groups="partner_relationship.group_prm_user"
    )
    conflict_told = fields.Boolean(
        readonly=True,
        copy=False,
        help="Conflicts were found when the partner submitted the registration. "
        "What the partner is told stays as it was then: conflicts found again "
        "later (a lead's customer renamed) are the vendor's to see, so that "
        "the partner cannot probe who holds a customer by renaming its leads.",
    )
    conflict_notice = fields.Char(
        compute="_compute_conflict_notice",
        help="What the registering partner is told of the conflicts: that one "
        "was found and that the vendor decides, not why nor with whom.",
    )
    decision_reason = fields.Text(
        tracking=True,
        help="What the partner is told of the decision (e-mail, portal, its "
        "database). The decisions on conflicts and their reasons are the "
        "vendor's: they stay on the conflicts and in internal notes.",
    )
    decided_by_id = fields.Many2one("res.users", readonly=True)
    date_decided = fields.Datetime(readonly=True)
    protection_end = fields.Date(readonly=True, tracking=True, index=True)
    expiry_notice_sent = fields.Boolean(readonly=True)
    lead_id = fields.Many2one(
        "crm.lead", string="Opportunity", readonly=True, copy=False, check_company=True
    )

    @api.depends("customer_name", "customer_vat", "customer_email_domain")
    def _compute_keys(self):
        for registration in self:
            registration.customer_key = customer_key(registration.customer_name)
            registration.customer_vat_key = vat_key(registration.customer_vat)
            registration.customer_domain_key = email_domain(
                registration.customer_email_domain
            ) or email_domain(registration.contact_email)

    @api.depends("conflict_ids")
    def _compute_conflict_count(self):
        for registration in self:
            registration.conflict_count = len(registration.conflict_ids)

    @api.depends("conflict_told", "state")
    def _compute_conflict_notice(self):
        notice = self.env._(
            "A possible conflict with another deal for this customer was found: "
            "the vendor will review it and decide."
        )
        decided = self.env._(
            "A possible conflict with another deal for this customer was found "
            "and reviewed by the vendor."
        )
        for registration in self:
            if not registration.conflict_told:
                registration.conflict_notice = False
            elif registration.state in ("draft", "submitted"):
                registration.conflict_notice = notice
            else:
                registration.conflict_notice = decided

    def _compute_access_url(self):
        for registration in self:
            registration.access_url = f"/my/registrations/{registration.id}"

    @api.constrains("customer_name", "expected_revenue", "date_close", "state")
    def _check_values(self):
        today = fields.Date.context_today(self)
        for registration in self:
            if not (registration.customer_name or "").strip():
                raise ValidationError(
                    self.env._("Customer Company: enter the customer's name.")
                )
            if registration.expected_revenue < 0:
                raise ValidationError(
                    self.env._("Expected Revenue: cannot be negative.")
                )
            if (
                registration.state == "draft"
                and registration.date_close
                and registration.date_close < today
            ):
                raise ValidationError(
                    self.env._(
                        "Expected Closing: %(date)s is in the past.",
                        date=registration.date_close,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        registrations = super().create(vals_list)
        for registration in registrations:
            registration.name = self.env["ir.sequence"].sudo().next_by_code(
                "prm.deal.registration"
            ) or str(registration.id)
            registration.message_subscribe(partner_ids=registration.partner_id.ids)
        return registrations

    def write(self, vals):
        if not self.env.su:
            forged = set(self._workflow_fields) & set(vals)
            if forged:
                raise UserError(
                    self.env._(
                        "%(fields)s: set by the registration's review; use its "
                        "buttons.",
                        fields=", ".join(sorted(forged)),
                    )
                )
            if (set(vals) & self.PARTNER_FIELDS) and self.filtered(
                lambda r: r.state != "draft"
            ):
                raise UserError(
                    self.env._(
                        "A submitted registration cannot be changed; withdraw it "
                        "and register the deal again."
                    )
                )
        return super().write(vals)

    # Partner side ---------------------------------------------------------------

    @api.model
    def _prm_partner_register(self, partner, values):
        """A partner registers a deal and submits it (portal and sync).

        Only PARTNER_FIELDS are taken from `values`. Returns the submitted
        registration; what the partner may know of its conflicts is its
        `conflict_notice` (their details are the vendor's). At most
        REGISTRATION_LIMIT_PARAM registrations per partner in an hour.
        """
        env, partner = self.env.user._prm_acting_for(partner)
        self._prm_check_registration_limit(partner)
        vals = {
            key: value for key, value in values.items() if key in self.PARTNER_FIELDS
        }
        if "product_ids" in vals and isinstance(vals["product_ids"], list | tuple):
            ids = [value for value in vals["product_ids"] if isinstance(value, int)]
            vals["product_ids"] = [Command.set(ids)]
        registration = self.with_env(env).create({**vals, "partner_id": partner.id})
        registration._submit()
        return registration

    @api.model
    def _prm_check_registration_limit(self, partner):
        """Refuse a partner's registration beyond its hourly limit, counted
        from the database (every worker sees the same count), one
        transaction of the partner at a time (_prm_lock_registrations)."""
        limit = int_param(
            self.env, REGISTRATION_LIMIT_PARAM, DEFAULT_REGISTRATION_LIMIT
        )
        if limit <= 0:
            return
        self._prm_lock_registrations(partner)
        since = self.env.cr.now() - timedelta(hours=1)
        count = self.sudo().search_count(
            [("partner_id", "=", partner.id), ("create_date", ">=", since)],
            limit=limit,
        )
        if count >= limit:
            raise UserError(
                self.env._(
                    "%(partner)s registered %(count)s deals in the last hour, the "
                    "most allowed: register this one later, or ask your channel "
                    "manager.",
                    partner=partner.sudo().name,
                    count=count,
                )
            )

    @api.model
    def _prm_lock_registrations(self, partner):
        """Registrations of a partner submitted in parallel are counted one
        after the other: the partner company's row is updated (to the same
        values) until the transaction ends. A concurrent registration of the
        partner waits for it; as Odoo's transactions are REPEATABLE READ, it
        then fails as a concurrent update when this one commits (Odoo runs
        the request again, which counts the registrations this one made)
        instead of counting from a snapshot taken before them. A row lock
        alone (SELECT ... FOR UPDATE) would let it count from that snapshot.
        Records that only refer to the partner are not held up (a key share
        lock does not conflict with this update)."""
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET write_date = write_date WHERE id = %s",
                partner.commercial_partner_id.id,
            )
        )

    def action_submit(self):
        check_role(self, "action_submit")
        env = self.env.user._prm_partner_env(self.partner_id)
        return self.with_env(env)._submit()

    def action_withdraw(self):
        """The partner withdraws a registration not decided yet."""
        check_role(self, "action_withdraw")
        env = self.env.user._prm_partner_env(self.partner_id)
        registrations = self.with_env(env)
        registrations._check_state(("draft", "submitted"), self.env._("withdrawn"))
        registrations._set_workflow({"state": "cancelled"})
        registrations.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def _submit(self):
        self._check_state(("draft",), self.env._("submitted"))
        for registration in self:
            if (
                registration.date_close
                and registration.date_close < fields.Date.context_today(self)
            ):
                raise ValidationError(
                    self.env._(
                        "Expected Closing: %(date)s is in the past.",
                        date=registration.date_close,
                    )
                )
        self._set_workflow({"state": "submitted"})
        for registration in self.sudo():
            registration._detect_conflicts()
            registration.conflict_told = bool(registration.conflict_ids)
            if registration.conflict_ids:
                body = self.env._(
                    "Submitted with %(count)s conflict(s): %(conflicts)s",
                    count=len(registration.conflict_ids),
                    conflicts="; ".join(
                        registration.conflict_ids.mapped("description")
                    ),
                )
            else:
                body = self.env._("Submitted; no conflicting deal found.")
            registration.message_post(body=body, subtype_xmlid="mail.mt_note")
            registration.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Approve or reject the deal registration"),
                user_id=registration.partner_id._prm_responsible_user().id,
            )
        return True

    # Conflicts ------------------------------------------------------------------

    def _detect_conflicts(self):
        """Find open leads and registrations of others for the same customer
        (same VAT, same e-mail domain or a very similar name), in the
        registration's company only: another company's deals are another
        market's, even for a customer of the same name."""
        self.ensure_one()
        vals_list = []
        for lead, reason, similarity in self._matching(
            self.env["crm.lead"].with_context(active_test=True),
            [
                ("probability", "<", 100),
                ("id", "!=", self.lead_id.id),
                ("company_id", "in", [self.company_id.id, False]),
            ],
            "prm_customer_vat",
            "prm_email_domain",
            "prm_customer_key",
        ):
            holder = lead.partner_assigned_id.commercial_partner_id
            if holder == self.partner_id:
                continue
            owner = (
                holder.name
                if holder
                else self.env._(
                    "Direct sales (%(team)s, %(user)s)",
                    team=lead.team_id.name or "-",
                    user=lead.user_id.name or "-",
                )
            )
            vals_list.append(
                {
                    "registration_id": self.id,
                    "reason": reason,
                    "similarity": similarity,
                    "lead_id": lead.id,
                    "owner": owner,
                }
            )
        today = fields.Date.context_today(self)
        # Approved registrations the channel manager decided to keep beside
        # this one do not block it.
        kept_by = (
            self.env["prm.deal.conflict"]
            .search(
                [("other_registration_id", "=", self.id), ("decision", "=", "keep")]
            )
            .registration_id
        )
        for other, reason, similarity in self._matching(
            self,
            [
                ("id", "!=", self.id),
                ("partner_id", "!=", self.partner_id.id),
                ("company_id", "=", self.company_id.id),
                "|",
                ("state", "=", "submitted"),
                "&",
                ("state", "=", "approved"),
                ("protection_end", ">=", today),
            ],
            "customer_vat_key",
            "customer_domain_key",
            "customer_key",
        ):
            vals_list.append(
                {
                    "registration_id": self.id,
                    "reason": reason,
                    "similarity": similarity,
                    "other_registration_id": other.id,
                    "owner": other.partner_id.name,
                    "blocking": other.state == "approved" and other not in kept_by,
                }
            )
        self._prm_update_conflicts(vals_list)

    def _prm_update_conflicts(self, vals_list):
        """The conflicts found now: those found before keep their record
        (and the channel manager's decision on them); the undecided ones not
        found again go; a decided one stays, its decision carried out."""
        self.ensure_one()
        found = {
            (vals.get("lead_id", False), vals.get("other_registration_id", False)): vals
            for vals in vals_list
        }
        stale = self.env["prm.deal.conflict"]
        for conflict in self.conflict_ids:
            vals = found.pop(conflict._prm_key(), None)
            if vals:
                conflict.write(
                    {
                        key: vals[key]
                        for key in ("reason", "similarity", "owner", "blocking")
                        if key in vals
                    }
                )
            elif not conflict.decision:
                stale |= conflict
        stale.unlink()
        self.env["prm.deal.conflict"].with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True
        ).create(list(found.values()))

    def _matching(self, model, domain, vat_field, domain_field, key_field):
        """Records of `model` in `domain` about this customer:
        [(record, reason, similarity %)]."""
        criteria = []
        if self.customer_vat_key:
            criteria.append([(vat_field, "=", self.customer_vat_key)])
        if self.customer_domain_key:
            criteria.append([(domain_field, "=", self.customer_domain_key)])
        if self.customer_key:
            # Candidates share the first letters; similarity decides.
            criteria.append([(key_field, "=like", self.customer_key[:3] + "%")])
        if not criteria:
            return []
        matches = []
        for record in model.search(domain + expression.OR(criteria)):
            if self.customer_vat_key and record[vat_field] == self.customer_vat_key:
                matches.append((record, "vat", 0.0))
            elif (
                self.customer_domain_key
                and record[domain_field] == self.customer_domain_key
            ):
                matches.append((record, "email_domain", 0.0))
            else:
                similarity = name_similarity(self.customer_key, record[key_field])
                if similarity >= NAME_SIMILARITY_THRESHOLD:
                    matches.append((record, "name", round(100 * similarity, 1)))
        return matches

    # Vendor side ------------------------------------------------------------------

    def action_approve(self):
        """Approve; a registration with conflicts to decide opens the
        conflict wizard first (the approval is refused without decisions,
        whatever the way in)."""
        check_role(self, "action_approve")
        self._check_state(("submitted",), self.env._("approved"))
        for registration in self.sudo():
            registration._detect_conflicts()
        self._prm_check_not_blocked()
        undecided = self.sudo().conflict_ids.filtered(lambda c: not c.decision)
        if undecided and len(self) == 1:
            return self._prm_conflict_wizard_action()
        self._prm_approve()
        return True

    def _prm_conflict_wizard_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Approve %(registration)s", registration=self.name),
            "res_model": "prm.deal.conflict.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_registration_id": self.id},
        }

    def _prm_check_not_blocked(self):
        for registration in self:
            blocking = registration.sudo().conflict_ids.filtered("blocking")
            if blocking:
                raise UserError(
                    self.env._(
                        "%(registration)s cannot be approved: another partner's "
                        "approved registration protects this customer (%(others)s).",
                        registration=registration.name,
                        others=", ".join(
                            blocking.other_registration_id.mapped(
                                lambda r: (
                                    f"{r.name}, {r.partner_id.name}, "
                                    f"until {r.protection_end}"
                                )
                            )
                        ),
                    )
                )

    def _prm_approve(self, partner_message=None, internal_note=None):
        """Approve registrations whose conflicts are all decided: carry out
        the decisions, protect the customer, tell the partner. What the
        partner is told (`partner_message`, the Decision Reason) and the
        internal note (`internal_note` and the decisions, in a note) are
        kept apart."""
        self._prm_check_not_blocked()
        today = fields.Date.context_today(self)
        for registration in self:
            conflicts = registration.sudo().conflict_ids
            undecided = conflicts.filtered(lambda c: not c.decision)
            if undecided:
                raise UserError(
                    self.env._(
                        "%(registration)s has %(count)s conflict(s) to decide: "
                        "approve it from its form and say, for each competing "
                        "deal, whether both are kept (and why), the deal is "
                        "reassigned to this partner or closed as lost.",
                        registration=registration.name,
                        count=len(undecided),
                    )
                )
            vals = {
                "state": "approved",
                "decided_by_id": self.env.user.id,
                "date_decided": fields.Datetime.now(),
                "protection_end": today
                + timedelta(days=registration._protection_days()),
                "expiry_notice_sent": False,
            }
            if partner_message is not None:
                vals["decision_reason"] = partner_message or False
            registration._set_workflow(vals)
            reassigned = conflicts._prm_carry_out()
            lead = reassigned[:1] or registration._create_opportunity()
            registration._set_workflow({"lead_id": lead.id})
            registration._prm_post_decisions(conflicts, internal_note)
            registration._notify_partner()
        self.activity_unlink(["mail.mail_activity_data_todo"])

    def _prm_post_decisions(self, conflicts, internal_note):
        """The decisions on the conflicts and the internal note, in an
        internal note (never sent to the partner)."""
        self.ensure_one()
        if not conflicts and not internal_note:
            return
        lines = [
            Markup("<li>%s — %s</li>")
            % (conflict.description, conflict._prm_decision_text())
            for conflict in conflicts
        ]
        body = Markup("<p>%s</p>") % self.env._("Approved with these decisions:")
        if lines:
            body += Markup("<ul>%s</ul>") % Markup().join(lines)
        if internal_note:
            body += Markup("<p>%s</p>") % internal_note
        self.sudo().message_post(body=body, subtype_xmlid="mail.mt_note")

    def _prm_close_as_competing(self):
        """Another partner's registration of the customer is approved and
        this one closed as lost: rejected, the partner told only that (not
        why nor who). Runs as superuser."""
        self._check_state(("submitted",), self.env._("rejected"))
        # One write: the partner's database is sent the state and this
        # reason together.
        self._set_workflow(
            {
                "state": "rejected",
                "decided_by_id": self.env.user.id,
                "date_decided": fields.Datetime.now(),
                "decision_reason": self.env._(
                    "The vendor decided that this customer's deal is handled otherwise."
                ),
            }
        )
        self._notify_partner()
        self.activity_unlink(["mail.mail_activity_data_todo"])

    def action_reject(self):
        check_role(self, "action_reject")
        self._check_state(("submitted",), self.env._("rejected"))
        for registration in self:
            if not (registration.decision_reason or "").strip():
                raise UserError(
                    self.env._(
                        "Decision Reason: say why %(registration)s is rejected.",
                        registration=registration.name,
                    )
                )
        self._set_workflow(
            {
                "state": "rejected",
                "decided_by_id": self.env.user.id,
                "date_decided": fields.Datetime.now(),
            }
        )
        for registration in self:
            registration._notify_partner()
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_extend(self):
        """Extend the protection by another tier period."""
        check_role(self, "action_extend")
        self._check_state(("approved",), self.env._("extended"))
        today = fields.Date.context_today(self)
        for registration in self:
            start = max(registration.protection_end or today, today)
            registration._set_workflow(
                {
                    "protection_end": start
                    + timedelta(days=registration._protection_days()),
                    "expiry_notice_sent": False,
                }
            )
        return True

    def _protection_days(self):
        self.ensure_one()
        grade = self.partner_id.grade_id
        benefits = grade and grade._prm_benefits(self.company_id)
        return benefits.deal_protection_days if benefits else DEFAULT_PROTECTION_DAYS

    def _create_opportunity(self):
        """The registered deal becomes the partner's opportunity."""
        self.ensure_one()
        lead = (
            self.env["crm.lead"]
            .sudo()
            .create(
                {
                    "name": self.env._(
                        "%(customer)s (registered deal %(ref)s)",
                        customer=self.customer_name,
                        ref=self.name,
                    ),
                    "type": "opportunity",
                    "partner_name": self.customer_name,
                    "contact_name": self.contact_name,
                    "email_from": self.contact_email,
                    "phone": self.contact_phone,
                    "country_id": self.country_id.id,
                    "expected_revenue": self.expected_revenue,
                    "date_deadline": self.date_close,
                    "description": self.description,
                    "company_id": self.company_id.id,
                    "partner_assigned_id": self.partner_id.id,
                    "prm_offer_state": "accepted",
                    "prm_registration_id": self.id,
                    "prm_product_category_ids": [
                        Command.set(self.product_ids.categ_id.ids)
                    ],
                }
            )
        )
        now = fields.Datetime.now()
        self.env["prm.lead.assignment"].sudo().create(
            {
                "lead_id": lead.id,
                "partner_id": self.partner_id.id,
                "origin": "registration",
                "registration_id": self.id,
                "state": "accepted",
                "date_offered": now,
                "date_answered": now,
                "notified": True,
            }
        )
        return lead

    def _notify_partner(self):
        template = self.env.ref(
            "partner_relationship.mail_template_deal_registration_decided"
        )
        for registration in self:
            registration.message_post_with_source(
                template, subtype_xmlid="mail.mt_comment"
            )

    @api.model
    def _cron_registration_expiry(self):
        """Expire registrations past their protection; warn before."""
        today = fields.Date.context_today(self)
        expired = self.search(
            [("state", "=", "approved"), ("protection_end", "<", today)]
        )
        expired._set_workflow({"state": "expired"})
        for registration in expired:
            registration.message_post(
                body=self.env._(
                    "Protection ended on %(date)s; the customer is open to routing "
                    "again.",
                    date=registration.protection_end,
                ),
                subtype_xmlid="mail.mt_comment",
            )
        ending = self.search(
            [
                ("state", "=", "approved"),
                ("expiry_notice_sent", "=", False),
                ("protection_end", "<=", today + timedelta(days=EXPIRY_NOTICE_DAYS)),
            ]
        )
        template = self.env.ref(
            "partner_relationship.mail_template_deal_registration_expiring"
        )
        for registration in ending:
            registration.message_post_with_source(
                template, subtype_xmlid="mail.mt_comment"
            )
        ending._set_workflow({"expiry_notice_sent": True})
