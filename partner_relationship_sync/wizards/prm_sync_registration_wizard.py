# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import html2plaintext

from odoo.addons.partner_relationship.tools.customer_identity import email_domain
from odoo.addons.partner_relationship.tools.roles import check_role


class PrmSyncRegistrationWizard(models.TransientModel):
    """Register one of our opportunities as a deal with our vendor."""

    _name = "prm.sync.registration.wizard"
    _description = "Register a Deal with the Vendor"

    lead_id = fields.Many2one("crm.lead", required=True, ondelete="cascade")
    connection_id = fields.Many2one(
        "prm.sync.connection",
        string="Vendor",
        required=True,
        domain=[("remote_role", "=", "vendor")],
        default=lambda self: (
            self.env["prm.sync.connection"]
            .sudo()
            .search([("remote_role", "=", "vendor")], limit=1)
        ),
    )
    vendor_count = fields.Integer(
        default=lambda self: (
            self.env["prm.sync.connection"]
            .sudo()
            .search_count([("remote_role", "=", "vendor")])
        )
    )
    currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.company.currency_id
    )
    customer_name = fields.Char(string="Customer Company", required=True)
    customer_vat = fields.Char(string="Customer VAT")
    customer_email_domain = fields.Char(string="Customer E-mail Domain")
    contact_name = fields.Char(string="Contact")
    contact_email = fields.Char()
    contact_phone = fields.Char()
    country_id = fields.Many2one("res.country")
    expected_revenue = fields.Monetary()
    date_close = fields.Date(string="Expected Closing")
    description = fields.Text()
    product_ids = fields.Many2many(
        "product.product",
        string="Products",
        help="Sent when the vendor sells them too (a central product, or the "
        "same internal reference); the others are left out.",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        lead = self.env["crm.lead"].browse(values.get("lead_id"))
        if lead:
            customer = lead.partner_id.commercial_partner_id
            values.update(
                {
                    "customer_name": lead.partner_name
                    or (customer.is_company and customer.name)
                    or False,
                    "customer_vat": customer.vat or False,
                    "customer_email_domain": email_domain(
                        lead.email_from or customer.email
                    ),
                    "contact_name": lead.contact_name
                    or (lead.partner_id != customer and lead.partner_id.name)
                    or False,
                    "contact_email": lead.email_from or False,
                    "contact_phone": lead.phone or False,
                    "country_id": lead.country_id.id or customer.country_id.id,
                    "expected_revenue": lead.expected_revenue,
                    "date_close": lead.date_deadline or False,
                    "description": html2plaintext(lead.description or "") or False,
                }
            )
        return values

    def action_register(self):
        check_role(self, "action_register")
        self.ensure_one()
        values = {
            name: self[name] or False
            for name in (
                "customer_name",
                "customer_vat",
                "customer_email_domain",
                "contact_name",
                "contact_email",
                "contact_phone",
                "description",
                "date_close",
            )
        }
        values["expected_revenue"] = self.expected_revenue
        values["country_id"] = self.country_id.id
        self.lead_id._prm_register_with_vendor(
            self.connection_id, values, self.product_ids
        )
        return {"type": "ir.actions.act_window_close"}
