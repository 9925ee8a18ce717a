"""ShortReplyRescue gives short yes/no/greeting replies back their clear intent."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.short_reply_rescue import ShortReplyRescue


def after_fallback(text: str, ranking: list[tuple[str, float]]) -> Message:
    """A message as FallbackClassifier leaves it: nlu_fallback first, then DIET's ranking."""
    fallback = {"name": "nlu_fallback", "confidence": 0.6}
    message = Message(data={"text": text})
    message.set("intent", fallback, add_to_output=True)
    ranked = [fallback, *({"name": n, "confidence": c} for n, c in ranking)]
    message.set("intent_ranking", ranked, add_to_output=True)
    return message


def rescued(message: Message) -> str:
    (out,) = ShortReplyRescue(ShortReplyRescue.get_default_config()).process([message])
    return out.get("intent")["name"]


@pytest.mark.parametrize(
    ("text", "ranking", "expected"),
    [
        ("いいえ", [("deny", 0.57), ("ask_office_action_subsidy", 0.06)], "deny"),
        ("そうです", [("affirm", 0.59), ("deny", 0.18)], "affirm"),
        ("お願いします", [("affirm", 0.54), ("inform", 0.07)], "affirm"),
    ],
)
def test_a_clear_short_reply_keeps_its_intent(text, ranking, expected) -> None:
    assert rescued(after_fallback(text, ranking)) == expected


@pytest.mark.parametrize(
    ("text", "ranking"),
    [
        # Close call between yes and no: asking back is safer.
        ("ええと", [("affirm", 0.48), ("deny", 0.3)]),
        # Too weak.
        ("どうもー", [("greet", 0.41), ("ask_how_to_apply", 0.17)]),
        # Not a short-reply intent: a program question stays a question back.
        ("対象は？", [("ask_requirements", 0.59), ("ask_covered_costs", 0.05)]),
        # A long message is never a short reply.
        ("はい、それで中国の模倣品対策の補助金について詳しく", [("affirm", 0.59), ("deny", 0.01)]),
    ],
)
def test_anything_else_stays_nlu_fallback(text, ranking) -> None:
    assert rescued(after_fallback(text, ranking)) == "nlu_fallback"


def test_a_confident_intent_is_left_alone() -> None:
    message = Message(data={"text": "はい"})
    message.set("intent", {"name": "affirm", "confidence": 0.99}, add_to_output=True)
    assert rescued(message) == "affirm"
