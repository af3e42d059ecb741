# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class PartnerRelationshipPortal(CustomerPortal):
    """Portal pages of a channel partner, scoped to the user's commercial partner."""

    def _prm_channel_partner(self):
        """The channel partner company the portal user works for, or an empty recordset.

        Read as superuser: it is the user's own commercial partner, not a
        record chosen by the request.
        """
        commercial = request.env.user.sudo().partner_id.commercial_partner_id
        return commercial if commercial.is_channel_partner else commercial.browse()

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "prm_programme_count" in counters:
            values["prm_programme_count"] = len(self._prm_channel_partner())
        return values

    @http.route("/my/partner", type="http", auth="user", website=True)
    def portal_my_partner(self, **kw):
        partner = self._prm_channel_partner()
        if not partner:
            raise request.not_found()
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "prm_partner", "prm_partner": partner})
        return request.render("partner_relationship_portal.portal_my_partner", values)
