"""Widget behaviour that needs no trained model: an unreachable server, and replies the
real bot never sends (HTML in its text), answered by the test through ``page.route``."""

from __future__ import annotations

import json
import re

from playwright.sync_api import Route, expect

from tests.web.conftest import WEBHOOK
from tests.web.helpers import (
    BOT_BUBBLES,
    INPUT,
    PANEL,
    QUICK_REPLIES,
    STATUS,
    TYPING,
    USER_BUBBLES,
    bot_reply,
    open_widget,
    sent_messages,
)

XSS = "<img src=x onerror=alert(1)>"


def test_unreachable_server_is_reported_in_japanese_and_retried(
    new_page, closed_port_widget
) -> None:
    page, watch = new_page()
    open_widget(page, closed_port_widget.url, wait_for_greeting=False)
    expect(page.locator(STATUS)).to_contain_text("サーバーに接続できません")
    expect(page.locator(STATUS)).to_contain_text("秒後にもう一度接続します")
    # The first retry comes after one second.
    page.wait_for_timeout(2500)
    assert len(watch.webhook_posts) >= 2
    # The server comes back: the next retry gets through and the notice goes away.
    page.route(WEBHOOK, lambda route: bot_reply(route, [{"text": "こんにちは。"}]))
    expect(page.locator(BOT_BUBBLES)).to_have_text(["こんにちは。"], timeout=10_000)
    expect(page.locator(STATUS)).to_be_hidden()
    assert watch.errors == []


def test_a_busy_edge_429_is_waited_out_and_sent_again(new_page, closed_port_widget) -> None:
    page, watch = new_page()
    answers = iter([429, 429])

    def edge(route: Route) -> None:
        status = next(answers, 200)
        if status == 429:
            route.fulfill(status=429, body="Too Many Requests")
        else:
            bot_reply(route, [{"text": "こんにちは。"}])

    page.route(WEBHOOK, edge)
    open_widget(page, closed_port_widget.url, wait_for_greeting=False)
    expect(page.locator(STATUS)).to_contain_text("ただいま混み合っています")
    expect(page.locator(BOT_BUBBLES)).to_have_text(["こんにちは。"], timeout=10_000)
    expect(page.locator(STATUS)).to_be_hidden()
    assert len(watch.webhook_posts) == 3
    assert watch.errors == []


def test_retries_are_bounded_then_the_user_can_resend(new_page, closed_port_widget) -> None:
    page, watch = new_page()
    page.clock.install()
    page.route(WEBHOOK, lambda route: route.abort("connectionrefused"))
    open_widget(page, closed_port_widget.url, wait_for_greeting=False)
    expect(page.locator(STATUS)).to_contain_text("サーバーに接続できません")
    # 1+2+4+8+16 s of backoff, then it stops. Each aborted fetch settles in real time, so
    # advance the fake clock step by step until the widget gives up (bounded).
    for _ in range(40):
        page.clock.run_for(5_000)
        if "接続できませんでした" in (page.locator(STATUS).text_content() or ""):
            break
        page.wait_for_timeout(200)
    expect(page.locator(STATUS)).to_contain_text("サーバーに接続できませんでした")
    attempts = len(watch.webhook_posts)
    assert attempts == 6  # the first try and five retries
    page.clock.run_for(120_000)
    assert len(watch.webhook_posts) == attempts

    page.unroute(WEBHOOK)
    page.route(WEBHOOK, lambda route: bot_reply(route, [{"text": "こんにちは。"}]))
    page.get_by_role("button", name="再送信").click()
    expect(page.locator(BOT_BUBBLES)).to_have_text(["こんにちは。"])
    expect(page.locator(STATUS)).to_be_hidden()


def test_unsent_message_survives_reload_and_can_be_resent(new_page, closed_port_widget) -> None:
    page, watch = new_page()
    open_widget(page, closed_port_widget.url, wait_for_greeting=False)
    page.locator(INPUT).fill("海外から警告状が届いた")
    page.locator(INPUT).press("Enter")
    expect(page.locator(USER_BUBBLES)).to_have_text(["海外から警告状が届いた"])

    page.reload()
    expect(page.locator(PANEL)).to_be_visible()
    expect(page.locator(USER_BUBBLES)).to_have_text(["海外から警告状が届いた"])
    expect(page.locator(".navi-unsent")).to_have_text(["未送信"])
    expect(page.locator(STATUS)).to_contain_text("送信できていないメッセージがあります")

    page.route(
        WEBHOOK,
        lambda route: bot_reply(route, [{"text": "防衛型侵害対策支援事業です。"}]),
    )
    page.get_by_role("button", name="再送信").click()
    expect(page.locator(BOT_BUBBLES)).to_have_text(["防衛型侵害対策支援事業です。"])
    expect(page.locator(".navi-unsent")).to_have_count(0)
    assert sent_messages(watch.webhook_posts)[-1] == "海外から警告状が届いた"


def test_html_in_a_bot_reply_is_shown_as_text(new_page, closed_port_widget) -> None:
    page, watch = new_page()
    reply = {
        "text": f"テスト {XSS}<script>alert(2)</script>\n2行目です。",
        "buttons": [{"title": "<b>太字</b>", "payload": "/greet"}],
    }
    page.route(WEBHOOK, lambda route: bot_reply(route, [reply]))
    open_widget(page, closed_port_widget.url)
    bubble = page.locator(BOT_BUBBLES).first
    expect(bubble).to_have_text(f"テスト {XSS}<script>alert(2)</script>\n2行目です。")
    expect(page.locator(QUICK_REPLIES)).to_have_text(["<b>太字</b>"])
    assert page.locator(f"{PANEL} img, {PANEL} script, {PANEL} b").count() == 0
    # Newlines in the answer are line breaks on screen.
    assert bubble.evaluate("el => getComputedStyle(el).whiteSpace") == "pre-wrap"
    assert bubble.evaluate("el => el.getClientRects()[0].height") > 40
    page.wait_for_timeout(300)
    assert watch.dialogs == [] and watch.errors == []


def test_urls_and_phone_numbers_become_links(new_page, closed_port_widget) -> None:
    page, _ = new_page()
    text = (
        "■問い合わせ先\n電話：03-3581-1101（内線2304）\nナビダイヤル：0570-082100\n"
        "全角：０３－３５８１－１１０１\n"
        "詳しくは https://www.jpo.go.jp/support/chusho/index.html をご覧ください。\n"
        "（https://www.inpit.go.jp/katsuyo/）\n"
        "補助上限額は1,500,000円、受付は2025-10-31まで、〒100-8915。"
    )
    page.route(WEBHOOK, lambda route: bot_reply(route, [{"text": text}]))
    open_widget(page, closed_port_widget.url)
    bubble = page.locator(BOT_BUBBLES).first
    expect(bubble).to_have_text(text)
    tel = bubble.locator('a[href^="tel:"]')
    expect(tel).to_have_text(["03-3581-1101", "0570-082100", "０３－３５８１－１１０１"])
    assert [tel.nth(i).get_attribute("href") for i in range(3)] == [
        "tel:0335811101",
        "tel:0570082100",
        "tel:0335811101",
    ]
    web = bubble.locator('a[href^="http"]')
    expect(web).to_have_text(
        [
            "https://www.jpo.go.jp/support/chusho/index.html",
            "https://www.inpit.go.jp/katsuyo/",
        ]
    )
    assert web.first.get_attribute("target") == "_blank"
    assert "noopener" in (web.first.get_attribute("rel") or "")
    assert bubble.locator("a").count() == 5  # amounts, dates and postcodes stay plain text


def test_quick_reply_sends_its_payload_and_shows_its_title(new_page, closed_port_widget) -> None:
    page, watch = new_page()
    menu = {
        "text": "次のようなご相談にお答えできます。",
        "buttons": [
            {"title": "外国出願費用の補助", "payload": "/ask_foreign_filing_subsidy"},
            {"title": "警告状・訴訟への対応", "payload": "/ask_defense_support"},
        ],
    }

    def answer(route: Route) -> None:
        message = json.loads(route.request.post_data or "{}")["message"]
        if message == "/ask_defense_support":
            bot_reply(route, [{"text": "防衛型侵害対策支援事業のご案内です。"}])
        else:
            bot_reply(route, [menu])

    page.route(WEBHOOK, answer)
    open_widget(page, closed_port_widget.url)
    page.get_by_role("button", name="警告状・訴訟への対応").click()
    expect(page.locator(USER_BUBBLES)).to_have_text(["警告状・訴訟への対応"])
    expect(page.locator(BOT_BUBBLES).last).to_have_text("防衛型侵害対策支援事業のご案内です。")
    assert sent_messages(watch.webhook_posts) == ["/greet", "/ask_defense_support"]
    # Once answered, the old buttons go away so they cannot be pressed twice.
    expect(page.locator(QUICK_REPLIES)).to_have_count(0)


def test_typing_indicator_shows_while_the_bot_answers(new_page, closed_port_widget) -> None:
    page, _ = new_page()
    held: list[Route] = []
    page.route(WEBHOOK, lambda route: held.append(route))
    open_widget(page, closed_port_widget.url, wait_for_greeting=False)
    expect(page.locator(TYPING)).to_be_visible()
    expect(page.locator(TYPING)).to_contain_text("回答を準備しています")
    page.wait_for_timeout(200)
    assert len(held) == 1
    bot_reply(held[0], [{"text": "こんにちは。"}])
    expect(page.locator(TYPING)).to_be_hidden()
    expect(page.locator(BOT_BUBBLES)).to_have_text(["こんにちは。"])


def test_reset_starts_a_new_conversation_with_a_new_session(new_page, closed_port_widget) -> None:
    page, watch = new_page()
    page.route(WEBHOOK, lambda route: bot_reply(route, [{"text": "こんにちは。"}]))
    open_widget(page, closed_port_widget.url)
    page.locator(INPUT).fill("質問です")
    page.locator(INPUT).press("Enter")
    expect(page.locator(BOT_BUBBLES)).to_have_count(2)
    watch.accept_dialogs = True
    page.get_by_role("button", name="新しい相談").click()
    assert watch.dialogs == ["これまでの会話を消して、新しい相談を始めますか？"]
    expect(page.locator(USER_BUBBLES)).to_have_count(0)
    expect(page.locator(BOT_BUBBLES)).to_have_text(["こんにちは。"])
    senders = [json.loads(p)["sender"] for p in watch.webhook_posts]
    assert senders[0] == senders[1] != senders[2]
    assert re.fullmatch(r"web-[0-9a-f]{32}", senders[2])
