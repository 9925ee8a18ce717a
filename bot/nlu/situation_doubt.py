"""An "out of scope" verdict is doubted when the text tells a dispute in knowledge/'s words.

Real questions that tell a story (「米国で販売を始めたら…警告書が届いた」「展示会の製品が
…損害賠償を請求された」) were read as out of scope, and the user was told the bot could
not help, though 防衛型 or 冒認 was the answer. The classifier learned out_of_scope from
many IP questions outside the programs, so IP words alone pull towards it. When the text
holds a situation of a dispute program (its ``situations`` in knowledge/programs.yml) and
the case is not plainly in Japan, the verdict becomes a question back instead: the
clarification offers that program first and still names the general IP desk, which is
the right answer when the question really was out of scope. A wrong "cannot help" is
worse than a question back.

When the story also places itself abroad in so many words (a country, 海外, 現地...), the
program is answered instead of asked: the situation, the place and the program's scope
agree. On the real, development and second real sets this changed 5 questions back into
right answers and none into a wrong one; the out-of-scope training examples it fires on
(「日本の取引先から警告状を受け取った」, 「そもそも模倣品って、法律上は…」) name no place
abroad and are still asked, as is a case read in the news (「ニュースで…海外で商標登録
されていたという話を見ました」), which is not the user's own.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from actions.intent_map import PROGRAM_INTENTS
from actions.scope import DISPUTE_PROGRAMS, abroad_named, domestic_only, hearsay
from bot.nlu.fallback_rescue import FallbackRescue, led_by, put_first
from knowledge import get_knowledge_base

OUT_OF_SCOPE = "out_of_scope"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class SituationDoubt(FallbackRescue):
    """out_of_scope becomes the dispute program the text describes when it is placed abroad,
    else nlu_fallback led by that program."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """No limits: the knowledge base's situation words decide."""
        return {}

    def _disputed_program(self, message: Message) -> str | None:
        text = message.get(TEXT) or ""
        if domestic_only(text, message.get(ENTITIES) or []):
            return None
        found = get_knowledge_base().find_programs(text)
        if not found or found[0].id not in DISPUTE_PROGRAMS:
            return None
        return PROGRAM_INTENTS.get(found[0].id)

    def process(self, messages: List[Message]) -> List[Message]:
        """Turn a doubtful out_of_scope into a question back that offers the program."""
        for message in messages:
            intent = message.get(INTENT) or {}
            if intent.get("name") != OUT_OF_SCOPE:
                continue
            program_intent = self._disputed_program(message)
            if program_intent is None:
                continue
            text = message.get(TEXT) or ""
            if abroad_named(text, message.get(ENTITIES) or []) and not hearsay(text):
                put_first(message, program_intent)
                continue
            first, rest = led_by(message, program_intent)
            fallback = {
                "name": DEFAULT_NLU_FALLBACK_INTENT_NAME,
                "confidence": float(intent.get("confidence") or 0),
            }
            message.set(INTENT, fallback, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [fallback, first, *rest], add_to_output=True)
        return messages
