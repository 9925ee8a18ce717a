"""Turns unreadable messages (empty, emoji only, very long) into nlu_fallback.

FallbackClassifier only looks at confidences, and DIET can be confidently wrong on input
unlike anything it was trained on (5,000 repeated characters scored 0.99 for an FAQ).
This component runs after it and sends such turns to the clarification flow instead.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.readability import is_unreadable


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class UnreadableInputGuard(GraphComponent):
    """Predicts nlu_fallback with full confidence for messages nobody could classify."""

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> UnreadableInputGuard:
        """No state: the rule is the same for every model."""
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training data is left alone."""
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        """Override the intent of unreadable messages."""
        for message in messages:
            # No tokens also means unreadable: the tokenizer gave up on this input.
            if not is_unreadable(message.get(TEXT) or "") and message.get(TOKENS_NAMES[TEXT]):
                continue
            fallback = {"name": DEFAULT_NLU_FALLBACK_INTENT_NAME, "confidence": 1.0}
            message.set(INTENT, fallback, add_to_output=True)
            ranking = [
                r
                for r in message.get(INTENT_RANKING_KEY) or []
                if r.get("name") != DEFAULT_NLU_FALLBACK_INTENT_NAME
            ]
            message.set(INTENT_RANKING_KEY, [fallback, *ranking], add_to_output=True)
        return messages
