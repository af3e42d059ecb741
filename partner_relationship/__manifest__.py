# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Partner Relationship Management",
    "summary": "Channel partner network on top of Odoo's Resellers: "
    "partner types, relationship kinds, partner managers",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/partner-relationship/partner-relationship",
    "author": "Partner Relationship Management authors",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": [
        "website_crm_partner_assign",
        "sale_management",
        "helpdesk_mgmt",
    ],
    "data": [
        "security/partner_relationship_security.xml",
        "security/ir.model.access.csv",
        "data/prm_partner_type_data.xml",
        "views/prm_partner_type_views.xml",
        "views/res_partner_views.xml",
        "views/partner_relationship_menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/crm_lead_demo.xml",
    ],
    "installable": True,
    "application": True,
}
