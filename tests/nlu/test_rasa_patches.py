"""The cached action-response validator accepts and rejects exactly what Rasa's does."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError, validate
from rasa.core.actions.action import RemoteAction

from bot import rasa_patches

VALID = {
    "events": [{"event": "slot", "name": "program", "value": "defense_support"}],
    "responses": [{"text": "こんにちは"}],
}
INVALID = {"events": [{"event": "slot", "name": 5}], "responses": "not a list"}


def test_cached_validator_gives_rasas_verdicts() -> None:
    rasa_patches.apply()
    action = RemoteAction("action_answer_program", None)
    spec = RemoteAction.action_response_format_spec()
    validate(VALID, spec)
    assert action._validate_action_result(VALID) is True
    with pytest.raises(ValidationError):
        validate(INVALID, spec)
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result(INVALID)
