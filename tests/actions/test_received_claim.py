"""A warning letter or lawsuit against the user is defended first, beside the situation."""

from __future__ import annotations

from actions.program_actions import ActionAnswerProgram
from actions.scope import with_defence_first
from tests.actions.conftest import make_tracker, run_action, texts


def test_a_received_warning_puts_defence_before_squatting() -> None:
    text = "米国で売り始めたら、現地の会社から「その商標はうちのものだ」と警告書が届きました"
    assert with_defence_first(["squatting_support"], text) == [
        "defense_support",
        "squatting_support",
    ]


def test_sending_a_warning_or_a_lawsuit_that_may_come_changes_nothing() -> None:
    for text in ("模倣品の業者に警告状を送りたい", "訴えられたらどうしようと心配です"):
        assert with_defence_first(["counterfeit_support"], text) == ["counterfeit_support"]


def test_the_answer_names_both_with_the_defence_program_first(kb, desk_db) -> None:
    text = "中国で商標を先に取られていて、その会社から警告状が届いた"
    messages, _ = run_action(
        ActionAnswerProgram(), make_tracker("ask_squatting_support", text=text)
    )
    reply = texts(messages)
    defence, squatting = kb.program("defense_support"), kb.program("squatting_support")
    assert defence.name in reply and squatting.name in reply
    assert reply.index(defence.name) < reply.index(squatting.name)
    assert defence.contacts[0].phone in reply
    # Urgent: recorded for the desk, and the note comes last with the buttons.
    assert messages[-1]["text"] == kb.wording.say("handoff.urgent_recorded")
