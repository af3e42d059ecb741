/** @odoo-module **/
// Copyright 2026 The Partner Relationship Management authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

const tours = registry.category("web_tour.tours");

/**
 * The last step of a tour that closed a dialog: no dialog is left open and
 * the form shows `state` as its current stage.
 *
 * @param {String} state the label of the stage the record reached
 * @returns {Object} the tour step
 */
function formInState(state) {
    return {
        content: `The record is now ${state}`,
        trigger: `body:not(:has(.modal)) .o_form_view .o_statusbar_status .o_arrow_button_current:contains('${state}')`,
    };
}

tours.add("prm_deal_conflict_reassign", {
    steps: () => [
        {
            content: "Approve the submitted registration",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_approve']",
            run: "click",
        },
        {
            content: "The wizard lists the competing deal: decide for it",
            trigger: `.modal .o_data_row:contains("B's deal") td[name='decision']`,
            run: "click",
        },
        {
            content: "Reassign it to the registering partner",
            trigger: ".modal .o_data_row td[name='decision'] select",
            run: 'select "reassign"',
        },
        {
            content: "Approve with that decision",
            trigger: ".modal-footer button[name='action_approve']",
            run: "click",
        },
        formInState("Approved"),
    ],
});

tours.add("prm_lead_recall_with_reason", {
    steps: () => [
        {
            content: "Open the Routing tab",
            trigger: ".o_form_view .o_notebook .nav-link:contains('Routing')",
            run: "click",
        },
        {
            content: "It shows the offer's factors, one column each",
            trigger: ".o_prm_routing_explanation th:contains('Tier Weight')",
        },
        {
            content: "Open the Assigned Partner tab, where the offer is",
            trigger: ".o_form_view .o_notebook .nav-link:contains('Assigned Partner')",
            run: "click",
        },
        {
            content: "Recall the lead from the partner",
            trigger: ".o_form_view button:contains('Recall from Partner...')",
            run: "click",
        },
        {
            content: "Confirm without a reason",
            trigger: ".modal-footer button[name='action_recall']",
            run: "click",
        },
        {
            content: "Refused: the reason is required",
            trigger: ".o_notification:contains('Reason')",
        },
        {
            content: "Say why",
            trigger: ".modal .o_field_invalid[name='reason'] textarea",
            run: "edit The customer asked for a local installer.",
        },
        {
            content: "Confirm the recall",
            trigger: ".modal-footer button[name='action_recall']",
            run: "click",
        },
        {
            content: "The offer is recalled, the lead back with the vendor",
            trigger:
                "body:not(:has(.modal)) .o_field_widget[name='prm_assignment_ids'] .o_data_row:contains('Recalled')",
        },
    ],
});

tours.add("prm_application_reject", {
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Partner Network app",
            trigger:
                ".o_app[data-menu-xmlid='partner_relationship.partner_relationship_menu_root']",
            run: "click",
        },
        {
            content: "Open the Network menu",
            trigger:
                ".o_main_navbar [data-menu-xmlid='partner_relationship.partner_relationship_menu_network']",
            run: "click",
        },
        {
            content: "Open the applications queue",
            trigger:
                ".o-dropdown--menu [data-menu-xmlid='partner_relationship.res_partner_menu_application']",
            run: "click",
        },
        {
            content: "Open the application",
            trigger: ".o_list_view .o_data_row .o_data_cell:contains('Fjord Resale AS')",
            run: "click",
        },
        {
            content: "Reject it",
            trigger: ".o_form_view .o_statusbar_buttons button:contains('Reject')",
            run: "click",
        },
        {
            content: "Say why",
            trigger: ".modal div[name='reason'] textarea",
            run: "edit We already have three resellers in Bergen.",
        },
        {
            content: "Confirm the rejection",
            trigger: ".modal-footer button[name='action_reject']",
            run: "click",
        },
        formInState("Rejected"),
    ],
});
