"""「審査請求や維持年金などは対象になりますか」 asks what a subsidy covers, not something else.

Every question whether an expense or a case is 対象 (covered) is about the programs this
bot explains, so an out_of_scope verdict on it is wrong: in a conversation about a
program the answer is that program's covered and excluded costs, and without one the
bot asks which program is meant. Other schemes (事業再構築補助金, taxes) stay out of
scope. The classifier learned out_of_scope from many IP questions, so IP words such as
審査請求 pull towards it; the question's own form is the second signal.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.fallback_rescue import FallbackRescue, put_first
from knowledge.text import normalize

OUT_OF_SCOPE = "out_of_scope"
COVERED_COSTS_INTENT = "ask_covered_costs"
_COVERAGE = (
    "対象になり",
    "対象になる",
    "対象に入",
    "対象ですか",
    "対象でしょうか",
    "対象となり",
    "対象となる",
    "対象経費",
    "助成対象",
    "補助対象",
    "補助の対象",
    "助成の対象",
)
# Other schemes and other senses of 対象 (課税対象): those questions are outside.
_ELSEWHERE = (
    "課税",
    "税金",
    "確定申告",
    "事業再構築",
    "ものづくり",
    "IT導入",
    "持続化",
    "雇用",
    "審査の対象",
)
_COVERAGE_FOLDED = tuple(normalize(cue) for cue in _COVERAGE)
_ELSEWHERE_FOLDED = tuple(normalize(cue) for cue in _ELSEWHERE)


def asks_coverage(text: str) -> bool:
    """The message asks whether something is covered, and not by another scheme."""
    folded = normalize(text or "")
    if not any(cue in folded for cue in _COVERAGE_FOLDED):
        return False
    return not any(cue in folded for cue in _ELSEWHERE_FOLDED)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class CoverageQuestion(FallbackRescue):
    """out_of_scope becomes ask_covered_costs when the text asks what is covered."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """The question's form decides; nothing to configure."""
        return {}

    def process(self, messages: List[Message]) -> List[Message]:
        """Send coverage questions read as out of scope to the covered-costs answer."""
        for message in messages:
            if (message.get(INTENT) or {}).get("name") != OUT_OF_SCOPE:
                continue
            if not asks_coverage(message.get(TEXT) or ""):
                continue
            put_first(message, COVERED_COSTS_INTENT)
        return messages
