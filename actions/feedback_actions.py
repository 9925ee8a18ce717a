"""👍/👎 on an answer: store it for the desk's insights, with the answer's intent."""

from __future__ import annotations

import logging
from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.safe_action import SafeAction

logger = logging.getLogger(__name__)

FEEDBACK_INTENT = "feedback"
THANKS = "ご意見ありがとうございます。"
NEXT_STEP = {
    "up": "ほかにもご質問があれば、そのまま入力してください。",
    "down": (
        "お役に立てず申し訳ありません。言い方を変えてもう一度お尋ねいただくか、"
        "「人と話したい」と入力していただければ、担当の窓口をご案内します。"
    ),
}


def rated_intent(tracker: Tracker) -> str | None:
    """The intent of the user turn before the feedback: the question the answer was for."""
    seen_feedback = False
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if not seen_feedback and intent == FEEDBACK_INTENT:
            seen_feedback = True
            continue
        if intent != FEEDBACK_INTENT:
            return intent
    return None


class ActionRecordFeedback(SafeAction):
    """Store the rating (never fails the reply) and thank the user with a next step."""

    def name(self) -> str:
        return "action_record_feedback"

    async def respond(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        rating = str(tracker.get_slot("rating") or "").strip().lower()
        if rating not in NEXT_STEP:
            dispatcher.utter_message(
                text="評価を読み取れませんでした。回答の下の👍か👎のボタンを押してください。"
            )
            return [SlotSet("rating", None)]
        try:
            from desk.feedback import record_feedback

            channel = (tracker.get_latest_input_channel() or "") if tracker.events else ""
            record_feedback(
                sender_id=tracker.sender_id,
                channel=channel or "unknown",
                rating=rating,
                intent=rated_intent(tracker),
                program=tracker.get_slot("program"),
            )
        except Exception as error:  # the thanks must still reach the user
            logger.error(
                "feedback for sender %s not stored: %s", tracker.sender_id, type(error).__name__
            )
        dispatcher.utter_message(text=THANKS + NEXT_STEP[rating])
        return [SlotSet("rating", None)]
