"""Held-out intent accuracy, scored as tests/nlu/test_heldout.py scores it.

Only what decides between pipelines: accuracy, macro F1, the fallback rate and one 0/1
per question (for McNemar's test). Per-intent reports, confusion matrices and entity
scores are what `rasa test nlu` already writes: `make nlu-report`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.heldout import examples, predicted


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


def score(heldout: Path, results: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Accuracy report for parse results given in the order of `examples(heldout)`."""
    gold = [label for _, label in examples(heldout)]
    labels = [predicted(r) for r in results]
    correct = [int(g == p) for g, p in zip(gold, labels, strict=True)]
    return {
        "n": len(gold),
        "intent_accuracy": round(sum(correct) / len(gold), 4),
        "macro_f1": round(macro_f1(gold, labels), 4),
        "fallback_rate": round(labels.count("nlu_fallback") / len(gold), 4),
        # One 0/1 per held-out question, in file order: lets pipelines be compared pairwise.
        "correct": correct,
    }
