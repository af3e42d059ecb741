/** @odoo-module **/
// Copyright 2026 The Partner Relationship Management authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
//
// The captcha of the Become a Partner form, when the vendor set one up:
// Google reCAPTCHA (website's dependency, idle without keys) adds its token
// on submit; Cloudflare Turnstile (website_cf_turnstile, not a dependency of
// ours) adds its widget. The server checks them through ir.http.
import publicWidget from "@web/legacy/js/public/public_widget";
import { ReCaptcha } from "@google_recaptcha/js/recaptcha";
import { session } from "@web/session";

const ACTION = "partner_application";

publicWidget.registry.PrmPartnerApplication = publicWidget.Widget.extend({
    selector: "#prm_application_form",
    events: {
        submit: "_onSubmit",
    },

    init() {
        this._super(...arguments);
        this._recaptcha = new ReCaptcha();
        if (session.turnstile_site_key) {
            this._turnstile = odoo.loader.modules.get(
                "@website_cf_turnstile/js/turnstile"
            )?.turnStile;
        }
    },

    willStart() {
        this._recaptcha.loadLibs();
        return this._super(...arguments);
    },

    start() {
        if (this._turnstile) {
            const button = this.el.querySelector("button[type='submit']");
            const nodes = this._turnstile.addTurnstile(ACTION);
            this._turnstile.addSpinnerNoMangle(button);
            // The widget is a child of the form: its callback looks there.
            nodes.insertBefore(button.parentElement);
            this._turnstile.renderTurnstile(nodes);
        }
        return this._super(...arguments);
    },

    async _onSubmit(ev) {
        if (
            !this._recaptcha._publicKey ||
            this.el.querySelector("input[name='recaptcha_token_response']")
        ) {
            return;
        }
        ev.preventDefault();
        const { token } = await this._recaptcha.getToken(ACTION);
        const input = document.createElement("input");
        input.type = "hidden";
        input.name = "recaptcha_token_response";
        input.value = token || "";
        this.el.appendChild(input);
        this.el.submit();
    },
});
