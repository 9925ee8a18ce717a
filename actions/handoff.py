"""Handoffs to a human desk become desk tickets.

``record_handoff`` is the one entry point the actions use. It builds the ticket from the
tracker (channel, conversation id, masked transcript, slots) and stores it through
``desk.tickets``; the desk's engine is created once, on the first handoff. It never
raises: a storage error is logged with the sender id and the error type only, and the
user still gets the desks' phone numbers from the calling action.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Tracker

from actions.intent_map import INTENT_LABELS, INTENT_TO_PROGRAM

logger = logging.getLogger(__name__)

REASONS = ("user_request", "not_understood", "urgent")
_MAX_TURNS = 40  # the desk reads the end of a long conversation; older turns add noise


def record_handoff(tracker: Tracker, reason: str) -> str | None:
    """Store a ticket for this conversation; returns its id, or None if storing failed."""
    try:
        from desk.notify import notify_if_urgent
        from desk.tickets import create_ticket

        ticket = create_ticket(ticket_from_tracker(tracker, reason))
        notify_if_urgent(ticket)
    except Exception as error:  # the user's reply must never fail
        logger.error(
            "handoff for sender %s not stored: %s", tracker.sender_id, type(error).__name__
        )
        return None
    logger.info("handoff ticket %s for sender %s (%s)", ticket.id, tracker.sender_id, reason)
    return ticket.id


def ticket_from_tracker(tracker: Tracker, reason: str) -> Any:
    """A ``desk.tickets.NewTicket`` from the tracker's events and slots (not yet masked)."""
    from desk.tickets import NewTicket, Turn

    turns: list[Turn] = []
    programs: list[str] = []
    slot_program = tracker.get_slot("program")
    for event in tracker.events:
        kind = event.get("event")
        text = event.get("text")
        if kind == "user":
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if intent in INTENT_TO_PROGRAM:
                programs.append(INTENT_TO_PROGRAM[intent])
            if text:
                turns.append(Turn("user", _readable(text), _iso(event.get("timestamp"))))
        elif kind == "bot" and text:
            turns.append(Turn("bot", text, _iso(event.get("timestamp"))))
    if slot_program:
        programs = [slot_program, *[p for p in programs if p != slot_program]]
    channel = (tracker.get_latest_input_channel() or "") if tracker.events else ""
    return NewTicket(
        channel=channel or "unknown",
        sender_id=tracker.sender_id,
        reason=reason if reason in REASONS else "user_request",
        transcript=turns[-_MAX_TURNS:],
        programs=list(dict.fromkeys(programs)),
        prefecture=tracker.get_slot("prefecture"),
        right_type=tracker.get_slot("right_type"),
        country=tracker.get_slot("country"),
    )


def _readable(text: str) -> str:
    """A pressed button arrives as its payload (/ask_defense_support); show its label."""
    if text.startswith("/"):
        intent = text[1:].split("{", 1)[0]
        if intent in INTENT_LABELS:
            return f"［ボタン］{INTENT_LABELS[intent]}"
    return text


def _iso(timestamp: Any) -> str | None:
    if not isinstance(timestamp, int | float):
        return None
    moment = datetime.fromtimestamp(timestamp, tz=timezone.utc)
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")
