# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import csv
import datetime
import hashlib
import io
import json

import openpyxl

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .prm_vmi_report import VMI_KINDS

COLUMNS = ("type", "product_code", "location", "date_from", "date_to", "quantity")
KIND_ALIASES = {
    "stock": "stock",
    "sales": "sales",
    "sell-through": "sales",
    "sellthrough": "sales",
    "forecast": "forecast",
}


class PrmVmiUpload(models.Model):
    """One file (or sync message) of inventory figures shared by a partner.

    Rows are checked one by one; a file with errors imports nothing unless
    the user chooses to import its valid rows. The same content uploaded
    twice by a partner changes nothing the second time.
    """

    _name = "prm.vmi.upload"
    _description = "Shared Inventory Upload"
    _inherit = [
        "prm.partner.record.mixin",
        "prm.partner.company.mixin",
        "portal.mixin",
    ]
    _order = "id desc"

    name = fields.Char(string="File", required=True)
    checksum = fields.Char(required=True, index=True)
    state = fields.Selection(
        [("imported", "Imported"), ("failed", "Not Imported")],
        required=True,
        readonly=True,
    )
    row_count = fields.Integer(string="Rows", readonly=True)
    imported_count = fields.Integer(string="Rows Imported", readonly=True)
    errors = fields.Json(string="Error Details", readonly=True, help="[{row, message}]")
    error_count = fields.Integer(readonly=True)
    error_text = fields.Text(string="Errors", compute="_compute_error_text")
    report_ids = fields.One2many("prm.vmi.report", "upload_id", string="Figures")

    def _compute_access_url(self):
        for upload in self:
            upload.access_url = f"/my/inventory/{upload.id}"

    def init(self):
        # The same content is imported once per partner (failed attempts do
        # not count).
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS prm_vmi_upload_imported_unique "
                "ON prm_vmi_upload (partner_id, checksum) WHERE state = 'imported'"
            )
        )

    @api.depends("errors")
    def _compute_error_text(self):
        for upload in self:
            upload.error_text = "\n".join(
                self.env._("Row %(row)s: %(message)s", **error)
                for error in upload.errors or []
            )

    # Partner side ---------------------------------------------------------------

    @api.model
    def _prm_partner_upload(self, partner, filename, content, import_valid_rows=False):
        """Import a CSV or XLSX file of figures for a partner (portal)."""
        if not content:
            raise UserError(self.env._("The file is empty."))
        rows = self._parse_file(filename or "", content)
        return self._prm_partner_share(
            partner,
            rows,
            name=filename,
            checksum=hashlib.sha256(content).hexdigest(),
            import_valid_rows=import_valid_rows,
        )

    @api.model
    def _prm_partner_share(
        self, partner, rows, name=None, checksum=None, import_valid_rows=False
    ):
        """Import rows (dicts with the keys of COLUMNS) for a partner: the
        portal's files and the sync's messages end here."""
        env, partner = self.env.user._prm_acting_for(partner)
        Upload = self.with_env(env)
        if checksum is None:
            checksum = hashlib.sha256(
                json.dumps(rows, sort_keys=True, default=str).encode()
            ).hexdigest()
        previous = Upload.search(
            [
                ("partner_id", "=", partner.id),
                ("checksum", "=", checksum),
                ("state", "=", "imported"),
            ],
            limit=1,
        )
        if previous:
            return previous
        # The upload's company (prm.partner.company.mixin): its products.
        values, errors = Upload._validate(rows, partner.company_id or env.company)
        state = "failed" if errors and not import_valid_rows else "imported"
        upload = Upload.create(
            {
                "name": name or self.env._("Shared figures"),
                "partner_id": partner.id,
                "checksum": checksum,
                "state": state,
                "row_count": len(rows),
                "errors": errors,
                "error_count": len(errors),
            }
        )
        if state == "imported":
            upload._store(values)
        return upload

    # Parsing and checks ---------------------------------------------------------

    @api.model
    def _parse_file(self, filename, content):
        if filename.lower().endswith(".xlsx"):
            return self._parse_xlsx(content)
        if filename.lower().endswith((".csv", ".txt")):
            return self._parse_csv(content)
        raise UserError(
            self.env._("%(file)s: upload a .csv or .xlsx file.", file=filename)
        )

    @api.model
    def _parse_csv(self, content):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise UserError(
                self.env._("The file is not UTF-8 text: save it as CSV UTF-8.")
            ) from error
        # Spreadsheets export with commas, semicolons or tabs.
        first_line = text.split("\n", 1)[0]
        delimiter = max(",;\t", key=first_line.count)
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        return self._rows_from_table(list(reader))

    @api.model
    def _parse_xlsx(self, content):
        try:
            workbook = openpyxl.load_workbook(
                io.BytesIO(content), read_only=True, data_only=True
            )
        except Exception as error:
            raise UserError(
                self.env._("The file is not a readable XLSX workbook.")
            ) from error
        sheet = workbook.worksheets[0]
        return self._rows_from_table(
            [list(row) for row in sheet.iter_rows(values_only=True)]
        )

    @api.model
    def _rows_from_table(self, table):
        table = [row for row in table if any(cell not in (None, "") for cell in row)]
        if not table:
            raise UserError(self.env._("The file has no rows."))
        header = [str(cell or "").strip().lower() for cell in table[0]]
        missing = [column for column in COLUMNS if column not in header]
        if missing:
            raise UserError(
                self.env._(
                    "Missing column(s): %(columns)s. Download the template for "
                    "the expected columns.",
                    columns=", ".join(missing),
                )
            )
        index = {column: header.index(column) for column in COLUMNS}
        return [
            {
                column: (row[index[column]] if index[column] < len(row) else None)
                for column in COLUMNS
            }
            for row in table[1:]
        ]

    @api.model
    def _validate(self, rows, company):
        """Check every row; returns (values to store, [{row, message}]).
        Row numbers are the file's (the header is row 1). Product codes are
        those of ``company``'s products (and of the shared ones): another
        company may use the same code for a product of its own."""
        today = fields.Date.context_today(self)
        codes = {str(row.get("product_code") or "").strip() for row in rows}
        products = {
            product["default_code"]: product["id"]
            for product in self.env["product.product"]
            .sudo()
            .search_read(
                [
                    ("default_code", "in", list(codes)),
                    ("company_id", "in", [company.id, False]),
                ],
                ["default_code"],
            )
        }
        kinds = dict(VMI_KINDS)
        values, errors, seen = [], [], {}
        for number, row in enumerate(rows, start=2):
            problems = []
            kind = KIND_ALIASES.get(str(row.get("type") or "").strip().lower())
            if not kind:
                problems.append(
                    self.env._(
                        "type %(value)s is not stock, sales or forecast",
                        value=row.get("type"),
                    )
                )
            code = str(row.get("product_code") or "").strip()
            product_id = products.get(code)
            if not product_id:
                problems.append(
                    self.env._("unknown product code %(code)s", code=code or "-")
                )
            quantity = self._to_float(row.get("quantity"))
            if quantity is None:
                problems.append(
                    self.env._(
                        "quantity %(value)s is not a number", value=row.get("quantity")
                    )
                )
            elif quantity < 0:
                problems.append(
                    self.env._(
                        "quantity %(value)s is negative", value=row.get("quantity")
                    )
                )
            date_from = self._to_date(row.get("date_from"))
            date_to = self._to_date(row.get("date_to")) or date_from
            if not date_from:
                problems.append(
                    self.env._(
                        "date_from %(value)s is not a date (YYYY-MM-DD)",
                        value=row.get("date_from"),
                    )
                )
            elif date_to < date_from:
                problems.append(self.env._("date_to is before date_from"))
            elif kind in ("stock", "sales") and date_to > today:
                problems.append(
                    self.env._(
                        "%(kind)s dated %(date)s is in the future",
                        kind=kinds[kind],
                        date=date_to,
                    )
                )
            elif kind == "forecast" and date_to < today:
                problems.append(self.env._("a forecast must cover a future period"))
            location = str(row.get("location") or "").strip() or "-"
            key = (kind, product_id, location, date_from, date_to)
            if not problems and key in seen:
                problems.append(self.env._("same figure as row %(row)s", row=seen[key]))
            if problems:
                errors.append({"row": number, "message": "; ".join(problems)})
                continue
            seen[key] = number
            values.append(
                {
                    "kind": kind,
                    "product_id": product_id,
                    "location": location,
                    "date_from": date_from,
                    "date_to": date_to,
                    "quantity": quantity,
                }
            )
        return values, errors

    @staticmethod
    def _to_float(value):
        if isinstance(value, int | float):
            return float(value)
        try:
            return float(str(value).strip().replace(",", "."))
        except (TypeError, ValueError):
            return None

    @staticmethod
    def _to_date(value):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value).strip())
        except (TypeError, ValueError):
            return None

    def _store(self, values):
        """Store the figures; a figure shared again for the same product,
        location, kind and period replaces the previous one."""
        self.ensure_one()
        Report = self.env["prm.vmi.report"].sudo()
        if values:
            keys = [
                (
                    v["product_id"],
                    v["location"],
                    v["kind"],
                    v["date_from"],
                    v["date_to"],
                )
                for v in values
            ]
            self.env.cr.execute(
                SQL(
                    """
                    DELETE FROM prm_vmi_report report
                     USING unnest(%(products)s::int[], %(locations)s::varchar[],
                                  %(kinds)s::varchar[], %(froms)s::date[],
                                  %(tos)s::date[])
                           AS figure(product_id, location, kind, date_from, date_to)
                     WHERE report.partner_id = %(partner)s
                       AND report.product_id = figure.product_id
                       AND report.location = figure.location
                       AND report.kind = figure.kind
                       AND report.date_from = figure.date_from
                       AND report.date_to = figure.date_to
                    """,
                    partner=self.partner_id.id,
                    products=[key[0] for key in keys],
                    locations=[key[1] for key in keys],
                    kinds=[key[2] for key in keys],
                    froms=[key[3] for key in keys],
                    tos=[key[4] for key in keys],
                )
            )
            Report.invalidate_model()
            Report.create(
                [
                    {**value, "upload_id": self.id, "partner_id": self.partner_id.id}
                    for value in values
                ]
            )
        self.sudo().imported_count = len(values)

    @api.model
    def _template_csv(self):
        """The template partners fill in."""
        today = fields.Date.context_today(self)
        start = today.replace(day=1)
        previous = (start - datetime.timedelta(days=1)).replace(day=1)
        next_month = (start + datetime.timedelta(days=32)).replace(day=1)
        end_next = (next_month + datetime.timedelta(days=32)).replace(
            day=1
        ) - datetime.timedelta(days=1)
        lines = [
            ",".join(COLUMNS),
            f"stock,PRODUCT-CODE,Main warehouse,{today},,25",
            f"sales,PRODUCT-CODE,Main warehouse,{previous},"
            f"{start - datetime.timedelta(days=1)},40",
            f"forecast,PRODUCT-CODE,Main warehouse,{next_month},{end_next},45",
        ]
        return "\n".join(lines) + "\n"
