# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command

from ..tools.roles import check_role


class PrmWarrantyClaim(models.Model):
    """A partner's warranty claim on a product it bought from the vendor."""

    _name = "prm.warranty.claim"
    _description = "Warranty Claim"
    _inherit = [
        "prm.warranty.claim.mixin",
        "prm.partner.record.mixin",
        "prm.partner.company.mixin",
        "prm.workflow.mixin",
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _workflow_fields = (
        "state",
        "outcome",
        "decided_by_id",
        "date_decided",
        "date_submitted",
        "sale_line_id",
        "delivery_date",
        "ticket_id",
        "replacement_order_id",
        "credit_note_id",
        "repair_quote_id",
    )
    _order = "id desc"

    PARTNER_FIELDS = frozenset(
        {"end_customer_id", "product_id", "lot_id", "purchase_date", "problem"}
    )
    partner_id = fields.Many2one(tracking=True)
    # The partner's company (prm.partner.company.mixin), not the current one.
    company_id = fields.Many2one(default=None)
    end_customer_id = fields.Many2one(check_company=True)
    product_id = fields.Many2one(check_company=True)

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    currency_id = fields.Many2one(related="company_id.currency_id")
    lot_id = fields.Many2one(
        "stock.lot",
        string="Serial/Lot Number",
        domain="[('product_id', '=', product_id)]",
        tracking=True,
        check_company=True,
    )
    purchase_date = fields.Date(
        help="When the partner (or its customer) bought the product, as stated "
        "by the partner."
    )
    date_submitted = fields.Date(readonly=True)
    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Order Line",
        readonly=True,
        check_company=True,
        help="The vendor's order line the product was sold on.",
    )
    delivery_date = fields.Date(
        readonly=True, help="Delivery to the partner, found on the order."
    )
    warranty_months = fields.Integer(
        related="product_id.product_tmpl_id.prm_warranty_months"
    )
    warranty_end = fields.Date(compute="_compute_warranty", store=True)
    in_warranty = fields.Boolean(compute="_compute_warranty", store=True)
    decided_by_id = fields.Many2one("res.users", readonly=True)
    date_decided = fields.Datetime(readonly=True)
    repair_cost = fields.Monetary(
        help="Estimated cost of a repair under warranty (for the warranty cost report)."
    )
    ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Repair Ticket", readonly=True, check_company=True
    )
    replacement_order_id = fields.Many2one(
        "sale.order", readonly=True, check_company=True
    )
    credit_note_id = fields.Many2one("account.move", readonly=True, check_company=True)
    repair_quote_id = fields.Many2one(
        "sale.order",
        string="Paid Repair Quotation",
        readonly=True,
        check_company=True,
    )
    cost = fields.Monetary(
        string="Warranty Cost",
        compute="_compute_cost",
        store=True,
        help="What the claim costs the vendor: the replacement's cost, the "
        "credit note, or the repair estimate.",
    )

    @api.depends("delivery_date", "warranty_months", "date_submitted")
    def _compute_warranty(self):
        for claim in self:
            if not claim.delivery_date or not claim.warranty_months:
                claim.warranty_end = False
                claim.in_warranty = False
                continue
            claim.warranty_end = claim.delivery_date + relativedelta(
                months=claim.warranty_months
            )
            on = claim.date_submitted or fields.Date.context_today(claim)
            claim.in_warranty = on <= claim.warranty_end

    @api.depends(
        "outcome",
        "state",
        "repair_cost",
        "credit_note_id.amount_untaxed",
        "product_id.standard_price",
    )
    def _compute_cost(self):
        for claim in self:
            if claim.state not in ("approved", "done"):
                claim.cost = 0.0
            elif claim.outcome == "replacement":
                claim.cost = claim.product_id.standard_price
            elif claim.outcome == "credit_note":
                claim.cost = claim.credit_note_id.amount_untaxed
            elif claim.outcome == "repair":
                claim.cost = claim.repair_cost
            else:
                claim.cost = 0.0

    def _compute_access_url(self):
        for claim in self:
            claim.access_url = f"/my/warranty/{claim.id}"

    @api.model_create_multi
    def create(self, vals_list):
        claims = super().create(vals_list)
        for claim in claims:
            claim.name = self.env["ir.sequence"].sudo().next_by_code(
                "prm.warranty.claim"
            ) or str(claim.id)
            claim.message_subscribe(partner_ids=claim.partner_id.ids)
        return claims

    def write(self, vals):
        if not self.env.su:
            forged = set(self._workflow_fields) & set(vals)
            if forged:
                raise UserError(
                    self.env._(
                        "%(fields)s: set by the claim's review; use its buttons.",
                        fields=", ".join(sorted(forged)),
                    )
                )
            if set(vals) & self.PARTNER_FIELDS and self.filtered(
                lambda c: c.state != "draft"
            ):
                raise UserError(
                    self.env._("A submitted warranty claim cannot be changed.")
                )
        return super().write(vals)

    @api.constrains("lot_id", "product_id")
    def _check_lot(self):
        for claim in self:
            if claim.lot_id and claim.lot_id.product_id != claim.product_id:
                raise ValidationError(
                    self.env._(
                        "Serial/Lot Number: %(lot)s is not a serial of %(product)s.",
                        lot=claim.lot_id.name,
                        product=claim.product_id.display_name,
                    )
                )

    # Partner side ---------------------------------------------------------------

    @api.model
    def _prm_partner_create(self, partner, values):
        """A partner drafts a claim (portal and sync); only PARTNER_FIELDS."""
        env, partner = self.env.user._prm_acting_for(partner)
        vals = {k: v for k, v in values.items() if k in self.PARTNER_FIELDS}
        if self.env.user.share:
            self.env["res.partner"].browse(
                vals.get("end_customer_id")
            )._prm_check_customer_of(partner)
        if vals.get("lot_id") is not None and not isinstance(vals["lot_id"], int):
            vals["lot_id"] = self._lot_by_name(
                vals.get("product_id"),
                vals["lot_id"],
                partner,
                # The claim's company (prm.partner.company.mixin).
                partner.company_id or env.company,
            )
        return self.with_env(env).create({**vals, "partner_id": partner.id})

    @api.model
    def _lot_by_name(self, product_id, name, partner, company):
        """The serial of ``company`` (or of no company) with that name: each
        company numbers its serials, the same name may be another's."""
        lot = (
            self.env["stock.lot"]
            .sudo()
            .search(
                [
                    ("product_id", "=", product_id),
                    ("name", "=", name),
                    ("company_id", "in", [company.id, False]),
                ],
                limit=1,
            )
        )
        if not lot:
            # Said as of a serial delivered elsewhere: whether a serial
            # exists is the vendor's to know.
            raise UserError(self._never_delivered(name, partner))
        return lot.id

    def _never_delivered(self, lot_name, partner):
        return self.env._(
            "Serial/Lot Number: %(lot)s was never delivered to %(partner)s.",
            lot=lot_name,
            partner=partner.name,
        )

    def action_submit(self):
        check_role(self, "action_submit")
        env = self.env.user._prm_partner_env(self.partner_id)
        return self.with_env(env)._submit()

    def _submit(self):
        self._check_state(("draft",), self.env._("submitted"))
        for claim in self:
            line, delivered = claim.sudo()._find_sale()
            claim._set_workflow(
                {
                    "state": "submitted",
                    "date_submitted": fields.Date.context_today(self),
                    "sale_line_id": line.id,
                    "delivery_date": delivered,
                }
            )
            if claim.in_warranty:
                body = self.env._(
                    "Submitted. Delivered on %(delivered)s; in warranty until %(end)s.",
                    delivered=delivered,
                    end=claim.warranty_end,
                )
            else:
                body = self.env._(
                    "Submitted. Delivered on %(delivered)s; out of warranty "
                    "(%(months)s months, ended %(end)s).",
                    delivered=delivered,
                    months=claim.warranty_months,
                    end=claim.warranty_end or "-",
                )
            claim.message_post(body=body, subtype_xmlid="mail.mt_note")
            claim.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Decide on the warranty claim"),
                user_id=claim.partner_id._prm_responsible_user().id,
            )
        return True

    def _find_sale(self):
        """The order line the partner bought the product (or the serial) on,
        and its delivery date. Raises when the partner never bought it."""
        self.ensure_one()
        partner = self.partner_id
        if self.lot_id:
            move_line = self.env["stock.move.line"].search(
                [
                    ("lot_id", "=", self.lot_id.id),
                    ("state", "=", "done"),
                    ("location_dest_id.usage", "=", "customer"),
                    ("move_id.partner_id", "child_of", partner.id),
                    ("company_id", "=", self.company_id.id),
                ],
                order="date desc",
                limit=1,
            ) or self.env["stock.move.line"].search(
                [
                    ("lot_id", "=", self.lot_id.id),
                    ("state", "=", "done"),
                    ("location_dest_id.usage", "=", "customer"),
                    ("picking_id.partner_id", "child_of", partner.id),
                    ("company_id", "=", self.company_id.id),
                ],
                order="date desc",
                limit=1,
            )
            if not move_line:
                raise UserError(self._never_delivered(self.lot_id.name, partner))
            return move_line.move_id.sale_line_id, move_line.date.date()
        domain = [
            ("order_id.partner_id", "child_of", partner.id),
            ("order_id.state", "=", "sale"),
            ("product_id", "=", self.product_id.id),
            ("company_id", "=", self.company_id.id),
        ]
        if self.purchase_date:
            domain.append(("order_id.date_order", "<=", self.purchase_date))
        line = self.env["sale.order.line"].search(
            domain, order="id desc", limit=1
        ) or self.env["sale.order.line"].search(domain[:4], order="id desc", limit=1)
        if not line:
            raise UserError(
                self.env._(
                    "%(partner)s never bought %(product)s from us: no warranty "
                    "claim is possible.",
                    partner=partner.name,
                    product=self.product_id.display_name,
                )
            )
        order = line.order_id
        delivered = order.effective_date or order.commitment_date or order.date_order
        return line, fields.Date.to_date(delivered)

    # Vendor side ------------------------------------------------------------------

    def _decide(self, outcome, vals=None):
        self._check_state(("submitted",), self.env._("approved"))
        for claim in self:
            if outcome != "paid_repair" and not claim.in_warranty:
                raise UserError(
                    self.env._(
                        "%(claim)s is out of warranty: delivered on %(delivered)s, "
                        "%(months)s months of warranty, ended %(end)s. Reject it "
                        "or offer a paid repair.",
                        claim=claim.name,
                        delivered=claim.delivery_date,
                        months=claim.warranty_months,
                        end=claim.warranty_end or "-",
                    )
                )
        self._set_workflow(
            {
                "state": "quoted" if outcome == "paid_repair" else "approved",
                "outcome": outcome,
                "decided_by_id": self.env.user.id,
                "date_decided": fields.Datetime.now(),
                **(vals or {}),
            }
        )
        self.activity_unlink(["mail.mail_activity_data_todo"])

    def _prm_in_company(self, model):
        """`model` as superuser in the claim's company: the documents a
        decision creates are the claim's company's (its journal, taxes,
        warehouse, price list and currency), whatever company the deciding
        user works in."""
        self.ensure_one()
        return self.env[model].sudo().with_company(self.company_id)

    def action_approve_repair(self):
        check_role(self, "action_approve_repair")
        self._decide("repair")
        for claim in self.sudo():
            ticket = claim._prm_in_company("helpdesk.ticket").create(
                {
                    "company_id": claim.company_id.id,
                    "name": self.env._(
                        "Warranty repair %(claim)s: %(product)s",
                        claim=claim.name,
                        product=claim.product_id.display_name,
                    ),
                    "description": claim.problem,
                    "partner_id": claim.partner_id.id,
                    "end_customer_id": claim.end_customer_id.id,
                    "product_id": claim.product_id.id,
                    "lot_id": claim.lot_id.id,
                    "warranty_claim_id": claim.id,
                }
            )
            claim._set_workflow({"ticket_id": ticket.id})
        return True

    def action_approve_replacement(self):
        check_role(self, "action_approve_replacement")
        self._decide("replacement")
        for claim in self.sudo():
            order = claim._prm_in_company("sale.order").create(
                {
                    "company_id": claim.company_id.id,
                    "partner_id": claim.partner_id.id,
                    "origin": claim.name,
                    "client_order_ref": claim.name,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": claim.product_id.id,
                                "product_uom_qty": 1,
                                "price_unit": 0.0,
                                "discount": 0.0,
                            }
                        )
                    ],
                }
            )
            order.order_line.price_unit = 0.0
            order.action_confirm()
            claim._set_workflow({"replacement_order_id": order.id})
        return True

    def action_approve_credit_note(self):
        check_role(self, "action_approve_credit_note")
        self._decide("credit_note")
        for claim in self.sudo():
            company = claim.company_id
            line = claim.sale_line_id
            if line.company_id != company:
                line = line.browse()
            taxes = (
                line.tax_id
                if line
                else claim.product_id.taxes_id._filter_taxes_by_company(company)
            )
            refund = claim._prm_in_company("account.move").create(
                {
                    "move_type": "out_refund",
                    "company_id": company.id,
                    "partner_id": claim.partner_id.id,
                    "invoice_origin": claim.name,
                    "ref": self.env._("Warranty claim %(claim)s", claim=claim.name),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": claim.product_id.id,
                                "quantity": 1,
                                "price_unit": line.price_unit
                                if line
                                else claim.product_id.lst_price,
                                "discount": line.discount if line else 0.0,
                                "tax_ids": [Command.set(taxes.ids)],
                            }
                        )
                    ],
                }
            )
            claim._set_workflow({"credit_note_id": refund.id})
        return True

    def action_offer_paid_repair(self):
        check_role(self, "action_offer_paid_repair")
        for company in self.sudo().company_id:
            if not company.prm_repair_product_id:
                raise UserError(
                    self.env._(
                        "Set the Paid Repair Service product on %(company)s "
                        "before quoting its repairs.",
                        company=company.name,
                    )
                )
        self._decide("paid_repair")
        for claim in self.sudo():
            product = claim.company_id.prm_repair_product_id
            quote = claim._prm_in_company("sale.order").create(
                {
                    "company_id": claim.company_id.id,
                    "partner_id": claim.partner_id.id,
                    "origin": claim.name,
                    "client_order_ref": claim.name,
                    "note": self.env._(
                        "Repair of %(product)s %(lot)s, out of warranty since %(end)s.",
                        product=claim.product_id.display_name,
                        lot=claim.lot_id.name or "",
                        end=claim.warranty_end or "-",
                    ),
                    "order_line": [
                        Command.create({"product_id": product.id, "product_uom_qty": 1})
                    ],
                }
            )
            claim._set_workflow({"repair_quote_id": quote.id})
        return True

    def action_reject(self):
        check_role(self, "action_reject")
        self._check_state(("submitted",), self.env._("rejected"))
        for claim in self:
            if not (claim.decision_reason or "").strip():
                raise UserError(
                    self.env._(
                        "Decision Reason: say why %(claim)s is rejected.",
                        claim=claim.name,
                    )
                )
        self._set_workflow(
            {
                "state": "rejected",
                "decided_by_id": self.env.user.id,
                "date_decided": fields.Datetime.now(),
            }
        )
        for claim in self:
            claim.message_post(
                body=self.env._(
                    "Rejected: %(reason)s (delivered %(delivered)s, warranty "
                    "ended %(end)s).",
                    reason=claim.decision_reason,
                    delivered=claim.delivery_date or "-",
                    end=claim.warranty_end or "-",
                ),
                subtype_xmlid="mail.mt_comment",
            )
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_done(self):
        check_role(self, "action_done")
        self._check_state(("approved", "quoted"), self.env._("closed"))
        self._set_workflow({"state": "done"})
        return True
