# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from .common import PrmPortal, channel_partner, get_reads_only, message_url


class SharedServicePortal(PrmPortal):
    """The vendor's shared services: catalog, subscriptions, requests."""

    def _prepare_services_portal_rendering_values(
        self,
        message=None,
        service_id=None,
        ticket_id=None,
        error=None,
        post=None,
        post_for=None,
    ):
        """The services and the company's subscriptions; the text of a
        ?message= code, or an error with what was posted on the form of
        `post_for` (a service or a subscription)."""
        env = request.env
        subscriptions = env["prm.shared.service.subscription"].search([])
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "prm_services",
                "services": env["prm.shared.service"].search([]),
                "subscriptions": {s.service_id: s for s in subscriptions},
                "prm_message": self._prm_services_message(
                    message, service_id, ticket_id
                ),
                "prm_error": error,
                "prm_post": post or {},
                "prm_post_for": post_for,
            }
        )
        return values

    def _prm_services_message(self, message, service_id, ticket_id):
        env = request.env
        if message == "subscribed":
            service = self._prm_message_record(service_id, "prm.shared.service")
            return service and env._("Subscribed to %(service)s.", service=service.name)
        if message == "requested":
            ticket = self._prm_message_record(
                ticket_id, "helpdesk.ticket", [("subscription_id", "!=", False)]
            )
            return ticket and env._(
                "Request %(number)s sent to the %(service)s team.",
                number=ticket.number,
                service=ticket.sudo().subscription_id.service_id.name,
            )
        return None

    def _prm_render_services(self, error, post=None, post_for=None):
        values = self._prepare_services_portal_rendering_values(
            error=error, post=post, post_for=post_for
        )
        return request.render(
            "partner_relationship_portal.portal_my_services", values, status=400
        )

    @http.route(
        "/my/services", type="http", auth="user", website=True, readonly=get_reads_only
    )
    def portal_my_services(self, message=None, service_id=None, ticket_id=None, **kw):
        if not channel_partner():
            raise request.not_found()
        values = self._prepare_services_portal_rendering_values(
            message, service_id, ticket_id
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
        service = self._prm_document("prm.shared.service", service_id)
        if not company:
            raise request.not_found()
        try:
            if not accept_terms:
                raise UserError(
                    request.env._("Tick the box to accept the service's terms.")
                )
            with request.env.cr.savepoint():
                request.env["prm.shared.service.subscription"]._prm_partner_subscribe(
                    company, service
                )
        except UserError as error:
            return self._prm_render_services(str(error), post_for=service)
        return request.redirect(
            message_url("/my/services", "subscribed", service_id=service.id)
        )

    @http.route(
        "/my/services/subscription/<int:subscription_id>/request",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_service_request(self, subscription_id, **post):
        subscription = self._prm_document(
            "prm.shared.service.subscription", subscription_id
        )
        form = {
            name: (post.get(name) or "").strip() for name in ("name", "description")
        }
        try:
            with request.env.cr.savepoint():
                ticket = subscription._prm_partner_request(form)
        except UserError as error:
            return self._prm_render_services(str(error), form, subscription)
        return request.redirect(
            message_url("/my/services", "requested", ticket_id=ticket.id)
        )
