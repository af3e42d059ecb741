# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError


class SaleOrder(models.Model):
    """An indirect order: a channel partner buys for one of its end customers."""

    _inherit = "sale.order"

    end_customer_id = fields.Many2one(
        "res.partner",
        index="btree_not_null",
        tracking=True,
        help="The partner's customer this order is for. The order is invoiced "
        "to the partner.",
    )
    is_indirect = fields.Boolean(
        string="Indirect Order",
        compute="_compute_is_indirect",
        store=True,
        help="Ordered by a channel partner for an end customer.",
    )

    @api.depends("end_customer_id")
    def _compute_is_indirect(self):
        for order in self:
            order.is_indirect = bool(order.end_customer_id)

    @api.model
    def _prm_create_indirect_order(
        self,
        partner,
        end_customer,
        lines,
        delivery_address=None,
        opportunity=None,
        client_order_ref=None,
    ):
        """A channel partner orders for an end customer (portal and sync call this).

        :param partner: the channel partner (or one of its contacts)
        :param end_customer: the partner's customer
        :param lines: [(product.product, quantity)]; prices, discounts and
            taxes are the vendor's: the partner's tier price list applies and
            no price is taken from the caller
        :param delivery_address: drop-ship address (defaults to the partner's)
        :param opportunity: the partner's opportunity this order comes from
        :return: the draft sale order, invoiced to the partner

        A portal or integration user may only order for its own company.
        """
        Partner = self.env["res.partner"]
        company = Partner.browse(partner.commercial_partner_id.id)
        end_customer = Partner.browse(end_customer.id)
        delivery_address = Partner.browse(
            delivery_address.id if delivery_address else []
        )
        env = self.env.user._prm_partner_env(company)
        if self.env.user.share:
            end_customer._prm_check_customer_of(company)
            customer = end_customer.sudo().commercial_partner_id
            address = delivery_address.sudo().commercial_partner_id
            if delivery_address and address not in (company, customer):
                raise AccessError(
                    self.env._(
                        "Delivery Address: deliver to your company or to the end "
                        "customer."
                    )
                )
        if not company.is_channel_partner:
            raise UserError(
                self.env._(
                    "%(partner)s is not a channel partner.", partner=company.name
                )
            )
        if not end_customer:
            raise UserError(self.env._("End Customer: say who the order is for."))
        if not lines:
            raise UserError(self.env._("Order Lines: add at least one product."))
        for product, quantity in lines:
            if quantity <= 0:
                raise UserError(
                    self.env._(
                        "Quantity: %(product)s needs a positive quantity.",
                        product=product.display_name,
                    )
                )
            reason = product._prm_why_partner_may_not_sell(company)
            if reason:
                raise UserError(reason)
        if (
            opportunity
            and opportunity.partner_assigned_id.commercial_partner_id != company
        ):
            raise UserError(
                self.env._(
                    "Opportunity: %(lead)s is not assigned to %(partner)s.",
                    lead=opportunity.name,
                    partner=company.name,
                )
            )
        # The order is the partner's company's (its price list, taxes,
        # warehouse and currency): the vendor company the partner works with,
        # else the caller's.
        order_company = company.sudo().company_id or env.company
        company = company.with_env(env).with_company(order_company)
        return (
            self.with_env(env)
            .with_company(order_company)
            .create(
                {
                    "company_id": order_company.id,
                    "partner_id": company.id,
                    "partner_invoice_id": company.id,
                    "partner_shipping_id": (delivery_address or company).id,
                    "end_customer_id": end_customer.id,
                    "opportunity_id": opportunity.id if opportunity else False,
                    "client_order_ref": client_order_ref,
                    "pricelist_id": company.property_product_pricelist.id,
                    "order_line": [
                        Command.create(
                            {"product_id": product.id, "product_uom_qty": qty}
                        )
                        for product, qty in lines
                    ],
                }
            )
        )
