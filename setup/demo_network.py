# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Turn two freshly installed databases into the demo's vendor and partner.

    python setup/demo_network.py connect CONFIG VENDOR_DB PARTNER_DB URL
    python setup/demo_network.py check URL VENDOR_DB PARTNER_DB

``connect`` works through Odoo's registry (no server needed) and is
idempotent: what already exists is kept. ``check`` asks the running server,
over XML-RPC, to test both connections, and prints the answers; it also
checks that the vendor's second company, Aurora Devices Taiwan, has its demo
records and that each is in the company of its partner.
"""

import sys
import xmlrpc.client
from pathlib import Path

VENDOR_NAME = "Aurora Devices"
PARTNER_XMLID = "partner_relationship.res_partner_northwind_demo"
RPC_TIMEOUT = 60
# On the prefork server (setup/demo.sh --workers) the test's call to the other
# database needs a second HTTP worker: while a job holds the other one (and
# waits for one itself), the test times out. It is tried again.
TEST_ATTEMPTS = 3
TAIWAN_XMLID = "partner_relationship.res_company_taiwan_demo"
TAIWAN_MANAGER_XMLID = "partner_relationship.user_channel_manager_tw_demo"
US_MANAGER_XMLID = "partner_relationship.user_channel_manager_demo"
# The portal user who reads Traditional Chinese, and a record of the suite's
# data with its translation.
TAIWAN_PORTAL_LOGIN = "reseller_tw"
TRANSLATED_XMLID = "partner_relationship.partner_type_value_added_supplier"
TRANSLATED_NAME = "加值供貨商"
# The portal home's title of the Partner Programme tile, in Traditional Chinese.
TRANSLATED_TILE = "合作夥伴計畫"
# Records about a channel partner, which belong to the partner's company:
# (model, field naming the partner).
PARTNER_RECORDS = (
    ("prm.agreement", "partner_id"),
    ("prm.certification", "partner_id"),
    ("prm.review", "partner_id"),
    ("prm.lead.assignment", "partner_id"),
    ("crm.lead", "partner_assigned_id"),
    ("prm.deal.registration", "partner_id"),
    ("prm.fund.allocation", "partner_id"),
    ("prm.fund.request", "partner_id"),
    ("prm.fund.claim", "partner_id"),
    ("sale.order", "partner_id"),
    ("prm.warranty.claim", "partner_id"),
    ("account.move", "partner_id"),
)


def _env(registry):
    import odoo  # noqa: PLC0415 (the check command runs without Odoo)

    return odoo.api.Environment(registry.cursor(), odoo.SUPERUSER_ID, {})


def _authorize(env, partner):
    """The integration user of `partner` in `env`'s database, and a fresh key."""
    login = f"prm-sync-{partner.id}"
    user = (
        env["res.users"].with_context(active_test=False).search([("login", "=", login)])
    )
    if user:
        return login, None
    wizard = env["prm.sync.authorize"].create(
        {"partner_id": partner.id, "login": login}
    )
    action = wizard.action_authorize()
    return login, action["context"]["prm_sync_api_key"]


def _ensure_connection(env, name, role, partner, url, database, login, key):
    Connection = env["prm.sync.connection"].with_context(active_test=False)
    connection = Connection.search([("remote_database", "=", database)], limit=1)
    if connection:
        return connection, False
    if not key:
        raise SystemExit(
            f"{env.cr.dbname}: the integration user for {database} exists but the "
            "connection does not; recreate the databases (setup/demo.sh --reset)."
        )
    return (
        Connection.create(
            {
                "name": name,
                "remote_role": role,
                "partner_id": partner.id,
                "remote_url": url,
                "remote_database": database,
                "remote_login": login,
                "api_key": key,
            }
        ),
        True,
    )


def connect(config_path, vendor_db, partner_db, url):
    import odoo  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    odoo.tools.config.parse_config(["-c", config_path])
    vendor_env = _env(Registry(vendor_db))
    partner_env = _env(Registry(partner_db))
    try:
        # The vendor's side: Northwind is a connected channel partner.
        if vendor_env.company.name != VENDOR_NAME:
            vendor_env.company.name = VENDOR_NAME
        northwind = vendor_env.ref(PARTNER_XMLID)
        # The partner's side: its own company is Northwind; Aurora is its vendor.
        if partner_env.company.name != northwind.name:
            partner_env.company.name = northwind.name
        aurora = partner_env["res.partner"].search(
            [("name", "=", VENDOR_NAME), ("is_company", "=", True)], limit=1
        ) or partner_env["res.partner"].create(
            {"name": VENDOR_NAME, "is_company": True, "supplier_rank": 1}
        )
        vendor_login, vendor_key = _authorize(partner_env, aurora)
        northwind_login, northwind_key = _authorize(vendor_env, northwind)
        _, created_on_vendor = _ensure_connection(
            vendor_env,
            f"{northwind.name} (partner database)",
            "partner",
            northwind,
            url,
            partner_db,
            vendor_login,
            vendor_key,
        )
        _, created_on_partner = _ensure_connection(
            partner_env,
            f"{VENDOR_NAME} (vendor database)",
            "vendor",
            aurora,
            url,
            vendor_db,
            northwind_login,
            northwind_key,
        )
        if created_on_partner:
            # Northwind's database is only Aurora's partner (the channel
            # partners of its demo data are the suite's): it works in the
            # Vendor app; the Partner Network app is hidden (Settings, Partner
            # Network App, shows it again).
            partner_env.ref("partner_relationship.group_prm_user")._remove_group(
                partner_env.ref("partner_relationship.group_prm_network")
            )
        vendor_env.cr.commit()
        partner_env.cr.commit()
    finally:
        vendor_env.cr.close()
        partner_env.cr.close()
    state = "created" if created_on_vendor or created_on_partner else "already there"
    print(f"[prm] Connections between {vendor_db} and {partner_db}: {state}.")


def _test_connection(models, database, uid, connection_id):
    """Tests a connection (again while it times out, TEST_ATTEMPTS times at
    most); what the connection says, and the number of tries."""
    for tries in range(1, TEST_ATTEMPTS + 1):
        models.execute_kw(
            database,
            uid,
            "admin",
            "prm.sync.connection",
            "action_test_connection",
            [[connection_id]],
        )
        (result,) = models.execute_kw(
            database,
            uid,
            "admin",
            "prm.sync.connection",
            "read",
            [[connection_id], ["name", "state", "last_check_message"]],
        )
        message = result["last_check_message"] or ""
        if result["state"] == "ok" or "timed out" not in message:
            return result, tries
    return result, TEST_ATTEMPTS


def check(url, vendor_db, partner_db):
    ok = True
    for database in (vendor_db, partner_db):
        common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common")
        uid = common.authenticate(database, "admin", "admin", {})
        if not uid:
            print(
                f"[prm] {database}: admin/admin cannot log in; connection not checked."
            )
            ok = False
            continue
        models = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)
        ids = models.execute_kw(
            database, uid, "admin", "prm.sync.connection", "search", [[]]
        )
        for connection_id in ids:
            result, tries = _test_connection(models, database, uid, connection_id)
            ok = ok and result["state"] == "ok"
            busy = f" (try {tries}: the workers were busy)" if tries > 1 else ""
            print(
                f"[prm] {database} -> {result['name']}: "
                f"{result['last_check_message']}{busy}"
            )
    return ok


def check_taiwan(url, vendor_db):
    """The Taiwan company's demo: its partners on price lists in its currency,
    a record of every kind for its partners, each in the company; its channel
    manager in it alone, the US one outside it; a portal user reading
    Traditional Chinese. Prints what is wrong."""
    sys.path.insert(0, str(Path(__file__).parent))
    from demo_flows import Database  # noqa: PLC0415 (the path above)

    vendor = Database(url, vendor_db)
    taiwan = vendor.ref(TAIWAN_XMLID)
    (admin,) = vendor.call("res.users", "read", [vendor.uid], ["company_ids"])
    # Working in Taiwan (company-dependent values are Taiwan's), seeing
    # every company's records.
    context = {
        "allowed_company_ids": [
            taiwan,
            *(c for c in admin["company_ids"] if c != taiwan),
        ]
    }

    def call(model, method, *args, **kwargs):
        return vendor.call(model, method, *args, context=context, **kwargs)

    problems = []
    (company,) = call("res.company", "read", [taiwan], ["name", "currency_id"])
    company_name = company["name"]
    if company["currency_id"][1] != "TWD":
        problems.append(f"{company_name} is in {company['currency_id'][1]}, not TWD")
    partners = call(
        "res.partner",
        "search_read",
        [
            ("company_id", "=", taiwan),
            ("is_channel_partner", "=", True),
            ("is_company", "=", True),
        ],
        ["name", "property_product_pricelist"],
    )
    if len(partners) < 3:
        problems.append(f"{len(partners)} channel partners, 3 expected")
    pricelist_of = {
        p["id"]: (p["property_product_pricelist"] or [False])[0] for p in partners
    }
    pricelists = {
        pricelist["id"]: pricelist
        for pricelist in call(
            "product.pricelist",
            "read",
            [i for i in set(pricelist_of.values()) if i],
            ["currency_id", "company_id"],
        )
    }
    for partner in partners:
        pricelist = pricelists.get(pricelist_of[partner["id"]])
        if (
            not pricelist
            or pricelist["currency_id"][1] != "TWD"
            or (pricelist["company_id"] and pricelist["company_id"][0] != taiwan)
        ):
            problems.append(
                f"{partner['name']}'s price list is not a TWD one of {company_name}"
            )
    counts = []
    for model, field in PARTNER_RECORDS:
        domain = [(f"{field}.company_id", "=", taiwan)]
        if model == "crm.lead":
            domain.append(("active", "in", (True, False)))
        total = call(model, "search_count", domain)
        stray = call(model, "search_count", [*domain, ("company_id", "!=", taiwan)])
        counts.append(f"{model} {total}")
        if not total:
            problems.append(f"no {model} for its partners")
        if stray:
            problems.append(f"{stray} {model} of its partners in another company")
    for xmlid, inside in ((TAIWAN_MANAGER_XMLID, True), (US_MANAGER_XMLID, False)):
        (user,) = call(
            "res.users", "read", [vendor.ref(xmlid)], ["login", "company_ids"]
        )
        companies = user["company_ids"]
        if not (companies == [taiwan] if inside else taiwan not in companies):
            problems.append(f"{user['login']} has companies {user['company_ids']}")
    problems += _check_chinese_reader(url, vendor_db, vendor)
    if problems:
        print(f"[prm] {vendor_db}: {company_name}: " + "; ".join(problems) + ".")
        return False
    print(
        f"[prm] {vendor_db}: {company_name} (TWD): {len(partners)} channel "
        f"partners on TWD price lists; each record of theirs in the company "
        f"({', '.join(counts)})."
    )
    return True


def _check_chinese_reader(url, vendor_db, vendor):
    """Traditional Chinese is installed and a portal user of a Taiwan partner
    reads it: the suite's data reaches that user translated."""
    from demo_flows import Database, FlowFailed  # noqa: PLC0415

    try:
        reader = Database(url, vendor_db, TAIWAN_PORTAL_LOGIN, TAIWAN_PORTAL_LOGIN)
    except FlowFailed as error:
        return [str(error)]
    problems = []
    context = reader.call("res.users", "context_get")
    if context.get("lang") != "zh_TW":
        problems.append(f"{TAIWAN_PORTAL_LOGIN} reads {context.get('lang')}")
    (partner_type,) = vendor.call(
        "prm.partner.type",
        "read",
        [vendor.ref(TRANSLATED_XMLID)],
        ["name"],
        context={"lang": "zh_TW"},
    )
    if partner_type["name"] != TRANSLATED_NAME:
        problems.append(
            f"zh_TW is not loaded ({partner_type['name']!r}, not {TRANSLATED_NAME})"
        )
    if TRANSLATED_TILE not in _portal_home(url, vendor_db, TAIWAN_PORTAL_LOGIN):
        problems.append(f"the portal home of {TAIWAN_PORTAL_LOGIN} is not in zh_TW")
    return problems


def _portal_home(url, database, login):
    """The HTML of the portal home of `login` (its password is its login),
    logged in on the website in Traditional Chinese (a visitor's website
    language is the one of the URL or of its cookie)."""
    import re  # noqa: PLC0415

    import requests  # noqa: PLC0415 (Odoo's dependency, in the venv)

    session = requests.Session()
    # The database first: a server of several databases serves no website
    # page (nor its language's URLs) before one is chosen.
    session.get(f"{url}/web/login?db={database}", timeout=RPC_TIMEOUT)
    form = session.get(f"{url}/zh_TW/web/login", timeout=RPC_TIMEOUT)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    session.post(
        f"{url}/zh_TW/web/login",
        data={
            "login": login,
            "password": login,
            "db": database,
            "csrf_token": token.group(1) if token else "",
        },
        timeout=RPC_TIMEOUT,
    )
    return session.get(f"{url}/my", timeout=RPC_TIMEOUT).text


if __name__ == "__main__":
    import socket

    socket.setdefaulttimeout(RPC_TIMEOUT)
    command, *args = sys.argv[1:]
    if command == "connect":
        connect(*args)
    elif command == "check":
        connected = check(*args)
        sys.exit(0 if check_taiwan(args[0], args[1]) and connected else 1)
    else:
        raise SystemExit(__doc__)
