"""A warning letter told with no place gets one question back: abroad or at home?"""

from __future__ import annotations

import pytest

from actions.program_actions import ActionAnswerProgram
from tests.actions.conftest import make_tracker, run_action, texts

QUESTION = "相手は、海外の企業ですか"


@pytest.mark.parametrize(
    "text",
    [
        "警告状が届いた",
        "知らない会社から、いきなり警告書が送られてきました",
        "特許権侵害だという通知が来ているのですが、どうすればいいですか",
    ],
)
def test_a_claim_with_no_place_is_asked_where(text: str, kb) -> None:
    messages, events = run_action(
        ActionAnswerProgram(), make_tracker("ask_defense_support", text=text)
    )
    first = messages[0]
    assert QUESTION in first["text"]
    assert f"【{kb.program('defense_support').name}】" in first["text"]
    assert "0570-082100" in first["text"]
    payloads = [b["payload"] for b in messages[-1]["buttons"]]
    assert payloads == ["/ask_defense_support", "/out_of_scope"]
    assert sum(1 for m in messages if m.get("buttons")) == 1, "the buttons are shown once"
    assert not [e for e in events if e.get("name") == "program"]


@pytest.mark.parametrize(
    ("text", "slots", "entities"),
    [
        ("海外から警告状が届いた", {}, []),
        ("中国の会社から警告状が届いた", {}, [{"entity": "country", "value": "中国"}]),
        ("警告状が届いた", {"country": "米国"}, []),
        ("/ask_defense_support", {}, []),
        ("防衛型の支援について教えて", {}, []),
    ],
)
def test_a_place_abroad_or_a_choice_is_answered(text, slots, entities, kb) -> None:
    tracker = make_tracker("ask_defense_support", text=text, slots=slots, entities=entities)
    messages, _ = run_action(ActionAnswerProgram(), tracker)
    reply = texts(messages)
    assert QUESTION not in reply
    assert f"【{kb.program('defense_support').name}】" in reply.splitlines()[0]


def _after_the_question(text: str, entities: list | None = None, inform: bool = False):
    """A typed reply to the question, read as not sure, or as a bare detail (inform)."""
    from actions.conversation_actions import ActionClarify
    from actions.routing_actions import ActionHandleInform

    asked, _ = run_action(
        ActionAnswerProgram(), make_tracker("ask_defense_support", text="警告状が届いた")
    )
    events = [
        {"event": "user", "text": "警告状が届いた"},
        *[{"event": "bot", "text": m.get("text")} for m in asked],
        {"event": "user", "text": text},
    ]
    intent = "inform" if inform else "nlu_fallback"
    tracker = make_tracker(intent, text=text, entities=entities, events=events)
    return run_action(ActionHandleInform() if inform else ActionClarify(), tracker)


@pytest.mark.parametrize("inform", [False, True])
@pytest.mark.parametrize(
    ("text", "entities"),
    [("海外の企業からです", []), ("アメリカの会社です", [{"entity": "country", "value": "米国"}])],
)
def test_a_typed_abroad_answer_gets_the_program(text, entities, inform, kb) -> None:
    messages, _ = _after_the_question(text, entities, inform)
    defense = kb.program("defense_support")
    reply = texts(messages)
    assert f"【{defense.name}】" in reply.splitlines()[0]
    assert defense.contacts[0].phone in reply


@pytest.mark.parametrize("text", ["国内の企業からです", "いや、国内の取引先から", "日本の会社です"])
def test_a_typed_home_answer_gets_the_desks(text: str, kb) -> None:
    messages, _ = _after_the_question(text)
    reply = texts(messages)
    assert "このチャットボットの対象外です" in reply and "0570-082100" in reply


def test_an_unrelated_message_after_the_question_is_clarified_as_usual() -> None:
    messages, _ = _after_the_question("ふむふむ")
    assert "自信がありません" in texts(messages)
