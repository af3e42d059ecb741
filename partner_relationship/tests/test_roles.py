# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import inspect
from datetime import timedelta
from pathlib import Path

from lxml import etree

from odoo import Command, fields, models
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.base.tests.common import new_test_user

from ..tools.roles import (
    GROUP_LABELS,
    ODOO_METHODS,
    PRM_ACTION_GROUPS,
    check_role,
    readme_table,
)
from .lead_routing_common import LeadRoutingCommon

SUITE = "odoo.addons.partner_relationship"


@tagged("post_install", "-at_install")
class TestRoles(LeadRoutingCommon):
    """Each action checks, in its method, the group that owns it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = new_test_user(
            cls.env,
            login="prm_roles_salesperson",
            groups="base.group_user,sales_team.group_sale_salesman",
        )
        cls.accountant = new_test_user(
            cls.env,
            login="prm_roles_accountant",
            groups="base.group_user,account.group_account_invoice",
        )
        cls.users = {
            "salesperson": cls.salesperson,
            "accountant": cls.accountant,
            "partner manager": cls.partner_manager,
            "channel manager": cls.channel_manager,
            "portal user of the partner": cls.portal_user_a,
        }
        integration = cls.env.ref(
            "partner_relationship_sync.group_prm_sync_integration",
            raise_if_not_found=False,
        )
        if integration:
            cls.users["integration user"] = new_test_user(
                cls.env,
                login="prm_roles_integration",
                groups="base.group_portal",
                partner_id=cls.env["res.partner"]
                .create({"name": "A (sync)", "parent_id": cls.partner_a.id})
                .id,
            )
            cls.users["integration user"].groups_id = [Command.link(integration.id)]

    def _entries(self):
        """The table's entries whose model and method this database has."""
        for (model, method), role in PRM_ACTION_GROUPS.items():
            if model in self.env and hasattr(type(self.env[model]), method):
                yield model, method, role

    @staticmethod
    def _arguments(method):
        """Placeholder values for the method's required arguments."""
        return [
            "Test"
            for name, parameter in inspect.signature(method).parameters.items()
            if name != "self"
            and parameter.default is inspect.Parameter.empty
            and parameter.kind
            in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD)
        ]

    # The table ----------------------------------------------------------------

    def test_every_action_refuses_other_groups_first(self):
        """Called by a user of any other group, every action of the table is
        refused, naming the action and the groups, before it does anything;
        a user of the allowed groups passes the check."""
        walked = 0
        for model, method, role in self._entries():
            walked += 1
            label = self.env._(role.label)
            records = self._some_record(model)
            for who, user in self.users.items():
                allowed = user.has_groups(",".join(role.groups))
                with self.subTest(model=model, method=method, user=who):
                    if allowed:
                        check_role(records.with_user(user), method)
                        continue
                    before = self._fingerprint(model)
                    call = getattr(records.with_user(user), method)
                    with self.assertRaises(AccessError) as caught:
                        call(*self._arguments(call))
                    self.assertIn(label, str(caught.exception))
                    self.assertEqual(self._fingerprint(model), before)
        self.assertGreater(walked, 40)

    def _some_record(self, model):
        """A record of `model` to act on, when the test data has one."""
        Model = self.env[model].with_context(active_test=False)
        if Model._abstract or Model._transient:
            return Model.browse()
        return Model.search([], limit=1, order="id desc")

    def _fingerprint(self, model):
        """How many records the model has and when one last changed."""
        Model = self.env[model].sudo().with_context(active_test=False)
        if Model._abstract:
            return None
        self.env.flush_all()
        if "write_date" not in Model._fields:  # a report (SQL view)
            return Model._read_group([], [], ["__count"])
        return Model._read_group([], [], ["__count", "write_date:max"])

    def test_every_action_is_in_the_table(self):
        """Every action and public method the suite's models define is in the
        table (or is one of Odoo's own methods the suite extends): a new one
        cannot be left without its group."""
        orm = set(dir(models.BaseModel))
        missing = []
        for model in self.env.registry:
            for cls in type(self.env[model]).mro():
                if not cls.__module__.startswith(SUITE):
                    continue
                for name, value in vars(cls).items():
                    if (
                        inspect.isfunction(value)
                        and not name.startswith("_")
                        and name not in orm
                        and (model, name) not in PRM_ACTION_GROUPS
                        and (model, name) not in ODOO_METHODS
                    ):
                        missing.append(f"{model}.{name}")
        self.assertFalse(sorted(set(missing)), "Not in PRM_ACTION_GROUPS")
        for model, method in ODOO_METHODS:
            if model in self.env:
                # Defined by Odoo itself, not only by the suite.
                self.assertTrue(
                    any(
                        method in vars(cls)
                        for cls in type(self.env[model]).mro()
                        if not cls.__module__.startswith(SUITE)
                    ),
                    f"{model}.{method}",
                )
        for group in {
            xmlid for role in PRM_ACTION_GROUPS.values() for xmlid in role.groups
        }:
            self.assertIn(group, GROUP_LABELS)

    def test_buttons_show_to_the_groups_of_the_table(self):
        """The buttons calling an action show to the groups allowed to do it."""
        models_ = {model for model, _method in PRM_ACTION_GROUPS}
        checked = 0
        for view in self.env["ir.ui.view"].search([("model", "in", list(models_))]):
            for button in etree.fromstring(view.arch_db).iter("button"):
                role = PRM_ACTION_GROUPS.get((view.model, button.get("name")))
                if button.get("type") != "object" or button.get("position") or not role:
                    continue
                checked += 1
                with self.subTest(view=view.xml_id, button=button.get("name")):
                    self.assertEqual(
                        set((button.get("groups") or "").split(",")), set(role.groups)
                    )
        self.assertGreater(checked, 40)

    def test_readme_lists_who_may_do_what(self):
        """The readme's table is the code's."""
        env = self.env(context=dict(self.env.context, lang="en_US"))
        readme = Path(__file__).parents[1] / "readme" / "CONFIGURE.md"
        self.assertIn(readme_table(env), readme.read_text())
        for xmlid, label in GROUP_LABELS.items():
            group = env.ref(xmlid, raise_if_not_found=False)
            if group:
                self.assertEqual(group.full_name, label)

    # The cases that were let through -----------------------------------------

    def _unowned_lead(self):
        """A lead of no salesperson: any of them may change it."""
        return self._lead(user_id=False, company_id=self.env.company.id)

    def test_salesperson_cannot_route(self):
        lead = self._unowned_lead()
        with self.assertRaisesRegex(AccessError, "Route leads: only Partner"):
            lead.with_user(self.salesperson).action_prm_route()
        self.assertFalse(lead.partner_assigned_id)
        self.assertFalse(lead.prm_assignment_ids)
        lead.with_user(self.partner_manager).action_prm_route()
        self.assertEqual(lead.prm_offer_state, "offered")

    def test_salesperson_cannot_assign_a_partner_by_hand(self):
        """The Assigned Partner field (which Odoo's Automatic Assignment
        writes too) hands the lead to the partner as a forward does: refused
        to a salesperson, whatever context the caller sends."""
        lead = self._unowned_lead()
        as_salesperson = lead.with_user(self.salesperson)
        for context in ({}, {"prm_routing_checked": True}):
            with self.assertRaisesRegex(AccessError, "Forward leads to a partner"):
                as_salesperson.with_context(**context).write(
                    {"partner_assigned_id": self.partner_a.id}
                )
        with self.assertRaisesRegex(AccessError, "Forward leads to a partner"):
            as_salesperson.create(
                {"name": "Handed over", "partner_assigned_id": self.partner_a.id}
            )
        self.assertFalse(lead.partner_assigned_id)
        lead.with_user(self.partner_manager).write(
            {"partner_assigned_id": self.partner_a.id}
        )
        self.assertEqual(lead.partner_assigned_id, self.partner_a)
        # Nor does the salesperson take it back from the partner.
        with self.assertRaisesRegex(AccessError, "Forward leads to a partner"):
            as_salesperson.write({"partner_assigned_id": False})
        self.assertEqual(lead.partner_assigned_id, self.partner_a)

    def test_portal_user_cannot_recall(self):
        lead = self._unowned_lead()
        lead.with_user(self.partner_manager).action_prm_route()
        partner = lead.partner_assigned_id
        portal_user = (
            self.portal_user_a if partner == self.partner_a else self.portal_user_b
        )
        with self.assertRaisesRegex(AccessError, "Recall a lead from a partner"):
            lead.with_user(portal_user).action_prm_recall("Test")
        self.assertEqual(lead.partner_assigned_id, partner)
        self.assertEqual(lead.prm_offer_state, "offered")
        lead.with_user(self.partner_manager).action_prm_recall(
            "The customer asked for us"
        )
        self.assertIn(partner, lead.partner_declined_ids)

    def test_compute_allocations_is_the_channel_managers(self):
        today = fields.Date.context_today(self.env["prm.fund.budget"])
        budget = self.env["prm.fund.budget"].create(
            {
                "name": "MDF Roles",
                "program_id": self.program.id,
                "date_start": today - timedelta(days=30),
                "date_end": today + timedelta(days=150),
                "amount": 10000,
            }
        )
        budget.action_open()
        for user in (self.partner_manager, self.accountant):
            with self.assertRaisesRegex(
                AccessError, "Compute a fund's allocations: only Partner "
            ):
                budget.with_user(user).action_compute_allocations()
        self.assertFalse(budget.allocation_ids)
        self.assertTrue(
            budget.with_user(self.channel_manager).action_compute_allocations()
        )

    # Reads made as superuser for the user --------------------------------------

    def _see_only_partner_b(self, user):
        """An administrator's rule: `user` sees no channel partner but B."""
        group = self.env["res.groups"].create(
            {"name": "Partner B only", "users": [Command.link(user.id)]}
        )
        self.env["ir.rule"].create(
            {
                "name": "Partners: B only",
                "model_id": self.env.ref("base.model_res_partner").id,
                "groups": [Command.link(group.id)],
                "domain_force": repr(
                    [
                        "|",
                        ("is_channel_partner", "=", False),
                        ("id", "=", self.partner_b.id),
                    ]
                ),
            }
        )

    def test_router_offers_only_partners_the_user_sees(self):
        """Partner A (Gold) would get the lead; the user sees only B."""
        self._see_only_partner_b(self.partner_manager)
        lead = self._unowned_lead()
        lead.with_user(self.partner_manager).action_prm_route()
        self.assertEqual(lead.partner_assigned_id, self.partner_b)
        # The scheduled routing is no one's: every partner is a candidate.
        other = self._unowned_lead()
        self.Router._route(other)
        self.assertEqual(other.partner_assigned_id, self.partner_a)

    def test_forward_only_to_a_partner_the_user_sees(self):
        """(Already so: the partner's routing block is read with the user's
        rights before the offer is written.)"""
        self._see_only_partner_b(self.partner_manager)
        lead = self._unowned_lead()
        wizard = (
            self.env["prm.lead.forward.wizard"]
            .with_user(self.partner_manager)
            .create(
                {
                    "lead_ids": [Command.set(lead.ids)],
                    "partner_id": self.partner_a.id,
                    "deadline": fields.Datetime.now() + timedelta(days=2),
                }
            )
        )
        with self.assertRaises(AccessError):
            wizard.action_forward()
        self.assertFalse(lead.partner_assigned_id)

    def test_dashboard_shows_only_partners_the_user_sees(self):
        """The scorecard (the partner network's dashboard), computed by one
        query, lists only the channel partners the user may read."""
        self._see_only_partner_b(self.channel_manager)
        rows = self.env["prm.partner.scorecard"].with_user(self.channel_manager)
        self.assertEqual(rows.search([]).partner_id, self.partner_b)
        self.assertEqual(
            rows.search([]).partner_id,
            rows.sudo().search([("partner_id", "=", self.partner_b.id)]).partner_id,
        )
        # Without the administrator's rule, every channel partner.
        everyone = self.env["prm.partner.scorecard"].search([]).partner_id
        self.assertIn(self.partner_a, everyone)
