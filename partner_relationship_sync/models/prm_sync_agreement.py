# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from odoo.addons.partner_relationship.models.prm_agreement_mixin import (
    AGREEMENT_STATES,
)
from odoo.addons.partner_relationship.tools.roles import check_role


class PrmSyncAgreement(models.Model):
    """Partner side: an agreement our vendor has with us, mirrored read-only
    from the vendor's database (the vendor owns it); we may sign it here."""

    _name = "prm.sync.agreement"
    _description = "Vendor Agreement"
    _inherit = ["prm.agreement.mixin", "mail.thread"]
    _order = "date_end desc, id desc"
    _mail_post_access = "read"
    _check_company_auto = True

    connection_id = fields.Many2one(
        "prm.sync.connection",
        string="Vendor",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    vendor_id = fields.Many2one(
        related="connection_id.partner_id", string="Vendor Company", store=True
    )
    company_id = fields.Many2one(
        related="connection_id.company_id", store=True, index=True
    )
    name = fields.Char(readonly=True)
    program_name = fields.Char(string="Programme", readonly=True)
    date_start = fields.Date(readonly=True)
    date_end = fields.Date(readonly=True)
    terms_document = fields.Binary(readonly=True)
    terms_filename = fields.Char(readonly=True)
    date_signature_sent = fields.Datetime(
        string="Signature Sent On",
        readonly=True,
        help="When we last sent our signature to the vendor.",
    )

    def _prm_sync_update(self, values):
        """Write the vendor's values, with a note on a change of state."""
        for agreement in self:
            old_state = agreement.state
            agreement.write(values)
            if agreement.state != old_state:
                labels = dict(AGREEMENT_STATES)
                agreement.message_post(
                    body=self.env._(
                        "%(vendor)s: %(state)s.",
                        vendor=agreement.vendor_id.name,
                        state=labels.get(agreement.state, agreement.state),
                    ),
                    subtype_xmlid="mail.mt_note",
                )

    def action_sign(self):
        """Sign the agreement: the signature goes to the vendor, in our
        name."""
        check_role(self, "action_sign")
        self._prm_check_signable()
        Message = self.env["prm.sync.message"].sudo()
        for connection, agreements in self.grouped("connection_id").items():
            Message._prm_queue_many(
                connection,
                "agreement_sign",
                [
                    (
                        agreement,
                        {
                            "sync_agreement_id": agreement.id,
                            "signed_by": self.env.user.name,
                        },
                    )
                    for agreement in agreements
                ],
            )
        self.sudo().date_signature_sent = fields.Datetime.now()
        for agreement in self:
            agreement.message_post(
                body=self.env._(
                    "Signed by %(user)s; the signature is sent to %(vendor)s.",
                    user=self.env.user.name,
                    vendor=agreement.vendor_id.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _prm_ended_error(self):
        return self.env._(
            "%(agreement)s ended on %(end)s: ask the vendor to renew it.",
            agreement=self.name,
            end=self.date_end,
        )
