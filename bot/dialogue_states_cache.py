"""Dialogue states kept per live tracker (bot/rasa_patches.py, item 8: CPU per turn).

Rasa's ``Domain.states_for_tracker_history`` (behind
``tracker.past_states`` and every featurizer's ``prediction_states``) replays the whole
session into a fresh tracker on every call: a copy of every slot, ``applied_events()``
and one ``get_active_state`` per action. RulePolicy calls it twice per prediction right
after a user message, MemoizationPolicy once more (with ``ignore_rule_only_turns``),
and a turn has two or three predictions on the same tracker, each with a few more
events.

Here the replay is kept per live tracker: the state before each action of the applied
events, and the tracker replayed so far. A call on a tracker whose events are the same
objects reuses it; when events were only appended (and ``applied_events()`` of the
longer list still starts with the same event objects) only the new events are
replayed; anything else (a revert, a restart, a loop undoing earlier events, another
domain) replays from scratch as Rasa does. Each call then derives its states from the
kept ones, with Rasa's own steps for ``ignore_rule_only_turns``, as new dicts: callers
delete keys from the states they get (``_choose_last_user_input``), so nothing
returned is ever kept.
"""

from __future__ import annotations

import weakref
from typing import Any, Dict, List, Optional, Tuple

from rasa.shared.core.constants import PREVIOUS_ACTION
from rasa.shared.core.domain import Domain, State
from rasa.shared.core.events import (
    ActionExecuted,
    DefinePrevUserUtteredFeaturization,
    EntitiesAdded,
    Event,
)
from rasa.shared.core.trackers import DialogueStateTracker

# Live trackers at once: one per conversation being answered. Entries go when their
# tracker is garbage collected; the bound only guards against trackers kept alive elsewhere.
MAX_TRACKERS = 256

# Events whose apply_to changes the latest UserUttered event itself (its entities, or text
# versus intent), and with it every state that shows that message, earlier ones too.
_CHANGES_LATEST_MESSAGE = (EntitiesAdded, DefinePrevUserUtteredFeaturization)


class _Stale(Exception):
    """A new event changes the user message of states kept from an earlier call."""


class _Step:
    """The replayed tracker's state before one action (or at the end)."""

    __slots__ = ("state", "message", "prev_action", "may_hide", "hide")

    def __init__(self, domain: Domain, replay: DialogueStateTracker, hide: bool) -> None:
        self.state = _copy_state(domain.get_active_state(replay))
        self.message = replay.latest_message
        latest = domain._get_prev_action_sub_state(replay)
        self.prev_action = dict(latest) if latest else latest
        # states_for_tracker_history: a followup action or the loop's own happy path
        # keeps the previous turn's hidden flag.
        self.may_hide = (
            not replay.followup_action and replay.latest_action_name != replay.active_loop_name
        )
        self.hide = hide


class _Replay:
    """One tracker's replay: its events when computed, the applied ones, the steps."""

    __slots__ = ("tracker", "domain", "events", "applied", "replay", "steps", "final")

    def __init__(self, tracker: DialogueStateTracker, domain: Domain) -> None:
        self.tracker = weakref.ref(tracker, _forget(id(tracker)))
        self.domain = domain
        self.events: Tuple[Event, ...] = ()
        self.applied: List[Event] = []
        self.replay = tracker.init_copy()
        self.steps: List[_Step] = []
        self.final: Optional[_Step] = None

    def extend(self, events: Tuple[Event, ...], applied: List[Event]) -> None:
        """Replays applied[len(self.applied):], as generate_all_prior_trackers would.

        Raises _Stale when an event changes the message of a state kept before: Rasa's
        own replay would show the changed message there too.
        """
        domain, replay, kept = self.domain, self.replay, self.steps[:]
        for event in applied[len(self.applied) :]:
            if isinstance(event, ActionExecuted):
                self.steps.append(_Step(domain, replay, event.hide_rule_turn))
            elif isinstance(event, _CHANGES_LATEST_MESSAGE) and any(
                step.message is replay.latest_message for step in kept
            ):
                raise _Stale
            replay.update(event)
        self.final = _Step(domain, replay, False)
        self.events, self.applied = events, applied


_replays: Dict[int, _Replay] = {}


def _forget(key: int) -> Any:
    def callback(ref: Any) -> None:
        entry = _replays.get(key)
        if entry is not None and entry.tracker is ref:
            del _replays[key]

    return callback


def _same_start(longer: Any, shorter: Any) -> bool:
    """`shorter` is the beginning of `longer`, object by object."""
    return len(longer) >= len(shorter) and all(
        a is b for a, b in zip(shorter, longer, strict=False)
    )


def _replayed(domain: Domain, tracker: DialogueStateTracker) -> _Replay:
    key = id(tracker)
    entry = _replays.pop(key, None)
    events = tuple(tracker.events)
    if entry is not None and (entry.tracker() is not tracker or entry.domain is not domain):
        entry = None
    if entry is not None and not _same_start(events, entry.events):
        entry = None
    if entry is None or len(events) != len(entry.events):
        applied = tracker.applied_events()
        try:
            if entry is None or not _same_start(applied, entry.applied):
                raise _Stale
            entry.extend(events, applied)
        except _Stale:
            entry = _Replay(tracker, domain)
            entry.extend(events, applied)  # an exception here leaves no entry behind
    _replays[key] = entry
    if len(_replays) > MAX_TRACKERS:
        del _replays[next(iter(_replays))]
    return entry


def _copy_state(state: State) -> State:
    """A state whose sub-state dicts are new (their values are strings and tuples)."""
    return {key: dict(sub_state) for key, sub_state in state.items()}  # type: ignore[misc]


def _derive(
    domain: Domain,
    steps: List[_Step],
    ignore_rule_only_turns: bool,
    rule_only_data: Optional[Dict[str, Any]],
) -> List[State]:
    """The loop of Domain.states_for_tracker_history over kept steps, on fresh copies."""
    if not ignore_rule_only_turns:
        return [_copy_state(step.state) for step in steps]
    states: List[State] = []
    last_ml_action_sub_state = None
    turn_was_hidden = False
    for step in steps:
        if not turn_was_hidden:
            last_ml_action_sub_state = step.prev_action
        if step.may_hide:
            turn_was_hidden = step.hide
        if turn_was_hidden:
            continue
        state = _copy_state(step.state)
        domain._remove_rule_only_features(state, rule_only_data)
        if states:
            domain._substitute_rule_only_user_input(state, states[-1])
        if last_ml_action_sub_state:
            state[PREVIOUS_ACTION] = dict(last_ml_action_sub_state)
        states.append(domain._clean_state(state))
    return states


_original_states_for_tracker_history: Any = None


def _states_for_tracker_history(
    self: Domain,
    tracker: DialogueStateTracker,
    omit_unset_slots: bool = False,
    ignore_rule_only_turns: bool = False,
    rule_only_data: Optional[Dict[str, Any]] = None,
) -> List[State]:
    """Domain.states_for_tracker_history from the tracker's kept replay.

    Training trackers (a subclass with its own cache) and ``omit_unset_slots`` (training
    only) go to Rasa's method.
    """
    if omit_unset_slots or type(tracker) is not DialogueStateTracker:
        return _original_states_for_tracker_history(
            self,
            tracker,
            omit_unset_slots=omit_unset_slots,
            ignore_rule_only_turns=ignore_rule_only_turns,
            rule_only_data=rule_only_data,
        )
    entry = _replayed(self, tracker)
    assert entry.final is not None
    return _derive(self, [*entry.steps, entry.final], ignore_rule_only_turns, rule_only_data)


def apply_states_cache() -> None:
    """Install the kept replay (idempotent)."""
    global _original_states_for_tracker_history
    if _original_states_for_tracker_history is None:
        _original_states_for_tracker_history = Domain.states_for_tracker_history
        Domain.states_for_tracker_history = _states_for_tracker_history  # type: ignore[method-assign]


def remove_states_cache() -> None:
    """Rasa's own method again (tests and measurements compare the two)."""
    global _original_states_for_tracker_history
    if _original_states_for_tracker_history is not None:
        Domain.states_for_tracker_history = _original_states_for_tracker_history  # type: ignore[method-assign]
        _original_states_for_tracker_history = None
    _replays.clear()
