# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import prm_in_taiwan
from .lead_routing_common import LeadRoutingCommon


@tagged("post_install", "-at_install")
class TestRoutingChatter(LeadRoutingCommon):
    """The router writes in SQL; each routed lead still gets Odoo's tracking
    message in its chatter."""

    def _route(self, leads):
        # The test environment turns tracking off; the cron and the wizard
        # run with it.
        return self.Router.with_context(
            tracking_disable=False, mail_notrack=False
        )._route(leads)

    def _tracking_message(self, lead):
        messages = lead.message_ids.filtered("tracking_value_ids")
        self.assertEqual(len(messages), 1)
        return messages

    @staticmethod
    def _shown(message, user):
        """The tracking values the chatter shows `user`, as Odoo's chatter
        formats them: {field label: (old, new)}."""
        trackings = message.sudo().tracking_value_ids._filter_has_field_access(
            message.with_user(user).env
        )
        return {
            value["changedField"]: (
                value["oldValue"]["value"],
                value["newValue"]["value"],
            )
            for value in trackings._tracking_value_format()
        }

    @freeze_time("2027-01-04 09:00:00")
    def test_routed_lead_shows_partner_rule_and_deadline(self):
        lead = self._lead()
        self._route(lead)
        self.assertEqual(lead.partner_assigned_id, self.partner_a)
        message = self._tracking_message(lead)
        # An internal note logged by the user who routed, like Odoo's own
        # tracking of a change that has no subtype of its own.
        self.assertEqual(message.message_type, "notification")
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_note"))
        self.assertTrue(message.is_internal)
        self.assertEqual(message.author_id, self.env.user.partner_id)
        deadline = fields.Datetime.now() + timedelta(hours=24)  # Gold
        self.assertEqual(lead.prm_acceptance_deadline, deadline)
        shown = self._shown(message, self.channel_manager)
        self.assertEqual(shown["Assigned Partner"], ("", "Partner A Ltd"))
        self.assertEqual(shown["Partner Answer"], ("", "Awaiting Partner"))
        self.assertEqual(shown["Routing Rule"], ("", "United States"))
        self.assertEqual(
            message.tracking_value_ids.filtered(
                lambda value: value.field_id.name == "prm_acceptance_deadline"
            ).new_value_datetime,
            deadline,
        )
        self.assertEqual(shown["Accept By"][0], False)
        self.assertEqual(len(shown), 4)
        self.assertEqual(
            lead.with_user(self.channel_manager).prm_routing_rule_id, self.rule_us
        )

    def test_same_trail_as_odoo_tracking_a_forward(self):
        """The router's note reads as the one Odoo's tracking logs when a
        user forwards a lead to the same partner by hand."""
        routed, forwarded = self._lead("Routed"), self._lead("Forwarded")
        self._route(routed)
        # Odoo does not track leads created in the same transaction: the
        # forward comes in a later one.
        self.env.cr.precommit.clear()
        forwarded.with_context(tracking_disable=False, mail_notrack=False)._prm_offer(
            self.partner_a, routed.prm_acceptance_deadline
        )
        self.env.cr.precommit.run()  # Odoo logs its tracking before commit
        by_router = self._tracking_message(routed)
        by_odoo = self._tracking_message(forwarded)
        self.assertEqual(
            (by_router.message_type, by_router.subtype_id, by_router.is_internal),
            (by_odoo.message_type, by_odoo.subtype_id, by_odoo.is_internal),
        )
        shown = self._shown(by_router, self.channel_manager)
        self.assertEqual(shown.pop("Routing Rule"), ("", "United States"))
        self.assertEqual(shown, self._shown(by_odoo, self.channel_manager))

    def test_partners_do_not_read_the_routing_note(self):
        lead = self._lead()
        self._route(lead)
        message = self._tracking_message(lead)
        # The partner holding the lead: an internal note is not in his portal
        # chatter (which searches the messages he may see).
        portal_a = self.portal_user_a
        self.assertEqual(lead.with_user(portal_a).partner_assigned_id, self.partner_a)
        self.assertFalse(
            self.env["mail.message"]
            .with_user(portal_a)
            .search([("model", "=", "crm.lead"), ("res_id", "=", lead.id)])
            & message
        )
        # Even the note read by its id (Odoo lets a reader of the document
        # read its notes) shows him no routing rule, a field of vendor users:
        # only the values the portal shows him of his lead. The tracking
        # values themselves are for administrators.
        with self.assertRaises(AccessError):
            message.with_user(portal_a).tracking_value_ids.read(["new_value_char"])
        self.assertEqual(
            set(self._shown(message, portal_a)),
            {"Assigned Partner", "Partner Answer", "Accept By"},
        )
        # Another partner reads nothing of a lead it does not hold.
        with self.assertRaises(AccessError):
            message.with_user(self.portal_user_b).read(["body"])
        self.assertFalse(
            self.env["mail.message"]
            .with_user(self.portal_user_b)
            .search([("model", "=", "crm.lead"), ("res_id", "=", lead.id)])
        )

    def test_protected_customer_names_the_registration(self):
        self.tier_gold.deal_protection_days = 60
        registration = self._register(self.portal_user_b, self.partner_b)
        registration.with_user(self.channel_manager).action_approve()
        lead = self._lead("Second site", email_from="cfo@harborfreight.example.com")
        self._route(lead)
        self.assertEqual(lead.partner_assigned_id, self.partner_b)
        message = self._tracking_message(lead)
        shown = self._shown(message, self.channel_manager)
        self.assertEqual(shown["Assigned Partner"], ("", "Partner B GmbH"))
        self.assertEqual(
            shown["Protecting Registration"], ("", registration.display_name)
        )
        self.assertNotIn("Routing Rule", shown)
        # A field of vendor users: not shown to the partner holding the lead,
        # nor in the note's text (a later holder may read the note by id).
        self.assertNotIn(
            "Protecting Registration", self._shown(message, self.portal_user_b)
        )
        self.assertNotIn(registration.name, str(message.body))

    def test_a_decline_logs_the_next_offer_once(self):
        """The partner's decline clears the lead through the ORM, then routes
        it on: one note, from the partner who declined to the next one, and
        not authored by the declining partner (who may no longer read it)."""
        lead = self._lead()
        self._route(lead)
        self.env.cr.precommit.clear()  # committed: the decline comes later
        first = self._tracking_message(lead)
        lead.with_user(self.portal_user_a).with_context(
            tracking_disable=False, mail_notrack=False
        ).action_prm_decline("Not our market")
        self.env.cr.precommit.run()  # Odoo logs its tracking before commit
        self.assertEqual(lead.partner_assigned_id, self.partner_b)
        notes = lead.message_ids.filtered(
            lambda message: message.tracking_value_ids.field_id.filtered(
                lambda field: field.name == "partner_assigned_id"
            )
        )
        self.assertEqual(len(notes), 2, "one note per offer, none from the commit")
        second = notes - first
        shown = self._shown(second, self.channel_manager)
        self.assertEqual(shown["Assigned Partner"], ("Partner A Ltd", "Partner B GmbH"))
        self.assertNotIn("Partner Answer", shown)  # awaiting the partner still
        self.assertEqual(second.author_id, self.env.ref("base.partner_root"))
        with self.assertRaises(AccessError):
            second.with_user(self.portal_user_a).read(["body"])

    def test_no_tracking_when_the_caller_disables_it(self):
        lead = self._lead()
        self.Router._route(lead)
        self.assertFalse(lead.message_ids.tracking_value_ids)

    def test_tracking_queries_do_not_grow_with_leads(self):
        """Ten times the leads, the same queries: the notes and their values
        are not written lead by lead."""

        def queries_to_route(count):
            leads = self._leads(count)
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self._route(leads)
            queries = self.env.cr.sql_log_count - before
            self.assertEqual(
                len(leads.message_ids.filtered("tracking_value_ids")), count
            )
            return queries

        few, many = queries_to_route(6), queries_to_route(60)
        self.assertLessEqual(many, few + 2)


TestRoutingChatterTaiwan = prm_in_taiwan(TestRoutingChatter)
