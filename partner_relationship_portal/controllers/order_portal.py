# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import re
from urllib.parse import parse_qsl, urlsplit

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.partner_relationship.models.res_partner import END_CUSTOMER_FIELDS

from .common import (
    MAX_ID,
    PrmPortal,
    channel_partner,
    get_reads_only,
    message_url,
    own_end_customer,
    parse_float,
    parse_id,
)

CART_SESSION_KEY = "prm_cart"
MAX_QUANTITY = 100000
# The form's text fields of a new end customer (the country is a choice).
NEW_CUSTOMER_FIELDS = END_CUSTOMER_FIELDS - {"country_id"}
CATALOG_PAGE = re.compile(r"/my/catalog(?:/page/([0-9]+))?/?")


class OrderPortal(PrmPortal):
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
        """{product id: quantity} kept in the session; anything else found
        there (a cart of an older version) is left out."""
        cart = request.session.get(CART_SESSION_KEY)
        if not isinstance(cart, dict):
            return {}
        lines = {}
        for product_id, quantity in cart.items():
            try:
                product_id = parse_id(product_id, "product_id", required=True)
                quantity = parse_float(quantity, "quantity", 0, MAX_QUANTITY)
            except UserError:
                continue
            if quantity:
                lines[product_id] = quantity
        return lines

    def _prm_save_cart(self, cart):
        request.session[CART_SESSION_KEY] = {
            str(product_id): quantity for product_id, quantity in cart.items()
        }

    def _prm_quantity(self, value):
        """A quantity of the cart: a number from 0 to MAX_QUANTITY."""
        return parse_float(
            value, request.env._("Quantity"), 0, MAX_QUANTITY, required=True
        )

    # Catalog ------------------------------------------------------------------

    def _get_catalog_searchbar_sortings(self):
        env = request.env
        return {
            "name": {"label": env._("Name"), "order": "name, id"},
            "code": {"label": env._("Reference"), "order": "default_code, id"},
            "category": {"label": env._("Category"), "order": "categ_id, name, id"},
        }

    def _get_catalog_searchbar_filters(self, company):
        """All categories, then one filter per category of the catalog."""
        categories = (
            self._prm_catalog()
            .env["product.category"]
            .union(
                *(
                    category
                    for (category,) in self._prm_catalog()._read_group(
                        self._prm_catalog_domain(company), groupby=["categ_id"]
                    )
                )
            )
            .sorted("complete_name")
        )
        filters = {"all": {"label": request.env._("All Categories"), "domain": []}}
        filters.update(
            {
                str(category.id): {
                    "label": category.display_name,
                    "domain": [("categ_id", "=", category.id)],
                }
                for category in categories
            }
        )
        return filters

    def _prepare_catalog_portal_rendering_values(
        self,
        company,
        page=1,
        sortby=None,
        search=None,
        filterby=None,
        message=None,
        product_id=None,
        error=None,
        back=None,
        **kw,
    ):
        env = request.env
        searchbar_sortings = self._get_catalog_searchbar_sortings()
        sortby = sortby if sortby in searchbar_sortings else "name"
        searchbar_filters = self._get_catalog_searchbar_filters(company)
        filterby = filterby if filterby in searchbar_filters else "all"
        search = (search or "").strip()
        domain = [
            *self._prm_catalog_domain(company),
            *searchbar_filters[filterby]["domain"],
        ]
        if search:
            domain += [
                "|",
                ("name", "ilike", search),
                ("default_code", "ilike", search),
            ]
        Product = self._prm_catalog()
        url_args = {"sortby": sortby, "search": search, "filterby": filterby}
        products, pager = self._prm_list(
            Product,
            domain,
            "/my/catalog",
            page,
            searchbar_sortings[sortby]["order"],
            url_args,
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "prm_catalog",
                "products": products,
                "prices": self._prm_prices(company, products),
                "pricelist": company.sudo().property_product_pricelist,
                "searchbar_filters": searchbar_filters,
                "filterby": filterby,
                "searchbar_inputs": {
                    "all": {"input": "all", "label": env._("Name or Reference")}
                },
                "search_in": "all",
                "search": search,
                "pager": pager,
                "searchbar_sortings": searchbar_sortings,
                "sortby": sortby,
                "default_url": "/my/catalog",
                "cart_count": len(self._prm_cart()),
                "prm_back": back,
                "prm_error": error,
                "prm_message": self._prm_catalog_message(company, message, product_id),
            }
        )
        return values

    def _prm_catalog_message(self, company, message, product_id):
        if message != "added":
            return None
        try:
            product_id = parse_id(product_id, "product_id")
        except UserError:
            return None
        product = self._prm_catalog().search(
            [("id", "=", product_id or 0), *self._prm_catalog_domain(company)]
        )
        return product and request.env._(
            "%(product)s added to the cart.", product=product.display_name
        )

    @http.route(
        ["/my/catalog", "/my/catalog/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=get_reads_only,
    )
    def portal_my_catalog(self, page=1, sortby=None, search=None, filterby=None, **kw):
        company = channel_partner()
        if not company:
            raise request.not_found()
        values = self._prepare_catalog_portal_rendering_values(
            company,
            page=page,
            sortby=sortby,
            search=search,
            filterby=filterby,
            message=kw.get("message"),
            product_id=kw.get("product_id"),
        )
        return request.render("partner_relationship_portal.portal_my_catalog", values)

    @http.route(
        "/my/cart/add", type="http", auth="user", website=True, methods=["POST"]
    )
    def portal_cart_add(self, product_id=None, quantity=1, back=None, **kw):
        """Add to the cart, back to the catalog page the form was on (its
        search, filter and page), with the result; an error shows that page
        again with the reason."""
        company = channel_partner()
        if not company:
            raise request.not_found()
        parts = urlsplit(back or "")
        back = (
            parts._replace(scheme="", netloc="", fragment="").geturl()
            if not (parts.scheme or parts.netloc) and CATALOG_PAGE.fullmatch(parts.path)
            else "/my/catalog"
        )
        env = request.env
        try:
            product = self._prm_catalog().search(
                [
                    ("id", "=", parse_id(product_id, env._("Product")) or 0),
                    *self._prm_catalog_domain(company),
                ]
            )
            if not product:
                raise UserError(env._("Product: choose one from the catalog."))
            quantity = self._prm_quantity(quantity)
        except UserError as error:
            values = self._prepare_catalog_portal_rendering_values(
                company, error=str(error), back=back, **self._prm_catalog_args(back)
            )
            return request.render(
                "partner_relationship_portal.portal_my_catalog", values, status=400
            )
        if quantity:
            cart = self._prm_cart()
            cart[product.id] = min(cart.get(product.id, 0) + quantity, MAX_QUANTITY)
            self._prm_save_cart(cart)
        return request.redirect(message_url(back, "added", product_id=product.id))

    def _prm_catalog_args(self, back):
        """The page, search, filter and sorting of a catalog URL."""
        parts = urlsplit(back)
        page = CATALOG_PAGE.fullmatch(parts.path)
        args = {
            name: value
            for name, value in parse_qsl(parts.query)
            if name in ("sortby", "search", "filterby")
        }
        if page and page.group(1):
            args["page"] = page.group(1) if int(page.group(1)) <= MAX_ID else 1
        return args

    # Cart -----------------------------------------------------------------------

    @http.route(
        "/my/cart",
        type="http",
        auth="user",
        website=True,
        methods=["GET"],
        readonly=get_reads_only,
    )
    def portal_my_cart(self, message=None, opportunity_id=None, **kw):
        """The cart and the order form; ?opportunity_id= (one of the user's
        opportunities) fills in the form's customer from it."""
        company = channel_partner()
        if not company:
            raise request.not_found()
        return self._prm_render_cart(
            company,
            message=request.env._("Cart updated.") if message == "updated" else None,
            opportunity_id=opportunity_id,
        )

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

    def _prm_render_cart(
        self,
        company,
        post=None,
        error=None,
        message=None,
        status=200,
        opportunity_id=None,
    ):
        lines = self._prm_cart_lines(company)
        env = request.env
        # The company's own customers, found by ownership.
        customers = (
            env["res.partner"]
            .sudo()
            .search([("end_customer_of_id", "=", company.id)], order="name")
        )
        # Opportunities the partner may order for, with its own rights.
        opportunities = env["crm.lead"].search(
            [("type", "=", "opportunity"), ("active", "=", True)],
            order="id desc",
            limit=50,
        )
        opportunity_customers = self._prm_opportunity_customers(
            opportunities, customers
        )
        if post is None:
            try:
                chosen = parse_id(opportunity_id, env._("Opportunity"))
            except UserError:
                chosen = None
            if chosen in opportunity_customers:
                post = {
                    "opportunity_id": str(chosen),
                    **opportunity_customers[chosen],
                }
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "prm_cart",
                "lines": lines,
                "total": sum(quantity * price for __, quantity, price in lines),
                "currency": company.sudo().property_product_pricelist.currency_id
                or env.company.currency_id,
                "customers": customers,
                "countries": env["res.country"].sudo().search([]),
                "opportunities": opportunities,
                # What choosing each opportunity fills in (JSON, for the form).
                "opportunity_customers": {
                    opportunity_id: json.dumps(values)
                    for opportunity_id, values in opportunity_customers.items()
                },
                "post": post or {},
                "error": error,
                "prm_message": message,
            }
        )
        return request.render(
            "partner_relationship_portal.portal_my_cart", values, status=status
        )

    @http.route(
        "/my/cart/update", type="http", auth="user", website=True, methods=["POST"]
    )
    def portal_cart_update(self, **post):
        company = channel_partner()
        if not company:
            raise request.not_found()
        cart = self._prm_cart()
        try:
            for product_id in list(cart):
                field = f"quantity_{product_id}"
                if field in post:
                    cart[product_id] = self._prm_quantity(post[field])
        except UserError as error:
            return self._prm_render_cart(company, post, str(error), status=400)
        self._prm_save_cart({k: v for k, v in cart.items() if v > 0})
        return request.redirect(message_url("/my/cart", "updated"))

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
            with request.env.cr.savepoint():
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
                        client_order_ref=(post.get("client_order_ref") or "").strip()[
                            :100
                        ]
                        or None,
                    )
                    .sudo()
                )
                order.action_confirm()
        except UserError as error:
            return self._prm_render_cart(company, post, str(error), status=400)
        self._prm_save_cart({})
        return request.redirect(order.get_portal_url())

    def _prm_opportunity_customers(self, opportunities, customers):
        """{opportunity id: the order form's customer fields} for the user's
        `opportunities` (read with its rights): the company's own customer
        (among `customers`) the opportunity's customer is, or has the name
        of; else the opportunity's customer as a new customer of the form.
        The opportunity's customer contact is read as superuser only for its
        company's name and tax id."""
        by_id = {customer.id: customer for customer in customers}
        by_name = {customer.name.casefold(): customer for customer in customers}
        prefilled = {}
        for opportunity in opportunities:
            contact = opportunity.sudo().partner_id.commercial_partner_id
            name = (opportunity.partner_name or contact.name or "").strip()
            customer = by_id.get(contact.id) or by_name.get(name.casefold())
            values = dict.fromkeys(
                (f"customer_{field}" for field in NEW_CUSTOMER_FIELDS), ""
            )
            values["customer_country_id"] = ""
            if customer:
                values["end_customer_id"] = str(customer.id)
            elif name:
                values.update(
                    end_customer_id="",
                    customer_name=name,
                    customer_email=opportunity.email_from or "",
                    customer_phone=opportunity.phone or "",
                    customer_vat=contact.vat or "",
                    customer_street=opportunity.street or "",
                    customer_zip=opportunity.zip or "",
                    customer_city=opportunity.city or "",
                    customer_country_id=str(opportunity.country_id.id or ""),
                )
            else:
                continue
            prefilled[opportunity.id] = values
        return prefilled

    def _prm_end_customer(self, company, post):
        """The chosen customer of the company, or a new one from the form."""
        env = request.env
        customer = own_end_customer(company, post.get("end_customer_id"))
        if customer:
            return customer
        values = {
            name: (post.get(f"customer_{name}") or "").strip()
            for name in NEW_CUSTOMER_FIELDS
        }
        if not values["name"]:
            raise UserError(
                env._("End Customer: choose one or enter the new customer's name.")
            )
        country_id = parse_id(post.get("customer_country_id"), env._("Country"))
        if country_id:
            values["country_id"] = (
                env["res.country"].sudo().browse(country_id).exists().id
            )
        return env["res.partner"]._prm_partner_create_end_customer(
            company, {k: v for k, v in values.items() if v}
        )

    def _prm_opportunity(self, opportunity_id):
        """One of the company's opportunities, read with the user's rights."""
        env = request.env
        opportunity_id = parse_id(opportunity_id, env._("Opportunity"))
        if not opportunity_id:
            return None
        opportunity = env["crm.lead"].search([("id", "=", opportunity_id)])
        if not opportunity:
            raise UserError(env._("Opportunity: choose one of yours."))
        return opportunity
