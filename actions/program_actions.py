"""Answers about one program: the full answer, follow-ups in context, and FAQs."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import formatting
from actions.buttons import followup_buttons, menu_button
from actions.intent_map import FOLLOWUP_ASPECTS, INTENT_TO_PROGRAM, intent_button
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
        lead = (
            f"ご相談の内容には【{program.name}】が当てはまります。"
            if program.rate is not None or program.rates_by_class
            else f"【{program.name}】をご案内します。"
        )
        class_rate = _class_rate(program, tracker)
        if class_rate is not None:
            lead += (
                f"{class_rate.applicant_class}に当たる場合、手数料は"
                f"{formatting.fraction(class_rate.rate)}になります。"
            )
        dispatcher.utter_message(
            text=formatting.program_answer(program, kb, lead), buttons=followup_buttons()
        )
        if intent == "ask_squatting_support":
            prevention = squatting_prevention_text(kb)
            if prevention:
                dispatcher.utter_message(text=prevention)
        elif intent == "ask_consultation":
            for related in filter(None, map(kb.program, program.related)):
                dispatcher.utter_message(
                    text=formatting.program_answer(
                        related, kb, f"【{related.name}】もご利用いただけます。"
                    )
                )
        return [SlotSet("program", program.id)]


def _class_rate(program: Any, tracker: Tracker) -> Any:
    """The PCT rate for the applicant class the user named (スタートアップ → 1/3)."""
    if not program.rates_by_class:
        return None
    mentioned = latest_entity_values(tracker, "applicant_class")
    return program.class_rate_for_text(" ".join(mentioned)) if mentioned else None


def squatting_prevention_text(kb: Any) -> str | None:
    """Prevention advice: 冒認対策商標 under the foreign filing subsidies."""
    programs = [
        p
        for p in kb.programs
        if p.caps and (p.caps.per_case_yen or {}).get("anti_squatting_trademark")
    ]
    if not programs:
        return None
    cap = programs[0].caps.per_case_yen["anti_squatting_trademark"]
    names = "・".join(p.name for p in programs)
    return (
        "【予防策】まだ抜け駆けされていない国では、先に商標を出願しておくのが有効です。"
        f"{names}では、抜け駆け出願への対策を目的とした「冒認対策商標」の出願費用も"
        f"補助の対象です（1案件あたり上限{formatting.yen(cap)}）。"
    )


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
        text = f"【{fact.question}】\n{fact.answer}\n出典：{fact.source}"
        if fact.programs:
            dispatcher.utter_message(text=text, buttons=followup_buttons())
            return [SlotSet("program", fact.programs[0])]
        dispatcher.utter_message(text=text, buttons=[menu_button()])
        return []
