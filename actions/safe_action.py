"""Base class: a failed action tells the user so and logs the error, never goes silent."""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

logger = logging.getLogger(__name__)

FAILURE_TEXT = (
    "申し訳ありません。ただいま回答を作成できませんでした。"
    "お手数ですが、少し時間をおいてもう一度お試しいただくか、"
    "INPIT知財総合支援窓口にお電話でご相談ください。"
)


class SafeAction(Action):
    """Runs ``respond`` and turns any exception into a polite message plus a log line."""

    def name(self) -> Text:  # pragma: no cover - overridden
        raise NotImplementedError

    async def respond(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        raise NotImplementedError

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        try:
            return await self.respond(dispatcher, tracker, domain)
        except Exception:  # noqa: BLE001 - the user must get an answer whatever failed
            logger.exception("action %s failed (sender %s)", self.name(), tracker.sender_id)
            dispatcher.utter_message(text=_failure_text())
            return []


def _failure_text() -> str:
    """Add the desk's phone number when the knowledge base can still be read."""
    try:
        from knowledge import get_knowledge_base

        desk = get_knowledge_base().program("inpit_ip_desk")
        if desk and desk.contacts:
            return f"{FAILURE_TEXT}（TEL {desk.contacts[0].phone}）"
    except Exception:  # noqa: BLE001 - the failure message must not fail itself
        logger.exception("knowledge base unavailable for the failure message")
    return FAILURE_TEXT
