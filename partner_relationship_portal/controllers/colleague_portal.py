# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from .common import channel_partner, redirect_with


class ColleaguePortal(CustomerPortal):
    """The colleagues of the user's company who use the portal; its portal
    administrator invites new ones and removes access."""

    @http.route("/my/colleagues", type="http", auth="user", website=True)
    def portal_my_colleagues(self, **kw):
        company = channel_partner()
        if not company:
            raise request.not_found()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "prm_colleagues",
                "colleagues": company._prm_portal_colleagues(),
                "is_admin": request.env.user.partner_id.prm_portal_admin,
                "prm_error": request.session.pop("prm_portal_error", None),
                "prm_message": request.session.pop("prm_portal_message", None),
            }
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
            contact = company._prm_invite_colleague(name, email)
        except (UserError, AccessError) as error:
            request.env.cr.rollback()
            return redirect_with("/my/colleagues", error=str(error))
        return redirect_with(
            "/my/colleagues",
            message=request.env._("Invitation sent to %(email)s.", email=contact.email),
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
        contact = request.env["res.partner"].sudo().browse(contact_id).exists()
        if not company or contact not in company._prm_portal_colleagues():
            raise request.not_found()
        try:
            company._prm_revoke_colleague(contact)
        except (UserError, AccessError) as error:
            request.env.cr.rollback()
            return redirect_with("/my/colleagues", error=str(error))
        return redirect_with(
            "/my/colleagues",
            message=request.env._("%(name)s no longer has access.", name=contact.name),
        )
