# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.exceptions import NotFound

from odoo import models
from odoo.exceptions import AccessError

# Odoo's lead pages take the record in the URL: before the page runs, the
# website builds the record's canonical URL, which raises AccessError (403)
# for another company's lead but NotFound (404) for a missing one.
SAME_ANSWER_PREFIXES = ("/my/lead/", "/my/opportunity/")


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _pre_dispatch(cls, rule, args):
        try:
            return super()._pre_dispatch(rule, args)
        except AccessError:
            if rule.rule.startswith(SAME_ANSWER_PREFIXES):
                raise NotFound() from None
            raise
