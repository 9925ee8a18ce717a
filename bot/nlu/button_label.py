"""A message that is exactly one of the bot's own button titles means that button.

Users type what the bot offered as a button: on LINE and Slack, on a phone with the
keyboard open, or after scrolling past the buttons. 「申請方法は？」 typed after the
prefecture's center was named was read as ``faq`` (0.92), and the user got "I am not sure"
for the bot's own suggestion. The titles are the registry's labels (bot/intents.yml), the
same table the buttons are built from (actions/intent_map.py), so this check and the
buttons cannot drift apart. Only a whole message that matches counts; a title inside a
longer question is left to the classifier.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.intent_registry import registry
from bot.nlu.fallback_rescue import FallbackRescue, put_first
from knowledge.text import normalize

# What may differ between a typed title and the button: width, spaces and the closing
# punctuation (「申請方法は」「締切は?」). normalize() has already made ？ and ！ half width.
_ENDINGS = "?!.。"


def _key(text: str) -> str:
    return normalize(text).rstrip(_ENDINGS)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ButtonLabelEcho(FallbackRescue):
    """The intent of the button whose title the whole message repeats."""

    def __init__(self, config: Dict[str, Any]) -> None:
        super().__init__(config)
        self._intent_of = {
            _key(spec.label): spec.name for spec in registry().intents if spec.label is not None
        }

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """No limits: the registry's labels decide."""
        return {}

    def process(self, messages: List[Message]) -> List[Message]:
        """Set the button's intent, as if it had been pressed."""
        for message in messages:
            name = self._intent_of.get(_key(message.get(TEXT) or ""))
            if name is not None:
                put_first(message, name, confidence=1.0)
        return messages
