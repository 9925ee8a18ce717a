"""What this conversation has already seen, read from the tracker Rasa sends.

Two uses: a program answer asked for again gets a short reminder instead of the same
long text, and 「スマホなので短く」 said once keeps every later answer short. Reading the
events is cheap (they are already in the request), so no slot or NLU change is needed.
"""

from __future__ import annotations

from typing import Literal

from rasa_sdk import Tracker

Seen = Literal["this_turn", "earlier"]


def user_texts(tracker: Tracker) -> list[str]:
    """Everything the user typed in this conversation, oldest first."""
    return [e.get("text") or "" for e in tracker.events if e.get("event") == "user"]


def already_sent(tracker: Tracker, text: str) -> Seen | None:
    """Whether the bot already sent ``text``: in this turn, earlier, or not at all."""
    earlier = False
    this_turn = False
    for event in tracker.events:
        kind = event.get("event")
        if kind == "user":
            earlier = earlier or this_turn
            this_turn = False
        elif kind == "bot" and event.get("text") == text:
            this_turn = True
    if this_turn:
        return "this_turn"
    return "earlier" if earlier else None
