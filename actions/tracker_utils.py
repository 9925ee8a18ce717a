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


def active_form(tracker: Tracker) -> str | None:
    """The form in progress, if any."""
    return (tracker.active_loop or {}).get("name") or None


def previous_turn_events(tracker: Tracker) -> list[dict]:
    """The events of the turn before the user's latest message (between the two last)."""
    users = [i for i, e in enumerate(tracker.events) if e.get("event") == "user"]
    if len(users) < 2:
        return []
    return tracker.events[users[-2] + 1 : users[-1]]


def previous_turn_was_a_miss(tracker: Tracker) -> bool:
    """The bot did not understand the previous message either (and did not hand over).

    Derived from the events, so no counter slot can drift out of step with them.
    """
    events = previous_turn_events(tracker)
    clarified = any(
        e.get("event") == "action" and e.get("name") == "action_clarify" for e in events
    )
    handed_over = any(
        e.get("event") == "slot" and e.get("name") == "handoff_requested" and e.get("value")
        for e in events
    )
    return clarified and not handed_over
