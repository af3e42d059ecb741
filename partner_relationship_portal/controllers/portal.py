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
                "prm_tier_change": self._prm_tier_change(partner),
                **self._prm_action_items(),
                "prm_now": fields.Datetime.now(),
            }
        )
        return request.render("partner_relationship_portal.portal_my_partner", values)

    def _prm_next_tier(self, partner):
        """The next evaluated tier above the partner's, with each criterion:
        [(label, the partner's figure, what the tier asks, met)]."""
        Grade = request.env["res.partner.grade"].sudo()
        tier = Grade._prm_next_tier(partner.grade_id)
        if not tier:
            return None
        metrics = partner._prm_partner_metrics()[partner.id]
        env = request.env
        labels = {
            "min_revenue": env._("Revenue, last 12 months"),
            "min_won_leads": env._("Won leads"),
            "min_acceptance_rate": env._("Leads accepted (%)"),
            "min_certifications": env._("Valid certifications"),
            "requires_agreement": env._("Signed agreement"),
        }

        def shown(criterion, value):
            if criterion == "min_revenue":
                return formatLang(env, value, currency_obj=env.company.currency_id)
            if criterion == "requires_agreement":
                return env._("yes") if value else env._("no")
            if criterion == "min_acceptance_rate":
                return round(value, 1)
            return int(value)

        lines = [
            (
                labels[check["criterion"]],
                shown(check["criterion"], check["value"]),
                shown(check["criterion"], check["threshold"]),
                check["met"],
            )
            for check in tier._prm_criteria_checks(metrics)
        ]
        return {"tier": tier, "criteria": lines}

    def _prm_tier_change(self, partner):
        """The partner's last approved tier change (read as superuser: the
        partner is the user's own), or an empty record."""
        return (
            request.env["prm.tier.proposal"]
            .sudo()
            .search(
                [("partner_id", "=", partner.id), ("state", "=", "approved")],
                order="date_decided desc, id desc",
                limit=1,
            )
        )

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
