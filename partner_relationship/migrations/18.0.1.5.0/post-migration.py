# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import SUPERUSER_ID, api
from odoo.tools.sql import SQL


def _record_earlier_decisions(env):
    """Registrations approved with conflicts before 18.0.1.5.0: the channel
    manager's reason was the registration's Decision Reason, which the
    partner was e-mailed and reads on its portal, and the conflicts stayed
    undecided. Their conflicts are recorded as kept, with that reason, by
    whom and when the registration was decided; the reason moves to an
    internal note and out of what the partner sees."""
    env.cr.execute(
        SQL(
            """
            UPDATE prm_deal_conflict conflict
               SET decision = 'keep',
                   decision_reason = registration.decision_reason,
                   decided_by_id = registration.decided_by_id,
                   date_decided = registration.date_decided
              FROM prm_deal_registration registration
             WHERE registration.id = conflict.registration_id
               AND registration.state IN ('approved', 'expired')
               AND conflict.decision IS NULL
         RETURNING registration.id
            """
        )
    )
    ids = sorted({registration_id for (registration_id,) in env.cr.fetchall()})
    registrations = env["prm.deal.registration"].browse(ids).filtered("decision_reason")
    for registration in registrations:
        registration._message_log(
            body=Markup("<p>%s</p><p>%s</p>")
            % (
                env._(
                    "Reason for approving despite the conflicts (moved from "
                    "the partner's Decision Reason):"
                ),
                registration.decision_reason,
            )
        )
    if registrations:
        env.cr.execute(
            SQL(
                "UPDATE prm_deal_registration SET decision_reason = NULL "
                "WHERE id IN %s",
                tuple(registrations.ids),
            )
        )
    env.invalidate_all()


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    _record_earlier_decisions(env)
