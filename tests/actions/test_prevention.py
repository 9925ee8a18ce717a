"""Before any harm, the answer is to file first (海外出願支援事業), not the after-harm program."""

from __future__ import annotations

import pytest

from actions.prevention import before_harm
from actions.program_actions import ActionAnswerProgram
from tests.actions.conftest import make_tracker, run_action, slot_set, texts


@pytest.mark.parametrize(
    "text",
    [
        "来年タイに進出する予定です。ブランド名を勝手に登録されないか心配です",
        "ベトナムで売り出す前に、偽物対策として何をしておけばいいですか",
        "今後、韓国で商標を取られないようにするにはどうしたらいい？",
    ],
)
def test_worries_about_the_future_are_before_harm(text: str) -> None:
    assert before_harm(text)


@pytest.mark.parametrize(
    "text",
    [
        "中国で商標を勝手に出願されてしまいました。今後どうすればいいか心配です",
        "台湾の展示会でうちの製品のコピーを見つけました。今後が不安です",
        "タイで偽物が売られているようです",
        "冒認出願の支援について教えてください",
    ],
)
def test_harm_that_happened_or_no_worry_is_not_before_harm(text: str) -> None:
    assert not before_harm(text)


def test_a_worry_before_harm_is_answered_with_the_filing_subsidy(kb) -> None:
    text = "来年タイに進出する予定です。ブランド名を勝手に登録されないか心配です"
    messages, events = run_action(
        ActionAnswerProgram(), make_tracker("ask_squatting_support", text=text)
    )
    reply = texts(messages)
    filing = kb.program("foreign_filing_support")
    assert f"【{filing.name}】" in reply.splitlines()[0]
    assert "予防策" in reply.splitlines()[0]
    assert kb.program("squatting_support").name not in reply
    assert slot_set(events, "program") == filing.id


def test_a_named_after_harm_program_is_answered_as_asked(kb) -> None:
    text = "冒認商標の支援事業について、今後のために知っておきたい"
    messages, _ = run_action(
        ActionAnswerProgram(), make_tracker("ask_squatting_support", text=text)
    )
    assert kb.program("squatting_support").name in texts(messages).splitlines()[0]


@pytest.mark.parametrize(
    ("intent", "text"),
    [
        (
            "ask_squatting_support",
            "中国で商標を抜け駆け登録されないために、何をしておけばいいですか",
        ),
        (
            "ask_counterfeit_support",
            "これから海外に展開しようとしています。偽物が出回るのは避けたい",
        ),
    ],
)
def test_avoiding_a_named_harm_is_answered_with_the_filing_subsidy(
    intent: str, text: str, kb
) -> None:
    messages, _ = run_action(ActionAnswerProgram(), make_tracker(intent, text=text))
    first = texts(messages).splitlines()[0]
    assert f"【{kb.program('foreign_filing_support').name}】" in first
    assert "予防策" in first
