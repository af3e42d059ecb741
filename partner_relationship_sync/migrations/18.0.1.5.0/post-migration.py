# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tools.sql import SQL

# Mirrors of what a connection brings (table, how to find its connection's
# company), in the order they depend on each other.
MIRRORS = (
    (
        "prm_vendor_fund",
        SQL(
            "SELECT company_id FROM prm_sync_connection "
            "WHERE id = prm_vendor_fund.connection_id"
        ),
    ),
    (
        "prm_sync_agreement",
        SQL(
            "SELECT company_id FROM prm_sync_connection "
            "WHERE id = prm_sync_agreement.connection_id"
        ),
    ),
    (
        "prm_vmi_replenishment",
        SQL(
            "SELECT company_id FROM prm_sync_connection "
            "WHERE id = prm_vmi_replenishment.connection_id"
        ),
    ),
    (
        "prm_vendor_fund_request",
        SQL(
            "SELECT company_id FROM prm_vendor_fund "
            "WHERE id = prm_vendor_fund_request.fund_id"
        ),
    ),
    (
        "prm_vendor_fund_claim",
        SQL(
            "SELECT company_id FROM prm_vendor_fund_request "
            "WHERE id = prm_vendor_fund_claim.request_id"
        ),
    ),
)


def migrate(cr, version):
    """Connections get a company: the one the partner they stand for works
    with, else the main company; what they mirror takes their company."""
    cr.execute(
        SQL(
            """
            UPDATE prm_sync_connection connection
               SET company_id = COALESCE(
                       commercial.company_id,
                       (SELECT res_id FROM ir_model_data
                         WHERE module = 'base' AND name = 'main_company'),
                       (SELECT MIN(id) FROM res_company))
              FROM res_partner partner
              JOIN res_partner commercial
                ON commercial.id = COALESCE(partner.commercial_partner_id, partner.id)
             WHERE partner.id = connection.partner_id
            """
        )
    )
    for table, company in MIRRORS:
        cr.execute(
            SQL(
                "UPDATE %(table)s SET company_id = (%(company)s) "
                "WHERE company_id IS DISTINCT FROM (%(company)s)",
                table=SQL.identifier(table),
                company=company,
            )
        )
