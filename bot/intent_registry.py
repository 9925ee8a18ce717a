"""The registry of intents (bot/intents.yml): what answers each intent, and how.

Read by the action server (button labels, program and aspect of each intent) and by
scripts/generate_rules.py (the answer and topic-change rules). No Rasa imports, so the
action server can load it cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

import yaml

REGISTRY_FILE = Path(__file__).with_name("intents.yml")
IN_FORM_BEHAVIOURS = {"leave", "resume"}


@dataclass(frozen=True)
class IntentSpec:
    """One intent's entry in the registry."""

    name: str
    answer: tuple[str, ...] = ()
    form: Optional[str] = None
    in_form: Optional[str] = None
    outside_form_only: bool = False
    program: Optional[str] = None
    aspect: Optional[str] = None
    label: Optional[str] = None
    menu: Optional[int] = None
    cues: tuple[str, ...] = ()


@dataclass(frozen=True)
class Registry:
    """All intents, in the file's order."""

    intents: tuple[IntentSpec, ...] = field(default_factory=tuple)

    def get(self, name: str) -> Optional[IntentSpec]:
        return next((i for i in self.intents if i.name == name), None)

    @property
    def names(self) -> list[str]:
        return [i.name for i in self.intents]


def _spec(name: str, raw: dict[str, Any]) -> IntentSpec:
    unknown = set(raw) - {f for f in IntentSpec.__dataclass_fields__ if f != "name"}
    if unknown:
        raise ValueError(f"{REGISTRY_FILE.name}: {name}: unknown field(s) {sorted(unknown)}")
    in_form = raw.get("in_form")
    if in_form is not None and in_form not in IN_FORM_BEHAVIOURS:
        raise ValueError(
            f"{REGISTRY_FILE.name}: {name}: in_form must be one of {IN_FORM_BEHAVIOURS}"
        )
    return IntentSpec(
        name=name,
        answer=tuple(raw.get("answer") or ()),
        form=raw.get("form"),
        in_form=in_form,
        outside_form_only=bool(raw.get("outside_form_only", False)),
        program=raw.get("program"),
        aspect=raw.get("aspect"),
        label=raw.get("label"),
        menu=raw.get("menu"),
        cues=tuple(raw.get("cues") or ()),
    )


def load_registry(path: Path = REGISTRY_FILE) -> Registry:
    """Parse and check the registry file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = data.get("intents") or {}
    return Registry(tuple(_spec(name, raw or {}) for name, raw in entries.items()))


@lru_cache(maxsize=1)
def registry() -> Registry:
    """The registry, read once per process."""
    return load_registry()
