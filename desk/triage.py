"""Batch triage of inquiries from mail and web forms.

``python -m desk.triage inquiries.csv|jsonl -o routed.csv`` loads the trained model once,
in-process, parses each inquiry and writes the program(s), the organization and phone to
route it to, the urgency, the confidence and whether a person must handle it. The desk
app's ``POST /api/triage`` calls the same ``Triage.route``.
"""

from __future__ import annotations

import argparse
import csv
import logging
import os
import re
import sys
import time
import warnings
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from actions.mentions import programs_named
from actions.scope import domestic_case, domestic_only
from desk.interpret import GENERAL_DESK, Interpretation, interpret
from desk.masking import EMAIL_PATTERN as _EMAIL
from desk.masking import PHONE_PATTERN as _PHONE
from desk.triage_input import InputFileError, Inquiry, RowError, read_inquiries
from desk.urgency import assess_urgency
from knowledge import KnowledgeBase, get_knowledge_base
from knowledge.text import normalize

logger = logging.getLogger(__name__)

FOREIGN_FILING = "foreign_filing_support"
SURE = 0.6  # a sentence's NLU intent votes only when at least this confident
KEYWORD_VOTE = 1.0  # a sentence's knowledge-base keyword match counts like a sure intent
# A program the sentence names (its name or an alias from knowledge/, as the bot reads
# them) outweighs what the classifier guessed from the situation.
NAMED_VOTE = 2.0
# 「相談できる窓口は？」 is in almost every mail; the general desk's keywords ("相談",
# "窓口") say little about which program the mail is about.
GENERAL_DESK_SHARE = 0.5
# 「米国で商標を出すと1件いくらまで補助？」: a right, a country and a subsidy cue in one
# sentence ask about the filing subsidy, whichever aspect the classifier heard.
_SUBSIDY_CUES = ("補助", "助成", "subsidy")
_FILING_CUES = ("出願", "出す", "出し", "登録したい", "取りたい", "取得したい", "file", "apply")
_SENTENCE_END = re.compile(r"(?<=[。！？!?\n])")
_MIN_SENTENCE = 4
BATCH_SENTENCES = 64  # sentences per NLU graph run in batch triage
UNIT_CHARS = 60  # short sentences are joined up to this length before parsing
_BOILERPLATE = re.compile(
    r"^(お世話になって|いつもお世話|平素より|ご担当者?様|よろしくお願い|何卒|突然のご連絡|以上"
    r"|お忙しい|.*御中$|.*ご担当者様$)"
)
SIGNATURE_CHARS = 25
_CONTACT_LABELS = re.compile(r"(TEL|Tel|tel|Mail|mail|E-mail|メール|電話|携帯)[:：]?|[/／|｜―─\-]+")
_SELF_INTRODUCTION = re.compile(
    r"^.*(株式会社|有限会社|合同会社|（株）|\(株\)).*(です|と申します|でございます)[。.]?$"
)
NEEDS_PERSON_REASONS = {
    "wants_person": "相談員との会話を希望",
    "no_program": "該当する制度を特定できません",
    "low_confidence": "判定の確信度が低い",
    "input_error": "入力を読み取れません",
    "domestic": "国内の案件で、海外向けの支援制度の対象外の可能性があります",
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


def route_parses(inquiry: Inquiry, parses: list[dict[str, Any]], kb: KnowledgeBase) -> Routed:
    """Routing for one inquiry from the parses of its sentences (pure: no model, no I/O).

    A mail often has greetings and several questions, which one parse of the whole text
    blurs. Each sentence votes: its NLU program (weighted by confidence, when sure), the
    programs it names (weight 2) and the knowledge base's situation-keyword match
    (weight 1); a sentence with none of them but a right, a country and 補助 votes for
    the filing subsidy. The programs are ranked by votes; ``confidence`` is the top
    program's share of all votes. When nothing votes, the likeliest program of any
    sentence is kept as a guess and a person must check it.
    """
    votes: Counter[str] = Counter()
    meanings = [interpret(parse) for parse in parses]
    for parse, meaning in zip(parses, meanings, strict=False):
        sentence: Counter[str] = Counter()
        if meaning.programs and not meaning.unsure and meaning.confidence >= SURE:
            sentence[meaning.programs[0]] += meaning.confidence
        text = str(parse.get("text") or "")
        for program_id in programs_named([text]):
            sentence[program_id] += NAMED_VOTE
        found = kb.find_programs(text)
        if found:
            general = found[0].id == GENERAL_DESK
            sentence[found[0].id] += KEYWORD_VOTE * (GENERAL_DESK_SHARE if general else 1)
        # Only where nothing else spoke: 「模倣品の調査費の補助」 is not a filing question.
        if not sentence and filing_subsidy_asked(text, parse.get("entities") or []):
            sentence[FOREIGN_FILING] += KEYWORD_VOTE
        votes.update(sentence)
    guessed = not votes
    if guessed:
        # Nothing sure: the likeliest program of any sentence, for a person to check.
        best = max((m for m in meanings if m.programs), key=lambda m: m.confidence, default=None)
        if best is not None:
            votes[best.programs[0]] = best.confidence
    prefecture = _prefecture(inquiry, meanings, kb)
    ranked = [p for p, _ in votes.most_common()]
    programs = _prefer_prefecture_alternative(ranked, prefecture, kb)
    total = sum(votes.values()) if not guessed else 1.0
    # The alternative to 海外出願支援事業 stands in for it, with its votes.
    top_votes = votes[ranked[0]] if ranked else 0.0
    urgency = assess_urgency(inquiry.text)
    routed = Routed(
        id=inquiry.id,
        line=inquiry.line,
        programs=programs,
        program_names=[p.name for p in map(kb.program, programs) if p is not None],
        prefecture=prefecture,
        urgency=urgency.level,
        urgency_reason=urgency.reason,
        confidence=round(top_votes / total, 3) if programs else 0.0,
    )
    if programs:
        routed.organization, routed.phone = handler(programs[0], prefecture, kb)
    entities = [e for parse in parses for e in parse.get("entities") or []]
    reason = _needs_person(meanings, programs, routed.organization, guessed)
    if reason is None and (
        domestic_only(inquiry.text, entities) or domestic_case(programs, inquiry.text, entities)
    ):
        reason = NEEDS_PERSON_REASONS["domestic"]
    routed.needs_person, routed.needs_person_reason = reason is not None, reason
    return routed


def filing_subsidy_asked(text: str, entities: list[dict[str, Any]]) -> bool:
    """A right and a country named beside a subsidy cue and a wish to file."""
    kinds = {e.get("entity") for e in entities}
    folded = normalize(text).lower()
    return (
        {"right_type", "country"} <= kinds
        and any(cue in folded for cue in _SUBSIDY_CUES)
        and any(cue in folded for cue in _FILING_CUES)
    )


def _is_signature(piece: str) -> bool:
    """A sign-off: contact details with little else (「株式会社関刃研 長谷川 090-…」), or a
    self-introduction (「株式会社○○の渡辺です。」). The classifier reads these as FAQ
    questions with high confidence, so they must not vote."""
    rest = _CONTACT_LABELS.sub("", _EMAIL.sub("", _PHONE.sub("", piece))).strip()
    if rest != piece.strip() and len(rest) <= SIGNATURE_CHARS:
        return True
    return len(piece) <= SIGNATURE_CHARS * 2 and bool(_SELF_INTRODUCTION.match(piece))


def split_sentences(text: str) -> list[str]:
    """The pieces of an inquiry parsed one by one: its sentences, without greetings and
    sign-offs, with short neighbours joined up to UNIT_CHARS characters.

    Joining short sentences halves the number of parses and, measured on the labelled
    set, does not cost accuracy (one question rarely spans more than 60 characters).
    """
    pieces = [p.strip() for p in _SENTENCE_END.split(text)]
    units: list[str] = []
    for piece in pieces:
        if len(piece) < _MIN_SENTENCE or _BOILERPLATE.match(piece) or _is_signature(piece):
            continue
        if units and len(units[-1]) + len(piece) <= UNIT_CHARS:
            units[-1] += piece
        else:
            units.append(piece)
    return units or [text.strip()]


def _prefer_prefecture_alternative(
    programs: list[str], prefecture: str | None, kb: KnowledgeBase
) -> list[str]:
    """海外出願支援事業 in a prefecture that does not run it: offer its alternative first."""
    if not programs or programs[0] != FOREIGN_FILING or not prefecture:
        return programs
    match = kb.resolve_prefecture(prefecture)
    if not match.found or match.implemented or not match.alternatives:
        return programs
    alternative = match.alternatives[0].id
    return [alternative, *[p for p in programs if p not in (alternative, FOREIGN_FILING)]]


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
    if program is None:
        return None, None
    if not program.contacts:  # e.g. IIPPF: the operator handles it; knowledge/ has no phone
        return program.operator, None
    contact = next((c for c in program.contacts if "申請" in c.purpose), program.contacts[0])
    name = (
        f"{contact.organization} {contact.department}"
        if contact.department
        else contact.organization
    )
    phone = contact.phone + (f"（内線{contact.extension}）" if contact.extension else "")
    return name, phone


def _prefecture(inquiry: Inquiry, meanings: list[Interpretation], kb: KnowledgeBase) -> str | None:
    """The form's prefecture field first, then the NLU's entities, then a name in the text."""
    entities = [m.prefecture for m in meanings if m.prefecture]
    for candidate in (inquiry.prefecture, *entities, inquiry.text):
        if candidate:
            match = kb.resolve_prefecture(candidate)
            if match.found:
                return match.prefecture
    return None


def _needs_person(
    meanings: list[Interpretation], programs: list[str], organization: str | None, guessed: bool
) -> str | None:
    if any(m.wants_person for m in meanings):
        return NEEDS_PERSON_REASONS["wants_person"]
    if not programs or organization is None:
        return NEEDS_PERSON_REASONS["no_program"]
    if guessed:
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
    """The trained model and the knowledge base, loaded once per process.

    Sentences are parsed in one batch per inquiry through the model's NLU graph, the
    same graph ``Agent.parse_message`` runs for one message (results are identical); a
    batch saves the graph's per-run scheduling, which is most of the cost of a short
    sentence.
    """

    def __init__(self, model_path: Path | str | None = None) -> None:
        _quiet_rasa()
        # The bot's own changes to Rasa, among them the FAQ selector run only for the
        # FAQ intent (bot/rasa_patches.py, 6): triage parses as the bot does.
        from bot import rasa_patches

        rasa_patches.apply()
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

    def warm_up(self) -> None:
        """The first parse builds TensorFlow's graph; do it before timing real ones."""
        self.parse_batch(["こんにちは"])

    def parse_batch(self, texts: list[str]) -> list[dict[str, Any]]:
        """NLU parses of ``texts`` in one run of the model's NLU graph."""
        from rasa.core.channels.channel import UserMessage
        from rasa.engine.constants import PLACEHOLDER_MESSAGE, PLACEHOLDER_TRACKER
        from rasa.shared.core.trackers import DialogueStateTracker

        processor = self.agent.processor
        assert processor is not None
        target = processor.model_metadata.nlu_target
        tracker = DialogueStateTracker.from_events("desk-triage", [])
        inputs = {PLACEHOLDER_MESSAGE: [UserMessage(t) for t in texts]}
        results = processor.graph_runner.run(
            inputs={**inputs, PLACEHOLDER_TRACKER: tracker}, targets=[target]
        )
        return [m.as_dict(only_output_properties=True) for m in results[target]]

    def route(self, inquiry: Inquiry) -> Routed:
        parses = self.parse_batch(split_sentences(inquiry.text))
        return route_parses(inquiry, parses, self.kb)

    def route_all(self, inquiries: list[Inquiry], progress: bool = False) -> list[Routed]:
        """Route in order, parsing the sentences of several inquiries per graph run.

        The progress bar (rate and ETA) shows on a terminal only.
        """
        from tqdm import tqdm

        results: list[Routed] = []
        with tqdm(total=len(inquiries), unit="件", disable=not progress, file=sys.stderr) as bar:
            for group in _groups(inquiries):
                sentences = [split_sentences(inquiry.text) for inquiry in group]
                parses = self.parse_batch([s for ss in sentences for s in ss])
                for inquiry, own in zip(group, sentences, strict=True):
                    results.append(route_parses(inquiry, parses[: len(own)], self.kb))
                    parses = parses[len(own) :]
                bar.update(len(group))
        return results


def _groups(inquiries: list[Inquiry], sentences: int = BATCH_SENTENCES) -> list[list[Inquiry]]:
    """Consecutive inquiries with about ``sentences`` sentences per group."""
    groups: list[list[Inquiry]] = [[]]
    count = 0
    for inquiry in inquiries:
        if groups[-1] and count >= sentences:
            groups.append([])
            count = 0
        groups[-1].append(inquiry)
        count += len(split_sentences(inquiry.text))
    return [g for g in groups if g]


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
    triage.warm_up()
    loaded = time.monotonic()
    routed = triage.route_all(batch.inquiries, progress=sys.stderr.isatty())
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
