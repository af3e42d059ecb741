# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

from .prm_sync_flow import VENDOR, SyncKind

# The product fields the vendor sends and owns (on the template; the internal
# reference and barcode are its single variant's).
PRODUCT_FIELDS = (
    "name",
    "default_code",
    "barcode",
    "list_price",
    "description_sale",
    "active",
    "type",
)
# The fields of a price list rule that travel as they are.
ITEM_FIELDS = (
    "applied_on",
    "min_quantity",
    "compute_price",
    "fixed_price",
    "percent_price",
    "price_discount",
    "price_surcharge",
    "price_round",
    "price_min_margin",
    "price_max_margin",
    "base",
)


class PrmSyncCatalogueFlow(models.AbstractModel):
    """Central data, vendor to partner: the vendor's central products, their
    categories and the partner's tier price list, created or updated in the
    partner's database as central records maintained by the vendor."""

    _name = "prm.sync.catalogue.flow"
    _inherit = "prm.sync.flow"
    _description = "Partner Relationship Sync: Central Catalogue"

    @api.model
    def _prm_kinds(self):
        return {
            "central_category": SyncKind(
                self.env._("Central Product Category"),
                "_prm_apply_category",
                VENDOR,
            ),
            "central_product": SyncKind(
                self.env._("Central Product"), "_prm_apply_product", VENDOR
            ),
            "central_pricelist": SyncKind(
                self.env._("Tier Price List"),
                "_prm_apply_pricelist",
                VENDOR,
            ),
        }

    @api.model
    def _prm_sent(self, message, answer):
        """Bind the template, and its variant and categories, to the
        partner's records."""
        result = super()._prm_sent(message, answer)
        Binding = self.env["prm.sync.binding"].sudo()
        connection = message.connection_id
        # Only the records this message sent are bound, whatever ids the
        # answer names: the remote cannot bind other records of ours.
        sent = message.payload or {}
        variant_remote_id = self._prm_remote_id(answer.get("variant_remote_id"))
        if sent.get("product_id") and variant_remote_id:
            Binding._prm_bind(
                connection,
                self.env["product.product"].browse(sent["product_id"]),
                variant_remote_id,
            )
        remote_of = answer.get("categories") or {}
        for element in sent.get("category") or []:
            remote_id = self._prm_remote_id(remote_of.get(str(element[0])))
            if remote_id:
                Binding._prm_bind(
                    connection,
                    self.env["product.category"].browse(element[0]),
                    remote_id,
                )
        return result

    # Vendor side: what to send, to whom -------------------------------------------

    @api.model
    def _prm_partner_connections(self):
        """The connections to partners that take the central catalogue."""
        return self.env["prm.sync.connection"].union(
            *self._prm_connections_by_partner().values()
        )

    @api.model
    def _prm_owned_here(self, records):
        """The central records this database maintains (one of its
        companies, not a vendor's)."""
        own = self.env["res.company"].sudo().search([]).partner_id
        return records.filtered(
            lambda r: (
                r.is_central and (not r.central_owner_id or r.central_owner_id in own)
            )
        )

    @api.model
    def _prm_category_paths(self, categories):
        """{category id: [[id, name, xml id], ...] from its root}, in two
        queries whatever the number."""
        ids = {
            int(i) for c in categories for i in (c.parent_path or "").split("/") if i
        }
        ids |= set(categories.ids)
        everything = self.env["product.category"].sudo().browse(ids)
        xmlids = everything.get_external_id()
        name_of = {c.id: c.name for c in everything}
        return {
            category.id: [
                [int(i), name_of[int(i)], xmlids.get(int(i)) or False]
                for i in (category.parent_path or f"{category.id}/").split("/")
                if i
            ]
            for category in categories
        }

    @api.model
    def _prm_product_payloads(self, templates):
        """[(template, payload)] of the single-variant templates (a template
        with attribute variants is not sent: see the readme)."""
        templates = templates.sudo().with_context(active_test=False)
        templates = templates.filtered(lambda t: len(t.product_variant_ids) == 1)
        paths = self._prm_category_paths(templates.categ_id)
        uom_xmlids = templates.uom_id.get_external_id()
        result = []
        for template in templates:
            variant = template.product_variant_ids
            payload = {name: template[name] or False for name in PRODUCT_FIELDS}
            payload.update(
                {
                    "template_id": template.id,
                    "product_id": variant.id,
                    "default_code": variant.default_code or False,
                    "barcode": variant.barcode or False,
                    "list_price": template.list_price,
                    "active": template.active,
                    "category": paths.get(template.categ_id.id) or [],
                    "uom": {
                        "xmlid": uom_xmlids.get(template.uom_id.id) or False,
                        "name": template.uom_id.name,
                        "category": template.uom_id.category_id.name,
                    },
                }
            )
            result.append((template, payload))
        return result

    @api.model
    def _prm_send_products(self, templates, connections=None, only=None):
        """Queue the central templates' state to each connected partner
        (with `only`, {connection: templates}: those of `templates` only)."""
        templates = self._prm_owned_here(templates)
        if not templates:
            return
        connections = (
            self._prm_partner_connections() if connections is None else connections
        )
        if not connections:
            return
        changes = self._prm_product_payloads(templates)
        Message = self.env["prm.sync.message"].sudo()
        for connection in connections:
            # The products of the connection's company, and the shared ones.
            sent = connection._prm_in_company(
                templates if only is None else templates & only[connection]
            )
            price_of = self._prm_partner_prices(connection, sent)
            Message._prm_queue_many(
                connection,
                "central_product",
                [
                    (template, {**payload, **price_of[template.id]})
                    for template, payload in changes
                    if template in sent
                ],
            )

    @api.model
    def _prm_partner_prices(self, connection, templates):
        """{template id: {"vendor_price", "vendor_currency"}}: what the
        connection's partner pays us for one unit of each single-variant
        template, the price of its tier's price list in the connection's
        company (the list price without one); in one go."""
        company = connection.company_id
        templates = templates.sudo().with_company(company)
        variants = templates.with_context(active_test=False).product_variant_ids
        pricelist = (
            connection.partner_id._prm_tier_benefits(company)
            .pricelist_id.sudo()
            .with_company(company)
        )
        if pricelist and connection._prm_in_company(pricelist):
            prices = pricelist._get_products_price(variants, 1.0)
            currency = pricelist.currency_id
        else:
            prices = {variant.id: variant.lst_price for variant in variants}
            currency = company.currency_id
        return {
            variant.product_tmpl_id.id: {
                "vendor_price": prices.get(variant.id, variant.lst_price),
                "vendor_currency": currency.name,
            }
            for variant in variants
        }

    @api.model
    def _prm_send_categories(self, categories):
        """Queue renamed or moved categories to the partners that have them."""
        bindings = (
            self.env["prm.sync.binding"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "product.category"),
                    ("res_id", "in", categories.ids),
                    ("connection_id.remote_role", "=", "partner"),
                ]
            )
        )
        if not bindings:
            return
        paths = self._prm_category_paths(categories)
        Message = self.env["prm.sync.message"].sudo()
        for connection, bound in bindings.grouped("connection_id").items():
            bound_categories = categories.browse(bound.mapped("res_id"))
            Message._prm_queue_many(
                connection,
                "central_category",
                [(c, {"category": paths[c.id]}) for c in bound_categories],
            )

    @api.model
    def _prm_pricelist_payload(self, pricelist):
        """The price list with its rules (rules based on another price list
        are not sent: see the readme)."""
        pricelist = pricelist.sudo()
        items = []
        for item in pricelist.item_ids.filtered(lambda i: i.base != "pricelist"):
            values = {name: item[name] for name in ITEM_FIELDS}
            values.update(
                {
                    "product_tmpl_id": item.product_tmpl_id.id or False,
                    "product_id": item.product_id.id or False,
                    "categ_id": item.categ_id.id or False,
                    "date_start": fields.Datetime.to_string(item.date_start)
                    if item.date_start
                    else False,
                    "date_end": fields.Datetime.to_string(item.date_end)
                    if item.date_end
                    else False,
                }
            )
            items.append(values)
        return {
            "pricelist_id": pricelist.id,
            "name": pricelist.name,
            "currency": pricelist.currency_id.name,
            "items": items,
        }

    @api.model
    def _prm_based_on(self, pricelists):
        """The price lists with rules based on one of `pricelists`, directly
        or through others (`pricelists` aside): their prices change with
        them. One query per level of dependence, whatever the number of
        price lists; price lists based on each other end the search."""
        Item = self.env["product.pricelist.item"].sudo().with_context(active_test=False)
        found = pricelists.browse()
        level = pricelists
        while level:
            groups = Item._read_group(
                [("base", "=", "pricelist"), ("base_pricelist_id", "in", level.ids)],
                ["pricelist_id"],
            )
            based = pricelists.browse([pricelist.id for (pricelist,) in groups])
            level = based - found - pricelists
            found |= level
        return found

    @api.model
    def _prm_send_pricelists(self, pricelists=None, connections=None, prices=True):
        """Queue the tier price list of each connected partner whose tier's
        price list is among `pricelists` (all, when None). With `prices`,
        the partner's price of each product it has from us goes along (its
        vendor lines follow the price list, not only the next product
        change): to the partners of those price lists and of the price lists
        based on them (their rules are not sent, their prices are), or to
        each of `connections` when no price list is named (a partner whose
        tier changed, to one with another price list or none)."""
        connections = (
            self._prm_partner_connections() if connections is None else connections
        )
        based = (
            self._prm_based_on(pricelists)
            if prices and pricelists is not None and connections
            else self.env["product.pricelist"]
        )
        Message = self.env["prm.sync.message"].sudo()
        payload_of = {}
        priced = self.env["prm.sync.connection"]
        for connection in connections:
            pricelist = self._prm_tier_pricelist(connection)
            if not pricelist or (
                pricelists is not None and pricelist not in pricelists
            ):
                if pricelists is None or pricelist in based:
                    priced |= connection
                continue
            priced |= connection
            if not self._prm_owned_here(pricelist):
                continue
            if pricelist.id not in payload_of:
                payload_of[pricelist.id] = self._prm_pricelist_payload(pricelist)
            Message._prm_queue_many(
                connection, "central_pricelist", [(pricelist, payload_of[pricelist.id])]
            )
        if prices:
            self._prm_send_prices(priced)

    @api.model
    def _prm_tier_pricelist(self, connection):
        """The price list of the connection's partner's tier in the
        connection's company (none there: empty)."""
        return connection._prm_in_company(
            connection.partner_id._prm_tier_benefits(connection.company_id).pricelist_id
        )

    @api.model
    def _prm_priced_by(self, pricelists):
        """The partner connections whose prices follow `pricelists`: their
        tier's price list is one of them or based on one of them."""
        connections = self._prm_partner_connections()
        if not connections or not pricelists:
            return self.env["prm.sync.connection"]
        following = pricelists | self._prm_based_on(pricelists)
        return connections.filtered(
            lambda connection: self._prm_tier_pricelist(connection) in following
        )

    @api.model
    def _prm_send_prices(self, connections):
        """Queue to each of `connections` the products it has from us (bound
        there), with its price from us: the catalogue's product messages,
        whose vendor price the partner puts on its vendor line."""
        if not connections:
            return
        bindings = (
            self.env["prm.sync.binding"]
            .sudo()
            .search(
                [
                    ("connection_id", "in", connections.ids),
                    ("res_model", "=", "product.template"),
                ]
            )
        )
        bound = (
            self.env["product.template"]
            .sudo()
            .browse(bindings.mapped("res_id"))
            .exists()
        )
        templates_of = {
            connection: bound.browse(of_connection.mapped("res_id")) & bound
            for connection, of_connection in bindings.grouped("connection_id").items()
        }
        self._prm_send_products(
            bound,
            connections.filtered(lambda connection: connection in templates_of),
            only=templates_of,
        )

    @api.model
    def _prm_send_catalogue(self, connections):
        """The initial full push: every central product (with its
        categories), then the partner's tier price list."""
        templates = (
            self.env["product.template"]
            .sudo()
            .with_context(active_test=False)
            .search([("is_central", "=", True)])
        )
        self._prm_send_products(templates, connections)
        self._prm_send_pricelists(connections=connections, prices=False)

    # Partner side ------------------------------------------------------------------

    @api.model
    def _prm_ensure_categories(self, connection, paths, wire):
        """The local category of each vendor category in `paths` (lists from
        the root, as `_prm_category_paths`), created or brought up to date
        as central categories maintained by the vendor, from the message
        `wire`; {vendor id: local id}. A category with an XML id that exists
        here (e.g. All) is used as is."""
        version = wire["version"] if wire else 0
        Binding = self.env["prm.sync.binding"].sudo()
        Category = self.env["product.category"].sudo()
        elements = {element[0]: element for path in paths for element in path}
        binding_of = Binding._prm_find_many(connection, "product.category", elements)
        local_of = {}
        for path in paths:
            parent_id = False
            for vendor_id, name, xmlid in path:
                if vendor_id in local_of:
                    parent_id = local_of[vendor_id]
                    continue
                binding = binding_of.get(vendor_id)
                category = Category.browse(binding.res_id).exists() if binding else None
                values = {"name": name, "parent_id": parent_id}
                if not category and xmlid:
                    # A standard category (e.g. All) is used as is, never
                    # changed: an XML id never reaches a central record.
                    category = self.env.ref(xmlid, raise_if_not_found=False)
                    if (
                        category
                        and category._name == "product.category"
                        and not category.sudo().is_central
                    ):
                        binding_of[vendor_id] = Binding._prm_bind(
                            connection, category, vendor_id, version
                        )
                        local_of[vendor_id] = parent_id = category.id
                        continue
                    category = None
                if category:
                    if binding.version < version and category.is_central:
                        self._prm_check_maintained_by(connection, category)
                        self._prm_write_owned(
                            connection,
                            category,
                            values,
                            binding,
                            wire,
                        )
                        binding.version = version
                else:
                    category = Category.create(
                        {
                            **values,
                            "is_central": True,
                            "central_owner_id": connection.partner_id.id,
                        }
                    )
                    binding_of[vendor_id] = binding = Binding._prm_bind(
                        connection, category, vendor_id, version
                    )
                    self._prm_remember(binding, category, values)
                local_of[vendor_id] = parent_id = category.id
        return local_of

    @api.model
    def _prm_apply_category(self, connection, wire):
        path = wire["payload"].get("category") or []
        if not path:
            raise UserError(self.env._("Central category: the category is missing."))
        local_of = self._prm_ensure_categories(connection, [path], wire)
        return {"remote_id": local_of[path[-1][0]]}

    @api.model
    def _prm_uoms(self, uoms):
        """{vendor's UoM name: local UoM id}: by XML id, else by name and
        category; an unknown one refuses the message."""
        UoM = self.env["uom.uom"].sudo().with_context(active_test=False)
        result = {}
        for uom in uoms:
            if uom["name"] in result:
                continue
            local = uom.get("xmlid") and self.env.ref(
                uom["xmlid"], raise_if_not_found=False
            )
            if not local or local._name != "uom.uom":
                local = UoM.search(
                    [
                        ("name", "=", uom["name"]),
                        ("category_id.name", "=", uom.get("category")),
                    ],
                    limit=1,
                )
            if not local:
                raise UserError(
                    self.env._(
                        "Unit of measure %(uom)s (%(category)s) is unknown here: "
                        "create it, then retry the message.",
                        uom=uom["name"],
                        category=uom.get("category"),
                    )
                )
            result[uom["name"]] = local.id
        return result

    @api.model
    def _prm_apply_product(self, connection, wire):
        return self._prm_apply_product_many(connection, [wire])[0]

    @api.model
    def _prm_apply_product_many(self, connection, wires):
        """The vendor's central products: created (new ones in one go) or
        brought up to date, central and maintained by the vendor; a change
        made here in between loses and is logged."""
        Binding = self.env["prm.sync.binding"].sudo()
        binding_of = Binding._prm_find_many(
            connection,
            "product.template",
            [self._prm_id(wire["payload"], "template_id") for wire in wires],
        )
        # The categories and units of the messages not discarded, in one go.
        fresh = [
            wire
            for wire in wires
            if not (
                binding_of.get(wire["payload"]["template_id"])
                and binding_of[wire["payload"]["template_id"]].version
                >= wire["version"]
            )
        ]
        category_of = self._prm_ensure_categories(
            connection,
            [wire["payload"]["category"] for wire in fresh],
            max(fresh, key=lambda wire: wire["version"], default=None),
        )
        uom_of = self._prm_uoms([wire["payload"]["uom"] for wire in fresh])

        def values_of(wire):
            payload = wire["payload"]
            return {
                **{name: payload.get(name) or False for name in PRODUCT_FIELDS},
                "list_price": payload.get("list_price") or 0.0,
                "active": bool(payload.get("active")),
                "type": payload.get("type") or "consu",
                "categ_id": category_of[payload["category"][-1][0]],
                "uom_id": uom_of[payload["uom"]["name"]],
                "uom_po_id": uom_of[payload["uom"]["name"]],
            }

        def update(connection, template, binding, wire):
            if not self._prm_owned_by(connection, template):
                # Our own product, bound by its internal reference: ours to
                # maintain; only the vendor's price to us follows.
                self._prm_set_vendor_prices(connection, [(template, wire)])
                return self._prm_product_answer(template, wire["payload"], category_of)
            self._prm_check_maintained_by(connection, template)
            # Unchanged values are not written again (a product type written
            # on a stocked product is checked by stock, etc.).
            values = {
                name: value
                for name, value in values_of(wire).items()
                if self._prm_comparable(template, name) != self._prm_normal(value)
            }
            self._prm_write_owned(connection, template, values, binding, wire)
            self._prm_set_vendor_prices(connection, [(template, wire)])
            return self._prm_product_answer(template, wire["payload"], category_of)

        def create(connection, wires):
            # Variants bound to products deleted here give way to the new ones.
            dangling = Binding._prm_find_many(
                connection,
                "product.product",
                [wire["payload"]["product_id"] for wire in wires],
            )
            Binding.browse([binding.id for binding in dangling.values()]).unlink()
            # Our own products with the vendor's internal reference are bound
            # as they are; the others are made.
            match_of = self._prm_match_products(connection, wires)
            new_wires = [wire for wire in wires if wire["uuid"] not in match_of]
            made = iter(
                self.env["product.template"]
                .sudo()
                .with_context(mail_create_nolog=True)
                .create(
                    [
                        {
                            **content,
                            # Partners hold stock of the vendor's goods.
                            "is_storable": content["type"] == "consu",
                            "is_central": True,
                            "central_owner_id": connection.partner_id.id,
                        }
                        for content in map(values_of, new_wires)
                    ]
                )
            )
            templates = (
                self.env["product.template"]
                .sudo()
                .concat(*(match_of.get(wire["uuid"]) or next(made) for wire in wires))
            )
            self._prm_set_vendor_prices(
                connection, list(zip(templates, wires, strict=True))
            )
            Binding.create(
                [
                    {
                        "connection_id": connection.id,
                        "res_model": "product.product",
                        "res_id": template.product_variant_ids[:1].id,
                        "remote_id": wire["payload"]["product_id"],
                        "version": wire["version"],
                    }
                    for template, wire in zip(templates, wires, strict=True)
                ]
            )
            return [
                self._prm_product_answer(template, wire["payload"], category_of)
                for template, wire in zip(templates, wires, strict=True)
            ]

        return self._prm_apply_upsert_many(
            connection,
            wires,
            "product.template",
            "template_id",
            create,
            update,
            remember=(
                *PRODUCT_FIELDS,
                "list_price",
                "active",
                "type",
                "categ_id",
                "uom_id",
                "uom_po_id",
            ),
        )

    @api.model
    def _prm_product_answer(self, template, payload, category_of):
        """The answer binding the vendor's template, variant and categories."""
        variant = template.with_context(active_test=False).product_variant_ids[:1]
        return {
            "remote_id": template.id,
            "variant": payload["product_id"],
            "variant_remote_id": variant.id,
            "categories": {
                str(element[0]): category_of[element[0]]
                for element in payload["category"]
            },
        }

    @api.model
    def _prm_owned_by(self, connection, template):
        """Whether `template` is a central product the connection's vendor
        maintains here (else: our own product, bound by its reference)."""
        return (
            template.is_central and template.central_owner_id == connection.partner_id
        )

    @api.model
    def _prm_match_products(self, connection, wires):
        """{message uuid: our product template} of the vendor's new products
        that we already have: an active product of the connection's company
        (or shared) with the same internal reference, ours (not a central
        product another vendor maintains here: a reference must not make
        this vendor its supplier), not bound to another of the vendor's
        products. Two of ours with the reference: refused (UserError), never
        guessed."""
        codes = {wire["payload"].get("default_code") for wire in wires} - {False, None}
        if not codes:
            return {}
        found = (
            self.env["product.product"]
            .sudo()
            .search(
                [
                    ("default_code", "in", list(codes)),
                    ("company_id", "in", [connection.company_id.id, False]),
                ]
            )
        )
        bound = set(
            self.env["prm.sync.binding"]
            .sudo()
            .search(
                [
                    ("connection_id", "=", connection.id),
                    ("res_model", "=", "product.template"),
                    ("res_id", "in", found.product_tmpl_id.ids),
                ]
            )
            .mapped("res_id")
        )
        ours = found.product_tmpl_id.filtered(
            lambda template: not template.is_central
        ) | self._prm_owned_here(found.product_tmpl_id)
        products_of = found.filtered(
            lambda product: (
                product.product_tmpl_id.id not in bound
                and product.product_tmpl_id in ours
            )
        ).grouped("default_code")
        match_of, taken = {}, set()
        for wire in wires:
            code = wire["payload"].get("default_code")
            products = products_of.get(code)
            if not products:
                continue
            template = products.product_tmpl_id
            if (
                len(products) > 1
                or template.product_variant_count > 1
                or (template.id in taken)
            ):
                raise UserError(
                    self.env._(
                        "%(product)s: several products here have the internal "
                        "reference %(code)s (%(names)s); give it to one of "
                        "them only, then send the catalogue again.",
                        product=wire["payload"].get("name"),
                        code=code,
                        names=", ".join(products.mapped("display_name")),
                    )
                )
            taken.add(template.id)
            match_of[wire["uuid"]] = template
        return match_of

    @api.model
    def _prm_set_vendor_prices(self, connection, pairs):
        """Our purchase price from the vendor [(template, message)]: its
        vendor line (supplier info) in the connection's company, created or
        brought up to the price the message names; in one go."""
        pairs = [
            (template, wire["payload"])
            for template, wire in pairs
            if wire["payload"].get("vendor_price") is not None
        ]
        if not pairs:
            return
        vendor = connection.partner_id
        company = connection.company_id
        currency_of = {
            currency.name: currency
            for currency in self.env["res.currency"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [("name", "in", list({p.get("vendor_currency") for _t, p in pairs}))]
            )
        }
        Supplier = self.env["product.supplierinfo"].sudo()
        line_of = {}
        for line in Supplier.search(
            [
                ("partner_id", "=", vendor.id),
                ("product_tmpl_id", "in", [template.id for template, _p in pairs]),
                ("company_id", "in", [company.id, False]),
            ],
            order="min_qty, sequence, id",
        ):
            line_of.setdefault(line.product_tmpl_id.id, line)
        new = []
        for template, payload in pairs:
            currency = currency_of.get(payload.get("vendor_currency")) or (
                company.currency_id
            )
            values = {"price": payload["vendor_price"], "currency_id": currency.id}
            line = line_of.get(template.id)
            if not line:
                new.append(
                    {
                        **values,
                        "partner_id": vendor.id,
                        "product_tmpl_id": template.id,
                        "company_id": company.id,
                    }
                )
            elif line.currency_id != currency or currency.compare_amounts(
                line.price, values["price"]
            ):
                line.write(values)
        Supplier.create(new)

    @api.model
    def _prm_apply_pricelist(self, connection, wire):
        """The partner's tier price list: created or replaced whole (its
        rules on products and categories the partner has received)."""

        def update(connection, pricelist, binding, wire):
            self._prm_check_maintained_by(connection, pricelist)
            values, lines, answer = self._prm_pricelist_values(connection, wire)
            self._prm_write_owned(connection, pricelist, values, binding, wire)
            pricelist.item_ids.unlink()
            pricelist.write({"item_ids": lines})
            return answer

        def create(connection, wires):
            values, lines, answer = self._prm_pricelist_values(connection, wires[0])
            pricelist = (
                self.env["product.pricelist"]
                .sudo()
                .create(
                    {
                        **values,
                        "is_central": True,
                        "central_owner_id": connection.partner_id.id,
                        "item_ids": lines,
                    }
                )
            )
            return [{**answer, "remote_id": pricelist.id}]

        return self._prm_apply_upsert(
            connection,
            wire,
            "product.pricelist",
            "pricelist_id",
            create,
            update,
            remember=("name", "currency_id"),
        )

    @api.model
    def _prm_pricelist_values(self, connection, wire):
        """The price list's values, its rules (as commands) and the answer's
        count of them: rules on records not received here are skipped."""
        payload = wire["payload"]
        Binding = self.env["prm.sync.binding"].sudo()
        currency = (
            self.env["res.currency"]
            .sudo()
            .with_context(active_test=False)
            .search([("name", "=", payload.get("currency"))], limit=1)
        )
        if not currency:
            raise UserError(
                self.env._(
                    "Price list %(pricelist)s: currency %(currency)s is unknown here.",
                    pricelist=payload.get("name"),
                    currency=payload.get("currency"),
                )
            )
        items = payload.get("items") or []
        local = {
            model: {
                remote: binding.res_id
                for remote, binding in Binding._prm_find_many(
                    connection, model, {item[key] for item in items if item[key]}
                ).items()
            }
            for model, key in (
                ("product.template", "product_tmpl_id"),
                ("product.product", "product_id"),
                ("product.category", "categ_id"),
            )
        }
        lines, skipped = [], 0
        for item in items:
            values = {name: item.get(name) for name in ITEM_FIELDS}
            values.update(
                {
                    "date_start": item.get("date_start") or False,
                    "date_end": item.get("date_end") or False,
                }
            )
            known = True
            for model, key in (
                ("product.template", "product_tmpl_id"),
                ("product.product", "product_id"),
                ("product.category", "categ_id"),
            ):
                values[key] = local[model].get(item[key], False) if item[key] else False
                known = known and (values[key] or not item[key])
            if not known:
                skipped += 1
                continue
            lines.append(Command.create(values))
        values = {"name": payload["name"], "currency_id": currency.id}
        return values, lines, {"items": len(lines), "skipped": skipped}
