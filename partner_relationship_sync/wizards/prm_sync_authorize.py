# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, fields, models
from odoo.exceptions import UserError

from odoo.addons.partner_relationship.tools.roles import check_role

# Where the new key travels to the form that shows it (see `api_key`).
KEY_CONTEXT = "prm_sync_api_key"


class PrmSyncAuthorize(models.TransientModel):
    """Create the integration user that a remote database will log in as.

    The user is a contact of the partner it stands for, so that the record
    rules keyed on the commercial partner confine it to that partner's data.
    """

    _name = "prm.sync.authorize"
    _description = "Authorise a Connected Database"

    partner_id = fields.Many2one(
        "res.partner",
        string="Remote Stands For",
        required=True,
        domain=[("is_company", "=", True)],
        help="The company whose database will connect here: a channel partner, "
        "or the vendor.",
    )
    login = fields.Char(
        help="Login of the integration user; prm-sync-<partner id> when empty."
    )
    user_id = fields.Many2one("res.users", readonly=True)
    api_key = fields.Char(
        compute="_compute_api_key",
        help="Shown once: give it to the administrator of the remote database.",
    )

    def _compute_api_key(self):
        """The key lives only in the action that shows it, never in the
        database: once the wizard is closed, nobody can read it again."""
        key = self.env.context.get(KEY_CONTEXT)
        for wizard in self:
            wizard.api_key = key if wizard.user_id and isinstance(key, str) else False

    def action_authorize(self):
        check_role(self, "action_authorize")
        self.ensure_one()
        if not self.login:
            self.login = f"prm-sync-{self.partner_id.id}"
        if (
            self.env["res.users"]
            .with_context(active_test=False)
            .search_count([("login", "=", self.login)])
        ):
            raise UserError(
                self.env._(
                    "Login: %(login)s is already taken; revoke the existing "
                    "integration user or choose another login.",
                    login=self.login,
                )
            )
        # It works in the company the partner works with (where its
        # connection applies its messages), else in ours.
        company = self.partner_id.company_id or self.env.company
        user = (
            self.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": self.env._(
                        "%(partner)s (sync)", partner=self.partner_id.name
                    ),
                    "login": self.login,
                    "parent_id": self.partner_id.id,
                    "company_id": company.id,
                    "company_ids": [Command.set(company.ids)],
                    "groups_id": [
                        Command.set(
                            [
                                self.env.ref("base.group_portal").id,
                                self.env.ref(
                                    "partner_relationship_sync.group_prm_sync_integration"
                                ).id,
                            ]
                        )
                    ],
                }
            )
        )
        key = (
            self.env["res.users.apikeys"]
            .with_user(user)
            .sudo()
            ._generate("rpc", self.env._("Partner Relationship Sync"), None)
        )
        self.user_id = user
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "context": {**self.env.context, KEY_CONTEXT: key},
        }
