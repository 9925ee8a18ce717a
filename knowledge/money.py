"""The one yen formatter: amounts as the brochure writes them (300万円, 1億2,000万円)."""

from __future__ import annotations

_MAN = 10_000
_OKU = 100_000_000


def yen(amount: int) -> str:
    """300万円, 1,500円, 1億円, 1億2,000万円, 1,234,567円, 0円."""
    if amount >= _OKU and amount % _MAN == 0:
        oku, man = divmod(amount // _MAN, _OKU // _MAN)
        return f"{oku:,}億{man:,}万円" if man else f"{oku:,}億円"
    if amount >= _MAN and amount % _MAN == 0:
        return f"{amount // _MAN:,}万円"
    return f"{amount:,}円"
