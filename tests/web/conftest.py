"""Browser fixtures: Debian's Chromium driven by Playwright, and the widget server.

Playwright's own browser download cannot be fetched here, so the system Chromium
(``make browser-deps``) is launched through ``executable_path``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from typing import Any, Callable, Iterator

import httpx
import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from tests.support.stack import ROOT, Stack, free_port

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The widget's webhook call: the path, with the conversation id in the query.
WEBHOOK = re.compile(r".*/webhooks/rest/webhook(\?.*)?$")


def is_webhook(url: str) -> bool:
    """A URL of the widget's webhook call, whatever its query."""
    return bool(WEBHOOK.match(url))


@pytest.fixture(scope="session")
def pw() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(pw: Playwright) -> Iterator[Browser]:
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.fail(f"{CHROMIUM} not found: run `make browser-deps` (apt package chromium)")
    browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


class WidgetServer:
    """``python -m web.serve`` in a subprocess, exactly as ``make run`` starts it."""

    def __init__(self, rasa_url: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.rasa_url = rasa_url
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "web.serve",
                "--port",
                str(self.port),
                "--rasa-url",
                rasa_url,
            ],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url, timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("web.serve did not come up")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def real_widget(bot: Stack) -> Iterator[WidgetServer]:
    """The widget page talking to the real bot."""
    server = WidgetServer(bot.rasa_url)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def closed_port_widget() -> Iterator[WidgetServer]:
    """The widget page pointed at a port where nothing listens.

    Tests either see the failure for real or answer the webhook themselves with
    ``page.route`` (for replies the real bot never sends, such as HTML in its text).
    """
    server = WidgetServer(f"http://127.0.0.1:{free_port()}")
    yield server
    server.stop()


class PageWatch:
    """What a page did that a user would notice: dialogs, script errors, webhook calls."""

    def __init__(self, page: Page) -> None:
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.webhook_posts: list[str] = []
        self.accept_dialogs = False  # confirm() answers "OK" when a test sets this
        page.on("dialog", self._on_dialog)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("request", self._on_request)

    def _on_dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        if self.accept_dialogs:
            dialog.accept()
        else:
            dialog.dismiss()

    def _on_request(self, request: Any) -> None:
        if request.method == "POST" and is_webhook(request.url):
            self.webhook_posts.append(request.post_data or "")


@pytest.fixture
def new_page(browser: Browser) -> Iterator[Callable[..., tuple[Page, PageWatch]]]:
    """Open pages in fresh contexts (empty localStorage); closed after the test."""
    contexts = []

    def open_page(width: int = 1280, height: int = 800) -> tuple[Page, PageWatch]:
        context = browser.new_context(viewport={"width": width, "height": height}, locale="ja-JP")
        context.set_default_timeout(20_000)
        contexts.append(context)
        page = context.new_page()
        return page, PageWatch(page)

    yield open_page
    for context in contexts:
        context.close()
