# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo.tests import HttpCase, tagged

from odoo.addons.base.tests.common import new_test_user

from .common import PartnerRelationshipCommon


@tagged("post_install", "-at_install")
class TestPartnerNetworkDashboardTour(HttpCase):
    def test_partner_manager_opens_the_dashboard(self):
        """Headless Chromium: the Dashboards app shows the Partner Network
        dashboard to a partner manager, its pivots loaded without error."""
        new_test_user(
            self.env,
            login="prm_dashboard_pm",
            password="prm_dashboard_pm",
            groups="base.group_user,partner_relationship.group_prm_user",
        )
        self.start_tour(
            "/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action",
            "prm_partner_network_dashboard",
            login="prm_dashboard_pm",
        )


class TestPartnerNetworkDashboard(PartnerRelationshipCommon):
    def _dashboard(self):
        return self.env.ref(
            "partner_relationship.spreadsheet_dashboard_partner_network"
        )

    def _fields(self, model, chain):
        """The field `chain` (a.b:month) names on `model`, or None."""
        for name in chain.split(":")[0].split("."):
            field = self.env[model]._fields.get(name)
            if field is None:
                return None
            model = field.comodel_name
        return field

    def test_dashboard_names_existing_models_and_fields(self):
        snapshot = json.loads(self._dashboard().spreadsheet_data)
        filters = {f["id"]: f for f in snapshot["globalFilters"]}
        period = next(f for f in filters.values() if f["type"] == "date")
        self.assertEqual(period["defaultValue"], "this_quarter")
        for source in snapshot["pivots"].values():
            model = source["model"]
            self.assertIn(model, self.env)
            names = [m["fieldName"] for m in source["measures"]]
            names += [g["fieldName"] for g in source["rows"] + source["columns"]]
            names += [m["chain"] for m in source["fieldMatching"].values()]
            for name in names:
                self.assertTrue(self._fields(model, name), f"{model}.{name}")
            self.assertEqual(set(source["fieldMatching"]), set(filters))
            self.assertEqual(source["fieldMatching"][period["id"]]["chain"], "date")
        for sheet in snapshot["sheets"]:
            for figure in sheet["figures"]:
                meta = figure["data"].get("metaData")
                if meta:
                    model = meta["resModel"]
                    for name in [meta["measure"], *meta["groupBy"]]:
                        self.assertTrue(self._fields(model, name), name)
        for model in {f["modelName"] for f in filters.values() if "modelName" in f}:
            self.assertIn(model, self.env)

    def test_dashboard_opens_for_partner_managers(self):
        Dashboard = self.env["spreadsheet.dashboard"]
        dashboard = self._dashboard()
        self.assertTrue(dashboard.is_published)
        self.assertIn(dashboard, Dashboard.with_user(self.partner_manager).search([]))
        data = dashboard.with_user(self.partner_manager).get_readonly_dashboard()
        self.assertIn("pivots", data["snapshot"])
        # What its pivots read, as the partner manager: his partners' figures.
        groups = (
            self.env["prm.partner.figure"]
            .with_user(self.partner_manager)
            .read_group([], ["revenue:sum", "leads_won:sum"], ["grade_id"])
        )
        self.assertIsInstance(groups, list)
        portal = Dashboard.with_user(self.portal_user_a)
        self.assertNotIn(
            dashboard,
            portal.sudo().search(
                [("group_ids", "in", self.portal_user_a.groups_id.ids)]
            ),
        )
