# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class PrmLeadRouter(models.AbstractModel):
    """Partner side: a lead a vendor offered us is the vendor's until we
    accept it. Our own routing (its schedule, the wizard, the Route button)
    leaves it alone: it is neither offered to our channel partners nor
    tagged "No more partner available" when we have none."""

    _inherit = "prm.lead.router"

    @api.model
    def _prm_vendors_offers(self, leads):
        """The leads of `leads` offered by a vendor and not accepted here.

        One query, whatever the number of leads (filtering the records in
        memory read them by batches of a thousand)."""
        if not leads:
            return leads
        leads.flush_recordset(["prm_vendor_connection_id", "prm_vendor_offer_state"])
        found = (
            leads.sudo()
            .with_context(active_test=False)
            ._search([("id", "in", leads.ids), *leads._prm_vendor_offer_domain()])
        )
        return leads.browse(found.get_result_ids())

    @api.model
    def _route(self, leads):
        offers = self._prm_vendors_offers(leads)
        result = super()._route(leads - offers if offers else leads)
        result["skipped"] += len(offers)
        return result

    @api.model
    def _unassigned_leads(self, team=None):
        leads = super()._unassigned_leads(team=team)
        return leads - self._prm_vendors_offers(leads)
