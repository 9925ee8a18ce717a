"""When an FAQ answer is trusted: the retrieval must be sure, not only the intent.

The ResponseSelector has no threshold of its own: any message the classifier sends to
``faq`` gets the nearest FAQ, however far. On real questions that was the most common
wrong answer. An FAQ is answered only when the selector's own confidence is high and
clearly ahead of the runner-up; otherwise the bot offers the likely FAQs as buttons.
Long messages (a story) need more certainty, since FAQs answer one short question each.
The values were chosen on the development sets (tests/nlu/heldout.yml and
tests/nlu/dev_questions.yml), never on the real questions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from actions.priority_words import asks_priority_time

FAQ_MIN_CONFIDENCE = 0.9
FAQ_MIN_MARGIN = 0.5
LONG_MESSAGE_CHARS = 60
FAQ_MIN_CONFIDENCE_LONG = 0.97
# Below this the selector's pick is not even likely: on the development sets no FAQ
# question scored under 0.4, only stories and questions outside the programs did.
FAQ_MIN_LIKELY = 0.4


@dataclass(frozen=True)
class FaqChoice:
    """The selector's pick, whether to answer it, and the runners-up to offer instead."""

    key: str
    trusted: bool
    candidates: tuple[str, ...]
    likely: bool = True  # an FAQ was probably asked, even if not this one


def faq_choice(latest_message: dict[str, Any]) -> FaqChoice:
    """Read the ResponseSelector's output for the ``faq`` retrieval intent."""
    selector = (latest_message.get("response_selector") or {}).get("faq") or {}
    response = selector.get("response") or {}
    key = str(response.get("intent_response_key") or "").split("/", 1)[-1]
    ranking = [
        (str(r.get("intent_response_key") or "").split("/", 1)[-1], float(r.get("confidence") or 0))
        for r in selector.get("ranking") or []
    ]
    confidence = float(response.get("confidence") or (ranking[0][1] if ranking else 0.0))
    runner_up = ranking[1][1] if len(ranking) > 1 else 0.0
    text = latest_message.get("text") or ""
    needed = FAQ_MIN_CONFIDENCE_LONG if len(text) > LONG_MESSAGE_CHARS else FAQ_MIN_CONFIDENCE
    trusted = confidence >= needed and confidence - runner_up >= FAQ_MIN_MARGIN
    # A long question on the priority rule (「…優先権を主張して外国に出願する場合、日本出願から
    # 1年以内でよいのか」) needs the long-message certainty; its own vocabulary is a second,
    # independent signal that the priority FAQ is the one asked.
    if key == "priority_period" and confidence - runner_up >= FAQ_MIN_MARGIN:
        trusted = trusted or asks_priority_time(text)
    candidates = tuple(dict.fromkeys(k for k, _ in ranking[:3] if k))
    return FaqChoice(key, trusted, candidates, likely=confidence >= FAQ_MIN_LIKELY)
