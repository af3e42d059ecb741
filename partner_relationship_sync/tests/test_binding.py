# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged

from .common import unreachable_connection


@tagged("post_install", "-at_install")
class TestBinding(TransactionCase):
    """Bindings are the one place of remote ids: keyed by the remote's model
    too, so that one local record may stand for records of two models of the
    remote (the partner's opportunity is the vendor's lead it offered, and
    the vendor's registration of it)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        vendor = cls.env["res.partner"].create(
            {"name": "Binding Vendor", "is_company": True}
        )
        cls.connection = unreachable_connection(cls.env, vendor, "vendor")
        cls.lead = cls.env["crm.lead"].create({"name": "Bound twice"})
        cls.other = cls.env["crm.lead"].create({"name": "Another lead"})
        cls.Binding = cls.env["prm.sync.binding"]

    def test_one_remote_id_of_two_remote_models(self):
        offer = self.Binding._prm_bind(self.connection, self.lead, 77)
        registration = self.Binding._prm_bind(
            self.connection, self.other, 77, remote_model="prm.deal.registration"
        )
        self.assertNotEqual(offer, registration)
        self.assertEqual(offer.remote_model, "crm.lead")
        self.assertEqual(
            self.Binding._prm_find(self.connection, "crm.lead", 77).res_id,
            self.lead.id,
        )
        self.assertEqual(
            self.Binding._prm_find(
                self.connection, "crm.lead", 77, "prm.deal.registration"
            ).res_id,
            self.other.id,
        )

    def test_a_binding_names_the_counterpart_model_of_its_flow(self):
        order = self.env["purchase.order"].create(
            {"partner_id": self.connection.partner_id.id}
        )
        binding = self.Binding._prm_bind(self.connection, order, 12)
        self.assertEqual(binding.remote_model, "sale.order")
        self.assertEqual(
            self.Binding.create(
                {
                    "connection_id": self.connection.id,
                    "res_model": "prm.vmi.replenishment",
                    "res_id": 1,
                    "remote_id": 5,
                }
            ).remote_model,
            "prm.vmi.proposal",
        )
