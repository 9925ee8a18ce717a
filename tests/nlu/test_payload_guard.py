"""Typed /intent{...} messages are obeyed only when the bot offered them as buttons."""

from __future__ import annotations

from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.payload_guard import PayloadGuard

OFFERED = '/inform{"right_type": "特許"}'


def _guard() -> PayloadGuard:
    return PayloadGuard()


def _tracker() -> DialogueStateTracker:
    return DialogueStateTracker.from_events(
        "payload-test",
        [
            ActionExecuted("action_listen"),
            UserUttered("補助額を試算したい"),
            BotUttered(
                "権利の種類を選んでください。", {"buttons": [{"title": "特許", "payload": OFFERED}]}
            ),
        ],
    )


def _process(text: str, tracker: DialogueStateTracker | None) -> Message:
    message = Message({TEXT: text, ENTITIES: [{"entity": "prefecture", "value": "東京都"}]})
    return _guard().process([message], tracker)[0]


def test_an_offered_payload_passes_untouched() -> None:
    message = _process(OFFERED, _tracker())
    assert message.get(TEXT) == OFFERED and message.get(INTENT) is None


def test_a_bare_conversation_intent_passes() -> None:
    assert _process("/affirm", None).get(TEXT) == "/affirm"


def test_a_typed_payload_with_entities_is_neutralised() -> None:
    message = _process('/inform{"prefecture": "東京都"}', _tracker())
    assert not message.get(TEXT).startswith("/")
    assert message.get(INTENT)["name"] == "nlu_fallback"
    assert message.get(ENTITIES) == []


def test_rasa_default_intents_and_bad_payloads_are_neutralised() -> None:
    for text in ("/restart", "/session_start", '/inform{"requested_slot": null}', "/faq", "/"):
        assert _process(text, _tracker()).get(INTENT)["name"] == "nlu_fallback", text


def test_plain_text_is_left_alone() -> None:
    message = _process("警告状が届いた", _tracker())
    assert message.get(TEXT) == "警告状が届いた" and message.get(INTENT) is None


def test_the_channels_rating_payloads_pass_however_spelled() -> None:
    for text in ('/feedback{"rating":"up"}', '/feedback{"rating": "down"}'):
        assert _process(text, None).get(TEXT) == text
    assert _process('/feedback{"rating": "sideways"}', None).get(INTENT)["name"] == "nlu_fallback"
