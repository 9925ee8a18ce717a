"""The chat widget as nginx serves it in the scaled topology: same origin for the page and
the webhook, the page's Content-Security-Policy from deploy/nginx/navi.conf, and answers
from whichever Rasa process nginx picks."""

from __future__ import annotations

from playwright.sync_api import expect

from launcher.topology import Scaled
from tests.support.module_browser import browser, pw  # noqa: F401  (fixtures)
from tests.web.conftest import new_page  # noqa: F401  (fixture)
from tests.web.helpers import BOT_BUBBLES, PANEL, ask, open_widget


def test_the_widget_served_by_nginx_answers_through_nginx(
    scaled_out: Scaled,
    new_page,  # noqa: F811
    facts: dict[str, str],
) -> None:
    bot = scaled_out.topology
    assert bot is not None
    page, watch = new_page()
    open_widget(page, bot.public_url + "/")
    expect(page.locator(BOT_BUBBLES).first).to_contain_text("海外知財支援ナビです")
    ask(page, "海外から警告状が届いた")
    expect(page.locator(PANEL)).to_contain_text(facts["defence_program"])
    expect(page.locator(PANEL)).to_contain_text(facts["defence_phone"])
    ask(page, "締切は？")
    expect(page.locator(BOT_BUBBLES).last).to_contain_text(facts["defence_program"])
    assert watch.errors == []
    assert all(post for post in watch.webhook_posts)
