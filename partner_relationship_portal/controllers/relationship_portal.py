# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from .common import channel_partner


class RelationshipPortal(CustomerPortal):
    """The partner's side of the relationship: agreements to download and
    sign, reviews to score."""

    def _prm_own(self, model, record_id):
        """The user's company's record, read with the user's rights; another
        company's record and a missing one both give 404."""
        record = request.env[model].browse(record_id)
        try:
            record.check_access("read")
            record.read(["id"])
        except (AccessError, MissingError):
            raise request.not_found() from None
        return record

    @http.route("/my/relationship", type="http", auth="user", website=True)
    def portal_my_relationship(self, **kw):
        if not channel_partner():
            raise request.not_found()
        env = request.env
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "prm_relationship",
                "agreements": env["prm.agreement"].search([]),
                "reviews": env["prm.review"].search([("state", "=", "planned")]),
                "prm_error": request.session.pop("prm_portal_error", None),
                "prm_message": request.session.pop("prm_portal_message", None),
            }
        )
        return request.render(
            "partner_relationship_portal.portal_my_relationship", values
        )

    @http.route(
        "/my/relationship/agreement/<int:agreement_id>/terms",
        type="http",
        auth="user",
        website=True,
    )
    def portal_agreement_terms(self, agreement_id, **kw):
        agreement = self._prm_own("prm.agreement", agreement_id)
        if not agreement.terms_document:
            raise request.not_found()
        return (
            request.env["ir.binary"]
            ._get_stream_from(
                agreement.sudo(), "terms_document", filename_field="terms_filename"
            )
            .get_response(as_attachment=True)
        )

    def _prm_done(self, message=None, error=None):
        request.session["prm_portal_error" if error else "prm_portal_message"] = (
            error or message
        )
        return request.redirect("/my/relationship")

    @http.route(
        "/my/relationship/agreement/<int:agreement_id>/sign",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_agreement_sign(self, agreement_id, agree=None, **kw):
        agreement = self._prm_own("prm.agreement", agreement_id)
        if not agree:
            return self._prm_done(
                error=request.env._("Tick the box to accept the agreement's terms.")
            )
        try:
            agreement._prm_partner_sign()
        except UserError as error:
            return self._prm_done(error=str(error))
        return self._prm_done(
            message=request.env._("%(name)s is signed.", name=agreement.name)
        )

    @http.route(
        "/my/relationship/review/<int:review_id>",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_review_answer(self, review_id, **post):
        review = self._prm_own("prm.review", review_id)
        values = {"partner_comment": (post.get("partner_comment") or "").strip()}
        for name in (
            "partner_score_mutual_benefit",
            "partner_score_fairness",
            "partner_score_trust",
        ):
            value = post.get(name) or ""
            if not value.isdigit():
                return self._prm_done(
                    error=request.env._("Give each side a score from 1 to 5.")
                )
            values[name] = int(value)
        try:
            review._prm_partner_answer(values)
        except UserError as error:
            request.env.cr.rollback()
            return self._prm_done(error=str(error))
        return self._prm_done(
            message=request.env._("Thank you: your scores are saved.")
        )
