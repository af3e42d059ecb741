# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Partner Relationship Management - Sync",
    "summary": "Connect a vendor's and its partners' Odoo databases over XML-RPC",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/partner-relationship/partner-relationship",
    "author": "Partner Relationship Management authors",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": ["partner_relationship", "queue_job"],
    "data": [
        "security/partner_relationship_sync_security.xml",
        "security/ir.model.access.csv",
        "data/queue_job_function_data.xml",
        "views/prm_sync_message_views.xml",
        "views/prm_sync_conflict_views.xml",
        "views/prm_sync_connection_views.xml",
        "wizards/prm_sync_authorize_views.xml",
        "wizards/prm_sync_vendor_decline_views.xml",
        "views/crm_lead_views.xml",
        "security/prm_vendor_warranty_claim_security.xml",
        "views/helpdesk_ticket_views.xml",
        "views/prm_vendor_warranty_claim_views.xml",
        "views/partner_relationship_sync_menus.xml",
    ],
    "installable": True,
}
