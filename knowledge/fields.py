"""Field types for the YAML data, strict on purpose.

A typo in a figure must fail at load rather than reach a user, so rates must be
written as "1/2", yen as plain integers, dates as ISO dates and phone numbers
in the brochure's hyphenated form. Each type yields one clear message.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from datetime import date, datetime
from fractions import Fraction
from typing import Any

_RATE = re.compile(r"(\d+)\s*/\s*(\d+)")
_PHONE = re.compile(r"0\d{1,4}(-\d{1,6}){1,2}")
_URL = re.compile(r"https?://[^\s/]+\.[^\s]+")
_IDENTIFIER = re.compile(r"[a-z][a-z0-9_]*")

Validator = Callable[[Any], Any]


class Rate(Fraction):
    """A rate written as a string such as "1/2"; loaded as a ``Fraction``."""

    @classmethod
    def __get_validators__(cls) -> Iterator[Validator]:
        yield cls.validate

    @classmethod
    def validate(cls, value: Any) -> Fraction:
        if isinstance(value, Fraction):
            rate = value
        elif isinstance(value, str):
            match = _RATE.fullmatch(unicodedata.normalize("NFKC", value).strip())
            if not match or int(match.group(2)) == 0:
                raise ValueError(f'rate must look like "1/2", got {value!r}')
            rate = Fraction(int(match.group(1)), int(match.group(2)))
        else:
            raise TypeError(f'rate must be a quoted string like "1/2", got {value!r}')
        if not 0 < rate <= 1:
            raise ValueError(f"rate must be between 0 and 1, got {value!r}")
        return rate


class Yen(int):
    """An amount in yen as a plain integer (3000000, not "300万円")."""

    @classmethod
    def __get_validators__(cls) -> Iterator[Validator]:
        yield cls.validate

    @classmethod
    def validate(cls, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"yen must be a plain integer such as 3000000, got {value!r}")
        if value < 0:
            raise ValueError(f"yen must not be negative, got {value!r}")
        return int(value)


class IsoDate(date):
    """A calendar date written as an ISO date (2025-10-31)."""

    @classmethod
    def __get_validators__(cls) -> Iterator[Validator]:
        yield cls.validate

    @classmethod
    def validate(cls, value: Any) -> date:
        if isinstance(value, datetime):
            raise TypeError(f"expected a date without time, got {value!r}")
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise TypeError(f"expected an ISO date such as 2025-10-31, got {value!r}")


class PartialDate(str):
    """A source's date as precise as the source gives it: 2025, 2025-12 or 2025-12-03.

    Some secondary sources are dated only by year; writing a made-up day would claim a
    precision nobody has. Kept as the ISO-like text; ``first_day`` orders them.
    """

    _PATTERN = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")

    @classmethod
    def __get_validators__(cls) -> Iterator[Validator]:
        yield cls.validate

    @classmethod
    def validate(cls, value: Any) -> PartialDate:
        if isinstance(value, datetime):
            raise TypeError(f"expected a date without time, got {value!r}")
        if isinstance(value, date):
            return cls(value.isoformat())
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise TypeError(f"expected 2025, 2025-12 or 2025-12-03, got {value!r}")
        text = str(value).strip()
        match = cls._PATTERN.fullmatch(text)
        if not match:
            raise ValueError(f"expected 2025, 2025-12 or 2025-12-03, got {value!r}")
        year, month, day = (int(g) if g else 1 for g in match.groups())
        try:
            date(year, month, day)
        except ValueError as error:
            raise ValueError(f"invalid date {value!r} ({error})") from error
        return cls(text)

    @property
    def first_day(self) -> date:
        """The earliest day the text can mean (2025 → 2025-01-01)."""
        parts = [int(p) for p in self.split("-")] + [1, 1]
        return date(parts[0], parts[1], parts[2])


class Phone(str):
    """A Japanese phone number with hyphens, as printed (03-3581-1101)."""

    @classmethod
    def __get_validators__(cls) -> Iterator[Validator]:
        yield cls.validate

    @classmethod
    def validate(cls, value: Any) -> str:
        text = unicodedata.normalize("NFKC", str(value)).strip()
        digits = text.replace("-", "")
        if not _PHONE.fullmatch(text) or len(digits) not in (10, 11):
            raise ValueError(f"phone must look like 03-3581-1101, got {value!r}")
        return text


class Url(str):
    """An absolute http(s) URL."""

    @classmethod
    def __get_validators__(cls) -> Iterator[Validator]:
        yield cls.validate

    @classmethod
    def validate(cls, value: Any) -> str:
        if not isinstance(value, str) or not _URL.fullmatch(value.strip()):
            raise ValueError(f"expected an http(s) URL, got {value!r}")
        return value.strip()


class Identifier(str):
    """A lower-case snake_case id (squatting_support)."""

    @classmethod
    def __get_validators__(cls) -> Iterator[Validator]:
        yield cls.validate

    @classmethod
    def validate(cls, value: Any) -> str:
        if not isinstance(value, str) or not _IDENTIFIER.fullmatch(value):
            raise ValueError(f"id must be lower-case snake_case, got {value!r}")
        return value


def is_url(text: str) -> bool:
    """True if ``text`` is a URL rather than a brochure section heading."""
    return bool(_URL.fullmatch(text))
