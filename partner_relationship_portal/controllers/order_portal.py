# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request

from odoo.addons.partner_relationship.models.res_partner import END_CUSTOMER_FIELDS
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from .common import channel_partner, redirect_with

CART_SESSION_KEY = "prm_cart"
MAX_QUANTITY = 100000
# The form's text fields of a new end customer (the country is a choice).
NEW_CUSTOMER_FIELDS = END_CUSTOMER_FIELDS - {"country_id"}


class OrderPortal(CustomerPortal):
    """Indirect orders: the vendor's central catalog at the partner's tier
    prices, a cart, and an order for one of the partner's end customers.
    Order history and invoices are Odoo's own /my/orders and /my/invoices."""

    def _prm_catalog_domain(self, company):
        """Products the company may order: the vendor's central products for
        sale, within the partner's specializations when it has some."""
        domain = [
            ("is_central", "=", True),
            ("sale_ok", "=", True),
            ("company_id", "in", [False, request.env.company.id]),
        ]
        if company.specialization_ids:
            domain.append(("categ_id", "child_of", company.specialization_ids.ids))
        return domain

    def _prm_catalog(self):
        """Portal users do not read products: the catalog is read as superuser,
        restricted to the catalog domain of the user's own company."""
        return request.env["product.product"].sudo()

    def _prm_prices(self, company, products):
        """{product id: unit price} at the company's tier price list."""
        pricelist = company.sudo().property_product_pricelist
        if not pricelist:
            return {product.id: product.lst_price for product in products}
        return pricelist._get_products_price(products, 1.0)

    def _prm_cart(self):
        """{product id: quantity} kept in the session."""
        return {
            int(product_id): quantity
            for product_id, quantity in request.session.get(
                CART_SESSION_KEY, {}
            ).items()
        }

    def _prm_save_cart(self, cart):
        request.session[CART_SESSION_KEY] = {
            str(product_id): quantity for product_id, quantity in cart.items()
        }

    def _prm_quantity(self, value):
        try:
            quantity = float(value)
        except (TypeError, ValueError):
            raise UserError(request.env._("Quantity: enter a number.")) from None
        if quantity < 0 or quantity > MAX_QUANTITY:
            raise UserError(
                request.env._(
                    "Quantity: enter a number between 0 and %(max)s.",
                    max=MAX_QUANTITY,
                )
            )
        return quantity

    # Catalog ------------------------------------------------------------------

    @http.route(
        ["/my/catalog", "/my/catalog/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_catalog(
        self, page=1, sortby="name", search=None, filterby="all", **kw
    ):
        company = channel_partner()
        if not company:
            raise request.not_found()
        env = request.env
        sortings = {
            "name": {"label": env._("Name"), "order": "name, id"},
            "code": {"label": env._("Reference"), "order": "default_code, id"},
            "category": {"label": env._("Category"), "order": "categ_id, name, id"},
        }
        sortby = sortby if sortby in sortings else "name"
        domain = self._prm_catalog_domain(company)
        categories = (
            self._prm_catalog()
            .env["product.category"]
            .union(
                *(
                    category
                    for (category,) in self._prm_catalog()._read_group(
                        domain, groupby=["categ_id"]
                    )
                )
            )
            .sorted("complete_name")
        )
        filters = {"all": {"label": env._("All Categories")}}
        filters.update(
            {
                str(category.id): {"label": category.display_name}
                for category in categories
            }
        )
        filterby = filterby if filterby in filters else "all"
        if filterby != "all":
            domain.append(("categ_id", "=", int(filterby)))
        if search:
            domain += [
                "|",
                ("name", "ilike", search),
                ("default_code", "ilike", search),
            ]
        Product = self._prm_catalog()
        url_args = {"sortby": sortby, "search": search or "", "filterby": filterby}
        pager = portal_pager(
            url="/my/catalog",
            url_args={k: v for k, v in url_args.items() if v},
            total=Product.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        products = Product.search(
            domain,
            order=sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "prm_catalog",
                "products": products,
                "prices": self._prm_prices(company, products),
                "pricelist": company.sudo().property_product_pricelist,
                "searchbar_filters": filters,
                "filterby": filterby,
                "searchbar_inputs": {
                    "all": {"input": "all", "label": env._("Name or Reference")}
                },
                "search_in": "all",
                "search": search or "",
                "pager": pager,
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "default_url": "/my/catalog",
                "cart_count": len(self._prm_cart()),
                "prm_error": request.session.pop("prm_portal_error", None),
                "prm_message": request.session.pop("prm_portal_message", None),
            }
        )
        return request.render("partner_relationship_portal.portal_my_catalog", values)

    @http.route(
        "/my/cart/add", type="http", auth="user", website=True, methods=["POST"]
    )
    def portal_cart_add(self, product_id=None, quantity=1, back=None, **kw):
        company = channel_partner()
        if not company:
            raise request.not_found()
        back = back if (back or "").startswith("/my/catalog") else "/my/catalog"
        product = self._prm_catalog().search(
            [
                ("id", "=", int(product_id) if (product_id or "").isdigit() else 0),
                *self._prm_catalog_domain(company),
            ]
        )
        if not product:
            return redirect_with(
                back, error=request.env._("Product: choose one from the catalog.")
            )
        try:
            quantity = self._prm_quantity(quantity)
        except UserError as error:
            return redirect_with(back, error=str(error))
        if quantity:
            cart = self._prm_cart()
            cart[product.id] = min(cart.get(product.id, 0) + quantity, MAX_QUANTITY)
            self._prm_save_cart(cart)
        return redirect_with(
            back,
            message=request.env._(
                "%(product)s added to the cart.", product=product.display_name
            ),
        )

    # Cart -----------------------------------------------------------------------

    @http.route("/my/cart", type="http", auth="user", website=True, methods=["GET"])
    def portal_my_cart(self, **kw):
        company = channel_partner()
        if not company:
            raise request.not_found()
        return self._prm_render_cart(company)

    def _prm_cart_lines(self, company):
        """[(product, quantity, unit price)] of the cart, leaving out products
        that left the catalog since they were added."""
        cart = self._prm_cart()
        products = self._prm_catalog().search(
            [("id", "in", list(cart)), *self._prm_catalog_domain(company)],
            order="name, id",
        )
        prices = self._prm_prices(company, products)
        return [(product, cart[product.id], prices[product.id]) for product in products]

    def _prm_render_cart(self, company, post=None, error=None, status=200):
        lines = self._prm_cart_lines(company)
        env = request.env
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "prm_cart",
                "lines": lines,
                "total": sum(quantity * price for __, quantity, price in lines),
                "currency": company.sudo().property_product_pricelist.currency_id
                or env.company.currency_id,
                # The company's own customers, found by ownership.
                "customers": env["res.partner"]
                .sudo()
                .search([("end_customer_of_id", "=", company.id)], order="name"),
                "countries": env["res.country"].sudo().search([]),
                # Opportunities the partner may order for, with its own rights.
                "opportunities": env["crm.lead"].search(
                    [("type", "=", "opportunity"), ("active", "=", True)],
                    order="id desc",
                    limit=50,
                ),
                "post": post or {},
                "error": error or request.session.pop("prm_portal_error", None),
                "prm_message": request.session.pop("prm_portal_message", None),
            }
        )
        return request.render(
            "partner_relationship_portal.portal_my_cart", values, status=status
        )

    @http.route(
        "/my/cart/update", type="http", auth="user", website=True, methods=["POST"]
    )
    def portal_cart_update(self, **post):
        if not channel_partner():
            raise request.not_found()
        cart = self._prm_cart()
        try:
            for product_id in list(cart):
                field = f"quantity_{product_id}"
                if field in post:
                    cart[product_id] = self._prm_quantity(post[field])
        except UserError as error:
            return redirect_with("/my/cart", error=str(error))
        self._prm_save_cart({k: v for k, v in cart.items() if v > 0})
        return redirect_with("/my/cart", message=request.env._("Cart updated."))

    @http.route(
        "/my/cart/order", type="http", auth="user", website=True, methods=["POST"]
    )
    def portal_cart_order(self, **post):
        company = channel_partner()
        if not company:
            raise request.not_found()
        lines = self._prm_cart_lines(company)
        try:
            if not lines:
                raise UserError(request.env._("Cart: add products from the catalog."))
            customer = self._prm_end_customer(company, post)
            order = (
                request.env["sale.order"]
                ._prm_create_indirect_order(
                    company,
                    customer,
                    [(product, quantity) for product, quantity, __ in lines],
                    delivery_address=customer
                    if post.get("deliver_to") == "customer"
                    else None,
                    opportunity=self._prm_opportunity(post.get("opportunity_id")),
                    client_order_ref=(post.get("client_order_ref") or "").strip()[:100]
                    or None,
                )
                .sudo()
            )
            order.action_confirm()
        except (UserError, ValidationError, AccessError) as error:
            request.env.cr.rollback()
            return self._prm_render_cart(company, post, str(error), status=400)
        self._prm_save_cart({})
        return request.redirect(order.get_portal_url())

    def _prm_end_customer(self, company, post):
        """The chosen customer of the company, or a new one from the form."""
        env = request.env
        if (post.get("end_customer_id") or "").isdigit():
            customer = (
                env["res.partner"].sudo().browse(int(post["end_customer_id"])).exists()
            )
            if customer.end_customer_of_id != company:
                raise UserError(env._("End Customer: choose one of your customers."))
            return customer
        values = {
            name: (post.get(f"customer_{name}") or "").strip()
            for name in NEW_CUSTOMER_FIELDS
        }
        if not values["name"]:
            raise UserError(
                env._("End Customer: choose one or enter the new customer's name.")
            )
        country = post.get("customer_country_id") or ""
        if country.isdigit():
            values["country_id"] = (
                env["res.country"].sudo().browse(int(country)).exists().id
            )
        return env["res.partner"]._prm_partner_create_end_customer(
            company, {k: v for k, v in values.items() if v}
        )

    def _prm_opportunity(self, opportunity_id):
        """One of the company's opportunities, read with the user's rights."""
        if not (opportunity_id or "").isdigit():
            return None
        opportunity = request.env["crm.lead"].search([("id", "=", int(opportunity_id))])
        if not opportunity:
            raise UserError(request.env._("Opportunity: choose one of yours."))
        return opportunity
