"""A question that names one program, and whose likeliest intent is that program's, is kept.

「外国出願の補助金ありますか」 scored 0.58 for ask_foreign_filing_subsidy, just under
FallbackClassifier's 0.6, and the user got "please rephrase" for the bot's most common
question. Here two independent signals agree: the classifier's first choice is about
program P, and the text names P, and only P, by one of its names or aliases in
knowledge/ (actions/mentions.py, the list the ``program`` lookup is generated from). Then
the intent is restored. Any other second program named, or a first choice that is not a
program intent, leaves the question back in place.

A text that names no program may still describe P's situation in knowledge/'s words
(「ほな警告状が届いたんやけど」: 警告状 is a situation of 防衛型, while ほな pulled the
classifier towards goodbye). The best situation match of the knowledge base
(``find_programs``) then stands in for the name.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from actions.mentions import programs_named
from bot.intent_registry import registry
from bot.nlu.fallback_rescue import (
    FallbackRescue,
    is_fallback,
    ranking_without_fallback,
    restore,
)
from knowledge import get_knowledge_base

# Words of the conversation that a story's first word can pull towards (やっぱり → stop).
OUT_OF_SCOPE = "out_of_scope"
CONVERSATIONAL = ("stop", "goodbye", "thank", "affirm", "deny", "greet", "dont_know")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class NamedProgramRescue(FallbackRescue):
    """Undo nlu_fallback when the top intent's program is the one the text names or describes."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """Below this the classifier is guessing, whatever the text names."""
        return {"min_confidence": 0.4, "min_second_confidence": 0.3, "out_of_scope_margin": 0.1}

    def __init__(self, config: Dict[str, Any]) -> None:
        super().__init__(config)
        self._min_confidence = float(config["min_confidence"])
        self._min_second_confidence = float(config["min_second_confidence"])
        self._out_of_scope_margin = float(config["out_of_scope_margin"])
        self._program_of = {spec.name: spec.program for spec in registry().intents if spec.program}

    @staticmethod
    def _confirmed_by_text(text: str) -> str | None:
        """The one program the text names, else the one its situation words point to."""
        named = programs_named([text])
        if named:
            return named[0] if len(named) == 1 else None
        found = get_knowledge_base().find_programs(text)
        return found[0].id if found else None

    def _candidate(self, ranking: List[Dict[str, Any]]) -> Dict[str, Any] | None:
        """The first choice, or a program intent just behind a conversational one.

        「やっぱり警告状が届いた」: やっぱり pulls towards stop (0.39) ahead of
        ask_defense_support (0.35). A word of the conversation leading a program the text
        itself confirms is no reason to ask back.
        """
        if not ranking:
            return None
        first = ranking[0]
        if float(first.get("confidence") or 0) >= self._min_confidence:
            return first
        if len(ranking) < 2 or first.get("name") not in CONVERSATIONAL:
            return None
        second = ranking[1]
        if float(second.get("confidence") or 0) < self._min_second_confidence:
            return None
        return second

    def _out_of_scope_close(self, ranking: List[Dict[str, Any]], candidate: Dict[str, Any]) -> bool:
        """「模倣品の法的な定義は？」 names 模倣品, yet out_of_scope is just behind: the
        program word is the topic of a question the programs do not answer."""
        confidence = float(candidate.get("confidence") or 0)
        return any(
            r.get("name") == OUT_OF_SCOPE
            and confidence - float(r.get("confidence") or 0) <= self._out_of_scope_margin
            for r in ranking
        )

    def process(self, messages: List[Message]) -> List[Message]:
        """Restore a program intent the text itself confirms."""
        for message in messages:
            if not is_fallback(message):
                continue
            ranking = ranking_without_fallback(message)
            candidate = self._candidate(ranking)
            if candidate is None or self._out_of_scope_close(ranking, candidate):
                continue
            program = self._program_of.get(str(candidate.get("name")))
            if program is None:
                continue
            if self._confirmed_by_text(message.get(TEXT) or "") != program:
                continue
            restore(message, candidate)
        return messages
