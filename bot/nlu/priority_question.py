"""A question about the priority period, in its own vocabulary, goes to the deadline answer.

「パリ条約ルートで韓国に出願したい。いつまでに出願する必要がありますか」 was answered
with the FAQ on having no Japanese filing, and 「優先期間を過ぎてしまったが外国出願で
きるか」 was asked back. A missed priority date loses the right, and the words are few and
unambiguous: 優先権, 優先期間 or パリ条約 beside a question of time. Such a message gets
``ask_priority_deadline``, whose answer states the 12/6-month rule from knowledge/ and
works out the deadline when the message gives the date of the first filing. A message
that also speaks of a subsidy (「優先権を主張しない商標も補助の対象？」) is left to the
classifier: it asks about a program's rules, not the deadline.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from actions.priority_words import asks_priority_time
from bot.nlu.fallback_rescue import FallbackRescue, put_first

PRIORITY_INTENT = "ask_priority_deadline"
# FAQs that already answer the rule: kept when the ResponseSelector chose them.
PRIORITY_FAQS = ("faq/priority_period", "faq/trademark_priority")


def _priority_faq(message: Message) -> bool:
    """The ResponseSelector answered with the FAQ on the priority rule."""
    if (message.get(INTENT) or {}).get("name") != "faq":
        return False
    selected = (message.get("response_selector") or {}).get("faq") or {}
    key = str((selected.get("response") or {}).get("intent_response_key") or "")
    return key in PRIORITY_FAQS


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class PriorityQuestion(FallbackRescue):
    """Sets ask_priority_deadline for a question of time about the priority period."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """The vocabulary decides; nothing to configure."""
        return {}

    def process(self, messages: List[Message]) -> List[Message]:
        """Send priority-time questions to the deadline answer, whatever DIET chose."""
        for message in messages:
            if (message.get(INTENT) or {}).get("name") == PRIORITY_INTENT or _priority_faq(message):
                continue
            if not asks_priority_time(message.get(TEXT) or ""):
                continue
            put_first(message, PRIORITY_INTENT)
        return messages
