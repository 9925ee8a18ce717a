"""A session ends after MAX_SESSION_TURNS user turns, but never inside a form."""

from __future__ import annotations

from rasa.shared.core.events import ActionExecuted, ActiveLoop, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_patches import MAX_SESSION_TURNS, session_too_long


def tracker(turns_before: int, turns_after: int, form: bool = False) -> DialogueStateTracker:
    events = [ActionExecuted("action_session_start"), SessionStarted()]
    events += [UserUttered("こんにちは")] * turns_before
    events += [ActionExecuted("action_session_start"), SessionStarted()]
    events += [UserUttered("こんにちは")] * turns_after
    if form:
        events.append(ActiveLoop("prefecture_form"))
    return DialogueStateTracker.from_events("s", events)


def test_only_the_latest_sessions_turns_count() -> None:
    assert not session_too_long(tracker(MAX_SESSION_TURNS * 3, MAX_SESSION_TURNS - 1))
    assert session_too_long(tracker(0, MAX_SESSION_TURNS))


def test_a_form_in_progress_is_never_cut() -> None:
    assert not session_too_long(tracker(0, MAX_SESSION_TURNS * 2, form=True))
