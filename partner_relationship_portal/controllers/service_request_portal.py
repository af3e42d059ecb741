# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request
from odoo.tools import plaintext2html

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController

from .common import channel_partner, own_record, read_uploads


class ServiceRequestPortal(HelpdeskTicketController):
    """Service requests of channel partners on the help desk's own portal
    form (/new/ticket): for the partner or one of its end customers, about a
    product and its serial number. The partner follows and replies on the
    help desk's ticket page (/my/ticket/<id>)."""

    def _get_create_new_ticket_values(self, **kw):
        values = super()._get_create_new_ticket_values(**kw)
        company = channel_partner()
        if company:
            values.update(self._prm_request_choices(company))
        return values

    def _prm_request_choices(self, company):
        """End customers and products offered on the form, found by ownership
        (portal users read neither)."""
        env = request.env
        return {
            "prm_customers": env["res.partner"]
            .sudo()
            .search([("end_customer_of_id", "=", company.id)], order="name"),
            "prm_products": env["sale.order.line"]
            .sudo()
            .search(
                [
                    ("order_id.partner_id", "child_of", company.id),
                    ("order_id.state", "=", "sale"),
                ]
            )
            .product_id,
        }

    @http.route()
    def submit_ticket(self, **kw):
        company = channel_partner()
        if not company:
            return super().submit_ticket(**kw)
        try:
            values = self._prm_request_values(company, kw)
            attachments = read_uploads(request.httprequest.files.getlist("attachment"))
            ticket = request.env["helpdesk.ticket"]._prm_partner_open_request(
                company, values
            )
        except (UserError, ValidationError, AccessError) as error:
            request.env.cr.rollback()
            values = self._get_create_new_ticket_values(**kw)
            values.update({"prm_error": str(error), "prm_post": kw})
            return request.render(
                "helpdesk_mgmt.portal_create_ticket", values, status=400
            )
        request.env["ir.attachment"].sudo().create(
            [
                {
                    "name": name,
                    "raw": content,
                    "res_model": "helpdesk.ticket",
                    "res_id": ticket.id,
                }
                for name, content in attachments
            ]
        )
        return request.redirect(f"/my/ticket/{ticket.id}")

    def _prm_request_values(self, company, kw):
        env = request.env
        choices = self._prm_request_choices(company)
        values = {
            "name": (kw.get("subject") or "").strip(),
            "description": plaintext2html((kw.get("description") or "").strip())
            if (kw.get("description") or "").strip()
            else "",
        }
        category = self._get_categories().filtered(
            lambda c: str(c.id) == kw.get("category")
        )
        if category:
            values["category_id"] = category.id
        if (kw.get("end_customer_id") or "").isdigit():
            customer = choices["prm_customers"].filtered(
                lambda c: c.id == int(kw["end_customer_id"])
            )
            if not customer:
                raise UserError(env._("End Customer: choose one of your customers."))
            values["end_customer_id"] = customer.id
        product = env["product.product"]
        if (kw.get("product_id") or "").isdigit():
            product = choices["prm_products"].filtered(
                lambda p: p.id == int(kw["product_id"])
            )
            if not product:
                raise UserError(
                    env._("Product: choose one of the products you bought.")
                )
            values["product_id"] = product.id
        serial = (kw.get("serial") or "").strip()
        if serial:
            if not product:
                raise UserError(env._("Serial Number: choose the product first."))
            lot = (
                env["stock.lot"]
                .sudo()
                .search(
                    [("name", "=", serial), ("product_id", "=", product.id)], limit=1
                )
            )
            if not lot:
                raise UserError(
                    env._(
                        "Serial Number: %(serial)s is not a serial of %(product)s.",
                        serial=serial,
                        product=product.display_name,
                    )
                )
            values["lot_id"] = lot.id
        return values

    @http.route()
    def support_ticket_close(self, **kw):
        """The help desk closes any ticket by id: only the user's own."""
        ticket_id = kw.get("ticket_id") or ""
        if not ticket_id.isdigit():
            raise request.not_found()
        own_record("helpdesk.ticket", int(ticket_id))
        return super().support_ticket_close(**kw)
