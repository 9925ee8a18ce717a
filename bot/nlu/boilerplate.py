"""Drops the courtesy sentences of an e-mail pasted into the chat, for the NLU only.

「お世話になっております。〇〇精工の佐藤と申します。…よろしくお願いいたします。」: the
greeting, the introduction and the closing say nothing about what the writer needs, and
in a bag of features they outweigh the one sentence that does. This component keeps the
sentences that carry content (the text the tracker stores is unchanged). When every
sentence is a courtesy (「よろしくお願いします」 alone), the message is left as it is.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

_SENTENCE_END = re.compile(r"(?<=[。！？!?\n])")
_COURTESY = re.compile(
    r"^\s*("
    r"(いつも)?お世話になって(おり|い)ます"
    r"|.{0,30}(と申します|でございます)"
    r"|(何卒|なにとぞ)?(どうぞ)?よろしくお願い(いた)?(し|致し)?ます"
    r"|お忙しいところ(恐れ入りますが|申し訳ありませんが|すみません)"
    r"|(突然の|とつぜんの)?ご連絡(失礼いたします|失礼します|申し訳ありません)"
    r"|はじめまして|初めまして|こんにちは|こんばんは|おはようございます"
    r"|以上、?(よろしくお願いいたします)?"
    r"|.{0,20}(ご担当者?様|御中)"
    r")[。！!\s]*$"
)
_MIN_CHARS = 40  # short messages have no boilerplate worth removing


def content_sentences(text: str) -> str:
    """The message without its courtesy sentences (or unchanged when nothing is left)."""
    if len(text) < _MIN_CHARS:
        return text
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
    kept = [s for s in sentences if not _COURTESY.match(s.strip())]
    return "".join(kept).strip() if kept and len(kept) < len(sentences) else text


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class CourtesyFilter(GraphComponent):
    """Keeps only the content sentences of long, letter-style messages."""

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CourtesyFilter:
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training examples get the same treatment, so both sides see content only."""
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if isinstance(text, str):
                cleaned = content_sentences(text)
                if cleaned != text:
                    message.set(TEXT, cleaned)
        return messages
