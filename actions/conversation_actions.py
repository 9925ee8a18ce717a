"""Menu, clarification, handoff to a person and out-of-scope answers."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import formatting
from actions.handoff import record_handoff
from actions.intent_map import INTENT_LABELS, MENU_INTENTS, intent_button
from actions.safe_action import SafeAction
from bot.nlu.readability import MAX_MESSAGE_CHARS, is_too_long, is_unreadable
from knowledge import get_knowledge_base

DESK_IDS = ("inpit_ip_desk", "overseas_ip_desk")


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
            buttons=[intent_button(i) for i in MENU_INTENTS],
        )
        return [SlotSet("fallback_count", 0.0)]


class ActionClarify(SafeAction):
    """Unsure turns: offer the likely topics; a second miss in a row hands over."""

    def name(self) -> str:
        return "action_clarify"

    async def respond(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        misses = int(tracker.get_slot("fallback_count") or 0) + 1
        if misses >= 2:
            return await ActionHandoff().hand_off(dispatcher, tracker, "not_understood")
        text = tracker.latest_message.get("text") or ""
        if is_unreadable(text):
            lead = (
                "メッセージが長すぎて読み取れませんでした。"
                f"{MAX_MESSAGE_CHARS:,}文字以内に短くまとめてお送りください。"
                if is_too_long(text)
                else "すみません、ご質問の内容を読み取れませんでした。"
            )
            dispatcher.utter_message(
                text=lead + "次のメニューから選ぶか、文章でもう一度お送りください。",
                buttons=[intent_button(i) for i in MENU_INTENTS[:4]],
            )
        else:
            ranking = tracker.latest_message.get("intent_ranking") or []
            likely = [r["name"] for r in ranking if r.get("name") in INTENT_LABELS][:3]
            dispatcher.utter_message(
                text="すみません、ご質問を正しく理解できたか自信がありません。"
                "次のどれに近いでしょうか？当てはまらない場合は、別の言い方で入力してください。",
                buttons=[intent_button(i) for i in likely or MENU_INTENTS[:3]],
            )
        return [SlotSet("fallback_count", float(misses))]


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
        dispatcher.utter_message(text="\n".join(lines))
        record_handoff(tracker, reason)
        return [SlotSet("handoff_requested", True), SlotSet("fallback_count", 0.0)]


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
        dispatcher.utter_message(text="\n".join(lines))
        return [SlotSet("fallback_count", 0.0)]
