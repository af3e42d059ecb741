# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tools import SQL

# Records about a partner that got a company in 18.0.1.4.0.
PARTNER_TABLES = ("prm_review", "prm_certification", "prm_dispute", "prm_tier_proposal")


def migrate(cr, version):
    """Give the records that had no company the company of what they belong
    to: a deal conflict its registration's; a review, certification, dispute
    or tier proposal its partner's, else (a partner shared by every company)
    the company of the partner's latest agreement. The rest keep the company
    the update gave them (the partner's, else the main company)."""
    cr.execute(
        SQL(
            """
            UPDATE prm_deal_conflict conflict
               SET company_id = registration.company_id
              FROM prm_deal_registration registration
             WHERE registration.id = conflict.registration_id
               AND conflict.company_id IS DISTINCT FROM registration.company_id
            """
        )
    )
    for table in PARTNER_TABLES:
        cr.execute(
            SQL(
                """
                UPDATE %(table)s record
                   SET company_id = COALESCE(partner.company_id, (
                           SELECT agreement.company_id
                             FROM prm_agreement agreement
                            WHERE agreement.partner_id = partner.id
                         ORDER BY agreement.date_end DESC, agreement.id DESC
                            LIMIT 1),
                           record.company_id)
                  FROM res_partner partner
                 WHERE partner.id = record.partner_id
                """,
                table=SQL.identifier(table),
            )
        )
