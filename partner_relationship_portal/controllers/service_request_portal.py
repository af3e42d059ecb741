# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request
from odoo.tools import plaintext2html

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController

from .common import channel_partner, parse_id, read_uploads, upload_names


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

    # The help desk takes its form on any method: a GET (no CSRF check)
    # would open a ticket.
    @http.route(methods=["POST"])
    def submit_ticket(self, **kw):
        company = channel_partner()
        if not company:
            # The help desk's own form reads these ids with int().
            parse_id(kw.get("category"), request.env._("Category"))
            parse_id(kw.get("team"), request.env._("Team"))
            return super().submit_ticket(**kw)
        try:
            with request.env.cr.savepoint():
                values = self._prm_request_values(company, kw)
                attachments = read_uploads(
                    request.httprequest.files.getlist("attachment")
                )
                ticket = request.env["helpdesk.ticket"]._prm_partner_open_request(
                    company, values
                )
        except UserError as error:
            values = self._get_create_new_ticket_values(**kw)
            values.update(
                {
                    "prm_error": str(error),
                    "prm_post": kw,
                    "prm_file_names": upload_names(
                        request.httprequest.files.getlist("attachment")
                    ),
                }
            )
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
        customer_id = parse_id(kw.get("end_customer_id"), env._("End Customer"))
        if customer_id:
            customer = choices["prm_customers"].filtered(lambda c: c.id == customer_id)
            if not customer:
                raise UserError(
                    env._("End Customer: choose one of your own customers.")
                )
            values["end_customer_id"] = customer.id
        product = env["product.product"]
        product_id = parse_id(kw.get("product_id"), env._("Product"))
        if product_id:
            product = choices["prm_products"].filtered(lambda p: p.id == product_id)
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

    # The help desk closes a ticket on a GET without CSRF token (a link on
    # another site could close it): here only by the POST of the ticket
    # page's form, whose token Odoo checks; GET answers 405.
    @http.route(website=True, methods=["POST"])
    def support_ticket_close(self, ticket_id=None, stage_id=None, **kw):
        """Close one of the user's own tickets (its record rules: another
        company's ticket answers 404, as a missing one) into a closing stage
        that the portal offers for the ticket's team; answer as the help desk
        does (302 to the ticket's page)."""
        env = request.env
        ticket = env["helpdesk.ticket"].browse(
            parse_id(ticket_id, env._("Ticket"), required=True)
        )
        ticket_sudo = ticket.sudo().exists()
        try:
            ticket.check_access("read")
        except (AccessError, MissingError):
            ticket_sudo = None
        if not ticket_sudo:
            raise request.not_found()
        stage_id = parse_id(stage_id, env._("Stage"), required=True)
        stage = (
            ticket_sudo.team_id._get_applicable_stages()
            .filtered(lambda stage: stage.closed and stage.close_from_portal)
            .filtered(lambda stage: stage.id == stage_id)
        )
        # Any other stage changes nothing (a page shown before the team's
        # stages changed): back to the ticket, as the help desk answers.
        if stage:
            ticket_sudo.stage_id = stage
        return request.redirect(f"/my/ticket/{ticket_sudo.id}", code=302)
