# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_confirm(self):
        result = super().action_confirm()
        self._prm_report_to_partner()
        return result

    def write(self, vals):
        result = super().write(vals)
        if "order_line" in vals:
            # The vendor changed a confirmed order: the partner sees the amounts.
            self.filtered(lambda order: order.state == "sale")._prm_report_to_partner()
        return result

    def _action_cancel(self):
        result = super()._action_cancel()
        self._prm_report_to_partner()
        return result

    def _prm_report_to_partner(self):
        """Tell the connected partner whose purchase order became one of
        these orders where it stands now (state, amounts, delivery,
        invoicing): one message per order, carrying its whole status."""
        if not self:
            return
        Binding = self.env["prm.sync.binding"].sudo()
        orders = self.sudo()
        binding_of = {
            order_id: binding
            for order_id, binding in Binding._prm_of_records(orders).items()
            if binding.connection_id.remote_role == "partner"
        }
        bound = orders.filtered(lambda order: order.id in binding_of)
        if not bound:
            return
        partner_line_of = {
            line_id: binding.remote_id
            for line_id, binding in Binding._prm_of_records(bound.order_line).items()
        }
        Flow = self.env["prm.sync.order.flow"]
        Message = self.env["prm.sync.message"].sudo()
        for connection, group in bound.grouped(
            lambda order: binding_of[order.id].connection_id
        ).items():
            Message._prm_queue_many(
                connection,
                "order_status",
                [
                    (
                        order,
                        Flow._prm_status_payload(
                            order, binding_of[order.id].remote_id, partner_line_of
                        ),
                    )
                    for order in group
                ],
            )

    def _prm_partner_check_own(self):
        """A portal or integration user may only act on its company's orders."""
        self.env.user._prm_partner_env(self.sudo().partner_id)

    def _prm_partner_cancel(self):
        """A channel partner cancels its indirect orders (sync calls this):
        refused once the vendor delivered or invoiced them."""
        env = self.env.user._prm_partner_env(self.sudo().partner_id)
        orders = self.with_env(env)
        for order in orders:
            if not order.is_indirect:
                raise UserError(
                    self.env._("%(order)s is not an indirect order.", order=order.name)
                )
            if any(line.qty_delivered for line in order.order_line):
                raise UserError(
                    self.env._(
                        "%(order)s is already delivered (in part): it can no "
                        "longer be cancelled.",
                        order=order.name,
                    )
                )
            if order.invoice_ids.filtered(lambda move: move.state == "posted"):
                raise UserError(
                    self.env._(
                        "%(order)s is already invoiced: it can no longer be cancelled.",
                        order=order.name,
                    )
                )
        orders.filtered(lambda order: order.state != "cancel").with_context(
            disable_cancel_warning=True
        ).action_cancel()
        return True
