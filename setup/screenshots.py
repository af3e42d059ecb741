#!/usr/bin/env python3
# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Screenshots of the main portal pages for the README, taken in headless
Chromium over the DevTools protocol, logged in as a demo portal user.

    setup/screenshots.py URL DB LOGIN PASSWORD OUTDIR
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

PAGES = [
    ("portal-partner-home", "/my/partner", 1280),
    ("portal-leads", "/my/leads", 1280),
    ("portal-registrations", "/my/registrations", 1280),
    ("portal-catalog", "/my/catalog", 1280),
    ("portal-funds", "/my/funds", 1280),
    ("portal-warranty", "/my/warranty", 1280),
    ("portal-inventory", "/my/inventory", 1280),
    ("portal-partner-home-phone", "/my/partner", 390),
]
DEBUG_PORT = 9339
MAX_HEIGHT = 2200
TIMEOUT = 30


def login(url, db, user, password):
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
    return session.cookies["session_id"]


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

    def wait_for(self, event):
        while True:
            message = json.loads(self.socket.recv())
            if message.get("method") == event:
                return message


def main(url, db, user, password, outdir):
    session_id = login(url, db, user, password)
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
        host = re.match(r"https?://([^:/]+)", url).group(1)
        page.call(
            "Network.setCookie",
            name="session_id",
            value=session_id,
            domain=host,
            path="/",
        )
        for name, path, width in PAGES:
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
            time.sleep(1.0)
            height = page.call(
                "Runtime.evaluate",
                expression="document.documentElement.scrollHeight",
                returnByValue=True,
            )["result"]["value"]
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
    finally:
        browser.terminate()
        browser.wait(timeout=TIMEOUT)
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    main(*sys.argv[1:])
