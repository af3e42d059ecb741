# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.website_crm_partner_assign.controllers.main import WebsiteAccount

from .common import (
    MAX_AMOUNT,
    PrmPortal,
    get_reads_only,
    message_url,
    not_found_either_way,
    parse_date,
    parse_float,
    parse_id,
)

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


class LeadPortal(WebsiteAccount, PrmPortal):
    """Odoo's lead and opportunity pages, with the partner's answers on the
    leads routed to it: accept, decline with a reason, report progress.
    Forms post here (CSRF-checked); the lead is read with the user's own
    rights (Odoo's rule: leads assigned to the user's company), so another
    company's lead, or a missing one, gives the same 404."""

    # Lists: search, sortings and filters that other addons can extend ---------

    def _get_lead_searchbar_sortings(self):
        env = request.env
        return {
            "date": {"label": env._("Newest"), "order": "create_date desc, id desc"},
            "name": {"label": env._("Name"), "order": "name, id"},
            "contact_name": {
                "label": env._("Contact Name"),
                "order": "contact_name, id",
            },
        }

    def _get_lead_searchbar_filters(self):
        env = request.env
        return {
            "all": {"label": env._("All"), "domain": []},
            "awaiting": {
                "label": env._("Awaiting your answer"),
                "domain": [("prm_offer_state", "=", "offered")],
            },
        }

    def _get_opportunity_searchbar_sortings(self):
        env = request.env
        return {
            **self._get_lead_searchbar_sortings(),
            "revenue": {
                "label": env._("Expected Revenue"),
                "order": "expected_revenue desc, id desc",
            },
            "probability": {
                "label": env._("Probability"),
                "order": "probability desc, id desc",
            },
            "stage": {"label": env._("Stage"), "order": "stage_id, id desc"},
        }

    def _get_opportunity_searchbar_filters(self):
        env = request.env
        today = fields.Date.context_today(env.user)
        return {
            "all": {"label": env._("Active"), "domain": []},
            "no_activities": {
                "label": env._("No Activities"),
                "domain": [
                    ("activity_ids", "not any", [("user_id", "=", env.user.id)]),
                    ("stage_id.is_won", "=", False),
                ],
            },
            "overdue": {
                "label": env._("Late Activities"),
                "domain": [("activity_date_deadline", "<", today)],
            },
            "today": {
                "label": env._("Today Activities"),
                "domain": [("activity_date_deadline", "=", today)],
            },
            "future": {
                "label": env._("Future Activities"),
                "domain": [("activity_date_deadline", ">", today)],
            },
            "won": {"label": env._("Won"), "domain": [("stage_id.is_won", "=", True)]},
            "lost": {
                "label": env._("Lost"),
                "domain": [("active", "=", False), ("probability", "=", 0)],
            },
        }

    def _get_lead_searchbar_inputs(self):
        return {
            "all": {
                "input": "all",
                "label": request.env._("Name, company, contact, e-mail"),
            }
        }

    def _get_lead_search_domain(self, search):
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

    def _prepare_lead_portal_rendering_values(
        self,
        opportunities=False,
        page=1,
        sortby=None,
        filterby=None,
        search=None,
        date_begin=None,
        date_end=None,
        message=None,
        **kwargs,
    ):
        """The values of Odoo's lead (or opportunity) list, with a search box,
        the sortings and filters of the hooks above and Odoo's pager over a
        real count, whose links keep the search, sorting and filter."""
        env = request.env
        Lead = env["crm.lead"]
        if opportunities:
            url, page_name = "/my/opportunities", "opportunity"
            domain = self.get_domain_my_opp(env.user)
            searchbar_sortings = self._get_opportunity_searchbar_sortings()
            searchbar_filters = self._get_opportunity_searchbar_filters()
        else:
            url, page_name = "/my/leads", "lead"
            domain = self.get_domain_my_lead(env.user)
            searchbar_sortings = self._get_lead_searchbar_sortings()
            searchbar_filters = self._get_lead_searchbar_filters()
        sortby = sortby if sortby in searchbar_sortings else "date"
        filterby = filterby if filterby in searchbar_filters else "all"
        search = (search or "").strip()
        domain += searchbar_filters[filterby]["domain"]
        domain += self._get_lead_search_domain(search)
        date_begin = parse_date(date_begin, env._("From"))
        date_end = parse_date(date_end, env._("To"))
        if date_begin and date_end:
            domain += [
                ("create_date", ">", date_begin),
                ("create_date", "<=", date_end),
            ]
        if filterby == "lost":
            Lead = Lead.with_context(active_test=False)
        if opportunities:
            # Activities are searched as superuser (portal users do not read
            # them), the leads' own rules still apply below.
            domain = [("id", "in", Lead.sudo()._search(domain))]
        url_args = {
            "sortby": sortby,
            "filterby": filterby,
            "search": search,
            "date_begin": date_begin,
            "date_end": date_end,
        }
        records, pager = self._prm_list(
            Lead, domain, url, page, searchbar_sortings[sortby]["order"], url_args
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "date": date_begin,
                "opportunities" if opportunities else "leads": records,
                "page_name": page_name,
                "default_url": url,
                "pager": pager,
                "searchbar_sortings": searchbar_sortings,
                "sortby": sortby,
                "searchbar_filters": searchbar_filters,
                "filterby": filterby,
                "searchbar_inputs": self._get_lead_searchbar_inputs(),
                "search_in": "all",
                "search": search,
                "prm_message": self._prm_lead_message(message),
            }
        )
        return values

    @http.route(readonly=get_reads_only)
    def portal_my_leads(self, page=1, **kw):
        values = self._prepare_lead_portal_rendering_values(page=page, **kw)
        return request.render("website_crm_partner_assign.portal_my_leads", values)

    @http.route(readonly=get_reads_only)
    def portal_my_opportunities(self, page=1, **kw):
        values = self._prepare_lead_portal_rendering_values(
            opportunities=True, page=page, **kw
        )
        return request.render(
            "website_crm_partner_assign.portal_my_opportunities", values
        )

    # Lead and opportunity pages -------------------------------------------------

    def _prm_lead_message(self, message):
        """The text of a ?message= code after an answer (None if unknown)."""
        env = request.env
        return {
            "accepted": env._("Accepted: the lead is now your opportunity."),
            "declined": env._("Declined: the lead goes to another partner."),
            "progress": env._("Progress saved."),
        }.get(message)

    def _prm_lead_url(self, lead):
        kind = "opportunity" if lead.type == "opportunity" else "lead"
        return f"/my/{kind}/{lead.id}"

    # Odoo checks the lead in the URL before the page: another company's lead
    # answers 404, as a missing one.
    @http.route(
        handle_params_access_error=not_found_either_way, readonly=get_reads_only
    )
    def portal_my_lead(self, lead, message=None, **kw):
        return self._prm_lead_page(lead, message=message)

    @http.route(
        handle_params_access_error=not_found_either_way, readonly=get_reads_only
    )
    def portal_my_opportunity(self, opp, message=None, **kw):
        return self._prm_lead_page(opp, message=message)

    def _prm_lead_page(self, lead, message=None, error=None, post=None):
        """Odoo's page of the lead (or opportunity) with the answer forms, the
        text of a ?message= code, or an error and what was posted."""
        if lead.type == "opportunity":
            response = super().portal_my_opportunity(lead)
            # Odoo lists the stages last first: in the pipeline's order here.
            response.qcontext["stages"] = response.qcontext["stages"].sorted(
                lambda stage: (stage.sequence, stage.name, stage.id)
            )
            response.qcontext["prm_lost_reasons"] = (
                request.env["crm.lost.reason"].sudo().search([])
            )
        else:
            response = super().portal_my_lead(lead)
        response.qcontext.update(
            prm_message=self._prm_lead_message(message),
            prm_error=error,
            prm_post=post or {},
        )
        return response

    def _prm_render_lead(self, lead, error, post=None):
        """The lead's page again, with the error and what was posted (400)."""
        response = self._prm_lead_page(lead, error=error, post=post)
        response.status_code = 400
        return response

    # Answers ----------------------------------------------------------------------

    @http.route(
        "/my/lead/<int:lead_id>/accept",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_lead_accept(self, lead_id, **post):
        lead = self._prm_document("crm.lead", lead_id)
        try:
            with request.env.cr.savepoint():
                lead.action_prm_accept()
        except UserError as error:
            return self._prm_render_lead(lead, str(error))
        return request.redirect(message_url(self._prm_lead_url(lead), "accepted"))

    @http.route(
        "/my/lead/<int:lead_id>/decline",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_lead_decline(self, lead_id, reason=None, **post):
        lead = self._prm_document("crm.lead", lead_id)
        try:
            with request.env.cr.savepoint():
                lead.action_prm_decline(reason)
        except UserError as error:
            return self._prm_render_lead(lead, str(error), {"reason": reason})
        return request.redirect(message_url("/my/leads", "declined"))

    @http.route(
        "/my/opportunity/<int:lead_id>/progress",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_opportunity_progress(self, lead_id, **post):
        lead = self._prm_document("crm.lead", lead_id)
        form = {name: post.get(name) or "" for name in PROGRESS_FORM_FIELDS}
        try:
            with request.env.cr.savepoint():
                lead._prm_partner_update_progress(self._prm_progress_values(form))
        except UserError as error:
            return self._prm_render_lead(lead, str(error), form)
        return request.redirect(message_url(self._prm_lead_url(lead), "progress"))

    def _prm_progress_values(self, form):
        """Turn the form into the values of _prm_partner_update_progress."""
        env = request.env
        values = {}
        if stage_id := parse_id(form["stage_id"], env._("Stage")):
            values["stage_id"] = stage_id
        probability = parse_float(form["probability"], env._("Probability"))
        if probability is not None:
            values["probability"] = probability
        revenue = parse_float(
            form["expected_revenue"], env._("Expected Revenue"), maximum=MAX_AMOUNT
        )
        if revenue is not None:
            values["expected_revenue"] = revenue
        if date_deadline := parse_date(
            form["date_deadline"], env._("Expected Closing")
        ):
            values["date_deadline"] = date_deadline
        if activity_date := parse_date(form["activity_date"], env._("Next Step Due")):
            values["next_activity"] = {
                "summary": form["activity_summary"].strip(),
                "date_deadline": activity_date,
            }
        if form["outcome"] == "won":
            values["won"] = True
        elif form["outcome"] == "lost":
            values["lost"] = {
                "lost_reason_id": parse_id(form["lost_reason_id"], env._("Lost Reason"))
                or False,
                "feedback": form["lost_feedback"].strip(),
            }
        return values
