"""The turn guard: loops and silent turns end with an apology, the menu and listening."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    Event,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.policies.turn_guard import TurnGuardPolicy

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture
def guard(tmp_path: Path) -> TurnGuardPolicy:
    return TurnGuardPolicy.create(
        TurnGuardPolicy.get_default_config(),
        LocalModelStorage(tmp_path),
        Resource("guard"),
        ExecutionContext(GraphSchema({}), "test"),
    )


def _predict(guard: TurnGuardPolicy, domain: Domain, events: list[Event]) -> str | None:
    tracker = DialogueStateTracker.from_events("guard-test", events, domain.slots)
    prediction = guard.predict_action_probabilities(tracker, domain)
    if max(prediction.probabilities) == 0:
        return None
    assert prediction.is_no_user_prediction  # overrules every other policy
    return domain.action_names_or_texts[prediction.max_confidence_index]


def _turn(*actions: str, spoke: bool = True) -> list[Event]:
    events: list[Event] = [ActionExecuted("action_listen"), UserUttered("火星です")]
    for name in actions:
        events.append(ActionExecuted(name))
        if spoke:
            events.append(BotUttered("…"))
    return events


def test_a_normal_turn_is_left_alone(guard: TurnGuardPolicy, domain: Domain) -> None:
    assert _predict(guard, domain, _turn("action_answer_program")) is None


def test_a_loop_leaves_the_form_apologises_and_listens(
    guard: TurnGuardPolicy, domain: Domain
) -> None:
    events = [ActiveLoop("prefecture_form"), *_turn(*["action_clarify"] * 6)]
    assert _predict(guard, domain, events) == "action_deactivate_loop"
    events += [ActionExecuted("action_deactivate_loop"), ActiveLoop(None)]
    assert _predict(guard, domain, events) == "utter_recover"
    events += [ActionExecuted("utter_recover"), BotUttered("申し訳ありません")]
    assert _predict(guard, domain, events) == "action_listen"
