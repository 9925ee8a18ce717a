"""rasa_patches 8 and 9: the kept dialogue states equal Rasa's; the action call's session.

8 is compared with Rasa's own ``Domain.states_for_tracker_history`` after every event of
real conversations (the conversation tests' stories), as the policies call it: several
times per prediction with different arguments, on the same tracker, as it grows.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Iterator

import aiohttp
import pytest
from aiohttp import web
from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.featurizers.tracker_featurizers import MaxHistoryTrackerFeaturizer
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.constants import ACTION_LISTEN_NAME, RULE_ONLY_LOOPS, RULE_ONLY_SLOTS
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    DefinePrevUserUtteredFeaturization,
    EntitiesAdded,
    Event,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import EndpointConfig

from bot import action_session, dialogue_states_cache, rasa_patches
from tests.support.stack import free_port

ROOT = Path(__file__).resolve().parents[2]
STORIES = sorted((ROOT / "tests" / "conversations").glob("*.yml"))


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture(autouse=True)
def patched() -> Iterator[None]:
    rasa_patches.apply()
    yield
    dialogue_states_cache.apply_states_cache()
    action_session.apply_shared_session()


def rasas_states(domain: Domain, tracker: DialogueStateTracker, **kwargs: Any) -> list:
    original = dialogue_states_cache._original_states_for_tracker_history
    assert original is not None, "the patch is not installed"
    return original(domain, tracker, **kwargs)


def conversations(domain: Domain) -> list[tuple[str, list[Event]]]:
    reader = YAMLStoryReader(domain)
    found = []
    for path in STORIES:
        for step in reader.read_from_file(str(path)):
            events = [
                ActionExecuted("action_session_start"),
                SessionStarted(),
                ActionExecuted(ACTION_LISTEN_NAME),
                *step.explicit_events(domain),
            ]
            found.append((f"{path.name}: {step.block_name}", events))
    return found


def rule_only_data(domain: Domain) -> dict[str, list[str]]:
    """Some slots and a form to drop, as RulePolicy's rule-only data does."""
    return {
        RULE_ONLY_SLOTS: [slot.name for slot in domain.slots][:3],
        RULE_ONLY_LOOPS: domain.form_names[:1],
    }


def all_variants(domain: Domain) -> list[dict[str, Any]]:
    return [
        {},
        {"ignore_rule_only_turns": True},
        {"ignore_rule_only_turns": True, "rule_only_data": rule_only_data(domain)},
        {"rule_only_data": rule_only_data(domain)},
    ]


def test_the_conversations_have_forms_entities_and_slots(domain: Domain) -> None:
    events = [event for _, story in conversations(domain) for event in story]
    assert len(conversations(domain)) >= 10
    assert any(isinstance(event, ActiveLoop) for event in events)
    assert any(isinstance(event, SlotSet) for event in events)
    assert any(isinstance(event, UserUttered) and event.entities for event in events)


def test_states_equal_rasas_after_every_event_of_real_conversations(domain: Domain) -> None:
    compared = 0
    for name, events in conversations(domain):
        tracker = DialogueStateTracker("states-test", domain.slots)
        for event in events:
            tracker.update(event, domain)
            for _ in range(2):  # the second call is served from the kept replay
                for kwargs in all_variants(domain):
                    ours = tracker.past_states(domain, **kwargs)
                    assert ours == rasas_states(domain, tracker, **kwargs), (name, event, kwargs)
                    compared += 1
    assert compared > 1000


def test_leaf_values_are_immutable_so_two_level_copies_suffice(domain: Domain) -> None:
    for _, events in conversations(domain):
        tracker = DialogueStateTracker.from_events("leaves", events, domain.slots)
        for state in tracker.past_states(domain):
            for sub_state in state.values():
                assert isinstance(sub_state, dict)
                for value in sub_state.values():
                    hash(value)  # str, float or tuple; a list or dict would fail here


def test_what_callers_do_to_the_states_does_not_reach_the_next_call(domain: Domain) -> None:
    _, events = conversations(domain)[0]
    tracker = DialogueStateTracker.from_events("mutation", events, domain.slots)
    expected = rasas_states(domain, tracker)
    mutated = tracker.past_states(domain)
    for state in mutated:
        for sub_state in state.values():
            sub_state.clear()
        state.clear()
    mutated.clear()
    assert tracker.past_states(domain) == expected


def test_featurizer_prediction_states_as_the_policies_call_it(domain: Domain) -> None:
    """RulePolicy asks with the text, then the intent; the featurizer edits the states."""
    featurizer = MaxHistoryTrackerFeaturizer(None, max_history=None)
    for _, events in conversations(domain)[:4]:
        tracker = DialogueStateTracker("featurizer", domain.slots)
        for event in events:
            tracker.update(event, domain)
            for use_text in (True, False, True):
                cached = featurizer.prediction_states([tracker], domain, use_text)
                dialogue_states_cache.remove_states_cache()
                try:
                    rasas = featurizer.prediction_states([tracker], domain, use_text)
                finally:
                    dialogue_states_cache.apply_states_cache()
                assert cached == rasas


def test_a_new_event_is_seen_at_once(domain: Domain) -> None:
    _, events = conversations(domain)[0]
    tracker = DialogueStateTracker.from_events("new-event", events, domain.slots)
    before = tracker.past_states(domain)
    tracker.update(ActionExecuted(ACTION_LISTEN_NAME), domain)
    tracker.update(UserUttered("ありがとう", {"name": "thank", "confidence": 1.0}), domain)
    after = tracker.past_states(domain)
    assert after != before
    assert len(after) == len(before) + 1
    assert after[-1]["user"]["intent"] == "thank"
    assert after == rasas_states(domain, tracker)


SLOT_DOMAIN = """
version: "3.1"
intents: [greet, inform]
entities: [colour]
slots:
  colour:
    type: categorical
    values: [red, blue]
    mappings: [{type: from_entity, entity: colour}]
  size:
    type: bool
    mappings: [{type: custom}]
forms:
  colour_form:
    required_slots: [colour]
actions: [action_ask_colour]
responses:
  utter_greet: [{text: hi}]
"""


def test_slots_and_loops_only_rules_see_are_dropped_per_call() -> None:
    """This project's slots do not influence the dialogue; these do (and one is rule-only)."""
    small = Domain.from_yaml(SLOT_DOMAIN)
    rules_only = {RULE_ONLY_SLOTS: ["size"], RULE_ONLY_LOOPS: ["colour_form"]}
    tracker = DialogueStateTracker("slots", small.slots)
    for event in [
        ActionExecuted(ACTION_LISTEN_NAME),
        UserUttered(
            "青", {"name": "inform", "confidence": 1.0}, [{"entity": "colour", "value": "blue"}]
        ),
        ActionExecuted("colour_form"),
        ActiveLoop("colour_form"),
        SlotSet("colour", "blue"),
        SlotSet("size", True),
        ActionExecuted("utter_greet", hide_rule_turn=True),
        ActiveLoop(None),
        ActionExecuted(ACTION_LISTEN_NAME),
        UserUttered("やあ", {"name": "greet", "confidence": 1.0}),
    ]:
        tracker.update(event, small)
        for kwargs in (
            {},
            {"ignore_rule_only_turns": True, "rule_only_data": rules_only},
            {"rule_only_data": rules_only},
            {},
        ):
            assert tracker.past_states(small, **kwargs) == rasas_states(small, tracker, **kwargs)
    full = tracker.past_states(small)
    assert any("size" in state.get("slots", {}) for state in full)
    assert any("active_loop" in state for state in full)
    for state in tracker.past_states(small, ignore_rule_only_turns=True, rule_only_data=rules_only):
        assert "size" not in state.get("slots", {}) and "active_loop" not in state


def test_a_reverted_turn_replays_from_the_start(domain: Domain) -> None:
    _, events = conversations(domain)[0]
    tracker = DialogueStateTracker.from_events("revert", events, domain.slots)
    tracker.past_states(domain)
    tracker.update(UserUtteranceReverted(), domain)
    assert tracker.past_states(domain) == rasas_states(domain, tracker)
    tracker.update(ActionExecuted(ACTION_LISTEN_NAME), domain)
    tracker.update(UserUttered("こんにちは", {"name": "greet", "confidence": 1.0}), domain)
    assert tracker.past_states(domain) == rasas_states(domain, tracker)


def test_an_event_that_changes_an_earlier_message_replays_from_the_start(
    domain: Domain,
) -> None:
    """EntitiesAdded edits the UserUttered event, so Rasa's earlier states change too."""
    entity = next(
        e for e in domain.entities if e in domain.intent_properties["inform"]["used_entities"]
    )
    tracker = DialogueStateTracker("entities", domain.slots)
    for event in [
        ActionExecuted(ACTION_LISTEN_NAME),
        UserUttered("大阪です", {"name": "inform", "confidence": 1.0}),
        DefinePrevUserUtteredFeaturization(False),
        ActionExecuted("action_handle_inform"),
        ActionExecuted(ACTION_LISTEN_NAME),
    ]:
        tracker.update(event, domain)
    before = tracker.past_states(domain)
    tracker.update(EntitiesAdded([{"entity": entity, "value": "大阪", "start": 0, "end": 2}]))
    after = tracker.past_states(domain)
    assert after == rasas_states(domain, tracker)
    assert after != before  # the message of the kept states gained the entity


def test_a_different_tracker_with_the_same_events_gets_its_own_states(domain: Domain) -> None:
    _, events = conversations(domain)[1]
    first = DialogueStateTracker.from_events("one", events, domain.slots)
    states = first.past_states(domain)
    second = DialogueStateTracker.from_events("two", events[:-2], domain.slots)
    assert second.past_states(domain) == rasas_states(domain, second)
    assert first.past_states(domain) == states


def test_trackers_that_are_gone_leave_nothing_behind(domain: Domain) -> None:
    _, events = conversations(domain)[0]
    dialogue_states_cache._replays.clear()
    tracker = DialogueStateTracker.from_events("gone", events, domain.slots)
    tracker.past_states(domain)
    assert len(dialogue_states_cache._replays) == 1
    del tracker
    assert not dialogue_states_cache._replays


# --- 9: the action call --------------------------------------------------------------


class ActionServer:
    """A stand-in action server that records the client port of every request."""

    def __init__(self) -> None:
        self.ports: list[int] = []
        self.port = free_port()

    async def webhook(self, request: web.Request) -> web.Response:
        self.ports.append(request.transport.get_extra_info("peername")[1])
        body = await request.json()
        if body["next_action"] == "action_refused":
            return web.json_response({"action_name": "action_refused", "error": "no"}, status=400)
        return web.json_response({"events": [], "responses": [{"text": "はい"}]})

    async def start(self) -> web.AppRunner:
        app = web.Application()
        app.router.add_post("/webhook", self.webhook)
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", self.port).start()
        return runner


async def run_action(name: str, url: str, domain: Domain) -> list[Event]:
    tracker = DialogueStateTracker.from_events(
        "action-call", [ActionExecuted(ACTION_LISTEN_NAME), UserUttered("はい")], domain.slots
    )
    action = RemoteAction(name, EndpointConfig(url))
    return await action.run(
        CollectingOutputChannel(),
        TemplatedNaturalLanguageGenerator(domain.responses),
        tracker,
        domain,
    )


def test_action_calls_share_one_connection(domain: Domain) -> None:
    server = ActionServer()

    async def scenario() -> list[list[Event]]:
        runner = await server.start()
        try:
            url = f"http://127.0.0.1:{server.port}/webhook"
            return [await run_action("action_answer_program", url, domain) for _ in range(3)]
        finally:
            await runner.cleanup()

    results = asyncio.run(scenario())
    assert all(len(events) == 1 and events[0].text == "はい" for events in results)
    assert len(server.ports) == 3
    assert len(set(server.ports)) == 1, "each call opened a new connection"


def test_a_refusal_is_still_rasas_action_execution_rejection(domain: Domain) -> None:
    server = ActionServer()

    async def scenario() -> None:
        runner = await server.start()
        try:
            with pytest.raises(ActionExecutionRejection):
                await run_action(
                    "action_refused", f"http://127.0.0.1:{server.port}/webhook", domain
                )
        finally:
            await runner.cleanup()

    asyncio.run(scenario())


def test_an_action_server_that_is_down_is_still_rasas_error(domain: Domain) -> None:
    url = f"http://127.0.0.1:{free_port()}/webhook"
    with pytest.raises(RasaException, match="Couldn't connect"):
        asyncio.run(run_action("action_answer_program", url, domain))
    with pytest.raises(aiohttp.ClientConnectionError):
        asyncio.run(EndpointConfig(url).request(json={}))


def test_sessions_of_finished_loops_are_closed(domain: Domain) -> None:
    server = ActionServer()
    sessions: list[aiohttp.ClientSession] = []

    async def call() -> None:
        runner = await server.start()
        try:
            await run_action(
                "action_answer_program", f"http://127.0.0.1:{server.port}/webhook", domain
            )
            loop = asyncio.get_running_loop()
            sessions.extend(action_session._sessions[loop].values())
        finally:
            await runner.cleanup()

    asyncio.run(call())
    asyncio.run(call())
    assert len(sessions) == 2 and sessions[0] is not sessions[1]
    assert sessions[0].closed  # released when the second loop asked for its session
    action_session.remove_shared_session()  # releases the second one too
    assert sessions[1].closed and not action_session._sessions
