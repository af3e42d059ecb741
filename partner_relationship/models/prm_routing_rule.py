# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Fields that narrow down which leads a rule matches.
MATCH_FIELDS = (
    "team_id",
    "country_ids",
    "state_ids",
    "zip_prefixes",
    "category_ids",
    "tag_ids",
    "revenue_min",
    "revenue_max",
    "lang_ids",
)
# The highest capacity preference or specialization bonus of a rule, in %.
MAX_PERCENTAGE = 1000


def split_prefixes(text):
    """'021, 022 ,10' -> ('021', '022', '10')."""
    return tuple(p.strip() for p in (text or "").split(",") if p.strip())


class PrmRoutingRule(models.Model):
    """Which leads go to which channel partners.

    Rules are tried in sequence; the first rule that matches a lead and has an
    eligible partner decides. Among eligible partners the best score wins:
    tier weight, divided by the partner's recent and open load (weighted round
    robin), times proximity when both sides have coordinates.
    """

    _name = "prm.routing.rule"
    _description = "Lead Routing Rule"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True
    )
    # Which leads
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        check_company=True,
        help="Only leads of this team; leave empty for every team.",
    )
    country_ids = fields.Many2many("res.country", string="Countries")
    state_ids = fields.Many2many("res.country.state", string="States")
    zip_prefixes = fields.Char(
        string="ZIP Prefixes", help="Comma-separated beginnings of ZIP codes."
    )
    category_ids = fields.Many2many(
        "product.category",
        string="Product Categories",
        help="Leads interested in one of these categories.",
    )
    tag_ids = fields.Many2many("crm.tag", string="Tags")
    revenue_min = fields.Monetary(
        string="Expected Revenue From", currency_field="currency_id"
    )
    revenue_max = fields.Monetary(
        string="Expected Revenue Up To",
        currency_field="currency_id",
        help="0 for no upper limit.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    lang_ids = fields.Many2many("res.lang", string="Languages")
    # Which partners
    partner_type_ids = fields.Many2many(
        "prm.partner.type",
        string="Partner Types",
        help="Only partners of these types; empty for all.",
    )
    grade_ids = fields.Many2many(
        "res.partner.grade",
        string="Tiers",
        help="Only partners of these tiers; empty for all.",
    )
    require_specialization = fields.Boolean(
        help="The partner must specialize in one of the lead's product categories."
    )
    use_distance = fields.Boolean(
        string="Prefer Nearby Partners",
        default=True,
        help="When the lead and the partner have coordinates, closer partners "
        "score higher.",
    )
    max_distance_km = fields.Float(
        string="Maximum Distance (km)",
        help="Partners further away are not eligible; 0 for no limit.",
    )
    capacity_weight = fields.Float(
        string="Capacity Preference (%)",
        default=20.0,
        digits=(16, 1),
        help="Partners with more spare capacity score higher: the score is "
        "raised by this percentage times the share of the partner's capacity "
        "still free (20 %: +20 % for a partner holding no lead, +10 % for one "
        "at half its capacity). Partners without a capacity get no bonus; 0 "
        "to ignore spare capacity.",
    )
    specialization_bonus = fields.Float(
        string="Specialization Bonus (%)",
        default=20.0,
        digits=(16, 1),
        help="Added to the score of a partner specialized in one of the "
        "lead's product categories, when the rule does not require a "
        "specialization; 0 for no bonus.",
    )
    fairness_days = fields.Integer(
        string="Fairness Window (days)",
        default=30,
        help="Leads offered in this many past days count in the partners' "
        "load for the round robin.",
    )
    assignment_count = fields.Integer(
        string="Leads Routed", compute="_compute_assignment_count"
    )

    def _compute_assignment_count(self):
        counts = dict(
            self.env["prm.lead.assignment"]._read_group(
                [("rule_id", "in", self.ids)], ["rule_id"], ["__count"]
            )
        )
        for rule in self:
            rule.assignment_count = counts.get(rule, 0)

    @api.constrains("name", "active", *MATCH_FIELDS)
    def _check_has_criteria(self):
        for rule in self:
            if not any(rule[name] for name in MATCH_FIELDS):
                raise ValidationError(
                    self.env._(
                        "Routing rule %(rule)s has no criteria: it would send "
                        "every lead to the same partners. Give it a sales team, "
                        "a territory, product categories, tags, a revenue band "
                        "or languages.",
                        rule=rule.name,
                    )
                )

    @api.constrains(
        "revenue_min",
        "revenue_max",
        "max_distance_km",
        "fairness_days",
        "capacity_weight",
        "specialization_bonus",
    )
    def _check_ranges(self):
        for rule in self:
            for name in ("capacity_weight", "specialization_bonus"):
                if not 0 <= rule[name] <= MAX_PERCENTAGE:
                    raise ValidationError(
                        self.env._(
                            "%(field)s: %(value)s is outside 0 to %(max)s in %(rule)s.",
                            field=self._fields[name]._description_string(self.env),
                            value=rule[name],
                            max=MAX_PERCENTAGE,
                            rule=rule.name,
                        )
                    )
            if rule.revenue_min < 0 or rule.revenue_max < 0:
                raise ValidationError(
                    self.env._(
                        "Expected Revenue: the band of %(rule)s cannot be negative.",
                        rule=rule.name,
                    )
                )
            if rule.revenue_max and rule.revenue_max < rule.revenue_min:
                raise ValidationError(
                    self.env._(
                        "Expected Revenue Up To: %(max)s is below the lower "
                        "limit %(min)s in %(rule)s.",
                        max=rule.revenue_max,
                        min=rule.revenue_min,
                        rule=rule.name,
                    )
                )
            if rule.max_distance_km < 0:
                raise ValidationError(
                    self.env._(
                        "Maximum Distance (km): cannot be negative in %(rule)s.",
                        rule=rule.name,
                    )
                )
            if rule.fairness_days <= 0:
                raise ValidationError(
                    self.env._(
                        "Fairness Window (days): must be at least 1 in %(rule)s.",
                        rule=rule.name,
                    )
                )

    @api.constrains("state_ids", "country_ids")
    def _check_states_in_countries(self):
        for rule in self:
            stray = rule.state_ids.filtered(
                lambda state, rule=rule: (
                    rule.country_ids and state.country_id not in rule.country_ids
                )
            )
            if stray:
                raise ValidationError(
                    self.env._(
                        "States: %(states)s are outside the countries of %(rule)s.",
                        states=", ".join(stray.mapped("name")),
                        rule=rule.name,
                    )
                )

    def _matcher(self):
        """The rule as plain values, for matching thousands of leads fast."""
        self.ensure_one()
        return {
            "id": self.id,
            "name": self.name,
            "company_id": self.company_id.id,
            "team_id": self.team_id.id,
            "country_ids": frozenset(self.country_ids.ids),
            "state_ids": frozenset(self.state_ids.ids),
            "zip_prefixes": split_prefixes(self.zip_prefixes),
            "category_ids": frozenset(self.category_ids.ids),
            "tag_ids": frozenset(self.tag_ids.ids),
            "revenue_min": self.revenue_min,
            "revenue_max": self.revenue_max,
            "lang_ids": frozenset(self.lang_ids.ids),
            "partner_type_ids": frozenset(self.partner_type_ids.ids),
            "grade_ids": frozenset(self.grade_ids.ids),
            "require_specialization": self.require_specialization,
            "use_distance": self.use_distance,
            "max_distance_km": self.max_distance_km,
            "fairness_days": self.fairness_days,
            # Fractions: 20 % -> 0.2.
            "capacity_weight": self.capacity_weight / 100.0,
            "specialization_bonus": self.specialization_bonus / 100.0,
        }
