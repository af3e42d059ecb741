# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.website_crm_partner_assign.controllers.main import WebsiteAccount

from .common import own_record, redirect_with

# What the progress form may post; anything else is ignored.
PROGRESS_FORM_FIELDS = (
    "stage_id",
    "probability",
    "expected_revenue",
    "date_deadline",
    "activity_summary",
    "activity_date",
    "outcome",
    "lost_reason_id",
    "lost_feedback",
)


class LeadPortal(CustomerPortal):
    """The partner's answers on the leads routed to it: accept, decline with a
    reason, report progress. Forms post here (CSRF-checked); the lead is
    read with the user's own rights (Odoo's rule: leads assigned to the
    user's company), so another company's lead, or a missing one, gives the
    same 404."""

    def _prm_lead_url(self, lead):
        kind = "opportunity" if lead.type == "opportunity" else "lead"
        return f"/my/{kind}/{lead.id}"

    def _prm_redirect(self, lead, message=None, error=None):
        return redirect_with(self._prm_lead_url(lead), message, error)

    @http.route(
        "/my/lead/<int:lead_id>/accept",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_lead_accept(self, lead_id, **post):
        lead = own_record("crm.lead", lead_id)
        try:
            lead.action_prm_accept()
        except UserError as error:
            return self._prm_redirect(lead, error=str(error))
        return self._prm_redirect(
            lead, message=request.env._("Accepted: the lead is now your opportunity.")
        )

    @http.route(
        "/my/lead/<int:lead_id>/decline",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_lead_decline(self, lead_id, reason=None, **post):
        lead = own_record("crm.lead", lead_id)
        try:
            lead.action_prm_decline(reason)
        except UserError as error:
            return self._prm_redirect(lead, error=str(error))
        return redirect_with(
            "/my/leads", request.env._("Declined: the lead goes to another partner.")
        )

    @http.route(
        "/my/opportunity/<int:lead_id>/progress",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_opportunity_progress(self, lead_id, **post):
        lead = own_record("crm.lead", lead_id)
        try:
            values = self._prm_progress_values(
                {k: post.get(k) for k in PROGRESS_FORM_FIELDS}
            )
            lead._prm_partner_update_progress(values)
        except (UserError, ValueError) as error:
            message = (
                str(error)
                if isinstance(error, UserError)
                else request.env._("Enter numbers and dates in the form's format.")
            )
            return self._prm_redirect(lead, error=message)
        return self._prm_redirect(lead, message=request.env._("Progress saved."))

    def _prm_progress_values(self, form):
        """Turn the form into the values of _prm_partner_update_progress."""
        values = {}
        if form.get("stage_id"):
            values["stage_id"] = int(form["stage_id"])
        for name in ("probability", "expected_revenue"):
            if form.get(name) not in (None, ""):
                values[name] = float(form[name])
        if form.get("date_deadline"):
            values["date_deadline"] = fields.Date.to_date(form["date_deadline"])
        if form.get("activity_date"):
            values["next_activity"] = {
                "summary": (form.get("activity_summary") or "").strip(),
                "date_deadline": fields.Date.to_date(form["activity_date"]),
            }
        if form.get("outcome") == "won":
            values["won"] = True
        elif form.get("outcome") == "lost":
            values["lost"] = {
                "lost_reason_id": int(form["lost_reason_id"])
                if form.get("lost_reason_id")
                else False,
                "feedback": (form.get("lost_feedback") or "").strip(),
            }
        return values


class LeadPortalPages(WebsiteAccount):
    """Odoo's lead and opportunity pages, with the offer's deadline, the
    answer forms and the progress form, and the result of the last answer."""

    def _prm_page_values(self):
        return {
            "prm_error": request.session.pop("prm_portal_error", None),
            "prm_message": request.session.pop("prm_portal_message", None),
        }

    # Search and the "awaiting your answer" filter on Odoo's lists ---------------

    def _prm_search(self):
        return (request.params.get("search") or "").strip()

    def _prm_search_domain(self):
        search = self._prm_search()
        if not search:
            return []
        return [
            "|",
            "|",
            "|",
            ("name", "ilike", search),
            ("partner_name", "ilike", search),
            ("contact_name", "ilike", search),
            ("email_from", "ilike", search),
        ]

    def get_domain_my_lead(self, user):
        domain = super().get_domain_my_lead(user) + self._prm_search_domain()
        if request.params.get("filterby") == "awaiting":
            domain.append(("prm_offer_state", "=", "offered"))
        return domain

    def get_domain_my_opp(self, user):
        return super().get_domain_my_opp(user) + self._prm_search_domain()

    def _prm_list_values(self, response, url):
        """The search box, and Odoo's pager rebuilt so that its links keep
        the search and the filter (same pages, no extra query)."""
        env = request.env
        values = {
            "searchbar_inputs": {
                "all": {
                    "input": "all",
                    "label": env._("Name, company, contact, e-mail"),
                }
            },
            "search_in": "all",
            "search": self._prm_search(),
        }
        kept = {
            key: request.params[key]
            for key in ("search", "sortby", "filterby", "date_begin", "date_end")
            if request.params.get(key)
        }
        pager = response.qcontext["pager"]
        if kept and pager["page_count"] > 1:
            values["pager"] = request.website.pager(
                url=url,
                url_args=kept,
                total=pager["page_count"] * self._items_per_page,
                page=pager["page"]["num"],
                step=self._items_per_page,
            )
        return values

    @http.route()
    def portal_my_leads(
        self, page=1, date_begin=None, date_end=None, sortby=None, **kw
    ):
        response = super().portal_my_leads(
            page=page, date_begin=date_begin, date_end=date_end, sortby=sortby, **kw
        )
        values = self._prm_list_values(response, "/my/leads")
        values["searchbar_filters"] = {
            "all": {"label": request.env._("All")},
            "awaiting": {"label": request.env._("Awaiting your answer")},
        }
        values["filterby"] = (
            "awaiting" if request.params.get("filterby") == "awaiting" else "all"
        )
        response.qcontext.update(values)
        return response

    @http.route()
    def portal_my_opportunities(
        self, page=1, date_begin=None, date_end=None, sortby=None, filterby=None, **kw
    ):
        response = super().portal_my_opportunities(
            page=page,
            date_begin=date_begin,
            date_end=date_end,
            sortby=sortby,
            filterby=filterby,
            **kw,
        )
        response.qcontext.update(self._prm_list_values(response, "/my/opportunities"))
        return response

    @http.route()
    def portal_my_lead(self, lead, **kw):
        own_record(lead._name, lead.id)  # Odoo answers 403 here: same 404 as missing
        response = super().portal_my_lead(lead, **kw)
        response.qcontext.update(self._prm_page_values())
        return response

    @http.route()
    def portal_my_opportunity(self, opp, **kw):
        own_record(opp._name, opp.id)
        response = super().portal_my_opportunity(opp, **kw)
        response.qcontext.update(
            self._prm_page_values(),
            prm_lost_reasons=request.env["crm.lost.reason"].sudo().search([]),
        )
        return response
