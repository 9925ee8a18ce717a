"""ButtonLabelEcho: typing one of the bot's own button titles is pressing that button."""

from __future__ import annotations

import pytest

from actions.intent_map import ASPECT_INTENTS, ASPECT_LABELS, INTENT_LABELS
from bot.nlu.button_label import ButtonLabelEcho
from tests.nlu.classified_message import classified


@pytest.fixture(scope="module")
def echo() -> ButtonLabelEcho:
    return ButtonLabelEcho(ButtonLabelEcho.get_default_config())


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("申請方法は？", "ask_how_to_apply"),  # read as faq 0.92 after a prefecture's center
        ("申請方法は", "ask_how_to_apply"),
        ("締切は?", "ask_deadline"),
        ("補助額の試算", "ask_subsidy_estimate"),
    ],
)
def test_a_typed_button_title_is_that_button(echo, text: str, intent: str) -> None:
    (out,) = echo.process([classified(text, [("faq", 0.92), (intent, 0.06)])])
    assert out.get("intent") == {"name": intent, "confidence": 1.0}
    assert [r["name"] for r in out.get("intent_ranking")] == [intent, "faq"]


def test_every_button_title_is_recognised(echo) -> None:
    """The titles come from the registry the buttons are built from: none can drift."""
    titles = {**INTENT_LABELS, **{ASPECT_INTENTS[a]: t for a, t in ASPECT_LABELS.items()}}
    for intent, title in titles.items():
        (out,) = echo.process([classified(title, [("nlu_fallback", 0.6), ("faq", 0.3)])])
        assert out.get("intent")["name"] == intent, title


@pytest.mark.parametrize(
    "text", ["大阪の申請方法は？", "申請方法はどうなっていますか", "締切はいつですか"]
)
def test_a_title_inside_a_longer_question_is_left_to_the_classifier(echo, text: str) -> None:
    (out,) = echo.process([classified(text, [("faq", 0.7)])])
    assert out.get("intent")["name"] == "faq"
