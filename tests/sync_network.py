# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Helpers of the cross-database tests."""


def authorize(client, company_name, **partner_values):
    """On one side: create the partner the other side stands for, and its key."""
    partner_id = client.env["res.partner"].create(
        {"name": company_name, "is_company": True, **partner_values}
    )
    wizard = client.env["prm.sync.authorize"]
    wizard_id = wizard.create({"partner_id": partner_id})
    wizard.browse(wizard_id).action_authorize()
    login, key = (
        wizard.browse(wizard_id).read(["login", "api_key"])[0][k]
        for k in ("login", "api_key")
    )
    return partner_id, login, key
