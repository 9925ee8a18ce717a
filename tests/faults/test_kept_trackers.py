"""A kept tracker is handed out again only while it is exactly what the database holds.

bot/kept_trackers.py spares each turn the reload of its session. A stale tracker would
answer with a form or program the conversation has left, or, written back, duplicate or
lose events; so every way the database can move on without this process must reload.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.kept_trackers import KeptTrackers
from bot.stores import ConversationStore
from launcher.paths import ROOT


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(ROOT / "domain.yml")


def _store(domain: Domain, path: Path) -> ConversationStore:
    return ConversationStore(domain=domain, dialect="sqlite", db=str(path))


async def _first_turn(store: ConversationStore, domain: Domain) -> DialogueStateTracker:
    assert await store.retrieve("u1") is None
    tracker = DialogueStateTracker("u1", domain.slots)
    tracker.update(ActionExecuted("action_listen"))
    tracker.update(UserUttered("海外から警告状が届いた", {"name": "ask_defense_support"}))
    tracker.update(SlotSet("program", "defense_support"))
    await store.save(tracker)
    return tracker


def test_the_next_turn_gets_the_saved_tracker_without_a_reload(
    domain: Domain, tmp_path: Path
) -> None:
    store = _store(domain, tmp_path / "t.db")

    async def scenario() -> None:
        saved = await _first_turn(store, domain)
        again = await store.retrieve("u1")
        assert again is saved
        again.update(SlotSet("program", "squatting_support"))
        await store.save(again)
        assert await store.retrieve("u1") is again

    asyncio.run(scenario())


def test_a_write_by_another_process_is_seen(domain: Domain, tmp_path: Path) -> None:
    """Two Rasa processes behind nginx share PostgreSQL; here two stores share one file."""
    db = tmp_path / "t.db"
    first, second = _store(domain, db), _store(domain, db)

    async def scenario() -> None:
        await _first_turn(first, domain)
        other = await second.retrieve("u1")
        assert other is not None
        other.update(UserUttered("模倣品の話です", {"name": "ask_counterfeit_support"}))
        other.update(SlotSet("program", "counterfeit_support"))
        await second.save(other)
        seen = await first.retrieve("u1")
        assert seen is not None and seen is not other
        assert seen.get_slot("program") == "counterfeit_support"
        assert len(seen.events) == len(other.events)

    asyncio.run(scenario())


def test_a_turn_that_failed_before_saving_is_not_handed_out(domain: Domain, tmp_path: Path) -> None:
    store = _store(domain, tmp_path / "t.db")

    async def scenario() -> None:
        saved = await _first_turn(store, domain)
        saved.update(SlotSet("program", "counterfeit_support"))  # the turn dies here
        reloaded = await store.retrieve("u1")
        assert reloaded is not None and reloaded is not saved
        assert reloaded.get_slot("program") == "defense_support"

    asyncio.run(scenario())


def test_a_tracker_that_started_a_new_session_is_reloaded(domain: Domain, tmp_path: Path) -> None:
    """The reload holds the new session only, so a long conversation stays short."""
    store = _store(domain, tmp_path / "t.db")

    async def scenario() -> None:
        saved = await _first_turn(store, domain)
        saved.update(ActionExecuted("action_session_start"))
        saved.update(SessionStarted())
        saved.update(ActionExecuted("action_listen"))
        await store.save(saved)
        reloaded = await store.retrieve("u1")
        assert reloaded is not None and reloaded is not saved
        assert len(reloaded.events) < len(saved.events)

    asyncio.run(scenario())


def test_idle_conversations_expire_and_the_number_kept_is_bounded(domain: Domain) -> None:
    now = [0.0]
    kept = KeptTrackers(idle_seconds=60, max_kept=3, clock=lambda: now[0])
    trackers = [DialogueStateTracker(f"u{i}", domain.slots) for i in range(5)]
    for tracker in trackers:
        kept.keep(tracker, 1)
    assert len(kept) == 3
    assert kept.get("u0", 1) is None  # the oldest went first
    assert kept.get("u4", 1) is trackers[4]
    now[0] = 61.0
    assert kept.get("u4", 1) is None
    assert len(kept) == 0
