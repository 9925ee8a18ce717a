"""Playwright and Chromium for one test module, for browser tests outside tests/web.

Playwright's sync API keeps an asyncio loop running in the main thread while it is
started. A module outside tests/web that borrowed tests/web's session-scoped fixtures kept
that loop alive until the end of the run, so every later ``asyncio.run`` (the NLU tests)
and tests/web's own Playwright failed. Import both fixtures into the module instead:
they stop when the module's tests are done.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Playwright, sync_playwright

from tests.web.conftest import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="module")
def pw() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="module")
def browser(pw: Playwright) -> Iterator[Browser]:
    browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
