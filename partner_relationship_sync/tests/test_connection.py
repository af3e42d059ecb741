# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import config, mute_logger

from odoo.addons.base.tests.common import new_test_user

from ..models.prm_sync_api import SYNC_PROTOCOL_VERSION
from .common import unreachable_connection, unreachable_url


@tagged("post_install", "-at_install")
class TestConnection(HttpCase):
    """Test Connection against this very database, over real XML-RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor = cls.env["res.partner"].create(
            {"name": "Vendor Corp", "is_company": True}
        )
        wizard = cls.env["prm.sync.authorize"].create({"partner_id": cls.vendor.id})
        action = wizard.action_authorize()
        cls.wizard = wizard
        cls.integration_user = wizard.user_id
        cls.api_key = action["context"]["prm_sync_api_key"]
        cls.connection = cls.env["prm.sync.connection"].create(
            {
                "name": "Loopback",
                "remote_role": "vendor",
                "partner_id": cls.vendor.id,
                "remote_url": f"http://127.0.0.1:{config['http_port']}",
                "remote_database": cls.env.cr.dbname,
                "remote_login": wizard.login,
                "api_key": cls.api_key,
                "timeout": 20,
            }
        )

    def test_authorize_creates_confined_integration_user(self):
        self.assertEqual(self.integration_user.commercial_partner_id, self.vendor)
        self.assertTrue(self.integration_user.share, "must not be an internal user")
        self.assertTrue(
            self.integration_user.has_group(
                "partner_relationship_sync.group_prm_sync_integration"
            )
        )
        self.assertEqual(len(self.api_key), 40)

    def test_connection_ok(self):
        self.connection.action_test_connection()
        self.assertEqual(
            self.connection.state, "ok", self.connection.last_check_message
        )
        self.assertIn(self.env.company.name, self.connection.last_check_message)
        self.assertIn(f"protocol: {SYNC_PROTOCOL_VERSION}", self.connection.remote_info)

    @mute_logger("odoo.http", "odoo.addons.base.models.res_users")
    def test_bad_key(self):
        self.connection.api_key = "0" * 40
        self.connection.action_test_connection()
        self.assertEqual(self.connection.state, "failed")
        self.assertIn("Bad login or API key", self.connection.last_check_message)

    @mute_logger("odoo.http", "odoo.sql_db")
    def test_wrong_database(self):
        self.connection.remote_database = "prm_no_such_database"
        self.connection.action_test_connection()
        self.assertEqual(self.connection.state, "failed")
        self.assertIn("Wrong database", self.connection.last_check_message)

    def test_unreachable(self):
        self.connection.remote_url = unreachable_url()
        self.connection.action_test_connection()
        self.assertEqual(self.connection.state, "failed")
        self.assertIn("Unreachable", self.connection.last_check_message)

    def test_key_is_only_readable_by_administrators(self):
        channel_manager = new_test_user(
            self.env,
            login="prm_sync_channel_manager",
            groups="base.group_user,partner_relationship.group_prm_manager",
        )
        connection = self.connection.with_user(channel_manager)
        self.assertEqual(connection.name, "Loopback")
        with self.assertRaises(AccessError):
            connection.read(["api_key"])
        with self.assertRaises(AccessError):
            connection.write({"remote_url": "http://evil.example.com"})

    def test_the_key_is_not_kept_once_the_wizard_is_closed(self):
        """Shown once in the wizard's form, the key is stored nowhere: the
        wizard read again (as its own administrator) has none."""
        self.assertTrue(self.api_key)
        self.wizard.invalidate_recordset()
        self.assertFalse(self.wizard.read(["api_key"])[0]["api_key"])
        self.env.cr.execute(
            "SELECT 1 FROM information_schema.columns "
            "WHERE table_name = 'prm_sync_authorize' AND column_name = 'api_key'"
        )
        self.assertFalse(self.env.cr.fetchall(), "no column holds it")

    def test_sync_info_answers_integration_users_only(self):
        Api = self.env["prm.sync.api"]
        self.assertEqual(
            Api.with_user(self.integration_user).prm_sync_info()["protocol"],
            SYNC_PROTOCOL_VERSION,
        )
        for groups in ("base.group_portal", "base.group_user"):
            user = new_test_user(self.env, login=f"prm_info_{groups}", groups=groups)
            with self.assertRaises(AccessError):
                Api.with_user(user).prm_sync_info()

    def test_a_partner_of_another_company_is_connected_in_its_company(self):
        """Authorised and connected for a partner of the Taiwan company, the
        integration user and the connection are in that company; an
        integration user that loses it is shown on the connection."""
        taiwan = self.env["res.company"].create({"name": "Aurora Devices Taiwan"})
        self.env.user.company_ids |= taiwan
        harbor = self.env["res.partner"].create(
            {"name": "Harbor Leads Taiwan", "is_company": True, "company_id": taiwan.id}
        )
        wizard = self.env["prm.sync.authorize"].create({"partner_id": harbor.id})
        wizard.action_authorize()
        self.assertEqual(wizard.user_id.company_id, taiwan)
        self.assertEqual(wizard.user_id.company_ids, taiwan)
        connection = unreachable_connection(self.env, harbor, "partner")
        self.assertEqual(connection.company_id, taiwan)
        self.assertFalse(connection.company_warning)
        wizard.user_id.write(
            {
                "company_ids": [(4, self.env.company.id)],
                "company_id": self.env.company.id,
            }
        )
        # Working in the US company, it is still told the connection's.
        info = self.env["prm.sync.api"].with_user(wizard.user_id).prm_sync_info()
        self.assertEqual(info["company"], "Aurora Devices Taiwan")
        wizard.user_id.company_ids -= taiwan
        connection.invalidate_recordset(["company_warning"])
        self.assertIn(
            "is not allowed Aurora Devices Taiwan", connection.company_warning
        )
        with self.assertRaisesRegex(AccessError, "is not allowed Aurora Devices"):
            connection._prm_check_company_allowed(wizard.user_id)

    def test_a_partner_is_connected_once(self):
        """A second connection for the same partner (say, a partner shared by
        two companies, connected in each) is refused with the reason: the
        messages to the partner would go to one of them only."""
        taiwan = self.env["res.company"].create({"name": "Aurora Devices Taiwan"})
        self.env.user.company_ids |= taiwan

        def connect_again():
            return unreachable_connection(
                self.env,
                self.connection.partner_id,
                self.connection.remote_role,
                company_id=taiwan.id,
            )

        # (assertRaisesRegex has no savepoint of its own: the refused row
        # would stay.)
        with (
            self.assertRaisesRegex(ValidationError, "is already connected"),
            self.env.cr.savepoint(),
        ):
            connect_again()
        self.connection.active = False
        second = connect_again()
        with (
            self.assertRaisesRegex(ValidationError, "is already connected"),
            self.env.cr.savepoint(),
        ):
            self.connection.active = True
        self.assertEqual(second.company_id, taiwan)
