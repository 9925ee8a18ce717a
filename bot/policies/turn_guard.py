"""The safety net under every turn: no conversation may go silent or die in a loop.

Rasa stops predicting after ``max_number_of_predictions`` (10) actions without an
``action_listen`` (its "circuit breaker"). Because the breaker counts back to the last
``action_listen``, a conversation that tripped it trips it again on every later message:
the user gets no reply ever again. Rules and forms are written so that this never
happens, but a future rule can still loop.

A policy is Rasa's own hook for choosing the next action, so the net is a policy, not a
patch. It wins over every other policy when it speaks (a "no user" prediction with full
confidence and the highest priority) and stays silent otherwise: after ``max_actions``
actions in a row without listening it leaves any form (``action_deactivate_loop``),
apologises with the menu (``utter_recover``) and listens.

``utter_recover`` is a domain response, rendered by the Rasa server itself, so the
apology reaches the user even when the action server is down. A turn that ends without
any message (an action whose server was down loses its messages) is caught by the
channels, which send the same apology (bot/channels/recovery.py): only they see what was
actually sent.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional

from rasa.core.policies.policy import Policy, PolicyPrediction, SupportedData
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.constants import (
    ACTION_DEACTIVATE_LOOP_NAME,
    ACTION_LISTEN_NAME,
    ACTION_SESSION_START_NAME,
)
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

logger = logging.getLogger(__name__)

RECOVER_RESPONSE = "utter_recover"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class TurnGuardPolicy(Policy):
    """Ends loops and silent turns with an apology, the menu and ``action_listen``."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """Fires well below Rasa's breaker (10), so the apology still fits in the turn."""
        return {
            "priority": 100,
            "max_actions": 6,
        }

    @staticmethod
    def supported_data() -> SupportedData:
        """Needs no training data: it reads only the live tracker."""
        return SupportedData.ML_AND_RULE_DATA

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        featurizer: Optional[Any] = None,
    ) -> None:
        super().__init__(config, model_storage, resource, execution_context, featurizer)
        self._max_actions = int(config["max_actions"])

    def train(
        self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any
    ) -> Resource:
        """Nothing to learn: the guard is the same for every model."""
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: Optional[Dict[str, Any]] = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        """Speak only when the turn is looping."""
        action = self._guard_action(tracker, domain)
        if action is None:
            return self._prediction(self._default_predictions(domain))
        probabilities = self._default_predictions(domain)
        probabilities[domain.index_for_action(action)] = 1.0
        return self._prediction(probabilities, is_no_user_prediction=True)

    def _guard_action(self, tracker: DialogueStateTracker, domain: Domain) -> Optional[str]:
        actions = _actions_since_listening(tracker)
        if not actions or RECOVER_RESPONSE not in domain.action_names_or_texts:
            return None
        last = actions[-1]
        if last == RECOVER_RESPONSE:
            return ACTION_LISTEN_NAME
        if len(actions) < self._max_actions:
            return None
        logger.warning("turn guard: loop for sender %s after %s", tracker.sender_id, last)
        if tracker.active_loop_name and last != ACTION_DEACTIVATE_LOOP_NAME:
            return ACTION_DEACTIVATE_LOOP_NAME
        return RECOVER_RESPONSE


def _actions_since_listening(tracker: DialogueStateTracker) -> list[str]:
    """Actions since the last ``action_listen``, counted as Rasa's breaker counts them."""
    actions: list[str] = []
    for event in reversed(tracker.events):
        if isinstance(event, ActionExecuted):
            if event.action_name in (ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME):
                break
            if event.action_name:
                actions.append(event.action_name)
    actions.reverse()
    return actions
