"""Triage accuracy and throughput on a labelled set of inquiries.

``python -m desk.triage_eval tests/desk/inquiries_labelled.jsonl``

Accuracy (the issue's target, ≥ 0.9): an inquiry counts as correct when the top program
is among ``expected_programs``, or, when that list is empty, when triage says a person
must handle it. Throughput: inquiries routed per second, model loading and the first
(warm-up) parse excluded. Urgency and ``needs_person`` agreement are reported beside it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desk.triage import Routed, Triage
from desk.triage_input import Inquiry


@dataclass
class Report:
    total: int
    correct: int
    urgency_agree: int
    needs_person_agree: int
    seconds: float
    misses: list[dict[str, Any]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def per_second(self) -> float:
        return self.total / self.seconds if self.seconds else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "inquiries": self.total,
            "accuracy": round(self.accuracy, 3),
            "urgency_agreement": round(self.urgency_agree / max(self.total, 1), 3),
            "needs_person_agreement": round(self.needs_person_agree / max(self.total, 1), 3),
            "inquiries_per_second": round(self.per_second, 1),
            "misses": self.misses,
        }


def is_correct(expected: list[str], routed: Routed) -> bool:
    """Top program among the expected ones; with none expected, a person must handle it."""
    if not expected:
        return routed.needs_person
    return bool(routed.programs) and routed.programs[0] in expected


def load_labelled(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def evaluate(triage: Triage, rows: list[dict[str, Any]]) -> Report:
    triage.warm_up()
    inquiries = [
        Inquiry(i, r["id"], r["text"], r.get("prefecture") or None, r.get("company") or None)
        for i, r in enumerate(rows, start=1)
    ]
    started = time.perf_counter()
    routed = triage.route_all(inquiries)
    seconds = time.perf_counter() - started
    report = Report(len(rows), 0, 0, 0, seconds)
    for row, result in zip(rows, routed, strict=False):
        ok = is_correct(row["expected_programs"], result)
        report.correct += ok
        report.urgency_agree += result.urgency == row["expected_urgency"]
        report.needs_person_agree += result.needs_person == row["expected_needs_person"]
        if not ok:
            report.misses.append(
                {
                    "id": row["id"],
                    "expected": row["expected_programs"],
                    "got": result.programs,
                    "confidence": result.confidence,
                    "needs_person": result.needs_person,
                    "note": row.get("note", ""),
                }
            )
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desk.triage_eval")
    parser.add_argument("labelled", type=Path)
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None, help="also write the report here")
    args = parser.parse_args(argv)
    triage = Triage(args.model)
    report = evaluate(triage, load_labelled(args.labelled))
    data = report.to_json()
    if args.json:
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    for miss in report.misses:
        print(json.dumps(miss, ensure_ascii=False))
    print(
        f"accuracy {data['accuracy']:.3f} ({report.correct}/{report.total}), "
        f"urgency agreement {data['urgency_agreement']:.3f}, "
        f"needs_person agreement {data['needs_person_agreement']:.3f}, "
        f"{data['inquiries_per_second']:.1f} inquiries/s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
