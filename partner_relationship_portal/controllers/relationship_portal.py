# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from .common import channel_partner, own_record, redirect_with


class RelationshipPortal(CustomerPortal):
    """The partner's side of the relationship: agreements to download and
    sign, reviews to score."""

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
                "score_sides": [
                    ("partner_score_mutual_benefit", env._("Mutual benefit")),
                    ("partner_score_fairness", env._("Agreement and fairness")),
                    ("partner_score_trust", env._("Communication and trust")),
                ],
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
        agreement = own_record("prm.agreement", agreement_id)
        if not agreement.terms_document:
            raise request.not_found()
        return (
            request.env["ir.binary"]
            ._get_stream_from(
                agreement.sudo(), "terms_document", filename_field="terms_filename"
            )
            .get_response(as_attachment=True)
        )

    @http.route(
        "/my/relationship/agreement/<int:agreement_id>/sign",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_agreement_sign(self, agreement_id, agree=None, **kw):
        agreement = own_record("prm.agreement", agreement_id)
        if not agree:
            return redirect_with(
                "/my/relationship",
                error=request.env._("Tick the box to accept the agreement's terms."),
            )
        try:
            agreement._prm_partner_sign()
        except UserError as error:
            return redirect_with("/my/relationship", error=str(error))
        return redirect_with(
            "/my/relationship",
            message=request.env._("%(name)s is signed.", name=agreement.name),
        )

    @http.route(
        "/my/relationship/review/<int:review_id>",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_review_answer(self, review_id, **post):
        review = own_record("prm.review", review_id)
        values = {"partner_comment": (post.get("partner_comment") or "").strip()}
        for name in (
            "partner_score_mutual_benefit",
            "partner_score_fairness",
            "partner_score_trust",
        ):
            value = post.get(name) or ""
            if not value.isdigit():
                return redirect_with(
                    "/my/relationship",
                    error=request.env._("Give each side a score from 1 to 5."),
                )
            values[name] = int(value)
        try:
            review._prm_partner_answer(values)
        except UserError as error:
            request.env.cr.rollback()
            return redirect_with("/my/relationship", error=str(error))
        return redirect_with(
            "/my/relationship",
            message=request.env._("Thank you: your scores are saved."),
        )
