# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


def migrate(cr, version):
    """Message IDs are now unique per connection: the IDs applied for a
    connection that was deleted are forgotten."""
    cr.execute("DELETE FROM prm_sync_inbox WHERE connection_id IS NULL")
    # The authorise wizard no longer keeps the keys it showed.
    cr.execute("ALTER TABLE prm_sync_authorize DROP COLUMN IF EXISTS api_key")
    # The new Responsible of existing connections stays empty (the alerts go
    # to the administrators), rather than the upgrading user's (OdooBot).
    cr.execute("ALTER TABLE prm_sync_connection ADD COLUMN IF NOT EXISTS user_id int4")
