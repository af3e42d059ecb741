/** @odoo-module **/
// Copyright 2026 The Partner Relationship Management authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("prm_partner_application", {
    steps: () => [
        {
            content: "Name the company",
            trigger: "#prm_application_form input[name='company_name']",
            run: "edit Tour Fjord Freight AS",
        },
        {
            content: "Your name",
            trigger: "input[name='contact_name']",
            run: "edit Ingrid Berg",
        },
        {
            content: "Your e-mail",
            trigger: "input[name='email']",
            run: "edit ingrid@tour-fjord.example.com",
        },
        {
            content: "Apply (the captcha widget lets it through without keys)",
            trigger: "#prm_application_form button[type='submit']",
            run: "click",
        },
        {
            content: "Received",
            trigger: "#prm_application_received:contains('Tour Fjord Freight AS')",
        },
    ],
});
