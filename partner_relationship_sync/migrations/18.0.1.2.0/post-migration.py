# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

# Kinds whose messages changed in protocol 2 (they name the sender's own
# records now): those still waiting were written in the old shape.
CHANGED_KINDS = (
    "lead_answer",
    "lead_progress",
    "order_place",
    "registration_submit",
    "registration_withdraw",
    "agreement_sign",
    "fund_request",
    "fund_claim",
    "service_reply",
    "vmi_share",
    "vmi_answer",
)


def migrate(cr, version):
    """Messages of the old protocol still waiting are not sent: they are
    failed with the reason, for an administrator to make the change again
    once both databases run this version."""
    cr.execute(
        """
        UPDATE prm_sync_message
           SET state = 'failed',
               last_error = 'Written before the upgrade to sync protocol 2: '
                            || 'make the change again (e.g. submit the record '
                            || 'again) once both databases are upgraded.'
         WHERE state = 'pending' AND kind IN %s
        """,
        [CHANGED_KINDS],
    )
