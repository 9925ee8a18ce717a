"""Base class: a failed action tells the user so and logs the error, never goes silent."""

from __future__ import annotations

import abc
import logging
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot import log_privacy

logger = logging.getLogger(__name__)

FAILURE_TEXT = (
    "申し訳ありません。ただいま回答を作成できませんでした。"
    "お手数ですが、少し時間をおいてもう一度お試しいただくか、"
    "INPIT知財総合支援窓口にお電話でご相談ください。"
)


class SafeAction(Action, abc.ABC):
    """Runs ``respond`` and turns any exception into a polite message plus a log line.

    Abstract, so that rasa_sdk does not register this base class as an action itself.
    """

    @abc.abstractmethod
    def name(self) -> str:
        """The action's name in domain.yml."""

    @abc.abstractmethod
    async def respond(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        """Do the action's work; ``run`` handles any exception."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        log_privacy.hold(tracker.latest_message.get("text"))
        try:
            return await self.respond(dispatcher, tracker, domain)
        except Exception as exc:  # the user gets an apology, never silence
            logger.error(
                "action %s failed for sender %s: %s",
                self.name(),
                tracker.sender_id,
                type(exc).__name__,
            )
            dispatcher.utter_message(text=_failure_text())
            return []


def _failure_text() -> str:
    """Add the desk's phone number when the knowledge base can still be read."""
    try:
        from knowledge import get_knowledge_base

        desk = get_knowledge_base().program("inpit_ip_desk")
        if desk and desk.contacts:
            return f"{FAILURE_TEXT}（TEL {desk.contacts[0].phone}）"
    except Exception:
        logger.exception("knowledge base unavailable for the failure message")
    return FAILURE_TEXT
