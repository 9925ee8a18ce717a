"""The shared part of the components that undo nlu_fallback when two signals agree.

Rasa's FallbackClassifier has one threshold for every intent and no hook to refine it, so
each rescue is a small component after it; this base holds what they all do: find the
ranking without nlu_fallback, and put a chosen intent back in place.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData


class FallbackRescue(GraphComponent):
    """A non-trainable component configured only by its limits."""

    def __init__(self, config: Dict[str, Any]) -> None:
        self.config = config

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> FallbackRescue:
        """No state beyond the limits."""
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training data is left alone."""
        return training_data


def is_fallback(message: Message) -> bool:
    """FallbackClassifier (or a guard) sent this message to the question back."""
    return (message.get(INTENT) or {}).get("name") == DEFAULT_NLU_FALLBACK_INTENT_NAME


def ranking_without_fallback(message: Message) -> List[Dict[str, Any]]:
    """The classifier's own ranking, nlu_fallback left out."""
    return [
        r
        for r in message.get(INTENT_RANKING_KEY) or []
        if r.get("name") != DEFAULT_NLU_FALLBACK_INTENT_NAME
    ]


def led_by(message: Message, name: str) -> tuple[Dict[str, Any], List[Dict[str, Any]]]:
    """``name``'s entry in the ranking (confidence 0 when DIET did not rank it), and the
    rest of the ranking without it or nlu_fallback: for a check that puts ``name`` first."""
    ranking = ranking_without_fallback(message)
    entry = next((r for r in ranking if r.get("name") == name), {"name": name, "confidence": 0.0})
    return entry, [r for r in ranking if r.get("name") != name]


def restore(message: Message, intent: Dict[str, Any]) -> None:
    """Make ``intent`` the message's intent again, and drop nlu_fallback from the ranking."""
    message.set(INTENT, dict(intent), add_to_output=True)
    message.set(INTENT_RANKING_KEY, ranking_without_fallback(message), add_to_output=True)


def put_first(message: Message, name: str, confidence: float | None = None) -> None:
    """Make ``name`` the message's intent, with DIET's own confidence for it (0 when it
    did not rank it) unless ``confidence`` is given, ahead of the rest of the ranking: a
    check's verdict."""
    entry, rest = led_by(message, name)
    if confidence is None:
        confidence = float(entry.get("confidence") or 0)
    chosen = {"name": name, "confidence": confidence}
    message.set(INTENT, chosen, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [chosen, *rest], add_to_output=True)
