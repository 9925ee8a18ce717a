"""The desk in Chromium, with tickets from real handoffs in real conversations.

The real bot (action server + Rasa) writes to this module's desk database; the desk
server and the widget page run as `make run` starts them.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from desk.tickets import get_ticket, list_tickets
from tests.desk.desk_server import PASSWORD, USER, DeskServer
from tests.support.module_browser import browser, pw  # noqa: F401  (fixtures)
from tests.support.stack import Stack, running_bot, web_sender
from tests.web.conftest import WidgetServer, new_page  # noqa: F401
from tests.web.helpers import open_widget

XSS = '<img src=x onerror="window.__xss=1">'
UNREADABLE = "🙏🙏❓❓"


@pytest.fixture(scope="module")
def desk_db(tmp_path_factory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('desk-e2e') / 'desk.db'}"


@pytest.fixture(scope="module")
def bot(desk_db: str) -> Iterator[Stack]:
    with running_bot(env={"DESK_DB_URL": desk_db}, cors="*") as stack:
        yield stack


@pytest.fixture(scope="module")
def desk(bot: Stack, desk_db: str, tmp_path_factory) -> Iterator[DeskServer]:
    workdir = tmp_path_factory.mktemp("desk-server")
    env = {"DESK_DB_URL": desk_db, "TRACKER_DB": str(bot.workdir / "tracker.db")}
    server = DeskServer(env, workdir / "desk.log")
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def same_db(desk_db: str, monkeypatch) -> None:
    """This process reads the same database, to check what the pages did."""
    monkeypatch.setenv("DESK_DB_URL", desk_db)


def log_in(page: Page, desk: DeskServer) -> None:
    page.goto(desk.url + "/login")
    page.get_by_label("ユーザー名").fill(USER)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", name="受付一覧")).to_be_visible()


def hand_off(bot: Stack, *before: str) -> str:
    """A conversation that ends with 「人と話したい」; returns its sender id."""
    sender = web_sender(f"desk-e2e-{uuid.uuid4().hex[:8]}")
    for text in before:
        bot.rest(sender, text)
    reply = bot.rest_text(sender, "人と話したい")
    assert "窓口" in reply
    return sender


def ticket_of(sender: str) -> str:
    (ticket,) = (t for t in list_tickets() if t.sender_id == sender)
    return ticket.id


def test_refused_without_a_login(new_page, desk: DeskServer) -> None:  # noqa: F811
    page, _ = new_page()
    for path in ("/", "/insights", "/export.json"):
        response = page.goto(desk.url + path)
        assert response.status == 401
        expect(page.get_by_role("heading", name="ログイン")).to_be_visible()
        expect(page.locator("table")).to_have_count(0)


def test_handoff_appears_and_is_assigned_and_closed(new_page, bot, desk) -> None:  # noqa: F811
    page, watch = new_page()
    log_in(page, desk)
    sender = hand_off(bot, "中国の会社から警告状が届きました")
    ticket_id = ticket_of(sender)
    row = page.locator(f'tr[data-id="{ticket_id}"]')
    expect(row).to_contain_text("至急")  # shown by the queue's refresh, without a reload
    expect(row).to_contain_text("防衛型侵害対策支援事業")
    row.get_by_role("link").click()
    expect(page.locator(".transcript")).to_contain_text("中国の会社から警告状が届きました")
    expect(page.locator(".transcript")).to_contain_text("人と話したい")
    expect(page.locator(".summary-text")).to_contain_text("担当者との会話を希望（Web）")
    page.get_by_role("button", name="自分が担当する").click()
    expect(page.locator("#ticket-status")).to_have_text("対応中")
    expect(page.locator("#ticket-assignee")).to_have_text(USER)
    page.get_by_role("button", name="完了にする").click()
    expect(page.locator("#ticket-status")).to_have_text("完了")
    assert get_ticket(ticket_id).status == "done"
    page.goto(desk.url + "/")
    expect(page.locator(f'tr[data-id="{ticket_id}"]')).to_have_count(0)
    assert watch.errors == []


def test_a_script_in_the_transcript_is_shown_as_text(new_page, bot, desk) -> None:  # noqa: F811
    sender = hand_off(bot, XSS + "模倣品について")
    ticket_id = ticket_of(sender)
    page, watch = new_page()
    log_in(page, desk)
    page.goto(f"{desk.url}/tickets/{ticket_id}")
    expect(page.locator(".transcript")).to_contain_text(XSS + "模倣品について")
    expect(page.locator(".transcript img")).to_have_count(0)
    assert page.evaluate("window.__xss") is None and watch.errors == []


def test_a_form_without_its_csrf_token_is_refused(new_page, bot, desk) -> None:  # noqa: F811
    ticket_id = ticket_of(hand_off(bot))
    page, _ = new_page()
    log_in(page, desk)
    page.goto(f"{desk.url}/tickets/{ticket_id}")
    page.evaluate("document.querySelectorAll('input[name=csrf]').forEach(e => e.remove())")
    with page.expect_response(lambda r: r.url.endswith("/done")) as response:
        page.get_by_role("button", name="完了にする").click()
    assert response.value.status == 403
    expect(page.get_by_role("alert")).to_contain_text("不正な送信")
    assert get_ticket(ticket_id).status == "new"


def test_widget_feedback_and_unanswered_questions_reach_insights(
    new_page,  # noqa: F811
    bot: Stack,
    desk: DeskServer,
) -> None:
    widget = WidgetServer(bot.rasa_url)
    try:
        page, _ = new_page()
        open_widget(page, widget.url)
        page.locator(".navi-input").fill("海外から警告状が届いた")
        page.locator(".navi-input").press("Enter")
        expect(page.locator(".navi-panel")).to_contain_text("防衛型侵害対策支援事業")
        page.get_by_role("button", name="役に立った").last.click()
        expect(page.locator(".navi-panel")).to_contain_text("ご意見ありがとうございます。")
    finally:
        widget.stop()
    for sender in ("insights-a", "insights-b"):  # unreadable: the NLU falls back
        bot.rest(sender, UNREADABLE)
    desk_page, _ = new_page()
    log_in(desk_page, desk)
    desk_page.goto(desk.url + "/insights")
    groups = desk_page.locator("table.groups")
    expect(groups).to_contain_text(UNREADABLE)
    expect(groups.locator("tr", has_text=UNREADABLE).locator("td.num")).to_have_text("2")
    feedback = desk_page.locator("table.feedback tr", has_text="ask_defense_support")
    expect(feedback.locator("td.num").first).to_have_text("1")
    expect(desk_page.locator("svg.chart rect").first).to_be_attached()
