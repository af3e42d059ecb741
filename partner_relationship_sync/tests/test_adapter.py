# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The transport against remotes that misbehave on purpose: real HTTP
servers on loopback answering slowly, compressed or too much."""

import contextlib
import gzip
import http.server
import threading
import time
import xmlrpc.client

from odoo.tests import BaseCase, tagged

from ..adapters import xmlrpc as adapter
from ..adapters.xmlrpc import RemoteOdoo, RemoteUnreachable, RemoteValidationError

ANSWER = xmlrpc.client.dumps(({"ok": True},), methodresponse=True).encode()


@tagged("post_install", "-at_install")
class TestAdapter(BaseCase):
    def _serve(self, respond, timeout=1.0):
        """A loopback server answering every POST with `respond(handler)`."""

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with contextlib.suppress(OSError):  # the client gave up
                    respond(self)

            def log_message(self, *args):
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        return RemoteOdoo(
            f"http://127.0.0.1:{server.server_address[1]}",
            "db",
            "login",
            "key",
            timeout,
        )

    @staticmethod
    def _headers(handler, length, **extra):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/xml")
        handler.send_header("Content-Length", str(length))
        for name, value in extra.items():
            handler.send_header(name.replace("_", "-"), value)
        handler.end_headers()

    def test_an_answer_dripped_byte_by_byte_ends_at_the_timeout(self):
        """Each byte comes within the socket's timeout, the whole answer
        would take twenty times the call's: the call ends at its timeout."""

        def drip(handler):
            self._headers(handler, len(ANSWER))
            for byte in ANSWER:
                handler.wfile.write(bytes([byte]))
                handler.wfile.flush()
                time.sleep(20 / len(ANSWER))

        remote = self._serve(drip)
        with self.assertRaisesRegex(RemoteUnreachable, "no whole answer within"):
            remote._call("common", "version")

    def test_a_compressed_answer_is_refused(self):
        def compressed(handler):
            body = gzip.compress(ANSWER)
            self._headers(handler, len(body), Content_Encoding="gzip")
            handler.wfile.write(body)

        with self.assertRaisesRegex(RemoteValidationError, "compressed"):
            self._serve(compressed)._call("common", "version")

    def test_an_answer_over_the_limit_is_refused_without_reading_it_all(self):
        sent = []

        def huge(handler):
            chunk = b" " * 65536
            self._headers(handler, adapter.MAX_ANSWER_BYTES * 4)
            for _n in range(adapter.MAX_ANSWER_BYTES * 4 // len(chunk)):
                handler.wfile.write(chunk)
                sent.append(len(chunk))

        with self.assertRaisesRegex(RemoteValidationError, "answer over"):
            self._serve(huge, timeout=120)._call("common", "version")
        self.assertLess(sum(sent), adapter.MAX_ANSWER_BYTES * 4)

    def test_a_plain_answer_is_read(self):
        def plain(handler):
            self._headers(handler, len(ANSWER))
            handler.wfile.write(ANSWER)

        self.assertEqual(self._serve(plain)._call("common", "version"), {"ok": True})
