"""「どの都道府県ですか」 as buttons: a region first, then its prefectures.

The regions are the usual eight 地方区分, which follow the JIS X 0401 code order of
``knowledge.prefectures.PREFECTURES`` (codes 1, 2–7, 8–14, 15–23, 24–30, 31–35, 36–39,
40–47), so the groups are slices of that list rather than a second table. They are for
finding a prefecture quickly, not the brochure's 経済産業局 regions.
"""

from __future__ import annotations

from typing import Optional

from actions.buttons import Button, stop_button
from knowledge.prefectures import PREFECTURES

_REGION_SLICES: tuple[tuple[str, int, int], ...] = (
    ("北海道", 0, 1),
    ("東北", 1, 7),
    ("関東", 7, 14),
    ("中部", 14, 23),
    ("近畿", 23, 30),
    ("中国", 30, 35),
    ("四国", 35, 39),
    ("九州・沖縄", 39, 47),
)
REGION_ALIASES = {"関西": "近畿", "九州": "九州・沖縄", "沖縄": "九州・沖縄", "東海": "中部"}


def region_names() -> list[str]:
    """The regions, north to south."""
    return [name for name, _, _ in _REGION_SLICES]


def canonical_region(text: str) -> Optional[str]:
    """「関西」 → 近畿, 「九州です」 → 九州・沖縄; None for anything else.

    Only short answers count: in a sentence, 「中国」 is far more often the country.
    """
    value = (text or "").strip()
    if value in region_names():
        return value
    if len(value) > 8:
        return None
    for name in [*REGION_ALIASES, *region_names()]:
        if name in value:
            return REGION_ALIASES.get(name, name)
    return None


def prefectures_in(region: str) -> list[str]:
    """The prefectures of one region, in code order."""
    for name, start, stop in _REGION_SLICES:
        if name == region:
            return [p.name for p in PREFECTURES[start:stop]]
    return []


def prefecture_button(prefecture: str) -> Button:
    return {"title": prefecture, "payload": f'/inform_prefecture{{"prefecture": "{prefecture}"}}'}


def region_buttons() -> list[Button]:
    """One button per region; 北海道 is a region of one prefecture, so it answers at once."""
    buttons = []
    for region in region_names():
        members = prefectures_in(region)
        if len(members) == 1:
            buttons.append(prefecture_button(members[0]))
        else:
            buttons.append({"title": region, "payload": f'/inform{{"region": "{region}"}}'})
    return [*buttons, stop_button()]


def prefecture_buttons(region: str) -> list[Button]:
    """The region's prefectures, then a way back to the regions and out."""
    back = {"title": "ほかの地方", "payload": '/inform{"region": "ほかの地方"}'}
    return [prefecture_button(p) for p in prefectures_in(region)] + [back, stop_button()]
