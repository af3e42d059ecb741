# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged

from odoo.addons.partner_relationship.tests.common import prm_assert_pot_current


@tagged("post_install", "-at_install")
class TestTranslationFiles(TransactionCase):
    def test_pot_is_the_export_of_the_module(self):
        """The shipped .pot holds every term of the module, and no other."""
        prm_assert_pot_current(self, "partner_relationship")
