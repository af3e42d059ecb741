# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tools.sql import SQL, column_exists

# Records about a partner that got a company in 18.0.1.4.0.
PARTNER_TABLES = ("prm_review", "prm_certification", "prm_dispute", "prm_tier_proposal")


# The tier's former benefit columns, with the value of a tier without one.
DEFAULTS = {
    "pricelist_id": None,
    "mdf_share": 0.0,
    "acceptance_deadline_hours": 48,
    "deal_protection_days": 90,
    "service_resolution_hours": 72,
}
BENEFIT_COLUMNS = tuple(DEFAULTS)


def _give_companies(cr):
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


def _move_tier_benefits(cr):
    """Each tier's benefits, kept aside by the pre-migration, into a benefit
    line of the tier's company (of the main company for a tier of no
    company); the old columns dropped."""
    legacy = [
        column
        for column in BENEFIT_COLUMNS
        if column_exists(cr, "res_partner_grade", f"prm_legacy_{column}")
    ]
    if not legacy:
        return
    cr.execute(
        "SELECT res_id FROM ir_model_data "
        "WHERE module = 'base' AND name = 'main_company'"
    )
    row = cr.fetchone()
    main_company = row[0] if row else 1
    tier_company = (
        SQL("COALESCE(grade.company_id, %s)", main_company)
        if column_exists(cr, "res_partner_grade", "company_id")
        else SQL("%s", main_company)
    )
    values = [
        SQL("COALESCE(grade.%s, %s)", SQL.identifier(f"prm_legacy_{column}"), default)
        if column in legacy and default is not None
        else SQL("grade.%s", SQL.identifier(f"prm_legacy_{column}"))
        if column in legacy
        else SQL("%s", default)
        for column, default in DEFAULTS.items()
    ]
    cr.execute(
        SQL(
            """
            INSERT INTO prm_tier_benefit (
                tier_id, company_id, %(columns)s,
                create_uid, write_uid, create_date, write_date)
            SELECT grade.id, %(company)s, %(values)s,
                   1, 1, NOW() AT TIME ZONE 'UTC', NOW() AT TIME ZONE 'UTC'
              FROM res_partner_grade grade
             WHERE NOT EXISTS (
                   SELECT 1 FROM prm_tier_benefit benefit
                    WHERE benefit.tier_id = grade.id)
            """,
            columns=SQL(", ").join(SQL.identifier(c) for c in DEFAULTS),
            company=tier_company,
            values=SQL(", ").join(values),
        )
    )
    for column in legacy:
        cr.execute(
            SQL(
                "ALTER TABLE res_partner_grade DROP COLUMN %s",
                SQL.identifier(f"prm_legacy_{column}"),
            )
        )


def migrate(cr, version):
    if not version:
        return
    _move_tier_benefits(cr)
    _give_companies(cr)
