# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class PortalWizardUser(models.TransientModel):
    """An approved applicant's portal invitation is the partner network's
    welcome e-mail (res.partner._prm_invite_to_portal)."""

    _inherit = "portal.wizard.user"

    def _send_email(self):
        if not self.env.context.get("prm_application_welcome"):
            return super()._send_email()
        self.ensure_one()
        user = self.user_id.sudo()
        # A signup token, so that the link lets the contact choose a password.
        user.partner_id.signup_prepare()
        # Sent, not posted: the link is the contact's alone and must not be
        # read by others in a chatter.
        self.env.ref(
            "partner_relationship.mail_template_application_welcome"
        ).send_mail(user.id)
        return True
