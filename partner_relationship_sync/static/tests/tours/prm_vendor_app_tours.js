/** @odoo-module **/
// Copyright 2026 The Partner Relationship Management authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

const APP = "partner_relationship_sync";

/**
 * The steps opening a menu item of the Vendor app and checking its screen.
 *
 * @param {String} item the xml id (in this addon) of the menu item
 * @param {String} title the name of the action the item opens
 * @param {String} section the xml id of the top menu holding the item, if
 *     the item is not itself a top menu
 * @returns {Array} the tour steps
 */
function openMenu(item, title, section = null) {
    const steps = [];
    if (section) {
        steps.push({
            content: `Open the menu ${section}`,
            trigger: `.o_main_navbar [data-menu-xmlid='${APP}.${section}']`,
            run: "click",
        });
    }
    steps.push(
        {
            content: `Open ${title}`,
            trigger: section
                ? `.o-dropdown--menu [data-menu-xmlid='${APP}.${item}']`
                : `.o_main_navbar [data-menu-xmlid='${APP}.${item}']`,
            run: "click",
        },
        {
            content: `${title} is shown`,
            trigger: `.o_breadcrumb .active:contains("${title}")`,
        }
    );
    return steps;
}

registry.category("web_tour.tours").add("prm_vendor_app", {
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content:
                "Only a vendor's partner: the Vendor app, not the Partner Network app",
            trigger:
                "body:not(:has(.o_app[data-menu-xmlid='partner_relationship.partner_relationship_menu_root'])) .o_app[data-menu-xmlid='partner_relationship_sync.prm_vendor_menu_root']",
            run: "click",
        },
        {
            content: "It opens on the leads awaiting our answer",
            trigger: ".o_searchview_facet:contains('Awaiting Our Answer')",
        },
        {
            content: "The lead the vendor offers is listed, not the one accepted",
            trigger:
                ".o_list_view:not(:has(.o_data_row:contains('Accepted from Aurora'))) .o_data_row:contains(\"Aurora's database\") .o_data_cell[name='name']:contains('Offered by Aurora')",
            run: "click",
        },
        {
            content: "The offered lead opens, saying who offers it",
            trigger:
                ".o_form_view .alert-info:contains('Offered by') .o_field_widget[name='prm_vendor_connection_id']:contains(\"Aurora's database\")",
        },
        {
            content: "With the vendor's offer to answer",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_prm_vendor_accept']",
        },
        ...openMenu("prm_vendor_tier_menu", "Tier and Benefits"),
        {
            content: "The tier the vendor gives us",
            trigger: ".o_list_view .o_data_row:contains('Aurora Devices'):contains('Gold')",
        },
        ...openMenu("prm_sync_agreement_menu", "Vendor Agreements"),
        {
            content: "The vendor's agreement with us",
            trigger: ".o_list_view .o_data_row:contains('Aurora Reseller Agreement')",
        },
        ...openMenu("prm_vendor_fund_menu", "Vendor Funds", "prm_vendor_fund_menu_root"),
        {
            content: "The vendor's fund for us",
            trigger: ".o_list_view .o_data_row:contains('Aurora MDF')",
        },
        ...openMenu("prm_vendor_fund_request_menu", "Fund Requests", "prm_vendor_fund_menu_root"),
        ...openMenu("prm_vendor_fund_claim_menu", "Fund Claims", "prm_vendor_fund_menu_root"),
        ...openMenu("prm_vendor_catalogue_menu", "Vendors' Catalogue"),
        {
            content: "The vendor's product",
            trigger: ".o_kanban_view .o_kanban_record:contains('Aurora Router')",
        },
        ...openMenu("prm_vendor_order_menu", "Orders to Vendors"),
        {
            content: "The order sent to the vendor",
            trigger: ".o_list_view .o_data_row:contains('Aurora Devices')",
        },
        ...openMenu("prm_vendor_ticket_menu", "Tickets Escalated to Vendors", "prm_vendor_service_menu_root"),
        ...openMenu("prm_vendor_warranty_claim_menu", "Warranty Claims to Vendors", "prm_vendor_service_menu_root"),
        ...openMenu("prm_vendor_sync_connection_menu", "Connected Databases", "prm_vendor_sync_menu_root"),
        {
            content: "The connection to the vendor's database",
            trigger: ".o_data_row:contains(\"Aurora's database\"), .o_kanban_record:contains(\"Aurora's database\")",
        },
        ...openMenu("prm_vendor_sync_message_menu", "Sync Messages", "prm_vendor_sync_menu_root"),
        ...openMenu("prm_vendor_sync_conflict_menu", "Sync Conflicts", "prm_vendor_sync_menu_root"),
    ],
});
