/** @odoo-module **/
// Copyright 2026 The Partner Relationship Management authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("prm_partner_network_dashboard", {
    url: "/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action",
    steps: () => [
        {
            content: "Open the Partner Network dashboard",
            trigger: ".o_search_panel_category_value[data-name='Partner Network']",
            run: "click",
        },
        {
            content: "It loads, its key figures shown",
            trigger:
                ".o_search_panel_category_value.active[data-name='Partner Network']",
        },
        {
            content: "The spreadsheet and its figures are rendered",
            trigger: ".o_spreadsheet_dashboard_action .o_renderer .o-figure",
        },
        {
            content: "The period filter is this quarter's",
            trigger: ".o_spreadsheet_dashboard_action .o_control_panel:contains('Period')",
        },
    ],
});
