# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


def int_param(env, name, default):
    """The system parameter `name` as an integer; `default` when it is not
    set or not a number."""
    value = env["ir.config_parameter"].sudo().get_param(name) or ""
    try:
        return int(value)
    except ValueError:
        return default
