"""Small readers of the tracker that several actions share."""

from __future__ import annotations

from rasa_sdk import Tracker


def latest_intent(tracker: Tracker) -> str:
    """The intent Rasa acted on for the latest message (a button payload's too)."""
    return (tracker.latest_message.get("intent") or {}).get("name") or ""


def latest_entity_values(tracker: Tracker, entity: str) -> list[str]:
    """All values of ``entity`` in the latest message, longest first (千葉市 over 千葉)."""
    values = [
        str(e.get("value"))
        for e in tracker.latest_message.get("entities", [])
        if e.get("entity") == entity and e.get("value")
    ]
    return sorted(dict.fromkeys(values), key=len, reverse=True)
