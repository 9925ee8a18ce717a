"""Urgency of an inquiry: high for a warning letter, lawsuit, customs seizure or a deadline.

A keyword rule, not the NLU: the desk needs the same answer for the same words, and the
reason must be explainable in one word on the queue page.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

HIGH = "high"
NORMAL = "normal"

# (reason shown to the desk, pattern); the first match names the reason.
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "警告状",
        re.compile(
            r"警告(状|書|文|レター)|(催告|通告)(書|状)|cease\s*and\s*desist"
            r"|侵害(だ|である)と(の)?(通知|連絡|指摘)"
        ),
    ),
    (
        "訴訟",
        re.compile(
            r"訴訟を(起こ|提起)され|訴え(られ|を起こされ)|提訴され|裁判を起こされ|訴状|被告"
            r"|損害賠償(を)?請求され"
        ),
    ),
    (
        "税関差止め",
        re.compile(r"税関.{0,12}(差し?止|止め|押収|没収|留置|保留|差押)|(差し?止|押収|没収)され"),
    ),
    (
        "期限",
        re.compile(
            r"(\d{1,2}月\d{1,2}日|\d+日後|明日|明後日|あさって|今週|来週|今月|月末|週明け)"
            r"(中|末)?(まで|までに|が期限|が締め?切り?|が〆切)"
            r"|(回答|返答|応答|対応|反論|答弁)(の)?期限"
            r"|期限(が|は)?(迫|近|せま)"
            r"|\d+日以内に(回答|返答|対応|連絡)"
            r"|至急|大至急|急ぎ(で|の)|急いで"
        ),
    ),
)


@dataclass(frozen=True)
class Urgency:
    """``level`` is high or normal; ``reason`` says why, for the desk (None when normal)."""

    level: str
    reason: str | None = None


def assess_urgency(texts: list[str] | str) -> Urgency:
    """High when any text names a warning letter, lawsuit, customs seizure or a deadline."""
    items = [texts] if isinstance(texts, str) else texts
    for raw in items:
        text = unicodedata.normalize("NFKC", raw or "")
        for reason, pattern in _RULES:
            if pattern.search(text):
                return Urgency(HIGH, reason)
    return Urgency(NORMAL)
