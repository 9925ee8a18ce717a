"""「わかりません」 inside a form gets the explanation for the question being asked."""

from __future__ import annotations

import pytest
import yaml

from actions.form_help import ActionHelpWithQuestion, help_response
from tests.actions.conftest import make_tracker, run_action
from tests.support.stack import ROOT

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("slot", "response"),
    [
        ("prefecture", "utter_help_prefecture"),
        ("right_type", "utter_help_right_type"),
        ("amount", "utter_help_amount"),
        ("is_sme", "utter_help_yes_no"),
        ("files_after_selection", "utter_help_yes_no"),
    ],
)
def test_explains_the_requested_slot(slot: str, response: str) -> None:
    tracker = make_tracker("dont_know", "わかりません", slots={"requested_slot": slot})
    messages, events = run_action(ActionHelpWithQuestion(), tracker)
    assert [m["response"] for m in messages] == [response]
    assert events == []
    assert response in DOMAIN["responses"], f"{response} is missing from domain.yml"


def test_every_form_slot_has_an_explanation_in_japanese() -> None:
    for form in DOMAIN["forms"].values():
        for slot in form["required_slots"]:
            (variant,) = DOMAIN["responses"][help_response(slot)]
            assert "です" in variant["text"] or "ください" in variant["text"]
