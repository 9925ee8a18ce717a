"""Cities and wards route like their prefecture; shared names are never guessed."""

from __future__ import annotations

import pytest

from knowledge.municipalities import find_city


@pytest.mark.parametrize(
    ("text", "area"),
    [
        ("浜松の工場です", "静岡県"),
        ("横浜市の会社", "神奈川県"),
        ("北九州です", "福岡県"),
        ("つくば市にあります", "茨城県"),
        ("鯖江の眼鏡メーカーです", "福井県"),
        ("港北区です", "神奈川県"),
        ("美浜区です", "千葉市"),  # a ward of 千葉市, which has its own organization
        ("はままつです", "静岡県"),
    ],
)
def test_a_city_or_ward_resolves_to_the_area_that_serves_it(text: str, area: str) -> None:
    city = find_city(text)
    assert city is not None and city.area == area


@pytest.mark.parametrize(
    "text", ["府中市です", "伊達市", "中央区", "北区", "警告状が届いた", "補助率は？"]
)
def test_shared_names_and_ordinary_words_resolve_to_nothing(text: str) -> None:
    assert find_city(text) is None
