# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Tier benefits become each company's (prm.tier.benefit): the tier's own
benefit columns are kept aside for the post-migration to move into lines."""

from odoo.tools.sql import SQL, column_exists

BENEFIT_COLUMNS = (
    "pricelist_id",
    "mdf_share",
    "acceptance_deadline_hours",
    "deal_protection_days",
    "service_resolution_hours",
)


def migrate(cr, version):
    if not version:
        return
    for column in BENEFIT_COLUMNS:
        if column_exists(cr, "res_partner_grade", column):
            cr.execute(
                SQL(
                    "ALTER TABLE res_partner_grade RENAME COLUMN %s TO %s",
                    SQL.identifier(column),
                    SQL.identifier(f"prm_legacy_{column}"),
                )
            )
