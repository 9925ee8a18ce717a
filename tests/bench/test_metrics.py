"""The benchmark's arithmetic: a wrong percentile or span offset would mislead every report."""

from __future__ import annotations

from bench.accuracy import macro_f1
from bench.load import conversations_per_user, plan, user_address
from bench.recommend import recommend
from bench.stats import mcnemar_p, percentile, summary_ms
from bench.targets import evaluate


def test_percentiles_are_observed_values() -> None:
    values = [i / 1000 for i in range(1, 101)]  # 1..100 ms
    assert percentile(values, 50) == 0.05
    assert percentile(values, 99) == 0.099
    assert summary_ms(values)["p95"] == 95.0
    assert summary_ms([])["p50"] is None


def test_macro_f1_weights_every_label_equally() -> None:
    gold = ["a", "a", "a", "b"]
    assert macro_f1(gold, gold) == 1.0
    # "a" perfect except one miss, "b" never found: (0.857 + 0) / 2
    assert round(macro_f1(gold, ["a", "a", "a", "a"]), 3) == round((6 / 7) / 2, 3)


def _pipeline(correct: list[int], p50: float) -> dict:
    return {
        "status": "ok",
        "description": "x",
        "accuracy": {
            "intent_accuracy": sum(correct) / len(correct),
            "macro_f1": 0.5,
            "correct": correct,
        },
        "nlu_latency_ms": {"p50": p50},
    }


def test_mcnemar_counts_only_questions_where_the_pipelines_disagree() -> None:
    assert mcnemar_p([1, 1, 0, 0], [1, 1, 0, 0]) == 1.0
    assert mcnemar_p([1] * 10, [0] * 10) == 2 / 2**10
    assert mcnemar_p([1, 1, 1, 0], [1, 1, 0, 1]) == 1.0


def test_recommendation_keeps_the_project_pipeline_unless_the_numbers_say_otherwise() -> None:
    base = [1] * 90 + [0] * 10
    slightly_better = [1] * 93 + [0] * 7  # 3 more right: not significant
    much_better = [1] * 100
    much_worse = [1] * 70 + [0] * 30
    assert (
        recommend({"a": _pipeline(base, 10), "c": _pipeline(slightly_better, 20)})["pipeline"]
        == "a"
    )
    assert recommend({"a": _pipeline(base, 10), "c": _pipeline(much_better, 20)})["pipeline"] == "c"
    assert (
        recommend({"a": _pipeline(base, 10), "b": _pipeline(slightly_better, 5)})["pipeline"] == "b"
    )
    assert recommend({"a": _pipeline(base, 10), "b": _pipeline(much_worse, 5)})["pipeline"] == "a"
    rec = recommend({"a": _pipeline(base, 9), "c": {"status": "unavailable", "reason": "r"}})
    assert rec["pipeline"] == "a"
    assert any("not compared: r" in reason for reason in rec["reasons"])


def test_targets_report_unmeasured_numbers_as_unknown() -> None:
    single = {"load": [{"users": 10, "cpu_ms_per_turn": 20.0}, {"users": 50, "failures": 0}]}
    checks = {t["key"]: t for t in evaluate({"e2e": {"configs": {"single": single}}})}
    assert checks["u50_failures"]["met"] is True
    assert checks["cpu_turn"]["value"] == 20.0 and checks["cpu_turn"]["met"] is True
    assert checks["scaled_u50_rate"]["met"] is None
    assert checks["cpu_vs_stock"]["met"] is None


def test_load_levels_send_whole_conversations_of_about_the_requested_size() -> None:
    conversations = [("a", "b"), ("c", "d", "e")]  # 2.5 turns on average
    assert conversations_per_user(conversations, users=10, messages=300) == 12
    assert conversations_per_user(conversations, users=50, messages=10) == 1
    assert plan(conversations, user=1, count=3) == [("c", "d", "e"), ("a", "b"), ("c", "d", "e")]


def test_each_virtual_user_has_a_loopback_address_of_its_own() -> None:
    addresses = {user_address(u) for u in range(2000)}
    assert len(addresses) == 2000
    assert all(a.startswith("127.") for a in addresses)


def test_cpu_per_turn_counts_the_warm_up_turns_its_cpu_includes() -> None:
    """A think-time level reads CPU over warm-up and timed window alike; dividing by the
    timed turns alone overstated CPU per turn by about half (warm-up 25 s, timed 45 s)."""
    from bench.endtoend import measured
    from bench.load import LevelResult

    class Clock:
        def __init__(self) -> None:
            self.calls = 0

        def cpu_seconds(self) -> dict[str, float]:
            self.calls += 1
            return {"rasa": 0.0 if self.calls == 1 else 7.0}

    level = LevelResult(users=10, latencies=[0.1] * 45, answered=70)
    result = measured(Clock(), level.as_dict)
    assert result["ok"] == 45 and result["answered_incl_warmup"] == 70
    assert result["cpu_ms_per_turn"] == 100.0  # 7 s over 70 answered turns
