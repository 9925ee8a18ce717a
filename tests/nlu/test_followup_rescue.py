"""FollowupRescue reads a short aspect question in the context of the program discussed."""

from __future__ import annotations

from typing import Optional

import pytest
from rasa.shared.core.slots import TextSlot
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.followup_rescue import FollowupRescue


def after_fallback(text: str, ranking: list[tuple[str, float]]) -> Message:
    """A message as FallbackClassifier leaves it: nlu_fallback first, then DIET's ranking."""
    fallback = {"name": "nlu_fallback", "confidence": 0.6}
    message = Message(data={"text": text})
    message.set("intent", fallback, add_to_output=True)
    ranked = [fallback, *({"name": n, "confidence": c} for n, c in ranking)]
    message.set("intent_ranking", ranked, add_to_output=True)
    return message


def discussing(program: Optional[str]) -> DialogueStateTracker:
    tracker = DialogueStateTracker("u", [TextSlot("program", mappings=[])])
    tracker.slots["program"].value = program
    return tracker


ESTIMATE_OR_CAP = [("ask_subsidy_estimate", 0.46), ("ask_cap", 0.33), ("ask_rate", 0.05)]


def intent_after(text: str, ranking, program: Optional[str]) -> str:
    rescue = FollowupRescue(FollowupRescue.get_default_config())
    (out,) = rescue.process([after_fallback(text, ranking)], tracker=discussing(program))
    return out.get("intent")["name"]


def test_a_loose_amount_question_about_the_program_discussed_asks_its_cap() -> None:
    assert intent_after("で、いくらぐらい出るの？", ESTIMATE_OR_CAP, "counterfeit_support") == (
        "ask_cap"
    )


@pytest.mark.parametrize(
    ("text", "ranking", "program"),
    [
        # No program under discussion: nothing to read the question against.
        ("で、いくらぐらい出るの？", ESTIMATE_OR_CAP, None),
        # Another program named: which one is meant is for the user to say.
        ("冒認のほうはいくらぐらい出るの？", ESTIMATE_OR_CAP, "counterfeit_support"),
        # No aspect word in the text.
        ("で、どうなの？", ESTIMATE_OR_CAP, "counterfeit_support"),
        # The aspect's intent is not among the two first choices.
        ("上限は？", [("ask_rate", 0.5), ("ask_deadline", 0.3), ("ask_cap", 0.1)], "x"),
    ],
)
def test_otherwise_the_question_back_stays(text, ranking, program) -> None:
    assert intent_after(text, ranking, program) == "nlu_fallback"
