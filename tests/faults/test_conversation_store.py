"""bot.stores.ConversationStore writes each event exactly once, however a tracker reaches it.

It skips Rasa's per-save COUNT query by remembering on the tracker how many events are
stored; a wrong number would duplicate or drop events, which would corrupt the slots and
forms that conversations resume with.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.stores import ConversationStore
from launcher.paths import ROOT


def _rows(store: ConversationStore, sender: str) -> list[str]:
    with store.engine.connect() as connection:
        result = connection.execute(
            sa.text("SELECT type_name FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender}
        )
        return [row[0] for row in result]


def test_every_event_is_stored_once(tmp_path: Path) -> None:
    domain = Domain.load(ROOT / "domain.yml")
    store = ConversationStore(domain=domain, dialect="sqlite", db=str(tmp_path / "t.db"))

    async def scenario() -> tuple[DialogueStateTracker, DialogueStateTracker | None]:
        assert await store.retrieve("u1") is None  # new conversation
        tracker = DialogueStateTracker("u1", domain.slots)  # as Rasa's wrapper creates it
        tracker.update(ActionExecuted("action_listen"))
        await store.save(tracker)
        again = await store.retrieve("u1")
        assert again is not None
        again.update(UserUttered("海外から警告状が届いた", {"name": "ask_defense_support"}))
        again.update(SlotSet("program", "defense_support"))
        await store.save(again)
        await store.save(again)  # saving twice adds nothing
        # A tracker that did not come from this store: Rasa's COUNT query decides.
        foreign = DialogueStateTracker.from_events("u1", list(again.events), domain.slots)
        foreign.update(ActionExecuted("action_listen"))
        await store.save(foreign)
        return foreign, await store.retrieve("u1")

    foreign, final = asyncio.run(scenario())
    assert final is not None
    assert [e.type_name for e in final.events] == [e.type_name for e in foreign.events]
    assert _rows(store, "u1") == ["action", "user", "slot", "action"]
    assert final.get_slot("program") == "defense_support"
