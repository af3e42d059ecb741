# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import math
from collections import defaultdict
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields, models
from odoo.tools import SQL
from odoo.tools.mail import generate_tracking_message_id

from ..tools.roles import readable_by_acting_user
from .prm_routing_rule import split_prefixes
from .prm_tier_benefit import TIER_BENEFIT_DEFAULTS

EARTH_RADIUS_KM = 6371.0
# Lead fields a routing run writes.
ROUTED_LEAD_FIELDS = [
    "partner_assigned_id",
    "prm_offer_state",
    "prm_acceptance_deadline",
    "prm_routing_note",
]
# How many of the other eligible partners an assignment lists.
ALTERNATIVES_SHOWN = 3
# The score factors as JSON, compact and without the check for circular
# references (plain dicts and lists): a third faster over thousands of offers.
# Encoded as each lead is decided: a decision then holds one string, not the
# nested dicts and lists of its candidates, which would outlive two young
# garbage collections each and, over 10,000 leads, make Python run a full
# collection of the whole process (0.2-0.4 s of the routing's 0.6-1.5 s of
# Python, measured with gc.callbacks in the routing benchmark's data).
FACTORS_ENCODER = json.JSONEncoder(check_circular=False, separators=(",", ":"))


def add_radians(row):
    """Coordinates in radians, once per row rather than per pair."""
    row["has_coordinates"] = bool(row["latitude"] or row["longitude"])
    row["lat_rad"] = math.radians(row["latitude"] or 0.0)
    row["lon_rad"] = math.radians(row["longitude"] or 0.0)


class PrmLeadRouter(models.AbstractModel):
    """Routes leads to channel partners, many at a time.

    Everything the decision needs (leads, rules, partners and their
    territories, loads, declines, protected customers) is read in a fixed
    number of queries, decided in memory, then written back grouped by
    partner: the number of queries does not grow with the number of leads.
    """

    _name = "prm.lead.router"
    _description = "Lead Router"

    @api.model
    def _route(self, leads):
        """Route `leads` (unassigned, open ones; others are skipped).

        Returns {"routed": n, "unassigned": n, "skipped": n}.
        """
        if not self.env.su:
            leads.check_access("write")
        router = self.sudo()
        leads = leads.sudo()
        router.env.flush_all()
        rows = router._load_leads(leads.ids)
        if not rows:
            return {"routed": 0, "unassigned": 0, "skipped": len(leads)}
        decisions, failures = router._decide(rows)
        router._apply(rows, decisions, failures)
        return {
            "routed": len(decisions),
            "unassigned": len(failures),
            "skipped": len(leads) - len(rows),
        }

    @api.model
    def _notification(self, result):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if result["routed"] else "warning",
                "title": self.env._("Lead routing"),
                "message": self.env._(
                    "%(routed)s lead(s) offered to partners, %(unassigned)s left "
                    "with the vendor (see their routing note), %(skipped)s "
                    "skipped (already assigned or closed).",
                    **result,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    # Reading ------------------------------------------------------------------------

    def _load_leads(self, lead_ids):
        if not lead_ids:
            return []
        self.env.cr.execute(
            SQL(
                """
                SELECT lead.id, lead.company_id, lead.team_id, lead.country_id,
                       lead.state_id, lead.zip, lead.expected_revenue,
                       lead.lang_id, lead.partner_latitude AS latitude,
                       lead.partner_longitude AS longitude,
                       lead.prm_customer_key AS customer_key,
                       lead.prm_customer_vat AS customer_vat,
                       lead.prm_email_domain AS email_domain,
                       lead.prm_offer_state AS offer_state,
                       lead.prm_acceptance_deadline AS deadline,
                       ARRAY(SELECT tag_id FROM crm_tag_rel
                              WHERE lead_id = lead.id) AS tag_ids,
                       ARRAY(SELECT category_id
                               FROM crm_lead_prm_product_category_rel
                              WHERE lead_id = lead.id) AS category_ids,
                       ARRAY(SELECT partner_id FROM crm_lead_declined_partner
                              WHERE lead_id = lead.id) AS declined_ids
                  FROM crm_lead lead
             LEFT JOIN crm_stage stage ON stage.id = lead.stage_id
                 WHERE lead.id = ANY(%s)
                   AND lead.active
                   AND lead.partner_assigned_id IS NULL
                   AND COALESCE(lead.probability, 0) < 100
                   AND NOT COALESCE(stage.is_won, FALSE)
              ORDER BY lead.id
                """,
                list(lead_ids),
            )
        )
        return self.env.cr.dictfetchall()

    def _load_partners(self):
        Partner = self.env["res.partner"]
        eligible = Partner._prm_accepted_channel_partners() - Partner.search(
            [("lead_routing_blocked", "=", True)]
        )
        # Read as superuser on the acting user's behalf: only partners he sees.
        eligible = readable_by_acting_user(eligible)
        if not eligible:
            return {}
        self.env.cr.execute(
            SQL(
                """
                SELECT partner.id, partner.name, partner.company_id,
                       partner.grade_id, partner.partner_type_id,
                       partner.partner_weight AS weight,
                       COALESCE(partner.lead_capacity, 0) AS capacity,
                       partner.partner_latitude AS latitude,
                       partner.partner_longitude AS longitude,
                       partner.territory_zip_prefixes AS zip_prefixes,
                       ARRAY(SELECT country_id
                               FROM res_partner_prm_territory_country_rel
                              WHERE partner_id = partner.id) AS country_ids,
                       ARRAY(SELECT state_id
                               FROM res_partner_prm_territory_state_rel
                              WHERE partner_id = partner.id) AS state_ids,
                       ARRAY(SELECT category_id
                               FROM res_partner_prm_specialization_rel
                              WHERE partner_id = partner.id) AS specialization_ids
                  FROM res_partner partner
                 WHERE partner.id = ANY(%s) AND partner.partner_weight > 0
                """,
                eligible.ids,
            )
        )
        partners = {}
        for row in self.env.cr.dictfetchall():
            row["zip_prefixes"] = split_prefixes(row["zip_prefixes"])
            row["country_ids"] = frozenset(row["country_ids"])
            row["state_ids"] = frozenset(row["state_ids"])
            row["specialization_ids"] = frozenset(row["specialization_ids"])
            add_radians(row)
            # What _scored() reads of every candidate, unpacked in one go.
            row["scoring"] = (
                row["id"],
                row["weight"],
                row["capacity"],
                row["has_coordinates"],
                row["lat_rad"],
                row["lon_rad"],
                row["specialization_ids"],
            )
            partners[row["id"]] = row
        return partners

    def _deadline_hours(self):
        """Hours to accept a lead of each tier in each company: {(tier id,
        company id): hours} (the default of a tier without a line for the
        company: see TIER_BENEFIT_DEFAULTS)."""
        self.env.cr.execute(
            SQL(
                "SELECT tier_id, company_id, acceptance_deadline_hours "
                "FROM prm_tier_benefit"
            )
        )
        return {
            (tier, company): hours for tier, company, hours in self.env.cr.fetchall()
        }

    def _open_loads(self, partner_ids):
        """Open leads each partner holds now: {partner id: count}."""
        self.env.cr.execute(
            SQL(
                """
                SELECT lead.partner_assigned_id, COUNT(*)
                  FROM crm_lead lead
             LEFT JOIN crm_stage stage ON stage.id = lead.stage_id
                 WHERE lead.partner_assigned_id = ANY(%s)
                   AND lead.active
                   AND COALESCE(lead.probability, 0) < 100
                   AND NOT COALESCE(stage.is_won, FALSE)
              GROUP BY lead.partner_assigned_id
                """,
                list(partner_ids),
            )
        )
        return dict(self.env.cr.fetchall())

    def _recent_offers(self, days):
        """Leads offered to each partner in the last `days` days."""
        since = fields.Datetime.now() - timedelta(days=days)
        self.env.cr.execute(
            SQL(
                """
                SELECT partner_id, COUNT(*) FROM prm_lead_assignment
                 WHERE date_offered >= %s GROUP BY partner_id
                """,
                since,
            )
        )
        return dict(self.env.cr.fetchall())

    def _protections(self, company_ids):
        """Customers protected by approved registrations in force in these
        companies (None: every company): {(company id, "vat"|"domain"|"key",
        value): registration values}. A registration protects its customer in
        its own company only."""
        today = fields.Date.context_today(self)
        registrations = (
            self.env["prm.deal.registration"]
            .search(
                [
                    ("state", "=", "approved"),
                    ("protection_end", ">=", today),
                    *(
                        [("company_id", "in", list(company_ids))]
                        if company_ids is not None
                        else []
                    ),
                ]
            )
            .read(
                [
                    "name",
                    "company_id",
                    "partner_id",
                    "customer_key",
                    "customer_vat_key",
                    "customer_domain_key",
                    "protection_end",
                ],
                load=None,
            )
        )
        protections = {}
        for registration in registrations:
            for kind, value in (
                ("vat", registration["customer_vat_key"]),
                ("domain", registration["customer_domain_key"]),
                ("key", registration["customer_key"]),
            ):
                if value:
                    protections[(registration["company_id"], kind, value)] = (
                        registration
                    )
        return protections

    # Deciding --------------------------------------------------------------------

    @staticmethod
    def _rule_matches(rule, lead):
        if rule["company_id"] and rule["company_id"] != lead["company_id"]:
            return False
        if rule["team_id"] and rule["team_id"] != lead["team_id"]:
            return False
        if rule["country_ids"] and lead["country_id"] not in rule["country_ids"]:
            return False
        if rule["state_ids"] and lead["state_id"] not in rule["state_ids"]:
            return False
        if rule["zip_prefixes"] and not (
            lead["zip"] and lead["zip"].startswith(rule["zip_prefixes"])
        ):
            return False
        if rule["category_ids"] and rule["category_ids"].isdisjoint(
            lead["category_ids"]
        ):
            return False
        if rule["tag_ids"] and rule["tag_ids"].isdisjoint(lead["tag_ids"]):
            return False
        revenue = lead["expected_revenue"] or 0.0
        if revenue < rule["revenue_min"]:
            return False
        if rule["revenue_max"] and revenue > rule["revenue_max"]:
            return False
        if rule["lang_ids"] and lead["lang_id"] not in rule["lang_ids"]:
            return False
        return True

    @staticmethod
    def _partner_in_company(partner, lead):
        """May the partner work the lead's company's leads? A partner of a
        company only those of its company; a partner shared by every company
        (no company) any."""
        return not partner["company_id"] or partner["company_id"] == lead["company_id"]

    @staticmethod
    def _partner_covers(partner, lead):
        """Does the partner's territory cover the lead's address?"""
        if partner["country_ids"] and lead["country_id"] not in partner["country_ids"]:
            return False
        if (
            partner["state_ids"]
            and lead["state_id"]
            and lead["state_id"] not in partner["state_ids"]
        ):
            return False
        if (
            partner["zip_prefixes"]
            and lead["zip"]
            and not lead["zip"].startswith(partner["zip_prefixes"])
        ):
            return False
        return True

    def _rule_candidates(self, rule, partners, lead, cache):
        """Partners a rule may give this lead to, before load and declines.

        Partners are filtered once per (rule, company, country, state,
        categories); only ZIP prefixes are checked lead by lead.
        """
        key = (
            rule["id"],
            lead["company_id"],
            lead["country_id"],
            lead["state_id"],
            lead["category_ids"],
        )
        if key not in cache:
            candidates = []
            for partner in partners.values():
                if not self._partner_in_company(partner, lead):
                    continue
                if (
                    rule["partner_type_ids"]
                    and partner["partner_type_id"] not in rule["partner_type_ids"]
                ):
                    continue
                if rule["grade_ids"] and partner["grade_id"] not in rule["grade_ids"]:
                    continue
                if rule["require_specialization"] and partner[
                    "specialization_ids"
                ].isdisjoint(lead["category_ids"]):
                    continue
                if not self._partner_covers(partner, {**lead, "zip": False}):
                    continue
                candidates.append(partner)
            cache[key] = candidates
        zip_code = lead["zip"]
        return [
            partner
            for partner in cache[key]
            if not (zip_code and partner["zip_prefixes"])
            or zip_code.startswith(partner["zip_prefixes"])
        ]

    def _decide(self, rows):
        """Choose a partner for each lead row.

        Returns (decisions, failures): decisions are dicts with lead_id,
        partner, rule, registration, score, alternatives and factors (JSON
        text); failures map a lead id to the reason it stays with the
        vendor.
        """
        rules = [rule._matcher() for rule in self.env["prm.routing.rule"].search([])]
        partners = self._load_partners()
        loads = self._open_loads(partners) if partners else {}
        recent = {
            days: self._recent_offers(days)
            for days in {rule["fairness_days"] for rule in rules}
        }
        protections = self._protections(
            {row["company_id"] for row in rows if row["company_id"]}
        )
        assigned_now = defaultdict(int)
        cache = {}
        texts = {
            "none_eligible": self.env._(
                "%(rule)s: no eligible partner (%(candidates)s in territory, "
                "%(full)s at capacity, %(refused)s declined it, %(far)s too far)"
            ),
            "more": self.env._(" and %(count)s more"),
            "none": self.env._("none"),
        }
        decisions, failures = [], {}
        for lead in rows:
            lead["tag_ids"] = frozenset(lead["tag_ids"])
            lead["category_ids"] = frozenset(lead["category_ids"])
            add_radians(lead)
            declined = frozenset(lead["declined_ids"])
            registration = self._protection_for(lead, protections)
            if registration and registration["partner_id"] not in declined:
                partner = partners.get(registration["partner_id"])
                if partner and self._partner_in_company(partner, lead):
                    assigned_now[partner["id"]] += 1
                    decisions.append(
                        {
                            "lead_id": lead["id"],
                            "partner": partner,
                            "registration": registration,
                        }
                    )
                    continue
            reasons = []
            for rule in rules:
                if not self._rule_matches(rule, lead):
                    continue
                decision, reason = self._choose(
                    rule,
                    lead,
                    self._rule_candidates(rule, partners, lead, cache),
                    declined,
                    loads,
                    recent[rule["fairness_days"]],
                    assigned_now,
                    texts,
                )
                if decision:
                    assigned_now[decision["partner"]["id"]] += 1
                    decisions.append(decision)
                    break
                reasons.append(reason)
            else:
                failures[lead["id"]] = (
                    "; ".join(reasons)
                    if reasons
                    else self.env._("No routing rule matches this lead.")
                )
        return decisions, failures

    @api.model
    def _protecting_registrations(self, leads):
        """The approved registrations in force that protect these leads'
        customers, as routing sees them: {lead: registration values}. A lead
        of no company (shared by every company) is protected by the
        registrations of any company, as it conflicts with them."""
        router = self.sudo()
        shared = not all(lead.company_id for lead in leads)
        protections = router._protections(None if shared else set(leads.company_id.ids))
        companies = sorted({key[0] for key in protections})
        found = {}
        for lead in leads:
            for company_id in [lead.company_id.id] if lead.company_id else companies:
                registration = router._protection_for(
                    {
                        "company_id": company_id,
                        "customer_vat": lead.prm_customer_vat,
                        "email_domain": lead.prm_email_domain,
                        "customer_key": lead.prm_customer_key,
                    },
                    protections,
                )
                if registration:
                    found[lead] = registration
                    break
        return found

    @staticmethod
    def _protection_for(lead, protections):
        for kind, value in (
            ("vat", lead["customer_vat"]),
            ("domain", lead["email_domain"]),
            ("key", lead["customer_key"]),
        ):
            key = (lead["company_id"], kind, value)
            if value and key in protections:
                return protections[key]
        return None

    def _choose(self, rule, lead, candidates, declined, loads, recent, taken, texts):
        """Score the eligible partners of a matching rule; the best wins.

        `taken` counts the leads given to each partner in this run. The
        decision keeps the factors of the best candidates (the chosen one
        first) and, when the best score is shared, how the tie was broken:
        the explanation is what decided, not a second computation.
        """
        scored, excluded = self._scored(
            rule, lead, candidates, declined, loads, recent, taken
        )
        if not scored:
            return None, texts["none_eligible"] % {
                "rule": rule["name"],
                "candidates": len(candidates),
                **excluded,
            }
        # Ties go to the partner recorded first (the lowest id). (score, -id)
        # is unique: the tuples compare on it alone, without a key function.
        # (A sort of the few dozen candidates of a lead: three times faster
        # than heapq.nlargest(), which is written in Python.)
        best = sorted(scored, reverse=True)[: ALTERNATIVES_SHOWN + 1]
        alternatives = ", ".join(
            f"{partner['name']} ({score:.2f})" for score, _neg, partner, _f in best[1:]
        )
        if len(scored) > len(best):
            alternatives += texts["more"] % {"count": len(scored) - len(best)}
        top = best[0][0]
        tied = [partner["id"] for score, _neg, partner, _f in scored if score == top]
        return {
            "lead_id": lead["id"],
            "partner": best[0][2],
            "rule": rule,
            "score": top,
            "alternatives": alternatives or texts["none"],
            "factors": FACTORS_ENCODER.encode(
                {
                    "candidates": [
                        self._factors(rule, lead, partner, total, parts)
                        for total, _neg, partner, parts in best
                    ],
                    "eligible": len(scored),
                    "excluded": excluded,
                    "tied": sorted(tied) if len(tied) > 1 else [],
                }
            ),
        }, None

    @staticmethod
    def _scored(rule, lead, candidates, declined, loads, recent, taken):
        """The one score of each candidate of a rule for a lead.

        Returns (scored, excluded): scored holds (score, -partner id,
        partner, parts) for each eligible candidate, parts the figures the
        score was computed from; excluded counts the candidates left out:
        at capacity ("full"), beyond the rule's maximum distance ("far"),
        or having declined the lead ("refused").

        The score is the tier weight, times proximity (100 / (100 + km)),
        times 1 + the rule's capacity preference x the share of the
        partner's capacity still free (none without a capacity), times 1 +
        the rule's specialization bonus for a partner specialized in one of
        the lead's categories (only when the rule gives a bonus and requires
        no specialization, and the lead names categories), divided by 1 +
        the leads offered to the partner in the fairness window and in this
        run (`taken`). Distances are equirectangular around the lead's
        latitude, when the rule uses them and both have coordinates: within
        a few per cent up to 1,000 km, plenty for ranking partners.

        Runs for every candidate of every lead: one loop of plain arithmetic
        on local names, no call per candidate (_factors spells out the best
        ones).
        """
        distance = rule["use_distance"] and lead["has_coordinates"]
        lead_lat, lead_lon = lead["lat_rad"], lead["lon_rad"]
        x_scale = math.cos(lead_lat)
        max_km = rule["max_distance_km"]
        capacity_weight = rule["capacity_weight"]
        bonus = rule["specialization_bonus"]
        categories = (
            lead["category_ids"]
            if bonus and not rule["require_specialization"]
            else frozenset()
        )
        sqrt = math.sqrt
        full = far = refused = 0
        scored = []
        for partner in candidates:
            (
                partner_id,
                weight,
                capacity,
                located,
                latitude,
                longitude,
                specialties,
            ) = partner["scoring"]
            if partner_id in declined:
                refused += 1
                continue
            now = taken.get(partner_id, 0)
            held = loads.get(partner_id, 0) + now
            if capacity and held >= capacity:
                full += 1
                continue
            if distance and located:
                x = (longitude - lead_lon) * x_scale
                y = latitude - lead_lat
                km = EARTH_RADIUS_KM * sqrt(x * x + y * y)
                if max_km and km > max_km:
                    far += 1
                    continue
                near = weight * (100.0 / (100.0 + km))
            else:
                km, near = None, weight * 1.0
            roomy = near
            if capacity:
                roomy += near * capacity_weight * (capacity - held) / capacity
            best = roomy
            if categories and not specialties.isdisjoint(categories):
                best += roomy * bonus
            offered = recent.get(partner_id, 0) + now
            scored.append(
                (
                    best / (1 + offered),
                    -partner_id,
                    partner,
                    (km, near, roomy, best, offered, held),
                )
            )
        return scored, {"full": full, "far": far, "refused": refused}

    @staticmethod
    def _factors(rule, lead, partner, total, parts):
        """The score of a candidate factor by factor, from what _scored
        computed it with: the points of each factor add up to the total
        (the tier weight; what distance takes away from it; what spare
        capacity, then a specialization, add; what fairness takes away),
        with what each stands for."""
        km, near, roomy, best, offered, held = parts
        weight = partner["weight"]
        return {
            "partner_id": partner["id"],
            "name": partner["name"],
            "weight": weight,
            "km": km,
            "held": held,
            "capacity": partner["capacity"],
            "specialized": not partner["specialization_ids"].isdisjoint(
                lead["category_ids"]
            ),
            "specialization_required": rule["require_specialization"],
            "offered": offered,
            "points": {
                "weight": weight,
                "distance": near - weight,
                "capacity": roomy - near,
                "specialization": best - roomy,
                "fairness": total - best,
            },
            "total": total,
        }

    # Writing ---------------------------------------------------------------------

    def _assignment_vals(self, decision, now, hours):
        """`hours`: the hours the partner has to accept the lead."""
        partner = decision["partner"]
        registration = decision.get("registration")
        rule = decision.get("rule")
        if registration:
            why = self.env._(
                "The customer is protected by %(registration)s until %(end)s.",
                registration=registration["name"],
                end=registration["protection_end"],
            )
        else:
            why = decision["alternatives"]
        return {
            "lead_id": decision["lead_id"],
            "partner_id": partner["id"],
            "origin": "registration" if registration else "rule",
            "rule_id": rule and rule["id"],
            "registration_id": registration and registration["id"],
            "registration_name": registration and registration["name"],
            "score": decision.get("score", 0.0),
            "alternatives": why,
            "score_factors": decision.get("factors"),
            "date_offered": now,
            "deadline": now + timedelta(hours=hours),
        }

    def _apply(self, rows, decisions, failures):
        """Write the decisions in a fixed number of statements.

        The ORM updates and inserts rows by batches of 100, so routing
        thousands of leads through it costs queries per lead. The offers are
        written instead with one UPDATE and one INSERT over arrays (values
        passed as parameters), the cache is invalidated, and any other stored
        field depending on what changed is recomputed the ORM way.
        """
        now = fields.Datetime.now()
        # The deadline is the tier's in the lead's company.
        lead_company = {row["id"]: row["company_id"] for row in rows}
        tier_hours = self._deadline_hours() if decisions else {}
        default_hours = TIER_BENEFIT_DEFAULTS["acceptance_deadline_hours"]
        offers = [
            self._assignment_vals(
                decision,
                now,
                tier_hours.get(
                    (
                        decision["partner"]["grade_id"],
                        lead_company[decision["lead_id"]],
                    )
                )
                or default_hours,
            )
            for decision in decisions
        ]
        lead_ids = [offer["lead_id"] for offer in offers] + list(failures)
        if offers:
            self._write_offers(offers, now)
            if not (
                self.env.context.get("tracking_disable")
                or self.env.context.get("mail_notrack")
            ):
                self._track_offers(rows, offers, now)
        if failures:
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE crm_lead AS lead
                       SET prm_routing_note = failure.note,
                           write_uid = %(uid)s, write_date = %(now)s
                      FROM unnest(%(ids)s::int[], %(notes)s::varchar[])
                           AS failure(lead_id, note)
                     WHERE lead.id = failure.lead_id
                    """,
                    uid=self.env.uid,
                    now=now,
                    ids=list(failures),
                    notes=[reason[:250] for reason in failures.values()],
                )
            )
        Lead = self.env["crm.lead"]
        Lead.invalidate_model(
            [
                *ROUTED_LEAD_FIELDS,
                "prm_routing_rule_id",
                "message_ids",
                "date_partner_assign",
                "write_uid",
                "write_date",
            ]
        )
        for model in ("prm.lead.assignment", "mail.message", "mail.tracking.value"):
            self.env[model].invalidate_model()
        leads = Lead.browse(lead_ids)
        if self._other_stored_dependents():
            leads.modified(ROUTED_LEAD_FIELDS)
        self._tag_unavailable(rows, decisions, failures)
        if offers:
            self.env["prm.lead.assignment"]._prm_offers_made()
        self.env.flush_all()

    def _write_offers(self, offers, now):
        self.env.cr.execute(
            SQL(
                """
                UPDATE crm_lead AS lead
                   SET partner_assigned_id = offer.partner_id,
                       prm_offer_state = 'offered',
                       prm_acceptance_deadline = offer.deadline,
                       prm_routing_note = NULL,
                       date_partner_assign = %(today)s,
                       write_uid = %(uid)s, write_date = %(now)s
                  FROM unnest(%(lead_ids)s::int[], %(partner_ids)s::int[],
                              %(deadlines)s::timestamp[])
                       AS offer(lead_id, partner_id, deadline)
                 WHERE lead.id = offer.lead_id
                """,
                today=fields.Date.context_today(self),
                uid=self.env.uid,
                now=now,
                lead_ids=[offer["lead_id"] for offer in offers],
                partner_ids=[offer["partner_id"] for offer in offers],
                deadlines=[offer["deadline"] for offer in offers],
            )
        )
        Assignment = self.env["prm.lead.assignment"]
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO prm_lead_assignment (
                    lead_id, partner_id, partner_manager_id, company_id,
                    rule_id, registration_id, origin, score, alternatives,
                    score_factors, date_offered, deadline, reminder_date,
                    state, answer_hours, reminder_sent, notified)
                SELECT offer.lead_id, offer.partner_id,
                       partner.partner_manager_id, lead.company_id,
                       offer.rule_id, offer.registration_id, offer.origin,
                       offer.score, offer.alternatives, offer.score_factors,
                       %(now)s, offer.deadline, offer.reminder_date, 'offered',
                       0, FALSE, FALSE
                  FROM unnest(%(lead_ids)s::int[], %(partner_ids)s::int[],
                              %(rule_ids)s::int[], %(registration_ids)s::int[],
                              %(origins)s::varchar[], %(scores)s::float8[],
                              %(alternatives)s::text[],
                              %(factors)s::jsonb[],
                              %(deadlines)s::timestamp[],
                              %(reminders)s::timestamp[])
                       AS offer(lead_id, partner_id, rule_id, registration_id,
                                origin, score, alternatives, score_factors,
                                deadline, reminder_date)
                  JOIN res_partner partner ON partner.id = offer.partner_id
                  JOIN crm_lead lead ON lead.id = offer.lead_id
                """,
                now=now,
                uid=self.env.uid,
                lead_ids=[offer["lead_id"] for offer in offers],
                partner_ids=[offer["partner_id"] for offer in offers],
                rule_ids=[offer["rule_id"] or None for offer in offers],
                registration_ids=[offer["registration_id"] or None for offer in offers],
                origins=[offer["origin"] for offer in offers],
                scores=[offer["score"] for offer in offers],
                alternatives=[offer["alternatives"] for offer in offers],
                factors=[offer["score_factors"] or None for offer in offers],
                deadlines=[offer["deadline"] for offer in offers],
                reminders=[
                    Assignment._reminder_date(now, offer["deadline"])
                    for offer in offers
                ],
            )
        )

    def _track_offers(self, rows, offers, now):
        """Log each offer in its lead's chatter as Odoo tracks a change: an
        internal note (subtype Note) by the acting user, with the tracking
        values of Assigned Partner, Partner Answer and Accept By (old and
        new) and of Routing Rule or Protecting Registration (fields of
        vendor users: tracking values are shown only to users who may read
        their field).

        A partner's portal user routing the lead on (his decline) is not its
        author: Odoo lets an author read his messages, and the note names
        the next partner. A lead whose tracked fields the same transaction
        changed through the ORM before (a decline, a recall) has their
        earlier values waiting for Odoo's tracking at commit: the note takes
        them as its old values and Odoo's tracking leaves these fields out,
        so the change is logged once, from the value before the transaction.

        mail.thread logs tracking values one document at a time; the notes
        and their values are inserted here in one statement for all the
        leads instead."""
        Lead = self.env["crm.lead"]
        described = Lead.fields_get(["prm_offer_state"], attributes=["selection"])
        state_label = dict(described["prm_offer_state"]["selection"])
        field_ids = {
            name: self.env["ir.model.fields"]._get(Lead._name, name).id
            for name in (
                "partner_assigned_id",
                "prm_offer_state",
                "prm_acceptance_deadline",
                "prm_routing_rule_id",
                "prm_routing_registration_id",
            )
        }
        # Earlier values of the same transaction's ORM writes (mail.thread's
        # _track_prepare), waiting for Odoo's tracking at commit.
        waiting = self.env.cr.precommit.data.get(f"mail.tracking.{Lead._name}", {})
        earlier = {
            offer["lead_id"]: waiting[offer["lead_id"]]
            for offer in offers
            if waiting.get(offer["lead_id"])
        }
        # Only the fields the names are made of, not every column of the
        # partners (as Odoo's prefetching would read them).
        partner_names = {
            partner.id: partner.display_name
            for partner in self.env["res.partner"]
            .with_context(prefetch_fields=False)
            .browse({offer["partner_id"] for offer in offers})
        }
        rule_names = {
            rule.id: rule.display_name
            for rule in self.env["prm.routing.rule"].browse(
                {offer["rule_id"] for offer in offers if offer["rule_id"]}
            )
        }
        old = {row["id"]: row for row in rows}
        # One list per column of mail.tracking.value written, appended to
        # rather than a tuple kept per value: fewer objects for the garbage
        # collector to go through.
        columns = [[] for _column in range(8)]
        (
            lead_ids,
            tracked_fields,
            old_integers,
            new_integers,
            old_chars,
            new_chars,
            old_dates,
            new_dates,
        ) = columns

        def track(
            lead_id, name, integers=(None, None), chars=(None, None), dates=(None, None)
        ):
            # As mail.tracking.value stores the old and new values of a
            # many2one (id and name), a selection (label) and a datetime.
            lead_ids.append(lead_id)
            tracked_fields.append(field_ids[name])
            old_integers.append(integers[0])
            new_integers.append(integers[1])
            old_chars.append(chars[0])
            new_chars.append(chars[1])
            old_dates.append(dates[0])
            new_dates.append(dates[1])

        for offer in offers:
            lead_id = offer["lead_id"]
            before = {
                "partner": self.env["res.partner"],
                "state": old[lead_id]["offer_state"],
                "deadline": old[lead_id]["deadline"],
            }
            if lead_id in earlier:
                values = earlier[lead_id]
                before["partner"] = values.pop("partner_assigned_id", before["partner"])
                before["state"] = values.pop("prm_offer_state", before["state"])
                before["deadline"] = values.pop(
                    "prm_acceptance_deadline", before["deadline"]
                )
            partner_id = offer["partner_id"]
            track(
                lead_id,
                "partner_assigned_id",
                integers=(before["partner"].id or 0, partner_id),
                chars=(before["partner"].display_name or "", partner_names[partner_id]),
            )
            if before["state"] != "offered":
                track(
                    lead_id,
                    "prm_offer_state",
                    chars=(
                        state_label.get(before["state"], ""),
                        state_label["offered"],
                    ),
                )
            if before["deadline"] != offer["deadline"]:
                track(
                    lead_id,
                    "prm_acceptance_deadline",
                    dates=(before["deadline"] or None, offer["deadline"]),
                )
            if offer["rule_id"]:
                track(
                    lead_id,
                    "prm_routing_rule_id",
                    integers=(0, offer["rule_id"]),
                    chars=("", rule_names[offer["rule_id"]]),
                )
            if offer["registration_id"]:
                track(
                    lead_id,
                    "prm_routing_registration_id",
                    integers=(0, offer["registration_id"]),
                    chars=("", offer["registration_name"]),
                )
        if self.env.user.share:
            author_id, email_from = Lead._message_compute_author(
                author_id=self.env.ref("base.partner_root").id, raise_on_email=False
            )
            uid = SUPERUSER_ID
        else:
            author_id, email_from = Lead._message_compute_author(raise_on_email=False)
            uid = self.env.uid
        self.env.cr.execute(
            SQL(
                """
                WITH message AS (
                    INSERT INTO mail_message (
                        model, res_id, message_type, subtype_id, is_internal,
                        body, author_id, email_from, reply_to, message_id,
                        email_add_signature, date, create_uid, create_date,
                        write_uid, write_date)
                    SELECT 'crm.lead', offer.lead_id, 'notification',
                           %(subtype)s, TRUE, '', %(author)s,
                           %(email_from)s, %(reply_to)s, offer.message_id, FALSE,
                           %(now)s, %(uid)s, %(now)s, %(uid)s, %(now)s
                      FROM unnest(%(lead_ids)s::int[], %(message_ids)s::varchar[])
                           AS offer(lead_id, message_id)
                 RETURNING id, res_id
                )
                INSERT INTO mail_tracking_value (
                    mail_message_id, field_id, old_value_integer,
                    new_value_integer, old_value_char, new_value_char,
                    old_value_datetime, new_value_datetime, create_uid,
                    create_date, write_uid, write_date)
                SELECT message.id, tracked.field_id, tracked.old_integer,
                       tracked.new_integer, tracked.old_char, tracked.new_char,
                       tracked.old_datetime, tracked.new_datetime, %(uid)s,
                       %(now)s, %(uid)s, %(now)s
                  FROM unnest(%(t_lead_ids)s::int[], %(t_field_ids)s::int[],
                              %(old_integers)s::int[], %(new_integers)s::int[],
                              %(old_chars)s::varchar[], %(new_chars)s::varchar[],
                              %(old_datetimes)s::timestamp[],
                              %(new_datetimes)s::timestamp[])
                       AS tracked(lead_id, field_id, old_integer, new_integer,
                                  old_char, new_char, old_datetime,
                                  new_datetime)
                  JOIN message ON message.res_id = tracked.lead_id
                """,
                subtype=self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
                author=author_id,
                email_from=email_from,
                reply_to=self.env["mail.thread"]._notify_get_reply_to(
                    default=email_from
                )[False],
                # Each message its own Message-Id, as mail.thread gives it.
                message_ids=[
                    generate_tracking_message_id("message-notify") for _offer in offers
                ],
                now=now,
                uid=uid,
                lead_ids=[offer["lead_id"] for offer in offers],
                t_lead_ids=lead_ids,
                t_field_ids=tracked_fields,
                old_integers=old_integers,
                new_integers=new_integers,
                old_chars=old_chars,
                new_chars=new_chars,
                old_datetimes=old_dates,
                new_datetimes=new_dates,
            )
        )

    def _other_stored_dependents(self):
        """Stored fields, other than those written here, that depend on the
        routed lead fields (added by other modules): they need the ORM's
        recomputation."""
        Lead = self.env["crm.lead"]
        written = {Lead._fields[name] for name in ROUTED_LEAD_FIELDS} | {
            Lead._fields["date_partner_assign"]
        }
        return {
            dependent
            for name in ROUTED_LEAD_FIELDS
            for dependent in self.env.registry.get_dependent_fields(Lead._fields[name])
            if dependent.store and dependent not in written
        }

    def _tag_unavailable(self, rows, decisions, failures):
        """Tag the leads left with the vendor, untag those routed now: one
        statement each way."""
        unavailable = self.env.ref(
            "website_crm_partner_assign.tag_portal_lead_partner_unavailable",
            raise_if_not_found=False,
        )
        if not unavailable:
            return
        Lead = self.env["crm.lead"].with_context(tracking_disable=True)
        tagged = {row["id"] for row in rows if unavailable.id in row["tag_ids"]}
        untag = [d["lead_id"] for d in decisions if d["lead_id"] in tagged]
        tag = [lead_id for lead_id in failures if lead_id not in tagged]
        if untag:
            Lead.browse(untag).write(
                {"tag_ids": [fields.Command.unlink(unavailable.id)]}
            )
        if tag:
            Lead.browse(tag).write({"tag_ids": [fields.Command.link(unavailable.id)]})

    @api.model
    def _cron_route_unassigned(self):
        self._route(self._unassigned_leads())

    @api.model
    def _unassigned_leads(self, team=None):
        """Leads waiting for a partner: open leads (not opportunities the
        vendor's sales team works itself) that no partner holds."""
        domain = [
            ("type", "=", "lead"),
            ("partner_assigned_id", "=", False),
            ("probability", "<", 100),
        ]
        if team:
            domain.append(("team_id", "=", team.id))
        return self.env["crm.lead"].search(domain)
