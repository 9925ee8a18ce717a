"""From one NLU parse to programs and details: the single place triage interprets a parse.

The lead will replace this function's body with the bot's shared interpretation layer;
keep every intent/FAQ/entity mapping here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from actions.intent_map import INTENT_TO_PROGRAM
from knowledge import get_knowledge_base
from knowledge.text import normalize

FALLBACK_INTENT = "nlu_fallback"
SECONDARY_MIN_CONFIDENCE = 0.2  # a second topic in the same mail must be this likely
# Intents that are about 海外出願支援事業 though actions.intent_map names no program for
# them: the estimate, the eligibility check, routing by prefecture, and the priority
# deadline (「まだ海外に出せますか」 is a filing question).
FOREIGN_FILING_INTENTS = (
    "ask_subsidy_estimate",
    "start_eligibility_check",
    "inform_prefecture",
    "ask_priority_deadline",
)
# A consultation about going abroad is for INPIT's 海外展開知財支援窓口 (its experts
# visit), not the general 知財総合支援窓口 that actions.intent_map names.
CONSULTATION_INTENT = "ask_consultation"
GENERAL_DESK, OVERSEAS_DESK = "inpit_ip_desk", "overseas_ip_desk"
_ABROAD_CUES = ("海外", "外国", "進出", "輸出", "現地", "向け")


@dataclass
class Interpretation:
    """What a parse says about an inquiry; ``programs`` best first."""

    intent: str | None
    confidence: float
    programs: list[str] = field(default_factory=list)
    prefecture: str | None = None
    right_type: str | None = None
    country: str | None = None
    wants_person: bool = False
    unsure: bool = False


def interpret(parse: dict[str, Any]) -> Interpretation:
    """Intent → program (actions.intent_map), FAQ → its facts' programs, plus entities.

    A fallback parse keeps the best real intent but is marked ``unsure``. Other intents in
    the ranking above SECONDARY_MIN_CONFIDENCE add their programs after the first, since
    one mail often asks about two things.
    """
    kb = get_knowledge_base()
    intent = (parse.get("intent") or {}).get("name")
    confidence = float((parse.get("intent") or {}).get("confidence") or 0.0)
    ranking = [r for r in parse.get("intent_ranking") or [] if r.get("name") != FALLBACK_INTENT]
    unsure = intent == FALLBACK_INTENT
    if unsure and ranking:
        intent, confidence = ranking[0]["name"], float(ranking[0].get("confidence") or 0.0)
    entities = {e.get("entity"): e.get("value") for e in reversed(parse.get("entities") or [])}
    text = normalize(str(parse.get("text") or ""))
    abroad = bool(entities.get("country")) or any(cue in text for cue in _ABROAD_CUES)
    programs: list[str] = []
    if intent == CONSULTATION_INTENT and abroad:
        programs.append(OVERSEAS_DESK)
    elif intent in INTENT_TO_PROGRAM:
        programs.append(INTENT_TO_PROGRAM[intent])
    elif intent in FOREIGN_FILING_INTENTS:
        programs.append("foreign_filing_support")
    elif intent == "faq":
        selector = (parse.get("response_selector") or {}).get("faq") or {}
        response = selector.get("response") or {}
        key = response.get("intent_response_key") or ""
        fact = kb.fact(key.split("/", 1)[-1])
        programs += fact.programs if fact else []
        # The faq intent also absorbs text unlike anything trained (a complaint, a sales
        # pitch): the answer chosen must be as sure as the intent.
        confidence = min(confidence, float(response.get("confidence") or 0.0))
    for entry in ranking[1:]:
        name = entry.get("name")
        likely = float(entry.get("confidence") or 0.0) >= SECONDARY_MIN_CONFIDENCE
        if likely and name in INTENT_TO_PROGRAM:
            programs.append(INTENT_TO_PROGRAM[name])
    return Interpretation(
        intent=intent,
        confidence=round(confidence, 3),
        programs=list(dict.fromkeys(programs)),
        prefecture=entities.get("prefecture"),
        right_type=entities.get("right_type"),
        country=entities.get("country"),
        wants_person=intent == "request_human",
        unsure=unsure,
    )
