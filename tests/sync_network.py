# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Helpers of the cross-database tests."""

import http.client
import http.server
import threading
import xmlrpc.client
from datetime import datetime, timedelta


def authorize(client, company_name, **partner_values):
    """On one side: create the partner the other side stands for, and its key."""
    partner_id = client.env["res.partner"].create(
        {"name": company_name, "is_company": True, **partner_values}
    )
    wizard = client.env["prm.sync.authorize"]
    wizard_id = wizard.create({"partner_id": partner_id})
    action = wizard.browse(wizard_id).action_authorize()
    login, key = (
        wizard.browse(wizard_id).read(["login", "api_key"])[0][k]
        for k in ("login", "api_key")
    )
    assert not key, "the key is not kept once the wizard is closed"
    return partner_id, login, action["context"]["prm_sync_api_key"]


class FaultyProxy:
    """A loopback HTTP proxy in front of an Odoo server that can lose the
    answers: the request reaches Odoo (which may commit), the caller gets a
    dropped connection. `before_forward` runs before each forward (e.g. to
    kill the server mid-batch)."""

    def __init__(self, upstream_port):
        self.upstream_port = upstream_port
        self.drop_responses = 0
        self.before_forward = None
        # rewrite(answer) -> answer: what the remote is made to answer to
        # /object calls (an attacker's database answering what it likes).
        self.rewrite = None
        self.forwarded = 0
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if proxy.before_forward and self.path.endswith("/object"):
                    proxy.before_forward()
                try:
                    upstream = http.client.HTTPConnection(
                        "127.0.0.1", proxy.upstream_port, timeout=60
                    )
                    upstream.request(
                        "POST",
                        self.path,
                        body,
                        {"Content-Type": self.headers.get("Content-Type", "text/xml")},
                    )
                    response = upstream.getresponse()
                    payload = response.read()
                    proxy.forwarded += 1
                except OSError:
                    self.close_connection = True
                    return
                if proxy.rewrite and self.path.endswith("/object"):
                    (answer,), _method = xmlrpc.client.loads(payload)
                    payload = xmlrpc.client.dumps(
                        (proxy.rewrite(answer),), methodresponse=True, allow_none=True
                    ).encode()
                if proxy.drop_responses and self.path.endswith("/object"):
                    proxy.drop_responses -= 1
                    self.close_connection = True
                    return
                self.send_response(response.status)
                self.send_header("Content-Type", response.getheader("Content-Type"))
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def connection(client, server, remote_db, role, partner_id, login, key, **extra):
    """A connection on `client`'s side to `remote_db` (not tested yet)."""
    Connection = client.env["prm.sync.connection"]
    connection_id = Connection.create(
        {
            "name": f"{remote_db} ({role}) {login}",
            "remote_role": role,
            "partner_id": partner_id,
            "remote_url": server.url,
            "remote_database": remote_db,
            "remote_login": login,
            "api_key": key,
            **extra,
        }
    )
    return Connection.browse(connection_id)


def both_ways(server, vendor_side, partner_side, team_id):
    """The vendor's connection to the partner's database ("to_partner") and
    the partner's back ("to_vendor"). Each side is (client, database, the id
    of the other side's company there, the login and key it authorized for
    the other side); the partner's offered leads go to `team_id`."""
    vendor, vendor_db, harbor_id, harbor_login, harbor_key = vendor_side
    partner, partner_db, vendor_company_id, vendor_login, vendor_key = partner_side
    return {
        "to_partner": connection(
            vendor, server, partner_db, "partner", harbor_id, vendor_login, vendor_key
        ),
        "to_vendor": connection(
            partner,
            server,
            vendor_db,
            "vendor",
            vendor_company_id,
            harbor_login,
            harbor_key,
            lead_team_id=team_id,
        ),
    }


def partner_link(vendor, server, partner_db, partner_id, network):
    """A connection of the vendor's to the partner's database through
    `server` (e.g. a proxy), standing for `partner_id`, with the vendor's key."""
    return connection(
        vendor,
        server,
        partner_db,
        "partner",
        partner_id,
        network["vendor_login"],
        network["vendor_key"],
    )


def forward(vendor, partner_id, name, hours=48, **values):
    """The vendor offers a new lead to a partner and the offer is delivered
    (the notification job of the vendor's database)."""
    lead_id = vendor.env["crm.lead"].create(
        {
            "name": name,
            "type": "lead",
            "contact_name": "Dana Reyes",
            "email_from": "dana@lighthouse-clinic.example.com",
            "expected_revenue": 12000,
            **values,
        }
    )
    Wizard = vendor.env["prm.lead.forward.wizard"]
    deadline = datetime.utcnow() + timedelta(hours=hours)
    wizard_id = Wizard.create(
        {
            "lead_ids": [(6, 0, [lead_id])],
            "partner_id": partner_id,
            "deadline": deadline.strftime("%Y-%m-%d %H:%M:%S"),
        }
    )
    Wizard.browse(wizard_id).action_forward()
    vendor.env.ref(
        "partner_relationship.ir_cron_notify_lead_offers"
    ).method_direct_trigger()
    return lead_id


def partner_lead(partner, name):
    Lead = partner.env["crm.lead"]
    ids = Lead.with_context(active_test=False).search([("name", "=", name)])
    assert len(ids) <= 1, f"{len(ids)} leads named {name} in the partner database"
    return Lead.with_context(active_test=False).browse(ids) if ids else None


def messages(client, kind, state=None):
    domain = [("kind", "=", kind)] + ([("state", "=", state)] if state else [])
    Message = client.env["prm.sync.message"]
    return Message.search_read(domain, ["state", "last_error", "uuid", "res_id"])


def receive(server, database, login, key, messages):
    """Deliver messages by hand, as the sender's job does."""
    common = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/common")
    uid = common.authenticate(database, login, key, {})
    models = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/object", allow_none=True)
    return models.execute_kw(
        database, uid, key, "prm.sync.api", "prm_sync_receive", [messages], {}
    )


# The vendor's second company.
TAIWAN = "Aurora Devices Taiwan"


def twd_currency(client):
    (twd,) = (
        client.env["res.currency"]
        .with_context(active_test=False)
        .search([("name", "=", "TWD")])
    )
    return twd


def taiwan_company(vendor):
    """The id of Aurora Devices Taiwan, the vendor's second company, in TWD,
    with its warehouse (made once per database); the vendor's administrator
    may work in it."""
    Company = vendor.env["res.company"]
    found = Company.search([("name", "=", TAIWAN)])
    if found:
        return found[0]
    twd = twd_currency(vendor)
    vendor.env["res.currency"].browse(twd).write({"active": True})
    (taiwan,) = vendor.env["res.country"].search([("code", "=", "TW")])
    company_id = Company.create(
        {"name": TAIWAN, "currency_id": twd, "country_id": taiwan}
    )
    vendor.env["res.users"].browse(vendor.env.uid).write(
        {"company_ids": [(4, company_id)]}
    )
    # (Odoo makes a new company's warehouse in its own tests only.)
    vendor.env["stock.warehouse"].create(
        {"name": "Hsinchu", "code": "HSC", "company_id": company_id}
    )
    return company_id


def working_in(server, database, company_id):
    """A client of the administrator working in `company_id` (its active
    company; its other companies allowed too)."""
    client = server.client(database)
    user = client.env["res.users"].browse(client.env.uid)
    client.env.context["allowed_company_ids"] = [company_id] + [
        other for other in user.company_ids.ids if other != company_id
    ]
    return client


def taiwan_network(server, vendor, partner, vendor_db, partner_db):
    """Harbor Leads Taiwan, a channel partner of the vendor's Taiwan company
    (tier Sync Taiwan Gold, whose price list there is in TWD), runs its own
    Odoo; both sides authorised each other and connected. The vendor's
    connection is made without naming a company: it takes the partner's."""
    company_id = taiwan_company(vendor)
    vendor_tw = working_in(server, vendor_db, company_id)
    twd = twd_currency(vendor_tw)
    pricelist_id = vendor_tw.env["product.pricelist"].create(
        {
            "name": "Sync Taiwan Gold prices",
            "currency_id": twd,
            "company_id": company_id,
            "is_central": True,
        }
    )
    # The tier's benefits in the company the administrator works in: Taiwan.
    tier_id = vendor_tw.env["res.partner.grade"].create(
        {
            "name": "Sync Taiwan Gold",
            "acceptance_deadline_hours": 24,
            "pricelist_id": pricelist_id,
        }
    )
    harbor_id, harbor_login, harbor_key = authorize(
        vendor_tw,
        "Harbor Leads Taiwan",
        is_channel_partner=True,
        connection_mode="connected",
        grade_id=tier_id,
        company_id=company_id,
    )
    # Its integration user works in the main company, Taiwan allowed too (as
    # one made before the vendor had a second company): the messages are
    # still applied in the connection's company.
    Users = vendor.env["res.users"]
    (user_id,) = Users.search([("login", "=", harbor_login)])
    main_company_id = vendor.env.user.company_id.id
    Users.browse(user_id).write(
        {
            "company_ids": [(6, 0, [main_company_id, company_id])],
            "company_id": main_company_id,
        }
    )
    vendor_company_id, vendor_login, vendor_key = authorize(partner, TAIWAN)
    team_id = partner.env["crm.team"].create({"name": "Vendor leads (Taiwan)"})
    return {
        "company_id": company_id,
        "vendor_tw": vendor_tw,
        "pricelist_id": pricelist_id,
        "tier_id": tier_id,
        "harbor_id": harbor_id,
        "harbor_login": harbor_login,
        "vendor_company_id": vendor_company_id,
        "team_id": team_id,
        **both_ways(
            server,
            (vendor_tw, vendor_db, harbor_id, harbor_login, harbor_key),
            (partner, partner_db, vendor_company_id, vendor_login, vendor_key),
            team_id,
        ),
    }
