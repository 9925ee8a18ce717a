"""「日本の特許出願は去年の5月です。間に合いますか」: the priority deadline, worked out.

A missed priority date loses the right, so the answer does the arithmetic against today:
the first filing date the user gives plus the Paris Convention period of each right type
(knowledge/data/priority.yml), and says plainly whether it has passed.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date
from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.buttons import menu_button, person_button
from actions.dates import MentionedDate, add_months, find_date, japanese
from actions.safe_action import SafeAction
from actions.tracker_utils import latest_entity_values
from knowledge import KnowledgeBase, get_knowledge_base


def _periods(kb: KnowledgeBase, right_type: Optional[str]) -> list[tuple[list[str], int]]:
    """(right type labels, months), the rights with the same period grouped together."""
    grouped: dict[int, list[str]] = {}
    for key, months in kb.priority.months.items():
        if right_type is None or key == right_type:
            grouped.setdefault(months, []).append(kb.right_type_label(key))
    return sorted(((labels, months) for months, labels in grouped.items()), key=lambda p: -p[1])


def _line(kb: KnowledgeBase, rights: str, months: int, deadline: MentionedDate, today: date) -> str:
    fields = {"rights": rights, "months": months, "deadline": japanese(deadline)}
    if deadline.day is not None:
        last_day = date(deadline.year, deadline.month, deadline.day)
        if last_day < today:
            return kb.wording.say("priority.passed", **fields)
        return kb.wording.say("priority.open", days=(last_day - today).days, **fields)
    month_end = date(deadline.year, deadline.month, monthrange(deadline.year, deadline.month)[1])
    if month_end < today:
        return kb.wording.say("priority.passed", **fields)
    if (deadline.year, deadline.month) == (today.year, today.month):
        return kb.wording.say("priority.this_month", **fields)
    return kb.wording.say("priority.open_month", **fields)


def priority_answer(text: str, right_type: Optional[str], kb: KnowledgeBase, today: date) -> str:
    """The deadline(s) for the filing date in ``text``, or a question for the date."""
    periods = _periods(kb, right_type)
    eras = {kb.wording.era.name: kb.wording.era.first_year}
    filed = find_date(text, today, eras)
    if filed is None or filed.first_day > today:
        listed = "、".join(
            kb.wording.say("label.priority_period", rights="・".join(labels), months=months)
            for labels, months in _periods(kb, None)
        )
        return kb.wording.say("priority.ask_date", periods=listed)
    lines = [
        kb.wording.say("priority.lead", filed=japanese(filed), source_note=kb.priority.source_note)
    ]
    for labels, months in periods:
        lines.append(_line(kb, "・".join(labels), months, add_months(filed, months), today))
    desk = kb.program("inpit_ip_desk")
    phone = desk.contacts[0].phone if desk and desk.contacts else ""
    lines.append(kb.wording.say("priority.after", phone=phone))
    return "\n".join(lines)


class ActionPriorityDeadline(SafeAction):
    """Works out the priority deadline from the date in the question."""

    def name(self) -> str:
        return "action_priority_deadline"

    async def respond(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        kb = get_knowledge_base()
        mentioned = latest_entity_values(tracker, "right_type")
        right_type = kb.normalize_right_type(mentioned[0]) if mentioned else None
        if right_type not in kb.priority.months:
            right_type = None
        text = tracker.latest_message.get("text") or ""
        dispatcher.utter_message(
            text=priority_answer(text, right_type, kb, kb.today()),
            buttons=[person_button(), menu_button()],
        )
        return []
