# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError

# Context key set by the prm.central.release wizard around the one write or
# unlink that releases or deletes central records. It is honoured only for
# system administrators (see _prm_release_allowed): an RPC caller can set any
# context key, so the key alone never lets anyone through.
PRM_CENTRAL_RELEASE_KEY = "prm_central_release"
# Who may change or delete the central records of the companies they work for.
CENTRAL_MANAGER_GROUP = "partner_relationship.group_prm_central_manager"
# Context key set by PrmCentralMixin.create around the creation of records:
# the lines created with them are judged with them (by
# _prm_check_central_created), not as lines of an existing central record.
# Its value is this object, which no context sent over RPC (JSON) can hold.
PRM_CENTRAL_CREATING_KEY = "prm_central_creating"
_CREATING = object()


def creating_central(env):
    """Is this the creation of central records' own lines (see
    PRM_CENTRAL_CREATING_KEY)?"""
    return env.context.get(PRM_CENTRAL_CREATING_KEY) is _CREATING


class PrmCentralMixin(models.AbstractModel):
    """Records maintained centrally by their owner (the vendor).

    The owner is the company the record belongs to: its Maintained By
    partner (a vendor elsewhere, for records received by sync), else its
    company, else this database's main company. Only the owner's central
    data managers (group Central Data Manager, which system administrators
    have), working in the owner company (their active company), may change
    or delete a central record. Everyone else (the owner's
    other users, users of partner companies in a multi-company database,
    portal users, users of a partner's own database receiving the vendor's
    records) may read central records and add their own, not change or
    delete the central ones.
    """

    _name = "prm.central.mixin"
    _description = "Centrally Maintained Data"

    is_central = fields.Boolean(
        string="Centrally Maintained",
        copy=False,
        help="Only a central data manager of its owner may change or delete "
        "it; others may read it and add their own records.",
    )
    central_owner_id = fields.Many2one(
        "res.partner",
        string="Maintained By",
        copy=False,
        help="The company that maintains this record; empty means the "
        "record's company, or this database's main company.",
    )

    def _prm_default_owner(self):
        """Central records without an owner or a company belong to the main
        company."""
        company = self.env.ref("base.main_company", raise_if_not_found=False)
        return (company or self.env["res.company"].browse(1)).sudo().partner_id

    def _prm_central_owner(self):
        """The partner that maintains this record: its Maintained By, else
        its company's, else the main company's."""
        self.ensure_one()
        record = self.sudo()
        company = record.company_id if "company_id" in record._fields else None
        return (
            record.central_owner_id
            or (company and company.partner_id)
            or self._prm_default_owner()
        )

    def _prm_user_owns(self, owner):
        """May the current user change records maintained by `owner`? Only a
        central data manager of that company, working in it (its active
        company): an administrator of several companies working in one does
        not change another's central data by the way."""
        user = self.env.user
        if user.share or not user.has_group(CENTRAL_MANAGER_GROUP):
            return False
        return owner == self.env.company.sudo().partner_id

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

    def _prm_refusal(self, owner):
        """Why the current user may not change this central record (the
        owner's name read as superuser: a user of another company may not
        read it, but is told who to ask)."""
        self.ensure_one()
        owner = owner.sudo()
        if owner in self.env["res.company"].sudo().search([]).partner_id:
            return self.env._(
                "%(record)s is maintained centrally by %(owner)s; ask a central "
                "data manager of %(owner)s to change or delete it. You may read "
                "it and add your own records.",
                record=self.display_name,
                owner=owner.sudo().name,
            )
        return self.env._(
            "%(record)s is maintained centrally by %(owner)s: you may read it and "
            "add your own records, but not change or delete it.",
            record=self.display_name,
            owner=owner.sudo().name,
        )

    def _prm_check_central(self):
        if self.env.su or self._prm_release_allowed():
            return
        for record in self.filtered("is_central"):
            owner = record._prm_central_owner()
            if not self._prm_user_owns(owner):
                raise AccessError(record._prm_refusal(owner))

    def _prm_check_central_created(self):
        """Only a central data manager of their owner creates central
        records, or makes records central."""
        if self.env.su:
            return
        for record in self.sudo().filtered("is_central").with_env(self.env):
            if not self._prm_user_owns(record._prm_central_owner()):
                raise AccessError(
                    self.env._(
                        "Centrally Maintained: only a central data manager of "
                        "%(owner)s may make %(record)s central.",
                        owner=record._prm_central_owner().sudo().name,
                        record=record.sudo().display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        creating = self.with_context(**{PRM_CENTRAL_CREATING_KEY: _CREATING})
        records = super(PrmCentralMixin, creating).create(vals_list)
        records = records.with_env(self.env)
        records._prm_check_central_created()
        return records

    def write(self, vals):
        self._prm_check_central()
        result = super().write(vals)
        if {"is_central", "central_owner_id", "company_id"} & set(vals):
            # Made central, or handed to another owner: by its new owner too.
            self._prm_check_central_created()
        return result

    def unlink(self):
        self._prm_check_central()
        return super().unlink()


class PrmCentralLineMixin(models.AbstractModel):
    """Lines of a centrally maintained record (the attribute lines and
    values of a product, the repartition lines of a tax, the mappings of a
    fiscal position, the lines of a payment term): part of the record, so
    created, changed and deleted only by those who may change the record
    (see prm.central.mixin)."""

    _name = "prm.central.line.mixin"
    _description = "Line of a Centrally Maintained Record"

    # The many2one to the record the line belongs to.
    _prm_central_parent_field = None

    def _prm_check_central_parent(self):
        if self.env.su or creating_central(self.env):
            return
        parents = self.sudo()[self._prm_central_parent_field]
        parents.with_env(self.env)._prm_check_central()

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._prm_check_central_parent()
        return lines

    def write(self, vals):
        self._prm_check_central_parent()
        result = super().write(vals)
        if self._prm_central_parent_field in vals:
            # Moved to another record: by whoever may change that one too.
            self._prm_check_central_parent()
        return result

    def unlink(self):
        self._prm_check_central_parent()
        return super().unlink()
