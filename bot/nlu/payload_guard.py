"""Typed ``/intent{...}`` messages are text, not commands.

Rasa executes any message of the form ``/intent{"entity": value}`` as that intent with
those entities (its RegexMessageHandler runs after the pipeline). Buttons rely on this,
but so could a user who types ``/inform{"requested_slot": null}``. This component sees
the conversation's tracker (Rasa passes it to a component whose ``process`` takes a
``tracker`` argument) and lets a payload through only when

* the bot offered exactly that payload as a button in this conversation, or
* it names a conversation intent and carries no entities, or
* it is one of the fixed payloads the channels add themselves (👍/👎 under an answer:
  ``/feedback{"rating": "up"}``), compared by meaning, not spelling.

Anything else starting with ``/`` loses its leading slash (so RegexMessageHandler leaves it
alone), has its entities dropped and becomes ``nlu_fallback``: the user is asked what they
meant, and no slot changes.
"""

from __future__ import annotations

import json
import re
from typing import Any, Dict, Iterable, List, Optional

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.core.events import BotUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

# Rasa's default intents change the conversation itself, and a bare ``/faq`` names no
# question: never accepted when typed.
_NEVER_BARE = {"restart", "back", "session_start", "faq", DEFAULT_NLU_FALLBACK_INTENT_NAME}
_BARE_INTENT = re.compile(r"^/([A-Za-z_][A-Za-z0-9_]*)$")
_WITH_ENTITIES = re.compile(r"^/([A-Za-z_][A-Za-z0-9_]*)(\{.*\})$", re.S)
# Payloads the widget and LINE put under answers themselves (not in the bot's messages).
CHANNEL_PAYLOADS: dict[str, tuple[dict[str, Any], ...]] = {
    "feedback": ({"rating": "up"}, {"rating": "down"}),
}
NEUTRAL_SLASH = "／"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class PayloadGuard(GraphComponent):
    """Accepts only offered button payloads and bare conversation intents."""

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> PayloadGuard:
        """No state: the offered buttons are read from each conversation's tracker."""
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training data is left alone."""
        return training_data

    def process(
        self, messages: List[Message], tracker: Optional[DialogueStateTracker] = None
    ) -> List[Message]:
        """Neutralise payloads that the bot did not offer."""
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str) or not text.strip().startswith("/"):
                continue
            payload = text.strip()
            if (
                payload in offered_payloads(tracker)
                or _is_bare_intent(payload)
                or _is_channel_payload(payload)
            ):
                continue
            neutral = NEUTRAL_SLASH + payload[1:]
            message.set(TEXT, neutral)
            fallback = {"name": DEFAULT_NLU_FALLBACK_INTENT_NAME, "confidence": 1.0}
            message.set(INTENT, fallback, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [fallback], add_to_output=True)
            message.set(ENTITIES, [], add_to_output=True)
        return messages


def _is_bare_intent(payload: str) -> bool:
    match = _BARE_INTENT.match(payload)
    return bool(match) and match.group(1) not in _NEVER_BARE


def _is_channel_payload(payload: str) -> bool:
    match = _WITH_ENTITIES.match(payload)
    if not match or match.group(1) not in CHANNEL_PAYLOADS:
        return False
    try:
        entities = json.loads(match.group(2))
    except ValueError:
        return False
    return entities in CHANNEL_PAYLOADS[match.group(1)]


def offered_payloads(tracker: Optional[DialogueStateTracker]) -> set[str]:
    """Every button payload the bot sent in this conversation's current session."""
    if tracker is None:
        return set()
    return {
        str(button.get("payload")).strip()
        for event in tracker.events
        if isinstance(event, BotUttered)
        for button in _buttons(event)
        if isinstance(button, dict) and button.get("payload")
    }


def _buttons(event: BotUttered) -> Iterable[Any]:
    data = event.data or {}
    return list(data.get("buttons") or []) + list(data.get("quick_replies") or [])
