"""Mask personal data that users type (phone numbers, e-mail addresses, personal names).

Hand-written because no maintained library recognises Japanese personal names without a
large NER model; the patterns target how people introduce themselves in inquiries
(「山田と申します」「担当の佐藤様」「氏名：田中一郎」). Full-width digits, ＠ and dashes are
matched too; everything else is kept exactly as typed.
"""

from __future__ import annotations

import re

PHONE_MASK = "［電話番号］"
EMAIL_MASK = "［メール］"
NAME_MASK = "［氏名］"

_ALNUM = "A-Za-z0-9Ａ-Ｚａ-ｚ０-９"
_EMAIL = re.compile(rf"[{_ALNUM}._%+\-．＿]+[@＠][{_ALNUM}.\-．]+[.．][A-Za-zＡ-Ｚａ-ｚ]{{2,}}")
_DASH = r"[\s\-‐ー－−―]"
# 03-1234-5678, 0312345678, 090 1234 5678, +81-3-1234-5678, (03)1234-5678
_PHONE = re.compile(
    rf"(?<!\d)(?:[+＋]81{_DASH}?[(（]?[0０]?\d{{1,4}}[)）]?|[(（]?[0０]\d{{1,4}}[)）]?)"
    rf"{_DASH}?\d{{1,4}}{_DASH}?\d{{3,4}}(?!\d)"
)
# Shared with triage, which drops sign-off lines before parsing.
EMAIL_PATTERN, PHONE_PATTERN = _EMAIL, _PHONE
_NAME_CHARS = r"[一-龥々〆ヵヶァ-ヴー]"
_NAME = rf"{_NAME_CHARS}{{1,5}}(?:[ 　]?{_NAME_CHARS}{{1,5}})?"
# Words that sit before 様/さん but are no one's name.
_NOT_NAMES = {
    "客",
    "お客",
    "皆",
    "担当者",
    "担当",
    "先方",
    "相手",
    "弊社",
    "御社",
    "貴社",
    "神",
    "相談員",
    "窓口",
    "事務局",
    "会社",
    "企業",
    "代理人",
    "弁理士",
    "先生",
    "社長",
    "部長",
}
_NAME_PATTERNS = [
    # 山田と申します / 山田太郎といいます
    re.compile(rf"(?P<name>{_NAME})(?=(?:と申します|と申し|といいます|と言います))"),
    # 山田様 / ヤマダさん / 田中氏
    re.compile(rf"(?P<name>{_NAME})(?=(?:様|さま|さん|氏|殿))"),
    # 氏名：山田太郎 / 名前は山田 / 担当の佐藤 / 担当者：鈴木
    re.compile(
        rf"(?:氏名|名前|お名前|担当者?|私)(?:は|の|:|：|\s)\s*(?P<name>{_NAME})"
        rf"(?=(?:です|と申|$|[、。,.\s（(]))"
    ),
]


def mask_personal_data(text: str) -> str:
    """The text with phone numbers, e-mail addresses and personal names replaced."""
    text = text or ""
    text = _EMAIL.sub(EMAIL_MASK, text)
    text = _PHONE.sub(lambda m: PHONE_MASK if _digit_count(m.group()) >= 9 else m.group(), text)
    for pattern in _NAME_PATTERNS:
        text = pattern.sub(_mask_name, text)
    return text


def _digit_count(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _mask_name(match: re.Match[str]) -> str:
    name = match.group("name")
    if name in _NOT_NAMES or name.endswith(("会社", "企業", "事務局", "窓口")):
        return match.group(0)
    start, end = match.span("name")
    whole_start = match.start(0)
    prefix = match.group(0)[: start - whole_start]
    return prefix + NAME_MASK + match.group(0)[end - whole_start :]
