"""Personal data is masked before storing; urgency names warning letters, lawsuits, seizures."""

from __future__ import annotations

import pytest

from desk.masking import EMAIL_MASK, NAME_MASK, PHONE_MASK, mask_personal_data
from desk.urgency import HIGH, NORMAL, assess_urgency


@pytest.mark.parametrize(
    "text, secret, mask",
    [
        ("電話は03-1234-5678です", "03-1234-5678", PHONE_MASK),
        ("携帯０９０１２３４５６７８までお願いします", "09012345678", PHONE_MASK),
        ("+81-6-6748-1054 にかけてください", "6748-1054", PHONE_MASK),
        ("連絡先は taro.yamada@example.co.jp です", "taro.yamada@example.co.jp", EMAIL_MASK),
        ("株式会社ミドリの山田と申します", "山田", NAME_MASK),
        ("担当の佐藤様から聞きました", "佐藤", NAME_MASK),
        ("氏名：田中一郎", "田中一郎", NAME_MASK),
        ("ヤマダさんに相談しました", "ヤマダ", NAME_MASK),
    ],
)
def test_personal_data_is_masked(text: str, secret: str, mask: str) -> None:
    masked = mask_personal_data(text)
    assert secret not in masked and mask in masked


@pytest.mark.parametrize(
    "text",
    [
        "外国出願の補助金、大阪だとどこ？",
        "お客様から問い合わせがありました",
        "2025年10月31日で締め切りですか",
        "商標を100万円で出願したい",
    ],
)
def test_ordinary_text_is_kept(text: str) -> None:
    assert mask_personal_data(text) == text


@pytest.mark.parametrize(
    "text, reason",
    [
        ("中国の会社から警告状が届きました", "警告状"),
        ("アメリカで特許侵害の訴訟を起こされました", "訴訟"),
        ("税関で商品が差し止められた", "税関差止め"),
        ("12月10日までに回答しないといけません", "期限"),
        ("回答期限が迫っています", "期限"),
        ("ちゅうごくの かいしゃから けいこくじょうが きました", "警告状"),
        ("アマゾンで特許侵害の申し立てを受けて出品停止になりました", "警告状"),
        ("来週金曜までに反論しないといけません", "期限"),
        ("PCTの国内移行期限が12月末です", "期限"),
        ("14日以内に販売を中止しろと通知が来ました", "期限"),
    ],
)
def test_high_urgency_with_reason(text: str, reason: str) -> None:
    assert assess_urgency(text).level == HIGH and assess_urgency(text).reason == reason


@pytest.mark.parametrize(
    "text",
    [
        "外国出願の補助金について教えて",
        "申請の締め切りはいつですか",
        "人と話したい",
        "米国で訴えられた場合に備える保険はありますか",
        "まだ警告状は来ていません",
        "模倣品業者に警告状を送りたいのですが",
    ],
)
def test_normal_urgency(text: str) -> None:
    assert assess_urgency(text).level == NORMAL
