"""A message as DIET and FallbackClassifier leave it, for the checks that run after them."""

from __future__ import annotations

from typing import Any, Iterable

from rasa.shared.nlu.training_data.message import Message


def classified(
    text: str, ranking: list[tuple[str, float]], entities: Iterable[dict[str, Any]] = ()
) -> Message:
    """``ranking[0]`` is the intent; the ranking is kept as given."""
    message = Message(data={"text": text, "entities": list(entities)})
    ranked = [{"name": n, "confidence": c} for n, c in ranking]
    message.set("intent", ranked[0], add_to_output=True)
    message.set("intent_ranking", ranked, add_to_output=True)
    return message
