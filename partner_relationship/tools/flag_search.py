# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError


def check_flag_search(records, name, operator, value):
    """Refuse, with the reason, a search of the computed yes/no field `name`
    of `records`' model otherwise than = or != yes or no (a domain sent over
    RPC may hold any operator and value): a UserError, not a server error."""
    if operator not in ("=", "!=") or not isinstance(value, bool):
        raise UserError(
            records.env._(
                "%(field)s: search it as yes or no.",
                field=records._fields[name]._description_string(records.env),
            )
        )
