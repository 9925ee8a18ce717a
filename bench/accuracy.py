"""Held-out accuracy: intents (with faq/<key> labels), entities and the worst confusions.

Intent labels are scored exactly as tests/nlu/test_heldout.py does (its `examples` and
`predicted` helpers), so the benchmark and the test never disagree about a hit.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from tests.nlu.test_heldout import examples, predicted

ENTITY_TYPES = ("prefecture", "right_type", "amount")
_ANNOTATION = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")

Span = tuple[str, int, int]


def gold_entities(path: Path) -> dict[str, set[Span]]:
    """Plain text → {(entity, start, end)} from the inline [text](entity) annotations."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    spans: dict[str, set[Span]] = {}
    for block in data.get("nlu", []):
        for line in str(block.get("examples", "")).splitlines():
            line = line.strip()
            if line.startswith("- "):
                text, found = strip_annotations(line[2:])
                spans.setdefault(text, set()).update(found)
    return spans


def strip_annotations(raw: str) -> tuple[str, set[Span]]:
    """The text a user would type and the annotated spans in it."""
    pieces: list[str] = []
    found: set[Span] = set()
    cursor, length = 0, 0
    for match in _ANNOTATION.finditer(raw):
        before = raw[cursor : match.start()]
        pieces.append(before)
        length += len(before)
        value = match.group(1)
        found.add((match.group(2), length, length + len(value)))
        pieces.append(value)
        length += len(value)
        cursor = match.end()
    pieces.append(raw[cursor:])
    text = "".join(pieces)
    stripped = text.strip()
    offset = len(text) - len(text.lstrip())
    return stripped, {(e, s - offset, t - offset) for e, s, t in found}


def macro_f1(gold: Sequence[str], pred: Sequence[str]) -> float:
    """Unweighted mean F1 over the labels of the held-out set."""
    scores = []
    for label in sorted(set(gold)):
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p != label)
        denominator = 2 * tp + fp + fn
        scores.append(2 * tp / denominator if denominator else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def entity_scores(
    gold: Sequence[set[Span]], found: Sequence[set[Span]], types: Sequence[str] = ENTITY_TYPES
) -> dict[str, dict[str, Any]]:
    """Exact-span precision and recall per entity type."""
    scores: dict[str, dict[str, Any]] = {}
    for kind in types:
        tp = fp = fn = 0
        for g, f in zip(gold, found, strict=True):
            g_kind = {s for s in g if s[0] == kind}
            f_kind = {s for s in f if s[0] == kind}
            tp += len(g_kind & f_kind)
            fp += len(f_kind - g_kind)
            fn += len(g_kind - f_kind)
        scores[kind] = {
            "precision": round(tp / (tp + fp), 3) if tp + fp else None,
            "recall": round(tp / (tp + fn), 3) if tp + fn else None,
            "tp": tp,
            "fp": fp,
            "fn": fn,
        }
    return scores


def entity_errors(
    texts: Sequence[str], gold: Sequence[set[Span]], found: Sequence[set[Span]], limit: int = 20
) -> list[dict[str, str]]:
    """Examples of extra and missed spans, so a low precision can be read, not just seen."""
    errors: list[dict[str, str]] = []
    for text, g, f in zip(texts, gold, found, strict=True):
        for kind, spans in (("extra", f - g), ("missed", g - f)):
            for entity, start, end in sorted(spans):
                if entity in ENTITY_TYPES:
                    errors.append(
                        {"error": kind, "entity": entity, "span": text[start:end], "text": text}
                    )
    return errors[:limit]


def predicted_spans(result: dict[str, Any]) -> set[Span]:
    """(entity, start, end) of everything the pipeline extracted."""
    return {(e["entity"], e["start"], e["end"]) for e in result.get("entities", [])}


def score(heldout: Path, results: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Accuracy report for parse results given in the order of `examples(heldout)`."""
    pairs = examples(heldout)
    gold_labels = [label for _, label in pairs]
    labels = [predicted(r) for r in results]
    confusions = Counter(
        (g, p) for g, p in zip(gold_labels, labels, strict=True) if g != p
    ).most_common(10)
    spans = gold_entities(heldout)
    gold = [spans.get(text, set()) for text, _ in pairs]
    found = [predicted_spans(r) for r in results]
    return {
        "n": len(pairs),
        "intent_accuracy": round(
            sum(g == p for g, p in zip(gold_labels, labels, strict=True)) / len(pairs), 4
        ),
        "macro_f1": round(macro_f1(gold_labels, labels), 4),
        "fallback_rate": round(labels.count("nlu_fallback") / len(pairs), 4),
        "entities": entity_scores(gold, found),
        "entity_errors": entity_errors([text for text, _ in pairs], gold, found),
        "worst_confusions": [
            {"expected": g, "predicted": p, "count": n} for (g, p), n in confusions
        ],
        # One 0/1 per held-out question, in file order: lets pipelines be compared pairwise.
        "correct": [int(g == p) for g, p in zip(gold_labels, labels, strict=True)],
    }
