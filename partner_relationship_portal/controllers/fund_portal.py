# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, http
from odoo.exceptions import UserError
from odoo.http import request

from .common import (
    MAX_AMOUNT,
    PrmPortal,
    channel_partner,
    get_reads_only,
    message_url,
    parse_date,
    parse_float,
    read_uploads,
    upload_names,
)


class FundPortal(PrmPortal):
    """Marketing development funds of the user's company: allocations and
    balance, requests, claims with proof."""

    def _prepare_funds_portal_rendering_values(
        self,
        page=1,
        message=None,
        request_id=None,
        error=None,
        post=None,
        post_for=None,
        **kw,
    ):
        """Allocations, then the requests page by page (newest first), each
        page with the claims of its requests; the text of a ?message= code,
        or an error with what was posted on the form of `post_for` (an
        allocation or a request)."""
        env = request.env
        Request = env["prm.fund.request"]
        fund_requests, pager = self._prm_list(
            Request, [], "/my/funds", page, order="id desc"
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
                "prm_message": self._prm_funds_message(message, request_id),
                "prm_error": error,
                "prm_post": post or {},
                "prm_post_for": post_for,
            }
        )
        return values

    def _prm_funds_message(self, message, request_id):
        env = request.env
        if message == "requested":
            fund_request = self._prm_message_record(request_id, "prm.fund.request")
            return fund_request and env._(
                "Request %(name)s submitted.", name=fund_request.name
            )
        if message == "claimed":
            return env._("Claim submitted.")
        return None

    def _prm_render_funds(self, error, post, post_for):
        values = self._prepare_funds_portal_rendering_values(
            error=error, post=post, post_for=post_for
        )
        return request.render(
            "partner_relationship_portal.portal_my_funds", values, status=400
        )

    @http.route(
        ["/my/funds", "/my/funds/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=get_reads_only,
    )
    def portal_my_funds(self, page=1, message=None, request_id=None, **kw):
        if not channel_partner():
            raise request.not_found()
        values = self._prepare_funds_portal_rendering_values(
            page=page, message=message, request_id=request_id
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
        allocation = self._prm_document("prm.fund.allocation", allocation_id)
        env = request.env
        form = self._prm_fund_request_form(post)
        try:
            values = self._prm_fund_request_values(form)
            with env.cr.savepoint():
                fund_request = env["prm.fund.request"]._prm_partner_create(
                    allocation, values
                )
                fund_request.action_submit()
        except UserError as error:
            return self._prm_render_funds(str(error), form, allocation)
        return request.redirect(
            message_url("/my/funds", "requested", request_id=fund_request.id)
        )

    # The fields of a request's portal form, as posted.
    FUND_REQUEST_FORM = (
        "name",
        "description",
        "objectives",
        "expected_results",
        "date_start",
        "date_end",
        "planned_cost",
    )

    def _prm_fund_request_form(self, post):
        return {name: (post.get(name) or "").strip() for name in self.FUND_REQUEST_FORM}

    def _prm_fund_request_values(self, form):
        """A request's values from its portal form, or UserError."""
        env = request.env
        if not form["name"]:
            raise UserError(env._("Activity: name the activity."))
        return {
            "name": form["name"],
            "description": form["description"],
            "objectives": form["objectives"],
            "expected_results": form["expected_results"],
            "date_start": parse_date(
                form["date_start"], env._("Start Date"), required=True
            ),
            "date_end": parse_date(form["date_end"], env._("End Date"), required=True),
            "planned_cost": parse_float(
                form["planned_cost"],
                env._("Planned Cost"),
                minimum=0,
                maximum=MAX_AMOUNT,
            )
            or 0.0,
        }

    @http.route(
        "/my/funds/request/<int:request_id>/edit",
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
        readonly=get_reads_only,
    )
    def portal_fund_request_edit(self, request_id, **post):
        """A request the vendor sent back: its form, filled in, to correct
        and submit again. Only the request's partner sees it, and only while
        it is sent back."""
        fund_request = self._prm_document("prm.fund.request", request_id)
        if fund_request.state != "returned":
            raise request.not_found()
        env = request.env
        if request.httprequest.method != "POST":
            form = {
                name: fund_request[name] or ""
                for name in self.FUND_REQUEST_FORM
                if name not in ("date_start", "date_end", "planned_cost")
            }
            form.update(
                date_start=fields.Date.to_string(fund_request.date_start),
                date_end=fields.Date.to_string(fund_request.date_end),
                planned_cost=fund_request.planned_cost,
            )
            return self._prm_render_fund_request_edit(fund_request, form)
        form = self._prm_fund_request_form(post)
        try:
            values = self._prm_fund_request_values(form)
            with env.cr.savepoint():
                fund_request._prm_partner_update(values)
                fund_request.action_submit()
        except UserError as error:
            return self._prm_render_fund_request_edit(
                fund_request, form, error=str(error)
            )
        return request.redirect(
            message_url("/my/funds", "requested", request_id=fund_request.id)
        )

    def _prm_render_fund_request_edit(self, fund_request, form, error=None):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "prm_fund_request_edit",
                "fund_request": fund_request,
                "prm_post": form,
                "prm_error": error,
            }
        )
        return request.render(
            "partner_relationship_portal.portal_fund_request_edit",
            values,
            status=400 if error else 200,
        )

    @http.route(
        "/my/funds/request/<int:request_id>/claim",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_fund_claim(self, request_id, **post):
        fund_request = self._prm_document("prm.fund.request", request_id)
        env = request.env
        form = {
            name: (post.get(name) or "").strip()
            for name in ("amount", "partner_invoice_ref")
        }
        files = request.httprequest.files.getlist("proofs")
        form["proof_names"] = upload_names(files)
        try:
            values = {
                "amount": parse_float(
                    form["amount"], env._("Amount"), minimum=0, maximum=MAX_AMOUNT
                )
                or 0.0,
                "partner_invoice_ref": form["partner_invoice_ref"],
            }
            proofs = read_uploads(files)
            with env.cr.savepoint():
                claim = env["prm.fund.claim"]._prm_partner_create(
                    fund_request, values, proofs=proofs
                )
                claim.action_submit()
        except UserError as error:
            return self._prm_render_funds(str(error), form, fund_request)
        return request.redirect(message_url("/my/funds", "claimed"))
