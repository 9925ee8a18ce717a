"""`make run WORKERS=2`: two Rasa workers share Redis locks and the SQLite tracker store.

A conversation's turns land on either worker, so a follow-up only works if both see the
same tracker; the locks keep two quick messages of one user in order.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from knowledge import get_knowledge_base
from tests.support.stack import Stack, running_bot


@pytest.fixture(scope="module")
def scaled_bot() -> Iterator[Stack]:
    with running_bot(workers=2) as stack:
        yield stack


def test_follow_ups_keep_their_context_across_workers(scaled_bot: Stack) -> None:
    program = get_knowledge_base().program("defense_support")
    for n in range(4):
        sender = f"scaled-{n}"
        first = scaled_bot.rest_text(sender, "海外から警告状が届いた")
        assert program.contacts[0].phone in first
        follow_up = scaled_bot.rest_text(sender, "補助率は？")
        assert f"【{program.name}】" in follow_up


def test_parallel_users_all_get_their_own_answer(scaled_bot: Stack) -> None:
    office = get_knowledge_base().resolve_prefecture("愛知").organization
    assert office is not None
    senders = [f"scaled-par-{n}" for n in range(8)]

    def route(sender: str) -> str:
        scaled_bot.rest(sender, "外国出願の補助金を使いたい")
        return scaled_bot.rest_text(sender, "愛知です")

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(route, senders))
    assert all(office.name in a and office.phone in a for a in answers), answers
