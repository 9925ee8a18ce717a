"""The widget in headless Chromium, talking to the real bot over Rasa's REST channel."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.web.conftest import is_webhook
from tests.web.helpers import (
    BOT_BUBBLES,
    INPUT,
    PANEL,
    QUICK_REPLIES,
    USER_BUBBLES,
    ask,
    open_widget,
    sent_messages,
)

XSS = "<img src=x onerror=alert(1)>"
LAUNCHER = "海外知財支援ナビのチャットを開く"


def test_greets_with_the_menu_when_first_opened(new_page, real_widget) -> None:
    page, watch = new_page()
    open_widget(page, real_widget.url)
    expect(page.locator(BOT_BUBBLES).first).to_contain_text("海外知財支援ナビです")
    expect(page.get_by_role("button", name="警告状・訴訟への対応")).to_be_visible()
    expect(page.locator(USER_BUBBLES)).to_have_count(0)  # the greeting is not the user's
    assert watch.errors == []


def test_warning_letter_question_names_the_defense_program(new_page, real_widget) -> None:
    page, _ = new_page()
    open_widget(page, real_widget.url)
    ask(page, "海外から警告状が届いた")
    expect(page.locator(USER_BUBBLES)).to_have_text(["海外から警告状が届いた"])
    expect(page.locator(BOT_BUBBLES).last).to_be_visible()
    expect(page.locator(PANEL)).to_contain_text("防衛型侵害対策支援事業")


def test_quick_reply_after_hello_answers_its_topic(new_page, real_widget) -> None:
    page, watch = new_page()
    open_widget(page, real_widget.url)
    ask(page, "こんにちは")
    menu = page.get_by_role("button", name="警告状・訴訟への対応")
    expect(menu).to_be_visible()
    bots_before = page.locator(BOT_BUBBLES).count()
    with page.expect_response(lambda r: is_webhook(r.url)):
        menu.click()
    expect(page.locator(USER_BUBBLES).last).to_have_text("警告状・訴訟への対応")
    new_answers = page.locator(".navi-row-bot").filter(has_text="防衛型侵害対策支援事業")
    expect(new_answers.first).to_be_visible()
    assert page.locator(BOT_BUBBLES).count() > bots_before
    assert sent_messages(watch.webhook_posts)[-1] == "/ask_defense_support"


def test_enter_while_the_ime_is_composing_sends_nothing(new_page, real_widget) -> None:
    page, watch = new_page()
    open_widget(page, real_widget.url)
    posts = len(watch.webhook_posts)
    field = page.locator(INPUT)
    field.focus()
    # A real composition in Chromium's input method controller, as a Japanese IME makes:
    # the Enter that picks a conversion arrives as keydown with isComposing = true.
    cdp = page.context.new_cdp_session(page)
    cdp.send(
        "Input.imeSetComposition",
        {"text": "けいこく", "selectionStart": 4, "selectionEnd": 4},
    )
    page.keyboard.press("Enter")
    cdp.send("Input.insertText", {"text": "海外から警告状が届いた"})  # the IME commits the kanji
    page.wait_for_timeout(500)
    assert len(watch.webhook_posts) == posts
    expect(page.locator(USER_BUBBLES)).to_have_count(0)
    assert "海外から警告状が届いた" in field.input_value()

    # Safari reports the committing Enter after compositionend, with keyCode 229.
    dispatch_enter = (
        "(el, keyCode) => el.dispatchEvent(new KeyboardEvent('keydown', "
        "{key: 'Enter', code: 'Enter', keyCode, bubbles: true, cancelable: true}))"
    )
    field.evaluate(dispatch_enter, 229)
    page.wait_for_timeout(300)
    assert len(watch.webhook_posts) == posts

    # The same synthetic Enter without the IME mark does send: the checks above are real.
    with page.expect_response(lambda r: is_webhook(r.url)):
        field.evaluate(dispatch_enter, 13)
    expect(page.locator(USER_BUBBLES)).to_have_text(["海外から警告状が届いた"])
    assert sent_messages(watch.webhook_posts)[-1] == "海外から警告状が届いた"


def test_shift_enter_makes_a_new_line(new_page, real_widget) -> None:
    page, watch = new_page()
    open_widget(page, real_widget.url)
    posts = len(watch.webhook_posts)
    field = page.locator(INPUT)
    field.press_sequentially("中国で商標を")
    field.press("Shift+Enter")
    field.press_sequentially("抜け駆け出願された")
    assert field.input_value() == "中国で商標を\n抜け駆け出願された"
    assert len(watch.webhook_posts) == posts
    with page.expect_response(lambda r: is_webhook(r.url)):
        field.press("Enter")
    expect(page.locator(USER_BUBBLES)).to_have_text(["中国で商標を\n抜け駆け出願された"])
    assert field.input_value() == ""


def test_html_typed_by_the_user_is_shown_as_text(new_page, real_widget) -> None:
    page, watch = new_page()
    open_widget(page, real_widget.url)
    ask(page, XSS)
    expect(page.locator(USER_BUBBLES)).to_have_text([XSS])
    expect(page.locator(BOT_BUBBLES).last).to_be_visible()
    page.wait_for_timeout(500)
    assert page.locator(f"{PANEL} img").count() == 0
    assert page.locator("img").count() == 0
    assert watch.dialogs == []
    assert watch.errors == []
    # ...and it stays text when the history is restored from localStorage.
    page.reload()
    expect(page.locator(USER_BUBBLES)).to_have_text([XSS])
    assert page.locator("img").count() == 0
    assert watch.dialogs == []


def test_conversation_survives_a_reload(new_page, real_widget) -> None:
    page, watch = new_page()
    open_widget(page, real_widget.url)
    ask(page, "海外から警告状が届いた")
    before = page.locator(f"{BOT_BUBBLES}, {USER_BUBBLES}").all_inner_texts()
    assert any("防衛型侵害対策支援事業" in text for text in before)

    page.reload()
    expect(page.locator(PANEL)).to_be_visible()  # it was open, so it opens again
    expect(page.locator(f"{BOT_BUBBLES}, {USER_BUBBLES}")).to_have_text(before)
    # Same session id: the bot still knows the program under discussion.
    ask(page, "問い合わせ先は？")
    senders = {p.split('"sender":"')[1].split('"')[0] for p in watch.webhook_posts}
    assert len(senders) == 1
    expect(page.locator(BOT_BUBBLES).last).to_be_visible()
    assert page.locator(f"{USER_BUBBLES}").count() == 2


def test_phone_number_in_an_answer_is_a_tel_link(new_page, real_widget) -> None:
    page, _ = new_page()
    open_widget(page, real_widget.url)
    ask(page, "海外から警告状が届いた")
    ask(page, "問い合わせ先は？")
    tel = page.locator(f'{BOT_BUBBLES} a[href^="tel:"]')
    expect(tel.first).to_be_visible()
    href = tel.first.get_attribute("href") or ""
    assert href.startswith("tel:0") and href[4:].isdigit()


def panel_fits(page: Page, width: int) -> None:
    box = page.locator(PANEL).bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    for button in page.locator(QUICK_REPLIES).all():
        b = button.bounding_box()
        assert b is not None and b["x"] >= 0 and b["x"] + b["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_usable_on_a_360px_phone(new_page, real_widget, tmp_path) -> None:
    page, _ = new_page(width=360, height=740)
    open_widget(page, real_widget.url)
    expect(page.locator(QUICK_REPLIES).first).to_be_visible()
    panel_fits(page, 360)
    field = page.locator(INPUT).bounding_box()
    assert field is not None and field["width"] >= 200  # room to type
    assert field["y"] + field["height"] <= 740  # the input stays on screen
    expect(page.locator(INPUT)).to_have_attribute(
        "placeholder", "ご質問を入力してください（Shift+Enterで改行）"
    )
    page.screenshot(path=str(tmp_path / "widget-360.png"))
    # Closing gives the page back and shows the button again.
    page.get_by_role("button", name="チャットを閉じる").click()
    expect(page.locator(PANEL)).to_be_hidden()
    expect(page.get_by_role("button", name=LAUNCHER)).to_be_visible()


def test_desktop_panel_sits_in_the_corner(new_page, real_widget, tmp_path) -> None:
    page, _ = new_page(width=1280, height=800)
    open_widget(page, real_widget.url)
    panel_fits(page, 1280)
    box = page.locator(PANEL).bounding_box()
    assert box is not None
    assert 300 <= box["width"] <= 480 and box["x"] > 640  # a side panel, page still usable
    page.screenshot(path=str(tmp_path / "widget-desktop.png"))
