# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

from ..tools.roles import check_role


class PrmSharedServiceSubscription(models.Model):
    """A partner's subscription to a shared service: its requests become
    tickets of the service's team, and it is billed per the service's terms."""

    _name = "prm.shared.service.subscription"
    _description = "Shared Service Subscription"
    _inherit = ["prm.partner.record.mixin", "portal.mixin", "mail.thread"]
    _order = "id desc"

    service_id = fields.Many2one(
        "prm.shared.service",
        required=True,
        ondelete="restrict",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="service_id.company_id", store=True)
    currency_id = fields.Many2one(related="service_id.currency_id")
    billing = fields.Selection(related="service_id.billing")
    price = fields.Monetary(related="service_id.price")
    state = fields.Selection(
        [("active", "Active"), ("cancelled", "Cancelled")],
        default="active",
        required=True,
        readonly=True,
        tracking=True,
    )
    date_start = fields.Date(
        required=True, default=fields.Date.context_today, readonly=True
    )
    date_end = fields.Date(readonly=True, tracking=True)
    next_invoice_date = fields.Date(
        readonly=True, help="Next recurring fee (recurring billing)."
    )
    terms_accepted_by_id = fields.Many2one("res.users", readonly=True)
    ticket_ids = fields.One2many(
        "helpdesk.ticket", "subscription_id", string="Requests"
    )
    request_count = fields.Integer(compute="_compute_request_count")
    invoice_ids = fields.Many2many(
        "account.move", string="Invoices", readonly=True, check_company=True
    )
    partner_id = fields.Many2one(tracking=True)

    _sql_constraints = [
        (
            "partner_service_unique",
            "UNIQUE(partner_id, service_id)",
            "A partner subscribes to a service once; reactivate the existing "
            "subscription.",
        )
    ]

    def _compute_access_url(self):
        for subscription in self:
            subscription.access_url = "/my/services"

    def _compute_request_count(self):
        counts = dict(
            self.env["helpdesk.ticket"]
            .sudo()
            ._read_group(
                [("subscription_id", "in", self.ids)], ["subscription_id"], ["__count"]
            )
        )
        for subscription in self:
            subscription.request_count = counts.get(subscription, 0)

    # Partner side ---------------------------------------------------------------

    @api.model
    def _prm_partner_subscribe(self, partner, service):
        """A partner subscribes to a service, accepting its terms."""
        env, partner = self.env.user._prm_acting_for(partner)
        service = env["prm.shared.service"].browse(
            service.id if isinstance(service, models.BaseModel) else service
        )
        if not service.active:
            raise UserError(
                self.env._("%(service)s is not offered.", service=service.name)
            )
        existing = self.with_env(env).search(
            [("partner_id", "=", partner.id), ("service_id", "=", service.id)]
        )
        values = {
            "state": "active",
            "date_start": fields.Date.context_today(self),
            "date_end": False,
            "next_invoice_date": fields.Date.context_today(self)
            if service.billing == "recurring"
            else False,
            "terms_accepted_by_id": self.env.user.id,
        }
        if existing.state == "active":
            raise UserError(
                self.env._(
                    "You already subscribe to %(service)s.", service=service.name
                )
            )
        if existing:
            existing.sudo().write(values)
            return existing
        subscription = (
            self.with_env(env)
            .sudo()
            .create({"partner_id": partner.id, "service_id": service.id, **values})
        )
        subscription.message_subscribe(partner_ids=partner.ids)
        return subscription

    def action_cancel(self):
        """The partner (or the vendor) ends the subscription."""
        check_role(self, "action_cancel")
        env = self.env.user._prm_partner_env(self.partner_id)
        self.with_env(env).sudo().write(
            {
                "state": "cancelled",
                "date_end": fields.Date.context_today(self),
                "next_invoice_date": False,
            }
        )
        return True

    def _prm_partner_request(self, values):
        """A partner asks for the service: a ticket of the service's team."""
        self.ensure_one()
        if self.state != "active":
            raise UserError(
                self.env._(
                    "Your subscription to %(service)s is not active.",
                    service=self.service_id.name,
                )
            )
        Ticket = self.env["helpdesk.ticket"]
        ticket = Ticket._prm_partner_open_request(self.partner_id, values)
        ticket.sudo().write(
            {"team_id": self.service_id.team_id.id, "subscription_id": self.id}
        )
        return ticket

    # Billing ----------------------------------------------------------------------

    @api.model
    def _cron_invoice(self):
        """Invoice what is due: recurring fees whose date has come, and the
        requests of per-request services not billed yet. One draft customer
        invoice per partner and company."""
        today = fields.Date.context_today(self)
        subscriptions = self.search(
            [
                "|",
                "&",
                ("service_id.billing", "=", "recurring"),
                ("next_invoice_date", "<=", today),
                "&",
                ("service_id.billing", "=", "per_request"),
                ("ticket_ids.billed_move_id", "=", False),
            ]
        )
        for (partner, company), group in subscriptions.grouped(
            lambda s: (s.partner_id, s.company_id)
        ).items():
            group._invoice(partner, company, today)

    def _invoice(self, partner, company, today):
        lines, tickets, recurring = [], self.env["helpdesk.ticket"], self.browse()
        for subscription in self:
            service = subscription.service_id
            if service.billing == "recurring":
                if subscription.state != "active" or not subscription.next_invoice_date:
                    continue
                start = subscription.next_invoice_date
                end = start + relativedelta(months=service.interval_months, days=-1)
                lines.append(
                    Command.create(
                        {
                            "product_id": service.product_id.id,
                            "name": self.env._(
                                "%(service)s, %(start)s to %(end)s",
                                service=service.name,
                                start=start,
                                end=end,
                            ),
                            "quantity": 1,
                            "price_unit": service.price,
                        }
                    )
                )
                recurring |= subscription
            else:
                unbilled = subscription.ticket_ids.filtered(
                    lambda t: not t.billed_move_id
                )
                if not unbilled:
                    continue
                lines.append(
                    Command.create(
                        {
                            "product_id": service.product_id.id,
                            "name": self.env._(
                                "%(service)s: %(count)s request(s) (%(numbers)s)",
                                service=service.name,
                                count=len(unbilled),
                                numbers=", ".join(unbilled.mapped("number")),
                            ),
                            "quantity": len(unbilled),
                            "price_unit": service.price,
                        }
                    )
                )
                tickets |= unbilled
        if not lines:
            return self.env["account.move"]
        invoice = (
            self.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_origin": self.env._("Shared services"),
                    "invoice_line_ids": lines,
                }
            )
        )
        tickets.write({"billed_move_id": invoice.id})
        for subscription in recurring:
            subscription.next_invoice_date += relativedelta(
                months=subscription.service_id.interval_months
            )
        self.write({"invoice_ids": [Command.link(invoice.id)]})
        return invoice
