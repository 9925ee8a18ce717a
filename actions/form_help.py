"""「わかりません」 inside a form: explain the question being asked, then the form re-asks.

Without this, 「わかりません」 to a yes/no question was read as 「はい」 by the classifier.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.safe_action import SafeAction

# Slots with their own explanation; every other requested slot is a yes/no question.
EXPLAINED_SLOTS = ("prefecture", "right_type", "amount")
# The region question is the prefecture question asked with buttons.
SAME_HELP = {"region": "prefecture"}


def help_response(requested_slot: str | None) -> str:
    """The domain response that explains the question for this slot."""
    requested_slot = SAME_HELP.get(requested_slot or "", requested_slot)
    if requested_slot in EXPLAINED_SLOTS:
        return f"utter_help_{requested_slot}"
    return "utter_help_yes_no"


class ActionHelpWithQuestion(SafeAction):
    """Explain the form's current question; the rule then runs the form, which re-asks it."""

    def name(self) -> str:
        return "action_help_with_question"

    async def respond(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        dispatcher.utter_message(response=help_response(tracker.get_slot("requested_slot")))
        return []
