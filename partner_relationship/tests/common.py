# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
from pathlib import Path

from babel.messages.pofile import read_po
from freezegun import freeze_time

from odoo import fields
from odoo.modules.migration import load_script
from odoo.modules.module import get_module_path
from odoo.tools.translate import trans_export

from odoo.addons.base.tests.common import BaseCommon, new_test_user

MAIN = "main"
TAIWAN = "taiwan"


def prm_mail_domain(env):
    """An alias domain, as a configured database has one: outgoing mail then
    has a sender. The suite's notifications are written by the company or
    the user, who may have no e-mail address in a test database, and Odoo's
    runner would log each as a sending error."""
    if not env["mail.alias.domain"].search_count([]):
        env["mail.alias.domain"].create({"name": "vendor.example.com"})


def prm_pot_differences(env, module):
    """The terms Odoo's export finds in the installed module that its
    shipped .pot lacks, and the .pot's terms the export no longer finds.

    The export is the one of ``odoo-bin --i18n-export`` (source terms of the
    module's records, Python, views and templates); a .pot regenerated with it
    has neither.
    """
    buffer = io.BytesIO()
    trans_export(None, [module], buffer, "po", env.cr)
    buffer.seek(0)
    exported = {message.id for message in read_po(buffer) if message.id}
    pot = Path(get_module_path(module)) / "i18n" / f"{module}.pot"
    with pot.open("rb") as shipped_file:
        shipped = {message.id for message in read_po(shipped_file) if message.id}
    return sorted(exported - shipped, key=str), sorted(shipped - exported, key=str)


def prm_assert_pot_current(case, module):
    """Fail the test case when the module's .pot is not the export of the
    module as installed (a term added or changed without regenerating it)."""
    missing, stale = prm_pot_differences(case.env, module)
    case.assertFalse(
        missing or stale,
        f"{module}/i18n/{module}.pot is out of date: regenerate it with "
        f"odoo-bin --i18n-export={module}/i18n/{module}.pot --modules={module} "
        f"and merge it into the .po files (msgmerge).\n"
        f"Terms missing from it ({len(missing)}): {missing[:20]}\n"
        f"Terms no longer in the module ({len(stale)}): {stale[:20]}",
    )


def prm_in_taiwan(test_class):
    """The test class again, its fixtures built in Aurora Devices Taiwan (TWD)
    while the main company (USD) keeps data of its own: every test of a flow
    runs in both companies. Assign the result to a module-level name so that
    Odoo's loader and pytest find it::

        TestFundsTaiwan = prm_in_taiwan(TestFunds)
    """
    return type(
        f"{test_class.__name__}Taiwan",
        (test_class,),
        {
            "__module__": test_class.__module__,
            "__doc__": f"{test_class.__doc__ or test_class.__name__} "
            "(In Aurora Devices Taiwan, in TWD.)",
            "prm_company_key": TAIWAN,
            # Odoo's loader takes only the methods of the class itself else.
            "allow_inherited_tests_method": True,
        },
    )


class PartnerRelationshipCommon(BaseCommon):
    """A vendor with a channel manager, two partner managers and partners A and B.

    The fixtures live in ``cls.prm_company``: the main company, or with
    ``prm_company_key = TAIWAN`` (see prm_in_taiwan) Aurora Devices Taiwan,
    in TWD, whose programme, price lists, tier benefits, warehouse and
    journals the test uses, with the main company's own beside them. The
    vendor's users (and the superuser of cls.env) are allowed both companies
    and work in the test's one, the scheduler in the main one (_prm_cron);
    the partners are bound to the test's company. Amounts of the shared
    catalogue are compared in its currency (_prm_catalog_price).
    """

    prm_company_key = MAIN
    # Freezes time from the fixtures to the last test, like freezegun's class
    # decorator, which cannot be used here: it binds setUpClass to the
    # decorated class, so that a variant (prm_in_taiwan) would build the
    # fixtures of the base class.
    prm_freeze_time = None
    # The test needs the company's journals and accounts (the main company's
    # chart is installed with the suite; the Taiwan one loads its own). Such
    # a class is tagged post_install, -at_install: Odoo loads the main
    # company's chart once every module of the run is installed, after their
    # at_install tests (as Odoo's own accounting tests are tagged).
    prm_accounting = False

    @classmethod
    def setUpClass(cls):
        if cls.prm_accounting and "at_install" in cls.test_tags:
            raise TypeError(
                f"{cls.__name__} uses accounting (prm_accounting): tag it "
                '@tagged("post_install", "-at_install"), the chart of accounts '
                "is not loaded yet when at_install tests run."
            )
        if cls.prm_freeze_time:
            cls.startClassPatcher(freeze_time(cls.prm_freeze_time))
        super().setUpClass()
        prm_mail_domain(cls.env)
        cls.company_main = cls.env.company
        if cls.prm_company_key == TAIWAN:
            cls._prm_taiwan_company(accounting=cls.prm_accounting)
            root = cls.env.user
            root.company_ids |= cls.company_tw
            root.company_id = cls.company_tw
        cls.prm_company = cls.env.company
        cls.prm_currency = cls.prm_company.currency_id
        cls.channel_manager = cls._prm_vendor_user(
            "prm_channel_manager",
            "base.group_user,partner_relationship.group_prm_manager",
        )
        cls.partner_manager = cls._prm_vendor_user(
            "prm_partner_manager",
            "base.group_user,partner_relationship.group_prm_user",
        )
        cls.other_partner_manager = cls._prm_vendor_user(
            "prm_other_partner_manager",
            "base.group_user,partner_relationship.group_prm_user",
        )
        cls.type_strategic = cls.env.ref(
            "partner_relationship.partner_type_strategic_service"
        )
        cls.type_commodity = cls.env.ref(
            "partner_relationship.partner_type_commodity_supplier"
        )
        cls.program = cls.env.ref("partner_relationship.prm_program_partner")
        if cls.prm_company != cls.company_main:
            cls.program = cls.env["prm.program"].create(
                {"name": "Taiwan Partner Programme", "company_id": cls.prm_company.id}
            )
        Grade = cls.env["res.partner.grade"]
        cls.pricelist_gold = cls._prm_pricelist("Gold PL")
        cls.pricelist_silver = cls._prm_pricelist("Silver PL")
        cls.tier_gold = Grade.create(
            {
                "name": "Test Gold",
                "sequence": 101,
                "partner_weight": 30,
                "pricelist_id": cls.pricelist_gold.id,
                "acceptance_deadline_hours": 24,
            }
        )
        cls.tier_silver = Grade.create(
            {
                "name": "Test Silver",
                "sequence": 102,
                "partner_weight": 10,
                "pricelist_id": cls.pricelist_silver.id,
            }
        )
        cls.partner_a = cls._create_channel_partner(
            "Partner A Ltd", cls.partner_manager
        )
        cls.partner_a_contact = cls.env["res.partner"].create(
            {"name": "Ann of A", "parent_id": cls.partner_a.id}
        )
        cls.portal_user_a = new_test_user(
            cls.env,
            login="prm_portal_a",
            groups="base.group_portal",
            partner_id=cls.partner_a_contact.id,
        )
        cls.partner_b = cls._create_channel_partner(
            "Partner B GmbH", cls.other_partner_manager
        )
        if cls.prm_company != cls.company_main:
            cls._prm_main_company_data()

    @classmethod
    def _prm_main_company_data(cls):
        """The main company's own programme terms beside the test's company:
        tier benefits with its price lists and deadlines, which a flow of the
        test's company must not take."""
        for tier, name in ((cls.tier_gold, "Gold"), (cls.tier_silver, "Silver")):
            cls.env["prm.tier.benefit"].create(
                {
                    "tier_id": tier.id,
                    "company_id": cls.company_main.id,
                    "pricelist_id": cls._prm_pricelist(
                        f"{name} PL (main company)", cls.company_main
                    ).id,
                    "acceptance_deadline_hours": 96,
                    "deal_protection_days": 365,
                    "service_resolution_hours": 200,
                    "mdf_share": 50,
                }
            )

    @classmethod
    def _prm_vendor_user(cls, login, groups, **values):
        """A user of the vendor allowed both companies, working in the test's."""
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=cls.prm_company.id,
            company_ids=[(6, 0, (cls.prm_company | cls.company_main).ids)],
            **values,
        )

    def _prm_cron(self, model):
        """``model`` as the scheduler runs it: as the superuser working in
        the main company (the Odoo default), allowed every company."""
        return self.env[model if isinstance(model, str) else model._name].with_context(
            allowed_company_ids=(self.company_main | self.prm_company).ids
        )

    @classmethod
    def _prm_catalog_price(cls, amount):
        """``amount`` of the shared catalogue (products of no company are
        priced in the main company's currency) in the test's company's
        currency, at the rate of today."""
        return cls.company_main.currency_id._convert(
            amount, cls.prm_currency, cls.prm_company, fields.Date.today()
        )

    @classmethod
    def _prm_pricelist(cls, name, company=None, **values):
        company = company or cls.prm_company
        return cls.env["product.pricelist"].create(
            {
                "name": name,
                "company_id": company.id,
                "currency_id": company.currency_id.id,
                **values,
            }
        )

    @classmethod
    def _create_channel_partner(cls, name, manager, **values):
        if cls.prm_company != cls.company_main:
            values.setdefault("company_id", cls.prm_company.id)
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "is_channel_partner": True,
                "partner_type_id": cls.type_strategic.id,
                "relationship_kind": "strategic",
                "partner_manager_id": manager.id,
                **values,
            }
        )

    @classmethod
    def _create_agreement(cls, partner, start, end, **values):
        return cls.env["prm.agreement"].create(
            {
                "name": f"Agreement {partner.name}",
                "partner_id": partner.id,
                "program_id": cls.program.id,
                "date_start": start,
                "date_end": end,
                **values,
            }
        )

    @classmethod
    def _prm_taiwan_company(cls, accounting=False):
        """A second company of the vendor: Aurora Devices Taiwan, in TWD at 30
        TWD to the dollar since 2020 (a rate shared by every company), with
        the generic chart of accounts if ``accounting``.

        Sets cls.company_tw and cls.twd; returns the company."""
        cls.twd = cls.env.ref("base.TWD")
        cls.twd.active = True
        cls.env["res.currency.rate"].create(
            {
                "currency_id": cls.twd.id,
                "name": "2020-01-01",
                "rate": 30.0,
                "company_id": False,
            }
        )
        cls.company_tw = cls.env["res.company"].create(
            {
                "name": "Aurora Devices Taiwan",
                "currency_id": cls.twd.id,
                "country_id": cls.env.ref("base.tw").id,
            }
        )
        if accounting:
            cls.env["account.chart.template"].try_loading(
                "generic_coa", company=cls.company_tw, install_demo=False
            )
            # The generic chart is in USD: the Taiwan company keeps its TWD.
            cls.company_tw.currency_id = cls.twd
        return cls.company_tw

    def _prm_migrate(
        self, version, from_version, script="post-migration.py", addon=None
    ):
        """Run the migration `script` of `version` of `addon` (this one by
        default) as an upgrade from `from_version` would, on what the test
        wrote."""
        root = Path(get_module_path(addon)) if addon else Path(__file__).parents[1]
        path = root / "migrations" / version / script
        migration = load_script(str(path), f"prm_{root.name}_{version}_{path.stem}")
        self.env.flush_all()
        migration.migrate(self.env.cr, from_version)
        self.env.invalidate_all()
