"""「警告状が届いた」 with no place: ask whether the other side is abroad before answering.

防衛型侵害対策支援事業 is for claims made abroad by foreign companies. On three sets of
real questions collected from public pages, most warning letters told without any place
were between Japanese companies (「知らない企業から、いきなり警告書が送られてきた」):
answering with the program misled them. One question back costs an overseas user a click,
names the program and its condition at once, and gives the general desk for claims at
home. A button payload, a country, 海外 or a country slot set earlier answers directly.
"""

from __future__ import annotations

import copy
from typing import Any, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.formatting import contact_lines
from actions.scope import DEFENCE_PROGRAM, abroad_named, says_any
from actions.tracker_utils import previous_turn_events
from knowledge import KnowledgeBase, get_knowledge_base

# The general IP desk: claims at home are its matter, not the programs'.
HOME_DESK = "inpit_ip_desk"


def place_unclear(program_ids: list[str], named: list[str], tracker: Tracker) -> bool:
    """A claim against the user, guessed from a story that names no place abroad."""
    if program_ids != [DEFENCE_PROGRAM] or DEFENCE_PROGRAM in named:
        return False
    text = (tracker.latest_message.get("text") or "").strip()
    if not text or text.startswith("/") or tracker.get_slot("country"):
        return False
    return not abroad_named(text, tracker.latest_message.get("entities") or [])


def ask_where(dispatcher: CollectingDispatcher, kb: KnowledgeBase) -> None:
    """The question, with the program's condition and the desk for claims at home."""
    program = kb.program(DEFENCE_PROGRAM)
    desk = kb.program(HOME_DESK)
    if program is None or desk is None:
        return
    lines = [
        kb.wording.say("ask.claim_place", name=program.name, desk=desk.name),
        *contact_lines(desk.contacts[:1], kb),
    ]
    buttons = [
        {"title": kb.wording.say("label.claim_abroad"), "payload": "/ask_defense_support"},
        {"title": kb.wording.say("label.claim_home"), "payload": "/out_of_scope"},
    ]
    dispatcher.utter_message(text="\n".join(lines), buttons=buttons)


# A claim at home, in the user's words (「国内の取引先からです」「日本の会社です」).
_HOME = ("国内", "日本の", "日本企業", "日本国内")


def _asked_where(tracker: Tracker, kb: KnowledgeBase) -> bool:
    """The bot's previous turn was the question above."""
    program = kb.program(DEFENCE_PROGRAM)
    desk = kb.program(HOME_DESK)
    if program is None or desk is None:
        return False
    question = kb.wording.say("ask.claim_place", name=program.name, desk=desk.name)
    first_line = question.splitlines()[0]
    return any(
        e.get("event") == "bot" and first_line in (e.get("text") or "")
        for e in previous_turn_events(tracker)
    )


def typed_answer(tracker: Tracker, kb: KnowledgeBase) -> Optional[str]:
    """ "abroad" or "home" when the message answers the question in words, else None.

    The buttons answer by payload; a typed answer (「中国の会社です」「国内の取引先から」)
    is often too short for the classifier and reached "not sure" before.
    """
    if not _asked_where(tracker, kb):
        return None
    text = tracker.latest_message.get("text") or ""
    if says_any(text, (kb.wording.say("label.claim_home"), *_HOME)):
        return "home"
    if abroad_named(text, tracker.latest_message.get("entities") or []):
        return "abroad"
    return None


async def answer_typed_place(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
) -> Optional[list[dict[str, Any]]]:
    """The answer to a typed reply to the question, or None when it is not one.

    Called where such a reply lands: the clarification (「海外の企業からです」 read as not
    sure) and the bare detail (「アメリカの会社です」 read as inform with a country)."""
    # Imported here: both actions import this module.
    from actions.conversation_actions import ActionOutOfScope
    from actions.program_actions import ActionAnswerProgram

    place = typed_answer(tracker, get_knowledge_base())
    if place == "home":
        return await ActionOutOfScope().respond(dispatcher, tracker, domain)
    if place != "abroad":
        return None
    chosen = copy.copy(tracker)
    chosen.latest_message = {
        **tracker.latest_message,
        "intent": {"name": "ask_defense_support", "confidence": 1.0},
    }
    return await ActionAnswerProgram().respond(dispatcher, chosen, domain)
