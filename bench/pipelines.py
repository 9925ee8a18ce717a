"""The three NLU pipelines compared in one run, all derived from config.yml.

Deriving (b) and (c) from (a) keeps everything but the tokenizer/featurizer choice equal:
same regex entity extraction, same DIET/ResponseSelector settings and seeds, same fallback.
"""

from __future__ import annotations

import copy
import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

TOKENIZER = "bot.nlu.sudachi_tokenizer.SudachiTokenizer"
CHAR_TOKENIZER = "bench.char_tokenizer.CharChunkTokenizer"


@dataclass(frozen=True)
class Pipeline:
    """One candidate: its key, a one-line description and its full Rasa config."""

    key: str
    description: str
    config: dict[str, Any]


def load_config(path: Path) -> dict[str, Any]:
    """config.yml as a dict."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def with_epochs(config: dict[str, Any], epochs: int | None) -> dict[str, Any]:
    """A copy with every `epochs` (NLU and policies) replaced; None keeps the file's."""
    config = copy.deepcopy(config)
    if epochs is None:
        return config
    for component in config.get("pipeline", []) + config.get("policies", []):
        if "epochs" in component:
            component["epochs"] = epochs
    return config


def _replace_tokenizer(config: dict[str, Any], replacement: list[dict[str, Any]]) -> list:
    pipeline = [c for c in config["pipeline"] if c["name"] != TOKENIZER]
    if len(pipeline) == len(config["pipeline"]):
        raise ValueError(f"config.yml has no {TOKENIZER}; cannot derive the other pipelines")
    return replacement + pipeline


def project(config: dict[str, Any]) -> Pipeline:
    """(a) config.yml as it is."""
    return Pipeline(
        "a", "config.yml: Sudachi + regex + lexical + word/char_wb counts + DIET", config
    )


def char_ngrams(config: dict[str, Any]) -> Pipeline:
    """(b) no Japanese tokenizer: punctuation chunks + char_wb n-grams (regex kept for entities).

    Word counts and lexical features are dropped: over whole-sentence chunks they would only
    memorise training sentences. Regex features/extraction stay because entities come from
    them in every pipeline and do not depend on tokens.
    """
    config = copy.deepcopy(config)
    pipeline = _replace_tokenizer(config, [{"name": CHAR_TOKENIZER}])
    config["pipeline"] = [
        c
        for c in pipeline
        if c["name"] != "LexicalSyntacticFeaturizer"
        and not (c["name"] == "CountVectorsFeaturizer" and c.get("analyzer", "word") == "word")
    ]
    return Pipeline("b", "char n-grams only: punctuation chunks + char_wb 1-4 + DIET", config)


def spacy_ginza(config: dict[str, Any]) -> Pipeline:
    """(c) SpacyNLP(ja_ginza) + SpacyTokenizer + SpacyFeaturizer, rest of (a) unchanged."""
    config = copy.deepcopy(config)
    config["pipeline"] = _replace_tokenizer(
        config,
        [
            {"name": "SpacyNLP", "model": "ja_ginza", "case_sensitive": False},
            {"name": "SpacyTokenizer"},
            {"name": "SpacyFeaturizer", "pooling": "mean"},
        ],
    )
    return Pipeline("c", "spaCy ja_ginza: tokenizer + 300-d vectors, rest as (a)", config)


BUILDERS = {"a": project, "b": char_ngrams, "c": spacy_ginza}


def unavailable_reason(key: str) -> str | None:
    """Why a pipeline cannot run here, or None. Only (c) needs extra packages."""
    if key != "c":
        return None
    for module in ("spacy", "ginza", "ja_ginza"):
        if importlib.util.find_spec(module) is None:
            return f"python package {module!r} is not installed (pip install ja-ginza==5.1.2)"
    return None


def write(config: dict[str, Any], path: Path) -> Path:
    """Write a config file Rasa can train from."""
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
