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
from rasa.shared.nlu.constants import ENTITIES, TEXT
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


def _kept_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of the sentences to keep, or the whole text when nothing is dropped."""
    whole = [(0, len(text))]
    if len(text) < _MIN_CHARS:
        return whole
    spans: list[tuple[int, int]] = []
    start = 0
    for piece in _SENTENCE_END.split(text):
        spans.append((start, start + len(piece)))
        start += len(piece)
    sentences = [(a, b) for a, b in spans if text[a:b].strip()]
    kept = [(a, b) for a, b in sentences if not _COURTESY.match(text[a:b].strip())]
    return kept if kept and len(kept) < len(sentences) else whole


def content_sentences(text: str) -> str:
    """The message without its courtesy sentences (or unchanged when nothing is left)."""
    return "".join(text[a:b] for a, b in _kept_spans(text))


def _shifted_entities(entities: list[dict[str, Any]], spans: list[tuple[int, int]]) -> list:
    """Annotated entities moved onto the shortened text; those in dropped sentences go."""
    moved = []
    for entity in entities:
        offset = 0
        for a, b in spans:
            if a <= entity.get("start", -1) and entity.get("end", -1) <= b:
                shift = a - offset
                moved.append(
                    {**entity, "start": entity["start"] - shift, "end": entity["end"] - shift}
                )
                break
            offset += b - a
    return moved


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
            if not isinstance(text, str):
                continue
            spans = _kept_spans(text)
            if spans == [(0, len(text))]:
                continue
            message.set(TEXT, "".join(text[a:b] for a, b in spans))
            if message.get(ENTITIES):  # annotated training examples keep their spans right
                message.set(ENTITIES, _shifted_entities(message.get(ENTITIES), spans))
        return messages
