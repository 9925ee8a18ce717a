"""CoverageQuestion: a question whether something is covered is never out of scope."""

from __future__ import annotations

import pytest

from bot.nlu.coverage_question import CoverageQuestion
from tests.nlu.classified_message import classified


def intent_after(text: str, ranking: list[tuple[str, float]]) -> str:
    component = CoverageQuestion(CoverageQuestion.get_default_config())
    (out,) = component.process([classified(text, ranking)])
    return out.get("intent")["name"]


@pytest.mark.parametrize(
    "text",
    [
        "審査請求や維持年金などは対象になりますか?",
        "実用新案の維持年金も助成対象ですか",
        "現地代理人の費用って補助の対象でしょうか",
    ],
)
def test_a_coverage_question_read_as_out_of_scope_asks_the_covered_costs(text: str) -> None:
    ranking = [("out_of_scope", 0.99), ("ask_requirements", 0.01)]
    assert intent_after(text, ranking) == "ask_covered_costs"


@pytest.mark.parametrize(
    "text",
    [
        "補助金って課税対象になる？",
        "事業再構築補助金の対象経費を教えて",
        "特許の審査にはどれくらいかかりますか",
    ],
)
def test_other_schemes_and_other_questions_stay_out_of_scope(text: str) -> None:
    assert intent_after(text, [("out_of_scope", 0.99)]) == "out_of_scope"


def test_another_intent_is_left_alone() -> None:
    text = "翻訳費は対象になりますか"
    assert intent_after(text, [("ask_requirements", 0.7), ("out_of_scope", 0.2)]) == (
        "ask_requirements"
    )
