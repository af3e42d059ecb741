# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from .common import MAX_UPLOAD_BYTES, channel_partner, own_record, read_uploads


class ServicePortal(CustomerPortal):
    """Warranty claims and inventory sharing of the user's company."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        for counter, model in (
            ("prm_warranty_count", "prm.warranty.claim"),
            ("prm_inventory_count", "prm.vmi.upload"),
        ):
            if counter in counters:
                Model = request.env[model]
                values[counter] = (
                    Model.search_count([]) if Model.has_access("read") else 0
                )
        return values

    # Warranty claims --------------------------------------------------------------

    @http.route(
        ["/my/warranty", "/my/warranty/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_warranty_claims(self, page=1, sortby="date", **kw):
        Claim = request.env["prm.warranty.claim"]
        env = request.env
        sortings = {
            "date": {"label": env._("Newest"), "order": "id desc"},
            "state": {"label": env._("Status"), "order": "state, id desc"},
            "warranty": {"label": env._("Warranty End"), "order": "warranty_end, id"},
        }
        sortby = sortby if sortby in sortings else "date"
        pager = portal_pager(
            url="/my/warranty",
            url_args={"sortby": sortby},
            total=Claim.search_count([]),
            page=page,
            step=self._items_per_page,
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "prm_warranty",
                # Searched with the user's rights, shown with the products'
                # names (portal users do not read products).
                "claims": Claim.search(
                    [],
                    order=sortings[sortby]["order"],
                    limit=self._items_per_page,
                    offset=pager["offset"],
                ).sudo(),
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "pager": pager,
                "default_url": "/my/warranty",
            }
        )
        return request.render(
            "partner_relationship_portal.portal_my_warranty_claims", values
        )

    @http.route("/my/warranty/<int:claim_id>", type="http", auth="user", website=True)
    def portal_my_warranty_claim(self, claim_id, access_token=None, **kw):
        try:
            claim = self._document_check_access(
                "prm.warranty.claim", claim_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "prm_warranty", "claim": claim})
        return request.render(
            "partner_relationship_portal.portal_my_warranty_claim", values
        )

    def _prm_claim_form(self, company, post=None, error=None, status=200):
        """The form offers the products the company bought from the vendor."""
        lines = (
            request.env["sale.order.line"]
            .sudo()
            .search(
                [
                    ("order_id.partner_id", "child_of", company.id),
                    ("order_id.state", "=", "sale"),
                ]
            )
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "prm_warranty",
                "products": lines.product_id,
                "customers": request.env["res.partner"]
                .sudo()
                .search([("end_customer_of_id", "=", company.id)]),
                "post": post or {},
                "error": error,
            }
        )
        return request.render(
            "partner_relationship_portal.portal_warranty_claim_form",
            values,
            status=status,
        )

    @http.route(
        "/my/warranty/new", type="http", auth="user", website=True, methods=["GET"]
    )
    def portal_warranty_claim_new(self, **kw):
        company = channel_partner()
        if not company:
            raise request.not_found()
        return self._prm_claim_form(company)

    @http.route(
        "/my/warranty/new", type="http", auth="user", website=True, methods=["POST"]
    )
    def portal_warranty_claim_submit(self, **post):
        company = channel_partner()
        if not company:
            raise request.not_found()
        form = {
            name: (post.get(name) or "").strip()
            for name in (
                "product_id",
                "lot",
                "purchase_date",
                "end_customer_id",
                "problem",
            )
        }
        files = request.httprequest.files.getlist("attachments")
        try:
            values = self._prm_claim_values(form)
            attachments = read_uploads(files)
            claim = request.env["prm.warranty.claim"]._prm_partner_create(
                company, values
            )
            claim.action_submit()
        except (UserError, ValueError) as error:
            request.env.cr.rollback()
            message = (
                str(error)
                if isinstance(error, UserError)
                else request.env._("Check the product and the dates.")
            )
            return self._prm_claim_form(company, form, message, status=400)
        request.env["ir.attachment"].sudo().create(
            [
                {
                    "name": name,
                    "raw": content,
                    "res_model": claim._name,
                    "res_id": claim.id,
                }
                for name, content in attachments
            ]
        )
        return request.redirect(f"/my/warranty/{claim.id}")

    def _prm_claim_values(self, form):
        env = request.env
        if not form["product_id"].isdigit():
            raise UserError(env._("Product: choose the product from the list."))
        if not form["problem"]:
            raise UserError(env._("Problem: describe what is wrong."))
        values = {"product_id": int(form["product_id"]), "problem": form["problem"]}
        if form["lot"]:
            values["lot_id"] = form["lot"]
        if form["purchase_date"]:
            values["purchase_date"] = fields.Date.to_date(form["purchase_date"])
        if form["end_customer_id"].isdigit():
            company = channel_partner()
            customer = env["res.partner"].sudo().browse(int(form["end_customer_id"]))
            if customer.end_customer_of_id != company:
                raise UserError(env._("End Customer: choose one of your customers."))
            values["end_customer_id"] = customer.id
        return values

    # Inventory sharing --------------------------------------------------------------

    @http.route("/my/inventory", type="http", auth="user", website=True)
    def portal_my_inventory(self, **kw):
        if not channel_partner():
            raise request.not_found()
        env = request.env
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "prm_inventory",
                # Searched with the user's rights, shown with the products'
                # names (portal users do not read products).
                "uploads": env["prm.vmi.upload"].search([], limit=20).sudo(),
                "proposals": env["prm.vmi.proposal"]
                .search([("state", "=", "proposed")], limit=50)
                .sudo(),
            }
        )
        return request.render("partner_relationship_portal.portal_my_inventory", values)

    @http.route("/my/inventory/template.csv", type="http", auth="user", website=True)
    def portal_inventory_template(self, **kw):
        content = request.env["prm.vmi.upload"]._template_csv()
        return request.make_response(
            content,
            headers=[
                ("Content-Type", "text/csv; charset=utf-8"),
                ("Content-Disposition", 'attachment; filename="inventory.csv"'),
            ],
        )

    @http.route(
        "/my/inventory/upload",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_inventory_upload(self, file=None, import_valid_rows=None, **kw):
        company = channel_partner()
        if not company:
            raise request.not_found()
        content = file.read(MAX_UPLOAD_BYTES + 1) if file else b""
        try:
            if len(content) > MAX_UPLOAD_BYTES:
                raise UserError(request.env._("The file is larger than 10 MB."))
            upload = request.env["prm.vmi.upload"]._prm_partner_upload(
                company,
                file.filename if file else "",
                content,
                import_valid_rows=bool(import_valid_rows),
            )
        except UserError as error:
            request.env.cr.rollback()
            values = self._prepare_portal_layout_values()
            values.update({"page_name": "prm_inventory", "error": str(error)})
            return request.render(
                "partner_relationship_portal.portal_inventory_error", values, status=400
            )
        return request.redirect(f"/my/inventory/{upload.id}")

    @http.route("/my/inventory/<int:upload_id>", type="http", auth="user", website=True)
    def portal_inventory_upload_page(self, upload_id, **kw):
        upload = own_record("prm.vmi.upload", upload_id)
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "prm_inventory", "upload": upload})
        return request.render(
            "partner_relationship_portal.portal_inventory_upload", values
        )
