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
            content: "An address the browser accepts but the vendor does not",
            trigger: "input[name='email']",
            run: "edit ingrid@tour-fjord",
        },
        {
            content: "The partner type is required",
            trigger: "select[name='partner_type_id'][required]",
        },
        {
            content: "Each partner type is explained under the list",
            trigger:
                "#partner_type_descriptions dt:contains('Reseller') + dd:contains('end customers')",
        },
        {
            content: "Choose a type",
            trigger: "select[name='partner_type_id']",
            run: "selectByLabel Reseller",
        },
        {
            content: "Apply",
            trigger: "#prm_application_form button[type='submit']",
            run: "click",
        },
        {
            content: "The address is refused",
            trigger: "#error_email",
        },
        {
            content: "What was typed is kept: the company",
            trigger: "input[name='company_name'][value='Tour Fjord Freight AS']",
        },
        {
            content: "What was chosen is kept: the partner type",
            trigger: "select[name='partner_type_id']:has(option[selected]:contains('Reseller'))",
        },
        {
            content: "Correct the address",
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
