# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError

AGREEMENT_STATES = [
    ("draft", "To Sign"),
    ("signed", "Signed"),
    ("expired", "Expired"),
    ("cancelled", "Cancelled"),
]


class PrmAgreementMixin(models.AbstractModel):
    """What a partner agreement is on either side: the vendor's agreement
    (`prm.agreement`) and the partner's read-only mirror of it in its
    database (`prm.sync.agreement`). A model using it says what to do with an
    agreement that ended before it was signed (`_prm_ended_error`). The
    values are checked where they are set: the mirror takes the vendor's."""

    _name = "prm.agreement.mixin"
    _description = "Partner Agreement (shared)"

    name = fields.Char(required=True)
    date_start = fields.Date(string="Valid From")
    date_end = fields.Date(string="Valid Until")
    state = fields.Selection(
        AGREEMENT_STATES, default="draft", required=True, readonly=True
    )
    date_signed = fields.Date(string="Signed On", readonly=True)
    signed_by = fields.Char(readonly=True, help="Name of the partner's signatory.")
    terms_document = fields.Binary(string="Terms", attachment=True)
    terms_filename = fields.Char()

    def _prm_check_signable(self):
        """Raise unless every agreement waits for a signature and has not
        ended yet; return today's date (the date of the signature)."""
        today = fields.Date.context_today(self)
        for agreement in self:
            if agreement.state != "draft":
                raise UserError(
                    self.env._(
                        "%(agreement)s is not waiting for a signature.",
                        agreement=agreement.name,
                    )
                )
            if agreement.date_end and agreement.date_end < today:
                raise UserError(agreement._prm_ended_error())
        return today

    def _prm_ended_error(self):
        """The message refusing to sign this agreement, which has ended."""
        raise NotImplementedError
