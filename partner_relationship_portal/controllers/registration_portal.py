# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from .common import (
    MAX_AMOUNT,
    PrmPortal,
    channel_partner,
    message_url,
    parse_date,
    parse_float,
    parse_id,
)

MAX_LENGTH = 250


class RegistrationPortal(PrmPortal):
    """Deal registrations of the user's company: list, form, detail."""

    def _get_registration_searchbar_sortings(self):
        env = request.env
        return {
            "date": {"label": env._("Newest"), "order": "id desc"},
            "customer": {"label": env._("Customer"), "order": "customer_name, id"},
            "state": {"label": env._("Status"), "order": "state, id desc"},
            "protection": {
                "label": env._("Protection End"),
                "order": "protection_end, id",
            },
        }

    def _prepare_registration_portal_rendering_values(
        self, page=1, sortby=None, **kwargs
    ):
        Registration = request.env["prm.deal.registration"]
        searchbar_sortings = self._get_registration_searchbar_sortings()
        sortby = sortby if sortby in searchbar_sortings else "date"
        registrations, pager = self._prm_list(
            Registration,
            [],
            "/my/registrations",
            page,
            searchbar_sortings[sortby]["order"],
            {"sortby": sortby},
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "prm_registration",
                "registrations": registrations,
                "pager": pager,
                "searchbar_sortings": searchbar_sortings,
                "sortby": sortby,
                "default_url": "/my/registrations",
            }
        )
        return values

    @http.route(
        ["/my/registrations", "/my/registrations/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_registrations(self, **kwargs):
        values = self._prepare_registration_portal_rendering_values(**kwargs)
        request.session["my_registrations_history"] = values["registrations"].ids[:100]
        return request.render(
            "partner_relationship_portal.portal_my_registrations", values
        )

    # Read/write, not on the replica: Odoo's records pager
    # (_get_page_view_values) gives the previous and next records an access
    # token the first time it links them, a write.
    @http.route(
        "/my/registrations/<int:registration_id>",
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_registration(
        self, registration_id, access_token=None, message=None, **kw
    ):
        try:
            registration = self._document_check_access(
                "prm.deal.registration", registration_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = {
            "page_name": "prm_registration",
            "registration": registration,
            "prm_message": self._prm_registration_message(registration, message),
        }
        values = self._get_page_view_values(
            registration, access_token, values, "my_registrations_history", False
        )
        return request.render(
            "partner_relationship_portal.portal_my_registration", values
        )

    def _prm_registration_message(self, registration, message):
        env = request.env
        if message != "submitted":
            return None
        return registration.conflict_notice or env._(
            "Submitted: no conflicting deal was found."
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
        readonly=True,
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
                with request.env.cr.savepoint():
                    registration = request.env[
                        "prm.deal.registration"
                    ]._prm_partner_register(company, values)
            except UserError as error:
                errors["form"] = str(error)
        if errors:
            return self._prm_registration_form(form, errors, status=400)
        return request.redirect(message_url(registration.access_url, "submitted"))

    def _prm_registration_values(self, form):
        """The registration's values from the form, and {field: error}."""
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
        parsers = {
            "country_id": lambda value: self._prm_country(value),
            "expected_revenue": lambda value: parse_float(
                value, env._("Expected Revenue"), minimum=0, maximum=MAX_AMOUNT
            ),
            "date_close": lambda value: parse_date(value, env._("Expected Closing")),
        }
        for name, parse in parsers.items():
            try:
                value = parse(form[name])
            except UserError as error:
                errors[name] = str(error)
                continue
            if value is not None:
                values[name] = value
        return values, errors

    def _prm_country(self, value):
        env = request.env
        country_id = parse_id(value, env._("Country"))
        if country_id is None:
            return None
        country = env["res.country"].sudo().browse(country_id).exists()
        if not country:
            raise UserError(env._("Choose a country from the list."))
        return country.id
