# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, MissingError
from odoo.http import request


def channel_partner():
    """The channel partner company the portal user works for, or an empty
    recordset. Read as superuser: it is the user's own commercial partner,
    not a record chosen by the request."""
    commercial = request.env.user.sudo().commercial_partner_id
    return commercial if commercial.is_channel_partner else commercial.browse()


def own_record(model, record_id):
    """The record, read with the user's rights (record rules); another
    company's record and a missing one both give the same 404."""
    record = request.env[model].browse(record_id)
    try:
        record.check_access("read")
        record.read(["id"])
    except (AccessError, MissingError):
        raise request.not_found() from None
    return record


def redirect_with(url, message=None, error=None):
    """Redirect to `url`, which shows the message or the error once."""
    request.session["prm_portal_error" if error else "prm_portal_message"] = (
        error or message
    )
    return request.redirect(url)
