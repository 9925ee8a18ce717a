"""PriorityQuestion: a question of time about the priority period gets the deadline answer."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.priority_question import PriorityQuestion, asks_priority_time


def classified(text: str, intent: str, faq_key: str = "") -> Message:
    message = Message(data={"text": text})
    message.set("intent", {"name": intent, "confidence": 0.9}, add_to_output=True)
    message.set("intent_ranking", [{"name": intent, "confidence": 0.9}], add_to_output=True)
    if faq_key:
        selected = {"faq": {"response": {"intent_response_key": faq_key}}}
        message.set("response_selector", selected, add_to_output=True)
    return message


@pytest.mark.parametrize(
    "text",
    [
        "日本出願を基礎としてパリ条約ルートで韓国に出願したい。いつまでに出願する必要がありますか",
        "日本で特許出願してから12か月（優先期間）を過ぎてしまいましたが、外国出願できますか",
        "意匠の優先期間は６ヶ月？",
    ],
)
def test_priority_words_beside_a_question_of_time(text: str) -> None:
    assert asks_priority_time(text)


@pytest.mark.parametrize(
    "text",
    [
        "優先期間を過ぎてしまった商標でも支援の対象になる？",  # a subsidy rule
        "商標に優先権は必要ですか",  # no question of time
        "保険の期間はいつからいつまで？",  # not priority
    ],
)
def test_other_questions_are_left_alone(text: str) -> None:
    assert not asks_priority_time(text)


def test_a_wrong_faq_gives_way_but_the_priority_faq_stays() -> None:
    component = PriorityQuestion(PriorityQuestion.get_default_config())
    text = "パリ条約ルートで韓国に出願したい。いつまでに出願する必要がありますか"
    (out,) = component.process([classified(text, "faq", "faq/no_domestic_application")])
    assert out.get("intent")["name"] == "ask_priority_deadline"
    (kept,) = component.process([classified(text, "faq", "faq/priority_period")])
    assert kept.get("intent")["name"] == "faq"


def test_a_long_priority_question_trusts_the_priority_faq() -> None:
    from actions.confidence import faq_choice

    text = (
        "日本の商標登録出願に基づく優先権主張をして外国に商標登録出願する場合、"
        "特許の場合と同様に、日本出願から1年以内に外国出願すればよいのでしょうか?"
    )

    def parsed(key: str) -> dict:
        ranking = [
            {"intent_response_key": f"faq/{key}", "confidence": 0.84},
            {"intent_response_key": "faq/desk_free", "confidence": 0.03},
        ]
        selector = {"faq": {"response": ranking[0], "ranking": ranking}}
        return {"text": text, "response_selector": selector}

    assert faq_choice(parsed("priority_period")).trusted  # 0.84: below 0.97 for long texts
    assert not faq_choice(parsed("payment_timing")).trusted
