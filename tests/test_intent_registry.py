"""One registry of intents: rules, domain and the actions' maps never drift from it."""

from __future__ import annotations

import yaml

from actions.intent_map import INTENT_LABELS, INTENT_TO_PROGRAM, MENU_INTENTS
from bot.intent_registry import registry
from knowledge import get_knowledge_base
from scripts.generate_rules import DOMAIN, drift


def test_rule_files_and_domain_match_the_registry() -> None:
    domain = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))
    assert drift(registry(), domain) == [], "run: python scripts/generate_rules.py"


def test_every_program_of_the_registry_is_in_the_knowledge_base() -> None:
    kb = get_knowledge_base()
    assert all(kb.program(p) is not None for p in INTENT_TO_PROGRAM.values())


def test_menu_and_labels_are_complete_and_distinct() -> None:
    assert len(MENU_INTENTS) >= 8 and all(i in INTENT_LABELS for i in MENU_INTENTS)
    labels = list(INTENT_LABELS.values())
    assert len(labels) == len(set(labels))


def test_program_lookup_matches_the_knowledge_base() -> None:
    from scripts.generate_lookups import LOOKUP, rendered

    assert (
        LOOKUP.read_text(encoding="utf-8") == rendered()
    ), "run: python scripts/generate_lookups.py"
