"""Sending a program answer: core and details as bubbles, short on request, never twice.

Shared by the program and prefecture actions so that both send the same shape.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import formatting
from actions.answer_memory import already_sent, user_texts
from knowledge import KnowledgeBase, Program

# Offered instead of the details bubble when the user asked for short answers.
DETAIL_BUTTONS = (
    ("対象経費は？", "/ask_covered_costs"),
    ("申請方法は？", "/ask_how_to_apply"),
)


def wants_short(tracker: Tracker, kb: KnowledgeBase) -> bool:
    """「スマホなので短く」 (or similar) anywhere in this conversation."""
    return formatting.wants_short(user_texts(tracker), kb)


def send_program_reply(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    program: Program,
    reply: formatting.ProgramReply,
    kb: KnowledgeBase,
    *,
    short: bool = False,
    buttons: list[dict[str, str]] | None = None,
) -> bool:
    """Send ``reply``; buttons go on the last bubble. Returns False if nothing was sent.

    Sent already in this turn (another action of the same turn): nothing again. Sent in
    an earlier turn: a one-line reminder with the status today instead of the same text.
    """
    seen = already_sent(tracker, reply.core)
    if seen == "this_turn":
        return False
    buttons = list(buttons or [])
    if short or seen == "earlier":
        buttons += [{"title": t, "payload": p} for t, p in DETAIL_BUTTONS]
    if seen == "earlier":
        bubbles = [formatting.repeat_reminder(program, kb)]
    else:
        bubbles = reply.bubbles(short=short)
    for index, text in enumerate(bubbles):
        last = index == len(bubbles) - 1
        extra: dict[str, Any] = {"buttons": buttons} if last and buttons else {}
        dispatcher.utter_message(text=text, **extra)
    return True
