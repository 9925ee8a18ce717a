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


def _faq_keys_in_training() -> set[str]:
    from pathlib import Path

    keys: set[str] = set()
    for path in Path("bot/data/nlu").glob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in data.get("nlu") or []:
            intent = str(block.get("intent") or "")
            if intent.startswith("faq/") and str(block.get("examples") or "").strip():
                keys.add(intent.split("/", 1)[1])
    return keys


def test_every_fact_in_knowledge_can_be_answered() -> None:
    """A fact with no training examples or no selector title is never picked: users who
    ask it get a question back or, worse, the nearest other FAQ."""
    domain = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))
    titles = {k.split("/", 1)[1] for k in domain["responses"] if k.startswith("utter_faq/")}
    facts = {fact.id for fact in get_knowledge_base().facts}
    trained = _faq_keys_in_training()
    assert facts - trained == set(), "facts without training examples"
    assert facts - titles == set(), "facts without an utter_faq/ title in domain.yml"
    assert (trained | titles) - facts == set(), "FAQ keys with no fact in knowledge/"
