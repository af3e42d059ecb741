# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.flag_search import check_flag_search


class PrmCertification(models.Model):
    """A certification or training a partner holds (counts toward its tier)."""

    _name = "prm.certification"
    _inherit = ["prm.partner.record.mixin", "prm.partner.company.mixin"]
    _description = "Partner Certification or Training"
    _order = "date_obtained desc, id desc"

    name = fields.Char(required=True)
    kind = fields.Selection(
        [("certification", "Certification"), ("training", "Training")],
        required=True,
        default="certification",
    )
    holder_id = fields.Many2one(
        "res.partner",
        string="Held By",
        domain="[('parent_id', '=', partner_id)]",
        check_company=True,
        help="The partner's employee who passed it.",
    )
    date_obtained = fields.Date(required=True, default=fields.Date.context_today)
    date_expiry = fields.Date(string="Valid Until")
    is_valid = fields.Boolean(compute="_compute_is_valid", search="_search_is_valid")

    @api.constrains("date_obtained", "date_expiry")
    def _check_dates(self):
        for certification in self:
            if (
                certification.date_expiry
                and certification.date_expiry < certification.date_obtained
            ):
                raise ValidationError(
                    self.env._(
                        "Valid Until: %(name)s expires before it was obtained.",
                        name=certification.name,
                    )
                )

    def _compute_is_valid(self):
        today = fields.Date.context_today(self)
        for certification in self:
            certification.is_valid = (
                not certification.date_expiry or certification.date_expiry >= today
            )

    def _search_is_valid(self, operator, value):
        check_flag_search(self, "is_valid", operator, value)
        today = fields.Date.context_today(self)
        valid = ["|", ("date_expiry", "=", False), ("date_expiry", ">=", today)]
        return valid if (operator == "=") == bool(value) else ["!", *valid]
