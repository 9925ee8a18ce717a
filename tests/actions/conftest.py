"""Tracker fixtures for action tests: build the tracker Rasa would send the action server."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from knowledge import get_knowledge_base


def make_tracker(
    intent: str,
    text: str = "",
    slots: dict[str, Any] | None = None,
    entities: list[dict[str, Any]] | None = None,
    faq_key: str | None = None,
    ranking: list[tuple[str, float]] | None = None,
    events: list[dict[str, Any]] | None = None,
) -> Tracker:
    latest: dict[str, Any] = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": entities or [],
        "intent_ranking": [{"name": n, "confidence": c} for n, c in (ranking or [])],
    }
    if faq_key:
        latest["response_selector"] = {
            "faq": {"response": {"intent_response_key": faq_key, "confidence": 0.9}}
        }
    return Tracker(
        sender_id="test-user",
        slots=dict(slots or {}),
        latest_message=latest,
        events=events or [{"event": "user", "text": text, "input_channel": "rest"}],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run_action(action: Action, tracker: Tracker) -> tuple[list[dict[str, Any]], list[dict]]:
    """Run an action like the action server would; return (messages, events)."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher.messages, events


def slot_set(events: list[dict], name: str) -> Any:
    """The value the action set ``name`` to (None if it did not set it)."""
    values = [e.get("value") for e in events if e.get("event") == "slot" and e.get("name") == name]
    return values[-1] if values else None


def texts(messages: list[dict[str, Any]]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


@pytest.fixture(scope="session")
def kb():
    return get_knowledge_base()


@pytest.fixture(autouse=True)
def desk_db(tmp_path, monkeypatch):
    """Handoff tickets go to a temporary desk database, never to the developer's var/."""
    from desk.db import dispose_all

    url = f"sqlite:///{tmp_path / 'desk.db'}"
    monkeypatch.setenv("DESK_DB_URL", url)
    monkeypatch.delenv("DESK_SLACK_BOT_TOKEN", raising=False)
    yield url
    dispose_all()
