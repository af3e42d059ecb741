# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import ast
import base64
from datetime import timedelta

from lxml import etree

from odoo import api, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import datetime, dateutil, safe_eval, time

from odoo.addons.partner_relationship.tests.common import (
    PartnerRelationshipCommon,
    prm_in_taiwan,
)
from odoo.addons.partner_relationship.tools.roles import (
    GROUP_LABELS,
    INTEGRATION,
    PORTAL,
    PRM_MANAGER,
    SALESMAN,
)

from .common import unreachable_connection

SUITE_MODULES = (
    "partner_relationship",
    "partner_relationship_portal",
    "partner_relationship_sync",
)

RELATIONAL = ("many2one", "one2many", "many2many")


@tagged("post_install", "-at_install")
class TestMenuAccess(PartnerRelationshipCommon):
    """Every menu item and button a role sees works for that role.

    For each group of the suite (and the sales groups its menus are for), a
    user of that group walks every menu item of the suite's addons the web
    client shows it, as the web client does: the action, its views and
    contextual actions ("Action" menu), its records, a new record's defaults,
    one record's form, the records its many2one fields link to, the buttons
    of that form it sees and those of the list (header and rows) and kanban
    views on a record. (No menu of the suite opens a model with a report.)
    Any access error or crash is a failure; a business refusal (UserError)
    of a button is not.
    """

    prm_accounting = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._prm_menu_data()
        cls.role_users = cls._prm_role_users()
        # Odoo's lead enrichment calls its IAP service and commits: not ours.
        enrich = cls.env.ref(
            "crm_iap_enrich.action_enrich_mail", raise_if_not_found=False
        )
        cls.not_walked = set(enrich.ids if enrich else [])

    @classmethod
    def _prm_menu_data(cls):
        """A record behind every menu the known failures were met on: a
        contact of a partner, a claim with its drafted bill, a connection."""
        today = fields.Date.context_today(cls.env["prm.fund.budget"])
        cls._create_agreement(cls.partner_a, today, today + timedelta(days=365))
        cls.env["prm.review"].create(
            {"partner_id": cls.partner_a.id, "date_planned": today}
        )
        budget = cls.env["prm.fund.budget"].create(
            {
                "name": "MDF Menus",
                "program_id": cls.program.id,
                "date_start": today - timedelta(days=30),
                "date_end": today + timedelta(days=150),
                "amount": 10000,
            }
        )
        budget.action_open()
        allocation = cls.env["prm.fund.allocation"].create(
            {"budget_id": budget.id, "partner_id": cls.partner_a.id, "amount": 1000}
        )
        request = cls.env["prm.fund.request"].create(
            {
                "name": "Trade show booth",
                "allocation_id": allocation.id,
                "date_start": today,
                "date_end": today + timedelta(days=2),
                "planned_cost": 800,
                "expected_leads": 20,
                "objectives": "Meet the region's hospital IT buyers.",
                "expected_results": "20 qualified leads, 2 deals.",
            }
        )
        request.action_submit()
        request.action_approve(700)
        cls.claim = cls.env["prm.fund.claim"].create(
            {
                "request_id": request.id,
                "amount": 650,
                "partner_invoice_ref": "A-2027-0042",
            }
        )
        # Attached to the claim, as the portal and the web client attach it.
        cls.claim.proof_attachment_ids = cls.env["ir.attachment"].create(
            {
                "name": "booth.jpg",
                "datas": base64.b64encode(b"photo of the booth"),
                "res_model": cls.claim._name,
                "res_id": cls.claim.id,
            }
        )
        cls.claim.action_submit()
        cls.claim.action_approve()
        # An application to review, with a possible duplicate (partner A).
        cls.env["res.partner"].sudo()._prm_create_application(
            {
                "company_name": "Partner A Ltd",
                "contact_name": "Ada Applicant",
                "email": "ada@applicant-a.example.com",
                "partner_type_id": cls.type_strategic.id,
            }
        )
        cls.connection = unreachable_connection(cls.env, cls.partner_a, "partner")
        cls._prm_vendor_data()

    @classmethod
    def _prm_vendor_data(cls):
        """This database is also a vendor's partner (the Vendor app shows):
        a lead the vendor offered, its fund, a product of its catalogue."""
        cls.vendor = cls.env["res.partner"].create(
            {"name": "Aurora Devices", "is_company": True, "supplier_rank": 1}
        )
        cls.to_vendor = unreachable_connection(
            cls.env, cls.vendor, "vendor", name="Aurora's database"
        )
        cls.env["crm.lead"].create(
            {
                "name": "Offered by Aurora",
                "type": "lead",
                "user_id": False,
                "company_id": cls.to_vendor.company_id.id,
                "prm_vendor_connection_id": cls.to_vendor.id,
                "prm_vendor_offer_state": "offered",
            }
        )
        cls.env["prm.vendor.fund"].create(
            {
                "name": "Aurora MDF",
                "connection_id": cls.to_vendor.id,
                "fund_state": "open",
                "amount": 5000,
            }
        )
        product = cls.env["product.template"].create(
            {"name": "Aurora Router", "default_code": "AR-200"}
        )
        cls.env["prm.sync.binding"]._prm_bind(cls.to_vendor, product, 200)

    @classmethod
    def _prm_role_users(cls):
        """An internal user of each group: the suite's groups, those of the
        readme's table of roles and the salesperson's, with what they imply.
        (The partner side, portal and integration users, has no backend.)"""
        xmlids = set(GROUP_LABELS) | {SALESMAN}
        xmlids |= {
            f"{data.module}.{data.name}"
            for data in cls.env["ir.model.data"].search(
                [("module", "in", SUITE_MODULES), ("model", "=", "res.groups")]
            )
        }
        users = {}
        # The apps' groups only show an app to the groups implying them.
        apps = {
            "partner_relationship.group_prm_network",
            "partner_relationship_sync.group_prm_vendor_app",
        }
        for xmlid in sorted(xmlids - {PORTAL, INTEGRATION} - apps):
            group = cls.env.ref(xmlid, raise_if_not_found=False)
            if group:
                users[group.full_name] = cls._prm_vendor_user(
                    f"prm_menus_{xmlid}", f"base.group_user,{xmlid}"
                )
        return users

    # What the web client does ---------------------------------------------

    def _eval_context(self, user, record=None):
        return {
            "uid": user.id,
            "user": user,
            "context_today": lambda: fields.Date.context_today(user),
            "current_date": time.strftime("%Y-%m-%d"),
            "time": time,
            "datetime": datetime,
            "relativedelta": dateutil.relativedelta.relativedelta,
            "allowed_company_ids": [user.company_id.id],
            "active_id": record.id if record else False,
            "active_ids": record.ids if record else [],
            "active_model": record._name if record else False,
            "context": {},
        }

    def _spec(self, arch, model_fields):
        """The web client's read specification of a view's fields."""
        spec = {}
        for node in etree.fromstring(arch).iter("field"):
            if any(parent.tag == "field" for parent in node.iterancestors()):
                continue  # a field of a subview (x2many lines)
            name = node.get("name")
            field = model_fields.get(name)
            if not field:
                continue
            spec[name] = (
                {"fields": {"display_name": {}}} if field["type"] in RELATIONAL else {}
            )
        return spec

    def _walk(self, user, action, where, record=None, depth=0):
        """Open `action` as `user` (from `record`, a contextual action)."""
        action_type = action.get("type")
        if action_type == "ir.actions.act_window":
            self._open_window(user, action, where, record, depth)
        elif action_type == "ir.actions.server":
            Action = self.env["ir.actions.server"].with_user(user)
            context = {"allowed_company_ids": [user.company_id.id]}
            if record:
                context.update(
                    active_model=record._name,
                    active_id=record.id,
                    active_ids=record.ids,
                )
            result = self._call(
                where, lambda: Action.browse(action["id"]).with_context(**context).run()
            )
            if isinstance(result, dict) and depth < 2:
                self._walk(user, result, f"{where} → {result.get('name')}", record, 1)

    def _open_window(self, user, action, where, record, depth):
        eval_context = self._eval_context(user, record)
        context = action.get("context") or {}
        if isinstance(context, str):
            context = safe_eval(context, eval_context)
        domain = action.get("domain") or []
        if isinstance(domain, str):
            domain = safe_eval(domain, eval_context)
        Model = (
            self.env[action["res_model"]]
            .with_user(user)
            .with_context(context, allowed_company_ids=[user.company_id.id])
        )
        views = [list(view) for view in action.get("views") or [[False, "form"]]]
        search_view = action.get("search_view_id")
        if isinstance(search_view, (list, tuple)):
            search_view = search_view[0]
        views.append([search_view, "search"])
        self.env.invalidate_all()
        loaded = self._call(
            f"{where}: views",
            lambda: Model.get_views(
                views,
                {"action_id": action.get("id"), "load_filters": True, "toolbar": True},
            ),
            business_ok=False,
        )
        if not loaded:
            return
        model_fields = loaded["models"][Model._name]["fields"]
        form = loaded["views"].get("form")
        records = Model.browse(action.get("res_id") or [])
        for view_type, view in loaded["views"].items():
            if view_type in ("form", "search"):
                continue
            result = self._call(
                f"{where}: {view_type} view",
                lambda view=view: Model.web_search_read(
                    domain, self._spec(view["arch"], model_fields), limit=80
                ),
                business_ok=False,
            )
            if not (result and result["records"]):
                continue
            if not records:
                records = Model.browse(result["records"][0]["id"])
            if not depth:
                # The list's header buttons (on a selected record) and its
                # rows' buttons, the kanban cards' buttons.
                self._click_buttons(
                    user,
                    Model.browse(result["records"][0]["id"]),
                    etree.fromstring(view["arch"]),
                    f"{where}: {view_type} view",
                )
        if not form:
            return
        spec = self._spec(form["arch"], model_fields)
        arch = etree.fromstring(form["arch"])
        if (
            not records
            and Model.has_access("create")
            and arch.get("create") not in ("0", "false", "False")
        ):
            self._call(
                f"{where}: new record",
                lambda: Model.onchange({}, [], spec),
                business_ok=False,
            )
        if not records and not Model._transient:
            records = self._call(
                f"{where}: search", lambda: Model.search(domain, limit=1)
            )
        if not records:
            return
        record = records[:1]
        self.env.invalidate_all()
        if not self._call(
            f"{where}: form of {record.sudo().display_name}",
            lambda: record.web_read(spec),
            business_ok=False,
        ):
            return
        if depth:
            return
        self._open_links(user, record, arch, model_fields, where)
        self._click_buttons(user, record, arch, where)
        for binding in form.get("toolbar", {}).get("action", []):
            if binding["id"] in self.not_walked:
                continue
            self._walk(
                user,
                self._action(binding["id"]),
                f"{where}: Action menu: {binding['name']}",
                record,
                1,
            )

    def _open_links(self, user, record, arch, model_fields, where):
        """Follow the form's many2one links (the internal link buttons)."""
        for node in arch.iter("field"):
            name = node.get("name")
            if (
                any(parent.tag == "field" for parent in node.iterancestors())
                or model_fields.get(name, {}).get("type") != "many2one"
                or node.get("invisible") in ("1", "True")
                or "no_open" in (node.get("options") or "")
            ):
                continue
            target = record.sudo()[name]
            if not target:
                continue
            link = target.with_user(user).with_context(
                allowed_company_ids=[user.company_id.id]
            )
            action = self._call(
                f"{where}: link {name}", link.get_formview_action, business_ok=False
            )
            if action:
                self._walk(user, action, f"{where}: {name} link", None, 1)

    def _invisible(self, node, record):
        """Whether the web client hides `node` on `record` (its own and its
        ancestors' invisible expressions, on the record's values)."""
        for element in (node, *node.iterancestors()):
            expression = element.get("invisible")
            if not expression or expression in ("0", "False"):
                continue
            names = {
                name.id
                for name in ast.walk(ast.parse(expression.strip(), mode="eval"))
                if isinstance(name, ast.Name) and name.id in record._fields
            }
            values = {
                name: value[0] if isinstance(value, tuple) else value
                for name, value in record.sudo().read(list(names))[0].items()
            }
            try:
                if safe_eval(
                    expression, {**self._eval_context(record.env.user), **values}
                ):
                    return True
            except Exception:  # noqa: BLE001 - a client-only expression
                continue
        return False

    def _click_buttons(self, user, record, arch, where):
        """Every button of the form the user sees, on the record."""
        for button in arch.iter("button", "a"):
            name, kind = button.get("name"), button.get("type")
            if (
                not name
                or kind not in ("object", "action")
                or self._invisible(button, record)
            ):
                continue
            label = f"{where}: button {button.get('string') or name}"
            with self.env.cr.savepoint() as savepoint:
                self.env.invalidate_all()
                if kind == "object":
                    # As the web client calls it: with the record's ids
                    # (a model method given them crashes).
                    result = self._call(
                        label,
                        lambda name=name: api.call_kw(
                            record.browse(),
                            name,
                            [record.ids],
                            {"context": record.env.context},
                        ),
                    )
                else:
                    action_id = int(name) if name.isdigit() else self.env.ref(name).id
                    result = self._action(action_id)
                if isinstance(result, dict) and result.get("type"):
                    self._walk(user, result, label, record, 1)
                self.env.flush_all()
                savepoint.rollback()
            self.env.invalidate_all()

    def _action(self, action_id):
        """The action as /web/action/load gives it to the web client."""
        action_type = self.env["ir.actions.actions"].browse(action_id).type
        return self.env[action_type].browse(action_id)._get_action_dict()

    def _call(self, where, function, business_ok=True):
        """Call `function`, noting an access error or a crash as a failure."""
        self.calls.append(f"{self.who}: {where}")
        try:
            with self.env.cr.savepoint():
                return function()
        except AccessError as error:
            self.failures.append(f"{self.who}: {where}: AccessError: {error}")
        except (UserError, ValidationError) as error:
            if not business_ok:
                self.failures.append(f"{self.who}: {where}: {error!r}")
        except Exception as error:  # noqa: BLE001 - any crash is what we look for
            self.failures.append(f"{self.who}: {where}: {error!r}")
        return None

    def _suite_menus(self, user):
        """The suite's menu items with an action the web client shows the user."""
        menus = self.env["ir.ui.menu"].with_user(user).load_menus(debug=False)
        return [
            menu
            for key, menu in menus.items()
            if key != "root"
            and menu["action"]
            and menu["xmlid"].split(".")[0] in SUITE_MODULES
        ]

    # The tests --------------------------------------------------------------

    @mute_logger("odoo.addons.partner_relationship_sync.models.prm_sync_connection")
    def test_every_menu_works_for_every_role(self):
        self.failures, self.calls = [], []
        walked = 0
        for who, user in self.role_users.items():
            self.who = who
            for menu in self._suite_menus(user):
                walked += 1
                action_id = int(menu["action"].split(",")[1])
                self._walk(user, self._action(action_id), f"menu {menu['xmlid']}")
        self.assertGreater(walked, 40)
        self.assertFalse(self.failures, "\n" + "\n".join(self.failures))
        # Among what was walked: the three access errors met by hand.
        manager = self.env.ref(PRM_MANAGER).full_name
        for seen in (
            "res_partner_menu_channel: Action menu: Grant portal access",
            "prm_fund_claim_menu: bill_id link: form of",
            # (the first connection by name)
            "prm_sync_connection_menu: form of Aurora's database",
            "prm_vendor_lead_menu: form of Offered by Aurora",
            "prm_vendor_tier_menu: form of Aurora's database",
            "prm_vendor_fund_menu: form of Aurora MDF",
            "prm_vendor_catalogue_menu: form of",
            "res_partner_menu_application: button Approve",
        ):
            self.assertTrue(
                any(call.startswith(manager) and seen in call for call in self.calls),
                seen,
            )
        self.assertGreater(sum(": button " in call for call in self.calls), 20)
        for view_type in ("list", "kanban"):
            self.assertTrue(
                any(f"{view_type} view: button" in call for call in self.calls),
                f"no button of a {view_type} view clicked",
            )

    def _menu_xmlids(self, user):
        self.env.invalidate_all()
        self.env.registry.clear_cache()
        menus = self.env["ir.ui.menu"].with_user(user).load_menus(debug=False)
        return {menu["xmlid"] for key, menu in menus.items() if key != "root"}

    def test_the_vendor_app_gathers_what_vendors_share(self):
        """A salesperson's Vendor app: the vendor's leads, agreements, funds
        and catalogue; the purchaser's: its orders to the vendor; shown while
        a vendor is connected."""
        salesman = self.role_users[self.env.ref(SALESMAN).full_name]
        shown = self._menu_xmlids(salesman)
        for xmlid in (
            "prm_vendor_menu_root",
            "prm_vendor_lead_menu",
            "prm_sync_agreement_menu",
            "prm_vendor_fund_menu",
            "prm_vendor_fund_request_menu",
            "prm_vendor_catalogue_menu",
        ):
            self.assertIn(f"partner_relationship_sync.{xmlid}", shown)
        self.assertNotIn("partner_relationship_sync.prm_vendor_tier_menu", shown)
        manager = self.role_users[self.env.ref(PRM_MANAGER).full_name]
        self.assertIn(
            "partner_relationship_sync.prm_vendor_tier_menu",
            self._menu_xmlids(manager),
        )
        # The lead filter: the offers awaiting our answer.
        Lead = self.env["crm.lead"].with_user(salesman)
        action = self._action(
            self.env.ref("partner_relationship_sync.crm_lead_action_vendor_offers").id
        )
        self.assertEqual(
            Lead.search(
                [
                    *safe_eval(action["domain"]),
                    ("prm_vendor_offer_state", "=", "offered"),
                ]
            ).mapped("name"),
            ["Offered by Aurora"],
        )
        # No vendor connected any more: no Vendor app.
        self.to_vendor.action_archive()
        self.assertNotIn(
            "partner_relationship_sync.prm_vendor_menu_root",
            self._menu_xmlids(salesman),
        )
        self.to_vendor.action_unarchive()
        self.assertIn(
            "partner_relationship_sync.prm_vendor_menu_root",
            self._menu_xmlids(salesman),
        )
        # A database connected to its vendor before the app gets it on upgrade.
        self.env.ref("base.group_user")._remove_group(
            self.env.ref("partner_relationship_sync.group_prm_vendor_app")
        )
        self.assertNotIn(
            "partner_relationship_sync.prm_vendor_menu_root",
            self._menu_xmlids(salesman),
        )
        self._prm_migrate(
            "18.0.1.7.0", "18.0.1.6.0", "post-podoo.py", "partner_relationship_sync"
        )
        self.assertIn(
            "partner_relationship_sync.prm_vendor_menu_root",
            self._menu_xmlids(salesman),
        )

    def test_a_database_that_is_only_a_partner_hides_the_partner_network(self):
        """Connected to its vendor, without partners connected nor channel
        partners of its own: the Partner Network app is hidden; a partner
        connecting shows it again; the setting changes it by hand."""
        network = "partner_relationship.partner_relationship_menu_root"
        # Through its group only (a database updated from 18.0.1.5.0 kept
        # Partner Manager on the menu).
        self.assertEqual(
            self.env.ref(network).groups_id,
            self.env.ref("partner_relationship.group_prm_network"),
        )
        manager = self.role_users[self.env.ref(PRM_MANAGER).full_name]
        self.assertIn(network, self._menu_xmlids(manager))
        self.connection.unlink()
        self.to_vendor.unlink()
        self.env["res.partner"].search([("is_channel_partner", "=", True)]).write(
            {"is_channel_partner": False}
        )
        self.assertIn(network, self._menu_xmlids(manager))
        unreachable_connection(self.env, self.vendor, "vendor")
        self.assertNotIn(network, self._menu_xmlids(manager))
        self.assertIn(
            "partner_relationship_sync.prm_vendor_menu_root",
            self._menu_xmlids(manager),
        )
        # Shown again by the setting, hidden again by it.
        Settings = self.env["res.config.settings"]
        self.assertFalse(Settings.create({}).group_prm_network)
        Settings.create({"group_prm_network": True}).execute()
        self.assertIn(network, self._menu_xmlids(manager))
        Settings.create({"group_prm_network": False}).execute()
        self.assertNotIn(network, self._menu_xmlids(manager))
        # A partner connects: the app is back.
        unreachable_connection(self.env, self.partner_a, "partner")
        self.assertIn(network, self._menu_xmlids(manager))
        # Partner managers keep the app on upgrade (the setting's default is
        # loaded at install only).
        self.env.ref("partner_relationship.group_prm_user")._remove_group(
            self.env.ref("partner_relationship.group_prm_network")
        )
        self.assertNotIn(network, self._menu_xmlids(manager))
        self._prm_migrate("18.0.1.6.0", "18.0.1.5.0", "post-podoo.py")
        self.assertIn(network, self._menu_xmlids(manager))

    def _opens(self, user, action):
        """`action` opens for `user` as the web client opens it."""
        self.failures, self.calls, self.who = [], [], user.login
        self._walk(user, action, action.get("name"), None, 1)
        self.assertFalse(self.failures, "\n" + "\n".join(self.failures))

    def test_channel_manager_grants_portal_access(self):
        """From a partner's contact: the Action menu's Grant portal access."""
        user = self.role_users[self.env.ref(PRM_MANAGER).full_name]
        contact = self.env["res.partner"].create(
            {
                "name": "Bob of A",
                "email": "bob@partner-a.example.com",
                "parent_id": self.partner_a.id,
            }
        )
        action = (
            self.env.ref("portal.partner_wizard_action_create_and_open")
            .with_user(user)
            .with_context(
                active_model="res.partner",
                active_id=contact.id,
                active_ids=contact.ids,
            )
            .run()
        )
        wizard = self.env["portal.wizard"].with_user(user).browse(action["res_id"])
        wizard.user_ids.action_grant_access()
        self.assertTrue(contact.user_ids.has_group(PORTAL))

    def test_channel_manager_opens_the_bill_of_a_claim(self):
        """The claim's bill opens read-only; other vendor bills stay hidden."""
        user = self.role_users[self.env.ref(PRM_MANAGER).full_name]
        other_bill = self.env["account.move"].create(
            {"move_type": "in_invoice", "partner_id": self.partner_b.id}
        )
        bill = self.claim.with_user(user).bill_id
        self._opens(user, bill.get_formview_action())
        self.assertEqual(bill.amount_total, 650)
        Move = self.env["account.move"].with_user(user)
        self.assertEqual(Move.search([("move_type", "=", "in_invoice")]), bill)
        with self.assertRaises(AccessError):
            other_bill.with_user(user).read(["name"])
        with self.assertRaises(AccessError):
            bill.write({"ref": "changed by the channel manager"})

    def test_channel_manager_opens_a_connection_not_its_key(self):
        """The connection's form opens read-only, without its API key; the
        enabled flows show by name."""
        user = self.role_users[self.env.ref(PRM_MANAGER).full_name]
        connection = self.connection.with_user(user)
        self._opens(user, connection.get_formview_action())
        arch = connection.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertNotIn("api_key", arch)
        self.assertNotIn("flow_ids", arch)
        self.assertIn("Leads", connection.flow_names)
        for secret in ("api_key", "flow_ids"):
            with self.assertRaises(AccessError):
                connection.read([secret])
        with self.assertRaises(AccessError):
            connection.write({"remote_url": "https://elsewhere.example.com"})


TestMenuAccessTaiwan = prm_in_taiwan(TestMenuAccess)
