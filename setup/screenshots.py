#!/usr/bin/env python3
# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Screenshots of the main portal and backend pages for the README, taken in
headless Chromium over the DevTools protocol, logged in as a demo portal user
(portal pages) and a demo channel manager (backend pages).

    setup/screenshots.py URL DB LOGIN PASSWORD OUTDIR [MANAGER_LOGIN MANAGER_PASSWORD]
"""

import base64
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import requests
import websocket

PORTAL_PAGES = [
    ("portal-home", "/my/home", 1280),
    ("portal-partner-home", "/my/partner", 1280),
    ("portal-leads", "/my/leads", 1280),
    ("portal-registrations", "/my/registrations", 1280),
    ("portal-catalog", "/my/catalog", 1280),
    ("portal-funds", "/my/funds", 1280),
    ("portal-warranty", "/my/warranty", 1280),
    ("portal-inventory", "/my/inventory", 1280),
    ("portal-partner-home-phone", "/my/partner", 390),
]
# The backend's web client draws after the load event: wait longer. A path
# names demo records: {dashboard:name}, {offer:lead name} (the lead's first
# offer).
BACKEND_PAGES = [
    (
        "backend-dashboard",
        "/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action"
        "?dashboard_id={dashboard:Partner Network}",
        1440,
    ),
    (
        "backend-plan-vs-actual",
        "/odoo/action-partner_relationship.prm_partner_performance_action",
        1440,
    ),
    (
        "backend-scorecard",
        "/odoo/action-partner_relationship.prm_partner_scorecard_action",
        1440,
    ),
    (
        "backend-close-to-next-tier",
        "/odoo/action-partner_relationship.prm_tier_check_action_close",
        1440,
    ),
    (
        "backend-routing-explanation",
        "/odoo/action-partner_relationship.prm_lead_assignment_action/"
        "{offer:Clinic Wi-Fi for 6 sites}",
        1440,
    ),
    (
        "backend-applications",
        "/odoo/action-partner_relationship.res_partner_action_application",
        1440,
    ),
]
# A page is drawn: no portal spinner left, and the web client's action (a
# view, or the dashboard's spreadsheet) is there and loaded.
READY = """
!document.querySelector('.o_portal_doc_spinner, .o_loading_indicator, .o-spinner')
&& (!document.querySelector('.o_web_client')
    || !!document.querySelector('.o_action_manager .o_view_controller, .o-grid'))
"""
DEBUG_PORT = 9339
MAX_HEIGHT = 2200
TIMEOUT = 30


def call_kw(session, url, model, method, *args, **kwargs):
    """A JSON-RPC call of the web client, with this session."""
    answer = session.post(
        f"{url}/web/dataset/call_kw",
        json={
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "model": model,
                "method": method,
                "args": list(args),
                "kwargs": kwargs,
            },
        },
        timeout=TIMEOUT,
    ).json()
    if "error" in answer:
        sys.exit(f"{model}.{method}: {answer['error']['data']['message']}")
    return answer["result"]


def resolve(session, url, path):
    """Put the ids of the demo records the path names in it."""

    def first(model, domain, what):
        found = call_kw(session, url, model, "search", domain, limit=1)
        if not found:
            sys.exit(f"{what}: not in this database (is it the demo?)")
        return found[0]

    def dashboard_id(name):
        return first("spreadsheet.dashboard", [("name", "=", name)], name)

    def offer_id(lead_name):
        lead_id = first("crm.lead", [("name", "=", lead_name)], lead_name)
        return first(
            "prm.lead.assignment", [("lead_id", "=", lead_id)], f"{lead_name}'s offer"
        )

    resolvers = {"dashboard": dashboard_id, "offer": offer_id}
    return re.sub(
        r"{(\w+):([^}]+)}",
        lambda match: str(resolvers[match[1]](match[2])),
        path,
    )


def login(url, db, user, password):
    """The session of `user`, logged in."""
    session = requests.Session()
    page = session.get(f"{url}/web/login", params={"db": db}, timeout=TIMEOUT)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    answer = session.post(
        f"{url}/web/login",
        data={"login": user, "password": password, "db": db, "csrf_token": token},
        timeout=TIMEOUT,
    )
    answer.raise_for_status()
    if "/web/login" in answer.url:
        sys.exit(f"Could not log in as {user} on {db}.")
    return session


class Page:
    """One Chromium tab driven over the DevTools protocol."""

    def __init__(self, socket_url):
        self.socket = websocket.create_connection(socket_url, timeout=TIMEOUT)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.socket.send(
            json.dumps({"id": self.next_id, "method": method, "params": params})
        )
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True)[
            "result"
        ].get("value")

    def wait_until(self, expression, what):
        """Until the page's `expression` is true (what loads after the load
        event: the portal's counters, the web client's views)."""
        deadline = time.monotonic() + TIMEOUT
        while not self.evaluate(expression):
            if time.monotonic() > deadline:
                sys.exit(f"{what}: not drawn in {TIMEOUT} s")
            time.sleep(0.2)

    def wait_for(self, event):
        while True:
            message = json.loads(self.socket.recv())
            if message.get("method") == event:
                return message


def shoot(page, url, session_id, pages, outdir, settle):
    """Log the tab in with this session and capture each page, full height."""
    host = re.match(r"https?://([^:/]+)", url).group(1)
    page.call(
        "Network.setCookie", name="session_id", value=session_id, domain=host, path="/"
    )
    for name, path, width in pages:
        mobile = width < 600
        page.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=900,
            deviceScaleFactor=1,
            mobile=mobile,
        )
        page.call("Page.navigate", url=f"{url}{path}")
        page.wait_for("Page.loadEventFired")
        page.wait_until(READY, name)
        time.sleep(settle)
        # Not what the page shows (e.g. "the page is out of date" after the
        # demo's restart).
        page.evaluate(
            "document.querySelectorAll('.o_notification').forEach(n => n.remove())"
        )
        height = page.evaluate("document.documentElement.scrollHeight")
        page.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=min(int(height), MAX_HEIGHT),
            deviceScaleFactor=1,
            mobile=mobile,
        )
        time.sleep(0.3)
        shot = page.call("Page.captureScreenshot", format="png")
        target = f"{outdir}/{name}.png"
        with open(target, "wb") as file:
            file.write(base64.b64decode(shot["data"]))
        print(f"{target}  ({width} px wide)")


def main(url, db, user, password, outdir, manager=None, manager_password=None):
    portal = login(url, db, user, password)
    sessions = [(portal.cookies["session_id"], PORTAL_PAGES, 1.0)]
    if manager:
        backend = login(url, db, manager, manager_password)
        pages = [
            (name, resolve(backend, url, path), width)
            for name, path, width in BACKEND_PAGES
        ]
        sessions.append((backend.cookies["session_id"], pages, 3.0))
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    profile = tempfile.mkdtemp(prefix="prm-shots-")
    browser = subprocess.Popen(
        [
            chromium,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--remote-debugging-port={DEBUG_PORT}",
            f"--user-data-dir={profile}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _attempt in range(50):
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{DEBUG_PORT}/json", timeout=2
                ) as answer:
                    tabs = [t for t in json.load(answer) if t["type"] == "page"]
                break
            except OSError:
                time.sleep(0.2)
        page = Page(tabs[0]["webSocketDebuggerUrl"])
        page.call("Page.enable")
        page.call("Network.enable")
        for session_id, pages, settle in sessions:
            shoot(page, url, session_id, pages, outdir, settle)
    finally:
        browser.terminate()
        browser.wait(timeout=TIMEOUT)
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) not in (6, 8):
        sys.exit(__doc__)
    main(*sys.argv[1:])
