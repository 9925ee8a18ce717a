"""NamedProgramRescue keeps a program intent only when the text names that one program."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.named_program_rescue import NamedProgramRescue


def after_fallback(text: str, ranking: list[tuple[str, float]]) -> Message:
    """A message as FallbackClassifier leaves it: nlu_fallback first, then DIET's ranking."""
    fallback = {"name": "nlu_fallback", "confidence": 0.6}
    message = Message(data={"text": text})
    message.set("intent", fallback, add_to_output=True)
    ranked = [fallback, *({"name": n, "confidence": c} for n, c in ranking)]
    message.set("intent_ranking", ranked, add_to_output=True)
    return message


@pytest.fixture(scope="module")
def rescue() -> NamedProgramRescue:
    return NamedProgramRescue(NamedProgramRescue.get_default_config())


def intent_after(rescue: NamedProgramRescue, text: str, ranking) -> str:
    (out,) = rescue.process([after_fallback(text, ranking)])
    return out.get("intent")["name"]


def test_the_named_program_and_the_top_intent_agree(rescue) -> None:
    ranking = [("ask_foreign_filing_subsidy", 0.58), ("ask_inpit_subsidy", 0.15)]
    assert intent_after(rescue, "外国出願の補助金ありますか", ranking) == (
        "ask_foreign_filing_subsidy"
    )


def test_a_program_just_behind_a_conversational_word_is_kept(rescue) -> None:
    ranking = [("stop", 0.39), ("ask_defense_support", 0.35), ("out_of_scope", 0.19)]
    assert intent_after(rescue, "やっぱり警告状が届いた話", ranking) == "ask_defense_support"


def test_the_situation_words_stand_in_for_a_name(rescue) -> None:
    ranking = [("ask_defense_support", 0.43), ("goodbye", 0.36)]
    assert intent_after(rescue, "ほな警告状が届いたんやけど", ranking) == "ask_defense_support"


@pytest.mark.parametrize(
    ("text", "ranking"),
    [
        # The situation words point to another program than the top intent's.
        ("ほな警告状が届いたんやけど", [("ask_counterfeit_support", 0.5)]),
        # The text names no program.
        ("費用の補助ってありますか", [("ask_foreign_filing_subsidy", 0.58)]),
        # It names another program than the top intent's.
        ("冒認の補助金ありますか", [("ask_foreign_filing_subsidy", 0.58)]),
        # Two programs named: which one is meant is a real question.
        ("INPITと外国出願支援事業の違い", [("ask_inpit_subsidy", 0.5)]),
        # The top intent is not about a program.
        ("外国出願の補助金の対象は？", [("ask_requirements", 0.59)]),
        # Too unsure.
        ("外国出願って", [("ask_foreign_filing_subsidy", 0.3)]),
        # Second behind a conversational intent, but too unsure.
        ("やっぱり警告状が届いた", [("stop", 0.39), ("ask_defense_support", 0.2)]),
        # out_of_scope just behind: the program word is the topic of another question.
        (
            "「模倣品」の法的な定義は何ですか",
            [("ask_counterfeit_support", 0.43), ("out_of_scope", 0.36)],
        ),
        # Second behind an aspect intent: the aspect may be the question.
        (
            "外国出願の補助金の対象は？",
            [("ask_requirements", 0.39), ("ask_foreign_filing_subsidy", 0.35)],
        ),
    ],
)
def test_otherwise_the_question_back_stays(rescue, text, ranking) -> None:
    assert intent_after(rescue, text, ranking) == "nlu_fallback"
