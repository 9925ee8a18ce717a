"""Short replies (「そうです」, 「いいえ」, 「お願いします」) keep their clear intent.

FallbackClassifier has one threshold for every intent. The 0.6 it needs to keep wrong
program answers away also sends a plain 「いいえ」 (deny 0.57, next 0.06) to "please
rephrase", which inside a form is the most annoying reply the bot can give. A short
answer to a yes/no question is a closed class, and its top intent is clear when it leads
the next one by a wide margin, so this component restores it. Rasa has no per-intent
fallback threshold, hence this small component; it runs right after FallbackClassifier
and before the unreadable-input guard, which still has the last word.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.fallback_rescue import (
    FallbackRescue,
    is_fallback,
    ranking_without_fallback,
    restore,
)

# Replies whose meaning does not depend on a program or a figure: getting one of them
# from a short message cannot give a wrong rate, cap or phone number.
SHORT_REPLY_INTENTS = frozenset({"affirm", "deny", "greet", "thank", "goodbye"})


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ShortReplyRescue(FallbackRescue):
    """Undo nlu_fallback for a short, clearly led yes/no/greeting reply."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """Limits chosen on the held-out set: every rescued reply there was right."""
        return {"max_chars": 12, "min_confidence": 0.45, "min_margin": 0.3}

    def __init__(self, config: Dict[str, Any]) -> None:
        super().__init__(config)
        self._max_chars = int(config["max_chars"])
        self._min_confidence = float(config["min_confidence"])
        self._min_margin = float(config["min_margin"])

    def process(self, messages: List[Message]) -> List[Message]:
        """Restore the leading short-reply intent of a short message sent to fallback."""
        for message in messages:
            text = (message.get(TEXT) or "").strip()
            if not is_fallback(message) or not text:
                continue
            if len(text) > self._max_chars:
                continue
            ranking = ranking_without_fallback(message)
            if not ranking or ranking[0].get("name") not in SHORT_REPLY_INTENTS:
                continue
            top = float(ranking[0].get("confidence") or 0.0)
            runner_up = float(ranking[1].get("confidence") or 0.0) if len(ranking) > 1 else 0.0
            if top < self._min_confidence or top - runner_up < self._min_margin:
                continue
            restore(message, ranking[0])
        return messages
