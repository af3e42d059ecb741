# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from .common import channel_partner, own_record, redirect_with


class SharedServicePortal(CustomerPortal):
    """The vendor's shared services: catalog, subscriptions, requests."""

    @http.route("/my/services", type="http", auth="user", website=True)
    def portal_my_services(self, **kw):
        if not channel_partner():
            raise request.not_found()
        env = request.env
        subscriptions = env["prm.shared.service.subscription"].search([])
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "prm_services",
                "services": env["prm.shared.service"].search([]),
                "subscriptions": {s.service_id: s for s in subscriptions},
                "prm_error": request.session.pop("prm_portal_error", None),
                "prm_message": request.session.pop("prm_portal_message", None),
            }
        )
        return request.render("partner_relationship_portal.portal_my_services", values)

    @http.route(
        "/my/services/<int:service_id>/subscribe",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_service_subscribe(self, service_id, accept_terms=None, **kw):
        company = channel_partner()
        service = own_record("prm.shared.service", service_id)
        if not company:
            raise request.not_found()
        if not accept_terms:
            return redirect_with(
                "/my/services",
                error=request.env._("Tick the box to accept the service's terms."),
            )
        try:
            request.env["prm.shared.service.subscription"]._prm_partner_subscribe(
                company, service
            )
        except UserError as error:
            return redirect_with("/my/services", error=str(error))
        return redirect_with(
            "/my/services",
            message=request.env._("Subscribed to %(service)s.", service=service.name),
        )

    @http.route(
        "/my/services/subscription/<int:subscription_id>/request",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_service_request(
        self, subscription_id, name=None, description=None, **kw
    ):
        subscription = own_record("prm.shared.service.subscription", subscription_id)
        try:
            ticket = subscription._prm_partner_request(
                {
                    "name": (name or "").strip(),
                    "description": (description or "").strip(),
                }
            )
        except UserError as error:
            request.env.cr.rollback()
            return redirect_with("/my/services", error=str(error))
        return redirect_with(
            "/my/services",
            message=request.env._(
                "Request %(number)s sent to the %(service)s team.",
                number=ticket.number,
                service=subscription.sudo().service_id.name,
            ),
        )
