# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

# The remote's model of the bindings made before it was kept: the counterpart
# each flow bound a model to at the time (other models: the same model).
COUNTERPARTS = {
    "sale.order": "purchase.order",
    "sale.order.line": "purchase.order.line",
    "purchase.order": "sale.order",
    "prm.deal.registration": "crm.lead",
    "prm.agreement": "prm.sync.agreement",
    "prm.sync.agreement": "prm.agreement",
    "prm.sync.connection": "res.partner",
    "prm.fund.allocation": "prm.vendor.fund",
    "prm.vendor.fund": "prm.fund.allocation",
    "prm.fund.request": "prm.vendor.fund.request",
    "prm.vendor.fund.request": "prm.fund.request",
    "prm.fund.claim": "prm.vendor.fund.claim",
    "prm.vendor.fund.claim": "prm.fund.claim",
    "prm.warranty.claim": "prm.vendor.warranty.claim",
    "prm.vendor.warranty.claim": "prm.warranty.claim",
    "prm.vmi.proposal": "prm.vmi.replenishment",
    "prm.vmi.replenishment": "prm.vmi.proposal",
}


def migrate(cr, version):
    """Bindings name the remote's model too (a local model may be bound to
    two models of the remote)."""
    cr.execute(
        "ALTER TABLE prm_sync_binding ADD COLUMN IF NOT EXISTS remote_model varchar"
    )
    cr.execute(
        """
        UPDATE prm_sync_binding
           SET remote_model = coalesce(data.remote_model, prm_sync_binding.res_model)
          FROM (SELECT unnest(%s::varchar[]) AS res_model,
                       unnest(%s::varchar[]) AS remote_model) AS data
         WHERE prm_sync_binding.remote_model IS NULL
           AND data.res_model = prm_sync_binding.res_model
        """,
        [list(COUNTERPARTS), list(COUNTERPARTS.values())],
    )
    cr.execute(
        "UPDATE prm_sync_binding SET remote_model = res_model "
        "WHERE remote_model IS NULL"
    )
