"""Is a dispute abroad at all? The JETRO programs cover overseas disputes only.

「メルカリで偽物が売られている」 or 「国内の同業者から内容証明が届いた」 look like the
counterfeit or warning-letter programs, but those pay for action abroad; a domestic case
is out of scope (the general IP desk helps). The words are few and stable, so they are
listed here rather than learned; a message that also names a country or 海外 is never
treated as domestic.
"""

from __future__ import annotations

from typing import Any

from knowledge.text import normalize

DISPUTE_PROGRAMS = ("counterfeit_support", "defense_support", "squatting_support")
_DOMESTIC = (
    "日本国内",
    "国内の",
    "国内で",
    "メルカリ",
    "ヤフオク",
    "ヤフーオークション",
    "楽天",
    "amazon.co.jp",
    "アマゾンジャパン",
    "内容証明",
    "日本の税関",
)
_ABROAD = ("海外", "外国", "現地", "国外", "輸出", "越境", "進出")


def domestic_only(text: str, entities: list[dict[str, Any]]) -> bool:
    """The message places the dispute in Japan and nowhere abroad."""
    folded = normalize(text or "")
    if not any(normalize(word) in folded for word in _DOMESTIC):
        return False
    if any(e.get("entity") == "country" for e in entities):
        return False
    return not any(word in folded for word in _ABROAD)
