# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResPartnerActivation(models.Model):
    """Odoo's partner activations are the onboarding stages."""

    _inherit = "res.partner.activation"

    is_application = fields.Boolean(
        string="Application Stage",
        help="Partners who apply through the website start in this stage.",
    )
    is_operational = fields.Boolean(
        string="Operational Stage",
        help="The last stage: reached only when the onboarding checklist is complete.",
    )
