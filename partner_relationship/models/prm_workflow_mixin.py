# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import UserError


class PrmWorkflowMixin(models.AbstractModel):
    """Reviewed documents whose workflow fields only their actions may set."""

    _name = "prm.workflow.mixin"
    _description = "Reviewed Document Workflow"

    # Fields set by the actions (approve, reject...), never by create or write.
    _workflow_fields = ()

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                forged = set(self._workflow_fields) & set(vals)
                if forged:
                    raise UserError(
                        self.env._(
                            "A new %(document)s starts as a draft; %(fields)s are "
                            "set by its review.",
                            document=self._description,
                            fields=", ".join(sorted(forged)),
                        )
                    )
        return super().create(vals_list)

    def _check_state(self, allowed, action):
        """Refuse an action on documents not in one of the `allowed` states."""
        labels = dict(self._fields["state"]._description_selection(self.env))
        for document in self:
            if document.state not in allowed:
                raise UserError(
                    self.env._(
                        "%(document)s cannot be %(action)s in its current state "
                        "(%(state)s).",
                        document=document.display_name,
                        action=action,
                        state=labels.get(document.state, document.state),
                    )
                )

    def _set_workflow(self, vals):
        """Write workflow fields once the user is known to be allowed."""
        self.check_access("write")
        self.sudo().write(vals)
