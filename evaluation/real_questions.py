"""Ask the running bot every question of a labelled set over REST and report.

    python -m evaluation.real_questions http://127.0.0.1:5005 [tests/nlu/real_questions.yml]

Each question starts a fresh conversation (a new sender), as a visitor would. Reports
accuracy, the asked-back rate and the wrong-answer rate, and lists the misses by the
kind of answer expected. Used by the benchmark and by tests/nlu/test_real_questions.py.
"""

from __future__ import annotations

import argparse
import sys
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import yaml

from evaluation.judge import Expectation, Outcome, Reading, judge, read_reply
from knowledge import get_knowledge_base

ROOT = Path(__file__).resolve().parents[1]
REAL_QUESTIONS = ROOT / "tests" / "nlu" / "real_questions.yml"


@dataclass
class Result:
    text: str
    expect: str
    outcome: Outcome
    reading: Reading
    strict: Outcome  # an unsure reply never counted as correct


@dataclass
class Report:
    results: list[Result] = field(default_factory=list)

    def rate(self, outcome: Outcome) -> float:
        return sum(r.outcome is outcome for r in self.results) / max(1, len(self.results))

    @property
    def accuracy(self) -> float:
        return self.rate(Outcome.CORRECT)

    @property
    def strict_accuracy(self) -> float:
        correct = sum(r.strict is Outcome.CORRECT for r in self.results)
        return correct / max(1, len(self.results))

    @property
    def wrong_rate(self) -> float:
        return self.rate(Outcome.WRONG)

    @property
    def asked_rate(self) -> float:
        return self.rate(Outcome.ASKED)

    def misses_by_kind(self) -> dict[str, Counter]:
        table: dict[str, Counter] = {}
        for result in self.results:
            kind = result.expect.split(":", 1)[0]
            table.setdefault(kind, Counter())[result.outcome.value] += 1
        return table

    def summary(self) -> str:
        lines = [
            f"{len(self.results)} questions: accuracy {self.accuracy:.3f} "
            f"(strict {self.strict_accuracy:.3f}), asked back {self.asked_rate:.3f}, "
            f"wrong {self.wrong_rate:.3f}"
        ]
        for kind, counts in sorted(self.misses_by_kind().items()):
            lines.append(
                f"  {kind:<13} " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
            )
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        return {
            "questions": len(self.results),
            "accuracy": round(self.accuracy, 4),
            "strict_accuracy": round(self.strict_accuracy, 4),
            "asked_rate": round(self.asked_rate, 4),
            "wrong_rate": round(self.wrong_rate, 4),
            "by_kind": {k: dict(v) for k, v in self.misses_by_kind().items()},
            "wrong": [
                {"text": r.text[:120], "expect": r.expect, "got": r.reading.kind,
                 "programs": list(r.reading.programs), "fact": r.reading.fact}
                for r in self.results
                if r.outcome is Outcome.WRONG
            ],
        }  # fmt: skip


def load(path: Path = REAL_QUESTIONS) -> list[tuple[str, Expectation]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [
        (str(q["text"]), Expectation(str(q["expect"]), [str(a) for a in q.get("also") or []]))
        for q in data.get("questions") or []
    ]


def evaluate(
    rasa_url: str, questions: list[tuple[str, Expectation]], timeout: float = 60
) -> Report:
    """Ask each question in a fresh conversation and judge the first reply."""
    kb = get_knowledge_base()
    report = Report()
    with httpx.Client(timeout=timeout) as client:
        for text, expectation in questions:
            sender = f"web-{uuid.uuid4().hex}"
            response = client.post(
                f"{rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text}
            )
            response.raise_for_status()
            reading = read_reply(response.json(), kb)
            report.results.append(
                Result(
                    text,
                    expectation.expect,
                    judge(expectation, reading),
                    reading,
                    judge(expectation, reading, strict=True),
                )
            )
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rasa_url")
    parser.add_argument("questions", nargs="?", default=str(REAL_QUESTIONS))
    parser.add_argument("--show", choices=["wrong", "asked", "all"], default="wrong")
    args = parser.parse_args()
    report = evaluate(args.rasa_url, load(Path(args.questions)))
    print(report.summary())
    for result in report.results:
        if args.show == "all" or result.outcome.value == args.show:
            got = result.reading
            print(
                f"- [{result.outcome.value}] {result.text[:70]!r} expected {result.expect}, "
                f"got {got.kind} {list(got.programs)} {got.fact or ''}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
