# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG


class ProductPricelist(models.Model):
    _inherit = "product.pricelist"

    def write(self, vals):
        result = super(
            ProductPricelist, self.with_context(prm_catalogue_queued=True)
        ).write(vals)
        if {"name", "currency_id", "item_ids", "is_central"} & set(vals):
            # The partners' prices change with the rules and the currency.
            self.env["prm.sync.catalogue.flow"]._prm_send_pricelists(
                self, prices=bool({"currency_id", "item_ids"} & set(vals))
            )
        return result

    def unlink(self):
        """A deleted price list changes the prices of the partners whose
        tier's price list it is or is based on (Odoo deletes one that other
        price lists' rules are based on only with them): their prices are
        queued as for a change. Who they are is found before (the rules are
        gone after), the prices after."""
        Flow = self.env["prm.sync.catalogue.flow"]
        priced = self.env["prm.sync.connection"]
        # An uninstall deletes it whatever is based on it, and Odoo's prices
        # then fail on the rules left without their base: nothing is sent.
        if not self.env.context.get(MODULE_UNINSTALL_FLAG):
            priced = Flow._prm_priced_by(self)
        result = super().unlink()
        Flow._prm_send_prices(priced)
        return result
