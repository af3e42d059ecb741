# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from .common import (
    MAX_ID,
    PrmPortal,
    channel_partner,
    get_reads_only,
    message_url,
    parse_id,
)


class ColleaguePortal(PrmPortal):
    """The colleagues of the user's company who use the portal; its portal
    administrator invites new ones and removes access."""

    def _prepare_colleagues_portal_rendering_values(
        self, company, message=None, contact_id=None, error=None, post=None
    ):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "prm_colleagues",
                "colleagues": company._prm_portal_colleagues(),
                "is_admin": request.env.user.partner_id.prm_portal_admin,
                "prm_message": self._prm_colleagues_message(
                    company, message, contact_id
                ),
                "prm_error": error,
                "prm_post": post or {},
            }
        )
        return values

    def _prm_colleagues_message(self, company, message, contact_id):
        env = request.env
        if message not in ("invited", "revoked"):
            return None
        try:
            contact_id = parse_id(contact_id, "contact_id")
        except UserError:
            return None
        # A contact of the user's own company, found by ownership (portal
        # users do not read their colleagues' contacts).
        contact = (
            env["res.partner"]
            .sudo()
            .search([("id", "=", contact_id or 0), ("parent_id", "=", company.id)])
        )
        if not contact:
            return None
        if message == "invited":
            return env._("Invitation sent to %(email)s.", email=contact.email)
        return env._("%(name)s no longer has access.", name=contact.name)

    def _prm_render_colleagues(self, company, error, post=None):
        values = self._prepare_colleagues_portal_rendering_values(
            company, error=error, post=post
        )
        return request.render(
            "partner_relationship_portal.portal_my_colleagues", values, status=400
        )

    @http.route(
        "/my/colleagues",
        type="http",
        auth="user",
        website=True,
        readonly=get_reads_only,
    )
    def portal_my_colleagues(self, message=None, contact_id=None, **kw):
        company = channel_partner()
        if not company:
            raise request.not_found()
        values = self._prepare_colleagues_portal_rendering_values(
            company, message, contact_id
        )
        return request.render(
            "partner_relationship_portal.portal_my_colleagues", values
        )

    @http.route(
        "/my/colleagues/invite",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_invite_colleague(self, name=None, email=None, **kw):
        company = channel_partner()
        if not company:
            raise request.not_found()
        try:
            with request.env.cr.savepoint():
                contact = company._prm_invite_colleague(name, email)
        except UserError as error:
            return self._prm_render_colleagues(
                company, str(error), {"name": name, "email": email}
            )
        return request.redirect(
            message_url("/my/colleagues", "invited", contact_id=contact.id)
        )

    @http.route(
        "/my/colleagues/<int:contact_id>/revoke",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_revoke_colleague(self, contact_id, **kw):
        company = channel_partner()
        # A colleague of the user's own company, found by ownership.
        contact = (
            request.env["res.partner"].sudo().browse(contact_id).exists()
            if 0 < contact_id <= MAX_ID
            else None
        )
        if (
            not company
            or not contact
            or contact not in company._prm_portal_colleagues()
        ):
            raise request.not_found()
        try:
            with request.env.cr.savepoint():
                company._prm_revoke_colleague(contact)
        except UserError as error:
            return self._prm_render_colleagues(company, str(error))
        return request.redirect(
            message_url("/my/colleagues", "revoked", contact_id=contact.id)
        )
