# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import email_normalize


class ResPartner(models.Model):
    _inherit = "res.partner"

    prm_portal_admin = fields.Boolean(
        string="Partner Portal Administrator",
        help="This contact of a channel partner may invite colleagues of its "
        "company to the portal and remove their access.",
    )

    def _prm_check_portal_admin(self):
        """The current user administers the portal of this company."""
        user = self.env.user
        if not (
            user.partner_id.prm_portal_admin and user.commercial_partner_id == self
        ):
            raise AccessError(
                self.env._(
                    "Only your company's portal administrator may manage colleagues."
                )
            )

    def _prm_portal_colleagues_domain(self):
        """Contacts of this company with an active portal access (the
        Colleagues page, read as superuser; its tile's count, with the
        user's rights)."""
        self.ensure_one()
        return [
            ("commercial_partner_id", "=", self.id),
            ("user_ids", "any", [("share", "=", True)]),
        ]

    def _prm_portal_colleagues(self):
        """Contacts of this company with an active portal access."""
        return (
            self.env["res.partner"]
            .sudo()
            .search(self._prm_portal_colleagues_domain(), order="name")
        )

    def _prm_invite_colleague(self, name, email):
        """The company's portal administrator invites a colleague: a contact of
        the company gets portal access and Odoo's invitation e-mail."""
        self.ensure_one()
        self._prm_check_portal_admin()
        name = (name or "").strip()
        email = email_normalize(email or "")
        if not name:
            raise UserError(self.env._("Name: who are you inviting?"))
        if not email:
            raise UserError(self.env._("Email: enter a valid e-mail address."))
        company = self.sudo()
        contact = company.child_ids.filtered(
            lambda c: email_normalize(c.email or "") == email
        )[:1] or company.env["res.partner"].create(
            {"name": name, "email": email, "parent_id": company.id, "type": "contact"}
        )
        wizard = company.env["portal.wizard"].create({"partner_ids": contact.ids})
        wizard.user_ids.action_grant_access()
        return contact

    def _prm_revoke_colleague(self, contact):
        """The portal administrator removes a colleague's portal access."""
        self.ensure_one()
        self._prm_check_portal_admin()
        contact = contact.sudo()
        if contact.commercial_partner_id != self or contact == self.env.user.partner_id:
            raise UserError(self.env._("Choose a colleague other than yourself."))
        wizard = contact.env["portal.wizard"].create({"partner_ids": contact.ids})
        wizard.user_ids.action_revoke_access()
