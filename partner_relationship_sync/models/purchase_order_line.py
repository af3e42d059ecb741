# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    # The vendor's order line, as reported by the vendor's database.
    prm_vendor_qty_delivered = fields.Float(
        string="Delivered by Vendor",
        digits="Product Unit of Measure",
        readonly=True,
        copy=False,
        help="Quantity the vendor reports delivered (in the product's unit).",
    )
    prm_vendor_price_unit = fields.Float(
        string="Vendor Unit Price",
        digits="Product Price",
        readonly=True,
        copy=False,
        help="The vendor's price for this line: its price list for our tier, "
        "not this order's price.",
    )
