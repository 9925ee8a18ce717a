"""Answers about programs: the full answer, an aspect of one or two, and FAQs.

What the answer is about comes from actions/topics.py: the programs the message names
win over the one discussed before, and an aspect asked in the same sentence as a
program (「冒認の支援って補助率いくつ？」) is answered for that program.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import formatting
from actions.answer_memory import already_sent
from actions.buttons import followup_buttons, menu_button, person_button
from actions.claim_place import ask_where, place_unclear
from actions.confidence import faq_choice
from actions.conversation_actions import ActionOutOfScope, unsure_reply
from actions.handoff import record_handoff
from actions.intent_map import FOLLOWUP_ASPECTS, PROGRAM_INTENTS, intent_button
from actions.mentions import programs_in_message
from actions.prevention import PREVENTION_PROGRAM, prevention_instead
from actions.program_fit import ADVICE_DESK, looks_alike, rights_outside
from actions.replies import send_program_reply, wants_short
from actions.routing_actions import city_named, resolve_prefecture_from
from actions.safe_action import SafeAction
from actions.scope import FILING_PROGRAMS, domestic_case, domestic_only, with_defence_first
from actions.topics import aspect_asked, programs_for_aspect, programs_for_situation
from actions.tracker_utils import latest_entity_values, latest_intent
from knowledge import KnowledgeBase, get_knowledge_base
from knowledge.right_types import RIGHT_TYPES, right_type_label

# Offered when a follow-up names no program and none was discussed yet.
WHICH_PROGRAM_INTENTS = (
    "ask_foreign_filing_subsidy",
    "ask_counterfeit_support",
    "ask_defense_support",
    "ask_squatting_support",
    "ask_litigation_insurance",
)
# Aspects a prefecture's own organization answers (its phone, address, how to apply).
ORGANIZATION_ASPECTS = ("contact", "how_to_apply")


class ActionAnswerProgram(SafeAction):
    """Names the program(s) for the user's situation, with figures, status and contacts."""

    def name(self) -> str:
        return "action_answer_program"

    async def respond(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        kb = get_knowledge_base()
        intent = latest_intent(tracker)
        confidence = float((tracker.latest_message.get("intent") or {}).get("confidence") or 0)
        program_ids = programs_for_situation(intent, tracker.latest_message, confidence)
        text = tracker.latest_message.get("text") or ""
        named = programs_in_message(tracker.latest_message)
        entities = tracker.latest_message.get("entities") or []
        # A filing subsidy the user names (「INPITの補助金」) is for filing abroad, whatever
        # 「日本ではまだ出願していない」 says; a dispute still needs a place abroad.
        filing_named = bool(named) and set(program_ids) <= set(FILING_PROGRAMS)
        if not filing_named and domestic_case(program_ids, text, entities):
            return await ActionOutOfScope().respond(dispatcher, tracker, domain)
        program_ids = with_defence_first(program_ids, text)
        guessed = kb.program(program_ids[0]) if len(program_ids) == 1 else None
        if guessed is not None and not named and looks_alike(guessed, text):
            return await ActionOutOfScope().respond(dispatcher, tracker, domain)
        prevention = prevention_instead(program_ids, named, text)
        outside = rights_outside(guessed, text) if guessed and not prevention else None
        if outside:  # 「無断で当社の技術を特許出願された」 is not a trademark squatted
            return _answer_rights_outside(dispatcher, tracker, guessed, outside, kb)
        if prevention:  # 「進出前にブランドを真似されないか心配」: file first
            program_ids = [PREVENTION_PROGRAM]
        aspect = aspect_asked(text)
        if aspect is None and place_unclear(program_ids, named, tracker):
            ask_where(dispatcher, kb)
            return _record_if_urgent(dispatcher, tracker)
        if aspect is not None:  # an aspect of the programs the message names, if any
            program_ids = named or program_ids
        programs = [p for p in map(kb.program, program_ids) if p is not None]
        if not programs:
            return _ask_which_program(dispatcher, kb)
        if aspect is not None:
            return _answer_aspect(dispatcher, programs, aspect, kb)
        if len(programs) > 1:  # a received warning letter is urgent here too
            return _answer_several(dispatcher, programs, kb) + _record_if_urgent(
                dispatcher, tracker
            )
        program = programs[0]
        cued = kb.fact_cued([program.id], text) if not prevention else None
        if cued is not None:  # 「既に外国出願しましたが助成は？」: the fact, not the overview
            dispatcher.utter_message(
                text=formatting.fact_answer(cued, kb), buttons=followup_buttons()
            )
            return [SlotSet("program", program.id), *_record_if_urgent(dispatcher, tracker)]
        prefecture_named = _prefecture_named(program, tracker)
        # --- knowledge (issue 12): short core + details, no contradiction, no repeat ---
        short = wants_short(tracker, kb)
        gap = _prefecture_without_program(program, tracker)
        if gap is not None:  # 「長崎です。海外に特許を出したい」: lead with what 長崎 can use
            program = gap.alternatives[0]
            reply = formatting.gap_reply(gap, kb, short=short)
        else:
            lead = (
                kb.wording.say("lead.prevention", name=program.name)
                if prevention
                else formatting.default_lead(kb, program)
            )
            class_rate = _class_rate(program, tracker)
            if class_rate is not None:
                lead += formatting.class_rate_lead(kb, class_rate)
            reply = formatting.program_reply(program, kb, lead=lead, short=short)
        sent = send_program_reply(
            dispatcher, tracker, program, reply, kb, short=short, buttons=followup_buttons()
        )
        if sent and program.id == "squatting_support":
            prevention = squatting_prevention_text(kb)
            if prevention and not already_sent(tracker, prevention):
                dispatcher.utter_message(text=prevention)
        elif sent and program.id == "inpit_ip_desk":
            for related in filter(None, map(kb.program, program.related)):
                also = formatting.program_reply(
                    related, kb, lead=kb.wording.say("lead.also", name=related.name)
                )
                dispatcher.utter_message(text=also.core)
        # --- end knowledge ---
        urgent = _record_if_urgent(dispatcher, tracker)
        return [SlotSet("program", program.id), *prefecture_named, *urgent]


# Situations the desk must see at once, whether or not the user asks for a person.
URGENT_REASONS = ("警告状", "訴訟", "税関差止め")


def _record_if_urgent(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[Any]:
    """A warning letter, lawsuit or customs seizure that has happened becomes a ticket."""
    if tracker.get_slot("handoff_requested"):
        return []
    from desk.urgency import assess_urgency  # the desk's rule, so both agree on "urgent"

    urgency = assess_urgency(tracker.latest_message.get("text") or "")
    if urgency.reason not in URGENT_REASONS:
        return []
    if record_handoff(tracker, "urgent") is None:
        return []
    # Last in the turn, so it takes over the answer's buttons: LINE shows the last ones
    # only, and the widget would show them twice.
    answered = dispatcher.messages[-1].pop("buttons", None) if dispatcher.messages else None
    note = get_knowledge_base().wording.say("handoff.urgent_recorded")
    dispatcher.utter_message(text=note, buttons=answered or followup_buttons())
    return [SlotSet("handoff_requested", True)]


def _answer_rights_outside(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    program: Any,
    asked: set[str],
    kb: KnowledgeBase,
) -> List[Dict[str, Any]]:
    """The program does not cover the right asked about: say so, and name the advice desk."""
    desk = kb.program(ADVICE_DESK)
    if desk is None:
        return []
    lead = kb.wording.say(
        "lead.rights_outside",
        program=program.name,
        covered="・".join(right_type_label(r) for r in program.right_types),
        asked="・".join(right_type_label(r) for r in sorted(asked, key=RIGHT_TYPES.index)),
        name=desk.name,
    )
    reply = formatting.program_reply(desk, kb, lead=lead)
    send_program_reply(dispatcher, tracker, desk, reply, kb, buttons=followup_buttons())
    return [SlotSet("program", desk.id)]


def _answer_several(
    dispatcher: CollectingDispatcher, programs: list[Any], kb: KnowledgeBase
) -> List[Dict[str, Any]]:
    """Two situations in one message: both programs, each in its short core."""
    dispatcher.utter_message(text=kb.wording.say("lead.several", count=len(programs)))
    for index, program in enumerate(programs):
        core = formatting.program_reply(program, kb).core
        last = index == len(programs) - 1
        buttons = [_program_button(p) for p in programs] + [menu_button()] if last else None
        dispatcher.utter_message(text=core, **({"buttons": buttons} if buttons else {}))
    return [SlotSet("program", programs[0].id)]


def _answer_aspect(
    dispatcher: CollectingDispatcher, programs: list[Any], aspect: str, kb: KnowledgeBase
) -> List[Dict[str, Any]]:
    """One aspect (補助率, 締切 …) of each program asked about."""
    for index, program in enumerate(programs):
        last = index == len(programs) - 1
        extra = {"buttons": followup_buttons(exclude=[aspect])} if last else {}
        dispatcher.utter_message(text=formatting.aspect_answer(program, aspect, kb), **extra)
    return [SlotSet("program", programs[0].id)]


def _ask_which_program(dispatcher: CollectingDispatcher, kb: KnowledgeBase) -> List[Any]:
    dispatcher.utter_message(
        text=kb.wording.say("lead.which_program"),
        buttons=[intent_button(i) for i in WHICH_PROGRAM_INTENTS] + [menu_button()],
    )
    return []


def _program_button(program: Any) -> dict[str, str]:
    """The button that gives a program's full answer."""
    intent = PROGRAM_INTENTS.get(program.id)
    if intent is None:
        return menu_button()
    return {"title": program.name[:20], "payload": f"/{intent}"}


def _prefecture_named(program: Any, tracker: Tracker) -> list[Dict[str, Any]]:
    """「北九州の会社やけど、海外出願の窓口どこ？」: the place given with the question fills
    the prefecture, so the form that follows answers at once instead of asking."""
    if program.id != "foreign_filing_support":
        return []
    match = resolve_prefecture_from(tracker, None)
    return [SlotSet("prefecture", match.prefecture)] if match is not None else []


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
    """補助率は？ 締切は？ … about the program(s) named, or the one under discussion."""

    def name(self) -> str:
        return "action_answer_followup"

    async def respond(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        kb = get_knowledge_base()
        aspect = FOLLOWUP_ASPECTS.get(latest_intent(tracker))
        if aspect is None:
            return _ask_which_program(dispatcher, kb)
        program_ids = programs_for_aspect(tracker.latest_message, tracker.get_slot("program"))
        match = _organization_asked(tracker, aspect, program_ids)
        if match is not None:
            dispatcher.utter_message(
                text=formatting.organization_answer(match, kb),
                buttons=followup_buttons(exclude=[aspect, "contact"]),
            )
            return [
                SlotSet("program", "foreign_filing_support"),
                SlotSet("prefecture", match.prefecture),
            ]
        programs = [p for p in map(kb.program, program_ids) if p is not None]
        if not programs:
            return _ask_which_program(dispatcher, kb)
        return _answer_aspect(dispatcher, programs, aspect, kb)


def _organization_asked(tracker: Tracker, aspect: str, program_ids: list[str]) -> Optional[Any]:
    """「住所は？」 after a prefecture's center was named, or 「大阪の窓口の電話番号は？」:
    the prefecture's implementing organization answers, not the JPO's general desk.
    A city counts as its prefecture (「北九州の会社ですが、窓口は？」)."""
    if aspect not in ORGANIZATION_ASPECTS or program_ids[:1] not in (
        [],
        ["foreign_filing_support"],
    ):
        return None
    named_here = latest_entity_values(tracker, "prefecture") or city_named(tracker) is not None
    if not named_here and tracker.get_slot("program") != "foreign_filing_support":
        return None
    match = resolve_prefecture_from(tracker, tracker.get_slot("prefecture"))
    if match is None or not match.implemented or match.organization is None:
        return None
    return match


def _offer_faqs(
    dispatcher: CollectingDispatcher, kb: KnowledgeBase, keys: tuple[str, ...]
) -> List[Dict[str, Any]]:
    """Not sure which FAQ: offer the likely ones; a button sends the FAQ's own question."""
    facts = [f for f in map(kb.fact, keys) if f is not None][:2]
    dispatcher.utter_message(
        text=kb.wording.say("lead.which_faq"),
        buttons=[{"title": f.question, "payload": f.question} for f in facts]
        + [menu_button(), person_button()],
    )
    return []


def _unsure_what_was_asked(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    kb: KnowledgeBase,
    keys: tuple[str, ...],
) -> List[Dict[str, Any]]:
    """The nearest FAQ is far: a story or a question outside the programs, more often
    than an FAQ. Offer the programs its situation words point to and the nearest FAQs,
    and name the general IP desk for everything else."""
    text = tracker.latest_message.get("text") or ""
    entities = tracker.latest_message.get("entities") or []
    found = [] if domestic_only(text, entities) else kb.find_programs(text)
    programs = [PROGRAM_INTENTS[p.id] for p in found if p.id in PROGRAM_INTENTS][:2]
    facts = [f for f in map(kb.fact, keys) if f is not None][: 3 - len(programs)]
    buttons = [intent_button(i) for i in programs]
    buttons += [{"title": f.question, "payload": f.question} for f in facts]
    dispatcher.utter_message(**unsure_reply(buttons))
    return []


class ActionAnswerFaq(SafeAction):
    """Answers the FAQ the ResponseSelector picked, from knowledge/ facts."""

    def name(self) -> str:
        return "action_answer_faq"

    async def respond(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        kb = get_knowledge_base()
        choice = faq_choice(tracker.latest_message)
        fact = kb.fact(choice.key)
        if fact is not None and not choice.likely:
            return _unsure_what_was_asked(dispatcher, tracker, kb, choice.candidates)
        if fact is not None and not choice.trusted:
            return _offer_faqs(dispatcher, kb, choice.candidates)
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
