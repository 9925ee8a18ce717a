"""Handoff tickets and 👍/👎 feedback from real rasa_sdk trackers, on both databases."""

from __future__ import annotations

import asyncio
import logging

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation_actions import ActionHandoff
from actions.feedback_actions import ActionRecordFeedback
from actions.handoff import record_handoff
from bot.channels.line_format import to_line_messages
from desk.feedback import feedback_counts
from desk.tickets import get_ticket, list_tickets
from knowledge import get_knowledge_base
from tests.support.stubs import RecordingStub


def user(text: str, intent: str, channel: str = "line", ts: float = 1764547200.0) -> dict:
    return {
        "event": "user",
        "text": text,
        "timestamp": ts,
        "input_channel": channel,
        "parse_data": {"intent": {"name": intent, "confidence": 0.99}, "entities": []},
    }


def bot(text: str) -> dict:
    return {"event": "bot", "text": text, "timestamp": 1764547201.0}


def tracker(events: list[dict], slots: dict | None = None, sender: str = "U-line-42") -> Tracker:
    latest = events[-1] if events and events[-1]["event"] == "user" else {}
    return Tracker(
        sender_id=sender,
        slots={"fallback_count": 0.0, **(slots or {})},
        latest_message={**latest.get("parse_data", {}), "text": latest.get("text")},
        events=events,
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run(action, t: Tracker) -> tuple[str, list[dict]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, {}))
    return "\n".join(m.get("text") or "" for m in dispatcher.messages), events


CONVERSATION = [
    user("警告状が届きました。鈴木と申します。090-1234-5678", "ask_defense_support"),
    bot("ご相談の内容には【防衛型侵害対策支援事業】が当てはまります。"),
    user("/ask_squatting_support", "ask_squatting_support"),
    bot("【冒認商標無効・取消係争支援事業】"),
    user("人と話したい", "request_human"),
]


def test_handoff_ticket_from_the_tracker(db_url: str) -> None:
    slots = {"program": "defense_support", "prefecture": "大阪府", "country": "中国"}
    ticket_id = record_handoff(tracker(CONVERSATION, slots), "user_request")
    ticket = get_ticket(ticket_id)
    assert ticket.channel == "line" and ticket.sender_id == "U-line-42"
    assert ticket.programs == ["defense_support", "squatting_support"]
    assert (ticket.prefecture, ticket.country) == ("大阪府", "中国")
    said = [(t.role, t.text) for t in ticket.transcript]
    assert said[0] == ("user", "警告状が届きました。［氏名］と申します。［電話番号］")
    assert said[1][0] == "bot" and said[2] == ("user", "［ボタン］商標の抜け駆け出願")
    assert ticket.urgency == "high" and ticket.summary.startswith("【至急：警告状】")
    assert ticket.transcript[0].at == "2025-12-01T00:00:00Z"


def test_storage_failure_still_gives_the_desks_numbers(monkeypatch, caplog) -> None:
    monkeypatch.setenv("DESK_DB_URL", "postgresql://nobody@127.0.0.1:9/none")
    caplog.set_level(logging.INFO)
    reply, events = run(ActionHandoff(), tracker(CONVERSATION))
    desk = get_knowledge_base().program("inpit_ip_desk").contacts[0]
    assert desk.phone in reply and {"event": "slot", "name": "handoff_requested",
                                    "value": True, "timestamp": None} in events  # fmt: skip
    logged = caplog.text
    assert "U-line-42" in logged and "OperationalError" in logged
    assert "警告状" not in logged and "090-1234-5678" not in logged


def test_urgent_ticket_posts_to_slack(db_url: str, monkeypatch) -> None:
    stub = RecordingStub(routes={"/chat.postMessage": (200, {"ok": True})}).start()
    try:
        monkeypatch.setenv("DESK_SLACK_BOT_TOKEN", "xoxb-desk-test")
        monkeypatch.setenv("DESK_SLACK_CHANNEL", "#desk-urgent")
        monkeypatch.setenv("DESK_SLACK_API_BASE_URL", stub.url)
        ticket_id = record_handoff(tracker(CONVERSATION), "user_request")
        calls = stub.wait_for(lambda r: any(x.path == "/chat.postMessage" for x in r))
        (call,) = (c for c in calls if c.path == "/chat.postMessage")
        body = call.body.decode()
        assert "desk-urgent" in body and ticket_id in body
        assert call.headers["Authorization"] == "Bearer xoxb-desk-test"
        assert "090-1234-5678" not in body
    finally:
        stub.stop()


def test_normal_ticket_or_no_token_posts_nothing(db_url: str, monkeypatch) -> None:
    stub = RecordingStub().start()
    try:
        monkeypatch.setenv("DESK_SLACK_API_BASE_URL", stub.url)
        monkeypatch.setenv("DESK_SLACK_BOT_TOKEN", "xoxb-desk-test")
        record_handoff(tracker([user("人と話したい", "request_human")]), "user_request")
        monkeypatch.delenv("DESK_SLACK_BOT_TOKEN")
        # Another conversation: urgent, but no token.
        record_handoff(tracker(CONVERSATION, sender="U-line-43"), "user_request")
        from desk.notify import _pool

        _pool().submit(lambda: None).result(timeout=10)  # the queue has drained
        assert stub.requests == [] and len(list_tickets()) == 2
    finally:
        stub.stop()


@pytest.mark.parametrize("rating", ["up", "down"])
def test_feedback_is_stored_with_the_rated_answers_intent(db_url: str, rating: str) -> None:
    events = [
        user("海外から警告状が届いた", "ask_defense_support", channel="rest"),
        bot("【防衛型侵害対策支援事業】"),
        user(f'/feedback{{"rating":"{rating}"}}', "feedback", channel="rest"),
    ]
    reply, slot_events = run(
        ActionRecordFeedback(), tracker(events, {"rating": rating, "program": "defense_support"})
    )
    assert reply.startswith("ご意見ありがとうございます。")
    assert ("人と話したい" in reply) == (rating == "down")
    assert slot_events == [{"event": "slot", "name": "rating", "value": None, "timestamp": None}]
    (row,) = feedback_counts()
    assert row["intent"] == "ask_defense_support" and row["program"] == "defense_support"
    assert (row["up"], row["down"]) == ((1, 0) if rating == "up" else (0, 1))


def test_feedback_without_a_rating_is_not_stored(db_url: str) -> None:
    events = [user("/feedback", "feedback", channel="rest")]
    reply, _ = run(ActionRecordFeedback(), tracker(events, {"rating": "great"}))
    assert "👍か👎" in reply and feedback_counts() == []


def test_line_answers_offer_feedback_quick_replies() -> None:
    (answer,) = to_line_messages([{"text": "【防衛型侵害対策支援事業】"}], rateable=True)
    data = [i["action"]["data"] for i in answer["quickReply"]["items"]]
    assert data == ['/feedback{"rating":"up"}', '/feedback{"rating":"down"}']
    assert "quickReply" not in to_line_messages([{"text": "ようこそ"}], rateable=False)[0]
