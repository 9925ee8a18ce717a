"""Text normalisation shared by every lookup.

Users type the same word in many shapes: full- or half-width, katakana or
hiragana, with or without spaces. Every key the knowledge base indexes and
every query it receives goes through :func:`normalize`, so that 「ｵｵｻｶ」,
「オオサカ」 and 「おおさか」 meet.
"""

from __future__ import annotations

import unicodedata

_KATAKANA_START = 0x30A1  # ァ
_KATAKANA_END = 0x30F6  # ヶ
_KANA_OFFSET = 0x60  # distance from katakana to the matching hiragana


def to_hiragana(text: str) -> str:
    """Fold katakana to hiragana; the prolonged sound mark ー is kept."""
    return "".join(
        chr(ord(ch) - _KANA_OFFSET) if _KATAKANA_START <= ord(ch) <= _KATAKANA_END else ch
        for ch in text
    )


def normalize(text: str) -> str:
    """Return the lookup key for ``text``.

    NFKC (width, compatibility forms), then case folding, then katakana to
    hiragana, then all whitespace removed.
    """
    folded = to_hiragana(unicodedata.normalize("NFKC", text).casefold())
    return "".join(folded.split())
