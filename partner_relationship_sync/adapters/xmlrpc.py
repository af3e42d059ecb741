# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Transport to a remote Odoo database.

The rest of the addon talks to :class:`RemoteOdoo` only, so that Odoo's
JSON-2 API can replace XML-RPC later without touching the business code.
Every call ends within its timeout, whole; its answer is bounded in size;
errors are mapped to the exceptions below.
"""

import http.client
import ssl
import time
import xmlrpc.client
from xml.parsers.expat import ExpatError


class RemoteError(Exception):
    """Base class of the errors a remote database can cause."""

    retryable = False


class RemoteUnreachable(RemoteError):
    """Network error, timeout or 5xx: try again later."""

    retryable = True


class RemoteDatabaseMissing(RemoteError):
    """The remote server has no database of that name."""


class RemoteAuthenticationFailed(RemoteError):
    """Wrong login or API key (or the key was revoked)."""


class RemoteValidationError(RemoteError):
    """The remote refused the call (UserError, ValidationError, AccessError...)."""


# The most an answer may weigh (answers carry ids and states, not files).
MAX_ANSWER_BYTES = 16 * 1024 * 1024


class AnswerRefused(Exception):
    """The remote's answer is not one we read: too large or compressed."""


class _BoundedTransportMixin:
    """Every call ends within its timeout (a remote answering one byte at a
    time does not hold it longer), its answer is read up to
    MAX_ANSWER_BYTES, and compressed answers are refused (no gzip bomb)."""

    accept_gzip_encoding = False

    def __init__(self, timeout, **kwargs):
        super().__init__(**kwargs)
        self._timeout = timeout
        self._deadline = None

    def make_connection(self, host):
        connection = super().make_connection(host)
        connection.timeout = self._timeout
        return connection

    def single_request(self, host, handler, request_body, verbose=False):
        self._deadline = time.monotonic() + self._timeout
        return super().single_request(host, handler, request_body, verbose)

    def parse_response(self, response):
        if response.getheader("Content-Encoding", ""):
            raise AnswerRefused("compressed answers are refused")
        parser, unmarshaller = self.getparser()
        received = 0
        while data := response.read1(65536):
            received += len(data)
            if received > MAX_ANSWER_BYTES:
                raise AnswerRefused(f"answer over {MAX_ANSWER_BYTES} bytes: refused")
            if time.monotonic() > self._deadline:
                raise TimeoutError(f"no whole answer within {self._timeout} s")
            parser.feed(data)
        parser.close()
        return unmarshaller.close()


class _TimeoutTransport(_BoundedTransportMixin, xmlrpc.client.Transport):
    pass


class _TimeoutSafeTransport(_BoundedTransportMixin, xmlrpc.client.SafeTransport):
    pass


class RemoteOdoo:
    """An authenticated XML-RPC session on one remote database."""

    def __init__(self, url, database, login, api_key, timeout=10.0, verify_tls=True):
        self.url = url.rstrip("/")
        self.database = database
        self.login = login
        self._api_key = api_key
        self.timeout = timeout
        self.verify_tls = verify_tls
        self._uid = None

    def __repr__(self):
        # Never show the key.
        return f"<RemoteOdoo {self.login}@{self.database} on {self.url}>"

    def _proxy(self, endpoint):
        if self.url.startswith("https://"):
            context = ssl.create_default_context()
            if not self.verify_tls:
                context.check_hostname = False
                context.verify_mode = ssl.CERT_NONE
            transport = _TimeoutSafeTransport(self.timeout, context=context)
        else:
            transport = _TimeoutTransport(self.timeout)
        return xmlrpc.client.ServerProxy(
            f"{self.url}/xmlrpc/2/{endpoint}", transport=transport, allow_none=True
        )

    def _call(self, endpoint, method, *args):
        try:
            return getattr(self._proxy(endpoint), method)(*args)
        except xmlrpc.client.Fault as fault:
            raise self._map_fault(fault) from None
        except xmlrpc.client.ProtocolError as error:
            if error.errcode >= 500:
                raise RemoteUnreachable(
                    f"{self.url} answered HTTP {error.errcode}"
                ) from None
            raise RemoteValidationError(
                f"{self.url} answered HTTP {error.errcode}"
            ) from None
        except (xmlrpc.client.ResponseError, ExpatError) as error:
            # Not an XML-RPC answer (a proxy's or a maintenance page): later.
            raise RemoteUnreachable(
                f"{self.url} did not answer in XML-RPC: {error}"
            ) from None
        except AnswerRefused as error:
            raise RemoteValidationError(f"{self.url}: {error}") from None
        except (TimeoutError, OSError, http.client.HTTPException) as error:
            raise RemoteUnreachable(f"{self.url} is unreachable: {error}") from None

    def _map_fault(self, fault):
        message = str(fault.faultString or "")
        first_line = message.strip().splitlines()[-1] if message.strip() else ""
        if 'database "' in message and "does not exist" in message:
            return RemoteDatabaseMissing(
                f"{self.url} has no database named {self.database!r}"
            )
        if "AccessDenied" in message or "Access Denied" in message:
            return RemoteAuthenticationFailed(
                f"{self.url} refused the login {self.login!r} or its API key"
            )
        return RemoteValidationError(first_line or message)

    def authenticate(self):
        uid = self._call(
            "common", "authenticate", self.database, self.login, self._api_key, {}
        )
        if not uid:
            raise RemoteAuthenticationFailed(
                f"{self.url} refused the login {self.login!r} or its API key"
            )
        self._uid = uid
        return uid

    def server_version(self):
        return self._call("common", "version")

    def execute(self, model, method, *args, **kwargs):
        if self._uid is None:
            self.authenticate()
        return self._call(
            "object",
            "execute_kw",
            self.database,
            self._uid,
            self._api_key,
            model,
            method,
            list(args),
            kwargs,
        )
