"""Parse yen amounts as users type them: 100万円, 150万, 3,000,000円, 1億2000万円."""

from __future__ import annotations

import re
import unicodedata

_UNITS = {"億": 100_000_000, "万": 10_000, "千": 1_000}
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*(億|万|千)?")


def parse_yen(text: str | None) -> int | None:
    """Return the amount in yen, or None when ``text`` holds no amount."""
    if not text:
        return None
    normalized = unicodedata.normalize("NFKC", text).replace(",", "").replace("，", "")
    total = 0.0
    found = False
    for number, unit in _PART.findall(normalized):
        found = True
        total += float(number) * _UNITS.get(unit, 1)
    if not found or total <= 0:
        return None
    return int(round(total))
