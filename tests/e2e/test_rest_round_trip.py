"""The real bot over REST: what a user would see, end to end (action server included)."""

from __future__ import annotations

import re

import pytest

from knowledge import get_knowledge_base
from tests.support.stack import Stack

JAPANESE = re.compile(r"[ぁ-んァ-ン一-龥]")


def test_greeting_gets_a_japanese_welcome_and_the_menu(bot: Stack) -> None:
    messages = bot.rest("rt-greet", "こんにちは")
    assert JAPANESE.search(messages[0]["text"])
    assert any(m.get("buttons") for m in messages)


def test_warning_letter_names_the_defence_program_with_jetro_phone(bot: Stack) -> None:
    program = get_knowledge_base().program("defense_support")
    text = bot.rest_text("rt-warning", "海外から警告状が届いた")
    assert text.splitlines()[0].count(program.name) == 1
    assert program.contacts[0].phone in text
    assert "2025年10月31日で受付を終了しました" in text


def test_followup_then_new_topic(bot: Stack) -> None:
    bot.rest("rt-follow", "海外で偽物が売られていて困っています")
    assert "【模倣品対策支援事業】" in bot.rest_text("rt-follow", "補助率は？")
    bot.rest("rt-follow", "海外知財訴訟費用保険について教えて")
    rate = bot.rest_text("rt-follow", "補助率は？")
    assert "【海外知財訴訟費用保険】" in rate and "1/3" in rate


def test_prefecture_routing_asks_then_answers(bot: Stack) -> None:
    first = bot.rest_text("rt-route", "外国出願の補助金を使いたい")
    assert "都道府県" in first.splitlines()[-1]
    answer = bot.rest_text("rt-route", "愛知です")
    assert "（公財）あいち産業振興機構" in answer and "052-715-3074" in answer


def test_tokyo_is_offered_inpit(bot: Stack) -> None:
    bot.rest("rt-tokyo", "外国出願の補助金を使いたい")
    answer = bot.rest_text("rt-tokyo", "東京都です")
    assert "INPIT外国出願補助金" in answer and "内線3855" in answer


@pytest.mark.parametrize(
    "message",
    ["", "😀😀😀", "あ" * 5000, "<img src=x onerror=alert(1)>", "\u0000\u0001\u0002"],
)
def test_bad_input_gets_a_polite_reply_and_the_conversation_goes_on(
    bot: Stack, message: str
) -> None:
    sender = f"rt-bad-{abs(hash(message))}"
    reply = bot.rest_text(sender, message)
    assert JAPANESE.search(reply), f"no polite Japanese reply to {message[:20]!r}"
    assert "防衛型侵害対策支援事業" in bot.rest_text(sender, "海外から警告状が届いた")


def test_person_request_gives_desk_numbers(bot: Stack) -> None:
    text = bot.rest_text("rt-human", "人と話したい")
    assert "0570-082100" in text and "内線3823" in text


def test_dont_know_in_the_eligibility_check_is_explained_not_taken_as_yes(bot: Stack) -> None:
    question = "御社は中小企業者（個人事業主を含む）ですか？"
    assert question in bot.rest_text("rt-dont-know", "うちが対象になるか診断して")
    reply = bot.rest_text("rt-dont-know", "わかりません")
    assert "人と話したい" in reply  # the explanation, with the way to a person
    assert reply.splitlines()[-1] == question  # the same question again, not the next one
