# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models


class PrmLeadAssignment(models.Model):
    """One offer of a lead to a partner, and why it was made."""

    _name = "prm.lead.assignment"
    _description = "Lead Offer to a Partner"
    _order = "id desc"
    _rec_name = "lead_id"
    # A routing run writes thousands of offers in one statement: no
    # create/write stamps (date_offered and date_answered say when, user_id
    # who forwarded by hand).
    _log_access = False
    _check_company_auto = True

    lead_id = fields.Many2one(
        "crm.lead",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
        check_company=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        ondelete="restrict",
        readonly=True,
        check_company=True,
    )
    partner_manager_id = fields.Many2one(
        related="partner_id.partner_manager_id", store=True
    )
    company_id = fields.Many2one(related="lead_id.company_id", store=True)
    rule_id = fields.Many2one(
        "prm.routing.rule",
        string="Routing Rule",
        ondelete="set null",
        readonly=True,
        check_company=True,
    )
    registration_id = fields.Many2one(
        "prm.deal.registration",
        string="Protected by Registration",
        ondelete="set null",
        readonly=True,
        check_company=True,
    )
    origin = fields.Selection(
        [
            ("rule", "Routing Rule"),
            ("registration", "Deal Registration"),
            ("manual", "Forwarded by Hand"),
        ],
        required=True,
        default="manual",
        readonly=True,
    )
    # How the router chose: the vendor's. The partner offered the lead reads
    # its offer, not the other partners it was weighed against.
    score = fields.Float(digits=(12, 4), readonly=True, groups="base.group_user")
    alternatives = fields.Text(
        string="Alternatives Considered",
        readonly=True,
        groups="base.group_user",
        help="The other eligible partners and their scores, best first.",
    )
    note = fields.Char(readonly=True)
    user_id = fields.Many2one(
        "res.users",
        string="Forwarded By",
        readonly=True,
        help="The vendor user who offered the lead by hand.",
    )
    date_offered = fields.Datetime(
        required=True, default=fields.Datetime.now, readonly=True
    )
    deadline = fields.Datetime(string="Accept By", readonly=True)
    reminder_date = fields.Datetime(
        compute="_compute_reminder_date", store=True, index="btree_not_null"
    )
    reminder_sent = fields.Boolean(readonly=True)
    notified = fields.Boolean(
        readonly=True, help="The partner was told about the offer."
    )
    state = fields.Selection(
        [
            ("offered", "Awaiting Answer"),
            ("accepted", "Accepted"),
            ("declined", "Declined"),
            ("expired", "Recalled: No Answer"),
            ("recalled", "Recalled by the Vendor"),
            ("ended", "Ended by the Vendor"),
        ],
        required=True,
        default="offered",
        readonly=True,
        index=True,
    )
    date_answered = fields.Datetime(readonly=True)
    date_ended = fields.Datetime(
        readonly=True,
        help="When the vendor took the accepted lead back (it gave the deal "
        "to another partner or closed it).",
    )
    answer_hours = fields.Float(
        string="Hours to Answer",
        compute="_compute_answer_hours",
        store=True,
        aggregator="avg",
    )
    reason = fields.Text(string="Decline Reason", readonly=True)

    @api.depends("date_offered", "deadline")
    def _compute_reminder_date(self):
        for assignment in self:
            assignment.reminder_date = self._reminder_date(
                assignment.date_offered, assignment.deadline
            )

    @api.model
    def _reminder_date(self, date_offered, deadline):
        """Remind the partner when a quarter of its time is left (at most a
        day before the deadline)."""
        if not deadline:
            return False
        return deadline - min((deadline - date_offered) / 4, timedelta(days=1))

    @api.depends("date_offered", "date_answered", "state")
    def _compute_answer_hours(self):
        for assignment in self:
            if (
                assignment.state in ("accepted", "declined", "ended")
                and assignment.date_answered
            ):
                delta = assignment.date_answered - assignment.date_offered
                assignment.answer_hours = delta.total_seconds() / 3600
            else:
                assignment.answer_hours = 0.0

    def _send_reminders(self):
        """Remind partners of offers about to expire and ask their partner
        manager to chase them."""
        template = self.env.ref(
            "partner_relationship.mail_template_lead_offer_reminder"
        )
        for partner, offers in self.grouped("partner_id").items():
            template.with_context(prm_offers=offers).send_mail(
                partner.id, email_layout_xmlid="mail.mail_notification_light"
            )
            manager = partner._prm_responsible_user()
            for offer in offers:
                offer.lead_id.activity_schedule(
                    "partner_relationship.mail_activity_type_prm_offer",
                    date_deadline=fields.Date.context_today(self),
                    summary=self.env._(
                        "%(partner)s must answer by %(deadline)s",
                        partner=partner.name,
                        deadline=offer.deadline,
                    ),
                    user_id=manager.id,
                )
        self.write({"reminder_sent": True})

    @api.model
    @api.model
    def _prm_offers_made(self):
        """Offers were just written, not yet notified: have them delivered
        (after commit, by the notification job)."""
        self.env.ref("partner_relationship.ir_cron_notify_lead_offers")._trigger()

    def _cron_notify_offers(self):
        """Tell each partner, in one message, about the leads just offered."""
        offers = self.search([("state", "=", "offered"), ("notified", "=", False)])
        offers._prm_deliver()
        offers.write({"notified": True})

    def _prm_deliver(self):
        """Send offers to their partners: one e-mail per partner with a link to
        each lead in the portal. The sync addon delivers them to connected
        partners' databases instead."""
        template = self.env.ref("partner_relationship.mail_template_lead_offer")
        for partner, offers in self.grouped("partner_id").items():
            template.with_context(prm_offers=offers).send_mail(
                partner.id, email_layout_xmlid="mail.mail_notification_light"
            )
