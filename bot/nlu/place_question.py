"""「北九州市の会社です。海外出願の補助の窓口はどこですか」 asks for that prefecture's center.

海外出願支援事業 is run by each prefecture's support center, so a message that names the
program and the place of the company (a prefecture, or a city or ward that knowledge/
maps to one) asks where to go there. A city carries no ``prefecture`` entity and the
sentence mixes an introduction with a question, so the classifier split its votes
(faq 0.30, ask_foreign_filing_subsidy 0.27, inform_prefecture 0.21) and the user was asked
to choose a topic. Two signals must agree: the text names that program and no other, and
one of its routing intents is among the classifier's first three. The turn then asks for
the program's desk, which answers with the prefecture's center and its phone.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from actions.mentions import programs_named
from bot.nlu.fallback_rescue import FallbackRescue, is_fallback, put_first, ranking_without_fallback
from knowledge.municipalities import find_city

FOREIGN_FILING = "foreign_filing_support"
CONTACT_INTENT = "ask_contact"
ROUTING_INTENTS = frozenset(
    {"ask_foreign_filing_subsidy", "inform_prefecture", "ask_contact", "ask_how_to_apply"}
)


def names_a_place(message: Message) -> bool:
    """A prefecture entity, or a municipality named in a short message (a place in a long
    story is rarely where the company is; the same limit as the routing action's)."""
    if any(e.get("entity") == "prefecture" for e in message.get(ENTITIES) or []):
        return True
    text = message.get(TEXT) or ""
    return len(text) <= 60 and find_city(text) is not None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class PlaceQuestion(FallbackRescue):
    """A question back becomes ask_contact when the text names 海外出願支援事業 and a place."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """How far down the classifier's ranking a routing intent may be."""
        return {"top_n": 3}

    def process(self, messages: List[Message]) -> List[Message]:
        """Ask for the prefecture's desk when both signals agree."""
        top_n = int(self.config.get("top_n", 3))
        for message in messages:
            if not is_fallback(message):
                continue
            leading = {r.get("name") for r in ranking_without_fallback(message)[:top_n]}
            if not leading & ROUTING_INTENTS:
                continue
            if programs_named([message.get(TEXT) or ""]) != [FOREIGN_FILING]:
                continue
            if names_a_place(message):
                put_first(message, CONTACT_INTENT)
        return messages
