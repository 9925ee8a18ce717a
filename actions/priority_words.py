"""Is a message a question of time about the priority period? (no Rasa imports: the
action server and the NLU pipeline both ask it)."""

from __future__ import annotations

import re

from knowledge.text import normalize

# Compiled in the folded form the text is matched in (knowledge.text.normalize: NFKC,
# katakana to hiragana), so パリ and ぱり, ６か月 and 6ヶ月 are one.
_PRIORITY = re.compile(normalize(r"優先権|優先期間|優先期限|パリ条約|パリルート"))
_TIME = re.compile(
    normalize(r"いつまで|期限|期間|[0-9一二六十]+[かヵヶケカ箇]?月|[1一]年|過ぎ|すぎ|間に合|遅れ")
)
_SUBSIDY = re.compile(r"補助|助成|支援")


def asks_priority_time(text: str) -> bool:
    """Priority vocabulary beside a question of time, and no word of a subsidy."""
    folded = normalize(text or "")
    return bool(_PRIORITY.search(folded) and _TIME.search(folded)) and not _SUBSIDY.search(folded)
