# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


def migrate(cr, version):
    """Registrations submitted before 18.0.1.3.0 told their partner of the
    conflicts they have now: keep telling it (conflict_told is new)."""
    cr.execute(
        """
        UPDATE prm_deal_registration registration
           SET conflict_told = TRUE
         WHERE EXISTS (
                SELECT 1 FROM prm_deal_conflict conflict
                 WHERE conflict.registration_id = registration.id
               )
        """
    )
