# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from .common import (
    PrmPortal,
    channel_partner,
    get_reads_only,
    message_url,
    parse_int,
)

SCORE_FIELDS = (
    "partner_score_mutual_benefit",
    "partner_score_fairness",
    "partner_score_trust",
)


class RelationshipPortal(PrmPortal):
    """The partner's side of the relationship: agreements to download and
    sign, reviews to score."""

    def _prepare_relationship_portal_rendering_values(
        self, message=None, agreement_id=None, error=None, post=None, post_for=None
    ):
        """The page's values: the text of a ?message= code, or an error with
        what was posted on the form of `post_for` (an agreement or review)."""
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
                "prm_message": self._prm_relationship_message(message, agreement_id),
                "prm_error": error,
                "prm_post": post or {},
                "prm_post_for": post_for,
            }
        )
        return values

    def _prm_relationship_message(self, message, agreement_id):
        env = request.env
        if message == "signed":
            agreement = self._prm_message_record(agreement_id, "prm.agreement")
            return agreement and env._("%(name)s is signed.", name=agreement.name)
        if message == "scored":
            return env._("Thank you: your scores are saved.")
        return None

    def _prm_render_relationship(self, error, post=None, post_for=None):
        values = self._prepare_relationship_portal_rendering_values(
            error=error, post=post, post_for=post_for
        )
        return request.render(
            "partner_relationship_portal.portal_my_relationship", values, status=400
        )

    @http.route(
        "/my/relationship",
        type="http",
        auth="user",
        website=True,
        readonly=get_reads_only,
    )
    def portal_my_relationship(self, message=None, agreement_id=None, **kw):
        if not channel_partner():
            raise request.not_found()
        values = self._prepare_relationship_portal_rendering_values(
            message, agreement_id
        )
        return request.render(
            "partner_relationship_portal.portal_my_relationship", values
        )

    @http.route(
        "/my/relationship/agreement/<int:agreement_id>/terms",
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_agreement_terms(self, agreement_id, **kw):
        agreement = self._prm_document("prm.agreement", agreement_id)
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
        agreement = self._prm_document("prm.agreement", agreement_id)
        try:
            if not agree:
                raise UserError(
                    request.env._("Tick the box to accept the agreement's terms.")
                )
            with request.env.cr.savepoint():
                agreement._prm_partner_sign()
        except UserError as error:
            return self._prm_render_relationship(str(error), post_for=agreement)
        return request.redirect(
            message_url("/my/relationship", "signed", agreement_id=agreement.id)
        )

    @http.route(
        "/my/relationship/review/<int:review_id>",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_review_answer(self, review_id, **post):
        review = self._prm_document("prm.review", review_id)
        form = {
            name: post.get(name) or "" for name in (*SCORE_FIELDS, "partner_comment")
        }
        try:
            values = {"partner_comment": form["partner_comment"].strip()}
            for name in SCORE_FIELDS:
                try:
                    values[name] = parse_int(form[name], name, 1, 5, required=True)
                except UserError:
                    raise UserError(
                        request.env._("Give each side a score from 1 to 5.")
                    ) from None
            with request.env.cr.savepoint():
                review._prm_partner_answer(values)
        except UserError as error:
            return self._prm_render_relationship(str(error), form, review)
        return request.redirect(message_url("/my/relationship", "scored"))
