"""「やっぱり模倣品の話です」「いや、模倣品の話です」 change the topic; they do not stop or deny.

The words that open a change of topic (やっぱり, いや) are the strongest features of
``stop`` and ``deny``, so the classifier read these as "stop" (0.65) or "no" (0.87),
and inside a form the user's new topic was lost. When the verdict is one of those two
and the text names exactly one program by a name or alias from knowledge/ (the list
the ``program`` lookup is generated from), or tells one program's situation in
knowledge/'s words (警告状), without negating it or saying stop
(「模倣品じゃない」「模倣品の話はやめます」), the message is about that program.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from actions.intent_map import PROGRAM_INTENTS
from actions.mentions import programs_named
from bot.nlu.fallback_rescue import (
    FallbackRescue,
    is_fallback,
    put_first,
    ranking_without_fallback,
)
from knowledge import get_knowledge_base
from knowledge.text import normalize

TOPIC_CHANGE_VERDICTS = ("stop", "deny")
# A program named only to be negated or dropped is not the new topic.
_NOT_THE_TOPIC = tuple(
    normalize(word)
    for word in (
        "じゃな",
        "ではな",
        "関係な",
        "違い",
        "違う",
        "ちがう",
        "やめ",
        "止め",
        "結構",
        "いらな",
        "要らな",
        "不要",
        "大丈夫",
        "ません",
    )
)


def names_new_topic(text: str) -> str | None:
    """The one program the text names (or, naming none, describes in knowledge/'s
    situation words: 「やっぱり警告状の話です」) as its subject, or None."""
    folded = normalize(text)
    if any(word in folded for word in _NOT_THE_TOPIC):
        return None
    named = programs_named([text])
    if named:
        return named[0] if len(named) == 1 else None
    found = get_knowledge_base().find_programs(text)
    return found[0].id if found else None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class TopicChange(FallbackRescue):
    """A stop/deny verdict on a message that names one program becomes that program."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """The program's name in the text decides; nothing to configure."""
        return {}

    def process(self, messages: List[Message]) -> List[Message]:
        """Put the named program's intent first."""
        for message in messages:
            ranking = ranking_without_fallback(message)
            top = ranking[0] if is_fallback(message) and ranking else message.get(INTENT) or {}
            if top.get("name") not in TOPIC_CHANGE_VERDICTS:
                continue
            program = names_new_topic(message.get(TEXT) or "")
            intent = PROGRAM_INTENTS.get(program or "")
            if intent is None:
                continue
            put_first(message, intent)
        return messages
