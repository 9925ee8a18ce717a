"""Which program each intent is about, its aspect, and plain-Japanese button labels.

All of it comes from the intent registry (bot/intents.yml); this module only shapes it
for the actions. The facts about each program live in knowledge/.
"""

from __future__ import annotations

from bot.intent_registry import registry

_REGISTRY = registry()

INTENT_TO_PROGRAM: dict[str, str] = {
    i.name: i.program for i in _REGISTRY.intents if i.program is not None
}
FOLLOWUP_ASPECTS: dict[str, str] = {
    i.name: i.aspect for i in _REGISTRY.intents if i.aspect is not None
}
ASPECT_INTENTS: dict[str, str] = {aspect: name for name, aspect in FOLLOWUP_ASPECTS.items()}
INTENT_LABELS: dict[str, str] = {
    i.name: i.label for i in _REGISTRY.intents if i.label is not None and i.aspect is None
}
ASPECT_LABELS: dict[str, str] = {
    i.aspect: i.label for i in _REGISTRY.intents if i.aspect is not None and i.label
}
PROGRAM_INTENTS: dict[str, str] = {program: name for name, program in INTENT_TO_PROGRAM.items()}
# (cue, aspect), longest cue first: 「いくらまで」 before 「いくら出」.
ASPECT_CUES: tuple[tuple[str, str], ...] = tuple(
    sorted(
        ((cue, i.aspect) for i in _REGISTRY.intents if i.aspect for cue in i.cues),
        key=lambda pair: len(pair[0]),
        reverse=True,
    )
)

# The main menu, in the order a first-time user scans it.
MENU_INTENTS: tuple[str, ...] = tuple(
    i.name for i in sorted((i for i in _REGISTRY.intents if i.menu), key=lambda i: i.menu or 0)
)


def intent_button(intent: str) -> dict[str, str]:
    """A quick-reply button that triggers ``intent`` directly."""
    return {"title": INTENT_LABELS[intent], "payload": f"/{intent}"}


def aspect_button(aspect: str) -> dict[str, str]:
    """A follow-up button (補助率は？ 締切は？ …) about the program under discussion."""
    return {"title": ASPECT_LABELS[aspect], "payload": f"/{ASPECT_INTENTS[aspect]}"}
