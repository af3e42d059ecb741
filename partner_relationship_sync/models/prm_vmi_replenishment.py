# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.partner_relationship.tools.roles import check_role


class PrmVmiReplenishment(models.Model):
    """A replenishment our vendor proposes (partner side): confirm it and the
    vendor turns it into an order; reject it and the vendor drops it. The
    answer is sent; it is confirmed or rejected once the vendor applied it,
    withdrawn when the vendor recomputed its proposals in between."""

    _name = "prm.vmi.replenishment"
    _description = "Replenishment Proposed by a Vendor"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _rec_name = "product_id"
    _check_company_auto = True

    connection_id = fields.Many2one(
        "prm.sync.connection",
        string="Vendor Database",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    vendor_id = fields.Many2one(
        related="connection_id.partner_id", string="Vendor", store=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    vendor_proposal_id = fields.Integer(
        string="Vendor's Proposal",
        compute="_compute_vendor_proposal_id",
        help="The vendor's proposal this answers (its binding).",
    )
    date = fields.Date(readonly=True)
    product_id = fields.Many2one("product.product", required=True, readonly=True)
    proposed_qty = fields.Float(
        string="Quantity",
        digits="Product Unit of Measure",
        tracking=True,
        help="What the vendor proposes; change it before confirming to order "
        "another quantity.",
    )
    stock_qty = fields.Float(string="Stock (as shared)", readonly=True)
    incoming_qty = fields.Float(string="On Order", readonly=True)
    demand_qty = fields.Float(string="Expected Demand", readonly=True)
    alert = fields.Selection(
        [("stock_out", "Stock-out"), ("overstock", "Overstock")], readonly=True
    )
    state = fields.Selection(
        [
            ("proposed", "To Answer"),
            ("sent", "Answer Sent"),
            ("confirmed", "Confirmed"),
            ("rejected", "Rejected"),
            ("withdrawn", "Withdrawn by the Vendor"),
        ],
        default="proposed",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    vendor_order = fields.Char(
        string="Vendor's Order", readonly=True, help="The vendor's sale order."
    )

    def _compute_vendor_proposal_id(self):
        binding_of = self.env["prm.sync.binding"].sudo()._prm_of_records(self)
        for replenishment in self:
            binding = binding_of.get(replenishment.id)
            replenishment.vendor_proposal_id = binding.remote_id if binding else 0

    @api.constrains("proposed_qty")
    def _check_proposed_qty(self):
        for replenishment in self:
            if replenishment.proposed_qty < 0:
                raise ValidationError(
                    self.env._(
                        "%(product)s: the quantity cannot be negative.",
                        product=replenishment.product_id.display_name,
                    )
                )

    def _prm_answer(self, answer):
        """Answer the vendor: checked first, written at once, one message
        per proposal to its vendor's database."""
        for replenishment in self:
            if replenishment.state != "proposed":
                raise UserError(
                    self.env._(
                        "%(product)s: this proposal is no longer awaiting your answer.",
                        product=replenishment.product_id.display_name,
                    )
                )
            if answer == "confirm" and replenishment.proposed_qty <= 0:
                raise UserError(
                    self.env._(
                        "%(product)s: set a quantity to order.",
                        product=replenishment.product_id.display_name,
                    )
                )
        self.write({"state": "sent"})
        Message = self.env["prm.sync.message"].sudo()
        for connection, replenishments in self.grouped("connection_id").items():
            Message._prm_queue_many(
                connection,
                "vmi_answer",
                [
                    (
                        replenishment,
                        {
                            "replenishment_id": replenishment.id,
                            "answer": answer,
                            "quantity": replenishment.proposed_qty,
                        },
                    )
                    for replenishment in replenishments
                ],
            )
        return True

    def action_confirm(self):
        """Order the proposed quantities from the vendor."""
        check_role(self, "action_confirm")
        return self._prm_answer("confirm")

    def action_reject(self):
        check_role(self, "action_reject")
        return self._prm_answer("reject")
