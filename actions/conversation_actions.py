"""Menu, clarification, handoff to a person and out-of-scope answers."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import formatting
from actions.buttons import menu_button, menu_buttons, person_button
from actions.claim_place import answer_typed_place
from actions.form_help import help_response
from actions.handoff import record_handoff
from actions.intent_map import INTENT_LABELS, INTENT_TO_PROGRAM, MENU_INTENTS, intent_button
from actions.routing_actions import ActionRoutePrefecture
from actions.safe_action import SafeAction
from actions.tracker_utils import active_form, latest_entity_values, previous_turn_was_a_miss
from bot.nlu.readability import MAX_MESSAGE_CHARS, is_too_long, is_unreadable
from knowledge import get_knowledge_base

DESK_IDS = ("inpit_ip_desk", "overseas_ip_desk")
LISTEN = "action_listen"


def desk_lines() -> list[str]:
    """The human desks with their phone numbers and hours, from knowledge/."""
    kb = get_knowledge_base()
    lines: list[str] = []
    for desk_id in DESK_IDS:
        desk = kb.program(desk_id)
        if desk is not None:
            lines.append(f"■{desk.name}")
            lines += formatting.contact_lines(desk.contacts)
    return lines


class ActionShowMenu(SafeAction):
    """「何ができるの？」: the topics the bot covers, as buttons."""

    def name(self) -> str:
        return "action_show_menu"

    async def respond(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        dispatcher.utter_message(
            text=(
                "次のようなご相談にお答えできます。ボタンを押すか、状況をそのまま入力してください"
                "（例：「警告状が届いた」「中国で商標を抜け駆け出願された」）。"
            ),
            buttons=menu_buttons(),
        )
        return []


class ActionClarify(SafeAction):
    """Unsure turns: offer the likely topics; a second miss in a row hands over.

    Also Rasa's core fallback, so it always ends the turn: inside a form it explains the
    question and lets the form ask it again (or, on a second miss, leaves the form and
    hands over); outside a form it listens. Without that, a rejected form was followed by
    this action again and again until Rasa's circuit breaker silenced the conversation.
    """

    def name(self) -> str:
        return "action_clarify"

    async def respond(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        form = active_form(tracker)
        if not form and _is_bare_prefecture(tracker):
            # 「愛知です」 read with low confidence: the prefecture is all there is to use.
            return await ActionRoutePrefecture().respond(dispatcher, tracker, domain)
        if not form:
            answered = await answer_typed_place(dispatcher, tracker, domain)
            if answered is not None:
                return answered
        second_miss = previous_turn_was_a_miss(tracker)
        if form and not second_miss:
            dispatcher.utter_message(response=help_response(tracker.get_slot("requested_slot")))
            return [FollowupAction(form)]
        leave_form: list[dict[str, Any]] = []
        if form:
            dispatcher.utter_message(text="いったん、こちらからの質問を終わります。")
            leave_form = [ActiveLoop(None), SlotSet("requested_slot", None)]
        if second_miss or form:
            events = await ActionHandoff().hand_off(dispatcher, tracker, "not_understood")
            return [*leave_form, *events]
        dispatcher.utter_message(**_clarification(tracker))
        return [FollowupAction(LISTEN)]


def _is_bare_prefecture(tracker: Tracker) -> bool:
    """A short message that names a prefecture (or city) and little else."""
    text = (tracker.latest_message.get("text") or "").strip()
    return 0 < len(text) <= 12 and bool(latest_entity_values(tracker, "prefecture"))


def _clarification(tracker: Tracker) -> dict[str, Any]:
    """The question back to the user, with the likely topics (or the menu) as buttons."""
    text = tracker.latest_message.get("text") or ""
    if is_unreadable(text):
        lead = (
            "メッセージが長すぎて読み取れませんでした。"
            f"{MAX_MESSAGE_CHARS:,}文字以内に短くまとめてお送りください。"
            if is_too_long(text)
            else "すみません、ご質問の内容を読み取れませんでした。"
        )
        return {
            "text": lead + "次のメニューから選ぶか、文章でもう一度お送りください。",
            "buttons": [*menu_buttons(4), menu_button()],
        }
    ranking = [r for r in tracker.latest_message.get("intent_ranking") or [] if r.get("name")]
    candidates = [r for r in ranking if r["name"] in INTENT_LABELS][:3]
    likely = [r["name"] for r in candidates]
    if _close_pair(candidates):
        which_of = _two_programs(likely[:2])
        if which_of:
            return which_of
    buttons = [intent_button(i) for i in likely or MENU_INTENTS[:3]]
    return unsure_reply(_cued_fact_buttons(tracker, likely) + buttons)


def _cued_fact_buttons(tracker: Tracker, likely: list[str]) -> list[dict[str, str]]:
    """「既に外国出願を行いましたが…」: the fact whose condition the text states, about a
    likely program or the one under discussion, is offered first."""
    kb = get_knowledge_base()
    programs = [INTENT_TO_PROGRAM[i] for i in likely if i in INTENT_TO_PROGRAM]
    if tracker.get_slot("program"):
        programs.append(tracker.get_slot("program"))
    fact = kb.fact_cued(programs, tracker.latest_message.get("text") or "")
    return [{"title": fact.question, "payload": fact.question}] if fact else []


def unsure_reply(buttons: list[dict[str, str]]) -> dict[str, Any]:
    """Not sure what was asked: the likely topics as buttons, and the general IP desk.

    Unsure may also mean "outside what this bot covers", so the reply says where those
    questions go: a user whose question is none of the buttons still gets a number.
    """
    lines = [
        "すみません、ご質問を正しく理解できたか自信がありません。"
        "次のどれかに近い場合は、ボタンを押してください。",
        "特許庁の海外展開支援策（外国出願の補助、模倣品・警告状・抜け駆け商標への対策、"
        "訴訟保険など）以外の知財のご相談は、次の窓口で無料で受け付けています。",
        *_general_desk_line(),
    ]
    unique = {b["payload"]: b for b in [*buttons, menu_button()]}  # the menu may be a topic
    return {"text": "\n".join(lines), "buttons": list(unique.values())}


def _close_pair(candidates: list[dict[str, Any]]) -> bool:
    """The two likeliest topics are both plausible, and neither is far ahead."""
    if len(candidates) < 2:
        return False
    first, second = (float(c.get("confidence") or 0) for c in candidates[:2])
    return second >= 0.15 and first - second <= 0.3


def _general_desk_line() -> list[str]:
    """The free general IP desk (INPIT知財総合支援窓口), from knowledge/."""
    desk = get_knowledge_base().program("inpit_ip_desk")
    if desk is None or not desk.contacts:
        return []
    return [f"■{desk.name}", *formatting.contact_lines(desk.contacts[:1])]


def _two_programs(intents: list[str]) -> dict[str, Any] | None:
    """「商標をパクられた」 fits 冒認 or 模倣品: name both, and what each one is for."""
    kb = get_knowledge_base()
    programs = [kb.program(INTENT_TO_PROGRAM.get(i, "")) for i in intents]
    if len(programs) != 2 or None in programs:
        return None
    lines = [kb.wording.say("lead.which_of")]
    lines += [f"・【{p.name}】{p.summary}" for p in programs]
    return {
        "text": "\n".join(lines),
        "buttons": [intent_button(i) for i in intents] + [menu_button()],
    }


class ActionHandoff(SafeAction):
    """「人と話したい」 or repeated misunderstandings: name the desks and record it."""

    def name(self) -> str:
        return "action_handoff"

    async def respond(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        return await self.hand_off(dispatcher, tracker, "user_request")

    async def hand_off(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, reason: str
    ) -> List[Dict[str, Any]]:
        lead = (
            "担当の窓口におつなぎします。"
            if reason == "user_request"
            else "うまくお答えできず申し訳ありません。専門の相談員にお尋ねください。"
        )
        lines = [lead, "次の窓口で、相談員が直接お答えします（相談無料）。", *desk_lines()]
        lines.append("チャットで続けてご質問いただくこともできます。")
        dispatcher.utter_message(text="\n".join(lines), buttons=[menu_button()])
        record_handoff(tracker, reason)
        return [SlotSet("handoff_requested", True), FollowupAction(LISTEN)]


class ActionOutOfScope(SafeAction):
    """Outside what the bot covers: say so politely and route to the human desks."""

    def name(self) -> str:
        return "action_out_of_scope"

    async def respond(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        lines = [
            "申し訳ありません。そのご質問は、このチャットボットの対象外です。",
            "このボットは、特許庁の中小企業向け海外展開支援策（外国出願の補助、模倣品・警告状・"
            "抜け駆け商標への対策、訴訟保険など）についてご案内しています。",
            "知財に関するその他のご相談は、次の窓口で無料で受け付けています。",
            *desk_lines(),
        ]
        dispatcher.utter_message(text="\n".join(lines), buttons=[menu_button(), person_button()])
        return []
