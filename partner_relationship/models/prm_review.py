# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.flag_search import check_flag_search
from ..tools.roles import check_role

SCORES = [(str(n), str(n)) for n in range(1, 6)]
# The three sides of partnership management, each scored 1 (poor) to 5 (excellent).
SCORE_FIELDS = ("score_mutual_benefit", "score_fairness", "score_trust")


class PrmReview(models.Model):
    """A periodic review of the relationship with a partner.

    Scores the three sides of partnership management: shared interests
    (mutual benefit), reason and fairness (adherence to the agreement), trust
    and personal relations (communication). Agreed actions are activities.
    """

    _name = "prm.review"
    _description = "Partner Relationship Review"
    _inherit = [
        "prm.partner.record.mixin",
        "prm.partner.company.mixin",
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date_planned desc, id desc"
    _rec_name = "display_name"
    partner_id = fields.Many2one(tracking=True)

    reviewer_id = fields.Many2one(
        "res.users", default=lambda self: self.env.user, tracking=True
    )
    date_planned = fields.Date(string="Planned For", required=True, tracking=True)
    date_done = fields.Date(string="Held On", readonly=True, tracking=True)
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Done"), ("cancelled", "Cancelled")],
        default="planned",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    score_mutual_benefit = fields.Integer(
        string="Mutual Benefit",
        help="Shared interests: do both sides gain from the relationship? 1 to 5.",
    )
    score_fairness = fields.Integer(
        string="Agreement and Fairness",
        help="Reason and fairness: are the agreement and its rules kept? 1 to 5.",
    )
    score_trust = fields.Integer(
        string="Communication and Trust",
        help="Trust and personal relations: is communication open? 1 to 5.",
    )
    score_average = fields.Float(
        compute="_compute_score_average", store=True, digits=(3, 2), aggregator="avg"
    )
    partner_score_mutual_benefit = fields.Integer(
        string="Partner: Mutual Benefit", help="The partner's own score, 1 to 5."
    )
    partner_score_fairness = fields.Integer(string="Partner: Agreement and Fairness")
    partner_score_trust = fields.Integer(string="Partner: Communication and Trust")
    partner_comment = fields.Text(string="Partner's Comments")
    notes = fields.Html(groups="partner_relationship.group_prm_user")
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue", search="_search_is_overdue"
    )

    def _compute_access_url(self):
        for review in self:
            review.access_url = "/my/relationship"

    @api.depends("partner_id", "date_planned")
    def _compute_display_name(self):
        for review in self:
            review.display_name = self.env._(
                "Review of %(partner)s (%(date)s)",
                partner=review.partner_id.name or "",
                date=review.date_planned or "",
            )

    @api.depends(*SCORE_FIELDS)
    def _compute_score_average(self):
        for review in self:
            scores = [review[name] for name in SCORE_FIELDS if review[name]]
            review.score_average = sum(scores) / len(scores) if scores else 0.0

    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for review in self:
            review.is_overdue = (
                review.state == "planned" and review.date_planned < today
            )

    def _search_is_overdue(self, operator, value):
        check_flag_search(self, "is_overdue", operator, value)
        overdue = [
            ("state", "=", "planned"),
            ("date_planned", "<", fields.Date.context_today(self)),
        ]
        return overdue if (operator == "=") == value else ["!", "&", *overdue]

    @api.constrains(
        *SCORE_FIELDS,
        "partner_score_mutual_benefit",
        "partner_score_fairness",
        "partner_score_trust",
    )
    def _check_scores(self):
        names = (
            *SCORE_FIELDS,
            "partner_score_mutual_benefit",
            "partner_score_fairness",
            "partner_score_trust",
        )
        for review in self:
            for name in names:
                if review[name] and not 1 <= review[name] <= 5:
                    raise ValidationError(
                        self.env._(
                            "%(field)s: a score goes from 1 to 5, not %(value)s.",
                            field=review._fields[name].get_description(self.env)[
                                "string"
                            ],
                            value=review[name],
                        )
                    )

    def action_done(self):
        """Close the review and plan the next one after the partner's interval."""
        check_role(self, "action_done")
        for review in self:
            if review.state != "planned":
                raise UserError(self.env._("Only a planned review can be closed."))
            missing = [
                review._fields[name].get_description(self.env)["string"]
                for name in SCORE_FIELDS
                if not review[name]
            ]
            if missing:
                raise UserError(
                    self.env._(
                        "Score every side of the relationship before closing "
                        "the review: %(missing)s.",
                        missing=", ".join(missing),
                    )
                )
        today = fields.Date.context_today(self)
        self.write({"state": "done", "date_done": today})
        for review in self:
            partner = review.partner_id
            partner.date_review = today
            partner._schedule_next_review(after=today)
        return True

    # The partner's side of a review, all it may set.
    PARTNER_FIELDS = frozenset(
        {
            "partner_score_mutual_benefit",
            "partner_score_fairness",
            "partner_score_trust",
            "partner_comment",
        }
    )

    def _prm_partner_answer(self, values):
        """A partner user gives its scores and comments on a planned review
        of its company (portal and sync); other fields are ignored."""
        self.ensure_one()
        env = self.env.user._prm_partner_env(self.partner_id)
        if self.state != "planned":
            raise UserError(
                self.env._("This review is closed: its scores cannot change.")
            )
        self.with_env(env).write(
            {key: value for key, value in values.items() if key in self.PARTNER_FIELDS}
        )
        return True

    def action_cancel(self):
        check_role(self, "action_cancel")
        self.write({"state": "cancelled"})

    @api.model
    def _cron_plan_reviews(self):
        """Plan a review for every channel partner without one, and remind
        partner managers of overdue reviews."""
        partners = self.env["res.partner"]._prm_accepted_channel_partners()
        planned = self.search([("state", "=", "planned")]).partner_id
        for partner in partners - planned:
            partner._schedule_next_review(after=partner.date_review)
        overdue = self.search([("is_overdue", "=", True)])
        todo = self.env.ref("mail.mail_activity_data_todo")
        reminded = (
            self.env["mail.activity"]
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", overdue.ids),
                    ("activity_type_id", "=", todo.id),
                ]
            )
            .mapped("res_id")
        )
        for review in overdue.filtered(lambda r: r.id not in reminded):
            review.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Overdue relationship review"),
                user_id=review.partner_id._prm_responsible_user().id,
            )

    @api.model
    def _next_date(self, after, months):
        return (after or fields.Date.context_today(self)) + relativedelta(months=months)
