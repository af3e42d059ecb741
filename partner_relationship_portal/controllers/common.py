# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.http import request


def channel_partner():
    """The channel partner company the portal user works for, or an empty
    recordset. Read as superuser: it is the user's own commercial partner,
    not a record chosen by the request."""
    commercial = request.env.user.sudo().commercial_partner_id
    return commercial if commercial.is_channel_partner else commercial.browse()
