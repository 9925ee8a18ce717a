"""UnreadableInputGuard sends empty, emoji-only and very long messages to clarification."""

from __future__ import annotations

import pytest
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.input_guard import UnreadableInputGuard


def classified(text: str, tokenized: bool = True) -> Message:
    """A message as the guard sees it: tokenized (unless the tokenizer gave up) and classified."""
    message = Message(data={"text": text})
    if tokenized and text.strip():
        message.set(TOKENS_NAMES[TEXT], [Token(text.strip(), 0)])
    message.set("intent", {"name": "faq", "confidence": 0.99}, add_to_output=True)
    message.set("intent_ranking", [{"name": "faq", "confidence": 0.99}], add_to_output=True)
    return message


@pytest.mark.parametrize("text", ["", "   ", "😀😀😀", "！？…", "あ" * 5000])
def test_unreadable_messages_become_nlu_fallback(text: str) -> None:
    (message,) = UnreadableInputGuard().process([classified(text)])
    assert message.get("intent")["name"] == "nlu_fallback"
    assert message.get("intent_ranking")[0]["name"] == "nlu_fallback"


@pytest.mark.parametrize("text", ["警告状が届いた", "PCT", "<img src=x>", "あ" * 300])
def test_readable_messages_keep_their_intent(text: str) -> None:
    (message,) = UnreadableInputGuard().process([classified(text)])
    assert message.get("intent")["name"] == "faq"


def test_a_message_the_tokenizer_gave_up_on_becomes_nlu_fallback() -> None:
    (message,) = UnreadableInputGuard().process([classified("警告状が届いた", tokenized=False)])
    assert message.get("intent")["name"] == "nlu_fallback"
