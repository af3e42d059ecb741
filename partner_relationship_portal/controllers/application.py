# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from markupsafe import Markup

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request
from odoo.tools import email_normalize, plaintext2html

from odoo.addons.partner_relationship.tools.customer_identity import vat_key

from .common import parse_id

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# The only fields the public form may set; anything else posted is ignored.
APPLICATION_FIELDS = (
    "company_name",
    "contact_name",
    "email",
    "phone",
    "website",
    "vat",
    "country_id",
    "partner_type_id",
    "message",
)
MAX_LENGTH = 250
MAX_LENGTHS = {"vat": 32, "message": 5000}
# Hidden from people (off screen, skipped by the keyboard and by screen
# readers; a name browsers do not fill in for them): a robot filling it in is
# answered as if applying, nothing more.
HONEYPOT_FIELD = "company_reference"
# The action the reCAPTCHA or Turnstile token is asked for, when the vendor
# installed one of them (not a dependency of ours).
CAPTCHA_ACTION = "partner_application"


class PartnerApplication(http.Controller):
    """Public form through which a company applies to the partner network.

    Against robots and floods: a honeypot field, the captcha the vendor
    installed (reCAPTCHA, Turnstile), an hourly limit per address and a
    duplicate check on the e-mail and the VAT, both counted in the database
    (prm.application.log), and a length limit on every field.
    """

    def _partner_types(self):
        """The partner types an applicant chooses from (the active ones)."""
        return request.env["prm.partner.type"].sudo().search([])

    def _form_values(self, post=None, errors=None):
        env = request.env
        return {
            "countries": env["res.country"].sudo().search([]),
            "partner_types": self._partner_types(),
            "post": post or {},
            "errors": errors or {},
        }

    def _render_form(self, post, errors):
        return request.render(
            "partner_relationship_portal.partner_application_form",
            self._form_values(post, errors),
            status=400,
        )

    def _render_thanks(self, post):
        return request.render(
            "partner_relationship_portal.partner_application_thanks",
            {"company_name": post.get("company_name")},
        )

    def _validate(self, post):
        env = request.env
        errors = {}
        for name in ("company_name", "contact_name", "email"):
            if not post.get(name, "").strip():
                errors[name] = env._("This field is required.")
        # An application is a channel partner, which the vendor's partner
        # form requires a partner type of (when the vendor has types).
        if not post.get("partner_type_id") and self._partner_types():
            errors["partner_type_id"] = env._(
                "Choose the kind of partner you would be."
            )
        if post.get("email") and not EMAIL_PATTERN.match(post["email"].strip()):
            errors["email"] = env._("Enter a valid email address.")
        for name in APPLICATION_FIELDS:
            limit = MAX_LENGTHS.get(name, MAX_LENGTH)
            if len(post.get(name, "")) > limit:
                errors[name] = env._("At most %(max)s characters.", max=limit)
        for name, model, label in (
            ("country_id", "res.country", env._("Country")),
            ("partner_type_id", "prm.partner.type", env._("Partner type")),
        ):
            if name in errors:
                continue
            try:
                record_id = parse_id(post.get(name), label)
            except UserError as error:
                errors[name] = error.args[0]
                continue
            if record_id and not env[model].sudo().search_count(
                [("id", "=", record_id)], limit=1
            ):
                errors[name] = env._(
                    "%(label)s: choose a value from the list.", label=label
                )
        return errors

    def _captcha_error(self):
        """Why the captcha refuses the request, or None. Without a captcha
        module, or one without keys, nothing is checked."""
        verify = getattr(
            request.env["ir.http"], "_verify_request_recaptcha_token", None
        )
        if verify is None:
            return None
        try:
            if verify(CAPTCHA_ACTION):
                return None
        except UserError as error:  # ValidationError included
            return error.args[0]
        return request.env._(
            "Our spam protection did not let the application through: please try again."
        )

    @http.route(
        "/partners/apply",
        type="http",
        auth="public",
        website=True,
        sitemap=True,
        methods=["GET"],
        readonly=True,
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
        honeypot = post.get(HONEYPOT_FIELD)
        post = {name: (post.get(name) or "").strip() for name in APPLICATION_FIELDS}
        if honeypot:
            return self._render_thanks(post)
        Log = request.env["prm.application.log"].sudo()
        remote_addr = request.httprequest.remote_addr or "-"
        if Log._prm_too_many(remote_addr):
            return request.render(
                "partner_relationship_portal.partner_application_too_many",
                {},
                status=429,
            )
        captcha_error = self._captcha_error()
        errors = {"form": captcha_error} if captcha_error else self._validate(post)
        if errors:
            return self._render_form(post, errors)
        log = {
            "remote_addr": remote_addr,
            "email": email_normalize(post["email"]) or post["email"].lower(),
            "vat": vat_key(post["vat"]),
        }
        earlier = Log._prm_earlier_application(log["email"], log["vat"])
        if earlier:
            # The same application again: noted on the first, nothing new;
            # thanked as a new one (anyone may type a company's VAT number or
            # address: the answer must not tell that it applied).
            self._note_repeat(earlier, post)
            Log.create({**log, "partner_id": earlier.id, "duplicate": True})
            return self._render_thanks(post)
        values = {
            **post,
            "country_id": parse_id(post["country_id"], "country_id") or False,
            "partner_type_id": parse_id(post["partner_type_id"], "partner_type_id")
            or False,
            "lang": request.lang.code,
        }
        try:
            with request.env.cr.savepoint():
                partner = (
                    request.env["res.partner"].sudo()._prm_create_application(values)
                )
        except ValidationError as error:  # e.g. a VAT number base_vat refuses
            return self._render_form(post, {"form": error.args[0]})
        Log.create({**log, "partner_id": partner.id})
        return self._render_thanks(post)

    def _note_repeat(self, application, post):
        application.message_post(
            body=Markup("<p>%s</p>%s")
            % (
                request.env._(
                    "Applied again through the website, as %(company)s:",
                    company=post["company_name"],
                ),
                plaintext2html(post["message"] or "-"),
            ),
            subtype_xmlid="mail.mt_note",
        )
