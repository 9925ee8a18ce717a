"""The next steps offered under every reply, so a user who only presses buttons never
runs out of them. Titles are the registry's labels (bot/intents.yml)."""

from __future__ import annotations

from typing import Iterable, Optional

from actions.intent_map import FOLLOWUP_ASPECTS, MENU_INTENTS, aspect_button, intent_button

Button = dict[str, str]

# Follow-ups offered after a program answer, in the order users ask them.
ASPECT_ORDER = ("deadline", "requirements", "contact", "rate", "cap", "how_to_apply")


def menu_button() -> Button:
    """Back to the list of topics."""
    return intent_button("ask_capabilities")


def person_button() -> Button:
    """The human desks."""
    return intent_button("request_human")


def stop_button() -> Button:
    """Leave the question being asked (inside a form)."""
    return {"title": "やめる", "payload": "/stop"}


def menu_buttons(limit: Optional[int] = None) -> list[Button]:
    """The main menu."""
    return [intent_button(i) for i in MENU_INTENTS[:limit]]


def followup_buttons(exclude: Iterable[str] = (), limit: int = 3) -> list[Button]:
    """Other aspects of the program under discussion, then the menu."""
    skipped = set(exclude)
    aspects = [a for a in ASPECT_ORDER if a not in skipped][:limit]
    return [aspect_button(a) for a in aspects] + [menu_button()]


def aspect_of_intent(intent: str) -> Optional[str]:
    """``ask_rate`` → ``rate``."""
    return FOLLOWUP_ASPECTS.get(intent)
