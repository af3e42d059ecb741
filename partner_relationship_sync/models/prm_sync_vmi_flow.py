# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .prm_sync_flow import PARTNER, VENDOR, SyncKind

# Sell-through is shared per day over the last SELL_THROUGH_DAYS (a day shared
# again replaces its figure); the forecast covers the next FORECAST_DAYS.
SELL_THROUGH_DAYS = 7
FORECAST_DAYS = 30
# The proposal fields the partner's database shows.
PROPOSAL_FIELDS = (
    "proposed_qty",
    "stock_qty",
    "incoming_qty",
    "demand_qty",
    "alert",
)


class PrmSyncVmiFlow(models.AbstractModel):
    """Vendor-managed inventory between a vendor and a connected partner: the
    partner shares its stock, sell-through and forecast of the vendor's
    products; the vendor sends its replenishment proposals, which the partner
    confirms or rejects."""

    _name = "prm.sync.vmi.flow"
    _inherit = "prm.sync.flow"
    _description = "Partner Relationship Sync: Vendor-Managed Inventory"

    @api.model
    def _prm_counterparts(self):
        return {
            "prm.vmi.proposal": "prm.vmi.replenishment",
            "prm.vmi.replenishment": "prm.vmi.proposal",
        }

    @api.model
    def _prm_kinds(self):
        return {
            "vmi_share": SyncKind(
                self.env._("Shared Inventory"), "_prm_apply_share", PARTNER
            ),
            "vmi_proposals": SyncKind(
                self.env._("Replenishment Proposals"),
                "_prm_apply_proposals",
                VENDOR,
            ),
            "vmi_answer": SyncKind(
                self.env._("Replenishment Answer"), "_prm_apply_answer", PARTNER
            ),
        }

    @api.model
    def _prm_sent(self, message, answer):
        result = super()._prm_sent(message, answer)
        if message.kind == "vmi_proposals":
            self._prm_bind_proposals(message, answer)
        if message.kind == "vmi_answer":
            replenishment = (
                self.env["prm.vmi.replenishment"].sudo().browse(message.res_id).exists()
            )
            values = {"vendor_order": answer.get("order") or False}
            if replenishment.state == "sent":
                values["state"] = (
                    "confirmed" if answer.get("state") == "confirm" else "rejected"
                )
            replenishment.write(values)
        return result

    @api.model
    def _prm_bind_proposals(self, message, answer):
        """Vendor side: bind the proposals the partner received to its
        replenishments (only proposals this message sent), so that its
        answers name its own records."""
        sent = {p["proposal_id"] for p in (message.payload or {}).get("open") or []}
        replenishment_of = answer.get("replenishments") or {}
        pairs = [
            (proposal_id, remote_id)
            for proposal_id in sent
            if (
                remote_id := self._prm_remote_id(replenishment_of.get(str(proposal_id)))
            )
        ]
        self.env["prm.sync.binding"].sudo()._prm_bind_many(
            message.connection_id, "prm.vmi.proposal", pairs
        )

    # Partner side: what we share ---------------------------------------------------

    @api.model
    def _prm_inventory_figures(self, connection):
        """Stock on hand by location, sell-through by day and forecast of the
        vendor's products here (those bound on the connection), as rows with
        our product ids."""
        bindings = (
            self.env["prm.sync.binding"]
            .sudo()
            .search(
                [
                    ("connection_id", "=", connection.id),
                    ("res_model", "=", "product.product"),
                ]
            )
        )
        bound = set(bindings.mapped("res_id"))
        if not bound:
            return []
        today = fields.Date.context_today(self)
        # The stock and moves of the connection's company only.
        products = [
            ("product_id", "in", list(bound)),
            ("company_id", "=", connection.company_id.id),
        ]
        outgoing = [
            ("location_id.usage", "=", "internal"),
            ("location_dest_id.usage", "=", "customer"),
        ]
        rows = []
        for product, location, quantity in (
            self.env["stock.quant"]
            .sudo()
            ._read_group(
                [*products, ("location_id.usage", "=", "internal")],
                ["product_id", "location_id"],
                ["quantity:sum"],
            )
        ):
            rows.append(
                self._prm_row("stock", product.id, location, today, today, quantity)
            )
        Move = self.env["stock.move"].sudo()
        start = today - timedelta(days=SELL_THROUGH_DAYS - 1)
        for product, location, day, quantity in Move._read_group(
            products
            + outgoing
            + [
                ("state", "=", "done"),
                ("date", ">=", fields.Datetime.to_datetime(start)),
            ],
            ["product_id", "location_id", "date:day"],
            ["product_qty:sum"],
        ):
            day = fields.Date.to_date(str(day)[:10])
            rows.append(
                self._prm_row("sales", product.id, location, day, day, quantity)
            )
        end = today + timedelta(days=FORECAST_DAYS - 1)
        for product, location, quantity in Move._read_group(
            products
            + outgoing
            + [
                ("state", "not in", ("draft", "done", "cancel")),
                ("date", "<", fields.Datetime.to_datetime(end + timedelta(days=1))),
            ],
            ["product_id", "location_id"],
            ["product_qty:sum"],
        ):
            rows.append(
                self._prm_row("forecast", product.id, location, today, end, quantity)
            )
        return rows

    @api.model
    def _prm_row(self, kind, product_id, location, date_from, date_to, quantity):
        return {
            "type": kind,
            "product_id": product_id,
            "location": location.complete_name,
            "date_from": fields.Date.to_string(date_from),
            "date_to": fields.Date.to_string(date_to),
            "quantity": max(quantity, 0.0),
        }

    @api.model
    def _prm_share_inventory(self, connections, raise_if_empty=True):
        """Queue this database's inventory figures to each vendor."""
        Message = self.env["prm.sync.message"].sudo()
        for connection in connections:
            figures = self._prm_inventory_figures(connection)
            if not figures:
                if raise_if_empty:
                    raise UserError(
                        self.env._(
                            "%(vendor)s: none of its products is here yet; send "
                            "its catalogue first.",
                            vendor=connection.partner_id.name,
                        )
                    )
                continue
            Message._prm_queue_many(
                connection,
                "vmi_share",
                [
                    (
                        connection,
                        {
                            "date": fields.Date.to_string(
                                fields.Date.context_today(self)
                            ),
                            "figures": figures,
                        },
                    )
                ],
            )

    @api.model
    def _cron_share_inventory(self):
        connections = (
            self.env["prm.sync.connection"]
            .sudo()
            .search([("remote_role", "=", "vendor")])
        )
        self._prm_share_inventory(connections, raise_if_empty=False)

    # Vendor side: a partner's figures ----------------------------------------------

    @api.model
    def _prm_apply_share(self, connection, wire):
        """The partner's figures, imported as its integration user through
        the portal's import: a figure the import refuses refuses the whole
        message, nothing imported."""
        return self._prm_apply_state(
            connection,
            wire,
            connection.partner_id,
            self._prm_import_share,
        )

    @api.model
    def _prm_import_share(self, connection, wire):
        figures = wire["payload"].get("figures") or []
        # The partner names its own products; ours are their bindings.
        local_of = self._prm_local_ids(
            connection,
            "product.product",
            [figure.get("product_id") for figure in figures],
        )
        products = (
            self.env["product.product"]
            .sudo()
            .with_context(active_test=False)
            .browse(local_of.values())
            .exists()
        )
        local_code = {product.id: product.default_code for product in products}
        code_of = {
            remote_id: local_code.get(local_id)
            for remote_id, local_id in local_of.items()
        }
        rows = [
            {
                "type": figure.get("type"),
                "product_code": code_of.get(figure.get("product_id")) or "",
                "location": figure.get("location"),
                "date_from": figure.get("date_from"),
                "date_to": figure.get("date_to"),
                "quantity": figure.get("quantity"),
            }
            for figure in figures
        ]
        upload = self.env["prm.vmi.upload"]._prm_partner_share(
            connection.partner_id,
            rows,
            name=self.env._(
                "Shared from %(partner)s's database on %(date)s",
                partner=connection.partner_id.name,
                date=wire["payload"].get("date") or "-",
            ),
        )
        if upload.state != "imported":
            raise UserError(
                self.env._(
                    "Shared inventory not imported: %(errors)s",
                    errors=upload.sudo().error_text,
                )
            )
        return {"upload_id": upload.id, "imported": upload.sudo().imported_count}

    # Vendor side: the proposals ----------------------------------------------------

    @api.model
    def _prm_send_proposals(self, partners=None, closed=None):
        """Queue, to each connected partner (of `partners`), its open
        proposals as a whole, with the ones just `closed` here."""
        connections = self.env["prm.sync.connection"].union(
            *self._prm_connections_by_partner(partners).values()
        )
        if not connections:
            return
        Proposal = self.env["prm.vmi.proposal"].sudo()
        # A connection carries the proposals of its company only.
        open_of = Proposal.search(
            [
                ("partner_id", "in", connections.partner_id.ids),
                ("company_id", "in", connections.company_id.ids),
                ("state", "=", "proposed"),
                ("proposed_qty", ">", 0),
            ]
        ).grouped(lambda proposal: (proposal.partner_id, proposal.company_id))
        closed_of = (
            (closed or Proposal)
            .sudo()
            .grouped(lambda proposal: (proposal.partner_id, proposal.company_id))
        )
        Message = self.env["prm.sync.message"].sudo()
        for connection in connections:
            partner = connection.partner_id
            key = (partner, connection.company_id)
            Message._prm_queue_many(
                connection,
                "vmi_proposals",
                [
                    (
                        partner,
                        {
                            "partner_id": partner.id,
                            "open": [
                                self._prm_proposal_payload(proposal)
                                for proposal in open_of.get(key, Proposal)
                            ],
                            "closed": [
                                {
                                    "proposal_id": proposal.id,
                                    "state": proposal.state,
                                    "order": proposal.sale_order_id.name or False,
                                }
                                for proposal in closed_of.get(key, Proposal)
                            ],
                        },
                    )
                ],
            )

    @api.model
    def _prm_proposal_payload(self, proposal):
        payload = {name: proposal[name] or False for name in PROPOSAL_FIELDS}
        payload.update(
            {
                "proposal_id": proposal.id,
                "product_id": proposal.product_id.id,
                "date": fields.Date.to_string(proposal.date),
            }
        )
        return payload

    # Partner side: the vendor's proposals ------------------------------------------

    @api.model
    def _prm_apply_proposals(self, connection, wire):
        """The vendor's open proposals, as a whole: new ones shown, changed
        ones updated, the ones it closed marked so, the others withdrawn."""
        return self._prm_apply_state(
            connection,
            wire,
            connection,
            self._prm_mirror_proposals,
        )

    @api.model
    def _prm_mirror_proposals(self, connection, wire):
        connection = connection.sudo()
        payload = wire["payload"]
        Replenishment = self.env["prm.vmi.replenishment"].sudo()
        opened = payload.get("open") or []
        if len({p["proposal_id"] for p in opened}) != len(opened):
            raise UserError(self.env._("A proposal is twice in the open proposals."))
        closed = {c["proposal_id"]: c for c in payload.get("closed") or []}
        product_of = {
            remote: binding.res_id
            for remote, binding in self.env["prm.sync.binding"]
            .sudo()
            ._prm_find_many(
                connection, "product.product", {p["product_id"] for p in opened}
            )
            .items()
        }
        # Our replenishments of the vendor's proposals: through the bindings
        # of this connection, and the ones still open (to withdraw).
        Binding = self.env["prm.sync.binding"].sudo()
        binding_of = Binding._prm_find_many(
            connection,
            Replenishment._name,
            [p["proposal_id"] for p in opened] + list(closed),
        )
        pending = Replenishment.search(
            [
                ("connection_id", "=", connection.id),
                ("state", "in", ("proposed", "sent")),
            ]
        )
        proposal_of = {
            binding.res_id: binding.remote_id
            for binding in Binding._prm_of_records(pending).values()
            if binding.connection_id == connection
        }
        proposal_of.update({b.res_id: remote for remote, b in binding_of.items()})
        known = (pending | Replenishment.browse(list(proposal_of)).exists()).filtered(
            lambda r: r.connection_id == connection
        )
        local_of = {proposal_of[r.id]: r for r in known if r.id in proposal_of}
        new, new_ids, skipped = [], [], 0
        for proposal in opened:
            product_id = product_of.get(proposal["product_id"])
            if not product_id:
                skipped += 1
                continue
            values = {
                "product_id": product_id,
                "date": proposal.get("date"),
                "proposed_qty": proposal.get("proposed_qty") or 0.0,
                "stock_qty": proposal.get("stock_qty") or 0.0,
                "incoming_qty": proposal.get("incoming_qty") or 0.0,
                "demand_qty": proposal.get("demand_qty") or 0.0,
                "alert": proposal.get("alert") or False,
            }
            local = local_of.get(proposal["proposal_id"])
            if local and local.state == "proposed":
                local.write(values)
            elif not local:
                new.append(
                    {
                        **values,
                        "connection_id": connection.id,
                        "company_id": connection.company_id.id,
                    }
                )
                new_ids.append(proposal["proposal_id"])
        if new:
            created = Replenishment.with_context(mail_create_nolog=True).create(new)
            Binding._prm_bind_many(
                connection,
                Replenishment._name,
                list(zip(created.ids, new_ids, strict=True)),
                wire["version"],
            )
            local_of.update(zip(new_ids, created, strict=True))
        for vendor_id, close in closed.items():
            local = local_of.get(vendor_id)
            if local:
                values = {"vendor_order": close.get("order") or local.vendor_order}
                if local.state in ("proposed", "sent"):
                    values["state"] = (
                        "confirmed" if close.get("state") == "confirmed" else "rejected"
                    )
                local.write(values)
        open_ids = {p["proposal_id"] for p in opened}
        known.filtered(
            lambda r: (
                r.state in ("proposed", "sent")
                and proposal_of.get(r.id) not in open_ids
                and proposal_of.get(r.id) not in closed
            )
        ).write({"state": "withdrawn"})
        return {
            "open": len(opened) - skipped,
            "skipped": skipped,
            # Our replenishment of each open proposal: our answers name it.
            "replenishments": {
                str(proposal_id): local_of[proposal_id].id
                for proposal_id in open_ids
                if proposal_id in local_of
            },
        }

    # Vendor side: the partner's answers --------------------------------------------

    @api.model
    def _prm_apply_answer(self, connection, wire):
        return self._prm_apply_answer_many(connection, [wire])[0]

    @api.model
    def _prm_apply_answer_many(self, connection, wires):
        """The partner confirms (one order for the batch) or rejects its
        proposals, as its integration user with the core's checks."""
        Proposal = self.env["prm.vmi.proposal"]
        # The partner names its own replenishments; our proposals are their
        # bindings on the caller's connection.
        remote_ids = [wire["payload"].get("replenishment_id") for wire in wires]
        local_of = self._prm_local_ids(connection, "prm.vmi.proposal", remote_ids)
        for remote_id in remote_ids:
            if remote_id not in local_of:
                self._prm_refuse_unknown(connection, "prm.vmi.proposal", remote_id)
        ids = [local_of[remote_id] for remote_id in remote_ids]
        if len(set(ids)) != len(ids):
            raise UserError(self.env._("A proposal is answered twice in a batch."))
        proposal_of = dict(zip(remote_ids, ids, strict=True))
        by_answer = {}
        for wire in wires:
            answer = wire["payload"].get("answer")
            if answer not in ("confirm", "reject"):
                raise UserError(self.env._("Answer: confirm or reject."))
            by_answer.setdefault(answer, []).append(wire)
        decided = Proposal
        for answer, answered in by_answer.items():
            decided |= Proposal.browse(
                [proposal_of[wire["payload"]["replenishment_id"]] for wire in answered]
            )._prm_partner_decide(
                connection.partner_id,
                answer,
                {
                    proposal_of[wire["payload"]["replenishment_id"]]: wire["payload"][
                        "quantity"
                    ]
                    for wire in answered
                    if wire["payload"].get("quantity") is not None
                },
            )
        order_of = {p.id: p.sale_order_id.name or False for p in decided}
        return [
            {"state": wire["payload"]["answer"], "order": order_of.get(id_)}
            for wire, id_ in zip(wires, ids, strict=True)
        ]
