# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from .common import channel_partner, own_record, read_uploads, redirect_with


class FundPortal(CustomerPortal):
    """Marketing development funds of the user's company: allocations and
    balance, requests, claims with proof."""

    @http.route(
        ["/my/funds", "/my/funds/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_funds(self, page=1, **kw):
        """Allocations, then the requests page by page (newest first), each
        page with the claims of its requests."""
        if not channel_partner():
            raise request.not_found()
        env = request.env
        Request = env["prm.fund.request"]
        pager = portal_pager(
            url="/my/funds",
            total=Request.search_count([]),
            page=page,
            step=self._items_per_page,
        )
        fund_requests = Request.search(
            [], order="id desc", limit=self._items_per_page, offset=pager["offset"]
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "prm_funds",
                "allocations": env["prm.fund.allocation"].search([]),
                "fund_requests": fund_requests,
                "fund_claims": env["prm.fund.claim"].search(
                    [("request_id", "in", fund_requests.ids)], order="id desc"
                ),
                "pager": pager,
                "today": fields.Date.context_today(env.user),
                "prm_error": request.session.pop("prm_portal_error", None),
                "prm_message": request.session.pop("prm_portal_message", None),
            }
        )
        return request.render("partner_relationship_portal.portal_my_funds", values)

    @http.route(
        "/my/funds/allocation/<int:allocation_id>/request",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_fund_request(self, allocation_id, **post):
        allocation = own_record("prm.fund.allocation", allocation_id)
        try:
            values = {
                "name": (post.get("name") or "").strip(),
                "description": (post.get("description") or "").strip(),
                "date_start": fields.Date.to_date(post.get("date_start")),
                "date_end": fields.Date.to_date(post.get("date_end")),
                "planned_cost": float(post.get("planned_cost") or 0),
            }
            if not values["name"]:
                raise UserError(request.env._("Activity: name the activity."))
            fund_request = request.env["prm.fund.request"]._prm_partner_create(
                allocation, values
            )
            fund_request.action_submit()
        except (UserError, ValueError, TypeError) as error:
            request.env.cr.rollback()
            message = (
                str(error)
                if isinstance(error, UserError)
                else request.env._("Enter the dates and the planned cost.")
            )
            return redirect_with("/my/funds", error=message)
        return redirect_with(
            "/my/funds",
            message=request.env._("Request %(name)s submitted.", name=values["name"]),
        )

    @http.route(
        "/my/funds/request/<int:request_id>/claim",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_fund_claim(
        self, request_id, amount=None, partner_invoice_ref=None, **kw
    ):
        fund_request = own_record("prm.fund.request", request_id)
        try:
            proofs = read_uploads(request.httprequest.files.getlist("proofs"))
            claim = request.env["prm.fund.claim"]._prm_partner_create(
                fund_request,
                {
                    "amount": float(amount or 0),
                    "partner_invoice_ref": (partner_invoice_ref or "").strip(),
                },
                proofs=proofs,
            )
            claim.action_submit()
        except (UserError, ValueError) as error:
            request.env.cr.rollback()
            message = (
                str(error)
                if isinstance(error, UserError)
                else request.env._("Enter the actual cost.")
            )
            return redirect_with("/my/funds", error=message)
        return redirect_with("/my/funds", message=request.env._("Claim submitted."))
