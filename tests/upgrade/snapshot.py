# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# ruff: noqa: F821 (env: the Odoo shell's)
"""Run by tests/test_upgrade.py in odoo-bin shell, before and after the upgrade:
what a user sees of the records create_data.py made (PRM-SNAPSHOT) and the
suite's installed versions (PRM-VERSIONS). Uses only fields the previous
release has too."""

import json


def _name(record):
    return record.display_name if record else False


def _names(records):
    return sorted(records.mapped("display_name"))


def _rows(records, fields, **related):
    rows = []
    for record in records:
        row = {}
        for name in fields:
            value = record[name]
            if hasattr(value, "_name"):
                value = _name(value) if len(value) <= 1 else _names(value)
            row[name] = value
        for key, read in related.items():
            row[key] = read(record)
        rows.append(row)
    return sorted(rows, key=lambda row: json.dumps(row, sort_keys=True, default=str))


def prm_snapshot(env):
    Partner = env["res.partner"].with_context(active_test=False)
    partners = Partner.search(
        [("name", "=like", "Upgrade %"), ("is_company", "=", True)]
    )
    tiers = env["res.partner.grade"].search([("name", "=like", "Upgrade %")])
    leads = (
        env["crm.lead"]
        .with_context(active_test=False)
        .search([("name", "=like", "Upgrade %")])
    )
    offers = env["prm.lead.assignment"].search([("lead_id", "in", leads.ids)])
    budgets = env["prm.fund.budget"].search([("name", "=like", "Upgrade %")])
    allocations = env["prm.fund.allocation"].search([("budget_id", "in", budgets.ids)])
    requests = env["prm.fund.request"].search(
        [("allocation_id", "in", allocations.ids)]
    )
    claims = env["prm.fund.claim"].search([("request_id", "in", requests.ids)])
    connections = (
        env["prm.sync.connection"]
        .with_context(active_test=False)
        .search([("name", "=like", "Upgrade %")])
    )
    bindings = env["prm.sync.binding"].search(
        [("connection_id", "in", connections.ids)]
    )
    outbox = env["prm.sync.message"].search([("connection_id", "in", connections.ids)])
    inbox = env["prm.sync.inbox"].search([("connection_id", "in", connections.ids)])

    def bound(binding):
        return _name(env[binding.res_model].browse(binding.res_id).exists())

    return {
        "partners": _rows(
            partners,
            [
                "name",
                "is_channel_partner",
                "partner_type_id",
                "relationship_kind",
                "grade_id",
                "partner_manager_id",
                "connection_mode",
                "territory_country_ids",
                "specialization_ids",
                "lead_capacity",
                "agreement_state",
                "prm_application_state",
                "child_ids",
            ],
        ),
        "tiers": _rows(
            tiers,
            [
                "name",
                "sequence",
                "partner_weight",
                "pricelist_id",
                "acceptance_deadline_hours",
            ],
        ),
        "agreements": _rows(
            env["prm.agreement"].search([("partner_id", "in", partners.ids)]),
            [
                "name",
                "partner_id",
                "program_id",
                "state",
                "date_start",
                "date_end",
                "date_signed",
                "signed_by",
            ],
        ),
        "rules": _rows(
            env["prm.routing.rule"].search([("name", "=like", "Upgrade %")]),
            ["name", "sequence", "country_ids", "require_specialization"],
        ),
        "leads": _rows(
            leads,
            [
                "name",
                "type",
                "country_id",
                "partner_assigned_id",
                "stage_id",
                "expected_revenue",
                "active",
            ],
        ),
        "offers": _rows(
            offers,
            [
                "lead_id",
                "partner_id",
                "rule_id",
                "origin",
                "state",
                "deadline",
                "date_offered",
                "notified",
            ],
        ),
        "budgets": _rows(
            budgets, ["name", "state", "amount", "date_start", "date_end"]
        ),
        "allocations": _rows(
            allocations,
            [
                "budget_id",
                "partner_id",
                "amount",
                "requested",
                "approved",
                "claimed",
                "paid",
            ],
        ),
        "requests": _rows(
            requests, ["name", "partner_id", "state", "planned_cost", "approved_amount"]
        ),
        "claims": _rows(
            claims,
            ["name", "partner_id", "state", "amount", "partner_invoice_ref"],
            bill=lambda claim: [
                claim.bill_id.state,
                claim.bill_id.move_type,
                claim.bill_id.amount_total,
            ],
            proofs=lambda claim: len(claim.proof_attachment_ids),
        ),
        "connections": _rows(
            connections,
            [
                "name",
                "remote_role",
                "partner_id",
                "company_id",
                "remote_url",
                "remote_database",
                "remote_login",
                "integration_user_id",
                "api_key",
                "state",
                "active",
                "lead_team_id",
            ],
            flows=lambda connection: sorted(connection.flow_ids.mapped("model")),
        ),
        "bindings": _rows(
            bindings,
            ["res_model", "res_id", "remote_model", "remote_id", "version"],
            record=bound,
        ),
        "outbox": _rows(
            outbox,
            ["uuid", "kind", "res_model", "res_id", "payload", "state", "attempts"],
        ),
        "inbox": _rows(inbox, ["uuid", "kind", "payload_hash", "result"]),
    }


print("PRM-SNAPSHOT " + json.dumps(prm_snapshot(env), sort_keys=True, default=str))
print(
    "PRM-VERSIONS "
    + json.dumps(
        {
            module.name: module.latest_version
            for module in env["ir.module.module"].search(
                [
                    ("name", "=like", "partner_relationship%"),
                    ("state", "=", "installed"),
                ]
            )
        }
    )
)
