# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.tools import SQL


class ResCurrency(models.Model):
    _inherit = "res.currency"

    @api.model
    def _prm_rate_sql(self, currency, date, company):
        """SQL expression of the rate of ``currency`` on ``date`` (both SQL
        expressions) for ``company``, read as Odoo reads it: the company's own
        rate before a shared one, the last one on or before the date, else the
        first one, else 1. For sums already grouped by currency and date."""
        root = company.root_id.id
        return SQL(
            """COALESCE(
                (SELECT rate.rate FROM res_currency_rate rate
                  WHERE rate.currency_id = %(currency)s AND rate.name <= %(date)s
                    AND (rate.company_id IS NULL OR rate.company_id = %(root)s)
               ORDER BY rate.company_id, rate.name DESC LIMIT 1),
                (SELECT rate.rate FROM res_currency_rate rate
                  WHERE rate.currency_id = %(currency)s
                    AND (rate.company_id IS NULL OR rate.company_id = %(root)s)
               ORDER BY rate.company_id, rate.name LIMIT 1),
                1.0)""",
            currency=currency,
            date=date,
            root=root,
        )

    @api.model
    def _prm_convert_sql(self, amount, currency, date, company):
        """SQL expression of ``amount`` in ``currency`` (SQL expressions)
        converted to ``company``'s currency at the rate of ``date``."""
        target = company.currency_id.id
        return SQL(
            "CASE WHEN %(currency)s = %(target)s THEN %(amount)s"
            " ELSE %(amount)s * %(target_rate)s / %(rate)s END",
            amount=amount,
            currency=currency,
            target=target,
            target_rate=self._prm_rate_sql(SQL("%s", target), date, company),
            rate=self._prm_rate_sql(currency, date, company),
        )

    @api.model
    def _prm_convert_sums(self, sums, company):
        """Convert sums grouped by currency and date to ``company``'s currency,
        each at the rate of its date, in one query whatever their number.

        :param sums: list of (currency, date, amount)
        :return: the converted amounts, in the same order (not rounded)
        """
        target = company.currency_id
        foreign = {
            (currency.id, date) for currency, date, amount in sums if currency != target
        }
        converted = {}
        if foreign:
            rows = SQL(", ").join(
                SQL("(%s, %s::date)", currency_id, date)
                for currency_id, date in foreign
            )
            query = SQL(
                "SELECT bucket.currency_id, bucket.date, %(amount)s"
                "  FROM (VALUES %(rows)s) AS bucket(currency_id, date)",
                amount=self._prm_convert_sql(
                    SQL("1.0"),
                    SQL("bucket.currency_id"),
                    SQL("bucket.date"),
                    company,
                ),
                rows=rows,
            )
            converted = {
                (currency_id, date): float(factor)
                for currency_id, date, factor in self.env.execute_query(query)
            }
        return [
            amount if currency == target else amount * converted[currency.id, date]
            for currency, date, amount in sums
        ]
