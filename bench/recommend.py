"""Pick the default pipeline from the numbers, with the project's pipeline (a) as incumbent.

Another pipeline replaces (a) only when the held-out set can tell them apart: it is
significantly more accurate (exact McNemar test on the same questions), or it is not
significantly less accurate and clearly faster. A gap of a few questions out of ~350 moves
between runs as the training data changes, so it should not flip the default.
"""

from __future__ import annotations

from typing import Any

from bench.stats import mcnemar_p

INCUMBENT = "a"
ALPHA = 0.05
# "Clearly faster": parse p50 at most this fraction of the incumbent's.
SPEEDUP = 0.8


def _line(key: str, p: dict[str, Any]) -> str:
    acc = p["accuracy"]
    return (
        f"({key}) {p['description']}: intent accuracy {acc['intent_accuracy']:.3f}, "
        f"macro F1 {acc['macro_f1']:.3f}, NLU p50 {p['nlu_latency_ms']['p50']} ms, "
        f"model {p.get('model_mb')} MB"
    )


def _verdict(base: dict[str, Any], other: dict[str, Any]) -> tuple[str, float]:
    """'better', 'worse' or 'same' accuracy than the incumbent, and the McNemar p-value."""
    p_value = mcnemar_p(base["accuracy"]["correct"], other["accuracy"]["correct"])
    gap = other["accuracy"]["intent_accuracy"] - base["accuracy"]["intent_accuracy"]
    if p_value < ALPHA:
        return ("better" if gap > 0 else "worse"), p_value
    return "same", p_value


def recommend(pipelines: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The recommended pipeline key and the reasons, one line per candidate."""
    ok = {k: p for k, p in pipelines.items() if p.get("status") == "ok"}
    if INCUMBENT not in ok:
        return {"pipeline": None, "reasons": [f"({INCUMBENT}) produced no results"]}
    base = ok[INCUMBENT]
    reasons = [_line(INCUMBENT, base) + "."]
    better, faster = [], []
    for key in sorted(k for k in ok if k != INCUMBENT):
        other = ok[key]
        verdict, p_value = _verdict(base, other)
        speed = other["nlu_latency_ms"]["p50"] / base["nlu_latency_ms"]["p50"]
        reasons.append(
            f"{_line(key, other)}; accuracy vs ({INCUMBENT}): {verdict} "
            f"(McNemar p = {p_value:.2f}), parse p50 × {speed:.2f}."
        )
        if verdict == "better":
            better.append(key)
        elif verdict == "same" and speed <= SPEEDUP:
            faster.append(key)
    for key, other in sorted(pipelines.items()):
        if other.get("status") != "ok":
            reasons.append(f"({key}) not compared: {other.get('reason')}")
    if better:
        choice = max(better, key=lambda k: ok[k]["accuracy"]["intent_accuracy"])
    elif faster:
        choice = min(faster, key=lambda k: ok[k]["nlu_latency_ms"]["p50"])
    else:
        choice = INCUMBENT
    reasons.append(
        f"Rule: keep ({INCUMBENT}) unless another pipeline is significantly more accurate "
        f"(p < {ALPHA}), or not significantly less accurate and parses in ≤ {SPEEDUP:.0%} "
        "of the time."
    )
    return {"pipeline": choice, "reasons": reasons}
