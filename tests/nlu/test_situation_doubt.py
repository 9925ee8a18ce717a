"""SituationDoubt: an out-of-scope verdict on a told dispute becomes a question back, or
the program when the story places itself abroad."""

from __future__ import annotations

import pytest

from bot.nlu.situation_doubt import SituationDoubt
from tests.nlu.classified_message import classified


@pytest.fixture(scope="module")
def doubt() -> SituationDoubt:
    return SituationDoubt(SituationDoubt.get_default_config())


def test_a_told_warning_letter_is_asked_back_with_the_defence_program_first(doubt) -> None:
    text = "販売を始めて数か月後に「その名前はウチの登録商標だ」と警告書が届いた"
    ranking = [("out_of_scope", 0.91), ("ask_squatting_support", 0.05)]
    (out,) = doubt.process([classified(text, ranking)])
    assert out.get("intent")["name"] == "nlu_fallback"
    names = [r["name"] for r in out.get("intent_ranking")]
    assert names[:2] == ["nlu_fallback", "ask_defense_support"]
    assert "ask_squatting_support" in names  # the rest of the ranking is kept


@pytest.mark.parametrize(
    ("text", "entities", "program_intent"),
    [
        (
            "アメリカで販売を始めたら、数か月後に「その名前はウチの登録商標だ」と警告書が届いた",
            [{"entity": "country", "value": "米国"}],
            "ask_defense_support",
        ),
        ("現地の展示会に出したら、よく似た偽物が売られている", [], "ask_counterfeit_support"),
    ],
)
def test_a_told_dispute_placed_abroad_is_answered(doubt, text, entities, program_intent) -> None:
    (out,) = doubt.process([classified(text, [("out_of_scope", 0.97)], entities)])
    assert out.get("intent")["name"] == program_intent
    assert "nlu_fallback" not in [r["name"] for r in out.get("intent_ranking")]


@pytest.mark.parametrize(
    "text",
    [
        "日本の取引先から特許侵害の警告状が届いた",  # no place abroad: still asked back
        "そもそも模倣品って、法律上はどういうものを指すのですか",
        "記事で、日本の地名が海外で商標登録されていたという話を読みました。よくあることですか",
    ],
)
def test_a_dispute_not_placed_abroad_or_only_read_about_is_still_asked_back(
    doubt, text: str
) -> None:
    (out,) = doubt.process([classified(text, [("out_of_scope", 0.97)])])
    assert out.get("intent")["name"] in ("nlu_fallback", "out_of_scope")


@pytest.mark.parametrize(
    "text",
    [
        "商標の更新期限は国によって違うのですか",  # no dispute told
        "国内の同業者から内容証明で警告状が届いた",  # a dispute in Japan
    ],
)
def test_out_of_scope_stays_when_no_dispute_abroad_is_told(doubt, text: str) -> None:
    (out,) = doubt.process([classified(text, [("out_of_scope", 0.9)])])
    assert out.get("intent")["name"] == "out_of_scope"


def test_other_intents_are_left_alone(doubt) -> None:
    (out,) = doubt.process([classified("警告状が届いた", [("ask_defense_support", 0.9)])])
    assert out.get("intent")["name"] == "ask_defense_support"
