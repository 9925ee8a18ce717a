"""What the conversation fuzzer types: every kind of turn a real user sends.

Real questions come from tests/nlu/real_questions.yml (written by people on public pages,
never trained on); the rest are follow-ups, in-form answers of every kind, typed fake
payloads and hostile or broken input.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
REAL_QUESTIONS = ROOT / "tests" / "nlu" / "real_questions.yml"

# Used when the real set is absent, and always mixed in: situations users describe.
STARTERS = (
    "警告状が届いた",
    "中国で商標を抜け駆け出願された",
    "外国出願の補助金、大阪だとどこに申し込むの？",
    "外国出願の補助金はどこに申し込む？",
    "補助額を試算したい",
    "うちが対象か診断して",
    "海外で偽物が売られていて困っています",
    "PCTの手数料を安くしたい",
    "海外の訴訟に備える保険はありますか",
    "拒絶理由通知の応答費用を補助してほしい",
    "何ができるの？",
    "人と話したい",
    "こんにちは",
)
FOLLOW_UPS = (
    "補助率は？",
    "締切は？",
    "問い合わせ先は？",
    "対象は？",
    "申請方法は？",
    "翻訳費も出る？",
    "で、いくらぐらい出るの？",
    "上限は？",
    "電話番号は？",
    "住所は？",
    "さっきの外国出願の方の上限は？",
)
FORM_ANSWERS = (
    "はい",
    "いいえ",
    "未定です",
    "まだ決まってない",
    "わかりません",
    "わからない",
    "やめる",
    "やめます",
    "火星です",
    "大阪です",
    "千葉市です",
    "ふくおか",
    "東京都",
    "浜松の工場です",
    "関東",
    "商標です",
    "特許",
    "デザイン",
    "150万円",
    "300万くらい",
    "0円",
    "ええと",
    "うーん、どうだろう",
    "それより警告状が届いたんですが",
    "ありがとう",
)
FAKE_PAYLOADS = (
    '/inform{"prefecture": "東京都"}',
    '/inform{"requested_slot": null}',
    '/inform{"right_type": "特許", "amount": "99999999999"}',
    '/ask_rate{"program": "defense_support"}',
    "/restart",
    "/session_start",
    "/nlu_fallback",
    "/faq",
    "/",
    '/inform{"prefecture": ',
    '/affirm{"is_sme": true}',
    "/ask_capabilities@0.1",
)
BROKEN = (
    "",
    "   ",
    "😀😀😀",
    "🙏",
    "<img src=x onerror=alert(1)>",
    "<script>alert('x')</script>こんにちは",
    "\u0000\u0001\u0002",
    "\u200b\u200b",
    "ｶﾞｲｺｸｼｭﾂｶﾞﾝ ﾉ ﾎｼﾞｮｷﾝ",
    "がいこくしゅつがんのほじょきん",
    "'; DROP TABLE events; --",
    "ア" * 20000,  # 60,000 bytes of katakana
    "補助" * 600,
    "a" * 5000,
)


def real_questions() -> list[str]:
    """The real questions' texts, or none when the set is absent."""
    if not REAL_QUESTIONS.exists():
        return []
    data = yaml.safe_load(REAL_QUESTIONS.read_text(encoding="utf-8")) or {}
    return [str(q["text"]) for q in data.get("questions") or [] if q.get("text")]


class TurnPicker:
    """Draws the next message, sometimes a button the bot just offered."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.questions = real_questions() + list(STARTERS)

    def first(self) -> str:
        return self.rng.choice(self.questions)

    def next(self, offered: list[str]) -> str:
        roll = self.rng.random()
        if offered and roll < 0.3:
            return self.rng.choice(offered)
        if roll < 0.5:
            return self.rng.choice(FORM_ANSWERS)
        if roll < 0.65:
            return self.rng.choice(FOLLOW_UPS)
        if roll < 0.8:
            return self.rng.choice(self.questions)
        if roll < 0.9:
            return self.rng.choice(FAKE_PAYLOADS)
        return self.rng.choice(BROKEN)
