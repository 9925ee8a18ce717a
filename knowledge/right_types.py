"""Right types (特許, 実用新案, 意匠, 商標, 冒認対策商標) and their synonyms.

Caps are stored per right type under these English keys, so the keys are
fixed in code; the Japanese labels and the words users type for each type
are kept next to them.
"""

from __future__ import annotations

from typing import Literal, get_args

from knowledge.text import normalize

RightType = Literal[
    "patent",
    "utility_model",
    "design",
    "trademark",
    "anti_squatting_trademark",
]
RIGHT_TYPES: tuple[str, ...] = get_args(RightType)

LABELS: dict[str, str] = {
    "patent": "特許",
    "utility_model": "実用新案",
    "design": "意匠",
    "trademark": "商標",
    "anti_squatting_trademark": "冒認対策商標",
}

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "patent": ("特許", "特許権", "特許出願", "発明", "とっきょ", "patent"),
    "utility_model": (
        "実用新案",
        "実用新案権",
        "実用新案登録出願",
        "実案",
        "じつようしんあん",
        "utility model",
    ),
    "design": (
        "意匠",
        "意匠権",
        "意匠登録出願",
        "デザイン",
        "いしょう",
        "design",
    ),
    "trademark": (
        "商標",
        "商標権",
        "商標登録出願",
        "ブランド",
        "ブランド名",
        "ロゴ",
        "マーク",
        "しょうひょう",
        "trademark",
    ),
    "anti_squatting_trademark": (
        "冒認対策商標",
        "冒認対策",
        "冒認対策出願",
        "抜け駆け対策",
        "抜け駆け対策出願",
        "商標の抜け駆け対策出願",
        "ぼうにんたいさくしょうひょう",
    ),
}

_INDEX: dict[str, str] = {
    normalize(word): key for key, words in _SYNONYMS.items() for word in (key, *words)
}


def normalize_right_type(text: str) -> str | None:
    """Map what a user typed (ブランド, デザイン, 特許権 …) to a right-type key."""
    return _INDEX.get(normalize(text))


def right_type_label(key: str) -> str:
    """Japanese label for a right-type key; raises KeyError for unknown keys."""
    return LABELS[key]


# Names that contain a right's word but are institutions, not rights (特許庁, 特許事務所).
_NOT_RIGHTS = tuple(normalize(w) for w in ("特許庁", "特許事務所", "特許業務法人", "特許事務"))


def rights_named(text: str) -> set[str]:
    """The right types a message names in its own words (特許, ロゴ, デザイン …)."""
    folded = normalize(text or "")
    for name in _NOT_RIGHTS:
        folded = folded.replace(name, "")
    return {key for word, key in _INDEX.items() if word and word in folded}
