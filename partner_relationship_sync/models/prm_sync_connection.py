# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..adapters.xmlrpc import (
    RemoteAuthenticationFailed,
    RemoteDatabaseMissing,
    RemoteError,
    RemoteOdoo,
    RemoteUnreachable,
)
from .prm_sync_api import SYNC_PROTOCOL_VERSION

_logger = logging.getLogger(__name__)


class PrmSyncConnection(models.Model):
    """A remote Odoo database of the partner network, and how to reach it."""

    _name = "prm.sync.connection"
    _description = "Partner Relationship Sync Connection"
    _inherit = ["mail.thread"]
    _order = "name"

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    remote_role = fields.Selection(
        [("vendor", "Vendor"), ("partner", "Partner")],
        required=True,
        tracking=True,
        help="What the remote database is to us: our vendor, or one of our partners.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Stands For",
        required=True,
        tracking=True,
        help="The local partner record that the remote database stands for.",
    )
    remote_url = fields.Char(
        string="URL",
        required=True,
        tracking=True,
        help="Base URL of the remote Odoo, e.g. https://odoo.partner.example.com",
    )
    remote_database = fields.Char(string="Database", required=True, tracking=True)
    remote_login = fields.Char(string="Login", required=True, tracking=True)
    api_key = fields.Char(
        string="API Key",
        groups="base.group_system",
        copy=False,
        help="API key of the integration user that the remote database "
        "created for us. Only system administrators can read it.",
    )
    timeout = fields.Float(
        string="Timeout (s)",
        default=10.0,
        help="Limit for every call to the remote database.",
    )
    verify_tls = fields.Boolean(
        string="Verify TLS Certificate",
        default=True,
    )
    state = fields.Selection(
        [("new", "Not Tested"), ("ok", "Connected"), ("failed", "Failed")],
        default="new",
        required=True,
        readonly=True,
        tracking=True,
    )
    last_check_date = fields.Datetime(readonly=True)
    last_check_message = fields.Text(readonly=True)
    remote_info = fields.Text(string="Remote Database", readonly=True)

    _sql_constraints = [
        (
            "remote_unique",
            "UNIQUE(remote_url, remote_database, remote_login)",
            "There is already a connection to this remote database with this login.",
        ),
    ]

    @api.constrains("remote_url")
    def _check_remote_url(self):
        for connection in self:
            if not connection.remote_url.startswith(("http://", "https://")):
                raise ValidationError(
                    self.env._(
                        "URL: %(url)s must start with http:// or https://",
                        url=connection.remote_url,
                    )
                )

    @api.constrains("timeout")
    def _check_timeout(self):
        for connection in self:
            if not 0 < connection.timeout <= 300:
                raise ValidationError(
                    self.env._("Timeout (s): must be between 0 and 300 seconds.")
                )

    def _remote(self):
        """An RPC session on the remote database (reads the key as superuser)."""
        self.ensure_one()
        sudo_self = self.sudo()
        return RemoteOdoo(
            sudo_self.remote_url,
            sudo_self.remote_database,
            sudo_self.remote_login,
            sudo_self.api_key or "",
            timeout=sudo_self.timeout,
            verify_tls=sudo_self.verify_tls,
        )

    def _check_remote(self):
        """Check reachability, database, key and remote suite; return (ok, message)."""
        self.ensure_one()
        remote = self._remote()
        try:
            remote.authenticate()
            info = remote.execute("prm.sync.api", "prm_sync_info")
        except RemoteUnreachable as error:
            return False, self.env._("Unreachable: %(error)s", error=error), {}
        except RemoteDatabaseMissing as error:
            return False, self.env._("Wrong database: %(error)s", error=error), {}
        except RemoteAuthenticationFailed as error:
            return False, self.env._("Bad login or API key: %(error)s", error=error), {}
        except RemoteError as error:
            if "prm.sync.api" in str(error):
                return (
                    False,
                    self.env._(
                        "The remote database does not have the Partner "
                        "Relationship Sync addon installed."
                    ),
                    {},
                )
            return False, self.env._("Remote error: %(error)s", error=error), {}
        if info.get("protocol") != SYNC_PROTOCOL_VERSION:
            return (
                False,
                self.env._(
                    "Incompatible versions: the remote speaks sync protocol "
                    "%(remote)s (suite %(suite)s), this database speaks %(local)s.",
                    remote=info.get("protocol"),
                    suite=info.get("suite_version"),
                    local=SYNC_PROTOCOL_VERSION,
                ),
                info,
            )
        return (
            True,
            self.env._(
                "Connected to %(company)s (database %(database)s, suite %(suite)s).",
                company=info.get("company"),
                database=self.remote_database,
                suite=info.get("suite_version"),
            ),
            info,
        )

    def action_test_connection(self):
        self.ensure_one()
        ok, message, info = self._check_remote()
        self.write(
            {
                "state": "ok" if ok else "failed",
                "last_check_date": fields.Datetime.now(),
                "last_check_message": message,
                "remote_info": "\n".join(f"{k}: {v}" for k, v in info.items())
                if info
                else False,
            }
        )
        _logger.info("Sync connection %s tested: %s", self.display_name, message)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Test Connection"),
                "message": message,
                "type": "success" if ok else "danger",
                "sticky": not ok,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
