# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class PrmPartnerRecordMixin(models.AbstractModel):
    """A record about one channel partner, seen by that partner's manager.

    The record rules of the partner managers and portal users key on
    ``partner_manager_id`` and ``partner_id``. The partner must be shared or
    of the record's company (``check_company``).
    """

    _name = "prm.partner.record.mixin"
    _description = "Record of a Channel Partner"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        check_company=True,
        domain=[("is_channel_partner", "=", True), ("is_company", "=", True)],
    )
    partner_manager_id = fields.Many2one(
        related="partner_id.partner_manager_id", store=True
    )
