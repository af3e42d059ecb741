# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

# Context key set by the prm.central.release wizard around the one write or
# unlink that releases or deletes central records. It is honoured only for
# system administrators (see _prm_release_allowed): an RPC caller can set any
# context key, so the key alone never lets anyone through.
PRM_CENTRAL_RELEASE_KEY = "prm_central_release"


class PrmCentralMixin(models.AbstractModel):
    """Records maintained centrally by their owner (the vendor).

    Users of partner companies (portal users, users of a partner's company in
    a multi-company database, users of a partner's own database receiving the
    vendor's records) may read central records and add their own, but not
    change or delete the central ones.
    """

    _name = "prm.central.mixin"
    _description = "Centrally Maintained Data"

    is_central = fields.Boolean(
        string="Centrally Maintained",
        copy=False,
        help="Only its owner may change or delete it; partners may read it and "
        "add their own records.",
    )
    central_owner_id = fields.Many2one(
        "res.partner",
        string="Maintained By",
        copy=False,
        help="The company that maintains this record; empty means this "
        "database's main company.",
    )

    def _prm_default_owner(self):
        """Central records without an owner belong to the main company."""
        company = self.env.ref("base.main_company", raise_if_not_found=False)
        return (company or self.env["res.company"].sudo().browse(1)).partner_id

    def _prm_user_owns(self, owner):
        """May the current user change records maintained by `owner`?"""
        user = self.env.user
        if user.share:
            return False
        return user.company_id.partner_id == (owner or self._prm_default_owner())

    def _prm_release_allowed(self):
        """Is this a system administrator's release or deletion through the
        Correct or Remove Central Record wizard?"""
        return bool(
            self.env.context.get(PRM_CENTRAL_RELEASE_KEY)
        ) and self.env.user.has_group("base.group_system")

    def _prm_on_central_release(self, reason):
        """Called on central records a system administrator releases (after
        they stopped being central) or deletes (just before the deletion).

        Does nothing here: other addons extend it, e.g. to forget how the
        records were received.
        """
        return

    def _prm_check_central(self):
        if self.env.su or self._prm_release_allowed():
            return
        for record in self.filtered("is_central"):
            if not self._prm_user_owns(record.central_owner_id):
                owner = record.central_owner_id or self._prm_default_owner()
                raise UserError(
                    self.env._(
                        "%(record)s is maintained centrally by %(owner)s: you may "
                        "read it and add your own records, but not change or "
                        "delete it.",
                        record=record.display_name,
                        owner=owner.sudo().name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            Partner = self.env["res.partner"]
            for vals in vals_list:
                owner = Partner.browse(vals.get("central_owner_id"))
                if vals.get("is_central") and not self._prm_user_owns(owner):
                    raise UserError(
                        self.env._(
                            "Centrally Maintained: only the owner's users may "
                            "create central records."
                        )
                    )
        return super().create(vals_list)

    def write(self, vals):
        self._prm_check_central()
        if vals.get("is_central") and not self.env.su:
            owner = self.env["res.partner"].browse(vals.get("central_owner_id"))
            if not self._prm_user_owns(owner):
                raise UserError(
                    self.env._(
                        "Centrally Maintained: only the owner's users may mark "
                        "records as central."
                    )
                )
        return super().write(vals)

    def unlink(self):
        self._prm_check_central()
        return super().unlink()
