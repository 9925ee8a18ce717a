"""The LINE connector end to end in-process: a scripted bot stands in for Rasa.

These pin down the webhook contract (status codes, background answers, reply versus push,
duplicates) deterministically; test_line_e2e.py checks the same path with the real bot.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any, Awaitable, Callable, Iterator

import pytest
from rasa.core.channels.channel import UserMessage

from bot.channels import line as line_module
from bot.channels.line import LineInput
from bot.channels.line_format import FAILURE_TEXT, UNSUPPORTED_TEXT
from tests.channels import line_payloads as line
from tests.support.stubs import RecordedRequest, RecordingStub

SECRET = "connector-test-secret"
TOKEN = "connector-test-token"
REPLY = "/v2/bot/message/reply"
PUSH = "/v2/bot/message/push"


class ScriptedBot:
    """Answers like Rasa would (through the output channel), from a fixed script."""

    def __init__(self, answers: Callable[[str], list[dict[str, Any]]] | None = None):
        self.received: list[UserMessage] = []
        self.answers = answers or (lambda text: [{"text": f"「{text}」へのお答えです。"}])
        self.gate: asyncio.Event | None = None

    async def __call__(self, message: UserMessage) -> None:
        self.received.append(message)
        if self.gate is not None:
            await self.gate.wait()
        for answer in self.answers(message.text or ""):
            await message.output_channel.send_response(message.sender_id, dict(answer))


@pytest.fixture(scope="module")
def module_stub() -> Iterator[RecordingStub]:
    stub = RecordingStub().start()
    yield stub
    stub.stop()


@pytest.fixture
def stub(module_stub: RecordingStub) -> RecordingStub:
    """A LINE API stub of this module's own, emptied for each test."""
    module_stub.clear()
    module_stub.routes.clear()
    return module_stub


def run(
    stub: RecordingStub,
    bot: ScriptedBot,
    *bodies: bytes,
    signature: Callable[[bytes], str | None] = lambda raw: line.sign(raw, SECRET),
    during: Callable[[], Awaitable[None]] | None = None,
) -> list[tuple[int, dict[str, str]]]:
    """Deliver webhook bodies to a fresh channel; wait for all background answers."""

    async def scenario() -> list[tuple[int, dict[str, str]]]:
        channel = LineInput(SECRET, TOKEN, stub.url)
        results = [channel.accept(raw, signature(raw), bot) for raw in bodies]
        if during is not None:
            await during()
        await channel.drain(timeout=10)
        await channel.api.aclose()
        return results

    return asyncio.run(scenario())


def sent(stub: RecordingStub, path: str) -> list[dict[str, Any]]:
    return [r.json() for r in stub.requests if r.path == path]


def texts(request_body: dict[str, Any]) -> list[str]:
    return [m.get("text", "") for m in request_body["messages"]]


def test_answers_200_at_once_and_replies_in_the_background(stub: RecordingStub) -> None:
    bot = ScriptedBot()
    bot.gate = asyncio.Event()
    event = line.text_event("U1", "海外から警告状が届いた")

    async def while_bot_is_busy() -> None:
        await asyncio.sleep(0.05)
        assert stub.requests == []  # LINE already has its 200; nothing sent yet
        assert bot.gate is not None
        bot.gate.set()

    [(status, _)] = run(stub, bot, line.body(event), during=while_bot_is_busy)
    assert status == 200
    [reply] = sent(stub, REPLY)
    assert reply["replyToken"] == event["replyToken"]
    assert texts(reply) == ["「海外から警告状が届いた」へのお答えです。"]
    request: RecordedRequest = stub.requests[0]
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    message = bot.received[0]
    assert (message.sender_id, message.input_channel) == ("U1", "line")
    assert message.message_id == event["webhookEventId"]


@pytest.mark.parametrize("signature", [None, "", "AAAA", line.sign(b"other", SECRET)])
def test_bad_signature_gets_401_and_nothing_happens(
    stub: RecordingStub, signature: str | None
) -> None:
    bot = ScriptedBot()
    raw = line.body(line.text_event("U1", "海外から警告状が届いた"))
    [(status, body)] = run(stub, bot, raw, signature=lambda _: signature)
    assert status == 401 and "signature" in body["error"].lower()
    assert bot.received == [] and stub.requests == []


def test_signed_garbage_gets_400_with_a_reason(stub: RecordingStub) -> None:
    [(status, body)] = run(stub, ScriptedBot(), b"{not json")
    assert status == 400 and "JSON" in body["error"]


def test_connection_check_with_no_events(stub: RecordingStub) -> None:
    bot = ScriptedBot()
    assert run(stub, bot, line.body()) == [(200, {})]
    assert bot.received == [] and stub.requests == []


def test_every_event_in_a_request_is_handled(stub: RecordingStub) -> None:
    bot = ScriptedBot()
    events = [
        line.text_event("U1", "海外から警告状が届いた"),
        line.postback_event("U2", '/inform{"right_type": "商標"}'),
        line.follow_event("U3"),
        line.unfollow_event("U4"),
        line.sticker_event("U5"),
    ]
    [(status, _)] = run(stub, bot, line.body(*events))
    assert status == 200
    assert sorted((m.sender_id, m.text) for m in bot.received) == [
        ("U1", "海外から警告状が届いた"),
        ("U2", '/inform{"right_type": "商標"}'),
        ("U3", "/greet"),
    ]
    replies = {r["replyToken"]: texts(r) for r in sent(stub, REPLY)}
    assert set(replies) == {events[i]["replyToken"] for i in (0, 1, 2, 4)}
    assert replies[events[4]["replyToken"]] == [UNSUPPORTED_TEXT]
    assert sent(stub, PUSH) == []


def test_one_users_events_are_answered_in_order(stub: RecordingStub) -> None:
    bot = ScriptedBot()
    events = [line.text_event("U1", f"質問{i}") for i in range(4)]
    run(stub, bot, line.body(*events))
    assert [m.text for m in bot.received] == ["質問0", "質問1", "質問2", "質問3"]
    assert [r["replyToken"] for r in sent(stub, REPLY)] == [e["replyToken"] for e in events]


def test_duplicate_delivery_is_answered_once(stub: RecordingStub) -> None:
    bot = ScriptedBot()
    event = line.text_event("U1", "海外から警告状が届いた")
    again = {**event, "deliveryContext": {"isRedelivery": True}}
    results = run(stub, bot, line.body(event), line.body(again))
    assert [status for status, _ in results] == [200, 200]
    assert len(bot.received) == 1
    assert len(sent(stub, REPLY)) == 1


def test_failed_reply_falls_back_to_push(stub: RecordingStub) -> None:
    stub.routes[REPLY] = (400, {"message": "Invalid reply token"})
    run(stub, ScriptedBot(), line.body(line.text_event("U1", "海外から警告状が届いた")))
    assert len(sent(stub, REPLY)) == 1
    [push] = sent(stub, PUSH)
    assert push["to"] == "U1"
    assert texts(push) == ["「海外から警告状が届いた」へのお答えです。"]
    [push_request] = [r for r in stub.requests if r.path == PUSH]
    assert push_request.headers.get("X-Line-Retry-Key")


def test_expired_reply_token_goes_straight_to_push(
    stub: RecordingStub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(line_module, "REPLY_TOKEN_TTL_SECONDS", 0.0)
    run(stub, ScriptedBot(), line.body(line.text_event("U1", "海外から警告状が届いた")))
    assert sent(stub, REPLY) == []
    assert len(sent(stub, PUSH)) == 1


def test_push_retries_a_server_error_once_with_the_same_key(
    stub: RecordingStub,
) -> None:
    stub.routes[REPLY] = (400, {"message": "Invalid reply token"})
    stub.routes[PUSH] = (500, {"message": "Internal error"})
    run(stub, ScriptedBot(), line.body(line.text_event("U1", "海外から警告状が届いた")))
    keys = [r.headers["X-Line-Retry-Key"] for r in stub.requests if r.path == PUSH]
    assert len(keys) == 2 and keys[0] == keys[1]


def test_group_answers_go_to_the_group(stub: RecordingStub) -> None:
    stub.routes[REPLY] = (400, {"message": "Invalid reply token"})
    bot = ScriptedBot()
    source = {"type": "group", "groupId": "Cgroup", "userId": "U1"}
    run(stub, bot, line.body(line.text_event("U1", "こんにちは", source=source)))
    assert bot.received[0].sender_id == "Cgroup"
    assert sent(stub, PUSH)[0]["to"] == "Cgroup"


def test_more_than_five_messages_reply_then_push(stub: RecordingStub) -> None:
    long_part = "お" * 3000  # two of these do not fit one bubble, so 7 bubbles stay 7
    bot = ScriptedBot(lambda _: [{"text": long_part + str(i)} for i in range(7)])
    run(stub, bot, line.body(line.text_event("U1", "全部教えて")))
    [reply] = sent(stub, REPLY)
    [push] = sent(stub, PUSH)
    assert len(reply["messages"]) == 5 and len(push["messages"]) == 2
    assert texts(push)[-1].endswith("6")


def test_quick_replies_from_the_bots_buttons(stub: RecordingStub) -> None:
    buttons = [
        {"title": f"とても長いメニュー項目の名前その{i}", "payload": f"/ask_{i}"} for i in range(15)
    ]
    bot = ScriptedBot(lambda _: [{"text": "メニューです。", "buttons": buttons}])
    run(stub, bot, line.body(line.follow_event("U1")))
    [reply] = sent(stub, REPLY)
    items = reply["messages"][-1]["quickReply"]["items"]
    assert len(items) == 13
    assert all(len(i["action"]["label"]) <= 20 for i in items)
    assert items[0]["action"]["data"] == "/ask_0"


def test_long_answer_is_split_for_line(stub: RecordingStub) -> None:
    answer = "😀" * 3000  # 6000 UTF-16 units
    run(
        stub,
        ScriptedBot(lambda _: [{"text": answer}]),
        line.body(line.text_event("U1", "長い")),
    )
    [reply] = sent(stub, REPLY)
    assert [len(t.encode("utf-16-le")) // 2 for t in texts(reply)] == [5000, 1000]


def test_a_crashing_bot_still_answers_politely(stub: RecordingStub) -> None:
    def crash(_: str) -> list[dict[str, Any]]:
        raise RuntimeError("tracker store unavailable")

    run(stub, ScriptedBot(crash), line.body(line.text_event("U1", "海外から警告状が届いた")))
    [reply] = sent(stub, REPLY)
    assert texts(reply) == [FAILURE_TEXT]


def test_message_contents_are_not_logged_at_info(
    stub: RecordingStub, caplog: pytest.LogCaptureFixture
) -> None:
    stub.routes[REPLY] = (400, {"message": "Invalid reply token"})
    caplog.set_level("INFO")
    secret_text = "秘密の発明について相談したい"
    run(stub, ScriptedBot(), line.body(line.text_event("Uprivate", secret_text)))
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert secret_text not in logged and "Uprivate" not in logged
    assert json.dumps(secret_text) not in logged
