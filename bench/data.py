"""Training data for a run: the project's bot/data, or a small subset for --tiny."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml


def _trim_examples(block: dict, keep: int) -> dict:
    lines = [line for line in str(block["examples"]).splitlines() if line.strip().startswith("-")]
    return {**block, "examples": "\n".join(lines[:keep]) + "\n"}


def subset(source: Path, target: Path, examples_per_intent: int) -> Path:
    """Copy bot/data, keeping only the first N examples of each intent.

    Lookups, regexes, synonyms, rules and stories are kept whole, so the trimmed data still
    trains a model with every intent and action of the domain.
    """
    shutil.copytree(source, target)
    for path in (target / "nlu").glob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        blocks = data.get("nlu", [])
        data["nlu"] = [
            _trim_examples(b, examples_per_intent) if "intent" in b and "examples" in b else b
            for b in blocks
        ]
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return target
