"""Driving the widget as a user would: open it, type, press Enter, wait for the answer."""

from __future__ import annotations

import json
from typing import Any

from playwright.sync_api import Page, Route, expect

from tests.web.conftest import is_webhook

PANEL = ".navi-panel"
INPUT = ".navi-input"
USER_BUBBLES = ".navi-row-user .navi-bubble"
BOT_BUBBLES = ".navi-row-bot:not(.navi-typing) .navi-bubble"
QUICK_REPLIES = ".navi-quick"
TYPING = ".navi-typing"
STATUS = ".navi-status"


def open_widget(page: Page, url: str, wait_for_greeting: bool = True) -> None:
    """Load the page and open the chat panel; by default wait for the bot's greeting."""
    page.goto(url)
    if wait_for_greeting:
        with page.expect_response(lambda r: is_webhook(r.url)):
            page.get_by_role("button", name="海外知財支援ナビのチャットを開く").click()
        expect(page.locator(TYPING)).to_be_hidden()
    else:
        page.get_by_role("button", name="海外知財支援ナビのチャットを開く").click()
    expect(page.locator(PANEL)).to_be_visible()


def ask(page: Page, text: str) -> None:
    """Type a question, press Enter and wait until the answer is on screen."""
    page.locator(INPUT).fill(text)
    with page.expect_response(lambda r: is_webhook(r.url)):
        page.locator(INPUT).press("Enter")
    expect(page.locator(TYPING)).to_be_hidden()


def bot_reply(route: Route, messages: list[dict[str, Any]], recipient: str = "test") -> None:
    """Answer a webhook call the way Rasa's REST channel does."""
    body = [{"recipient_id": recipient, **m} for m in messages]
    route.fulfill(
        status=200,
        content_type="application/json",
        headers={"Access-Control-Allow-Origin": "*"},
        body=json.dumps(body, ensure_ascii=False),
    )


def sent_messages(posts: list[str]) -> list[str]:
    """The ``message`` field of each webhook POST body."""
    return [json.loads(p)["message"] for p in posts]
