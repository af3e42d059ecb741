# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from markupsafe import Markup, escape

from odoo import api, fields, models

# The factors of a routing score, in the order the explanation shows them.
SCORE_FACTORS = ("weight", "distance", "capacity", "specialization", "fairness")


class PrmLeadAssignment(models.Model):
    """One offer of a lead to a partner, and why it was made."""

    _name = "prm.lead.assignment"
    _description = "Lead Offer to a Partner"
    _order = "id desc"
    _rec_name = "lead_id"
    # A routing run writes thousands of offers in one statement: no
    # create/write stamps (date_offered and date_answered say when, user_id
    # who forwarded by hand).
    _log_access = False
    _check_company_auto = True

    lead_id = fields.Many2one(
        "crm.lead",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
        check_company=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        ondelete="restrict",
        readonly=True,
        check_company=True,
    )
    partner_manager_id = fields.Many2one(
        related="partner_id.partner_manager_id", store=True
    )
    company_id = fields.Many2one(related="lead_id.company_id", store=True)
    rule_id = fields.Many2one(
        "prm.routing.rule",
        string="Routing Rule",
        ondelete="set null",
        readonly=True,
        check_company=True,
    )
    registration_id = fields.Many2one(
        "prm.deal.registration",
        string="Protected by Registration",
        ondelete="set null",
        readonly=True,
        check_company=True,
    )
    origin = fields.Selection(
        [
            ("rule", "Routing Rule"),
            ("registration", "Deal Registration"),
            ("manual", "Forwarded by Hand"),
        ],
        required=True,
        default="manual",
        readonly=True,
    )
    # How the router chose: the vendor's. The partner offered the lead reads
    # its offer, not the other partners it was weighed against.
    score = fields.Float(digits=(12, 4), readonly=True, groups="base.group_user")
    alternatives = fields.Text(
        string="Alternatives Considered",
        readonly=True,
        groups="base.group_user",
        help="The other eligible partners and their scores, best first.",
    )
    score_factors = fields.Json(
        readonly=True,
        groups="base.group_user",
        help="What the router weighed: the best candidates (the chosen one "
        "first) with the points of each factor, the partners it excluded and "
        "the partners tied on the best score.",
    )
    score_explanation = fields.Html(
        string="Routing Explanation",
        compute="_compute_score_explanation",
        groups="base.group_user",
        sanitize=False,
    )
    note = fields.Char(readonly=True)
    user_id = fields.Many2one(
        "res.users",
        string="Forwarded By",
        readonly=True,
        help="The vendor user who offered the lead by hand.",
    )
    date_offered = fields.Datetime(
        required=True, default=fields.Datetime.now, readonly=True
    )
    deadline = fields.Datetime(string="Accept By", readonly=True)
    reminder_date = fields.Datetime(
        compute="_compute_reminder_date", store=True, index="btree_not_null"
    )
    reminder_sent = fields.Boolean(readonly=True)
    notified = fields.Boolean(
        readonly=True, help="The partner was told about the offer."
    )
    state = fields.Selection(
        [
            ("offered", "Awaiting Answer"),
            ("accepted", "Accepted"),
            ("declined", "Declined"),
            ("expired", "Recalled: No Answer"),
            ("recalled", "Recalled by the Vendor"),
            ("ended", "Ended by the Vendor"),
        ],
        required=True,
        default="offered",
        readonly=True,
        index=True,
    )
    date_answered = fields.Datetime(readonly=True)
    date_ended = fields.Datetime(
        readonly=True,
        help="When the vendor took the accepted lead back (it gave the deal "
        "to another partner or closed it).",
    )
    answer_hours = fields.Float(
        string="Hours to Answer",
        compute="_compute_answer_hours",
        store=True,
        aggregator="avg",
    )
    reason = fields.Text(
        readonly=True,
        help="Why the partner declined the lead, or why the vendor recalled it.",
    )

    @api.depends("date_offered", "deadline")
    def _compute_reminder_date(self):
        for assignment in self:
            assignment.reminder_date = self._reminder_date(
                assignment.date_offered, assignment.deadline
            )

    @api.model
    def _reminder_date(self, date_offered, deadline):
        """Remind the partner when a quarter of its time is left (at most a
        day before the deadline)."""
        if not deadline:
            return False
        return deadline - min((deadline - date_offered) / 4, timedelta(days=1))

    @api.depends("date_offered", "date_answered", "state")
    def _compute_answer_hours(self):
        for assignment in self:
            if (
                assignment.state in ("accepted", "declined", "ended")
                and assignment.date_answered
            ):
                delta = assignment.date_answered - assignment.date_offered
                assignment.answer_hours = delta.total_seconds() / 3600
            else:
                assignment.answer_hours = 0.0

    @api.depends("score_factors", "origin", "alternatives", "note", "user_id")
    def _compute_score_explanation(self):
        for assignment in self:
            assignment.score_explanation = assignment._prm_explain()

    def _prm_explain(self):
        """The routing decision in words and a table: the candidates the
        router scored (the chosen one first) with the points of each factor,
        the partners it excluded, and how a tie was broken."""
        self.ensure_one()
        _ = self.env._
        if self.origin != "rule" or not self.score_factors:
            # A protected customer's offer, or one routed before the factors
            # were kept: the reasons the router wrote then.
            lines = [self.alternatives] if self.origin != "manual" else []
            if self.origin == "manual":
                lines.append(
                    _(
                        "Forwarded by hand by %(user)s.",
                        user=self.user_id.name or _("the vendor"),
                    )
                )
            if self.note:
                lines.append(self.note)
            return Markup("").join(Markup("<p>%s</p>") % line for line in lines if line)
        data = self.score_factors
        headers = [
            _("Partner"),
            _("Tier Weight"),
            _("Distance"),
            _("Capacity"),
            _("Specialization"),
            _("Fairness"),
            _("Score"),
        ]
        rows = []
        for index, candidate in enumerate(data["candidates"]):
            cells = [
                Markup("%s<br/><small>%s</small>")
                % (
                    candidate["name"],
                    _("Chosen") if index == 0 else _("Alternative"),
                )
            ]
            for factor, detail in zip(
                SCORE_FACTORS, self._prm_factor_details(candidate), strict=True
            ):
                cells.append(
                    Markup("%s<br/><small>%s</small>")
                    % (f"{candidate['points'][factor]:+.2f}", detail)
                )
            cells.append(Markup("<b>%s</b>") % f"{candidate['total']:.2f}")
            rows.append(
                Markup("<tr%s>%s</tr>")
                % (
                    Markup(' class="table-success"') if index == 0 else "",
                    Markup("").join(Markup("<td>%s</td>") % cell for cell in cells),
                )
            )
        table = Markup(
            '<table class="table table-sm o_prm_routing_explanation">'
            "<thead><tr>%s</tr></thead><tbody>%s</tbody></table>"
        ) % (
            Markup("").join(Markup("<th>%s</th>") % header for header in headers),
            Markup("").join(rows),
        )
        notes = [
            _(
                "Rule %(rule)s: %(count)s eligible partner(s). The score is the "
                "tier weight, reduced by distance, raised for spare capacity "
                "and for a specialization in the lead's products (by the "
                "rule's percentages), and reduced by the leads offered to the "
                "partner recently (fairness).",
                rule=self.rule_id.name or "-",
                count=data["eligible"],
            )
        ]
        excluded = data.get("excluded") or {}
        if any(excluded.values()):
            notes.append(
                _(
                    "Not eligible: %(full)s at capacity, %(far)s too far, "
                    "%(refused)s declined this lead before.",
                    **excluded,
                )
            )
        if data.get("tied"):
            notes.append(self._prm_tie_note(data))
        return table + Markup("").join(
            Markup("<p>%s</p>") % escape(note) for note in notes
        )

    def _prm_factor_details(self, candidate):
        """What each factor's points stand for, in the order of SCORE_FACTORS."""
        _ = self.env._
        points = candidate["points"]
        distance = (
            _("%(km)s km", km=round(candidate["km"]))
            if candidate["km"] is not None
            else _("not measured")
        )
        if candidate["capacity"]:
            capacity = _(
                "%(held)s of %(capacity)s leads",
                held=candidate["held"],
                capacity=candidate["capacity"],
            )
            if points["capacity"]:
                spare = 1 - candidate["held"] / candidate["capacity"]
                capacity = _(
                    "%(load)s, %(spare)s %% free",
                    load=capacity,
                    spare=round(spare * 100),
                )
        else:
            capacity = _("%(held)s leads, no limit", held=candidate["held"])
        if candidate["specialized"]:
            if candidate["specialization_required"]:
                specialization = _("specialized (required)")
            elif points["specialization"]:
                # The bonus on the points before it (see prm.lead.router._scored).
                before = points["weight"] + points["distance"] + points["capacity"]
                # (Formatted outside the call: babel evaluates the string
                # arguments of a translated call, f-strings included.)
                bonus = "{:g}".format(round(points["specialization"] / before * 100, 1))
                specialization = _("specialized (+%(bonus)s %%)", bonus=bonus)
            else:
                specialization = _("specialized")
        else:
            specialization = _("not specialized")
        fairness = _("%(count)s recent offer(s)", count=candidate["offered"])
        return (
            _("weight %(weight)s", weight=candidate["weight"]),
            distance,
            capacity,
            specialization,
            fairness,
        )

    def _prm_tie_note(self, data):
        """How the router broke a tie on the best score (see
        prm.lead.router._choose: the partner recorded first wins)."""
        names = {
            candidate["partner_id"]: candidate["name"]
            for candidate in data["candidates"]
        }
        missing = [pid for pid in data["tied"] if pid not in names]
        if missing:
            names.update(
                (partner.id, partner.name)
                for partner in self.env["res.partner"].sudo().browse(missing)
            )
        chosen = data["candidates"][0]
        score = f"{chosen['total']:.2f}"
        return self.env._(
            "Tie: %(partners)s scored %(score)s. Ties go to the partner "
            "recorded first in the partner network (the lowest ID): "
            "%(chosen)s.",
            partners=", ".join(names[pid] for pid in data["tied"]),
            score=score,
            chosen=chosen["name"],
        )

    def _send_reminders(self):
        """Remind partners of offers about to expire and ask their partner
        manager to chase them."""
        template = self.env.ref(
            "partner_relationship.mail_template_lead_offer_reminder"
        )
        for partner, offers in self.grouped("partner_id").items():
            template.with_context(prm_offers=offers).send_mail(
                partner.id, email_layout_xmlid="mail.mail_notification_light"
            )
            manager = partner._prm_responsible_user()
            for offer in offers:
                offer.lead_id.activity_schedule(
                    "partner_relationship.mail_activity_type_prm_offer",
                    date_deadline=fields.Date.context_today(self),
                    summary=self.env._(
                        "%(partner)s must answer by %(deadline)s",
                        partner=partner.name,
                        deadline=offer.deadline,
                    ),
                    user_id=manager.id,
                )
        self.write({"reminder_sent": True})

    @api.model
    @api.model
    def _prm_offers_made(self):
        """Offers were just written, not yet notified: have them delivered
        (after commit, by the notification job)."""
        self.env.ref("partner_relationship.ir_cron_notify_lead_offers")._trigger()

    def _cron_notify_offers(self):
        """Tell each partner, in one message, about the leads just offered."""
        offers = self.search([("state", "=", "offered"), ("notified", "=", False)])
        offers._prm_deliver()
        offers.write({"notified": True})

    def _prm_deliver(self):
        """Send offers to their partners: one e-mail per partner with a link to
        each lead in the portal. The sync addon delivers them to connected
        partners' databases instead."""
        template = self.env.ref("partner_relationship.mail_template_lead_offer")
        for partner, offers in self.grouped("partner_id").items():
            template.with_context(prm_offers=offers).send_mail(
                partner.id, email_layout_xmlid="mail.mail_notification_light"
            )
