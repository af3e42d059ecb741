# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


def _has_column(cr, table, column):
    cr.execute(
        "SELECT 1 FROM information_schema.columns "
        "WHERE table_name = %s AND column_name = %s",
        [table, column],
    )
    return bool(cr.fetchone())


def migrate(cr, version):
    """Remote ids and versions kept beside the bindings move into them: the
    vendor's registration of an opportunity (with its decision's version),
    the vendor's proposal of a replenishment and the versions of the last
    shared inventory and proposals applied."""
    if _has_column(cr, "crm_lead", "prm_registration_remote_id"):
        cr.execute(
            """
            INSERT INTO prm_sync_binding
                (connection_id, res_model, res_id, remote_model, remote_id, version)
            SELECT prm_registration_connection_id, 'crm.lead', id,
                   'prm.deal.registration', prm_registration_remote_id,
                   coalesce(prm_registration_version, 0)
              FROM crm_lead
             WHERE prm_registration_remote_id > 0
               AND prm_registration_connection_id IS NOT NULL
            ON CONFLICT DO NOTHING
            """
        )
        cr.execute(
            "ALTER TABLE crm_lead DROP COLUMN prm_registration_remote_id, "
            "DROP COLUMN IF EXISTS prm_registration_version"
        )
    if _has_column(cr, "prm_vmi_replenishment", "vendor_proposal_id"):
        cr.execute(
            """
            INSERT INTO prm_sync_binding
                (connection_id, res_model, res_id, remote_model, remote_id, version)
            SELECT connection_id, 'prm.vmi.replenishment', id, 'prm.vmi.proposal',
                   vendor_proposal_id, 0
              FROM prm_vmi_replenishment
             WHERE vendor_proposal_id > 0
            ON CONFLICT DO NOTHING
            """
        )
        cr.execute("ALTER TABLE prm_vmi_replenishment DROP COLUMN vendor_proposal_id")
    # Whole-state messages: the version of the last one applied, bound as the
    # stream of its kind on the connection.
    if _has_column(cr, "prm_sync_connection", "prm_vmi_proposal_version"):
        cr.execute(
            """
            INSERT INTO prm_sync_binding
                (connection_id, res_model, res_id, remote_model, remote_id, version)
            SELECT id, 'prm.sync.connection', id, 'vmi_proposals', id,
                   prm_vmi_proposal_version
              FROM prm_sync_connection
             WHERE prm_vmi_proposal_version > 0
            UNION ALL
            SELECT id, 'res.partner', partner_id, 'vmi_share', id,
                   prm_vmi_share_version
              FROM prm_sync_connection
             WHERE prm_vmi_share_version > 0
            ON CONFLICT DO NOTHING
            """
        )
        cr.execute(
            "ALTER TABLE prm_sync_connection DROP COLUMN prm_vmi_proposal_version, "
            "DROP COLUMN IF EXISTS prm_vmi_share_version"
        )
