# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UPLOADS = 5


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


def read_uploads(files):
    """[(file name, content)] of the uploaded files, at most MAX_UPLOADS of
    at most 10 MB each; UserError otherwise."""
    files = [file for file in files if file and file.filename]
    if len(files) > MAX_UPLOADS:
        raise UserError(
            request.env._("Attach at most %(count)s files.", count=MAX_UPLOADS)
        )
    uploads = []
    for file in files:
        content = file.read(MAX_UPLOAD_BYTES + 1)
        if len(content) > MAX_UPLOAD_BYTES:
            raise UserError(
                request.env._("%(file)s is larger than 10 MB.", file=file.filename)
            )
        uploads.append((file.filename, content))
    return uploads
