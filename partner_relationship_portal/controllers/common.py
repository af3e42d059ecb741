# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the portal pages share: the user's channel partner, Odoo's access
check of a record in the URL, the parsers of ids, numbers and dates typed or
posted by a user (a UserError with the reason for anything else: Odoo answers
400 with it, a form shows it), uploads and the success codes of ?message=."""

import math
import re
from urllib.parse import parse_qsl, urlencode, urlsplit

from werkzeug.exceptions import NotFound

from odoo import fields
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UPLOADS = 5
# Ids are PostgreSQL integers.
MAX_ID = 2**31 - 1
# Amounts above this are typing errors (and would overflow in computations).
MAX_AMOUNT = 10**12
# ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
DIGITS = re.compile(r"[0-9]+")


def channel_partner():
    """The channel partner company the portal user works for, or an empty
    recordset. Read as superuser: it is the user's own commercial partner,
    not a record chosen by the request."""
    commercial = request.env.user.sudo().commercial_partner_id
    return commercial if commercial.is_channel_partner else commercial.browse()


def get_reads_only(controller):
    """`readonly` of a page that only reads on a GET: True (the request runs
    on the read-only replica, db_replica_host) for a GET or HEAD, except for
    the page a posted form redirects to (message_url's ?message=), read on
    the primary: it shows what the form just wrote, however far the replica
    lags. A POST runs on the primary. Also for Odoo's pages that only read
    but that Odoo declares read/write: an override cannot change that with a
    boolean (Odoo logs a warning and keeps read/write), with a function it
    can."""
    httprequest = request.httprequest
    return httprequest.method in ("GET", "HEAD") and "message" not in httprequest.args


def _text(value):
    return "" if value is None else str(value).strip()


def parse_id(value, label, required=False):
    """The record id in `value` (a string posted or typed, or an int), None
    when empty unless `required`; UserError naming `label` for anything but
    an integer from 1 to MAX_ID."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    text = _text(value)
    if not text and not required:
        return None
    if DIGITS.fullmatch(text) and 0 < int(text) <= MAX_ID:
        return int(text)
    raise UserError(
        request.env._("%(label)s: choose a value from the list.", label=label)
    )


def parse_ids(values, label):
    """The ids of a list of values or of a comma-separated string, each as
    parse_id, without duplicates."""
    if isinstance(values, str):
        values = values.split(",")
    ids = (parse_id(value, label, required=True) for value in values or ())
    return list(dict.fromkeys(ids))


def parse_int(value, label, minimum=None, maximum=None, required=False):
    """The whole number in `value`, None when empty unless `required`;
    UserError naming `label` when it is not one, or out of the bounds."""
    text = _text(value)
    if not text and not required:
        return None
    sign, digits = (text[0], text[1:]) if text[:1] in ("+", "-") else ("", text)
    if not DIGITS.fullmatch(digits):
        raise UserError(request.env._("%(label)s: enter a whole number.", label=label))
    return _check_range(int(sign + digits), label, minimum, maximum)


def parse_float(value, label, minimum=None, maximum=None, required=False):
    """The number in `value`, None when empty unless `required`; UserError
    naming `label` when it is not a finite number (nan, inf, 1e309 are
    refused), or out of the bounds."""
    text = _text(value)
    if not text and not required:
        return None
    try:
        number = float(text)
    except (TypeError, ValueError, OverflowError):
        number = math.nan
    if not math.isfinite(number):
        raise UserError(request.env._("%(label)s: enter a number.", label=label))
    return _check_range(number, label, minimum, maximum)


def _check_range(number, label, minimum, maximum):
    env = request.env
    if minimum is not None and maximum is not None:
        if not minimum <= number <= maximum:
            raise UserError(
                env._(
                    "%(label)s: enter a number between %(min)s and %(max)s.",
                    label=label,
                    min=minimum,
                    max=maximum,
                )
            )
    elif minimum is not None and number < minimum:
        raise UserError(
            env._("%(label)s: enter %(min)s or more.", label=label, min=minimum)
        )
    elif maximum is not None and number > maximum:
        raise UserError(
            env._("%(label)s: enter %(max)s or less.", label=label, max=maximum)
        )
    return number


def parse_date(value, label, required=False):
    """The date in `value` (YYYY-MM-DD, as a date input posts it), None when
    empty unless `required`; UserError naming `label` otherwise."""
    text = _text(value)
    if not text and not required:
        return None
    try:
        date = fields.Date.to_date(text)
    except (TypeError, ValueError):
        date = None
    if not date:
        raise UserError(
            request.env._("%(label)s: enter a date (YYYY-MM-DD).", label=label)
        )
    return date


def parse_page(value):
    """The page number of a list (1 when not given)."""
    return parse_int(value, request.env._("Page"), 1, MAX_ID) or 1


def not_found_either_way(exception):
    """handle_params_access_error of Odoo's routes that take a record in the
    URL (<model(...)>): another partner's record answers as a missing one
    (404), not 403 (Odoo raises AccessError when it checks the record before
    the page)."""
    raise NotFound() from exception


def message_url(url, message, **params):
    """`url` (its own query kept) with ?message=<code> and the ids its text
    names, as Odoo's sale portal redirects after a success
    (?message=sign_ok): the page shows the code's text, nothing travels in
    the session."""
    parts = urlsplit(url)
    query = {
        **dict(parse_qsl(parts.query)),
        "message": message,
        **{name: value for name, value in params.items() if value is not None},
    }
    return parts._replace(query=urlencode(query)).geturl()


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


def upload_names(files):
    """The names of the files posted, shown again on a refused form: a
    browser cannot fill in a file field."""
    return [file.filename for file in files if file and file.filename]


class PrmPortal(CustomerPortal):
    """The suite's portal pages (no route of its own)."""

    def _prm_document(self, model, record_id):
        """The record of `model` in the URL, after Odoo's
        _document_check_access (no access token: the forms act for a
        logged-in partner), in the user's environment: the model's methods
        check the user's rights. Another partner's record and a missing one
        both answer 404."""
        if not 0 < record_id <= MAX_ID:
            raise request.not_found()
        try:
            self._document_check_access(model, record_id)
        except (AccessError, MissingError):
            raise request.not_found() from None
        return request.env[model].browse(record_id)

    def _prm_list(self, records, domain, url, page=1, order=None, url_args=None):
        """One page of `records` (a model, with its environment) in `domain`
        and Odoo's pager over their real count, whose links keep the
        `url_args` that have a value: (records of the page, pager)."""
        pager = portal_pager(
            url=url,
            url_args={name: value for name, value in (url_args or {}).items() if value},
            total=records.search_count(domain),
            page=parse_page(page),
            step=self._items_per_page,
        )
        page_records = records.search(
            domain, order=order, limit=self._items_per_page, offset=pager["offset"]
        )
        return page_records, pager

    def _prm_message_record(self, value, model, domain=()):
        """The record whose id a success URL gives (?message=...&<name>_id=),
        if it is one of the user's records of `model` within `domain` (an
        empty recordset otherwise: the text is then not shown)."""
        try:
            record_id = parse_id(value, model)
        except UserError:
            record_id = None
        if not record_id:
            return request.env[model]
        return request.env[model].search([("id", "=", record_id), *domain])


def own_end_customer(company, value):
    """The end customer of `company` chosen in a form (its id in `value`), or
    an empty recordset when none is chosen; UserError for anyone else's.
    Read as superuser only to compare its owner with the caller's company."""
    env = request.env
    customer_id = parse_id(value, env._("End Customer"))
    customer = env["res.partner"].sudo().browse(customer_id or []).exists()
    if customer_id and not customer:
        raise UserError(env._("End Customer: choose one of your own customers."))
    customer._prm_check_customer_of(company)
    return customer
