"""Dates as users write them in a question: 2025年5月, 去年の8月, 半年前, or in the era.

Why our own parser: the one maintained library for Japanese temporal expressions on PyPI
(ja-timex) pins a pre-release of pendulum and does not resolve 「去年の5月」 against a
given day; the forms users write about a filing date are few and are listed here.
Results are relative to a given ``today``, so answers and tests agree on the date.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Optional

_KANJI_DIGITS = {
    "〇": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_SEASON_MONTH = {"春": 4, "夏": 7, "秋": 10, "冬": 1}


@dataclass(frozen=True)
class MentionedDate:
    """A date in the question; ``day`` is None when only the month is known."""

    year: int
    month: int
    day: Optional[int] = None

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, self.day or 1)


def _kanji_number(text: str) -> str:
    """十二 → 12, 五 → 5 (up to 99), so the patterns below only see digits."""

    def convert(match: re.Match[str]) -> str:
        chars = match.group(0)
        if "十" in chars:
            tens, _, ones = chars.partition("十")
            value = (_KANJI_DIGITS.get(tens, 1) if tens else 1) * 10
            return str(value + (_KANJI_DIGITS.get(ones, 0) if ones else 0))
        return "".join(str(_KANJI_DIGITS[c]) for c in chars)

    return re.sub(r"[〇一二三四五六七八九十]+(?=[年月日か箇ヶカケ週])", convert, text)


def _normalise(text: str) -> str:
    return _kanji_number(unicodedata.normalize("NFKC", text)).replace("元年", "1年")


def _month_add(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _valid(year: int, month: int, day: Optional[int]) -> Optional[MentionedDate]:
    try:
        date(year, month, day or 1)
    except ValueError:
        return None
    return MentionedDate(year, month, day)


def _latest_past(today: date, month: int, day: Optional[int]) -> Optional[MentionedDate]:
    """「5月10日」 without a year: the most recent such day up to today."""
    year = today.year if (month, day or 1) <= (today.month, today.day) else today.year - 1
    return _valid(year, month, day)


_PATTERNS: tuple[tuple[str, str], ...] = (
    ("era", r"({eras})(\d{{1,2}})年(\d{{1,2}})月(?:(\d{{1,2}})日)?"),
    ("ymd", r"(\d{4})\s*[年/.\-]\s*(\d{1,2})\s*[月/.\-]?\s*(?:(\d{1,2})\s*日?)?"),
    (
        "relative_year",
        r"(一昨年|おととし|去年|昨年|前年|今年|本年)(?:の)?(\d{1,2})月(?:(\d{1,2})日)?",
    ),
    ("season", r"(一昨年|おととし|去年|昨年|前年|今年|本年)(?:の)?(春|夏|秋|冬)"),
    ("months_ago", r"(\d{1,2}|半)\s*(?:か|ヶ|ケ|カ|箇|ヵ)?(月|年)(?:ほど|くらい|ぐらい)?前"),
    ("last_month", r"(先月|今月|先々月)"),
    ("md", r"(\d{1,2})月(?:(\d{1,2})日)?"),
)
_YEAR_OFFSET = {
    "一昨年": -2,
    "おととし": -2,
    "去年": -1,
    "昨年": -1,
    "前年": -1,
    "今年": 0,
    "本年": 0,
}


def find_date(text: str, today: date, eras: dict[str, int]) -> Optional[MentionedDate]:
    """The first date the text mentions, resolved against ``today``, or None.

    ``eras`` maps an era name to its first year (knowledge/ holds the era, so that the
    next one is a data edit).
    """
    normalised = _normalise(text or "")
    for kind, pattern in _PATTERNS:
        if kind == "era":
            if not eras:
                continue
            pattern = pattern.format(eras="|".join(map(re.escape, eras)))
        match = re.search(pattern, normalised)
        if match:
            found = _resolve(kind, match, today, eras)
            if found is not None:
                return found
    return None


def _resolve(
    kind: str, match: re.Match[str], today: date, eras: dict[str, int]
) -> Optional[MentionedDate]:
    groups = match.groups()
    if kind == "era":
        day = int(groups[3]) if groups[3] else None
        return _valid(eras[groups[0]] + int(groups[1]) - 1, int(groups[2]), day)
    if kind == "ymd":
        day = int(groups[2]) if groups[2] else None
        return _valid(int(groups[0]), int(groups[1]), day)
    if kind == "relative_year":
        day = int(groups[2]) if groups[2] else None
        return _valid(today.year + _YEAR_OFFSET[groups[0]], int(groups[1]), day)
    if kind == "season":
        return _valid(today.year + _YEAR_OFFSET[groups[0]], _SEASON_MONTH[groups[1]], None)
    if kind == "months_ago":
        if groups[0] == "半":  # 半年前 = 6 months; 半月前 is too vague to count
            months = 6 if groups[1] == "年" else 0
        else:
            months = int(groups[0]) * (12 if groups[1] == "年" else 1)
        year, month = _month_add(today.year, today.month, -months)
        return _valid(year, month, None)
    if kind == "last_month":
        back = {"今月": 0, "先月": 1, "先々月": 2}[groups[0]]
        year, month = _month_add(today.year, today.month, -back)
        return _valid(year, month, None)
    day = int(groups[1]) if groups[1] else None
    return _latest_past(today, int(groups[0]), day)


def add_months(start: MentionedDate, months: int) -> MentionedDate:
    """The same day ``months`` later (the month's last day when it has no such day)."""
    year, month = _month_add(start.year, start.month, months)
    if start.day is None:
        return MentionedDate(year, month, None)
    day = start.day
    while day > 28:
        try:
            date(year, month, day)
            break
        except ValueError:
            day -= 1
    return MentionedDate(year, month, day)


def japanese(value: MentionedDate) -> str:
    """2026年5月10日, or 2026年5月 when the day is not known."""
    text = f"{value.year}年{value.month}月"
    return text + f"{value.day}日" if value.day else text
