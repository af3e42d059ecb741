# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from .common import channel_partner

MAX_LENGTH = 250


class RegistrationPortal(CustomerPortal):
    """Deal registrations of the user's company: list, form, detail."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "prm_registration_count" in counters:
            Registration = request.env["prm.deal.registration"]
            values["prm_registration_count"] = (
                Registration.search_count([]) if Registration.has_access("read") else 0
            )
        return values

    @http.route(
        ["/my/registrations", "/my/registrations/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_registrations(self, page=1, sortby="date", **kw):
        Registration = request.env["prm.deal.registration"]
        sortings = {
            "date": {"label": request.env._("Newest"), "order": "id desc"},
            "customer": {"label": request.env._("Customer"), "order": "customer_name"},
            "state": {"label": request.env._("Status"), "order": "state, id desc"},
            "protection": {
                "label": request.env._("Protection End"),
                "order": "protection_end",
            },
        }
        sortby = sortby if sortby in sortings else "date"
        total = Registration.search_count([])
        pager = portal_pager(
            url="/my/registrations",
            url_args={"sortby": sortby},
            total=total,
            page=page,
            step=self._items_per_page,
        )
        registrations = Registration.search(
            [],
            order=sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "prm_registration",
                "registrations": registrations,
                "pager": pager,
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "default_url": "/my/registrations",
            }
        )
        return request.render(
            "partner_relationship_portal.portal_my_registrations", values
        )

    @http.route(
        "/my/registrations/<int:registration_id>",
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_registration(self, registration_id, access_token=None, **kw):
        try:
            registration = self._document_check_access(
                "prm.deal.registration", registration_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "prm_registration",
                "registration": registration,
                "prm_message": request.session.pop("prm_portal_message", None),
            }
        )
        return request.render(
            "partner_relationship_portal.portal_my_registration", values
        )

    def _prm_registration_form(self, post=None, errors=None, status=200):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "prm_registration",
                "post": post or {},
                "errors": errors or {},
                "countries": request.env["res.country"].sudo().search([]),
            }
        )
        return request.render(
            "partner_relationship_portal.portal_registration_form",
            values,
            status=status,
        )

    @http.route(
        "/my/registrations/new",
        type="http",
        auth="user",
        website=True,
        methods=["GET"],
    )
    def portal_registration_new(self, **kw):
        if not channel_partner():
            raise request.not_found()
        return self._prm_registration_form()

    @http.route(
        "/my/registrations/new",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_registration_submit(self, **post):
        company = channel_partner()
        if not company:
            raise request.not_found()
        # The fields a partner may set, except the products (not on the
        # form); anything else posted is ignored.
        form_fields = request.env["prm.deal.registration"].PARTNER_FIELDS - {
            "product_ids"
        }
        form = {name: (post.get(name) or "").strip() for name in form_fields}
        values, errors = self._prm_registration_values(form)
        if not errors:
            try:
                registration = request.env[
                    "prm.deal.registration"
                ]._prm_partner_register(company, values)
            except UserError as error:
                errors["form"] = str(error)
        if errors:
            request.env.cr.rollback()
            return self._prm_registration_form(form, errors, status=400)
        request.session["prm_portal_message"] = (
            registration.conflict_notice
            or request.env._("Submitted: no conflicting deal was found.")
        )
        return request.redirect(f"/my/registrations/{registration.id}")

    def _prm_registration_values(self, form):
        env = request.env
        errors = {}
        if not form["customer_name"]:
            errors["customer_name"] = env._("Enter the customer's company name.")
        for name, value in form.items():
            if name != "description" and len(value) > MAX_LENGTH:
                errors[name] = env._("At most %(max)s characters.", max=MAX_LENGTH)
        values = {
            name: value
            for name, value in form.items()
            if name not in ("country_id", "expected_revenue", "date_close")
        }
        if form["country_id"]:
            country = (
                env["res.country"].sudo().browse(int(form["country_id"]))
                if form["country_id"].isdigit()
                else None
            )
            if not country or not country.exists():
                errors["country_id"] = env._("Choose a country from the list.")
            else:
                values["country_id"] = country.id
        if form["expected_revenue"]:
            try:
                values["expected_revenue"] = float(form["expected_revenue"])
            except ValueError:
                errors["expected_revenue"] = env._("Enter an amount.")
        if form["date_close"]:
            try:
                values["date_close"] = fields.Date.to_date(form["date_close"])
            except ValueError:
                errors["date_close"] = env._("Enter a date.")
        return values, errors
