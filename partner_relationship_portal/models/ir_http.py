# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

SESSION_COOKIE = "session_id="


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _post_dispatch(cls, response):
        """The session cookie with SameSite=Lax: a browser then leaves it out
        of another site's POST (a forged form), and still sends it when a
        link of another site is followed (a GET).

        Odoo sets the cookie with httponly only (odoo/http.py, when it saves
        the session), in the post-dispatch that runs here in super(): this is
        the last hook of a request that sees the response, and the only one
        an addon can override without patching odoo.http. The cookies set by
        the framework outside a route (a session expired, the redirect of a
        werkzeug abort) keep Odoo's attributes."""
        result = super()._post_dispatch(response)
        cookies = response.headers.getlist("Set-Cookie")
        if any(
            cookie.startswith(SESSION_COOKIE) and "samesite=" not in cookie.lower()
            for cookie in cookies
        ):
            response.headers.setlist(
                "Set-Cookie",
                [
                    f"{cookie}; SameSite=Lax"
                    if cookie.startswith(SESSION_COOKIE)
                    and "samesite=" not in cookie.lower()
                    else cookie
                    for cookie in cookies
                ],
            )
        return result
