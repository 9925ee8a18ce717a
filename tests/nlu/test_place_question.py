"""PlaceQuestion: 海外出願支援事業 named with the company's place asks for that desk."""

from __future__ import annotations

import pytest

from bot.nlu.place_question import PlaceQuestion
from tests.nlu.classified_message import classified

FALLBACK = ("nlu_fallback", 0.6)


def intent_after(text: str, ranking: list[tuple[str, float]], entities=()) -> str:
    component = PlaceQuestion(PlaceQuestion.get_default_config())
    (out,) = component.process([classified(text, ranking, entities)])
    return out.get("intent")["name"]


SPLIT = [FALLBACK, ("faq", 0.30), ("ask_foreign_filing_subsidy", 0.27), ("inform_prefecture", 0.2)]


@pytest.mark.parametrize(
    "text",
    [
        "北九州市の会社です。海外出願の補助の窓口はどこですか",
        "横浜の会社です。外国出願の補助はどこに申し込めばいいですか",
    ],
)
def test_a_city_and_the_filing_subsidy_ask_for_the_desk(text: str) -> None:
    assert intent_after(text, SPLIT) == "ask_contact"


def test_a_prefecture_entity_counts_as_the_place() -> None:
    entities = [{"entity": "prefecture", "value": "大阪"}]
    text = "うちは大阪、海外出願の補助ってどこ"
    assert intent_after(text, SPLIT, entities) == "ask_contact"


@pytest.mark.parametrize(
    ("text", "ranking"),
    [
        # no place
        ("海外出願の補助の窓口はどこですか", SPLIT),
        # another program named as well
        ("北九州の会社です。海外出願の補助と模倣品対策の違いは？", SPLIT),
        # the classifier heard no routing question
        ("北九州市の会社です。海外出願の補助の窓口は", [FALLBACK, ("faq", 0.3), ("thank", 0.2)]),
        # no program named
        ("北九州市の会社です。窓口はどこですか", SPLIT),
    ],
)
def test_one_signal_alone_keeps_the_question_back(text: str, ranking) -> None:
    assert intent_after(text, ranking) == "nlu_fallback"


def test_a_sure_intent_is_left_alone() -> None:
    text = "北九州市の会社です。海外出願の補助率は？"
    assert intent_after(text, [("ask_rate", 0.8), ("ask_contact", 0.1)]) == "ask_rate"
