# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import escape

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import format_amount

VENDOR_STATES = [
    ("sent", "Sent to the Vendor"),
    ("draft", "Quotation"),
    ("sale", "Confirmed"),
    ("cancel_requested", "Cancellation Requested"),
    ("cancel", "Cancelled"),
]
# An order in these states is sent to a connected vendor on confirmation.
UNSENT_STATES = ("draft", "sent", "to approve")
VENDOR_DELIVERY = [
    ("pending", "Not Delivered"),
    ("started", "Started"),
    ("partial", "Partially Delivered"),
    ("full", "Fully Delivered"),
]
VENDOR_INVOICE = [
    ("no", "Nothing to Invoice"),
    ("to invoice", "To Invoice"),
    ("upselling", "Upselling Opportunity"),
    ("invoiced", "Invoiced"),
    ("paid", "Paid"),
]


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    prm_end_customer_id = fields.Many2one(
        "res.partner",
        string="End Customer",
        compute="_compute_prm_end_customer_id",
        store=True,
        readonly=False,
        tracking=True,
        index="btree_not_null",
        help="The customer this purchase is for. A vendor connected to us "
        "receives the order for this customer (and delivers to it when the "
        "order has a dropship address). Defaults to the dropship address.",
    )
    # The vendor's order, as reported by the vendor's database: it owns these.
    prm_vendor_connection_id = fields.Many2one(
        "prm.sync.connection",
        string="Sent to Vendor Database",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    prm_vendor_order = fields.Char(string="Vendor Order", readonly=True, copy=False)
    prm_vendor_state = fields.Selection(
        VENDOR_STATES, string="Vendor Status", readonly=True, copy=False
    )
    prm_vendor_delivery = fields.Selection(
        VENDOR_DELIVERY, string="Delivery", readonly=True, copy=False
    )
    prm_vendor_invoice = fields.Selection(
        VENDOR_INVOICE, string="Invoice", readonly=True, copy=False
    )
    prm_vendor_currency_id = fields.Many2one(
        "res.currency", string="Vendor Currency", readonly=True, copy=False
    )
    prm_vendor_amount_untaxed = fields.Monetary(
        string="Vendor Untaxed Amount",
        currency_field="prm_vendor_currency_id",
        readonly=True,
        copy=False,
    )
    prm_vendor_amount_total = fields.Monetary(
        string="Vendor Total",
        currency_field="prm_vendor_currency_id",
        readonly=True,
        copy=False,
    )
    prm_to_vendor = fields.Boolean(
        string="To a Connected Vendor",
        compute="_compute_prm_to_vendor",
        search="_search_prm_to_vendor",
        help="Sent to a connected vendor's database, or a request for "
        "quotation to one, sent on confirmation.",
    )
    prm_vendor_error = fields.Text(
        string="Vendor Refusal",
        compute="_compute_prm_vendor_error",
        help="Why the vendor's database refused this order or its cancellation.",
    )

    @api.depends("dest_address_id")
    def _compute_prm_end_customer_id(self):
        for order in self:
            order.prm_end_customer_id = (
                order.dest_address_id or order.prm_end_customer_id
            )

    @api.model
    def _prm_to_vendor_domain(self):
        """The orders sent to a connected vendor, and the requests for
        quotation to one (sent on confirmation): the Vendor app's "Orders
        to Vendors"."""
        vendors = (
            self.env["prm.sync.connection"]
            .sudo()
            .search([("remote_role", "=", "vendor")])
            .partner_id
        )
        return [
            "|",
            ("prm_vendor_connection_id", "!=", False),
            "&",
            ("state", "in", UNSENT_STATES),
            ("partner_id.commercial_partner_id", "in", vendors.ids),
        ]

    @api.depends("state", "partner_id", "prm_vendor_connection_id")
    def _compute_prm_to_vendor(self):
        to_vendor = self.filtered_domain(self._prm_to_vendor_domain())
        for order in self:
            order.prm_to_vendor = order in to_vendor

    def _search_prm_to_vendor(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(
                self.env._("To a Connected Vendor: search it as yes or no.")
            )
        domain = self._prm_to_vendor_domain()
        if (operator == "=") == value:
            return domain
        return ["!", *expression.normalize_domain(domain)]

    def _compute_prm_vendor_error(self):
        """The vendor's refusal of the last order or cancellation sent."""
        latest = (
            self.env["prm.sync.message"]
            .sudo()
            ._prm_last_of(self._origin.filtered("id"), ["order_place", "order_cancel"])
        )
        for order in self:
            message = latest.get(order._origin.id)
            if not message or message.state != "failed":
                order.prm_vendor_error = False
            elif message.kind == "order_place":
                order.prm_vendor_error = self.env._(
                    "The vendor refused this order: %(error)s",
                    error=message.last_error or "-",
                )
            else:
                order.prm_vendor_error = self.env._(
                    "The vendor refused to cancel its order: %(error)s",
                    error=message.last_error or "-",
                )

    def _prm_vendor_connections(self):
        """{vendor company: its connection} of the orders' connected vendors."""
        return {
            connection.partner_id: connection
            for connection in self.env["prm.sync.connection"]
            .sudo()
            .search(
                [
                    ("remote_role", "=", "vendor"),
                    ("partner_id", "in", self.partner_id.commercial_partner_id.ids),
                ]
            )
        }

    def button_approve(self, force=False):
        connections = self._prm_vendor_connections()
        to_send = self.filtered(
            lambda order: (
                order.state in UNSENT_STATES
                and order.partner_id.commercial_partner_id in connections
            )
        )
        to_send._prm_check_for_vendor()
        result = super().button_approve(force=force)
        to_send.filtered(lambda order: order.state == "purchase")._prm_send_to_vendor(
            connections
        )
        return result

    def _prm_check_for_vendor(self):
        """What a connected vendor needs to take the order."""
        for order in self:
            customer = order.prm_end_customer_id.commercial_partner_id
            if not customer:
                raise UserError(
                    self.env._(
                        "%(order)s: choose the End Customer the vendor's order is for.",
                        order=order.name,
                    )
                )
            if (
                order.dest_address_id
                and order.dest_address_id.commercial_partner_id != customer
            ):
                raise UserError(
                    self.env._(
                        "%(order)s: the vendor delivers to you or to the end "
                        "customer; the dropship address must be the end "
                        "customer's.",
                        order=order.name,
                    )
                )

    def _prm_send_to_vendor(self, connections):
        """Send the confirmed orders to their vendors' databases, one message
        per order, with the products the vendor knows them as."""
        Flow = self.env["prm.sync.order.flow"]
        Message = self.env["prm.sync.message"].sudo()
        for vendor, orders in self.grouped(
            lambda order: order.partner_id.commercial_partner_id
        ).items():
            connection = connections[vendor]
            orders.write(
                {
                    "prm_vendor_connection_id": connection.id,
                    "prm_vendor_state": "sent",
                    "prm_vendor_order": False,
                    "prm_vendor_delivery": False,
                    "prm_vendor_invoice": False,
                    "prm_vendor_amount_untaxed": 0.0,
                    "prm_vendor_amount_total": 0.0,
                }
            )
            Message._prm_queue_many(
                connection,
                "order_place",
                [(order, Flow._prm_order_payload(order)) for order in orders],
            )

    def button_cancel(self):
        sent = self.filtered(
            lambda order: (
                order.prm_vendor_connection_id
                and order.state != "cancel"
                and order.prm_vendor_state not in ("cancel", "cancel_requested")
            )
        )
        delivered = sent.filtered(
            lambda order: (
                order.prm_vendor_delivery in ("partial", "full")
                or any(order.order_line.mapped("prm_vendor_qty_delivered"))
            )
        )
        if delivered:
            raise UserError(
                self.env._(
                    "%(orders)s: the vendor has already delivered (in part); the "
                    "order can no longer be cancelled.",
                    orders=", ".join(delivered.mapped("name")),
                )
            )
        result = super().button_cancel()
        sent._prm_ask_vendor_to_cancel()
        return result

    def _prm_ask_vendor_to_cancel(self):
        """Ask the vendors to cancel their orders; an order that has not
        reached its vendor (or that the vendor refused) is simply not sent."""
        binding_of = self.env["prm.sync.binding"].sudo()._prm_of_records(self)
        bound = self.filtered(
            lambda order: (
                order.id in binding_of
                and binding_of[order.id].connection_id == order.prm_vendor_connection_id
            )
        )
        unsent = self - bound
        if unsent:
            self.env["prm.sync.message"].sudo()._prm_cancel_unsent(
                unsent, "order_place"
            )
            unsent.write({"prm_vendor_state": "cancel"})
        bound.write({"prm_vendor_state": "cancel_requested"})
        Message = self.env["prm.sync.message"].sudo()
        for connection, orders in bound.grouped("prm_vendor_connection_id").items():
            Message._prm_queue_many(
                connection,
                "order_cancel",
                [
                    (
                        order,
                        {
                            "partner_order_id": order.id,
                            "vendor_order_id": binding_of[order.id].remote_id,
                        },
                    )
                    for order in orders
                ],
            )

    def _prm_log_vendor_status(self):
        """A note on each order saying where the vendor's order stands."""
        labels = {
            name: dict(self._fields[name]._description_selection(self.env))
            for name in (
                "prm_vendor_state",
                "prm_vendor_delivery",
                "prm_vendor_invoice",
            )
        }
        # Plain text: the vendor's order name must not become a link here.
        self._message_log_batch(
            bodies={
                order.id: escape(
                    self.env._(
                        "Vendor order %(order)s: %(state)s; delivery: %(delivery)s; "
                        "invoice: %(invoice)s; total %(total)s.",
                        order=order.prm_vendor_order or "-",
                        state=labels["prm_vendor_state"].get(
                            order.prm_vendor_state, "-"
                        ),
                        delivery=labels["prm_vendor_delivery"].get(
                            order.prm_vendor_delivery, "-"
                        ),
                        invoice=labels["prm_vendor_invoice"].get(
                            order.prm_vendor_invoice, "-"
                        ),
                        total=format_amount(
                            self.env,
                            order.prm_vendor_amount_total,
                            order.prm_vendor_currency_id or order.currency_id,
                        ),
                    )
                )
                for order in self
            }
        )
