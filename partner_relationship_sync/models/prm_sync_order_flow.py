# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import UserError

from odoo.addons.partner_relationship.models.res_partner import END_CUSTOMER_FIELDS

from .prm_sync_flow import PARTNER, VENDOR, SyncKind

# The vendor's order states, as the partner's purchase order shows them.
VENDOR_STATE = {"draft": "draft", "sent": "draft", "sale": "sale", "cancel": "cancel"}


class PrmSyncOrderFlow(models.AbstractModel):
    """Indirect orders: a partner's confirmed purchase order to its vendor
    becomes the vendor's sale order for the partner's end customer, as if
    ordered in the portal; the vendor's order status (confirmation, delivery,
    invoicing) comes back to the purchase order. The partner may ask the
    vendor to cancel."""

    _name = "prm.sync.order.flow"
    _inherit = "prm.sync.flow"
    _description = "Partner Relationship Sync: Indirect Orders"

    @api.model
    def _prm_counterparts(self):
        return {
            "sale.order": "purchase.order",
            "sale.order.line": "purchase.order.line",
            "purchase.order": "sale.order",
        }

    @api.model
    def _prm_kinds(self):
        return {
            "order_place": SyncKind(
                self.env._("Order Placed"), "_prm_apply_order", PARTNER
            ),
            "order_cancel": SyncKind(
                self.env._("Order Cancellation"), "_prm_apply_cancel", PARTNER
            ),
            "order_status": SyncKind(
                self.env._("Order Status"), "_prm_apply_status", VENDOR
            ),
        }

    # Partner side: what to send ------------------------------------------------

    @api.model
    def _prm_order_payload(self, order):
        """The purchase order as the vendor needs it to take the order (our
        own product ids: the vendor finds its products through its bindings,
        else by internal reference)."""
        customer = order.prm_end_customer_id.commercial_partner_id
        return {
            "partner_order_id": order.id,
            "name": order.name,
            "deliver_to": "customer" if order.dest_address_id else "partner",
            "end_customer": {
                "partner_customer_id": customer.id,
                **{
                    name: customer[name] or False
                    for name in END_CUSTOMER_FIELDS - {"country_id"}
                },
                "country_code": customer.country_id.code or False,
            },
            "lines": [
                {
                    "partner_line_id": line.id,
                    "partner_product_id": line.product_id.id,
                    "default_code": line.product_id.default_code or False,
                    "product": line.product_id.display_name,
                    "quantity": line.product_uom_qty,
                }
                for line in order.order_line
                if line.product_id and not line.display_type
            ],
        }

    # Vendor side: the partner's order and cancellation -------------------------------

    @api.model
    def _prm_apply_order(self, connection, wire):
        """The partner orders for its end customer: the order is taken as its
        integration user, through the portal's own method (its checks, the
        partner's tier prices), and confirmed as the portal does. A line
        that matches no product of the catalogue refuses the whole order."""

        def update(connection, order, binding, wire):
            if order.state == "cancel":
                # Ordered again after its cancellation: a new order.
                order = self._prm_take_order(connection, wire)
                binding.res_id = order.id
            # Else ordered before (a repeat): the order stands.
            return self._prm_order_answer(order, binding.remote_id)

        def create(connection, wires):
            return [
                self._prm_order_answer(
                    self._prm_take_order(connection, wire),
                    wire["payload"]["partner_order_id"],
                )
                for wire in wires
            ]

        return self._prm_apply_upsert(
            connection, wire, "sale.order", "partner_order_id", create, update
        )

    @api.model
    def _prm_take_order(self, connection, wire):
        payload = wire["payload"]
        company = self.env["res.partner"].browse(connection.partner_id.id)
        products = self._prm_match_products(connection, payload["lines"])
        customer = self._prm_end_customer(connection, company, payload["end_customer"])
        order = (
            self.env["sale.order"]
            ._prm_create_indirect_order(
                company,
                customer,
                [
                    (product, line["quantity"])
                    for product, line in zip(products, payload["lines"], strict=True)
                ],
                delivery_address=customer
                if payload.get("deliver_to") == "customer"
                else None,
                client_order_ref=payload["name"],
            )
            .sudo()
        )
        # A line ordered again after a cancellation is bound to its new one.
        self.env["prm.sync.binding"].sudo()._prm_bind_many(
            connection,
            "sale.order.line",
            [
                (sale_line.id, line["partner_line_id"])
                for sale_line, line in zip(
                    order.order_line, payload["lines"], strict=True
                )
            ],
            wire["version"],
        )
        order.action_confirm()
        return order

    @api.model
    def _prm_order_answer(self, order, partner_order_id):
        """The answer to an order taken: the order and where it stands."""
        partner_line_of = {
            line_id: binding.remote_id
            for line_id, binding in self.env["prm.sync.binding"]
            .sudo()
            ._prm_of_records(order.order_line)
            .items()
        }
        return {
            "remote_id": order.id,
            "order": self._prm_status_payload(order, partner_order_id, partner_line_of),
        }

    @api.model
    def _prm_catalog_domain(self):
        """The products a channel partner may order (the portal's catalogue)."""
        return [
            ("is_central", "=", True),
            ("sale_ok", "=", True),
            ("company_id", "in", [False, self.env.company.id]),
        ]

    @api.model
    def _prm_match_products(self, connection, lines):
        """The vendor's product of each line: bound to the partner's product
        on this connection, else the vendor's product the partner's database
        knows it as, else the one with the same internal reference; read as
        superuser within the catalogue, as the portal reads it."""
        Product = self.env["product.product"].sudo()
        bound = (
            self.env["prm.sync.binding"]
            .sudo()
            ._prm_find_many(
                connection,
                "product.product",
                [line["partner_product_id"] for line in lines],
            )
        )
        candidates = Product.search(
            [
                *self._prm_catalog_domain(),
                "|",
                (
                    "id",
                    "in",
                    [binding.res_id for binding in bound.values()],
                ),
                (
                    "default_code",
                    "in",
                    [line["default_code"] for line in lines if line["default_code"]],
                ),
            ]
        )
        by_id = {product.id: product for product in candidates}
        by_code = {}
        for product in candidates.sorted("id", reverse=True):
            if product.default_code:
                by_code[product.default_code] = product
        matched = []
        for position, line in enumerate(lines, start=1):
            binding = bound.get(line["partner_product_id"])
            product = by_id.get(binding.res_id if binding else 0) or by_code.get(
                line["default_code"]
            )
            if not product:
                raise UserError(
                    self.env._(
                        "Line %(position)s: %(product)s (reference %(code)s) matches "
                        "no product of the vendor's catalogue.",
                        position=position,
                        product=line["product"],
                        code=line["default_code"] or "-",
                    )
                )
            matched.append(product)
        return matched

    @api.model
    def _prm_end_customer(self, connection, company, values):
        """The vendor's record of the partner's end customer: the one bound
        to it on this connection, else a new customer of the partner (created
        as the portal creates one)."""
        Binding = self.env["prm.sync.binding"].sudo()
        remote_id = values.get("partner_customer_id")
        binding = (
            Binding._prm_find(connection, "res.partner", remote_id)
            if remote_id
            else Binding
        )
        if binding:
            customer = self.env["res.partner"].sudo().browse(binding.res_id).exists()
            if customer:
                return customer
        vals = {
            name: values[name]
            for name in END_CUSTOMER_FIELDS - {"country_id"}
            if values.get(name)
        }
        if values.get("country_code"):
            vals["country_id"] = (
                self.env["res.country"]
                .sudo()
                .search([("code", "=", values["country_code"])], limit=1)
                .id
            )
        customer = self.env["res.partner"]._prm_partner_create_end_customer(
            company, vals
        )
        if remote_id:
            Binding._prm_bind(connection, customer, remote_id)
        return customer

    @api.model
    def _prm_apply_cancel(self, connection, wire):
        """The partner asks to cancel its order: as its integration user,
        refused once the vendor delivered or invoiced it."""
        return self._prm_apply_bound(
            connection, wire, "sale.order", "partner_order_id", self._prm_cancel
        )

    @api.model
    def _prm_cancel(self, connection, order, binding, wire):
        order = order.with_env(self.env)
        order._prm_partner_check_own()
        order._prm_partner_cancel()

    # Vendor side: what to send back -----------------------------------------------

    @api.model
    def _prm_status_payload(self, order, partner_order_id, partner_line_of):
        """Where the vendor's order stands, whole (the latest applied is the
        truth).

        :param partner_line_of: {sale line id: the partner's purchase line id}
        """
        order = order.sudo()
        invoices = order.invoice_ids.filtered(
            lambda move: move.state == "posted" and move.move_type == "out_invoice"
        )
        paid = (
            order.invoice_status == "invoiced"
            and invoices
            and all(
                invoice.payment_state in ("paid", "in_payment") for invoice in invoices
            )
        )
        return {
            "partner_order_id": partner_order_id,
            "vendor_order_id": order.id,
            "name": order.name,
            "state": VENDOR_STATE.get(order.state, "draft"),
            "currency": order.currency_id.name,
            "amount_untaxed": order.amount_untaxed,
            "amount_total": order.amount_total,
            "delivery": order.delivery_status or "pending",
            "invoice": "paid" if paid else order.invoice_status or "no",
            "lines": [
                {
                    "partner_line_id": partner_line_of[line.id],
                    "qty_delivered": line.qty_delivered,
                    "price_unit": line.price_unit,
                    "discount": line.discount,
                }
                for line in order.order_line
                if line.id in partner_line_of
            ],
        }

    # Partner side: the vendor's status --------------------------------------------

    @api.model
    def _prm_sent(self, message, answer):
        """The vendor took the order: its confirmation shows at once on the
        purchase order, unless a later status of the vendor came first."""
        super()._prm_sent(message, answer)
        if message.kind != "order_place" or not answer.get("order"):
            return
        order = self.env["purchase.order"].sudo().browse(message.res_id).exists()
        binding = (
            self.env["prm.sync.binding"]
            .sudo()
            ._prm_find(message.connection_id, "purchase.order", answer["remote_id"])
        )
        if order and binding and not binding.version:
            self._prm_write_status(
                message.connection_id,
                order,
                binding,
                answer["order"],
                {"uuid": message.uuid},
            )

    @api.model
    def _prm_apply_status(self, connection, wire):
        """The vendor's order moved on: its status is written on the purchase
        order it came from, with a note. The vendor's integration user has no
        rights on purchases: the order is found through the binding made when
        this vendor took it (on this connection only), then written as
        superuser."""
        return self._prm_apply_bound(
            connection,
            wire,
            "purchase.order",
            "vendor_order_id",
            lambda connection, order, binding, wire: self._prm_write_status(
                connection, order, binding, wire["payload"], wire
            ),
        )

    @api.model
    def _prm_write_status(self, connection, order, binding, status, wire):
        """Write the vendor's status on `order` (vendor-owned fields, a local
        change loses and is logged) and note what changed in its chatter."""
        currency = self.env["res.currency"].search(
            [("name", "=", status.get("currency") or "")], limit=1
        )
        values = {
            "prm_vendor_order": status["name"],
            "prm_vendor_delivery": status["delivery"],
            "prm_vendor_invoice": status["invoice"],
            "prm_vendor_currency_id": currency.id,
            "prm_vendor_amount_untaxed": status["amount_untaxed"],
            "prm_vendor_amount_total": status["amount_total"],
        }
        before = (
            order.prm_vendor_state,
            order.prm_vendor_delivery,
            order.prm_vendor_invoice,
        )
        self._prm_write_owned(connection, order, values, binding, wire)
        order.prm_vendor_state = status["state"]
        lines = {line.id: line for line in order.order_line}
        for reported in status["lines"]:
            line = lines.get(reported["partner_line_id"])
            if line:
                line.write(
                    {
                        "prm_vendor_qty_delivered": reported["qty_delivered"],
                        "prm_vendor_price_unit": reported["price_unit"],
                    }
                )
        after = (
            order.prm_vendor_state,
            order.prm_vendor_delivery,
            order.prm_vendor_invoice,
        )
        if before != after:
            order._prm_log_vendor_status()
