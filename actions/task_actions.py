"""The subsidy estimate and the eligibility check (Rasa forms and their results)."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import formatting
from actions.amounts import parse_yen
from actions.buttons import followup_buttons, menu_button
from actions.conversation_actions import desk_lines
from actions.eligibility import EligibilityAnswers, evaluate
from actions.intent_map import intent_button
from actions.mentions import programs_in_message
from actions.safe_action import SafeAction
from knowledge import KnowledgeBase, get_knowledge_base
from knowledge.subsidy import estimate_subsidy
from knowledge.text import normalize

ESTIMATE_PROGRAMS = ("foreign_filing_support", "inpit_filing_subsidy")
ELIGIBILITY_SLOTS = ("is_sme", "is_deemed_large", "has_domestic_filing", "files_after_selection")
# Words that show a subsidy is meant. Without one of them, and without an amount,
# 「海外で特許を取るにはいくらかかる？」 asks the price of filing itself.
SUBSIDY_CUES = ("補助", "助成", "支援", "補填", "補てん", "出る", "出ます", "もらえ", "戻", "試算")


def asks_price_of_filing(message: Dict[str, Any]) -> bool:
    """A cost question with no word of a subsidy: the estimate would answer another one."""
    text = str(message.get("text") or "")
    if text.startswith("/") or any(
        e.get("entity") == "amount" for e in message.get("entities") or []
    ):
        return False
    folded = normalize(text)
    return not any(normalize(cue) in folded for cue in SUBSIDY_CUES)


def _validate_right_type(value: Any, dispatcher: CollectingDispatcher) -> Dict[str, Any]:
    kb = get_knowledge_base()
    key = kb.normalize_right_type(str(value)) if value else None
    if key is None:
        dispatcher.utter_message(
            text="特許・実用新案・意匠・商標・冒認対策商標のどれかを選んでください。"
        )
        return {"right_type": None}
    return {"right_type": kb.right_type_label(key)}


class RightTypeValidation:
    """Both forms ask for the right type; it is normalised the same way (デザイン → 意匠)."""

    def validate_right_type(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[str, Any]:
        return _validate_right_type(slot_value, dispatcher)


class ValidateEstimateForm(RightTypeValidation, FormValidationAction):
    """Normalises the right type and parses the amount (150万 → 1500000)."""

    def name(self) -> str:
        return "validate_estimate_form"

    async def extract_amount(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        # A bare 「150」 or 「百五十万」-free number typed when asked still counts.
        if tracker.get_slot("requested_slot") != "amount" or tracker.get_slot("amount"):
            return {}
        text = tracker.latest_message.get("text") or ""
        return {"amount": text} if parse_yen(text) else {}

    def validate_amount(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[str, Any]:
        amount = parse_yen(str(slot_value))
        if amount is None:
            dispatcher.utter_message(
                text=get_knowledge_base().wording.say("estimate.ask_amount_again")
            )
            return {"amount": None}
        return {"amount": str(amount)}


class ActionStartEstimate(SafeAction):
    """Starts the estimate only for the foreign-filing subsidies it computes.

    「掛金の補助はいくらですか」 names the insurance: its rate is the answer, and asking
    for a right type and a filing cost would start the wrong flow.
    """

    def name(self) -> str:
        return "action_start_estimate"

    async def respond(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        named = programs_in_message(tracker.latest_message)
        kb = get_knowledge_base()
        if asks_price_of_filing(tracker.latest_message):
            return _price_not_quoted(dispatcher, kb)
        if not named or any(p in ESTIMATE_PROGRAMS for p in named):
            return []  # the rule goes on to the estimate form
        program = kb.program(named[0])
        if program is None:
            return []
        dispatcher.utter_message(
            text=formatting.aspect_answer(program, "rate", kb),
            buttons=followup_buttons(exclude=["rate"]),
        )
        return [SlotSet("program", program.id), FollowupAction("action_listen")]


def _price_not_quoted(dispatcher: CollectingDispatcher, kb: KnowledgeBase) -> List[Dict[str, Any]]:
    """Say the price is not ours to quote, name the free desk, and offer the estimate."""
    program = kb.program(ESTIMATE_PROGRAMS[0])
    lines = [kb.wording.say("estimate.cost_not_quoted"), *desk_lines()]
    dispatcher.utter_message(text="\n".join(lines))
    dispatcher.utter_message(
        text=kb.wording.say("estimate.subsidy_hint", name=program.name, rate=program.rate),
        buttons=[intent_button("ask_subsidy_estimate"), menu_button()],
    )
    return [FollowupAction("action_listen")]


class ActionEstimateSubsidy(SafeAction):
    """Shows the arithmetic: cost × rate, then the per-case and per-company caps."""

    def name(self) -> str:
        return "action_estimate_subsidy"

    async def respond(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        kb = get_knowledge_base()
        current = tracker.get_slot("program")
        program = kb.program(current if current in ESTIMATE_PROGRAMS else ESTIMATE_PROGRAMS[0])
        key = kb.normalize_right_type(tracker.get_slot("right_type") or "")
        cost = parse_yen(tracker.get_slot("amount"))
        if program is None or key is None or cost is None:
            dispatcher.utter_message(
                text="試算に必要な情報がそろいませんでした。もう一度お試しください。",
                buttons=[intent_button("ask_subsidy_estimate"), menu_button()],
            )
            return [SlotSet("amount", None)]
        estimate = estimate_subsidy(program, cost, key, wording=kb.wording)
        dispatcher.utter_message(
            text=formatting.estimate_answer(estimate, program, kb),
            buttons=[
                intent_button("ask_foreign_filing_subsidy"),
                intent_button("start_eligibility_check"),
                *followup_buttons(exclude=["rate", "cap", "requirements"], limit=1),
            ],
        )
        return [SlotSet("program", program.id), SlotSet("amount", None)]


class ValidateEligibilityForm(RightTypeValidation, FormValidationAction):
    """Keeps yes/no answers and normalises the right type."""

    def name(self) -> str:
        return "validate_eligibility_form"


class ActionEligibilityResult(SafeAction):
    """Ends the check with the programs that fit and why, or what is missing."""

    def name(self) -> str:
        return "action_eligibility_result"

    async def respond(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        kb = get_knowledge_base()
        key = kb.normalize_right_type(tracker.get_slot("right_type") or "")
        verdict = evaluate(
            EligibilityAnswers(*(tracker.get_slot(s) for s in ELIGIBILITY_SLOTS), right_type=key),
            kb.eligibility,
        )
        buttons = (
            [intent_button("ask_foreign_filing_subsidy"), intent_button("ask_subsidy_estimate")]
            if verdict.fits
            else [intent_button("ask_consultation")]
        )
        dispatcher.utter_message(
            text=formatting.eligibility_answer(verdict, kb, key), buttons=[*buttons, menu_button()]
        )
        resets = [SlotSet(s, None) for s in ELIGIBILITY_SLOTS]
        program_id = verdict.fits[0] if verdict.fits else None
        return [*resets, SlotSet("program", program_id)]
