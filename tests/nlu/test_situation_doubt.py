"""SituationDoubt: an out-of-scope verdict on a told dispute becomes a question back."""

from __future__ import annotations

import pytest

from bot.nlu.situation_doubt import SituationDoubt
from tests.nlu.classified_message import classified


@pytest.fixture(scope="module")
def doubt() -> SituationDoubt:
    return SituationDoubt(SituationDoubt.get_default_config())


def test_a_told_warning_letter_is_asked_back_with_the_defence_program_first(doubt) -> None:
    text = "アメリカで販売を始めたら、数か月後に「その名前はウチの登録商標だ」と警告書が届いた"
    ranking = [("out_of_scope", 0.91), ("ask_squatting_support", 0.05)]
    (out,) = doubt.process([classified(text, ranking)])
    assert out.get("intent")["name"] == "nlu_fallback"
    names = [r["name"] for r in out.get("intent_ranking")]
    assert names[:2] == ["nlu_fallback", "ask_defense_support"]
    assert "ask_squatting_support" in names  # the rest of the ranking is kept


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
