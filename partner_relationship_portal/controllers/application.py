# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import http
from odoo.http import request

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# The only fields the public form may set; anything else posted is ignored.
APPLICATION_FIELDS = (
    "company_name",
    "contact_name",
    "email",
    "phone",
    "website",
    "country_id",
    "partner_type_id",
    "message",
)
MAX_LENGTH = 250


class PartnerApplication(http.Controller):
    """Public form through which a company applies to the partner network."""

    def _form_values(self, post=None, errors=None):
        env = request.env
        return {
            "countries": env["res.country"].sudo().search([]),
            "partner_types": env["prm.partner.type"].sudo().search([]),
            "post": post or {},
            "errors": errors or {},
        }

    def _validate(self, post):
        env = request.env
        errors = {}
        for name in ("company_name", "contact_name", "email"):
            if not post.get(name, "").strip():
                errors[name] = env._("This field is required.")
        if post.get("email") and not EMAIL_PATTERN.match(post["email"].strip()):
            errors["email"] = env._("Enter a valid email address.")
        for name in APPLICATION_FIELDS:
            if name != "message" and len(post.get(name, "")) > MAX_LENGTH:
                errors[name] = env._("At most %(max)s characters.", max=MAX_LENGTH)
        for name, model in (
            ("country_id", "res.country"),
            ("partner_type_id", "prm.partner.type"),
        ):
            value = post.get(name)
            if value and (
                not value.isdigit() or not env[model].sudo().browse(int(value)).exists()
            ):
                errors[name] = env._("Choose a value from the list.")
        return errors

    @http.route(
        "/partners/apply",
        type="http",
        auth="public",
        website=True,
        sitemap=True,
        methods=["GET"],
    )
    def application_form(self, **kw):
        return request.render(
            "partner_relationship_portal.partner_application_form",
            self._form_values(),
        )

    @http.route(
        "/partners/apply",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
        methods=["POST"],
    )
    def application_submit(self, **post):
        post = {name: (post.get(name) or "").strip() for name in APPLICATION_FIELDS}
        errors = self._validate(post)
        if errors:
            return request.render(
                "partner_relationship_portal.partner_application_form",
                self._form_values(post, errors),
                status=400,
            )
        partner = (
            request.env["res.partner"]
            .sudo()
            ._prm_create_application(
                {
                    "company_name": post["company_name"],
                    "contact_name": post["contact_name"],
                    "email": post["email"],
                    "phone": post["phone"],
                    "website": post["website"],
                    "country_id": int(post["country_id"] or 0) or False,
                    "partner_type_id": int(post["partner_type_id"] or 0) or False,
                    "message": post["message"],
                }
            )
        )
        return request.render(
            "partner_relationship_portal.partner_application_thanks",
            {"company": partner},
        )
