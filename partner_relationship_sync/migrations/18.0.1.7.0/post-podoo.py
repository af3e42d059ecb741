# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import SUPERUSER_ID, api, fields

FUND_FIGURES = ("requested", "approved", "claimed", "paid")


def _count_listed_requests(env):
    """A vendor's fund mirrored here showed the vendor's totals, counting
    requests made elsewhere (on its portal, or entered by the vendor) beside
    the one request listed: its figures are now those of the requests listed."""
    funds = env["prm.vendor.fund"].with_context(active_test=False).search([])
    for name in FUND_FIGURES:
        env.add_to_compute(funds._fields[name], funds)
    funds.flush_recordset(list(FUND_FIGURES))


def _untag_vendors_offers(env):
    """Our routing schedule tagged the leads a vendor offered us "No more
    partner available" (it found none of our channel partners for them); the
    vendor's lead never had it here."""
    unavailable = env.ref(
        "website_crm_partner_assign.tag_portal_lead_partner_unavailable",
        raise_if_not_found=False,
    )
    if not unavailable:
        return
    leads = (
        env["crm.lead"]
        .with_context(active_test=False)
        .search(
            [
                ("prm_vendor_connection_id", "!=", False),
                ("tag_ids", "in", unavailable.ids),
            ]
        )
    )
    leads.with_context(tracking_disable=True).write(
        {"tag_ids": [fields.Command.unlink(unavailable.id)]}
    )


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    _count_listed_requests(env)
    _untag_vendors_offers(env)
    # The apps for what this database is: the Vendor app when connected to a
    # vendor; the Partner Network app hidden when it is only a partner.
    env["prm.sync.connection"]._prm_show_apps(set())
