/** @odoo-module **/
// Copyright 2026 The Partner Relationship Management authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {PortalHomeCounters} from "@portal/js/portal";

/**
 * The suite's tiles on the portal home show their count (Odoo's tiles only
 * use theirs to decide whether the tile is shown).
 */
PortalHomeCounters.include({
    async _updateCounters() {
        await this._super(...arguments);
        for (const counter of this.el.querySelectorAll(
            "[data-placeholder_count^='prm_']"
        )) {
            counter.classList.remove("d-none");
            counter.classList.add(
                "badge",
                "rounded-pill",
                "text-bg-primary",
                "align-self-center",
                "prm_tile_count"
            );
        }
    },
});
