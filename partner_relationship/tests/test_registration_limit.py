# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import psycopg2

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.base.tests.common import new_test_user

from ..models.prm_deal_registration import REGISTRATION_LIMIT_PARAM

# What the transactions do besides registering is left out: no tracking, no
# e-mail sent at their commit.
QUIET = {
    "tracking_disable": True,
    "mail_notrack": True,
    "mail_activity_quick_update": True,
    "mail_notify_force_send": False,
    "no_reset_password": True,
}


@tagged("post_install", "-at_install")
class TestRegistrationLimitInParallel(TransactionCase):
    """A partner's registrations sent in parallel (two portal requests, or a
    portal request and a sync message) are counted one after the other:
    together they never pass the hourly limit.

    Each request is a transaction of its own on the test database (a cursor
    of the registry, committed like a request); the partner, its portal user
    and what the transactions commit are deleted at the end."""

    LIMIT = 2

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, QUIET)
            parameters = env["ir.config_parameter"]
            self.previous_limit = parameters.get_param(REGISTRATION_LIMIT_PARAM)
            parameters.set_param(REGISTRATION_LIMIT_PARAM, str(self.LIMIT))
            partner = env["res.partner"].create(
                {
                    "name": "Parallel Partner Ltd",
                    "is_company": True,
                    "is_channel_partner": True,
                    "partner_manager_id": env.ref("base.user_admin").id,
                }
            )
            contact = env["res.partner"].create(
                {
                    "name": "Pat of Parallel",
                    "parent_id": partner.id,
                    "email": "pat@parallel.example.com",
                }
            )
            user = new_test_user(
                env,
                login="prm_parallel_portal",
                groups="base.group_portal",
                partner_id=contact.id,
            )
            self.partner_id, self.contact_id, self.user_id = (
                partner.id,
                contact.id,
                user.id,
            )
        self.addCleanup(self._delete_committed)

    def _delete_committed(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {**QUIET, "active_test": False})
            env["prm.deal.registration"].search(
                [("partner_id", "=", self.partner_id)]
            ).unlink()
            env["res.users"].browse(self.user_id).unlink()
            env["res.partner"].browse([self.contact_id, self.partner_id]).unlink()
            env["ir.config_parameter"].set_param(
                REGISTRATION_LIMIT_PARAM, self.previous_limit or False
            )

    def _request(self):
        """A transaction of the partner's portal user (a portal request)."""
        cr = self.registry.cursor()
        self.addCleanup(cr.close)
        return api.Environment(cr, self.user_id, QUIET)

    def _register(self, env, customer):
        return env["prm.deal.registration"]._prm_partner_register(
            self.partner_id, {"customer_name": customer}
        )

    def _count(self, env):
        return (
            env["prm.deal.registration"]
            .sudo()
            .search_count([("partner_id", "=", self.partner_id)])
        )

    def test_parallel_registrations_never_pass_the_limit(self):
        first, second, third = self._request(), self._request(), self._request()
        # The third request has read the database before the first commits.
        self.assertEqual(self._count(third), 0)
        self._register(first, "Customer One")
        self._register(first, "Customer Two")
        # The second request waits for the first: given a lock timeout, it
        # fails on it rather than registering beside the first.
        second.cr.execute("SET LOCAL lock_timeout = '100ms'")
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.LockNotAvailable),
        ):
            self._register(second, "Customer Three")
        second.cr.rollback()
        first.cr.commit()
        # The third does not count from what it read before the first
        # committed: it fails as a concurrent update, which Odoo retries.
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.SerializationFailure),
        ):
            self._register(third, "Customer Three")
        third.cr.rollback()
        # Run again (as Odoo retries them), both are refused.
        for request in (second, third):
            with self.assertRaisesRegex(
                UserError, "Parallel Partner Ltd registered 2 deals in the last hour"
            ):
                self._register(request, "Customer Three")
            request.cr.rollback()
        self.assertEqual(self._count(second), self.LIMIT)
