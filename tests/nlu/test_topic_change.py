"""TopicChange: 「やっぱり模倣品の話です」 is a new topic, not a stop or a no."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.topic_change import TopicChange


def classified(text: str, ranking: list[tuple[str, float]], fallback: bool = False) -> Message:
    message = Message(data={"text": text})
    ranked = [{"name": n, "confidence": c} for n, c in ranking]
    if fallback:
        ranked = [{"name": "nlu_fallback", "confidence": 0.6}, *ranked]
    message.set("intent", ranked[0], add_to_output=True)
    message.set("intent_ranking", ranked, add_to_output=True)
    return message


def intent_after(text: str, ranking: list[tuple[str, float]], fallback: bool = False) -> str:
    component = TopicChange(TopicChange.get_default_config())
    (out,) = component.process([classified(text, ranking, fallback)])
    return out.get("intent")["name"]


@pytest.mark.parametrize(
    ("text", "ranking", "fallback", "expected"),
    [
        (
            "やっぱり模倣品の話です",
            [("stop", 0.65), ("out_of_scope", 0.06)],
            False,
            "ask_counterfeit_support",
        ),
        (
            "いや、模倣品の話です",
            [("deny", 0.87), ("inform", 0.02)],
            False,
            "ask_counterfeit_support",
        ),
        (
            "いや、やっぱり模倣品の話です",
            [("deny", 0.32), ("stop", 0.22)],
            True,
            "ask_counterfeit_support",
        ),
        ("やっぱり警告状の話です", [("stop", 0.7)], False, "ask_defense_support"),
    ],
)
def test_a_stop_or_no_that_names_a_program_changes_the_topic(
    text: str, ranking, fallback: bool, expected: str
) -> None:
    assert intent_after(text, ranking, fallback) == expected


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("いいえ、模倣品じゃないです", "deny"),
        ("模倣品の話はやめます", "stop"),
        ("いいえ、警告状は届いていません", "deny"),
        ("いや、冒認と模倣品の両方です", "deny"),
        ("いいえ", "deny"),
        ("ありがとう、模倣品の件は分かりました", "thank"),
    ],
)
def test_a_negated_or_dropped_program_and_other_verdicts_stay(text: str, intent: str) -> None:
    assert intent_after(text, [(intent, 0.9)]) == intent
