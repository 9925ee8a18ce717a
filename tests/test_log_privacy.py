"""Users' messages never reach a log line, even inside a traceback."""

from __future__ import annotations

import logging

import pytest

from bot import log_privacy

SECRET = "大阪市北区の山田太郎です。警告状が届きました"


def test_held_text_is_redacted_in_messages_args_and_tracebacks(
    caplog: pytest.LogCaptureFixture,
) -> None:
    log_privacy.hold(SECRET)
    logger = logging.getLogger("rasa.core.test_privacy")
    with caplog.at_level(logging.DEBUG):
        logger.debug("Received user message '%s'", SECRET)
        logger.warning(f"parsing failed: {SECRET!r}")
        try:
            raise ValueError(f"bad input {SECRET}")
        except ValueError:
            logger.exception("handling failed")
    output = caplog.text + "".join(logging.Formatter().format(r) for r in caplog.records)
    assert SECRET not in output
    assert log_privacy.PLACEHOLDER in output
    log_privacy.hold(None)


def test_json_escaped_text_is_redacted_too() -> None:
    log_privacy.hold(SECRET)
    import json

    assert SECRET not in log_privacy.redact(json.dumps({"text": SECRET}))
    assert json.dumps(SECRET)[1:-1] not in log_privacy.redact(json.dumps({"text": SECRET}))
    log_privacy.hold(None)
