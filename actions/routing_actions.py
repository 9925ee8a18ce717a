"""Prefecture routing for 海外出願支援事業: which support center to call."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import formatting
from actions.buttons import followup_buttons, menu_button
from actions.claim_place import answer_typed_place
from actions.intent_map import intent_button
from actions.prefecture_buttons import canonical_region, prefecture_buttons, region_buttons
from actions.replies import send_program_reply, wants_short
from actions.safe_action import SafeAction
from actions.tracker_utils import latest_entity_values
from knowledge import get_knowledge_base
from knowledge.municipalities import City, find_city, warm_up

# A city is looked for in messages up to this long (a place named in a long story is
# rarely where the company is).
MAX_CITY_MESSAGE_CHARS = 60
warm_up()  # read the municipality list when the action server starts, not on a message

ASK_PREFECTURE = (
    "海外出願支援事業は、都道府県ごとの中小企業支援センター等が窓口です。"
    "御社の本社・事業所がある都道府県を入力するか、地方を選んでください"
    "（例：「愛知です」「千葉市です」）。"
)
NOT_A_PREFECTURE = (
    "都道府県名がわかりませんでした。「大阪府」「ふくおか」「千葉市」のように教えてください。"
)


def resolve_prefecture_from(tracker: Tracker, slot_value: Any) -> Any:
    """Resolve the best prefecture mention in the latest message, else the slot.

    A city or ward counts as its prefecture (「浜松の工場です」 → 静岡県).
    """
    kb = get_knowledge_base()
    candidates = latest_entity_values(tracker, "prefecture")
    text = tracker.latest_message.get("text") or ""
    if text and len(text) <= 20:
        candidates.append(text)  # 「あいち」 typed alone may not match a pattern
    city = city_named(tracker)
    if city is not None:
        candidates.append(city.area)
    if slot_value:
        candidates.append(str(slot_value))
    for candidate in candidates:
        match = kb.resolve_prefecture(candidate)
        if match.found:
            return match
    return None


def city_named(tracker: Tracker) -> Optional[City]:
    """The municipality the latest message names, if no prefecture is named with it."""
    text = tracker.latest_message.get("text") or ""
    if latest_entity_values(tracker, "prefecture") or len(text) > MAX_CITY_MESSAGE_CHARS:
        return None
    return find_city(text)


class ValidatePrefectureForm(FormValidationAction):
    """Accepts any spelling of a prefecture (大阪 / おおさか / 千葉市), or a region first.

    The form asks for a region (buttons) and then for a prefecture of that region; a user
    who types the prefecture straight away skips the region.
    """

    def name(self) -> str:
        return "validate_prefecture_form"

    async def required_slots(
        self,
        domain_slots: List[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[str]:
        if tracker.get_slot("prefecture"):
            return ["prefecture"]
        return domain_slots

    async def extract_prefecture(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        # Plain text such as 「あいち」 may carry no entity; try it while we ask for it.
        if tracker.get_slot("requested_slot") not in ("prefecture", "region"):
            return {}
        match = resolve_prefecture_from(tracker, None)
        return {"prefecture": match.prefecture} if match else {}

    async def extract_region(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        if tracker.get_slot("requested_slot") not in ("prefecture", "region"):
            return {}
        typed = tracker.latest_message.get("text") or ""
        values = latest_entity_values(tracker, "region") or [typed]
        region = next((v for v in values if canonical_region(v) or v == "ほかの地方"), None)
        return {"region": region} if region else {}

    def validate_region(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[str, Any]:
        return {"region": canonical_region(str(slot_value or ""))}

    def validate_prefecture(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> Dict[str, Any]:
        match = resolve_prefecture_from(tracker, slot_value)
        if match is None:
            dispatcher.utter_message(text=NOT_A_PREFECTURE)
            return {"prefecture": None}
        return {"prefecture": match.prefecture}


class ActionAskRegion(Action):
    """The form's first question: the prefecture, typed or found through its region."""

    def name(self) -> str:
        return "action_ask_region"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        dispatcher.utter_message(text=ASK_PREFECTURE, buttons=region_buttons())
        return []


class ActionAskPrefecture(Action):
    """After a region was chosen: its prefectures as buttons."""

    def name(self) -> str:
        return "action_ask_prefecture"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        region = canonical_region(str(tracker.get_slot("region") or ""))
        if region is None:
            dispatcher.utter_message(text=ASK_PREFECTURE, buttons=region_buttons())
        else:
            dispatcher.utter_message(
                text=f"{region}地方のどちらですか？都道府県を選んでください。",
                buttons=prefecture_buttons(region),
            )
        return []


class ActionRoutePrefecture(SafeAction):
    """Names the implementing organization, or the alternative where none runs it."""

    def name(self) -> str:
        return "action_route_prefecture"

    async def respond(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        match = resolve_prefecture_from(tracker, tracker.get_slot("prefecture"))
        if match is None:
            dispatcher.utter_message(text=NOT_A_PREFECTURE, buttons=region_buttons())
            return [SlotSet("region", None)]
        events: list[dict[str, Any]] = [
            SlotSet("prefecture", match.prefecture),
            SlotSet("region", None),
        ]
        # --- knowledge (issue 12): fiscal-year label; a prefecture without the program
        # leads with what it can use, and an answer already given is not repeated ---
        kb = get_knowledge_base()
        short = wants_short(tracker, kb)
        gap = formatting.gap_reply(match, kb, short=short)
        if gap is not None:
            alternative = match.alternatives[0]
            send_program_reply(
                dispatcher, tracker, alternative, gap, kb, short=short, buttons=followup_buttons()
            )
            events.append(SlotSet("program", alternative.id))
        else:
            city = city_named(tracker)
            lead = (
                kb.wording.say("route.city", city=city.name, prefecture=match.prefecture) + "\n"
                if city is not None and city.area == match.prefecture
                else ""
            )
            dispatcher.utter_message(
                text=lead + formatting.organization_answer(match, kb),
                buttons=[
                    {"title": "申請方法は？", "payload": "/ask_how_to_apply"},
                    intent_button("ask_subsidy_estimate"),
                    intent_button("start_eligibility_check"),
                    menu_button(),
                ],
            )
            events.append(SlotSet("program", "foreign_filing_support"))
        # --- end knowledge ---
        return events


class ActionHandleInform(SafeAction):
    """A bare detail outside any form (「大阪」「商標です」): use it, or ask what it is for."""

    def name(self) -> str:
        return "action_handle_inform"

    async def respond(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        answered = await answer_typed_place(dispatcher, tracker, domain)
        if answered is not None:  # 「アメリカの会社です」 after 「相手は海外の企業ですか？」
            return answered
        if resolve_prefecture_from(tracker, None) is not None:
            return await ActionRoutePrefecture().respond(dispatcher, tracker, domain)
        regions = latest_entity_values(tracker, "region")
        region = canonical_region(regions[0]) if regions else None
        if region is not None:
            dispatcher.utter_message(
                text=f"{region}地方のどちらですか？都道府県を選んでください。",
                buttons=prefecture_buttons(region),
            )
            return []
        dispatcher.utter_message(
            text="ありがとうございます。どのようなご相談でしょうか？近いものを選んでください。",
            buttons=[
                intent_button(i)
                for i in (
                    "ask_subsidy_estimate",
                    "start_eligibility_check",
                    "ask_foreign_filing_subsidy",
                )
            ]
            + [menu_button()],
        )
        return []
