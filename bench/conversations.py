"""What virtual users say: realistic multi-turn conversations and the NLU latency corpus.

Turns come from the product brief's examples (follow-ups about the program under
discussion, prefecture routing, subsidy estimates) so that load exercises rules, forms and
the action server, not only NLU.
"""

from __future__ import annotations

from pathlib import Path

from bench.heldout import examples

CONVERSATIONS: tuple[tuple[str, ...], ...] = (
    ("こんにちは", "海外から警告状が届いた", "締切は？", "問い合わせ先は？"),
    ("外国出願の補助金を使いたい", "愛知です", "補助率は？"),
    ("中国で商標を抜け駆け出願された", "対象は？"),
    ("商標の外国出願で費用100万円、補助はいくら？",),
    ("模倣品が海外で売られている", "費用はどれくらい補助される？", "ありがとう"),
    ("PCT出願の手数料を安くしたい", "申請方法は？"),
    ("海外で訴えられたときの保険はありますか", "上限は？", "さようなら"),
    ("大阪の会社です。海外に意匠を出したい", "いつまでに申し込めばいい？"),
    ("補助金はいつもらえるの？", "人と話したい"),
    ("知財の相談窓口を教えて", "電話番号は？"),
)


def turns() -> list[str]:
    """Every turn of every conversation, in order."""
    return [text for conversation in CONVERSATIONS for text in conversation]


def nlu_corpus(heldout: Path, size: int) -> list[str]:
    """At least `size` messages of realistic length: held-out questions, then turns, cycled."""
    pool = [text for text, _ in examples(heldout)] + turns()
    return [pool[i % len(pool)] for i in range(size)]
