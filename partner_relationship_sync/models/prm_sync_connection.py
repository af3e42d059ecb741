# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import logging
from datetime import timedelta

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.partner_relationship.tools.flag_search import check_flag_search
from odoo.addons.partner_relationship.tools.roles import check_role
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import identity_exact

from ..adapters.xmlrpc import (
    RemoteAuthenticationFailed,
    RemoteDatabaseMissing,
    RemoteError,
    RemoteOdoo,
    RemoteUnreachable,
    RemoteValidationError,
)
from .prm_sync_api import SYNC_PROTOCOL_VERSION

_logger = logging.getLogger(__name__)

# Messages sent in one call (small enough for the remote to apply well within
# the call's timeout), and calls in one run of the sending job (the next job
# takes over the rest).
BATCH_SIZE = 50
BATCHES_PER_RUN = 40
# Payload bytes in one call, well under the 128 MiB an Odoo server reads.
CALL_BYTES = 96 * 1024 * 1024

# After a failed attempt the next waits 10 s, doubling up to a cap; a message
# queued meanwhile is tried a minute after the last attempt at the latest.
FIRST_BACKOFF = 10
MAX_BACKOFF_PARAM = "partner_relationship_sync.max_backoff_seconds"
MAX_BACKOFF = 15 * 60
NEW_MESSAGE_PROBE = 60
# Tries of a message about a record the remote does not know yet.
RETRY_UNKNOWN = 5
# Minutes of failures before the connection's responsible is told.
ALERT_PARAM = "partner_relationship_sync.alert_after_minutes"
ALERT_AFTER = 30


class PrmSyncConnection(models.Model):
    """A remote Odoo database of the partner network, and how to reach it."""

    _name = "prm.sync.connection"
    _description = "Partner Relationship Sync Connection"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "name"
    _check_company_auto = True

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
        check_company=True,
        help="The local partner record that the remote database stands for.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.company,
        help="The company that works with the remote database: every record "
        "this connection sends is of this company (or shared by every "
        "company), every record it receives is created in it. A vendor's "
        "connection to a partner is in the company the partner works with; "
        "a partner's connection to its vendor in the partner's own company.",
    )
    company_warning = fields.Char(
        compute="_compute_company_warning",
        help="Why the remote's messages would be refused: its integration "
        "user is not allowed the connection's company.",
    )
    remote_url = fields.Char(
        string="URL",
        required=True,
        tracking=True,
        help="Base URL of the remote Odoo, e.g. https://odoo.partner.example.com",
    )
    remote_database = fields.Char(string="Database", required=True, tracking=True)
    remote_login = fields.Char(string="Login", required=True, tracking=True)
    integration_user_id = fields.Many2one(
        "res.users",
        string="Their Integration User",
        tracking=True,
        ondelete="set null",
        domain=lambda self: [
            (
                "groups_id",
                "in",
                self.env.ref(
                    "partner_relationship_sync.group_prm_sync_integration"
                ).ids,
            )
        ],
        help="The user of this database that the remote logs in as (made by "
        "Authorise a Database). Found by its company when empty, as long as "
        "no other connection stands for that company.",
    )
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
    flow_ids = fields.Many2many(
        "ir.model",
        "prm_sync_connection_flow_rel",
        "connection_id",
        "model_id",
        string="Flows",
        # Models: the settings of the administrators, who alone read models.
        groups="base.group_system",
        domain=lambda self: [("model", "in", self._prm_flow_names())],
        default=lambda self: self._prm_default_flows(),
        help="What this connection exchanges. A change of a flow that is not "
        "enabled is not sent, and a message of it is refused when received.",
    )
    flow_names = fields.Char(
        string="Enabled Flows",
        compute="_compute_flow_names",
        help="What this connection exchanges (set by an administrator).",
    )
    state = fields.Selection(
        [("new", "Not Tested"), ("ok", "Connected"), ("failed", "Failed")],
        default="new",
        required=True,
        readonly=True,
        tracking=True,
    )
    lead_team_id = fields.Many2one(
        "crm.team",
        string="Sales Team for Offered Leads",
        check_company=True,
        help="Leads the vendor offers through this connection are created in "
        "this team (its leader is their salesperson).",
    )
    message_count_pending = fields.Integer(
        string="Pending", compute="_compute_message_counts"
    )
    message_count_failed = fields.Integer(
        string="Failed", compute="_compute_message_counts"
    )
    message_count_done = fields.Integer(
        string="Done", compute="_compute_message_counts"
    )
    conflict_count = fields.Integer(
        string="Conflicts", compute="_compute_conflict_count"
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
        domain=[("share", "=", False)],
        help="Told by an activity when messages cannot be delivered for a "
        "while (and the system administrators when empty).",
    )
    delivery_state = fields.Selection(
        [
            ("ok", "Delivering"),
            ("unreachable", "Unreachable"),
            ("refused", "Refused"),
        ],
        default="ok",
        required=True,
        readonly=True,
        tracking=True,
        help="How the last attempts to deliver messages went: refused means the "
        "remote refused our key or the whole call.",
    )
    failing_since = fields.Datetime(
        readonly=True, help="First failed attempt since the last delivery."
    )
    failure_count = fields.Integer(
        string="Failed Attempts", readonly=True, help="Since the last delivery."
    )
    last_attempt = fields.Datetime(readonly=True)
    next_attempt = fields.Datetime(readonly=True)
    job_channel_id = fields.Many2one(
        "queue.job.channel",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The queue_job channel sending this connection's messages "
        "(capacity 1: one job at a time), under the sync channel, whose "
        "capacity is what all connections send at once.",
    )
    last_success = fields.Datetime(string="Last Delivery", readonly=True)
    last_error = fields.Text(readonly=True)
    oldest_pending_date = fields.Datetime(
        string="Oldest Pending Since", compute="_compute_message_counts"
    )
    oldest_pending_hours = fields.Float(
        string="Oldest Pending (hours)",
        compute="_compute_message_counts",
        digits=(16, 1),
    )
    needs_attention = fields.Boolean(
        compute="_compute_needs_attention",
        search="_search_needs_attention",
        help="Messages cannot be delivered, or some were refused.",
    )
    last_check_date = fields.Datetime(readonly=True)
    last_check_message = fields.Text(readonly=True)
    remote_info = fields.Text(string="Remote Database", readonly=True)

    # Partner side: our standing with the vendor, as the vendor tells it.
    prm_vendor_tier = fields.Char(string="Our Tier", readonly=True, tracking=True)
    prm_vendor_tier_pricelist = fields.Char(string="Tier Price List", readonly=True)
    prm_vendor_tier_acceptance_hours = fields.Integer(
        string="Lead Acceptance Deadline (hours)", readonly=True
    )
    prm_vendor_tier_protection_days = fields.Integer(
        string="Deal Protection (days)", readonly=True
    )
    prm_vendor_tier_resolution_hours = fields.Integer(
        string="Service Resolution Time (hours)", readonly=True
    )
    prm_vendor_tier_mdf_share = fields.Float(
        string="MDF Share (%)", digits=(5, 2), readonly=True
    )
    prm_vendor_tier_date = fields.Datetime(string="Tier Received On", readonly=True)
    prm_agreement_ids = fields.One2many(
        "prm.sync.agreement", "connection_id", string="Vendor Agreements"
    )

    _sql_constraints = [
        (
            "remote_unique",
            "UNIQUE(remote_url, remote_database, remote_login)",
            "There is already a connection to this remote database with this login.",
        ),
        (
            "integration_user_unique",
            "UNIQUE(integration_user_id)",
            "An integration user calls for one connection only.",
        ),
    ]

    @api.constrains("integration_user_id", "partner_id")
    def _check_integration_user(self):
        for connection in self:
            user = connection.integration_user_id
            if user and user.commercial_partner_id != connection.partner_id:
                raise ValidationError(
                    self.env._(
                        "Their Integration User: %(user)s stands for %(other)s, "
                        "not %(partner)s.",
                        user=user.login,
                        other=user.commercial_partner_id.name,
                        partner=connection.partner_id.name,
                    )
                )

    @api.constrains("partner_id", "remote_role", "active")
    def _check_one_connection_per_partner(self):
        """A partner's database is connected once, in one company: what the
        suite sends a partner is looked up by partner, so a second connection
        (say, a partner shared by two companies connected in each) would
        leave one of them without its messages."""
        for connection in self.filtered("active"):
            other = self.with_context(active_test=True).search(
                [
                    ("id", "!=", connection.id),
                    ("partner_id", "=", connection.partner_id.id),
                    ("remote_role", "=", connection.remote_role),
                ],
                limit=1,
            )
            if other:
                raise ValidationError(
                    self.env._(
                        "%(partner)s is already connected (%(connection)s, "
                        "company %(company)s): a partner's database is "
                        "connected once, in one of your companies. Archive "
                        "that connection first.",
                        partner=connection.partner_id.name,
                        connection=other.name,
                        company=other.company_id.name,
                    )
                )

    @api.onchange("partner_id")
    def _onchange_partner_id_company(self):
        if self.partner_id.company_id:
            self.company_id = self.partner_id.company_id

    @api.model_create_multi
    def create(self, vals_list):
        """A connection standing for a partner of one company is in that
        company unless told otherwise (see `company_id`)."""
        for vals in vals_list:
            if not vals.get("company_id") and vals.get("partner_id"):
                company = self.env["res.partner"].browse(vals["partner_id"]).company_id
                if company:
                    vals["company_id"] = company.id
        roles = self._prm_roles()
        connections = super().create(vals_list)
        connections._prm_make_job_channels()
        self._prm_show_apps(roles)
        return connections

    def write(self, vals):
        roles = self._prm_roles() if {"remote_role", "active"} & set(vals) else None
        result = super().write(vals)
        if roles is not None:
            self._prm_show_apps(roles)
        return result

    def unlink(self):
        roles = self._prm_roles()
        channels = self.sudo().job_channel_id
        result = super().unlink()
        channels.unlink()
        self._prm_show_apps(roles)
        return result

    # The apps this database shows ----------------------------------------------

    @api.model
    def _prm_roles(self):
        """The roles of the remote databases we are connected to (active
        connections): a subset of {"vendor", "partner"}."""
        return {
            role
            for [role] in self.sudo()._read_group(
                [("active", "=", True)], ["remote_role"]
            )
        }

    @api.model
    def _prm_show_apps(self, before):
        """Show the apps for what this database is, once its connections
        changed from the roles `before`: the Vendor app while it is connected
        to a vendor; the Partner Network app hidden when its first vendor
        connects and it has neither partners connected nor channel partners
        of its own (it is only a vendor's partner), shown again when a partner
        connects or its last vendor goes. (The setting Partner Network App
        changes it by hand in between.)"""
        after = self._prm_roles()
        if before == after:
            return
        employee = self.env.ref("base.group_user").sudo()
        vendor_app = self.env.ref("partner_relationship_sync.group_prm_vendor_app")
        network = self.env["res.config.settings"]._fields["group_prm_network"]
        network_group = self.env.ref(network.implied_group).sudo()
        managers = self.env.ref(network.group).sudo()
        if "vendor" in after:
            employee._apply_group(vendor_app.sudo())
        else:
            employee._remove_group(vendor_app.sudo())
        if "partner" in after - before or ("vendor" in before - after):
            managers._apply_group(network_group)
        elif (
            "vendor" in after - before
            and "partner" not in after
            and not self.env["res.partner"].sudo()._prm_accepted_channel_partners()
        ):
            managers._remove_group(network_group)

    def _prm_integration_users(self):
        """The users of this database the remote logs in as: its integration
        user, else the integration users of the company it stands for."""
        self.ensure_one()
        if self.integration_user_id:
            return self.integration_user_id
        group = self.env.ref("partner_relationship_sync.group_prm_sync_integration")
        return (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("groups_id", "in", group.ids),
                    ("commercial_partner_id", "=", self.partner_id.id),
                ]
            )
        )

    @api.depends("company_id", "integration_user_id.company_ids", "partner_id")
    def _compute_company_warning(self):
        for connection in self:
            users = connection._prm_integration_users().filtered(
                lambda user, c=connection: c.company_id not in user.sudo().company_ids
            )
            connection.company_warning = (
                connection._prm_company_refusal(users) if users else False
            )

    def _prm_company_refusal(self, users):
        return self.env._(
            "The integration user %(users)s is not allowed %(company)s, the "
            "company of the connection %(connection)s: the messages of "
            "%(partner)s are refused until an administrator adds %(company)s "
            "to its Allowed Companies (or moves the connection to a company it "
            "is allowed).",
            users=", ".join(users.mapped("login")),
            company=self.company_id.name,
            connection=self.name,
            partner=self.partner_id.name,
        )

    def _prm_check_company_allowed(self, user):
        """Refuse a call of `user` for this connection when it may not work
        in the connection's company, where the messages are applied."""
        self.ensure_one()
        if self.company_id not in user.sudo().company_ids:
            _logger.warning(
                "Sync: %s refused: %s is not allowed %s",
                self.display_name,
                user.login,
                self.company_id.name,
            )
            raise AccessError(self._prm_company_refusal(user))

    def _prm_in_company(self, records):
        """The `records` this connection may carry: those of its company or
        shared by every company (without one). A record of another company
        stays in its company, whatever collected it."""
        self.ensure_one()
        if "company_id" not in records._fields:
            return records
        return records.filtered(
            lambda record: (
                not record.sudo().company_id
                or record.sudo().company_id == self.company_id
            )
        )

    @api.depends("flow_ids")
    def _compute_flow_names(self):
        # The names of the flows, for the users who may not read models.
        for connection in self:
            connection.flow_names = ", ".join(
                connection.sudo().flow_ids.sorted("name").mapped("name")
            )

    @api.model
    def _prm_flow_names(self):
        return self.env["prm.sync.flow"]._prm_flows()

    @api.model
    def _prm_default_flows(self):
        return (
            self.env["ir.model"]
            .sudo()
            .search([("model", "in", self._prm_flow_names())])
        )

    def _prm_flow_enabled(self, flow_name):
        self.ensure_one()
        return flow_name in self.sudo().flow_ids.mapped("model")

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
        check_role(self, "action_test_connection")
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

    # What to send again in full ------------------------------------------------------

    def action_prm_send_relationship(self):
        """Vendor side: send the partner its current tier and agreements
        (e.g. right after connecting)."""
        check_role(self, "action_prm_send_relationship")
        Flow = self.env["prm.sync.relationship.flow"]
        for connection in self:
            if connection.remote_role != "partner":
                raise UserError(
                    self.env._(
                        "%(connection)s: only a partner's database is told its "
                        "tier and agreements.",
                        connection=connection.display_name,
                    )
                )
            partner = connection.partner_id.commercial_partner_id
            Flow._prm_send_tiers(partner)
            Flow._prm_send_agreements(
                self.env["prm.agreement"]
                .sudo()
                .search([("partner_id", "=", partner.id)])
            )
        return True

    def action_prm_send_catalogue(self):
        """The initial full push of the central catalogue to a partner."""
        check_role(self, "action_prm_send_catalogue")
        partners = self.filtered(lambda c: c.remote_role == "partner")
        if partners != self:
            raise UserError(self.env._("Send Catalogue: only to a partner's database."))
        self.env["prm.sync.catalogue.flow"]._prm_send_catalogue(self.sudo())
        return True

    def action_prm_share_inventory(self):
        """Share this database's inventory figures with the vendor now."""
        check_role(self, "action_prm_share_inventory")
        if self.filtered(lambda c: c.remote_role != "vendor"):
            raise UserError(
                self.env._("Share Inventory: only with a vendor's database.")
            )
        self.env["prm.sync.vmi.flow"]._prm_share_inventory(self.sudo())
        return True

    # Messages ----------------------------------------------------------------------

    def _compute_message_counts(self):
        groups = self.env["prm.sync.message"]._read_group(
            [("connection_id", "in", self.ids)],
            groupby=["connection_id", "state"],
            aggregates=["__count", "create_date:min"],
        )
        counts = {
            (connection.id, state): (count, oldest)
            for connection, state, count, oldest in groups
        }
        now = fields.Datetime.now()
        for connection in self:
            for state in ("pending", "failed", "done"):
                connection[f"message_count_{state}"] = counts.get(
                    (connection.id, state), (0,)
                )[0]
            oldest = counts.get((connection.id, "pending"), (0, False))[1]
            connection.oldest_pending_date = oldest
            connection.oldest_pending_hours = (
                (now - oldest).total_seconds() / 3600 if oldest else 0.0
            )

    def _compute_needs_attention(self):
        for connection in self:
            connection.needs_attention = (
                connection.delivery_state != "ok" or connection.message_count_failed
            )

    def _search_needs_attention(self, operator, value):
        check_flag_search(self, "needs_attention", operator, value)
        failed = self.env["prm.sync.message"]._read_group(
            [("state", "=", "failed")], groupby=["connection_id"]
        )
        domain = [
            "|",
            ("delivery_state", "!=", "ok"),
            ("id", "in", [connection.id for (connection,) in failed]),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    def _compute_conflict_count(self):
        groups = self.env["prm.sync.conflict"]._read_group(
            [("connection_id", "in", self.ids)],
            groupby=["connection_id"],
            aggregates=["__count"],
        )
        counts = {connection.id: count for connection, count in groups}
        for connection in self:
            connection.conflict_count = counts.get(connection.id, 0)

    def _prm_make_job_channels(self):
        """Each connection its own queue_job channel, of capacity 1, under
        the sync channel: a connection's sending holds one job slot at most,
        so that a slow or dead remote delays the others by that slot only.
        They are records, as the sync channel is: queue_job's runner takes
        its channels from the database (when its configuration names none)
        and vacuums the done jobs of the channels it knows."""
        parent = self.env.ref("partner_relationship_sync.queue_job_channel_sync")
        Channel = self.env["queue.job.channel"].sudo()
        for connection in self.sudo().filtered(lambda c: not c.job_channel_id):
            connection.job_channel_id = Channel.create(
                {
                    "name": f"connection_{connection.id}",
                    "parent_id": parent.id,
                    "capacity": 1,
                }
            )

    def _prm_job_channel(self):
        """The channel of the connection's sending job: its own, or, while
        the remote cannot be reached, the one of the failing connections
        (capacity 1, beside the sync channel): a dead remote costs one slot
        of the sync channel for its first timeout, then waits its backoff
        holding none and is tried in that channel."""
        self.ensure_one()
        connection = self.sudo()
        failing = connection.delivery_state == "unreachable" and self.env.ref(
            "partner_relationship_sync.queue_job_channel_sync_failing",
            raise_if_not_found=False,
        )
        channel = (
            failing
            or connection.job_channel_id
            or self.env.ref("partner_relationship_sync.queue_job_channel_sync")
        )
        return channel.complete_name

    def _prm_schedule_send(self, eta=None):
        """Queue one job per connection to send its pending messages after
        commit (one job at a time: identical pending jobs are merged), at
        `eta` or at once. While a connection is backed off, a new message is
        tried a minute after the last attempt at the latest, so that it is
        not held for the whole backoff once the remote is back."""
        now = fields.Datetime.now()
        for connection in self:
            when = eta
            if when is None and connection.next_attempt and connection.last_attempt:
                probe = connection.last_attempt + timedelta(seconds=NEW_MESSAGE_PROBE)
                when = max(now, min(connection.next_attempt, probe))
            job = connection._prm_send_job(identity_exact, when)
            # An identical job already waiting later is brought forward.
            # (The job is the existing queue.job when there was one.)
            record = job if isinstance(job, models.BaseModel) else job.db_record()
            if record.state == "pending":
                # The runner may be handing it to a worker now, unseen by this
                # transaction's snapshot (the job would look for messages
                # before this one is committed): locked, a hand-over since
                # fails this transaction, which Odoo retries (and then sees
                # the job enqueued, below); one after waits for the commit.
                self.env.cr.execute(
                    SQL("SELECT 1 FROM queue_job WHERE id = %s FOR UPDATE", record.id)
                )
            channel = connection._prm_job_channel()
            if record.state == "pending" and record.channel != channel:
                # The remote failed, or answers again, since it was queued.
                record.sudo().channel = channel
            if record.state == "pending" and record.eta and record.eta > (when or now):
                record.eta = when or False
            elif record.state == "enqueued":
                # Handed to a worker already (queue_job merges it), it may
                # look for messages before this one is committed: one more
                # job after it. (A started job is never merged.)
                connection._prm_send_job(f"prm_sync_after_{record.uuid}", when)

    def _prm_send_job(self, identity_key, eta):
        return self.with_delay(
            identity_key=identity_key,
            channel=self._prm_job_channel(),
            max_retries=0,
            eta=eta,
            description=self.env._(
                "Send sync messages to %(connection)s", connection=self.name
            ),
        )._prm_send_pending()

    def action_send_now(self):
        """Send the pending messages now (also what the job does)."""
        check_role(self, "action_send_now")
        for connection in self:
            connection._prm_send_pending(retry=False)
        return True

    def _prm_send_pending(self, retry=True):
        """Send the pending messages, oldest first, in batches of BATCH_SIZE
        (BATCHES_PER_RUN at most, then the next job takes over), and record
        each answer.

        Network errors, timeouts and 5xx leave the messages pending and, in a
        job, retry with backoff (see the job function's retry pattern). A
        refused login or key marks the connection failed and alerts the
        administrators, without retrying. A message the remote refuses is
        marked failed with the remote's message."""
        self.ensure_one()
        self._prm_lock_sending(in_job=retry)
        Message = self.env["prm.sync.message"].sudo()
        done = 0
        tried = Message
        for _batch in range(BATCHES_PER_RUN):
            messages = Message.search(
                [
                    ("connection_id", "=", self.id),
                    ("state", "=", "pending"),
                    ("id", "not in", tried.ids),
                    # Send Now tries everything; the job what is due.
                    *(
                        [
                            "|",
                            ("next_try", "=", False),
                            ("next_try", "<=", fields.Datetime.now()),
                        ]
                        if retry
                        else []
                    ),
                ],
                order="id",
                limit=BATCH_SIZE,
            )
            if not messages:
                return done
            batch = self._prm_within_call_size(messages)
            tried |= batch
            # A probe of a failing remote: what waits for its backoff is not
            # locked (an administrator may cancel it) unless it answers.
            held_back = self._prm_held_back() - batch
            batch._prm_lock_to_send()
            sent = self._prm_send_batch(batch)
            if sent is None:
                return done
            done += sent
            if held_back:
                # The remote answers again: what waited goes now, in this
                # run, but for what is being changed or was since this run
                # began (e.g. cancelled during the call): left to its fate.
                released = held_back._prm_lock_unless_changed()
                released.write({"next_try": False})
                tried |= held_back - released
            elif len(messages) < BATCH_SIZE and batch == messages:
                return done
        if retry:
            self._prm_schedule_send()
        return done

    @api.model
    def _prm_within_call_size(self, messages):
        """The first of `messages` that fit in one call (the remote's Odoo
        takes 128 MiB at most in a request): one at least."""
        total = 0
        for count, message in enumerate(messages):
            total += len(json.dumps(message.payload, default=str))
            if total > CALL_BYTES and count:
                return messages[:count]
        return messages

    def _prm_lock_sending(self, in_job):
        """One sender per connection at a time: a second one would send the
        same messages again and record their answers twice. A job finding
        another sender at work tries again a few seconds later; *Send Now*
        says so."""
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    "SELECT id FROM prm_sync_connection WHERE id = %s "
                    "FOR NO KEY UPDATE NOWAIT",
                    [self.id],
                    log_exceptions=False,
                )
        except psycopg2.errors.LockNotAvailable:
            message = self.env._(
                "Messages to %(connection)s are being sent right now; they "
                "will be done in a moment.",
                connection=self.name,
            )
            if in_job:
                raise RetryableJobError(message, seconds=5, ignore_retry=True) from None
            raise UserError(message) from None

    def _prm_send_batch(self, messages):
        """Send one batch; the number applied, or None when the call failed.

        Every failure is recorded, on the messages (attempts, last error,
        next try) and on the connection (state, since when, next attempt),
        and the next attempt is scheduled with a growing backoff: nothing
        is left to a job's retry, which would roll the record back."""
        try:
            answers = self._remote().execute(
                "prm.sync.api", "prm_sync_receive", [m._prm_wire() for m in messages]
            )
        except RemoteUnreachable as error:
            self._prm_delivery_failed(messages, "unreachable", str(error))
            return None
        except RemoteAuthenticationFailed as error:
            self._prm_delivery_failed(messages, "refused", str(error))
            self.sudo().write(
                {
                    "state": "failed",
                    "last_check_date": fields.Datetime.now(),
                    "last_check_message": str(error),
                }
            )
            self._prm_alert(
                self.env._("Sync connection refused: renew the API key"), str(error)
            )
            return None
        except RemoteValidationError as error:
            # The remote refused the whole call: the messages fail with its
            # reason, for an administrator to see, and are not resent.
            self._prm_record_failure(messages, str(error))
            self._prm_delivery_failed(
                self.env["prm.sync.message"], "refused", str(error)
            )
            self._prm_alert(
                self.env._(
                    "Sync: %(connection)s refused our messages", connection=self.name
                ),
                str(error),
            )
            return None
        except RemoteError as error:
            # Any other (e.g. the remote database renamed): kept and retried.
            self._prm_delivery_failed(messages, "unreachable", str(error))
            return None
        self._prm_delivered()
        unanswered = {
            "status": "error",
            "message": self.env._("The remote did not answer this message."),
        }
        if not isinstance(answers, dict):
            answers = {}
        answer_of = {
            message: answer
            if isinstance(answer := answers.get(message.uuid), dict) and answer
            else unanswered
            for message in messages
        }
        later = messages.filtered(
            lambda message: answer_of[message].get("status") == "retry"
        )
        if later:
            self._prm_try_later(later, answer_of)
        refused = messages.filtered(
            lambda message: answer_of[message].get("status") == "error"
        )
        for message in refused:
            message.write(
                {
                    "state": "failed",
                    "attempts": message.attempts + 1,
                    "last_error": answer_of[message].get("message"),
                }
            )
        applied = messages - refused - later
        applied.write(
            {
                "state": "done",
                "date_done": fields.Datetime.now(),
                "last_error": False,
                "next_try": False,
            }
        )
        for message in applied:
            message.attempts += 1
            message.result = answer_of[message]
        applied._prm_on_done(answer_of)
        return len(applied)

    def _prm_try_later(self, messages, answer_of):
        """The remote does not know yet the record these messages are about
        (the binding made from its answer to us may not be committed yet):
        tried again a minute later, a few times, then failed."""
        next_try = fields.Datetime.now() + timedelta(seconds=NEW_MESSAGE_PROBE)
        for message in messages:
            message.write(
                {
                    "state": "pending"
                    if message.unknown_count + 1 < RETRY_UNKNOWN
                    else "failed",
                    "attempts": message.attempts + 1,
                    "unknown_count": message.unknown_count + 1,
                    "last_error": answer_of[message].get("message"),
                    "next_try": next_try,
                }
            )
        self._prm_schedule_send(eta=next_try)

    def _prm_record_failure(self, messages, error, keep_pending=False, next_try=False):
        for message in messages:
            message.write(
                {
                    "state": "pending" if keep_pending else "failed",
                    "attempts": message.attempts + 1,
                    "last_error": error,
                    "next_try": next_try,
                }
            )

    def _prm_backoff(self, failures):
        """Seconds to wait after `failures` failed attempts in a row."""
        cap = self.env["prm.sync.api"]._prm_limit(MAX_BACKOFF_PARAM, MAX_BACKOFF)
        return min(FIRST_BACKOFF * 2 ** min(max(failures - 1, 0), 20), cap)

    def _prm_delivery_failed(self, messages, state, error):
        """The remote could not be reached (or refused our key): record it on
        the messages and the connection; when unreachable, try again after
        the backoff and tell the responsible once the failures last."""
        self.ensure_one()
        connection = self.sudo()
        now = fields.Datetime.now()
        failures = connection.failure_count + 1
        # A refused key or call is tried again with the next message queued,
        # or Send Now; an unreachable remote after the backoff.
        next_attempt = state == "unreachable" and now + timedelta(
            seconds=self._prm_backoff(failures)
        )
        self._prm_record_failure(
            messages, error, keep_pending=True, next_try=next_attempt
        )
        connection.write(
            {
                "delivery_state": state,
                "failing_since": connection.failing_since or now,
                "failure_count": failures,
                "last_attempt": now,
                "next_attempt": next_attempt,
                "last_error": error,
            }
        )
        if not next_attempt:
            return
        self._prm_schedule_send(eta=next_attempt)
        minutes = self.env["prm.sync.api"]._prm_limit(ALERT_PARAM, ALERT_AFTER)
        if connection.failing_since <= now - timedelta(minutes=minutes):
            self._prm_alert(
                self.env._(
                    "Sync: %(connection)s cannot be reached",
                    connection=connection.name,
                ),
                self.env._(
                    "Messages could not be delivered since %(since)s (%(count)s "
                    "attempts; next at %(next)s). Last error: %(error)s",
                    since=connection.failing_since,
                    count=failures,
                    next=next_attempt,
                    error=error,
                ),
            )

    def _prm_delivered(self):
        """The remote answered: the connection is back, its alert closed."""
        connection = self.sudo()
        now = fields.Datetime.now()
        values = {"last_success": now, "last_attempt": now}
        if connection.delivery_state != "ok" or connection.failure_count:
            values.update(
                {
                    "delivery_state": "ok",
                    "failing_since": False,
                    "failure_count": 0,
                    "next_attempt": False,
                    "last_error": False,
                }
            )
            connection._prm_open_alerts().action_feedback(
                feedback=self.env._("The remote database answers again.")
            )
        connection.write(values)

    def _prm_held_back(self):
        """The pending messages waiting for the backoff of a connection
        whose remote failed, which its first answer releases (see
        `_prm_send_pending`): none while the remote answers."""
        connection = self.sudo()
        Message = self.env["prm.sync.message"].sudo()
        if connection.delivery_state == "ok" and not connection.failure_count:
            return Message
        return Message.search(
            [
                ("connection_id", "=", connection.id),
                ("state", "=", "pending"),
                ("next_try", "!=", False),
            ]
        )

    def _prm_open_alerts(self):
        activity_type = self.env.ref("mail.mail_activity_data_warning")
        return self.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

    def _prm_alert(self, summary, note):
        """Tell the connection's responsible (else an administrator), once
        per connection until the remote answers again."""
        admins = (
            self.env.ref("base.group_system")
            .sudo()
            .users.filtered(lambda user: user.active and not user.share)
        )
        activity_type = self.env.ref("mail.mail_activity_data_warning")
        for connection in self.sudo():
            if connection._prm_open_alerts():
                continue
            responsible = connection.user_id.filtered(
                lambda user: user.active and not user.share
            )
            connection.activity_schedule(
                activity_type_id=activity_type.id,
                summary=summary,
                note=note,
                user_id=responsible.id or admins[:1].id or self.env.uid,
            )
