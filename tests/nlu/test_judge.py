"""The judge reads replies as a user would: a few cases where that needs care."""

from __future__ import annotations

from evaluation.judge import Expectation, Outcome, judge, read_reply
from knowledge import get_knowledge_base


def test_the_deadline_answer_counts_for_the_priority_period_faq() -> None:
    kb = get_knowledge_base()
    periods = "特許・実用新案が12か月、意匠・商標が6か月"
    text = kb.wording.say("priority.ask_date", periods=periods)
    reading = read_reply([{"text": text}], kb)
    assert reading.kind == "priority"
    assert judge(Expectation("faq:priority_period"), reading) is Outcome.CORRECT
    assert judge(Expectation("faq:payment_timing"), reading) is Outcome.WRONG
