# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields, http
from odoo.http import request
from odoo.tools.misc import formatLang

from odoo.addons.portal.controllers.portal import CustomerPortal

from .common import channel_partner

# Items of each kind listed on the partner home; the rest are counted.
ACTION_ITEMS_SHOWN = 10


class PartnerRelationshipPortal(CustomerPortal):
    """Portal pages of a channel partner, scoped to the user's commercial partner."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "prm_programme_count" in counters:
            values["prm_programme_count"] = len(channel_partner())
        return values

    @http.route("/my/partner", type="http", auth="user", website=True)
    def portal_my_partner(self, **kw):
        partner = channel_partner()
        if not partner:
            raise request.not_found()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "prm_partner",
                "prm_partner": partner,
                "prm_scorecard": request.env["prm.partner.scorecard"]
                .sudo()
                .search([("partner_id", "=", partner.id)], limit=1),
                "prm_next_tier": self._prm_next_tier(partner),
                **self._prm_action_items(),
                "prm_now": fields.Datetime.now(),
            }
        )
        return request.render("partner_relationship_portal.portal_my_partner", values)

    def _prm_next_tier(self, partner):
        """The next evaluated tier above the partner's, with each criterion:
        [(label, the partner's figure, what the tier asks, met)]."""
        Grade = request.env["res.partner.grade"].sudo()
        current = partner.grade_id
        domain = [("evaluated", "=", True)]
        if current:
            domain.append(("sequence", "<", current.sequence))
        tier = Grade.search(domain, order="sequence desc", limit=1)
        if not tier:
            return None
        metrics = partner._prm_partner_metrics()[partner.id]
        env = request.env

        def money(amount):
            return formatLang(env, amount, currency_obj=env.company.currency_id)

        def number(value):
            return value

        criteria = [
            (
                env._("Revenue, last 12 months"),
                metrics["revenue"],
                tier.min_revenue,
                money,
            ),
            (env._("Won leads"), metrics["won_leads"], tier.min_won_leads, number),
            (
                env._("Leads accepted (%)"),
                round(metrics["acceptance_rate"], 1),
                tier.min_acceptance_rate,
                number,
            ),
            (
                env._("Valid certifications"),
                metrics["certifications"],
                tier.min_certifications,
                number,
            ),
        ]
        lines = [
            (label, shown(value), shown(target), value >= target)
            for label, value, target, shown in criteria
            if target
        ]
        if tier.requires_agreement:
            signed = metrics["agreement_signed"]
            lines.append(
                (
                    env._("Signed agreement"),
                    env._("yes") if signed else env._("no"),
                    env._("yes"),
                    signed,
                )
            )
        return {"tier": tier, "criteria": lines}

    def _prm_action_items(self):
        """What waits for the partner, read with the user's own rights: the
        first ACTION_ITEMS_SHOWN of each kind, and how many there are."""
        env = request.env
        today = fields.Date.context_today(env.user)
        kinds = {
            "prm_offered_leads": (
                "crm.lead",
                [("prm_offer_state", "=", "offered")],
                "prm_acceptance_deadline, id",
            ),
            "prm_returned_requests": (
                "prm.fund.request",
                [("state", "=", "returned")],
                "id desc",
            ),
            "prm_reviews_to_answer": (
                "prm.review",
                [("state", "=", "planned"), ("partner_score_mutual_benefit", "=", 0)],
                "date_planned, id",
            ),
            "prm_expiring_registrations": (
                "prm.deal.registration",
                [
                    ("state", "=", "approved"),
                    ("protection_end", "<=", today + timedelta(days=30)),
                ],
                "protection_end, id",
            ),
        }
        values = {}
        for key, (model, domain, order) in kinds.items():
            records = env[model].search(domain, order=order, limit=ACTION_ITEMS_SHOWN)
            values[key] = records
            values[f"{key}_more"] = env[model].search_count(domain) - len(records)
        return values
