"""Regression tests for issue 10: no conversation dies or goes silent, over REST.

Each example from the issue is replayed against the real servers: an off-script answer
inside each form, then a normal question that must still be answered correctly.
"""

from __future__ import annotations

import time

import httpx
import pytest

from knowledge import get_knowledge_base
from tests.support.stack import Stack

DEFENCE = "防衛型侵害対策支援事業"


def _texts(messages: list[dict]) -> list[str]:
    return [m["text"] for m in messages if (m.get("text") or "").strip()]


def _buttons(messages: list[dict]) -> list[dict]:
    return [b for m in messages for b in m.get("buttons") or []]


def _converse(bot: Stack, sender: str, turns: list[str]) -> list[list[dict]]:
    replies = []
    for text in turns:
        messages = bot.rest(sender, text)
        assert _texts(messages), f"no reply to {text!r} after {turns}"
        replies.append(messages)
    return replies


@pytest.mark.parametrize(
    ("start", "off_script"),
    [
        ("外国出願の補助金はどこに申し込む？", "未定です"),
        ("外国出願の補助金はどこに申し込む？", "はい"),
        ("外国出願の補助金はどこに申し込む？", "いいえ"),
        ("外国出願の補助金はどこに申し込む？", "火星です"),
        ("補助額を試算したい", "未定です"),
        ("補助額を試算したい", "はい"),
        ("補助額を試算したい", "大阪です"),
        ("うちが対象か診断して", "火星です"),
        ("うちが対象か診断して", "大阪です"),
        ("うちが対象か診断して", "150万円"),
    ],
)
def test_an_off_script_answer_in_a_form_never_kills_the_conversation(
    bot: Stack, start: str, off_script: str
) -> None:
    sender = f"dead-{start}-{off_script}"
    replies = _converse(bot, sender, [start, off_script, off_script, "海外から警告状が届いた"])
    assert any(DEFENCE in t for t in _texts(replies[-1]))


def test_the_first_miss_in_a_form_explains_and_asks_again(bot: Stack) -> None:
    _converse(bot, "dead-explain", ["外国出願の補助金を使いたい"])
    reply = _texts(bot.rest("dead-explain", "火星です"))
    assert any("都道府県名だけ入力してください" in t for t in reply)
    assert "都道府県を入力するか、地方を選んでください" in reply[-1]


def test_the_second_miss_in_a_form_leaves_it_and_names_the_desks(bot: Stack) -> None:
    _converse(bot, "dead-leave", ["うちが対象か診断して", "火星です"])
    reply = "\n".join(_texts(bot.rest("dead-leave", "木星です")))
    assert "0570-082100" in reply and "質問を終わります" in reply
    # The form is over: 「はい」 now gets the menu, not the next eligibility question.
    after = "\n".join(_texts(bot.rest("dead-leave", "はい")))
    assert "みなし大企業" not in after and "ご相談にお答えできます" in after


@pytest.mark.parametrize("size", [60_000, 1_000_000])
def test_an_over_long_message_gets_the_too_long_reply(bot: Stack, size: int) -> None:
    text = "ア" * (size // 3)  # katakana: 3 bytes each in UTF-8
    started = time.monotonic()
    reply = "\n".join(_texts(bot.rest(f"dead-long-{size}", text, timeout=10)))
    elapsed = time.monotonic() - started
    print(f"\n{size:,}-byte message answered in {elapsed:.2f} s")
    assert "長すぎて読み取れませんでした" in reply
    assert DEFENCE in "\n".join(_texts(bot.rest(f"dead-long-{size}", "海外から警告状が届いた")))


def test_a_typed_payload_sets_no_slot(bot: Stack) -> None:
    reply = "\n".join(_texts(bot.rest("dead-payload", '/inform{"prefecture": "東京都"}')))
    # Obeyed, it would route to Tokyo: INPIT's subsidy desk and 東京都's own centre. The
    # polite "please rephrase" reply names only the general desk (0570-082100).
    assert "03-3581-1101" not in reply and "東京都" not in reply
    assert "すみません" in reply
    # The prefecture was not set: the foreign filing subsidy still asks for it.
    ask = _texts(bot.rest("dead-payload", "外国出願の補助金を使いたい"))
    assert "都道府県を入力するか、地方を選んでください" in ask[-1]


def test_a_typed_requested_slot_payload_inside_a_form_is_harmless(bot: Stack) -> None:
    _converse(bot, "dead-reqslot", ["外国出願の補助金を使いたい"])
    for _ in range(3):
        assert _texts(bot.rest("dead-reqslot", '/inform{"requested_slot": null}'))
    reply = "\n".join(_texts(bot.rest("dead-reqslot", "愛知です")))
    org = get_knowledge_base().resolve_prefecture("愛知").organization
    assert org.phone in reply


def test_offered_buttons_work_region_then_prefecture(bot: Stack) -> None:
    first = bot.rest("dead-buttons", "外国出願の補助金を使いたい")
    kanto = next(b for b in _buttons(first) if b["title"] == "関東")
    prefectures = bot.rest("dead-buttons", kanto["payload"])
    kanagawa = next(b for b in _buttons(prefectures) if b["title"] == "神奈川県")
    reply = "\n".join(_texts(bot.rest("dead-buttons", kanagawa["payload"])))
    org = get_knowledge_base().resolve_prefecture("神奈川県").organization
    assert org.name in reply and org.phone in reply


def test_offered_buttons_work_in_the_estimate(bot: Stack) -> None:
    first = bot.rest("dead-estimate", "補助額を試算したい")
    trademark = next(b for b in _buttons(first) if b["title"] == "商標")
    ask = "\n".join(_texts(bot.rest("dead-estimate", trademark["payload"])))
    assert "費用の総額" in ask
    result = bot.rest("dead-estimate", "100万円")
    assert "補助額の目安は50万円です" in "\n".join(_texts(result))
    assert _buttons(result), "the estimate result offers a next step"


@pytest.mark.parametrize(
    "turns",
    [
        ["海外から警告状が届いた", "締切は？"],
        ["外国出願の補助金を使いたい", "東京都です"],
        ["補助額を試算したい", "特許", "400万円"],
        ["うちが対象か診断して", "はい", "いいえ", "はい", "はい", "特許"],
        ["人と話したい"],
        ["今日の天気は？"],
        ["外国出願の補助金を使いたい", "やめます"],
    ],
)
def test_every_answer_offers_a_next_step(bot: Stack, turns: list[str]) -> None:
    replies = _converse(bot, "dead-next-" + "-".join(turns), turns)
    assert _buttons(replies[-1]), f"no buttons after {turns[-1]!r}"


@pytest.mark.parametrize("sender", ["Ub8e0f1c2d3a4b5c6d7e8f9a0b1c2d3e4", "me", "web-xyz", ""])
def test_rest_refuses_senders_that_are_not_the_widgets_form(bot: Stack, sender: str) -> None:
    response = httpx.post(
        f"{bot.rasa_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": "こんにちは"},
        timeout=30,
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_sender"


@pytest.mark.parametrize(
    "body", [b"not json", b"[]", b'{"sender": "web-00000000000000000000000000000000"}']
)
def test_rest_bad_bodies_get_a_clear_error_or_a_reply(bot: Stack, body: bytes) -> None:
    response = httpx.post(f"{bot.rasa_url}/webhooks/rest/webhook", content=body, timeout=30)
    if response.status_code == 200:  # a missing message is an empty message
        assert _texts(response.json())
    else:
        assert response.status_code == 400 and response.json()["message"]
