"""Prefecture routing: all 47 prefectures, the ways users write them, 千葉市."""

from __future__ import annotations

import re
import unicodedata

import pytest

from knowledge import KnowledgeBase

ALL_47 = (
    "北海道 青森県 岩手県 宮城県 秋田県 山形県 福島県 茨城県 栃木県 群馬県 "
    "埼玉県 千葉県 東京都 神奈川県 新潟県 富山県 石川県 福井県 山梨県 長野県 "
    "岐阜県 静岡県 愛知県 三重県 滋賀県 京都府 大阪府 兵庫県 奈良県 和歌山県 "
    "鳥取県 島根県 岡山県 広島県 山口県 徳島県 香川県 愛媛県 高知県 福岡県 "
    "佐賀県 長崎県 熊本県 大分県 宮崎県 鹿児島県 沖縄県"
).split()
NOT_IMPLEMENTED = {"東京都", "長崎県", "大分県", "沖縄県"}


def brochure_phones(brochure: str) -> dict[str, str]:
    """Prefecture (or 千葉市) → phone, read from the brochure's table rows."""
    table = unicodedata.normalize("NFKC", brochure)
    table = table[table.index("局 都道府県") : table.index("コピー商品撲滅キャンペーン")]
    phones: dict[str, str] = {}
    previous = 0
    for match in re.finditer(r"0\d{1,4}-\d{1,4}-\d{4}", table):
        head = "".join(table[previous : match.start()].split())
        head = head[: head.index("(")]  # text before (公財)/(一社)
        previous = match.end()
        for area in (*ALL_47, "千葉市"):
            if head.endswith(area):
                phones[area] = match.group()
    return phones


def test_there_are_47_prefectures() -> None:
    assert len(ALL_47) == len(set(ALL_47)) == 47


@pytest.mark.parametrize("prefecture", ALL_47)
def test_every_prefecture_resolves(kb: KnowledgeBase, prefecture: str) -> None:
    match = kb.resolve_prefecture(prefecture)
    assert match.found and match.prefecture == prefecture and match.fiscal_year == 2025
    if prefecture in NOT_IMPLEMENTED:
        assert not match.implemented and match.organization is None
        assert "inpit_filing_subsidy" in [p.id for p in match.alternatives]
    else:
        assert match.implemented and not match.alternatives
        assert match.organization.prefecture == prefecture


def test_every_organization_phone_is_the_brochures(kb: KnowledgeBase, brochure: str) -> None:
    phones = brochure_phones(brochure)
    for org in kb.organizations:
        assert org.phone == phones[org.prefecture], org.prefecture


def test_chiba_prefecture_names_chiba_citys_own_organization(kb: KnowledgeBase) -> None:
    match = kb.resolve_prefecture("千葉県")
    assert match.see_also is not None and match.see_also.prefecture == "千葉市"
    assert kb.resolve_prefecture("千葉市").see_also is None


def test_brochure_table_has_43_prefectures_and_chiba_city(brochure: str) -> None:
    phones = brochure_phones(brochure)
    assert set(phones) == (set(ALL_47) - NOT_IMPLEMENTED) | {"千葉市"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("大阪", "大阪府"),
        ("大阪府", "大阪府"),
        ("おおさか", "大阪府"),
        ("オオサカ", "大阪府"),
        ("ｵｵｻｶ", "大阪府"),
        ("おおさかふ", "大阪府"),
        ("北海道", "北海道"),
        ("ほっかいどう", "北海道"),
        ("東京", "東京都"),
        ("東京都", "東京都"),
        ("とうきょう", "東京都"),
        ("京都", "京都府"),
        ("きょうと", "京都府"),
        ("かごしま", "鹿児島県"),
        ("カゴシマケン", "鹿児島県"),
        ("千葉市", "千葉市"),
        ("ちばし", "千葉市"),
        ("千葉", "千葉県"),
        ("千葉県", "千葉県"),
        ("ちば", "千葉県"),
        ("大阪府の会社です", "大阪府"),
        ("東京都の会社です", "東京都"),
        ("千葉市中央区にあります", "千葉市"),
        ("福岡の会社", "福岡県"),
        ("あいちです", "愛知県"),
        ("　愛知　", "愛知県"),
        ("なら", "奈良県"),
        ("みえ", "三重県"),
    ],
)
def test_written_forms_resolve(kb: KnowledgeBase, query: str, expected: str) -> None:
    match = kb.resolve_prefecture(query)
    assert match.found and match.prefecture == expected
    assert match.query == query


def test_chiba_city_is_not_chiba_prefecture(kb: KnowledgeBase) -> None:
    city = kb.resolve_prefecture("千葉市").organization
    prefecture = kb.resolve_prefecture("千葉").organization
    assert city.name == "（公財）千葉市産業振興財団" and city.phone == "043-201-9504"
    assert prefecture.name == "（公財）千葉県産業振興センター"
    assert prefecture.phone == "047-426-9200"


def test_tokyo_mentions_its_own_centre(kb: KnowledgeBase) -> None:
    assert "東京都知的財産総合センター" in kb.resolve_prefecture("東京").note


def test_organizations_carry_brochure_regions(kb: KnowledgeBase) -> None:
    regions = {org.prefecture: org.region for org in kb.organizations}
    assert regions["新潟県"] == "関東" and regions["福井県"] == "近畿"
    assert regions["千葉市"] == "関東" and regions["北海道"] == "北海道"
    fukushima = kb.resolve_prefecture("福島").organization
    assert fukushima.department == "技術支援部（テクノ・コム）"


@pytest.mark.parametrize(
    "query",
    ["アトランティス", "", "   ", "🍣🍣", "<b>大坂</b>", "x" * 5000, "ならべる"],
)
def test_unknown_names_are_not_found(kb: KnowledgeBase, query: str) -> None:
    match = kb.resolve_prefecture(query)
    assert not match.found
    assert match.prefecture is None and match.organization is None
    assert match.query == query
