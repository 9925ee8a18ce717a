"""What a message is about, beyond its intent: the programs it names and the aspect it asks.

「冒認商標の支援って補助率いくつ？」 is one sentence with a program (冒認) and an aspect
(補助率). Whichever of the two the classifier picked as the intent, the answer is the
program's 補助率. A program named in the message wins over the one discussed before.
"""

from __future__ import annotations

from typing import Any, Optional

from actions.intent_map import ASPECT_CUES, FOLLOWUP_ASPECTS, INTENT_TO_PROGRAM
from actions.mentions import programs_in_message
from knowledge.text import normalize

MAX_PROGRAMS_PER_ANSWER = 2


def aspect_asked(text: str) -> Optional[str]:
    """The aspect whose cue comes first in the text (補助率, 上限, 締切 …), or None."""
    folded = normalize(text or "")
    best: tuple[int, str] | None = None
    for cue, aspect in ASPECT_CUES:
        position = folded.find(normalize(cue))
        if position >= 0 and (best is None or position < best[0]):
            best = (position, aspect)
    return best[1] if best else None


# Below this, a situation the message does not name gives way to the programs it names
# (「INPITの中間手続の補助」 read as INPIT's filing subsidy is about 中間手続).
SITUATION_TRUSTED = 0.7


def programs_for_situation(
    intent: str, latest_message: dict[str, Any], confidence: float = 1.0
) -> list[str]:
    """The situation's program first, then other programs the message names (at most 2).

    「中国で商標を勝手に出願されて、模倣品も出回っている」: 冒認 from the situation,
    模倣品 named beside it.
    """
    named = programs_in_message(latest_message)
    situation = INTENT_TO_PROGRAM.get(intent)
    if not named:
        return [situation] if situation else []
    if situation in named or confidence < SITUATION_TRUSTED:
        return named[:MAX_PROGRAMS_PER_ANSWER]
    # A confident situation the message does not name, beside a named program: both,
    # the one the user named first (「INPITの補助金、翻訳費は？」 read as 海外出願).
    return list(dict.fromkeys([*named, situation]))[:MAX_PROGRAMS_PER_ANSWER]


def programs_for_aspect(latest_message: dict[str, Any], current: Optional[str]) -> list[str]:
    """Programs the aspect question is about: those it names, else the one discussed."""
    named = programs_in_message(latest_message)
    if named:
        return named[:MAX_PROGRAMS_PER_ANSWER]
    return [current] if current else []


def aspect_of(intent: str, text: str) -> Optional[str]:
    """The aspect an intent asks, or the one a program question carries in its words."""
    return FOLLOWUP_ASPECTS.get(intent) or aspect_asked(text)
