# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields, http
from odoo.http import request
from odoo.tools.misc import formatLang

from odoo.addons.portal.controllers.portal import CustomerPortal

from .common import channel_partner, get_reads_only

# Items of each kind listed on the partner home; the rest are counted.
ACTION_ITEMS_SHOWN = 10


class PartnerRelationshipPortal(CustomerPortal):
    """Portal pages of a channel partner, scoped to the user's commercial partner."""

    # The tiles of the portal home, each with its own counter: {counter:
    # [(model, domain)]}, each counted with the user's rights. The tile of the
    # partner programme counts what waits for the partner (_prm_waiting).
    PRM_HOME_COUNTERS = {
        "prm_registration_count": [("prm.deal.registration", [])],
        "prm_fund_count": [("prm.fund.request", [])],
        "prm_agreement_count": [
            ("prm.agreement", []),
            ("prm.review", [("state", "=", "planned")]),
        ],
        "prm_service_count": [("prm.shared.service.subscription", [])],
        "prm_warranty_count": [("prm.warranty.claim", [])],
        "prm_inventory_count": [("prm.vmi.upload", [])],
        # A domain may depend on the user's channel partner: a function of it.
        "prm_colleague_count": [
            ("res.partner", lambda company: company._prm_portal_colleagues_domain())
        ],
        "prm_order_count": [
            (
                "sale.order",
                lambda company: [
                    ("is_indirect", "=", True),
                    ("partner_id", "child_of", company.id),
                    ("state", "!=", "cancel"),
                ],
            )
        ],
    }
    PRM_WAITING_COUNTER = "prm_waiting_count"

    def _prepare_home_portal_values(self, counters):
        """The counters of the suite's tiles: one count per model and domain
        with the user's rights (no record read), 0 for a user who is no
        channel partner."""
        values = super()._prepare_home_portal_values(counters)
        names = [
            name
            for name in (*self.PRM_HOME_COUNTERS, self.PRM_WAITING_COUNTER)
            if name in counters
        ]
        if not names:
            return values
        company = channel_partner()
        if not company:
            return {**values, **dict.fromkeys(names, 0)}
        for name in names:
            if name == self.PRM_WAITING_COUNTER:
                values[name] = sum(
                    self._prm_count(model, domain)
                    for model, domain, __ in self._prm_waiting_kinds().values()
                )
            else:
                values[name] = sum(
                    self._prm_count(
                        model, domain(company) if callable(domain) else domain
                    )
                    for model, domain in self.PRM_HOME_COUNTERS[name]
                )
        return values

    def _prm_count(self, model, domain):
        Model = request.env[model]
        return Model.search_count(domain) if Model.has_access("read") else 0

    @http.route()
    def counters(self, counters, **kw):
        """Odoo's counters of the home; the suite's are not kept in the
        session: Odoo renders a tile whose cached count is not zero without
        its count, and the suite's tiles show theirs."""
        values = super().counters(counters, **kw)
        cache = request.session.portal_counters or {}
        if any(name.startswith("prm_") for name in cache):
            request.session.portal_counters = {
                name: value
                for name, value in cache.items()
                if not name.startswith("prm_")
            }
        return values

    # Odoo's /my/counters is read-only already (the override keeps it).

    @http.route(readonly=get_reads_only)
    def home(self, **kw):
        """Odoo's portal home; for a channel partner, what waits for it."""
        response = super().home(**kw)
        partner = channel_partner()
        response.qcontext["prm_channel_partner"] = partner
        if partner:
            response.qcontext.update(self._prm_waiting())
        return response

    @http.route("/my/partner", type="http", auth="user", website=True, readonly=True)
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
                **self._prm_waiting(),
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

    def _prm_waiting_kinds(self):
        """What may wait for the partner, of each kind: {kind: (model, domain,
        order)}."""
        today = fields.Date.context_today(request.env.user)
        return {
            "prm_offered_leads": (
                "crm.lead",
                [("prm_offer_state", "=", "offered")],
                "prm_acceptance_deadline, id",
            ),
            "prm_agreements_to_sign": (
                "prm.agreement",
                [("state", "=", "draft"), ("date_end", ">=", today)],
                "date_start, id",
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

    def _prm_waiting(self):
        """What waits for the partner, read with the user's own rights: the
        first ACTION_ITEMS_SHOWN of each kind, and how many more there are."""
        values = {"prm_now": fields.Datetime.now()}
        for key, (model, domain, order) in self._prm_waiting_kinds().items():
            Model = request.env[model]
            if not Model.has_access("read"):
                records, more = Model, 0
            else:
                records = Model.search(domain, order=order, limit=ACTION_ITEMS_SHOWN)
                more = (
                    Model.search_count(domain) - len(records)
                    if len(records) == ACTION_ITEMS_SHOWN
                    else 0
                )
            values[key] = records
            values[f"{key}_more"] = more
        return values
