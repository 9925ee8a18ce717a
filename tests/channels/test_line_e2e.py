"""LINE against the real bot: the Rasa server and action server, LINE's API stubbed.

Each test uses its own LINE user ids, so conversations never mix.
"""

from __future__ import annotations

import uuid
from typing import Any, Iterator

import httpx
import pytest

from bot.channels.line_format import UNSUPPORTED_TEXT, utf16_len
from tests.channels import line_payloads as line
from tests.conftest import LINE_SECRET, LINE_TOKEN
from tests.support.stack import Stack
from tests.support.stubs import RecordedRequest, RecordingStub

REPLY = "/v2/bot/message/reply"
PUSH = "/v2/bot/message/push"
DEFENCE_PROGRAM = "防衛型侵害対策支援事業"
DEFENCE_PHONE = "03-3582-5198"


class LineUser:
    """Posts signed webhooks to the bot and reads what reached the LINE stub."""

    def __init__(self, stack: Stack, stub: RecordingStub) -> None:
        self.url = f"{stack.rasa_url}/webhooks/line/webhook"
        self.stub = stub

    def post(self, raw: bytes, signature: str | None = "sign") -> httpx.Response:
        headers = {"Content-Type": "application/json"}
        if signature == "sign":
            signature = line.sign(raw, LINE_SECRET)
        if signature is not None:
            headers["X-Line-Signature"] = signature
        return httpx.post(self.url, content=raw, headers=headers, timeout=10)

    def send(self, *events: dict[str, Any]) -> None:
        response = self.post(line.body(*events))
        assert response.status_code == 200, response.text

    def replies_to(self, token: str) -> list[RecordedRequest]:
        return [
            r for r in self.stub.requests if r.path == REPLY and r.json()["replyToken"] == token
        ]

    def pushes_to(self, to: str) -> list[RecordedRequest]:
        return [r for r in self.stub.requests if r.path == PUSH and r.json()["to"] == to]

    def wait_reply(self, token: str, timeout: float = 90) -> dict[str, Any]:
        self.stub.wait_for(lambda _: self.replies_to(token), timeout)
        found = self.replies_to(token)
        assert found, "no reply reached the LINE stub"
        return found[0].json()

    def wait_push(self, to: str, timeout: float = 90) -> dict[str, Any]:
        self.stub.wait_for(lambda _: self.pushes_to(to), timeout)
        found = self.pushes_to(to)
        assert found, "no push reached the LINE stub"
        return found[0].json()


def user_id() -> str:
    return "U" + uuid.uuid4().hex


def all_text(call: dict[str, Any]) -> str:
    return "\n".join(m.get("text", "") for m in call["messages"])


@pytest.fixture
def line_user(bot: Stack, line_stub: RecordingStub) -> Iterator[LineUser]:
    line_stub.clear()
    line_stub.routes.clear()
    yield LineUser(bot, line_stub)
    line_stub.routes.clear()


def test_warning_letter_gets_the_defence_program(line_user: LineUser) -> None:
    event = line.text_event(user_id(), "海外から警告状が届いた")
    line_user.send(event)
    reply = line_user.wait_reply(event["replyToken"])
    assert DEFENCE_PROGRAM in all_text(reply)
    assert DEFENCE_PHONE in all_text(reply)
    assert 1 <= len(reply["messages"]) <= 5
    request = line_user.replies_to(event["replyToken"])[0]
    assert request.headers["Authorization"] == f"Bearer {LINE_TOKEN}"


@pytest.mark.parametrize("signature", [None, "bm90LXRoZS1yaWdodC1zaWduYXR1cmU="])
def test_unsigned_or_badly_signed_requests_are_refused(
    line_user: LineUser, signature: str | None
) -> None:
    user = user_id()
    forged = line.text_event(user, "海外から警告状が届いた")
    response = line_user.post(line.body(forged), signature=signature)
    assert response.status_code == 401
    # A genuine event from the same user afterwards is answered; the forged one never is.
    genuine = line.text_event(user, "ありがとう")
    line_user.send(genuine)
    line_user.wait_reply(genuine["replyToken"])
    assert line_user.replies_to(forged["replyToken"]) == []
    assert line_user.pushes_to(user) == []


def test_bad_json_and_connection_check(line_user: LineUser) -> None:
    bad = line_user.post(b'{"events": [')
    assert bad.status_code == 400
    assert "JSON" in bad.json()["error"]
    assert line_user.post(line.body()).status_code == 200


def test_several_events_in_one_request(line_user: LineUser) -> None:
    asking, clicking, following, leaving, sticking = (user_id() for _ in range(5))
    events = [
        line.text_event(asking, "海外から警告状が届いた"),
        line.postback_event(clicking, "/ask_defense_support"),
        line.follow_event(following),
        line.unfollow_event(leaving),
        line.sticker_event(sticking),
    ]
    line_user.send(*events)
    typed = line_user.wait_reply(events[0]["replyToken"])
    clicked = line_user.wait_reply(events[1]["replyToken"])
    welcome = line_user.wait_reply(events[2]["replyToken"])
    sticker = line_user.wait_reply(events[4]["replyToken"])
    assert DEFENCE_PROGRAM in all_text(typed)
    assert DEFENCE_PROGRAM in all_text(clicked)  # the postback's payload reached the bot
    assert "海外知財支援ナビ" in all_text(welcome)
    assert welcome["messages"][-1]["quickReply"]["items"]
    assert all_text(sticker) == UNSUPPORTED_TEXT
    assert line_user.pushes_to(leaving) == []
    assert not [r for r in line_user.stub.requests if leaving in r.body.decode()]


def test_welcome_menu_fits_line_quick_reply_limits(line_user: LineUser) -> None:
    event = line.follow_event(user_id())
    line_user.send(event)
    welcome = line_user.wait_reply(event["replyToken"])
    items = welcome["messages"][-1]["quickReply"]["items"]
    assert 2 <= len(items) <= 13
    for item in items:
        action = item["action"]
        assert action["type"] == "postback"
        assert 0 < utf16_len(action["label"]) <= 20
        assert 0 < utf16_len(action["data"]) <= 300
        assert action["data"].startswith("/")
        assert action["displayText"]
    # Tapping a menu item sends its postback, and the bot answers that topic.
    tapped = line.postback_event(event["source"]["userId"], items[0]["action"]["data"])
    line_user.send(tapped)
    assert all_text(line_user.wait_reply(tapped["replyToken"]))


def test_duplicate_delivery_is_answered_once(line_user: LineUser) -> None:
    user = user_id()
    event = line.text_event(user, "海外から警告状が届いた")
    line_user.send(event)
    line_user.wait_reply(event["replyToken"])
    line_user.send({**event, "deliveryContext": {"isRedelivery": True}})
    marker = line.text_event(user, "ありがとう")
    line_user.send(marker)
    line_user.wait_reply(marker["replyToken"])  # answered after any duplicate would be
    assert len(line_user.replies_to(event["replyToken"])) == 1
    assert line_user.pushes_to(user) == []


def test_failed_reply_falls_back_to_push(line_user: LineUser) -> None:
    line_user.stub.routes[REPLY] = (400, {"message": "Invalid reply token"})
    user = user_id()
    event = line.text_event(user, "海外から警告状が届いた")
    line_user.send(event)
    push = line_user.wait_push(user)
    assert DEFENCE_PROGRAM in all_text(push)
    assert DEFENCE_PHONE in all_text(push)
    assert len(line_user.replies_to(event["replyToken"])) == 1
