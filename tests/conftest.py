"""Shared fixtures: the real bot, started once per test session, and third-party stubs."""

from __future__ import annotations

from typing import Any, Iterator

import pytest

from tests.support.stack import Stack, running_bot
from tests.support.stubs import RecordingStub

LINE_SECRET = "test-line-channel-secret"
LINE_TOKEN = "test-line-access-token"
SLACK_SIGNING_SECRET = "test-slack-signing-secret"
SLACK_TOKEN = "xoxb-test-token"
TODAY = "2026-12-01"


@pytest.fixture(scope="session")
def line_stub() -> Iterator[RecordingStub]:
    stub = RecordingStub().start()
    yield stub
    stub.stop()


@pytest.fixture(scope="session")
def slack_stub() -> Iterator[RecordingStub]:
    stub = RecordingStub().start()
    yield stub
    stub.stop()


def bot_credentials(line_stub: RecordingStub, slack_stub: RecordingStub) -> dict[str, Any]:
    """Every channel the product uses, with the third-party APIs pointed at local stubs."""
    return {
        "bot.channels.rest.RestInput": None,
        "bot.channels.line.LineInput": {
            "channel_secret": LINE_SECRET,
            "access_token": LINE_TOKEN,
            "api_base_url": line_stub.url,
        },
        "bot.channels.slack.SlackInput": {
            "slack_token": SLACK_TOKEN,
            "slack_signing_secret": SLACK_SIGNING_SECRET,
            "api_base_url": slack_stub.url + "/",
        },
    }


@pytest.fixture(scope="session")
def bot(line_stub: RecordingStub, slack_stub: RecordingStub) -> Iterator[Stack]:
    """The real action server and Rasa server with the trained model in models/."""
    # Answers depend on today's date; the tests see the bot of one day, whenever CI runs.
    with running_bot(
        bot_credentials(line_stub, slack_stub), env={"NAVI_TODAY": TODAY}, cors="*"
    ) as stack:
        yield stack
