/** @odoo-module **/
// Copyright 2026 The Partner Relationship Management authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

const tours = registry.category("web_tour.tours");

/**
 * The steps opening a menu of the Partner Network app from the home menu.
 *
 * @param {String} section the xml id (in partner_relationship) of the
 *     app's top menu holding the item
 * @param {String} item the xml id (in partner_relationship) of the item
 * @returns {Array} the tour steps
 */
function openMenu(section, item) {
    return [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Partner Network app",
            trigger:
                ".o_app[data-menu-xmlid='partner_relationship.partner_relationship_menu_root']",
            run: "click",
        },
        {
            content: `Open the menu ${section}`,
            trigger: `.o_main_navbar [data-menu-xmlid='partner_relationship.${section}']`,
            run: "click",
        },
        {
            content: `Open ${item}`,
            trigger: `.o-dropdown--menu [data-menu-xmlid='partner_relationship.${item}']`,
            run: "click",
        },
    ];
}

tours.add("prm_plan_vs_actual_drill_down", {
    steps: () => [
        ...openMenu("partner_relationship_menu_reporting", "prm_partner_performance_menu"),
        {
            content: "Only the underperforming partners are shown",
            trigger: ".o_searchview_facet:contains('Underperforming')",
        },
        {
            content: "The partner behind its target is listed, in red",
            trigger:
                ".o_list_view .o_data_row.text-danger .o_data_cell:contains('Fjord Routers AS')",
            run: "click",
        },
        {
            content: "Its form says it is underperforming",
            trigger: ".o_form_view .oe_title .badge:contains('Underperforming')",
        },
        {
            content: "Open the won deals behind its figure",
            trigger: ".o_form_view .o-form-buttonbox button[name='action_open_figure']:contains('Won Deals')",
            run: "click",
        },
        {
            content: "The won deal is listed",
            trigger: ".o_list_view .o_data_row .o_data_cell:contains('Fjord firewall refresh')",
        },
        {
            content: "Of this partner only",
            trigger: ".o_breadcrumb .active:contains('Fjord Routers AS')",
        },
    ],
});

tours.add("prm_close_to_next_tier_evaluate_now", {
    steps: () => [
        ...openMenu("partner_relationship_menu_network", "prm_tier_check_menu"),
        {
            content: "The partner close to its next tier is listed",
            trigger: ".o_list_view .o_group_header:contains('Fjord Routers AS')",
            run: "click",
        },
        {
            content: "With each criterion of the next tier, met or not",
            trigger:
                ".o_list_view .o_data_row:contains('Minimum Certifications'):contains('Test Gold') td[name='met'] .o-checkbox input:not(:checked)",
        },
        {
            content: "Evaluate the tiers now",
            trigger: ".o_control_panel button:contains('Evaluate Now')",
            run: "click",
        },
        {
            content: "A new proposal is announced",
            trigger: ".o_notification:contains('1 new proposal')",
        },
        {
            content: "Open the Network menu",
            trigger:
                ".o_main_navbar [data-menu-xmlid='partner_relationship.partner_relationship_menu_network']",
            run: "click",
        },
        {
            content: "Open the tier proposals",
            trigger:
                ".o-dropdown--menu [data-menu-xmlid='partner_relationship.prm_tier_proposal_menu']",
            run: "click",
        },
        {
            content: "The upgrade to the next tier waits for a decision",
            trigger:
                ".o_list_view .o_data_row:contains('Fjord Routers AS'):contains('Test Gold'):contains('Upgrade')",
        },
    ],
});

tours.add("prm_application_approve", {
    steps: () => [
        ...openMenu("partner_relationship_menu_network", "res_partner_menu_application"),
        {
            content: "Open the application",
            trigger: ".o_list_view .o_data_row .o_data_cell:contains('Fjord Resale AS')",
            run: "click",
        },
        {
            content: "Approve it",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_prm_approve']",
            run: "click",
        },
        {
            content: "It is approved",
            trigger:
                ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Approved')",
        },
        {
            content: "The welcome with the portal invitation is noted",
            trigger: ".o-mail-Message:contains('Welcome e-mail with the portal invitation')",
        },
    ],
});
