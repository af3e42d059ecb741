# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# Default resolution time of a request from a partner without a tier.
DEFAULT_RESOLUTION_HOURS = 72


class HelpdeskTicket(models.Model):
    """Service requests of channel partners, for themselves or their end
    customers, on the vendor's helpdesk."""

    _inherit = "helpdesk.ticket"

    # What a partner user may fill in when opening a request.
    PARTNER_FIELDS = frozenset(
        {
            "name",
            "description",
            "category_id",
            "priority",
            "end_customer_id",
            "product_id",
            "lot_id",
        }
    )

    prm_partner_id = fields.Many2one(
        "res.partner",
        string="Channel Partner",
        compute="_compute_prm_partner_id",
        store=True,
        index="btree_not_null",
    )
    prm_grade_id = fields.Many2one(
        "res.partner.grade",
        string="Partner Tier",
        readonly=True,
        help="The partner's tier when the request was opened (its SLA).",
    )
    end_customer_id = fields.Many2one(
        "res.partner",
        index="btree_not_null",
        check_company=True,
        help="The partner's customer the request is for.",
    )
    product_id = fields.Many2one("product.product", check_company=True)
    lot_id = fields.Many2one(
        "stock.lot",
        string="Serial/Lot Number",
        check_company=True,
        domain="[('product_id', '=', product_id)]",
    )
    prm_sla_deadline = fields.Datetime(
        string="SLA Deadline",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Due by then, per the partner's tier.",
    )
    prm_sla_met = fields.Boolean(
        string="SLA Met",
        compute="_compute_prm_sla_met",
        store=True,
        help="Closed before its SLA deadline.",
    )
    warranty_claim_id = fields.Many2one(
        "prm.warranty.claim", readonly=True, index="btree_not_null", copy=False
    )
    subscription_id = fields.Many2one(
        "prm.shared.service.subscription",
        string="Shared Service",
        readonly=True,
        index="btree_not_null",
        copy=False,
    )
    billed_move_id = fields.Many2one(
        "account.move",
        string="Billed On",
        readonly=True,
        copy=False,
        help="The customer invoice that billed this request (shared services "
        "billed per request).",
    )

    @api.depends("partner_id.commercial_partner_id.is_channel_partner")
    def _compute_prm_partner_id(self):
        for ticket in self:
            company = ticket.partner_id.commercial_partner_id
            ticket.prm_partner_id = company if company.is_channel_partner else False

    @api.depends("closed_date", "prm_sla_deadline")
    def _compute_prm_sla_met(self):
        for ticket in self:
            ticket.prm_sla_met = bool(
                ticket.closed_date
                and ticket.prm_sla_deadline
                and ticket.closed_date <= ticket.prm_sla_deadline
            )

    @api.constrains("company_id", "end_customer_id", "product_id", "lot_id")
    def _check_prm_company(self):
        """The help desk does not check its tickets' companies
        (`_check_company_auto`); the fields this suite adds are."""
        self._check_company(["end_customer_id", "product_id", "lot_id"])

    @api.constrains("lot_id", "product_id")
    def _check_lot_product(self):
        for ticket in self:
            if ticket.lot_id and ticket.lot_id.product_id != ticket.product_id:
                raise ValidationError(
                    self.env._(
                        "Serial/Lot Number: %(lot)s is not a serial of %(product)s.",
                        lot=ticket.lot_id.name,
                        product=ticket.product_id.display_name or "-",
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        chosen_team = [bool(vals.get("team_id")) for vals in vals_list]
        tickets = super().create(vals_list)
        for ticket, has_team in zip(tickets, chosen_team, strict=True):
            if ticket.prm_partner_id:
                ticket._prm_apply_service_terms(route=not has_team)
        return tickets

    def _prm_apply_service_terms(self, route=True):
        """Route a partner's request to the vendor's team for its category and
        the partner's tier (unless a team was chosen), and set its SLA
        deadline from the tier."""
        Route = self.env["prm.service.route"].sudo()
        for ticket in self.sudo():
            grade = ticket.prm_partner_id.grade_id
            vals = {
                "prm_grade_id": grade.id,
                "prm_sla_deadline": fields.Datetime.now()
                + timedelta(
                    hours=(
                        grade
                        and grade._prm_benefits(
                            ticket.company_id
                        ).service_resolution_hours
                    )
                    or DEFAULT_RESOLUTION_HOURS
                ),
            }
            if route:
                team = Route._team_for(ticket.category_id, grade, ticket.company_id)
                if team:
                    vals["team_id"] = team.id
            ticket.write(vals)

    # Partner side ---------------------------------------------------------------

    @api.model
    def _prm_partner_open_request(self, partner, values):
        """A partner opens a service request, for itself or one of its end
        customers (portal and sync). Only PARTNER_FIELDS are taken."""
        env, partner = self.env.user._prm_acting_for(partner)
        vals = {k: v for k, v in values.items() if k in self.PARTNER_FIELDS}
        if not (vals.get("name") or "").strip():
            raise ValidationError(self.env._("Title: describe the request briefly."))
        if not (vals.get("description") or "").strip():
            raise ValidationError(
                self.env._("Description: explain what the customer needs.")
            )
        self.env["res.partner"].browse(
            vals.get("end_customer_id")
        )._prm_check_customer_of(partner, itself=True)
        requester = self.env.user.partner_id if self.env.user.share else partner
        ticket = self.with_env(env).create({**vals, "partner_id": requester.id})
        ticket.message_subscribe(partner_ids=(requester | partner).ids)
        return ticket

    def _prm_partner_reply(self, body):
        """A partner user answers on its request (the sync posts the replies
        of a connected partner's users this way)."""
        self.ensure_one()
        if not (body or "").strip():
            raise UserError(self.env._("Reply: write something."))
        env = self.env.user._prm_partner_env(self.prm_partner_id or self.partner_id)
        return self.with_env(env).message_post(
            body=body,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            author_id=self.env.user.partner_id.id,
        )
