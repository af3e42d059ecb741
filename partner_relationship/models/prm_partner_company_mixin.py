# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class PrmPartnerCompanyMixin(models.AbstractModel):
    """A record about a channel partner that belongs to one company of the
    vendor: the partner's company when the partner is bound to one, else the
    company it was created in. A model using it has a ``partner_id``; its
    links to other company-bound records are checked (``check_company``)."""

    _name = "prm.partner.company.mixin"
    _description = "Company of a Partner's Record"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
    )

    @api.depends("partner_id")
    def _compute_company_id(self):
        for record in self:
            record.company_id = (
                record.partner_id.company_id or record.company_id or self.env.company
            )
