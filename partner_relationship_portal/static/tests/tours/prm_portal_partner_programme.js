/** @odoo-module **/
// Copyright 2026 The Partner Relationship Management authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("prm_portal_partner_programme", {
    url: "/my",
    steps: () => [
        {
            content: "Open the partner programme from the portal home",
            trigger: ".o_portal_index_card a[href='/my/partner']",
            run: "click",
        },
        {
            content: "The partner's tier is shown",
            trigger: "#prm_partner_profile .prm_partner_tier:contains('Platinum Test')",
        },
        {
            content: "So is its partner type",
            trigger: "#prm_partner_profile .prm_partner_type:contains('Value-added Supplier')",
        },
    ],
});
