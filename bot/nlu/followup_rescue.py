"""A short follow-up about the program under discussion is read as that follow-up.

After the answer about 模倣品対策支援事業, 「で、いくらぐらい出るの？」 scored 0.46 for the
subsidy estimate and 0.33 for the cap, and the user was asked to rephrase. A person would
have read it in context: a program is under discussion (the ``program`` slot), the message
uses a word that asks one aspect of it (a ``cue`` in bot/intents.yml: いくらぐらい → 上限),
and that aspect's intent is among the classifier's two first choices. Then that intent is
restored. A message that names another program, or a long one, is left to the question
back. The tracker reaches this component as it reaches PayloadGuard: Rasa passes it to a
component whose ``process`` takes a ``tracker`` argument.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from actions.mentions import programs_named
from actions.topics import aspect_asked
from bot.intent_registry import registry
from bot.nlu.fallback_rescue import (
    FallbackRescue,
    is_fallback,
    ranking_without_fallback,
    restore,
)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class FollowupRescue(FallbackRescue):
    """Undo nlu_fallback for an aspect question about the program under discussion."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """A follow-up is short; its intent must be a real candidate, not noise."""
        return {"max_chars": 40, "min_confidence": 0.25}

    def __init__(self, config: Dict[str, Any]) -> None:
        super().__init__(config)
        self._max_chars = int(config["max_chars"])
        self._min_confidence = float(config["min_confidence"])
        self._aspect_of = {spec.name: spec.aspect for spec in registry().intents if spec.aspect}

    def process(
        self, messages: List[Message], tracker: Optional[DialogueStateTracker] = None
    ) -> List[Message]:
        """Restore the aspect intent the context and the wording agree on."""
        program = tracker.get_slot("program") if tracker is not None else None
        if not program:
            return messages
        for message in messages:
            restored = self._follow_up(message, str(program))
            if restored is not None:
                restore(message, restored)
        return messages

    def _follow_up(self, message: Message, program: str) -> Optional[dict[str, Any]]:
        text = (message.get(TEXT) or "").strip()
        if not is_fallback(message):
            return None
        if not text or len(text) > self._max_chars:
            return None
        if set(programs_named([text])) - {program}:
            return None
        aspect = aspect_asked(text)
        if aspect is None:
            return None
        for candidate in ranking_without_fallback(message)[:2]:
            if (
                self._aspect_of.get(str(candidate.get("name"))) == aspect
                and float(candidate.get("confidence") or 0) >= self._min_confidence
            ):
                return dict(candidate)
        return None
