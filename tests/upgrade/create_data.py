# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# ruff: noqa: F821 (env: the Odoo shell's)
"""Run by tests/test_upgrade.py in odoo-bin shell with the previous release's
addons: partners with profiles and tiers, agreements, leads routed to them
(offers pending, one to a partner's own Odoo through the sync outbox), a fund
whose claim's bill is posted, a sync connection with bindings, pending
messages and applied message IDs. Uses only what that release has."""

import base64
from datetime import timedelta

from odoo import Command, fields

env = env(context=dict(env.context, tracking_disable=True))
if not env["mail.alias.domain"].search_count([]):
    env["mail.alias.domain"].create({"name": "vendor.example.com"})
us, tw = env.ref("base.us"), env.ref("base.tw")
Users = env["res.users"].with_context(no_reset_password=True)


def user(login, *groups):
    return Users.create(
        {
            "name": login.replace("_", " ").title(),
            "login": login,
            "email": f"{login}@vendor.example.com",
            "groups_id": [Command.set([env.ref(xmlid).id for xmlid in groups])],
        }
    )


channel_manager = user(
    "upgrade_channel_manager",
    "base.group_user",
    "partner_relationship.group_prm_manager",
)
partner_manager = user(
    "upgrade_partner_manager", "base.group_user", "partner_relationship.group_prm_user"
)
accountant = user(
    "upgrade_accountant", "base.group_user", "account.group_account_invoice"
)

# Tiers and partners
Pricelist = env["product.pricelist"]
Grade = env["res.partner.grade"]
gold = Grade.create(
    {
        "name": "Upgrade Gold",
        "sequence": 201,
        "partner_weight": 30,
        "acceptance_deadline_hours": 48,
        "pricelist_id": Pricelist.create({"name": "Upgrade Gold PL"}).id,
    }
)
silver = Grade.create(
    {
        "name": "Upgrade Silver",
        "sequence": 202,
        "partner_weight": 10,
        "pricelist_id": Pricelist.create({"name": "Upgrade Silver PL"}).id,
    }
)
networking = env["product.category"].create({"name": "Upgrade Networking"})
Partner = env["res.partner"]
partner_a = Partner.create(
    {
        "name": "Upgrade Harbor Networks",
        "is_company": True,
        "is_channel_partner": True,
        "partner_type_id": env.ref("partner_relationship.partner_type_reseller").id,
        "relationship_kind": "strategic",
        "partner_manager_id": partner_manager.id,
        "grade_id": gold.id,
        "territory_country_ids": [Command.set(us.ids)],
        "specialization_ids": [Command.set(networking.ids)],
        "lead_capacity": 12,
        "connection_mode": "connected",
        "child_ids": [
            Command.create({"name": "Ann of Harbor", "email": "ann@harbor.example.com"})
        ],
    }
)
partner_b = Partner.create(
    {
        "name": "Upgrade Formosa Systems",
        "is_company": True,
        "is_channel_partner": True,
        "partner_type_id": env.ref(
            "partner_relationship.partner_type_strategic_service"
        ).id,
        "relationship_kind": "strategic",
        "partner_manager_id": partner_manager.id,
        "grade_id": silver.id,
        "territory_country_ids": [Command.set(tw.ids)],
        "child_ids": [
            Command.create({"name": "Bo of Formosa", "email": "bo@formosa.example.com"})
        ],
    }
)
program = env.ref("partner_relationship.prm_program_partner")
today = fields.Date.context_today(partner_a)
agreement = env["prm.agreement"].create(
    {
        "name": "Upgrade Reseller Agreement",
        "partner_id": partner_a.id,
        "program_id": program.id,
        "date_start": today - timedelta(days=30),
        "date_end": today + timedelta(days=335),
    }
)
agreement.action_sign(signed_by="Ann of Harbor")
env["prm.agreement"].create(
    {
        "name": "Upgrade Draft Agreement",
        "partner_id": partner_b.id,
        "program_id": program.id,
        "date_start": today,
        "date_end": today + timedelta(days=365),
    }
)

# The sync connection to Harbor's own Odoo, before the offers: they go to its outbox.
connection = env["prm.sync.connection"].create(
    {
        "name": "Upgrade Harbor Odoo",
        "remote_role": "partner",
        "partner_id": partner_a.id,
        "remote_url": "http://127.0.0.1:9",
        "remote_database": "harbor",
        "remote_login": "vendor_sync",
        "api_key": "upgrade-key",
    }
)

# Leads offered to the partners by the routing rules
Rule = env["prm.routing.rule"]
Rule.create({"name": "Upgrade United States", "sequence": 1, "country_ids": us.ids})
Rule.create({"name": "Upgrade Taiwan", "sequence": 2, "country_ids": tw.ids})
Lead = env["crm.lead"]
leads = Lead.create(
    [
        {
            "name": "Upgrade Lead Boston",
            "type": "lead",
            "country_id": us.id,
            "expected_revenue": 12000,
        },
        {
            "name": "Upgrade Lead Denver",
            "type": "lead",
            "country_id": us.id,
            "expected_revenue": 8000,
        },
        {
            "name": "Upgrade Lead Taipei",
            "type": "lead",
            "country_id": tw.id,
            "expected_revenue": 30000,
        },
    ]
)
result = env["prm.lead.router"]._route(leads)
assert result["routed"] == 3, result
env["prm.lead.assignment"]._prm_offers_made()

# A fund: budget, allocation, approved request, claim with its bill posted
Budget = env["prm.fund.budget"]
budget = Budget.create(
    {
        "name": "Upgrade MDF",
        "program_id": program.id,
        "date_start": today - timedelta(days=30),
        "date_end": today + timedelta(days=150),
        "amount": 10000,
    }
)
budget.action_open()
allocation = env["prm.fund.allocation"].create(
    {"budget_id": budget.id, "partner_id": partner_a.id, "amount": 1000}
)
fund_request = (
    env["prm.fund.request"]
    .with_user(partner_manager)
    .create(
        {
            "name": "Upgrade Trade Show",
            "allocation_id": allocation.id,
            "date_start": today,
            "date_end": today + timedelta(days=2),
            "planned_cost": 800,
            "objectives": "Meet 200 retail buyers at the show",
            "expected_results": "20 qualified leads, 5 demos",
            "expected_leads": 20,
        }
    )
)
fund_request.action_submit()
fund_request.with_user(channel_manager).action_approve(700)
proof = env["ir.attachment"].create(
    {"name": "booth.jpg", "datas": base64.b64encode(b"photo of the booth")}
)
claim = (
    env["prm.fund.claim"]
    .with_user(partner_manager)
    .create(
        {
            "request_id": fund_request.id,
            "amount": 650,
            "partner_invoice_ref": "HB-2026-0042",
            "proof_attachment_ids": [Command.set(proof.ids)],
        }
    )
)
claim.action_submit()
claim.with_user(channel_manager).action_approve()
claim.bill_id.with_user(accountant).action_post()

# Bindings and messages of the connection
Binding = env["prm.sync.binding"]
Binding._prm_bind(connection, leads[0], 501, version=3)
Binding._prm_bind(connection, agreement, 77, version=1)
Binding._prm_bind(connection, allocation, 12)
env["prm.sync.message"].create(
    {
        "connection_id": connection.id,
        "kind": "lead_recall",
        "res_model": "crm.lead",
        "res_id": leads[0].id,
        "payload": {"lead_id": leads[0].id, "reason": "Upgrade test"},
    }
)
Inbox = env["prm.sync.inbox"]
Inbox.create(
    [
        {
            "uuid": "9b2f4c1e-0000-4000-8000-00000000000%s" % index,
            "connection_id": connection.id,
            "kind": kind,
            "payload_hash": "%064x" % index,
            "result": {"status": "applied", "lead_id": leads[0].id},
        }
        for index, kind in enumerate(("lead_answer", "lead_progress"), start=1)
    ]
)
env.flush_all()
env.cr.commit()
