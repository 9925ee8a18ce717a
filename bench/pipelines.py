"""The configurations compared in one run, on the same data.

- (a) config.yml as it is (sparse features and ja_ginza's vectors on Sudachi tokens);
- (b) (a) without the dense vectors: sparse features only, the pipeline before issue 11;
- (c) (a) with spaCy's ja_ginza tokenizer and vectors instead of Sudachi (bench-only
  packages, requirements-bench.txt); everything else equal;
- stock: Rasa 3.6's default config (rasa/engine/recipes/config_files/default_config.yml),
  the baseline for the CPU-per-turn ratio. Its WhitespaceTokenizer refuses Japanese, so
  the one change is our tokenizer in its place.
"""

from __future__ import annotations

import copy
import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

TOKENIZER = "bot.nlu.sudachi_tokenizer.SudachiTokenizer"


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


VECTORS = "bot.nlu.ginza_vectors.GinzaVectorsFeaturizer"


def sparse_only(config: dict[str, Any]) -> Pipeline:
    """(b) (a) without GinzaVectorsFeaturizer."""
    config = copy.deepcopy(config)
    config["pipeline"] = [c for c in config["pipeline"] if c["name"] != VECTORS]
    return Pipeline("b", "(a) without the word vectors: sparse features only", config)


def spacy_ginza(config: dict[str, Any]) -> Pipeline:
    """(c) SpacyNLP(ja_ginza) + SpacyTokenizer + SpacyFeaturizer, rest of (a) unchanged."""
    config = copy.deepcopy(config)
    config["pipeline"] = [c for c in config["pipeline"] if c["name"] != VECTORS]
    config["pipeline"] = _replace_tokenizer(
        config,
        [
            {"name": "SpacyNLP", "model": "ja_ginza", "case_sensitive": False},
            {"name": "SpacyTokenizer"},
            {"name": "SpacyFeaturizer", "pooling": "mean"},
        ],
    )
    return Pipeline("c", "spaCy ja_ginza: tokenizer + 300-d vectors, rest as (a)", config)


BUILDERS = {"a": project, "b": sparse_only, "c": spacy_ginza}


def stock(config: dict[str, Any]) -> Pipeline:
    """Rasa 3.6's default config with the project's tokenizer (NLU and policies)."""
    import rasa.engine.recipes.default_recipe as recipe

    default = yaml.safe_load(
        (Path(recipe.__file__).parent / "config_files" / "default_config.yml").read_text()
    )
    tokenizer = next(c for c in config["pipeline"] if c["name"] == TOKENIZER)
    pipeline = [
        copy.deepcopy(tokenizer) if c["name"] == "WhitespaceTokenizer" else c
        for c in default["pipeline"]
    ]
    stock_config = {
        "recipe": "default.v1",
        "language": config.get("language", "ja"),
        "assistant_id": "stock-rasa-3-6",
        "pipeline": pipeline,
        "policies": default["policies"],
    }
    description = "stock Rasa 3.6 default config (our tokenizer; CPU baseline: few epochs)"
    return Pipeline("stock", description, stock_config)


def unavailable_reason(key: str) -> str | None:
    """Why a pipeline cannot run here, or None. Only (c) needs extra packages."""
    if key != "c":
        return None
    for module in ("spacy", "ginza", "ja_ginza"):
        if importlib.util.find_spec(module) is None:
            return f"python package {module!r} is not installed (make bench-deps)"
    return None


def write(config: dict[str, Any], path: Path) -> Path:
    """Write a config file Rasa can train from."""
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
