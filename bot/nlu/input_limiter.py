"""Cuts over-long messages before any NLU component sees them.

SudachiPy raises ``Input is too long`` past 49,149 bytes, and regex features scan the
whole text, so a 1 MB message cost seconds and then failed the turn. This component runs
first in the pipeline and keeps a bounded prefix. The prefix is still longer than
``MAX_MESSAGE_CHARS``, so the input guard at the end of the pipeline still sees the message
as too long and the bot asks the user to shorten it.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.readability import NLU_MAX_CHARS


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class InputLimiter(GraphComponent):
    """Keeps at most ``NLU_MAX_CHARS`` characters of a message's text."""

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> InputLimiter:
        """No state."""
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training examples are short; they are left alone."""
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        """Cut each message's text to a bounded prefix."""
        for message in messages:
            text = message.get(TEXT)
            if isinstance(text, str) and len(text) > NLU_MAX_CHARS:
                message.set(TEXT, text[:NLU_MAX_CHARS])
        return messages
