"""The held-out questions (tests/nlu/heldout.yml) and how a parse result is labelled.

Scored the same way as tests/nlu/test_heldout.py (faq/<key> for the retrieval intent);
kept here so that the benchmark does not import the test suite.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

_ANNOTATION = re.compile(r"\[([^\]]+)\]\([^)]+\)")


def plain(text: str) -> str:
    """The text a user would type, without [entity](type) annotations."""
    return _ANNOTATION.sub(r"\1", text).strip()


def examples(path: Path) -> list[tuple[str, str]]:
    """(question, expected label) in file order."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    pairs = []
    for block in data.get("nlu", []):
        if "intent" not in block:
            continue
        for line in block["examples"].splitlines():
            line = line.strip()
            if line.startswith("- "):
                pairs.append((plain(line[2:]), block["intent"]))
    return pairs


def predicted(result: dict[str, Any]) -> str:
    """The full label: faq/<key> for the retrieval intent, as in the held-out file."""
    intent = result["intent"]["name"]
    if intent == "faq":
        key = result.get("response_selector", {}).get("faq", {}).get("response", {})
        return key.get("intent_response_key") or intent
    return intent
