"""Reading LINE webhooks: signatures, bodies, event types and duplicate deliveries."""

from __future__ import annotations

import pytest

from bot.channels.line_events import (
    WELCOME_PAYLOAD,
    RecentIds,
    WebhookFormatError,
    job_for,
    parse_events,
    signature_is_valid,
)
from bot.channels.line_format import UNSUPPORTED_TEXT
from tests.channels import line_payloads as line

SECRET = "unit-test-secret"


def test_valid_signature_is_accepted() -> None:
    raw = line.body(line.text_event("U1", "海外から警告状が届いた"))
    assert signature_is_valid(raw, line.sign(raw, SECRET), SECRET)


@pytest.mark.parametrize("signature", [None, "", "bm90IGEgc2lnbmF0dXJl", "ü"])
def test_missing_or_wrong_signature_is_refused(signature: str | None) -> None:
    raw = line.body(line.text_event("U1", "海外から警告状が届いた"))
    assert not signature_is_valid(raw, signature, SECRET)


def test_signature_covers_the_raw_body() -> None:
    raw = line.body(line.text_event("U1", "海外から警告状が届いた"))
    tampered = raw.replace("警告状".encode(), "請求書".encode())
    assert not signature_is_valid(tampered, line.sign(raw, SECRET), SECRET)
    assert not signature_is_valid(raw, line.sign(raw, "other-secret"), SECRET)


def test_empty_secret_accepts_nothing() -> None:
    raw = line.body()
    assert not signature_is_valid(raw, line.sign(raw, ""), "")


@pytest.mark.parametrize(
    "raw", [b"not json", b"\xff\xfe", b"[]", b'{"destination": "U"}', b'{"events": {}}']
)
def test_bodies_that_are_not_webhooks_are_errors(raw: bytes) -> None:
    with pytest.raises(WebhookFormatError):
        parse_events(raw)


def test_empty_events_is_a_connection_check() -> None:
    assert parse_events(line.body()) == []


def test_text_message_goes_to_the_bot() -> None:
    event = line.text_event("U1", "海外から警告状が届いた")
    job = job_for(event)
    assert job is not None
    assert job.user_message == "海外から警告状が届いた"
    assert job.conversation_id == "U1"
    assert job.reply_token == event["replyToken"]
    assert job.event_id == event["webhookEventId"]


def test_postback_data_is_the_user_message() -> None:
    job = job_for(line.postback_event("U1", '/inform{"right_type": "商標"}'))
    assert job is not None and job.user_message == '/inform{"right_type": "商標"}'


def test_follow_greets_through_the_bot() -> None:
    job = job_for(line.follow_event("U1"))
    assert job is not None and job.user_message == WELCOME_PAYLOAD


def test_unfollow_needs_nothing() -> None:
    assert job_for(line.unfollow_event("U1")) is None


def test_sticker_gets_a_polite_text() -> None:
    job = job_for(line.sticker_event("U1"))
    assert job is not None
    assert job.user_message is None and job.fixed_text == UNSUPPORTED_TEXT


def test_sticker_without_reply_token_gets_nothing() -> None:
    assert job_for(line.sticker_event("U1", replyToken=None)) is None


def test_group_is_one_conversation() -> None:
    source = {"type": "group", "groupId": "C123", "userId": "U1"}
    job = job_for(line.text_event("U1", "こんにちは", source=source))
    assert job is not None and job.conversation_id == "C123"


def test_standby_mode_is_left_alone() -> None:
    assert job_for(line.text_event("U1", "こんにちは", mode="standby")) is None


def test_recent_ids_drop_repeats_and_stay_bounded() -> None:
    recent = RecentIds(capacity=2)
    assert not recent.seen_before("a")
    assert recent.seen_before("a")
    assert not recent.seen_before("b")
    assert not recent.seen_before("c")  # evicts "a", the least recently seen
    assert not recent.seen_before("a")
    assert not recent.seen_before(None) and not recent.seen_before(None)
