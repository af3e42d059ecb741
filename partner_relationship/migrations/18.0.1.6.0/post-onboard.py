# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import SUPERUSER_ID, api

# The relationship kind of the partner types shipped before 18.0.1.6.0
# (their data is not updated: noupdate).
TYPE_KINDS = {
    "partner_type_strategic_service": "strategic",
    "partner_type_non_strategic_service": "commodity",
    "partner_type_value_added_supplier": "strategic",
    "partner_type_commodity_supplier": "commodity",
    "partner_type_network_operations": "market_facing",
    "partner_type_application_service_provider": "market_facing",
}


def _type_kinds(env):
    for xmlid, kind in TYPE_KINDS.items():
        partner_type = env.ref(f"partner_relationship.{xmlid}", False)
        if partner_type and not partner_type.relationship_kind:
            partner_type.relationship_kind = kind


def _applications_to_review(env):
    """Companies still in the application stage are applications to review
    in the new Applications queue."""
    env["res.partner"].with_context(active_test=False).search(
        [
            ("is_channel_partner", "=", True),
            ("is_company", "=", True),
            ("activation.is_application", "=", True),
            ("prm_application_state", "=", False),
        ]
    ).write({"prm_application_state": "to_review"})


def _onboarding_activity_type(env):
    """Onboarding follow-ups were to-dos: they get their own type, which
    closes them when the partner becomes operational."""
    onboarding = env.ref("partner_relationship.mail_activity_type_prm_onboarding")
    env["mail.activity"].search(
        [
            ("res_model", "=", "res.partner"),
            ("activity_type_id", "=", env.ref("mail.mail_activity_data_todo").id),
            ("summary", "=like", "Onboarding: %"),
        ]
    ).write({"activity_type_id": onboarding.id})


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    _type_kinds(env)
    _applications_to_review(env)
    _onboarding_activity_type(env)
