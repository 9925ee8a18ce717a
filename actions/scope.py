"""Is a dispute abroad at all? The JETRO programs cover overseas disputes only.

「メルカリで偽物が売られている」 or 「国内の同業者から内容証明が届いた」 look like the
counterfeit or warning-letter programs, but those pay for action abroad; a domestic case
is out of scope (the general IP desk helps). The words are few and stable, so they are
listed here rather than learned; a message that also names a country or 海外 is never
treated as domestic.
"""

from __future__ import annotations

from typing import Any

from knowledge.text import normalize

DISPUTE_PROGRAMS = ("counterfeit_support", "defense_support", "squatting_support")
_DOMESTIC = (
    "日本国内",
    "国内の",
    "国内で",
    "メルカリ",
    "ヤフオク",
    "ヤフーオークション",
    "楽天",
    "amazon.co.jp",
    "アマゾンジャパン",
    "内容証明",
    "日本の税関",
    # An import stop with no country named is Japanese customs' procedure, not a JETRO
    # program (「そっくりのロゴの商品は輸入差止できますか」).
    "輸入差止",
    "輸入差し止め",
    # Customs with no country named is Japan's (「コピー商品は税関で没収されますか」,
    # 「輸入したら差し止められてしまった」); a country or 海外 beside it is abroad.
    "税関",
    "差し止められ",
    "差止められ",
)
_ABROAD = ("海外", "かいがい", "外国", "現地", "国外", "輸出", "越境", "進出")


def says_any(text: str, words: tuple[str, ...]) -> bool:
    """One of ``words`` is in the text, both folded (width, kana, case)."""
    folded = normalize(text or "")
    return any(normalize(word) in folded for word in words)


def _in_japan_only(
    text: str, entities: list[dict[str, Any]], here: tuple[str, ...], abroad: tuple[str, ...]
) -> bool:
    """A word of ``here`` is in the text, and no country or word of ``abroad`` is."""
    if not says_any(text, here):
        return False
    if any(e.get("entity") == "country" for e in entities):
        return False
    return not says_any(text, abroad)


def abroad_named(text: str, entities: list[dict[str, Any]]) -> bool:
    """The message names a country or says abroad (海外, 現地, 進出...) in so many words."""
    if any(e.get("entity") == "country" for e in entities):
        return True
    return says_any(text, _ABROAD)


# A story the user read or heard about, not their own case (「ニュースで…という話を見ました。
# なぜ起きるんでしょうか」): a question about the world, which the programs do not answer.
_HEARSAY = ("ニュース", "記事", "という話", "話を見", "話を聞", "事例", "なぜ起き", "なんで起き")


def hearsay(text: str) -> bool:
    """The message tells someone else's case, seen in the news or an example."""
    return says_any(text, _HEARSAY)


def domestic_only(text: str, entities: list[dict[str, Any]]) -> bool:
    """The message places the dispute in Japan and nowhere abroad."""
    return _in_japan_only(text, entities, _DOMESTIC, _ABROAD)


FILING_PROGRAMS = ("foreign_filing_support", "inpit_filing_subsidy")
# 「日本で特許を取りたいけど費用が…」: the filing subsidies pay for filings abroad only.
_IN_JAPAN = ("日本で", "日本国内で", "国内で", "日本の特許庁に")


def domestic_filing(text: str, entities: list[dict[str, Any]]) -> bool:
    """The user wants a right in Japan and says nothing of abroad."""
    return _in_japan_only(text, entities, _IN_JAPAN, (*_ABROAD, "国際", "PCT", "パリ"))


def domestic_case(program_ids: list[str], text: str, entities: list[dict[str, Any]]) -> bool:
    """Out of scope because the matter is in Japan: a dispute here, or a right here."""
    if not program_ids:
        return False
    if set(program_ids) <= set(DISPUTE_PROGRAMS):
        return domestic_only(text, entities)
    if set(program_ids) <= set(FILING_PROGRAMS):
        return domestic_filing(text, entities)
    return False


DEFENCE_PROGRAM = "defense_support"
RECEIVED_CLAIMS = ("警告状", "訴訟")


def received_claim(text: str) -> bool:
    """A warning letter or lawsuit has reached the user (the desk's urgency rule, so
    「警告状を送りたい」 and 「訴えられたら」 do not count)."""
    from desk.urgency import assess_urgency

    return assess_urgency(text or "").reason in RECEIVED_CLAIMS


def with_defence_first(program_ids: list[str], text: str) -> list[str]:
    """「冒認…と思ったら、相手から警告書が届いた」: a claim against the user is defended
    first (防衛型), beside the squatting or counterfeit program the situation names."""
    if not program_ids or DEFENCE_PROGRAM in program_ids:
        return program_ids
    if program_ids[0] not in DISPUTE_PROGRAMS or not received_claim(text):
        return program_ids
    return [DEFENCE_PROGRAM, program_ids[0]]
