"""E-mail courtesies are dropped for the NLU; annotated entities stay on their words."""

from __future__ import annotations

from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.boilerplate import CourtesyFilter, content_sentences

LETTER = (
    "お世話になっております。〇〇精工の佐藤と申します。\n"
    "弊社では新製品の特許を中国および韓国へ出願することを検討しております。\n"
    "よろしくお願いいたします。"
)


def test_greeting_introduction_and_closing_are_dropped() -> None:
    assert content_sentences(LETTER) == (
        "弊社では新製品の特許を中国および韓国へ出願することを検討しております。"
    )


def test_short_messages_and_pure_courtesies_are_left_alone() -> None:
    assert content_sentences("よろしくお願いします") == "よろしくお願いします"
    assert content_sentences("警告状が届いた") == "警告状が届いた"


def test_entity_spans_move_with_the_text() -> None:
    start = LETTER.index("中国")
    message = Message(
        {
            TEXT: LETTER,
            ENTITIES: [{"entity": "country", "start": start, "end": start + 2, "value": "中国"}],
        }
    )
    (processed,) = CourtesyFilter().process([message])
    (entity,) = processed.get(ENTITIES)
    assert processed.get(TEXT)[entity["start"] : entity["end"]] == "中国"
