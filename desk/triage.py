"""Batch triage of inquiries from mail and web forms.

``python -m desk.triage inquiries.csv|jsonl -o routed.csv`` loads the trained model once,
in-process, parses each inquiry and writes the program(s), the organization and phone to
route it to, the urgency, the confidence and whether a person must handle it. The desk
app's ``POST /api/triage`` calls the same ``Triage.route``.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import logging
import os
import sys
import time
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from desk.interpret import Interpretation, interpret
from desk.triage_input import InputFileError, Inquiry, RowError, read_inquiries
from desk.urgency import assess_urgency
from knowledge import KnowledgeBase, get_knowledge_base

logger = logging.getLogger(__name__)

FOREIGN_FILING = "foreign_filing_support"
MIN_CONFIDENCE = 0.5  # below this a person reads the inquiry before it is routed
NEEDS_PERSON_REASONS = {
    "wants_person": "相談員との会話を希望",
    "no_program": "該当する制度を特定できません",
    "low_confidence": "判定の確信度が低い",
    "input_error": "入力を読み取れません",
}
OUTPUT_COLUMNS = [
    "id", "line", "programs", "program_names", "organization", "phone", "prefecture",
    "urgency", "urgency_reason", "confidence", "needs_person", "needs_person_reason", "error",
]  # fmt: skip


@dataclass
class Routed:
    """One inquiry's routing, as written to the output CSV and returned by the API."""

    id: str
    line: int
    programs: list[str] = field(default_factory=list)
    program_names: list[str] = field(default_factory=list)
    organization: str | None = None
    phone: str | None = None
    prefecture: str | None = None
    urgency: str = "normal"
    urgency_reason: str | None = None
    confidence: float = 0.0
    needs_person: bool = False
    needs_person_reason: str | None = None
    error: str | None = None

    def to_row(self) -> dict[str, Any]:
        row = asdict(self)
        row["programs"] = ";".join(self.programs)
        row["program_names"] = ";".join(self.program_names)
        row["needs_person"] = "true" if self.needs_person else "false"
        return row


def route_parse(inquiry: Inquiry, parse: dict[str, Any], kb: KnowledgeBase) -> Routed:
    """Routing for one inquiry from its NLU parse (pure: no model, no I/O)."""
    meaning: Interpretation = interpret(parse)
    urgency = assess_urgency(inquiry.text)
    prefecture = _prefecture(inquiry, meaning, kb)
    routed = Routed(
        id=inquiry.id,
        line=inquiry.line,
        programs=meaning.programs,
        program_names=[p.name for p in map(kb.program, meaning.programs) if p is not None],
        prefecture=prefecture,
        urgency=urgency.level,
        urgency_reason=urgency.reason,
        confidence=meaning.confidence,
    )
    if meaning.programs:
        routed.organization, routed.phone = handler(meaning.programs[0], prefecture, kb)
    reason = _needs_person(meaning)
    routed.needs_person, routed.needs_person_reason = reason is not None, reason
    if routed.organization is None and not routed.needs_person:
        routed.needs_person, routed.needs_person_reason = True, NEEDS_PERSON_REASONS["no_program"]
    return routed


def handler(
    program_id: str, prefecture: str | None, kb: KnowledgeBase
) -> tuple[str | None, str | None]:
    """Who handles a program, with their phone; 海外出願支援事業 goes to the prefecture's."""
    if program_id == FOREIGN_FILING and prefecture:
        match = kb.resolve_prefecture(prefecture)
        if match.found and match.implemented and match.organization is not None:
            return match.organization.name, match.organization.phone
        if match.found and match.alternatives:
            program_id = match.alternatives[0].id
    program = kb.program(program_id)
    if program is None or not program.contacts:
        return None, None
    contact = next((c for c in program.contacts if "申請" in c.purpose), program.contacts[0])
    name = (
        f"{contact.organization} {contact.department}"
        if contact.department
        else contact.organization
    )
    phone = contact.phone + (f"（内線{contact.extension}）" if contact.extension else "")
    return name, phone


def _prefecture(inquiry: Inquiry, meaning: Interpretation, kb: KnowledgeBase) -> str | None:
    """The form's prefecture field first, then the NLU's entity, then a name in the text."""
    for candidate in (inquiry.prefecture, meaning.prefecture, inquiry.text):
        if candidate:
            match = kb.resolve_prefecture(candidate)
            if match.found:
                return match.prefecture
    return None


def _needs_person(meaning: Interpretation) -> str | None:
    if meaning.wants_person:
        return NEEDS_PERSON_REASONS["wants_person"]
    if not meaning.programs:
        return NEEDS_PERSON_REASONS["no_program"]
    if meaning.unsure or meaning.confidence < MIN_CONFIDENCE:
        return NEEDS_PERSON_REASONS["low_confidence"]
    return None


def error_row(error: RowError) -> Routed:
    """A bad input row stays in the output, marked, so nothing is lost silently."""
    return Routed(
        id=error.id,
        line=error.line,
        needs_person=True,
        needs_person_reason=NEEDS_PERSON_REASONS["input_error"],
        error=error.message,
    )


class Triage:
    """The trained model and the knowledge base, loaded once per process."""

    def __init__(self, model_path: Path | str | None = None) -> None:
        _quiet_rasa()
        from rasa.core.agent import Agent

        path = Path(model_path or os.environ.get("DESK_MODEL") or _root() / "models")
        if not path.exists():
            raise FileNotFoundError(
                f"{path} にモデルがありません。先に make train を実行してください。"
            )
        self.agent = Agent.load(str(path))
        if not self.agent.is_ready():
            raise RuntimeError(f"{path} のモデルを読み込めませんでした。")
        self.kb = get_knowledge_base()

    async def warm_up(self) -> None:
        """The first parse builds TensorFlow's graph; do it before timing real ones."""
        await self.agent.parse_message("こんにちは")

    async def route(self, inquiry: Inquiry) -> Routed:
        parse = await self.agent.parse_message(inquiry.text)
        return route_parse(inquiry, parse, self.kb)

    async def route_all(self, inquiries: list[Inquiry], progress: bool = False) -> list[Routed]:
        """Route in order; the progress bar shows rate and ETA on a terminal only."""
        from tqdm import tqdm

        results = []
        with tqdm(total=len(inquiries), unit="件", disable=not progress, file=sys.stderr) as bar:
            for inquiry in inquiries:
                results.append(await self.route(inquiry))
                bar.update(1)
        return results


def write_csv(path: Path, rows: list[Routed]) -> None:
    """UTF-8 with BOM, so Excel opens the Japanese columns correctly."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=OUTPUT_COLUMNS)
        writer.writeheader()
        for row in sorted(rows, key=lambda r: r.line):
            writer.writerow(row.to_row())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m desk.triage",
        description="Route inquiries (CSV or JSON Lines) to programs and desks.",
    )
    parser.add_argument("input", type=Path, help="inquiries.csv or inquiries.jsonl")
    parser.add_argument("-o", "--output", type=Path, required=True, help="routed.csv to write")
    parser.add_argument("--model", type=Path, default=None, help="model file or directory")
    args = parser.parse_args(argv)
    try:
        batch = read_inquiries(args.input)
    except InputFileError as error:
        print(f"エラー：{error}", file=sys.stderr)
        return 2
    for problem in batch.errors:
        print(
            f"{problem.line}行目（{problem.id}）：{problem.message}この行は飛ばしました。",
            file=sys.stderr,
        )
    if batch.encoding != "utf-8":
        print("Shift_JIS（Excel）のファイルとして読み込みました。", file=sys.stderr)
    started = time.monotonic()
    try:
        triage = Triage(args.model)
    except (FileNotFoundError, RuntimeError) as error:
        print(f"エラー：{error}", file=sys.stderr)
        return 2
    asyncio.run(triage.warm_up())
    loaded = time.monotonic()
    routed = asyncio.run(triage.route_all(batch.inquiries, progress=sys.stderr.isatty()))
    elapsed = time.monotonic() - loaded
    write_csv(args.output, routed + [error_row(e) for e in batch.errors])
    rate = len(routed) / elapsed if elapsed > 0 else 0.0
    print(
        f"{len(routed)}件を振り分け、{args.output} に書き出しました"
        f"（モデル読み込み {loaded - started:.1f}秒、{rate:.1f}件/秒）。"
        + (f"読み取れなかった行：{len(batch.errors)}件。" if batch.errors else ""),
        file=sys.stderr,
    )
    return 1 if batch.errors else 0


def _quiet_rasa() -> None:
    """Rasa's debug logs carry message text; keep them off (rules: no user text in logs)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    warnings.filterwarnings("ignore", category=UserWarning)
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    for name in ("rasa", "tensorflow", "absl", "sanic"):
        logging.getLogger(name).setLevel(logging.WARNING)


def _root() -> Path:
    return Path(__file__).resolve().parents[1]


if __name__ == "__main__":
    sys.exit(main())
