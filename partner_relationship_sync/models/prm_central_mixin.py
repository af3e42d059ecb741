# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class PrmCentralMixin(models.AbstractModel):
    _inherit = "prm.central.mixin"

    def _prm_on_central_release(self, reason):
        """A record received by sync that an administrator corrects or
        removes is no longer the remote's: its bindings are dropped (the
        remote's next change brings a new record), and the connection's
        chatter keeps who did it and why."""
        result = super()._prm_on_central_release(reason)
        domain = [("res_model", "=", self._name), ("res_id", "in", self.ids)]
        if self._name == "product.template":
            # A product's variant is bound too (shared inventory, orders).
            variants = self.with_context(active_test=False).product_variant_ids
            domain = [
                "|",
                "&",
                ("res_model", "=", "product.product"),
                ("res_id", "in", variants.ids),
                "&",
                *domain,
            ]
        bindings = self.env["prm.sync.binding"].sudo().search(domain)
        for connection, bound in bindings.grouped("connection_id").items():
            names = self.browse(
                bound.filtered(lambda b: b.res_model == self._name).mapped("res_id")
            ).mapped("display_name")
            connection.message_post(
                body=self.env._(
                    "%(records)s no longer maintained by %(partner)s here: "
                    "corrected or removed by %(user)s. Reason: %(reason)s",
                    records=", ".join(names),
                    partner=connection.partner_id.name,
                    user=self.env.user.name,
                    reason=reason,
                )
            )
        bindings.unlink()
        return result
