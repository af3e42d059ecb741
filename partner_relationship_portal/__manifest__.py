# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Partner Relationship Management - Portal",
    "summary": "Portal pages for channel partners that do not run their own Odoo",
    "version": "18.0.1.6.0",
    "category": "Sales/CRM",
    "website": "https://github.com/partner-relationship/partner-relationship",
    "author": "Partner Relationship Management authors",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": [
        "partner_relationship",
        "portal",
        "website",
        "website_crm_partner_assign",
    ],
    "data": [
        "security/ir.model.access.csv",
        "views/partner_relationship_portal_templates.xml",
        "views/partner_application_templates.xml",
        "views/lead_portal_templates.xml",
        "views/registration_portal_templates.xml",
        "views/service_portal_templates.xml",
        "views/relationship_portal_templates.xml",
        "views/shared_service_portal_templates.xml",
        "views/fund_portal_templates.xml",
        "views/order_portal_templates.xml",
        "views/service_request_portal_templates.xml",
        "views/colleague_portal_templates.xml",
        "views/res_partner_views.xml",
    ],
    "demo": ["demo/website_demo.xml"],
    "assets": {
        "web.assets_frontend": [
            "partner_relationship_portal/static/src/js/partner_application.js",
            "partner_relationship_portal/static/src/js/portal_home_counters.js",
            "partner_relationship_portal/static/src/js/order_form.js",
        ],
        "web.assets_tests": [
            "partner_relationship_portal/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
