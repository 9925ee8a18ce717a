"""NFKC normalisation that remembers where every character came from.

Sudachi and the featurizers see NFKC text (so ｶﾞｲｺｸ and ガイコク meet), but Rasa's
entity spans refer to the text the user typed. The offset map lets the tokenizer report
each token's start and end on the original string.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class NormalizedText:
    """NFKC text plus, for every normalised character, its span in the original."""

    original: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original_span(self, begin: int, end: int) -> tuple[int, int]:
        """Map a [begin, end) span of the normalised text back to the original."""
        if begin >= end:
            position = self.starts[begin] if begin < len(self.starts) else len(self.original)
            return position, position
        return self.starts[begin], self.ends[end - 1]


def _is_combining_after_nfkc(char: str) -> bool:
    # Half-width voiced marks (ﾞ ﾟ) normalise to combining marks that merge with the
    # previous character, so they must be normalised together with it.
    return any(unicodedata.combining(c) for c in unicodedata.normalize("NFKC", char))


def normalize(original: str) -> NormalizedText:
    """NFKC-normalise ``original`` chunk by chunk, keeping an offset map."""
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    length = len(original)
    while i < length:
        j = i + 1
        while j < length and _is_combining_after_nfkc(original[j]):
            j += 1
        normalized = unicodedata.normalize("NFKC", original[i:j])
        pieces.append(normalized)
        starts.extend([i] * len(normalized))
        ends.extend([j] * len(normalized))
        i = j
    return NormalizedText(original, "".join(pieces), tuple(starts), tuple(ends))
