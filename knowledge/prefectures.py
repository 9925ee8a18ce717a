"""The 47 prefectures (plus 千葉市) and name matching.

The names, readings and regions are fixed reference data, so they live in
code; what varies by fiscal year (who runs the program where) lives in
``data/organizations.yml``. Regions follow the brochure's 局 column (for
example 新潟県 is 関東 and 福井県 is 近畿); 沖縄県 is counted in 九州.

千葉市 has its own implementing organization beside 千葉県's, so it is an
area of its own: 「千葉市」 never resolves to 千葉県.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.text import normalize

REGIONS: tuple[str, ...] = (
    "北海道",
    "東北",
    "関東",
    "中部",
    "近畿",
    "中国",
    "四国",
    "九州",
)


@dataclass(frozen=True)
class Area:
    """A place that has (or lacks) its own implementing organization."""

    name: str  # official name, e.g. 大阪府 or 千葉市
    kana: str  # reading in hiragana, e.g. おおさかふ
    region: str
    parent: str | None = None  # the prefecture a city belongs to

    @property
    def is_prefecture(self) -> bool:
        return self.parent is None


# JIS X 0401 order: name, reading, region.
_PREFECTURE_TABLE: tuple[tuple[str, str, str], ...] = (
    ("北海道", "ほっかいどう", "北海道"),
    ("青森県", "あおもりけん", "東北"),
    ("岩手県", "いわてけん", "東北"),
    ("宮城県", "みやぎけん", "東北"),
    ("秋田県", "あきたけん", "東北"),
    ("山形県", "やまがたけん", "東北"),
    ("福島県", "ふくしまけん", "東北"),
    ("茨城県", "いばらきけん", "関東"),
    ("栃木県", "とちぎけん", "関東"),
    ("群馬県", "ぐんまけん", "関東"),
    ("埼玉県", "さいたまけん", "関東"),
    ("千葉県", "ちばけん", "関東"),
    ("東京都", "とうきょうと", "関東"),
    ("神奈川県", "かながわけん", "関東"),
    ("新潟県", "にいがたけん", "関東"),
    ("富山県", "とやまけん", "中部"),
    ("石川県", "いしかわけん", "中部"),
    ("福井県", "ふくいけん", "近畿"),
    ("山梨県", "やまなしけん", "関東"),
    ("長野県", "ながのけん", "関東"),
    ("岐阜県", "ぎふけん", "中部"),
    ("静岡県", "しずおかけん", "関東"),
    ("愛知県", "あいちけん", "中部"),
    ("三重県", "みえけん", "中部"),
    ("滋賀県", "しがけん", "近畿"),
    ("京都府", "きょうとふ", "近畿"),
    ("大阪府", "おおさかふ", "近畿"),
    ("兵庫県", "ひょうごけん", "近畿"),
    ("奈良県", "ならけん", "近畿"),
    ("和歌山県", "わかやまけん", "近畿"),
    ("鳥取県", "とっとりけん", "中国"),
    ("島根県", "しまねけん", "中国"),
    ("岡山県", "おかやまけん", "中国"),
    ("広島県", "ひろしまけん", "中国"),
    ("山口県", "やまぐちけん", "中国"),
    ("徳島県", "とくしまけん", "四国"),
    ("香川県", "かがわけん", "四国"),
    ("愛媛県", "えひめけん", "四国"),
    ("高知県", "こうちけん", "四国"),
    ("福岡県", "ふくおかけん", "九州"),
    ("佐賀県", "さがけん", "九州"),
    ("長崎県", "ながさきけん", "九州"),
    ("熊本県", "くまもとけん", "九州"),
    ("大分県", "おおいたけん", "九州"),
    ("宮崎県", "みやざきけん", "九州"),
    ("鹿児島県", "かごしまけん", "九州"),
    ("沖縄県", "おきなわけん", "九州"),
)

PREFECTURES: tuple[Area, ...] = tuple(
    Area(name, kana, region) for name, kana, region in _PREFECTURE_TABLE
)
CITIES: tuple[Area, ...] = (Area("千葉市", "ちばし", "関東", parent="千葉県"),)
AREAS: dict[str, Area] = {area.name: area for area in PREFECTURES + CITIES}

_KANJI = re.compile(r"[\u4e00-\u9fff]")
_MIN_KANA_PREFIX = 3  # shorter readings (なら, さが, しが) are too often other words


def _short_forms(area: Area) -> tuple[str, str]:
    """Name and reading without 都/府/県 (北海道 and cities keep theirs)."""
    if not area.is_prefecture or area.name == "北海道":
        return area.name, area.kana
    suffix_reading = {"都": "と", "府": "ふ", "県": "けん"}[area.name[-1]]
    return area.name[:-1], area.kana.removesuffix(suffix_reading)


def _build_keys() -> dict[str, Area]:
    keys: dict[str, Area] = {}
    for area in AREAS.values():
        for form in (area.name, area.kana, *_short_forms(area)):
            keys[normalize(form)] = area
    return keys


_KEYS: dict[str, Area] = _build_keys()


def match_area(query: str) -> Area | None:
    """Find the area a user means, or None.

    Exact forms first (大阪, 大阪府, おおさか, ｵｵｻｶ). Then a name written in
    kanji anywhere in the text (「大阪府の会社です」, 「千葉市中央区」), taking
    the earliest and then the longest, so 東京都 beats 京都 and 千葉市 beats
    千葉. Then a reading at the start of the text (「おおさかです」).
    """
    key = normalize(query)
    if not key:
        return None
    if key in _KEYS:
        return _KEYS[key]
    best: tuple[int, int, Area] | None = None
    for form, area in _KEYS.items():
        if len(form) < 2 or not _KANJI.search(form):
            continue
        position = key.find(form)
        if position < 0:
            continue
        rank = (position, -len(form), area)
        if best is None or rank[:2] < best[:2]:
            best = rank
    if best is not None:
        return best[2]
    prefixes = [
        form
        for form in _KEYS
        if len(form) >= _MIN_KANA_PREFIX and not _KANJI.search(form) and key.startswith(form)
    ]
    if prefixes:
        return _KEYS[max(prefixes, key=len)]
    return None
