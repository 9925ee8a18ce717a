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

# A warning letter, lawsuit or seizure only counts when it has happened: 「訴えられた場合に
# 備えて」, 「まだ警告状は来ていません」 and 「警告状を送りたい」 are not urgent.
_NOT_HAPPENED = re.compile(
    r"[^。\n]{0,12}?(場合|たら|備え|可能性|心配|ません|ていない|てない|ないか|送り|送付|出し)"
)
_WARNING = (
    r"(警告|けいこく)(状|書|文|じょう|しょ)|(催告|通告)(書|状)|cease\s*and\s*desist"
    r"|侵害.{0,12}(申し立て|申立て?|クレーム|通報|通知|指摘)|侵害だ(と|って)"
)
_LAWSUIT = (
    r"訴訟を(起こ|提起)され|訴え(られ|を起こされ)|提訴され|裁判を起こされ|訴状|被告"
    r"|損害賠償(を)?請求され|(そしょう|さいばん)"
)
_SEIZURE = r"税関.{0,12}(差し?止|止め|押収|没収|留置|保留|差押)|(差し?止|押収|没収)され"
_WHEN = (
    r"(\d{1,2}月\d{1,2}日|\d{1,2}月(末|上旬|中旬|下旬)?|\d+日後|今日|本日|明日|明後日|あさって"
    r"|今週|来週|今月|来月|来年\d{0,2}月?|年内|月末|週明け)"
)
_DEADLINE = (
    rf"{_WHEN}(中|末|の?[^。\n、]{{0,4}}曜日?)?(まで|までに|が期限|が締め?切り?|が〆切)"
    rf"|(期限|締め?切り?|〆切)(日)?(は|が)?{_WHEN}"
    rf"|{_WHEN}(が|は)?(期限|締め?切り?|〆切)"
    r"|(回答|返答|応答|対応|反論|答弁)(の)?期限|優先(権)?期限|移行期限"
    r"|期限(が|は)?(迫|近|せま)|\d+(営業)?日以内に|あと\d+日"
    r"|至急|大至急|急ぎ(で|の)|急いで|今すぐ"
)
# (reason shown to the desk, pattern, whether it must have happened); first match wins.
_RULES: tuple[tuple[str, re.Pattern[str], bool], ...] = (
    ("警告状", re.compile(_WARNING), True),
    ("訴訟", re.compile(_LAWSUIT), True),
    ("税関差止め", re.compile(_SEIZURE), True),
    ("期限", re.compile(_DEADLINE), False),
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
        for reason, pattern, must_have_happened in _RULES:
            for match in pattern.finditer(text):
                if must_have_happened and _NOT_HAPPENED.match(text, match.end()):
                    continue
                return Urgency(HIGH, reason)
    return Urgency(NORMAL)
