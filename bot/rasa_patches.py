"""Changes to Rasa 3.6's message path, each where Rasa offers no hook.

1. A measured fix (bench/PROFILE.md, section 1). Rasa validates every action-server
   response with ``jsonschema.validate``, which first re-checks the large events schema
   against its meta-schema: ~20 ms of CPU per custom action, a quarter of the server's
   time. Building the validator once gives the same verdicts in ~0.5 ms. Invalid
   responses are still rejected with Rasa's own message.

2. A polite answer when a conversation store is down (bot/stores.py). The tracker store
   and lock store are pluggable, but they only see a conversation id; the user's output
   channel is known only to Agent.handle_message, which every channel calls. Without this
   the REST channel answers `[]` (nothing at all) and LINE a generic failure.

3. The Agent wraps every tracker store in FailSafeTrackerStore, which swallows any error
   and carries on with an empty in-memory tracker: during a database outage the bot
   would forget the conversation (a form half filled, the program under discussion) and
   answer as if it were new, and that turn would never reach the database. Its error
   callback is the hook, but the Agent creates the wrapper without one; we set it, so
   StoreUnavailable reaches (2). Other errors keep Rasa's behaviour.

4. CPU per turn, where Rasa has no setting for it (bench/PROFILE.md, section 5):
   - Event.resolve_by_type walks every Event subclass for each event it deserialises
     (the tracker is rebuilt from its events on every turn); a name -> class dict
     gives the same class.
   - RulePolicy tests each of its several hundred rules against the conversation's
     recent states on every prediction. The answer depends only on those states (and
     the fixed rule table), and conversations go through the same few states again and
     again, so it is remembered per distinct state sequence (bounded LRU).

5. A turn must not get slower as a conversation grows (issue 14). Rasa rebuilds the
   session's tracker and its dialogue states on every turn and sends the whole session
   to the action server, so turn 200 cost ~6x turn 1. Sessions already end after
   ``session_expiration_time``; a session that reaches MAX_SESSION_TURNS user turns
   (outside a form) now ends the same way. ``action_session_start`` carries the slots
   over (domain.yml), so the program and prefecture under discussion stay, and the
   tracker store loads only the latest session. The session length has no setting.

6. CPU per turn (issue 14): the ResponseSelector, a second TF model as costly as DIET,
   ran on every message although only the ``faq`` intent reads its answer (the FAQ
   action, PriorityQuestion and the desk's interpretation all check the intent first).
   It now runs only on messages whose intent is its retrieval intent; the others pass
   through unchanged, with no selector output. Rasa has no setting for this.

7. CPU per turn (issue 14): DIET and the ResponseSelector call their traced predict
   step through ``tf.function``, which matches the inputs against its signature on
   every call; in TF 2.12 that matching cost more than half of DIET's time per
   message. The signature is fixed (Rasa builds the function with ``input_signature``),
   so the one concrete function it resolves to is kept and called directly. The
   outputs are identical (all 348 held-out parses compared).

8. CPU per turn (issue 14; bot/dialogue_states_cache.py): RulePolicy and MemoizationPolicy
   ask for the dialogue states of the whole session two or three times per prediction,
   and Rasa rebuilds them each time by replaying every event into a fresh tracker (a copy
   of every slot at the start, the session's events again, a state per action). The
   replay is now kept per live tracker and continued when events are only appended;
   each caller still gets new state dicts, identical to Rasa's. Rasa caches states only
   for training trackers, and its featurizer has no hook for this.

9. CPU per turn (issue 14; bot/action_session.py): every custom action opened a new
   aiohttp session and TCP connection to the action server and closed them again. One
   session per event loop now keeps the connection alive between calls (idle ones are
   dropped after 2 s, before the action server's 5 s). Same headers, timeout and errors:
   a server that is down still ends in Rasa's error path. EndpointConfig has no setting
   for a shared session.
"""

from __future__ import annotations

import json
import logging
from collections import OrderedDict
from functools import lru_cache
from typing import Any, Awaitable, Callable, Dict, List, Optional

from jsonschema import ValidationError
from jsonschema.validators import validator_for
from keras.utils import tf_utils
from rasa.core.actions.action import RemoteAction
from rasa.core.agent import Agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.policies.rule_policy import RulePolicy
from rasa.core.processor import MessageProcessor
from rasa.core.tracker_store import FailSafeTrackerStore, TrackerStore
from rasa.nlu.selectors.response_selector import ResponseSelector
from rasa.shared.constants import DIAGNOSTIC_DATA, DOCS_BASE_URL
from rasa.shared.core.domain import Domain, State
from rasa.shared.core.events import Event, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.training_data.message import Message
from rasa.utils.tensorflow.models import RasaModel

from bot import action_session, dialogue_states_cache


@lru_cache(maxsize=1)
def _action_response_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    return validator_for(schema)(schema)


def _validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
    try:
        _action_response_validator().validate(result)
        return True
    except ValidationError as error:
        error.message += (
            ". Failed to validate Action server response from API, make sure your "
            f"response from the Action endpoint is valid. For more information about "
            f"the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise error


logger = logging.getLogger(__name__)

Handler = Callable[[Agent, UserMessage], Awaitable[Optional[List[Dict[str, Any]]]]]
_original_handle_message: Optional[Handler] = None


async def _handle_message(self: Agent, message: UserMessage) -> Optional[List[Dict[str, Any]]]:
    """Agent.handle_message; a store outage becomes "please send it again", not silence."""
    from bot.stores import BUSY_TEXT, StoreUnavailable

    assert _original_handle_message is not None
    try:
        return await _original_handle_message(self, message)
    except StoreUnavailable:
        logger.warning("Conversation store unavailable: the user was asked to send again.")
        output = message.output_channel
        if isinstance(output, CollectingOutputChannel):
            # Replies of a turn that was not saved would not match the next turn's context.
            output.messages.clear()
        await output.send_text_message(message.sender_id, BUSY_TEXT)
        return output.messages if isinstance(output, CollectingOutputChannel) else None


def _on_tracker_store_error(error: Exception) -> None:
    """FailSafeTrackerStore's callback: an outage propagates, anything else is logged."""
    from bot.stores import StoreUnavailable

    if isinstance(error, StoreUnavailable):
        raise error
    logger.error("Tracker store error (%s); Rasa falls back to memory.", type(error).__name__)


_original_create_tracker_store: Optional[Callable[[Optional[TrackerStore], Domain], Any]] = None


def _create_tracker_store(store: Optional[TrackerStore], domain: Domain) -> TrackerStore:
    assert _original_create_tracker_store is not None
    wrapped = _original_create_tracker_store(store, domain)
    if isinstance(wrapped, FailSafeTrackerStore):
        wrapped._on_tracker_store_error = _on_tracker_store_error
    return wrapped


_event_classes: Dict[str, type] = {}
_original_resolve_by_type: Any = None


def _resolve_by_type(type_name: str, default: Optional[type] = None) -> Optional[type]:
    """Event.resolve_by_type with a dict in front of Rasa's walk over all subclasses."""
    found = _event_classes.get(type_name)
    if found is None:
        found = _original_resolve_by_type(type_name, default)
        if found is not None and found is not default:
            _event_classes[type_name] = found
    return found


# Each entry is a few recent states as JSON (about 1 KB): a few MB at most.
POSSIBLE_KEYS_CACHE_SIZE = 4096
_original_get_possible_keys: Any = None


def _longest_rule(lookup: Dict[str, str]) -> int:
    """Turns in the longest rule of this table: older states cannot change the answer."""
    return max((len(json.loads(key)) for key in lookup), default=0)


def _get_possible_keys(self: RulePolicy, lookup: Dict[str, str], states: List[State]) -> Any:
    """RulePolicy._get_possible_keys, remembered per (rule table, recent states).

    A rule applies to every turn older than its own length (_is_rule_applicable), so
    only the last `longest rule` states decide, and the cache works for conversations
    of any length.
    """
    caches: Dict[int, Any] = self.__dict__.setdefault("_navi_possible_keys", {})
    if id(lookup) not in caches:
        caches[id(lookup)] = (lookup, _longest_rule(lookup), OrderedDict())
    _, depth, cache = caches[id(lookup)]
    key = json.dumps(states[-depth:] if depth else [], sort_keys=True, default=list)
    found = cache.get(key)
    if found is None:
        found = frozenset(_original_get_possible_keys(self, lookup, states))
        cache[key] = found
        if len(cache) > POSSIBLE_KEYS_CACHE_SIZE:
            cache.popitem(last=False)
    else:
        cache.move_to_end(key)
    return set(found)


MAX_SESSION_TURNS = 20


def session_too_long(tracker: DialogueStateTracker) -> bool:
    """The latest session has MAX_SESSION_TURNS user turns and no form is active."""
    if tracker.active_loop_name:
        return False
    turns = 0
    for event in reversed(tracker.events):
        if isinstance(event, SessionStarted):
            break
        if isinstance(event, UserUttered):
            turns += 1
            if turns >= MAX_SESSION_TURNS:
                return True
    return False


_original_has_session_expired: Optional[Callable[..., bool]] = None


def _has_session_expired(self: MessageProcessor, tracker: DialogueStateTracker) -> bool:
    assert _original_has_session_expired is not None
    return _original_has_session_expired(self, tracker) or session_too_long(tracker)


_original_selector_process: Any = None


def _select_only_for_retrieval_intent(self, messages: List[Message]) -> List[Message]:
    """ResponseSelector.process for the messages whose intent is the selector's own.

    ``self`` has no annotation: Rasa's graph validation reads the type hints of
    ``process`` and would take an annotated ``self`` for an input it must provide.
    """
    wanted = self.retrieval_intent or "faq"
    asked = [m for m in messages if (m.get("intent") or {}).get("name") == wanted]
    if asked:
        _original_selector_process(self, asked)
    return messages


_original_rasa_predict: Any = None


def _rasa_predict(self: RasaModel, batch_in: Any) -> Dict[str, Any]:
    """RasaModel._rasa_predict through the traced step's one concrete function."""
    concrete = self.__dict__.get("_navi_concrete_predict")
    if concrete is None:
        outputs = _original_rasa_predict(self, batch_in)  # traces on the first call
        if self._tf_predict_step is not None and not self._run_eagerly:
            self.__dict__["_navi_concrete_predict"] = self._tf_predict_step.get_concrete_function()
        return outputs
    outputs = tf_utils.sync_to_numpy_or_python_type(concrete(batch_in))
    if DIAGNOSTIC_DATA in outputs:
        outputs[DIAGNOSTIC_DATA] = self._empty_lists_to_none_in_dict(outputs[DIAGNOSTIC_DATA])
    return outputs


def apply() -> None:
    """Install the changes (idempotent)."""
    global _original_handle_message, _original_create_tracker_store
    global _original_resolve_by_type, _original_get_possible_keys
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
    if _original_handle_message is None:
        _original_handle_message = Agent.handle_message
        Agent.handle_message = _handle_message  # type: ignore[method-assign]
    if _original_create_tracker_store is None:
        _original_create_tracker_store = Agent._create_tracker_store
        Agent._create_tracker_store = staticmethod(_create_tracker_store)  # type: ignore[method-assign]
    if _original_resolve_by_type is None:
        _original_resolve_by_type = Event.resolve_by_type
        Event.resolve_by_type = staticmethod(_resolve_by_type)  # type: ignore[method-assign]
    global _original_has_session_expired
    if _original_has_session_expired is None:
        _original_has_session_expired = MessageProcessor._has_session_expired
        MessageProcessor._has_session_expired = _has_session_expired  # type: ignore[method-assign]
    global _original_rasa_predict
    if _original_rasa_predict is None:
        _original_rasa_predict = RasaModel._rasa_predict
        RasaModel._rasa_predict = _rasa_predict  # type: ignore[method-assign]
    global _original_selector_process
    if _original_selector_process is None:
        _original_selector_process = ResponseSelector.process
        ResponseSelector.process = _select_only_for_retrieval_intent  # type: ignore[method-assign]
    if _original_get_possible_keys is None:
        _original_get_possible_keys = RulePolicy._get_possible_keys
        RulePolicy._get_possible_keys = _get_possible_keys  # type: ignore[method-assign]
    dialogue_states_cache.apply_states_cache()
    action_session.apply_shared_session()
