/** @odoo-module **/
// Copyright 2026 The Partner Relationship Management authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import publicWidget from "@web/legacy/js/public/public_widget";

/**
 * The order form of the cart: choosing an opportunity fills in its customer
 * (one of the partner's customers, or a new one with the opportunity's
 * contact details), as the server does for /my/cart?opportunity_id=.
 */
publicWidget.registry.PrmOrderForm = publicWidget.Widget.extend({
    selector: ".prm_order_form",
    events: {
        "change select[name='opportunity_id']": "_onOpportunityChange",
    },

    _onOpportunityChange(ev) {
        const option = ev.currentTarget.selectedOptions[0];
        const customer = option && option.dataset.prm_customer;
        if (!customer) {
            return;
        }
        for (const [name, value] of Object.entries(JSON.parse(customer))) {
            const field = this.el.elements[name];
            if (field) {
                field.value = value;
            }
        }
    },
});
