"""Answers about one program: the full answer, follow-ups in context, and FAQs."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import formatting
from actions.answer_memory import already_sent
from actions.buttons import followup_buttons, menu_button
from actions.intent_map import FOLLOWUP_ASPECTS, INTENT_TO_PROGRAM, intent_button
from actions.replies import send_program_reply, wants_short
from actions.routing_actions import resolve_prefecture_from
from actions.safe_action import SafeAction
from actions.tracker_utils import latest_entity_values, latest_intent
from knowledge import get_knowledge_base


class ActionAnswerProgram(SafeAction):
    """Names the program for the user's situation, with figures, deadline and contacts."""

    def name(self) -> str:
        return "action_answer_program"

    async def respond(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        kb = get_knowledge_base()
        intent = latest_intent(tracker)
        program = kb.program(INTENT_TO_PROGRAM.get(intent, ""))
        if program is None:
            dispatcher.utter_message(text="該当する支援策が見つかりませんでした。")
            return []
        # --- knowledge (issue 12): short core + details, no contradiction, no repeat ---
        short = wants_short(tracker, kb)
        gap = _prefecture_without_program(program, tracker)
        if gap is not None:  # 「長崎です。海外に特許を出したい」: lead with what 長崎 can use
            program = gap.alternatives[0]
            reply = formatting.gap_reply(gap, kb, short=short)
        else:
            lead = formatting.default_lead(kb, program)
            class_rate = _class_rate(program, tracker)
            if class_rate is not None:
                lead += formatting.class_rate_lead(kb, class_rate)
            reply = formatting.program_reply(program, kb, lead=lead, short=short)
        sent = send_program_reply(
            dispatcher, tracker, program, reply, kb, short=short, buttons=followup_buttons()
        )
        if sent and intent == "ask_squatting_support":
            prevention = squatting_prevention_text(kb)
            if prevention and not already_sent(tracker, prevention):
                dispatcher.utter_message(text=prevention)
        elif sent and intent == "ask_consultation":
            for related in filter(None, map(kb.program, program.related)):
                also = formatting.program_reply(
                    related, kb, lead=kb.wording.say("lead.also", name=related.name)
                )
                dispatcher.utter_message(text=also.core)
        # --- end knowledge ---
        return [SlotSet("program", program.id)]


def _prefecture_without_program(program: Any, tracker: Tracker) -> Any:
    """The user's prefecture when it does not run the program asked about, else None."""
    if program.id != "foreign_filing_support":
        return None
    match = resolve_prefecture_from(tracker, tracker.get_slot("prefecture"))
    if match is None or match.implemented or not match.alternatives:
        return None
    return match


def _class_rate(program: Any, tracker: Tracker) -> Any:
    """The PCT rate for the applicant class the user named (スタートアップ → 1/3)."""
    if not program.rates_by_class:
        return None
    mentioned = latest_entity_values(tracker, "applicant_class")
    return program.class_rate_for_text(" ".join(mentioned)) if mentioned else None


def squatting_prevention_text(kb: Any) -> str | None:
    """Prevention advice: 冒認対策商標 under the foreign filing subsidies."""
    return formatting.squatting_prevention(kb)


class ActionAnswerFollowup(SafeAction):
    """補助率は？ 締切は？ … about the program under discussion."""

    def name(self) -> str:
        return "action_answer_followup"

    async def respond(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        kb = get_knowledge_base()
        aspect = FOLLOWUP_ASPECTS.get(latest_intent(tracker))
        program = kb.program(tracker.get_slot("program") or "")
        if program is None or aspect is None:
            dispatcher.utter_message(
                text="どの支援策についてのご質問でしょうか？",
                buttons=[
                    intent_button(i)
                    for i in (
                        "ask_foreign_filing_subsidy",
                        "ask_counterfeit_support",
                        "ask_defense_support",
                        "ask_squatting_support",
                        "ask_litigation_insurance",
                    )
                ]
                + [menu_button()],
            )
            return []
        dispatcher.utter_message(
            text=formatting.aspect_answer(program, aspect, kb),
            buttons=followup_buttons(exclude=[aspect]),
        )
        return []


class ActionAnswerFaq(SafeAction):
    """Answers the FAQ the ResponseSelector picked, from knowledge/ facts."""

    def name(self) -> str:
        return "action_answer_faq"

    async def respond(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        kb = get_knowledge_base()
        selector = tracker.latest_message.get("response_selector", {}).get("faq", {})
        key = selector.get("response", {}).get("intent_response_key") or ""
        fact = kb.fact(key.split("/", 1)[-1])
        if fact is None:
            dispatcher.utter_message(
                text="すみません、そのご質問にはお答えできる情報が見つかりませんでした。"
                "別の言い方でもう一度お願いできますか？",
                buttons=[menu_button()],
            )
            return []
        text = formatting.fact_answer(fact, kb)
        if fact.programs:
            dispatcher.utter_message(text=text, buttons=followup_buttons())
            return [SlotSet("program", fact.programs[0])]
        dispatcher.utter_message(text=text, buttons=[menu_button()])
        return []
