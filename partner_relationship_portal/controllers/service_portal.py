# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from .common import (
    MAX_UPLOAD_BYTES,
    PrmPortal,
    channel_partner,
    own_end_customer,
    parse_date,
    parse_id,
    read_uploads,
    upload_names,
)


class ServicePortal(PrmPortal):
    """Warranty claims and inventory sharing of the user's company."""

    # Warranty claims --------------------------------------------------------------

    def _get_warranty_searchbar_sortings(self):
        env = request.env
        return {
            "date": {"label": env._("Newest"), "order": "id desc"},
            "state": {"label": env._("Status"), "order": "state, id desc"},
            "warranty": {"label": env._("Warranty End"), "order": "warranty_end, id"},
        }

    def _prepare_warranty_portal_rendering_values(self, page=1, sortby=None, **kw):
        Claim = request.env["prm.warranty.claim"]
        searchbar_sortings = self._get_warranty_searchbar_sortings()
        sortby = sortby if sortby in searchbar_sortings else "date"
        claims, pager = self._prm_list(
            Claim,
            [],
            "/my/warranty",
            page,
            searchbar_sortings[sortby]["order"],
            {"sortby": sortby},
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "prm_warranty",
                # Searched with the user's rights, shown with the products'
                # names (portal users do not read products).
                "claims": claims.sudo(),
                "searchbar_sortings": searchbar_sortings,
                "sortby": sortby,
                "pager": pager,
                "default_url": "/my/warranty",
            }
        )
        return values

    @http.route(
        ["/my/warranty", "/my/warranty/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_warranty_claims(self, **kw):
        values = self._prepare_warranty_portal_rendering_values(**kw)
        request.session["my_warranty_claims_history"] = values["claims"].ids[:100]
        return request.render(
            "partner_relationship_portal.portal_my_warranty_claims", values
        )

    # Read/write, not on the replica: Odoo's records pager
    # (_get_page_view_values) gives the previous and next records an access
    # token the first time it links them, a write.
    @http.route("/my/warranty/<int:claim_id>", type="http", auth="user", website=True)
    def portal_my_warranty_claim(self, claim_id, access_token=None, **kw):
        try:
            claim = self._document_check_access(
                "prm.warranty.claim", claim_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            claim,
            access_token,
            {"page_name": "prm_warranty", "claim": claim},
            "my_warranty_claims_history",
            False,
        )
        return request.render(
            "partner_relationship_portal.portal_my_warranty_claim", values
        )

    def _prm_claim_form(
        self, company, post=None, error=None, status=200, file_names=()
    ):
        """The form offers the products the company bought from the vendor;
        refused, it shows what was posted, and the names of the files that
        were attached (a browser cannot fill in a file field)."""
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
                "page_name": "prm_warranty_new",
                "products": lines.product_id,
                "customers": request.env["res.partner"]
                .sudo()
                .search([("end_customer_of_id", "=", company.id)]),
                "post": post or {},
                "error": error,
                "file_names": file_names,
            }
        )
        return request.render(
            "partner_relationship_portal.portal_warranty_claim_form",
            values,
            status=status,
        )

    @http.route(
        "/my/warranty/new",
        type="http",
        auth="user",
        website=True,
        methods=["GET"],
        readonly=True,
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
            with request.env.cr.savepoint():
                attachments = read_uploads(files)
                claim = request.env["prm.warranty.claim"]._prm_partner_create(
                    company, self._prm_claim_values(company, form)
                )
                claim.action_submit()
        except UserError as error:
            return self._prm_claim_form(
                company,
                form,
                str(error),
                status=400,
                file_names=upload_names(files),
            )
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
        return request.redirect(claim.access_url)

    def _prm_claim_values(self, company, form):
        env = request.env
        try:
            product_id = parse_id(form["product_id"], env._("Product"), required=True)
        except UserError:
            raise UserError(
                env._("Product: choose the product from the list.")
            ) from None
        if not form["problem"]:
            raise UserError(env._("Problem: describe what is wrong."))
        values = {"product_id": product_id, "problem": form["problem"]}
        if form["lot"]:
            values["lot_id"] = form["lot"]
        purchase_date = parse_date(form["purchase_date"], env._("Purchase Date"))
        if purchase_date:
            values["purchase_date"] = purchase_date
        customer = own_end_customer(company, form["end_customer_id"])
        if customer:
            values["end_customer_id"] = customer.id
        return values

    # Inventory sharing --------------------------------------------------------------

    @http.route("/my/inventory", type="http", auth="user", website=True, readonly=True)
    def portal_my_inventory(self, **kw):
        if not channel_partner():
            raise request.not_found()
        env = request.env
        uploads = env["prm.vmi.upload"].search([], limit=20).sudo()
        request.session["my_inventory_uploads_history"] = uploads.ids
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "prm_inventory",
                # Searched with the user's rights, shown with the products'
                # names (portal users do not read products).
                "uploads": uploads,
                "proposals": env["prm.vmi.proposal"]
                .search([("state", "=", "proposed")], limit=50)
                .sudo(),
            }
        )
        return request.render("partner_relationship_portal.portal_my_inventory", values)

    @http.route(
        "/my/inventory/template.csv",
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
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
        if not hasattr(file, "read"):  # posted as a text field, or not at all
            file = None
        content = file.read(MAX_UPLOAD_BYTES + 1) if file else b""
        try:
            if len(content) > MAX_UPLOAD_BYTES:
                raise UserError(request.env._("The file is larger than 10 MB."))
            with request.env.cr.savepoint():
                upload = request.env["prm.vmi.upload"]._prm_partner_upload(
                    company,
                    file.filename if file else "",
                    content,
                    import_valid_rows=bool(import_valid_rows),
                )
        except UserError as error:
            values = self._prepare_portal_layout_values()
            values.update({"page_name": "prm_inventory_upload", "error": str(error)})
            return request.render(
                "partner_relationship_portal.portal_inventory_error", values, status=400
            )
        return request.redirect(upload.access_url)

    # Read/write, not on the replica: Odoo's records pager
    # (_get_page_view_values) gives the previous and next records an access
    # token the first time it links them, a write.
    @http.route("/my/inventory/<int:upload_id>", type="http", auth="user", website=True)
    def portal_inventory_upload_page(self, upload_id, access_token=None, **kw):
        try:
            upload = self._document_check_access(
                "prm.vmi.upload", upload_id, access_token
            )
        except (AccessError, MissingError):
            raise request.not_found() from None
        values = self._get_page_view_values(
            upload,
            access_token,
            {"page_name": "prm_inventory_upload", "upload": upload},
            "my_inventory_uploads_history",
            False,
        )
        return request.render(
            "partner_relationship_portal.portal_inventory_upload", values
        )
