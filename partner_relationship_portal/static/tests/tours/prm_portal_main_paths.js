/** @odoo-module **/
// Copyright 2026 The Partner Relationship Management authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

const tours = registry.category("web_tour.tours");

/**
 * A step that puts a file in a file input, as a user picking it would.
 *
 * @param {String} trigger the file input
 * @param {String} name the file's name
 * @param {String} content the file's content
 * @param {String} type its MIME type
 * @returns {Object} the tour step
 */
function attachFile(trigger, name, content, type) {
    return {
        content: `Attach ${name}`,
        trigger,
        run() {
            const transfer = new DataTransfer();
            transfer.items.add(new File([content], name, {type}));
            this.anchor.files = transfer.files;
            this.anchor.dispatchEvent(new Event("change", {bubbles: true}));
        },
    };
}

/**
 * The last step of a tour ending on a page with a chatter: the chatter is
 * loaded, so that the tour does not end while its bundle is still fetched.
 * Odoo builds the chatter's bundles on that first fetch, in each test (the
 * test's transaction drops them): on a busy machine (Odoo's runner, two
 * cores shared) that took more than a step's default 10 seconds.
 *
 * @returns {Object} the tour step
 */
function chatterLoaded() {
    return {
        content: "The page's chatter is loaded",
        trigger: "#chatterRoot:shadow .o-mail-Chatter",
        timeout: 60000,
    };
}

tours.add("prm_portal_accept_lead_won", {
    steps: () => [
        {
            content: "The offer shows its answer deadline",
            trigger: ".prm_accept",
            run: "click",
        },
        {
            content: "Accepted: the lead is now the partner's opportunity",
            trigger: ".prm_portal_message",
        },
        {
            content: "Report the deal won",
            trigger: "select#prm_outcome",
            run: "select won",
        },
        {
            content: "Save the progress",
            trigger: ".prm_save_progress",
            run: "click",
        },
        {
            content: "The vendor is told",
            trigger: ".prm_portal_message",
        },
        chatterLoaded(),
    ],
});

tours.add("prm_portal_register_conflicting_deal", {
    steps: () => [
        {
            content: "Name the customer",
            trigger: "input[name='customer_name']",
            run: "edit Tour Harbor Freight",
        },
        {
            content: "Its e-mail domain, already in another partner's pipeline",
            trigger: "input[name='customer_email_domain']",
            run: "edit harborfreight-tour.example.com",
        },
        {
            content: "Expected revenue",
            trigger: "input[name='expected_revenue']",
            run: "edit 25000",
        },
        {
            content: "Submit the registration",
            trigger: ".prm_submit_registration",
            run: "click",
        },
        {
            content: "A conflict is told, not its reason nor its owner",
            trigger: ".prm_conflicts:contains('A possible conflict')",
        },
        chatterLoaded(),
    ],
});

tours.add("prm_portal_order_for_end_customer", {
    steps: () => [
        {
            content: "Add the router to the cart, at the tier price",
            trigger: "tr.prm_catalog_row:contains('Tour Router') .prm_add_to_cart",
            run: "click",
        },
        {
            content: "Added",
            trigger: ".prm_portal_message",
        },
        {
            content: "Open the cart",
            trigger: "a.prm_cart_link",
            run: "click",
        },
        {
            content: "The order is for a new customer",
            trigger: "input#customer_name",
            run: "edit Tour Lighthouse Clinic",
        },
        {
            content: "Delivered straight to the customer",
            trigger: "select#deliver_to",
            run: "select customer",
        },
        {
            content: "Place the order",
            trigger: ".prm_place_order",
            run: "click",
        },
        {
            content: "The confirmed order opens",
            trigger: ".o_portal_sale_sidebar",
        },
        chatterLoaded(),
    ],
});

tours.add("prm_portal_mdf_claim_with_proof", {
    steps: () => [
        {
            content: "Claim the actual cost of the approved activity",
            trigger: ".prm_fund_claim_form input[name='amount']",
            run: "edit 450",
        },
        {
            content: "The partner's own invoice reference",
            trigger: ".prm_fund_claim_form input[name='partner_invoice_ref']",
            run: "edit TOUR-INV-1",
        },
        attachFile(
            ".prm_fund_claim_form input[name='proofs']",
            "booth-invoice.pdf",
            "%PDF-1.4 tour proof",
            "application/pdf"
        ),
        {
            content: "Submit the claim",
            trigger: ".prm_fund_claim_form button[type='submit']",
            run: "click",
        },
        {
            content: "Submitted",
            trigger: ".prm_portal_message",
        },
    ],
});

tours.add("prm_portal_fund_request_resubmit", {
    steps: () => [
        {
            content: "Open the request the vendor sent back",
            trigger: "tr:contains('Tour roadshow') a.prm_fund_request_edit",
            run: "click",
        },
        {
            content: "The vendor's reason is shown",
            trigger: ".prm_fund_request_reason:contains('Split the cost per city.')",
        },
        {
            content: "Correct the objectives",
            trigger: ".prm_fund_request_edit_form textarea[name='objectives']",
            run: "edit Visit 5 northern shops",
        },
        {
            content: "Resubmit",
            trigger: ".prm_fund_request_edit_form button[type='submit']",
            run: "click",
        },
        {
            content: "Submitted again, no longer to correct",
            trigger: "body:not(:has(a.prm_fund_request_edit)) .prm_portal_message",
        },
    ],
});

tours.add("prm_portal_warranty_claim", {
    steps: () => [
        {
            content: "Choose the product bought from the vendor",
            trigger: "select#product_id",
            run: "selectByLabel Tour Scanner",
        },
        {
            content: "Describe the fault",
            trigger: "textarea#problem",
            run: "edit Does not power on",
        },
        attachFile(
            ".prm_claim_form input[name='attachments']",
            "photo.jpg",
            "tour photo",
            "image/jpeg"
        ),
        {
            content: "Submit the claim",
            trigger: ".prm_claim_form button[type='submit']",
            run: "click",
        },
        {
            content: "The claim is submitted",
            trigger: ".prm_claim_state",
        },
        chatterLoaded(),
    ],
});

tours.add("prm_portal_inventory_upload", {
    steps: () => [
        attachFile(
            "input[name='file']",
            "stock.csv",
            "type,product_code,location,date_from,date_to,quantity\n" +
                "stock,TOUR-SC,Main,2026-01-05,,12\n" +
                "sales,TOUR-SC,Main,2026-01-01,2026-01-04,3\n",
            "text/csv"
        ),
        {
            content: "Upload the file",
            trigger: ".prm_upload",
            run: "click",
        },
        {
            content: "Every row was imported",
            trigger: ".prm_upload_imported",
        },
    ],
});

tours.add("prm_portal_home_tiles", {
    steps: () => [
        {
            content: "The funds tile counts the partner's one request",
            trigger: ".o_portal_index_card a[href='/my/funds'] .prm_tile_count:contains(1)",
        },
        {
            content: "The agreements tile counts its agreement and its review",
            trigger:
                ".o_portal_index_card a[href='/my/relationship'] .prm_tile_count:contains(2)",
        },
        {
            content: "The shared services tile has a count of its own",
            trigger: ".o_portal_index_card a[href='/my/services'] .prm_tile_count:contains(0)",
        },
        {
            content: "The partner programme counts the three things waiting",
            trigger: ".o_portal_index_card a[href='/my/partner'] .prm_tile_count:contains(3)",
        },
        {
            content: "Open the agreement to sign from 'Waiting for you'",
            trigger: ".prm_action_items .prm_agreement_to_sign a:contains('Tour agreement')",
            run: "click",
        },
        {
            content: "The agreement waits for its signature",
            trigger: "tr.prm_agreement:contains('Tour agreement') .prm_sign",
        },
        {
            content: "Back to the portal home by the breadcrumbs",
            trigger: "ol.breadcrumb a[href='/my/home']",
            run: "click",
        },
        {
            content: "Open the request sent back",
            trigger: ".prm_action_items .prm_returned_request a:contains('Tour booth')",
            run: "click",
        },
        {
            content: "Its form, filled in, to correct",
            trigger: ".prm_fund_request_edit_form input[name='name']:value(Tour booth)",
        },
        {
            content: "Back to the portal home",
            trigger: "ol.breadcrumb a[href='/my/home']",
            run: "click",
        },
        {
            content: "Open the review to score",
            trigger: ".prm_action_items .prm_review_to_answer a",
            run: "click",
        },
        {
            content: "Its scoring form",
            trigger: ".prm_review_form .prm_send_scores",
        },
    ],
});

tours.add("prm_portal_warranty_refused_serial", {
    steps: () => [
        {
            content: "Choose the product",
            trigger: "select#product_id",
            run: "selectByLabel Tour Scanner",
        },
        {
            content: "A serial number the vendor never delivered",
            trigger: "input#lot",
            run: "edit SN-TOUR-404",
        },
        {
            content: "The purchase date",
            trigger: "input#purchase_date",
            run() {
                this.anchor.value = "2025-12-01";
                this.anchor.dispatchEvent(new Event("change", {bubbles: true}));
            },
        },
        {
            content: "The end customer",
            trigger: "select#end_customer_id",
            run: "selectByLabel Tour Clinic",
        },
        {
            content: "Describe the fault",
            trigger: "textarea#problem",
            run: "edit Does not power on",
        },
        attachFile(
            ".prm_claim_form input[name='attachments']",
            "photo.jpg",
            "tour photo",
            "image/jpeg"
        ),
        {
            content: "Submit the claim",
            trigger: ".prm_claim_form button[type='submit']",
            run: "click",
        },
        {
            content: "The serial number is refused",
            trigger: ".prm_portal_error:contains(SN-TOUR-404)",
        },
        {
            content: "The product is still chosen",
            trigger: "select#product_id:has(option:selected:contains(Tour Scanner))",
        },
        {
            content: "The serial number typed is kept",
            trigger: "input#lot:value(SN-TOUR-404)",
        },
        {
            content: "So is the purchase date",
            trigger: "input#purchase_date:value(2025-12-01)",
        },
        {
            content: "And the end customer",
            trigger: "select#end_customer_id:has(option:selected:contains(Tour Clinic))",
        },
        {
            content: "And the description",
            trigger: "textarea#problem:value(Does not power on)",
        },
        {
            content: "The file attached is named, to attach again",
            trigger: ".prm_claim_files:contains(photo.jpg)",
        },
        {
            content: "No serial number this time",
            trigger: "input#lot",
            run: "clear",
        },
        attachFile(
            ".prm_claim_form input[name='attachments']",
            "photo.jpg",
            "tour photo",
            "image/jpeg"
        ),
        {
            content: "Submit the claim again",
            trigger: ".prm_claim_form button[type='submit']",
            run: "click",
        },
        {
            content: "The claim is submitted, with its purchase date",
            trigger: ".prm_purchase_date:contains(2025)",
        },
        chatterLoaded(),
    ],
});

tours.add("prm_portal_order_from_opportunity", {
    steps: () => [
        {
            content: "Add the router to the cart",
            trigger: "tr.prm_catalog_row:contains('Tour Router') .prm_add_to_cart",
            run: "click",
        },
        {
            content: "Added",
            trigger: ".prm_portal_message",
        },
        {
            content: "Open the cart",
            trigger: "a.prm_cart_link",
            run: "click",
        },
        {
            content: "The order comes from an opportunity",
            trigger: "select#opportunity_id",
            run: "selectByLabel Tour clinic network",
        },
        {
            content: "Its customer, one of the partner's, is chosen",
            trigger: "select#end_customer_id:has(option:selected:contains(Tour Clinic))",
        },
        {
            content: "Place the order",
            trigger: ".prm_place_order",
            run: "click",
        },
        {
            content: "The confirmed order opens",
            trigger: ".o_portal_sale_sidebar",
        },
        chatterLoaded(),
    ],
});
